//! `mv table`: the view the product is named for. Rows are projects,
//! columns are vacuums, each cell names who is filling it (with buddy and
//! rep count); vacant cells stand out. `--by person` gives people × vacuums.

use super::{Ctx, load};
use crate::error::Result;
use crate::{
    model::{Commitment, CommitmentStatus, Kind, Project, Records, Vacuum, table::columns},
    render::{Format, Grid, GridCell, Tone, fit, write_json},
};
use serde_json::{Value as Json, json};
use std::{collections::BTreeMap, io::Write, process::ExitCode};

/// Who fills which vacuum on which project, and which vacuums are vacant.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv table
  mv table --by person --status active"#)]
pub(crate) struct Args {
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
    /// Every vacuum of the catalog as a column (by default only those a
    /// project needs or someone fills), archived records and dropped
    /// commitments.
    #[arg(long)]
    all: bool,
    /// Plain ASCII, no colour.
    #[arg(long)]
    ascii: bool,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(super::args::GRID))]
    format: Format,
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

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = args.format;
    let tracker = ctx.tracker()?;
    let loaded = load(
        &tracker,
        &[Kind::Person, Kind::Project, Kind::Vacuum, Kind::Commitment],
    );
    for (kind, values) in [
        (Kind::Project, &args.project),
        (Kind::Person, &args.person),
        (Kind::Vacuum, &args.vacuum),
    ] {
        for v in values {
            tracker.require(kind, v)?;
        }
    }
    let records = &loaded.records;
    let commitments: Vec<&Commitment> = records
        .commitments
        .iter()
        .filter(|c| args.wants(c))
        .collect();
    let rows = match args.by {
        By::Project => project_rows(records, &args, &commitments),
        By::Person => person_rows(records, &args, &commitments),
    };
    let vacuums = shown_vacuums(records, &args, &rows, &commitments);
    if rows.rows.is_empty() && format != Format::Json {
        writeln!(out, "{}", nothing_to_show(records, &args))?;
        return Ok(ExitCode::SUCCESS);
    }
    // JSON is built only when asked for: at team scale it costs more than the table.
    let mut view = build(rows, &vacuums, &commitments, format == Format::Json);
    if format == Format::Json {
        write_json(out, &view.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    if records.commitments.is_empty() {
        view.grid.footer.push(
            "Nobody fills a vacuum yet: after a 1:1, `mv log PERSON --fill VACUUM@PROJECT`, or `mv fill PERSON VACUUM@PROJECT`."
                .to_owned(),
        );
    }
    let style = ctx.table_style(args.ascii);
    let grid = match format {
        Format::Table => fit(view.grid, style),
        _ => view.grid,
    };
    grid.write(out, format, style)?;
    Ok(ExitCode::SUCCESS)
}

/// The columns: the vacuums asked for with --vacuum, every one with
/// --all, else those a project on the table needs or someone fills.
fn shown_vacuums<'r>(
    records: &'r Records,
    args: &Args,
    rows: &Rows<'_>,
    commitments: &[&Commitment],
) -> Vec<&'r str> {
    let catalog: Vec<&Vacuum> = records
        .vacuums
        .values()
        .filter(|v| args.all || !v.is_archived())
        .filter(|v| args.vacuum.is_empty() || args.vacuum.contains(&v.slug))
        .collect();
    let projects: Vec<&Project> = records
        .projects
        .values()
        .filter(|p| match rows.by {
            "project" => rows.rows.iter().any(|(key, _, _)| *key == p.slug),
            _ => !p.is_archived() && (args.project.is_empty() || args.project.contains(&p.slug)),
        })
        .collect();
    let every = args.all || !args.vacuum.is_empty();
    columns(&catalog, &projects, commitments, every)
}

/// What an empty table says instead: what to do next.
fn nothing_to_show(records: &Records, args: &Args) -> &'static str {
    match args.by {
        By::Project if records.projects.is_empty() => {
            "No projects yet: add one with `mv project add SLUG --needs sprint-planning,status-email`, then people with `mv person add HANDLE`."
        }
        By::Person if records.people.is_empty() => {
            "No people yet: add one with `mv person add HANDLE --name \"Their Name\"`."
        }
        _ => {
            "Nothing matches these filters (`mv project list` and `mv person list` show what is on record)."
        }
    }
}

/// One row: its key, display name and totals as (header, value).
type Row<'r> = (&'r str, &'r str, Vec<(&'static str, usize)>);

/// Whether a row's project needs a vacuum (so an empty cell is VACANT).
type Needs<'r> = Box<dyn Fn(&str, &str) -> bool + 'r>;

/// Which rows a table has and how their cells read.
struct Rows<'r> {
    /// `"project"` or `"person"`.
    by: &'static str,
    /// (row key, display name, totals as (header, value)).
    rows: Vec<Row<'r>>,
    /// The headers of the totals columns at the end.
    totals: &'static [&'static str],
    /// Whether a vacuum the row's project does not need shows `-`.
    needs: Needs<'r>,
    /// A commitment's text in a cell.
    filler: fn(&Commitment) -> String,
    /// Which row a commitment belongs to.
    row_of: fn(&Commitment) -> &str,
    /// The legend under the table.
    legend: Option<&'static str>,
}

struct View {
    grid: Grid,
    json: Json,
}

fn project_rows<'r>(records: &'r Records, args: &Args, commitments: &[&Commitment]) -> Rows<'r> {
    let rows = records
        .projects
        .values()
        .filter(|p| args.all || !p.is_archived())
        .filter(|p| args.project.is_empty() || args.project.contains(&p.slug))
        .filter(|p| {
            args.person.is_empty() || commitments.iter().any(|c| c.project.get_ref() == &p.slug)
        })
        .map(|p| (p.slug.as_str(), p.display_name(), Vec::new()))
        .collect();
    Rows {
        by: "project",
        rows,
        totals: &[],
        needs: Box::new(|project, vacuum| {
            records
                .projects
                .get(project)
                .is_some_and(|p| p.needs(vacuum))
        }),
        filler: |c| filler_text(c, c.person.get_ref()),
        row_of: |c| c.project.get_ref(),
        legend: Some("VACANT: needed, nobody fills it; -: not needed; +NAME: buddy"),
    }
}

fn person_rows<'r>(records: &'r Records, args: &Args, commitments: &[&Commitment]) -> Rows<'r> {
    // Per person: (active, done) over all their commitments, the active
    // ones they buddy (buddying is leadership too), and reps over the ones
    // shown.
    let mut totals: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for c in &records.commitments {
        let t = totals.entry(c.person.get_ref()).or_default();
        match c.status() {
            CommitmentStatus::Active => t[0] += 1,
            CommitmentStatus::Done => t[1] += 1,
            _ => {}
        }
        if *c.status() == CommitmentStatus::Active
            && let Some(buddy) = &c.buddy
        {
            totals.entry(buddy.get_ref()).or_default()[2] += 1;
        }
    }
    for c in commitments {
        totals.entry(c.person.get_ref()).or_default()[3] += c.reps();
    }
    let rows = records
        .people
        .values()
        .filter(|p| args.all || !p.is_archived())
        .filter(|p| args.person.is_empty() || args.person.contains(&p.handle))
        .map(|p| {
            let [active, done, buddying, reps] =
                totals.get(p.handle.as_str()).copied().unwrap_or_default();
            let t = vec![
                ("ACTIVE", active),
                ("DONE", done),
                ("BUDDYING", buddying),
                ("REPS", reps),
            ];
            (p.handle.as_str(), p.display_name(), t)
        })
        .collect();
    Rows {
        by: "person",
        rows,
        totals: &["ACTIVE", "DONE", "BUDDYING", "REPS"],
        needs: Box::new(|_, _| false),
        filler: |c| {
            let comfort = c
                .last_comfort()
                .map(|k| format!(", comfort {k}/5"))
                .unwrap_or_default();
            format!(
                "{} {}{comfort}{}",
                c.project.get_ref(),
                reps(c.reps()),
                status_note(c)
            )
        },
        row_of: |c| c.person.get_ref(),
        legend: None,
    }
}

/// The one grid builder of both views: a row per `rows`, a column per
/// vacuum, each cell the commitments of that row and vacuum.
fn build(rows: Rows<'_>, vacuums: &[&str], commitments: &[&Commitment], as_json: bool) -> View {
    let mut cells: BTreeMap<(&str, &str), Vec<&Commitment>> = BTreeMap::new();
    for &c in commitments {
        cells
            .entry(((rows.row_of)(c), c.vacuum.get_ref().as_str()))
            .or_default()
            .push(c);
    }
    let mut grid = Grid::new(
        std::iter::once(rows.by.to_uppercase())
            .chain(vacuums.iter().map(|v| (*v).to_owned()))
            .chain(rows.totals.iter().map(|t| (*t).to_owned())),
    );
    let mut json_rows = Vec::new();
    for (key, name, row_totals) in &rows.rows {
        let mut row = vec![GridCell::from(*key)];
        let mut json_cells = serde_json::Map::new();
        for v in vacuums {
            let fillers = cells
                .get(&(*key, *v))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let needed = (rows.needs)(key, v);
            row.push(cell(fillers, needed, rows.by == "project", rows.filler));
            if as_json {
                let list: Vec<Json> = fillers.iter().map(|c| filler_json(c)).collect();
                let value = match rows.by {
                    "project" => {
                        json!({"needed": needed, "vacant": needed && fillers.is_empty(), "fillers": list})
                    }
                    _ => Json::Array(list),
                };
                json_cells.insert((*v).to_owned(), value);
            }
        }
        row.extend(
            row_totals
                .iter()
                .map(|(_, n)| GridCell::from(n.to_string())),
        );
        grid.push(row);
        if as_json {
            let mut r = json!({rows.by: key, "name": name});
            for (header, n) in row_totals {
                r[header.to_lowercase()] = json!(n);
            }
            r["cells"] = Json::Object(json_cells);
            json_rows.push(r);
        }
    }
    grid.footer.extend(rows.legend.map(str::to_owned));
    View {
        grid,
        json: json!({"by": rows.by, "vacuums": vacuums, "rows": json_rows}),
    }
}

fn cell(
    fillers: &[&Commitment],
    needed: bool,
    marks_vacant: bool,
    filler: fn(&Commitment) -> String,
) -> GridCell {
    if !fillers.is_empty() {
        let text = fillers
            .iter()
            .map(|c| filler(c))
            .collect::<Vec<_>>()
            .join("\n");
        GridCell::toned(text, Tone::Good)
    } else if needed && marks_vacant {
        GridCell::toned("VACANT", Tone::Alert)
    } else {
        GridCell::toned("-", Tone::Dim)
    }
}

fn filler_json(c: &Commitment) -> Json {
    json!({
        "person": c.person.get_ref(), "buddy": c.buddy.as_ref().map(|b| b.get_ref()),
        "project": c.project.get_ref(), "vacuum": c.vacuum.get_ref(),
        "status": c.status().as_str(), "reps": c.reps(), "comfort": c.last_comfort(), "id": c.id.short(),
    })
}

fn reps(n: usize) -> String {
    format!("{n} rep{}", if n == 1 { "" } else { "s" })
}

fn status_note(c: &Commitment) -> String {
    match c.status() {
        CommitmentStatus::Active => String::new(),
        other => format!(" ({other})"),
    }
}

fn filler_text(c: &Commitment, who: &str) -> String {
    let buddy = c.buddy().map(|b| format!(" +{b}")).unwrap_or_default();
    format!("{who}{buddy}, {}{}", reps(c.reps()), status_note(c))
}
