//! `mv table`: the view the product is named for. Rows are projects,
//! columns are vacuums, each cell names who is filling it (with buddy and
//! rep count); vacant cells stand out. `--by person` gives people × vacuums.

use super::{Ctx, load};
use crate::{
    cli::Format,
    model::{Commitment, CommitmentStatus},
    render::{Grid, GridCell, TableStyle, Tone, write_json},
    store::{Kind, Records},
};
use anyhow::Result;
use serde_json::{Value as Json, json};
use std::{collections::BTreeMap, io::Write, process::ExitCode};

/// Who fills which vacuum on which project, and which vacuums are vacant.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rows: projects (default) or people.
    #[arg(long, value_enum, default_value_t = By::Project)]
    by: By,
    /// Only these projects (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    project: Vec<String>,
    /// Only commitments of these people.
    #[arg(long, value_delimiter = ',')]
    person: Vec<String>,
    /// Only these vacuums.
    #[arg(long, value_delimiter = ',')]
    vacuum: Vec<String>,
    /// Only commitments with this status (default: active and done).
    #[arg(long, value_enum)]
    status: Option<StatusFilter>,
    /// Include archived records and dropped commitments.
    #[arg(long)]
    all: bool,
    /// Plain ASCII, no colour.
    #[arg(long)]
    ascii: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    Project,
    Person,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusFilter {
    Active,
    Done,
    Dropped,
}

impl Args {
    fn wants(&self, c: &Commitment) -> bool {
        let status_ok = match self.status {
            Some(StatusFilter::Active) => c.status() == &CommitmentStatus::Active,
            Some(StatusFilter::Done) => c.status() == &CommitmentStatus::Done,
            Some(StatusFilter::Dropped) => c.status() == &CommitmentStatus::Dropped,
            // A done commitment still fills its vacuum: the person now does
            // the job. A dropped one leaves it vacant again.
            None => {
                self.all
                    || matches!(
                        c.status(),
                        CommitmentStatus::Active | CommitmentStatus::Done
                    )
            }
        };
        status_ok
            && (self.person.is_empty() || self.person.contains(c.person.get_ref()))
            && (self.project.is_empty() || self.project.contains(c.project.get_ref()))
            && (self.vacuum.is_empty() || self.vacuum.contains(c.vacuum.get_ref()))
    }
}

pub fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let records = load(
        &tracker,
        &[Kind::Person, Kind::Project, Kind::Vacuum, Kind::Commitment],
    );
    for (kind, values) in [
        (Kind::Project, &args.project),
        (Kind::Person, &args.person),
        (Kind::Vacuum, &args.vacuum),
    ] {
        for v in values {
            super::lookup::existing(&tracker, kind, v)?;
        }
    }
    let vacuums: Vec<&str> = records
        .vacuums
        .values()
        .filter(|v| args.all || !v.is_archived())
        .filter(|v| args.vacuum.is_empty() || args.vacuum.contains(&v.slug))
        .map(|v| v.slug.as_str())
        .collect();
    let commitments: Vec<&Commitment> = records
        .commitments
        .iter()
        .filter(|c| args.wants(c))
        .collect();
    // JSON is built only when asked for: at team scale it costs more than the table.
    let as_json = ctx.format == Format::Json;
    let view = match args.by {
        By::Project => by_project(&records, &args, &vacuums, &commitments, as_json),
        By::Person => by_person(&records, &args, &vacuums, &commitments, as_json),
    };
    if ctx.format == Format::Json {
        write_json(out, &view.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let style = ctx.table_style(args.ascii);
    let grid = if ctx.format == Format::Table {
        fit(view.grid, style)
    } else {
        view.grid
    };
    grid.write(out, ctx.format, style)?;
    Ok(ExitCode::SUCCESS)
}

struct View {
    grid: Grid,
    json: Json,
}

fn filler_json(c: &Commitment) -> Json {
    json!({
        "person": c.person.get_ref(), "buddy": c.buddy.as_ref().map(|b| b.get_ref()),
        "project": c.project.get_ref(), "vacuum": c.vacuum.get_ref(),
        "status": c.status().as_str(), "reps": c.reps(), "comfort": c.last_comfort(), "id": c.suffix(),
    })
}

fn reps(n: usize) -> String {
    format!("{n} rep{}", if n == 1 { "" } else { "s" })
}

fn filler_text(c: &Commitment, who: &str) -> String {
    let mut s = who.to_owned();
    if let Some(b) = c.buddy.as_ref().filter(|b| !b.get_ref().is_empty()) {
        s.push_str(&format!(" +{}", b.get_ref()));
    }
    s.push_str(&format!(", {}", reps(c.reps())));
    if c.status() != &CommitmentStatus::Active {
        s.push_str(&format!(" ({})", c.status()));
    }
    s
}

/// Commitments by (row, vacuum): the cells of a table whose rows `row` names.
fn group<'c>(
    commitments: &[&'c Commitment],
    row: impl Fn(&'c Commitment) -> &'c str,
) -> BTreeMap<(&'c str, &'c str), Vec<&'c Commitment>> {
    let mut cells: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for &c in commitments {
        cells
            .entry((row(c), c.vacuum.get_ref().as_str()))
            .or_default()
            .push(c);
    }
    cells
}

fn by_project(
    records: &Records,
    args: &Args,
    vacuums: &[&str],
    commitments: &[&Commitment],
    as_json: bool,
) -> View {
    let cells = group(commitments, |c| c.project.get_ref());
    let mut grid = Grid::new(std::iter::once("PROJECT").chain(vacuums.iter().copied()));
    let mut rows = Vec::new();
    for p in records.projects.values() {
        if (!args.all && p.is_archived())
            || (!args.project.is_empty() && !args.project.contains(&p.slug))
        {
            continue;
        }
        if !args.person.is_empty() && !commitments.iter().any(|c| c.project.get_ref() == &p.slug) {
            continue;
        }
        let mut row = vec![GridCell::from(p.slug.as_str())];
        let mut json_cells = serde_json::Map::new();
        for v in vacuums {
            let fillers = cells
                .get(&(p.slug.as_str(), *v))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let needed = p.needs(v);
            let cell = if !fillers.is_empty() {
                let text = fillers
                    .iter()
                    .map(|c| filler_text(c, c.person.get_ref()))
                    .collect::<Vec<_>>()
                    .join("\n");
                GridCell::toned(text, Tone::Good)
            } else if needed {
                GridCell::toned("VACANT", Tone::Alert)
            } else {
                GridCell::toned("-", Tone::Dim)
            };
            row.push(cell);
            if as_json {
                json_cells.insert(
                    (*v).to_owned(),
                    json!({"needed": needed, "vacant": needed && fillers.is_empty(), "fillers": fillers.iter().map(|c| filler_json(c)).collect::<Vec<_>>()}),
                );
            }
        }
        grid.push(row);
        if as_json {
            rows.push(json!({"project": p.slug, "name": p.display_name(), "cells": json_cells}));
        }
    }
    grid.footer
        .push("VACANT: needed, nobody fills it; -: not needed; +NAME: buddy".into());
    View {
        grid,
        json: json!({"by": "project", "vacuums": vacuums, "rows": rows}),
    }
}

fn by_person(
    records: &Records,
    args: &Args,
    vacuums: &[&str],
    commitments: &[&Commitment],
    as_json: bool,
) -> View {
    let cells = group(commitments, |c| c.person.get_ref());
    // Per person: (active, done) over all their commitments, and reps over
    // the ones shown.
    let mut totals: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for c in &records.commitments {
        let t = totals.entry(c.person.get_ref()).or_default();
        match c.status() {
            CommitmentStatus::Active => t.0 += 1,
            CommitmentStatus::Done => t.1 += 1,
            _ => {}
        }
    }
    for c in commitments {
        totals.entry(c.person.get_ref()).or_default().2 += c.reps();
    }
    let mut grid = Grid::new(
        std::iter::once("PERSON")
            .chain(vacuums.iter().copied())
            .chain(["ACTIVE", "DONE", "REPS"]),
    );
    let mut rows = Vec::new();
    for p in records.people.values() {
        if (!args.all && p.is_archived())
            || (!args.person.is_empty() && !args.person.contains(&p.handle))
        {
            continue;
        }
        let (active, done, total_reps) = totals.get(p.handle.as_str()).copied().unwrap_or_default();
        let mut row = vec![GridCell::from(p.handle.as_str())];
        let mut json_cells = serde_json::Map::new();
        for v in vacuums {
            let fillers = cells
                .get(&(p.handle.as_str(), *v))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let text = fillers
                .iter()
                .map(|c| {
                    let comfort = c
                        .last_comfort()
                        .map(|k| format!(", comfort {k}/5"))
                        .unwrap_or_default();
                    let status = if c.status() == &CommitmentStatus::Active {
                        String::new()
                    } else {
                        format!(" ({})", c.status())
                    };
                    format!(
                        "{} {}{comfort}{status}",
                        c.project.get_ref(),
                        reps(c.reps())
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            let tone = if fillers.is_empty() {
                Tone::Dim
            } else {
                Tone::Good
            };
            row.push(GridCell::toned(
                if text.is_empty() {
                    "-".to_owned()
                } else {
                    text
                },
                tone,
            ));
            if as_json {
                json_cells.insert(
                    (*v).to_owned(),
                    Json::Array(fillers.iter().map(|c| filler_json(c)).collect()),
                );
            }
        }

        row.extend([
            active.to_string().into(),
            done.to_string().into(),
            total_reps.to_string().into(),
        ]);
        grid.push(row);
        if as_json {
            rows.push(json!({"person": p.handle, "name": p.display_name(), "active": active, "done": done, "reps": total_reps, "cells": json_cells}));
        }
    }
    View {
        grid,
        json: json!({"by": "person", "vacuums": vacuums, "rows": rows}),
    }
}

/// Fits a terminal table to the width: as it is when it fits; else
/// transposed when that fits; else with abbreviated vacuum headers and a
/// legend, letting comfy-table wrap the cells.
fn fit(grid: Grid, style: TableStyle) -> Grid {
    let Some(width) = style.width.map(usize::from) else {
        return grid;
    };
    if natural_width(&grid) <= width {
        return grid;
    }
    let transposed = transpose(&grid);
    if natural_width(&transposed) <= width {
        return transposed;
    }
    abbreviate(grid)
}

fn natural_width(grid: &Grid) -> usize {
    let mut widths: Vec<usize> = grid.headers.iter().map(|h| h.chars().count()).collect();
    for row in &grid.rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell
                .text
                .lines()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            if let Some(slot) = widths.get_mut(i) {
                *slot = (*slot).max(w);
            }
        }
    }
    widths.iter().map(|w| w + 3).sum::<usize>() + 1
}

fn transpose(grid: &Grid) -> Grid {
    let kept = grid.headers.len().saturating_sub(trailing_totals(grid));
    let mut out = Grid::new(
        std::iter::once(String::new()).chain(grid.rows.iter().map(|r| r[0].text.clone())),
    );
    out.headers[0] = "VACUUM".into();
    for col in 1..kept {
        let mut row = vec![GridCell::from(grid.headers[col].as_str())];
        row.extend(grid.rows.iter().map(|r| r[col].clone()));
        out.rows.push(row);
    }
    out.footer = grid.footer.clone();
    out
}

/// The number of summary columns at the end (`--by person`).
fn trailing_totals(grid: &Grid) -> usize {
    if grid.headers.last().is_some_and(|h| h == "REPS") {
        3
    } else {
        0
    }
}

fn abbreviate(mut grid: Grid) -> Grid {
    let end = grid.headers.len() - trailing_totals(&grid);
    let mut used: Vec<String> = Vec::new();
    let mut legend = Vec::new();
    for header in &mut grid.headers[1..end] {
        let initials: String = header
            .split('-')
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase();
        let mut short = if initials.len() >= 2 {
            initials
        } else {
            header.chars().take(2).collect::<String>().to_uppercase()
        };
        let base = short.clone();
        let mut n = 2;
        while used.contains(&short) {
            short = format!("{base}{n}");
            n += 1;
        }
        used.push(short.clone());
        legend.push(format!("{short}={header}"));
        *header = short;
    }
    for row in &mut grid.rows {
        for cell in &mut row[1..end] {
            if cell.text == "VACANT" {
                cell.text = "open".into();
            }
        }
    }
    grid.footer
        .insert(0, format!("vacuums: {}", legend.join(", ")));
    grid.compact = true;
    grid
}
