//! `mv suggest`: what a person could take on next — the vacant vacuums on
//! their projects that they have not filled before, the ones they liked
//! first — and who could buddy them on each.

use super::{Ctx, load};
use crate::error::Result;
use crate::{
    model::{
        Kind,
        memory::{Buddy, Dropped, Opening, projects_of, suggestions},
    },
    render::{Format, Grid, write_json},
    ui,
};
use serde_json::{Value as Json, json};
use std::{io::Write, process::ExitCode};

/// What PERSON could take on next, and who could buddy them.
///
/// The vacant vacuums on their projects (see `mv person edit --project`)
/// that they have not filled before, the ones they liked about an
/// exemplar project first, each with the people who have filled it, and
/// when and why they dropped it before, if they did.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv suggest alice
  mv suggest alice --format json"#)]
pub(crate) struct Args {
    /// For whom (a person's handle).
    person: String,
    /// Plain ASCII, no colour.
    #[arg(long)]
    ascii: bool,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(&[Format::Table, Format::Markdown, Format::Json]))]
    format: Format,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = args.format;
    let tracker = ctx.tracker()?;
    tracker.require(Kind::Person, &args.person)?;
    let loaded = load(&tracker, &Kind::ALL);
    let records = &loaded.records;
    let found = suggestions(records, &args.person);
    if format == Format::Json {
        let list: Vec<Json> = found.iter().map(as_json).collect();
        write_json(
            out,
            &json!({"person": args.person, "projects": projects_of(records, &args.person), "suggestions": list}),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        ui::note(&nothing_to_suggest(
            &projects_of(records, &args.person),
            &args.person,
        ));
        return Ok(ExitCode::SUCCESS);
    }
    // Said when one was dropped before, and why: the next conversation
    // starts from what changed since.
    let any_dropped = found.iter().any(|o| !o.dropped.is_empty());
    let mut headers = vec!["PROJECT", "VACUUM", "LIKED", "BUDDIES"];
    if any_dropped {
        headers.push("BEFORE");
    }
    let mut grid = Grid::new(headers);
    for o in &found {
        let mut row = vec![
            o.project.clone(),
            o.vacuum.clone(),
            if o.liked { "yes" } else { "" }.to_owned(),
            o.buddies
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("; "),
        ];
        if any_dropped {
            row.push(
                o.dropped
                    .iter()
                    .map(Dropped::describe)
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        grid.push(row);
    }
    if any_dropped {
        grid.footer.push(format!(
            "BEFORE: {} stepped back from it before (allowed, and forgiven); ask what has changed since",
            args.person
        ));
    }
    grid.footer.push(format!(
        "Start with the most comfortable one: mv fill {} VACUUM --project PROJECT --buddy HANDLE",
        args.person
    ));
    grid.write(out, format, ctx.table_style(args.ascii))?;
    Ok(ExitCode::SUCCESS)
}

fn nothing_to_suggest(projects: &[String], person: &str) -> String {
    if projects.is_empty() {
        format!(
            "{person} is on no project yet: set theirs with `mv person edit {person} --project SLUG`"
        )
    } else {
        format!(
            "nothing vacant on {} that {person} has not filled before",
            projects.join(", ")
        )
    }
}

/// A buddy in a few words: `bob (3 reps, last comfort 4/5)`,
/// `dave (tech lead on payments)`.
pub(crate) fn describe(b: &Buddy) -> String {
    let mut what: Vec<String> = Vec::new();
    if b.experienced() {
        let s = if b.reps == 1 { "" } else { "s" };
        what.push(format!("{} rep{s}", b.reps));
        if let Some(c) = b.last_comfort {
            what.push(format!("last comfort {c}/5"));
        }
        if b.done > 0 {
            what.push(format!("{} done", b.done));
        }
    }
    if let Some(p) = &b.lead_of {
        what.push(format!("tech lead on {p}"));
    }
    format!("{} ({})", b.handle, what.join(", "))
}

fn as_json(o: &Opening) -> Json {
    let buddies: Vec<Json> = o
        .buddies
        .iter()
        .map(|b| {
            json!({"handle": b.handle, "reps": b.reps, "last_comfort": b.last_comfort, "done": b.done, "tech_lead_of": b.lead_of})
        })
        .collect();
    let dropped: Vec<Json> = o
        .dropped
        .iter()
        .map(|d| json!({"id": d.id, "project": d.project, "ended": d.ended.map(|e| e.to_string()), "why": d.why}))
        .collect();
    json!({"project": o.project, "vacuum": o.vacuum, "liked": o.liked, "buddies": buddies, "dropped_before": dropped})
}
