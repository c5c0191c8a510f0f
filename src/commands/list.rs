//! `mv list`: commitments with their IDs, the IDs every other commitment
//! command takes.

use super::{Ctx, load};
use crate::error::Result;
use crate::{
    model::{
        Commitment, CommitmentStatus, Kind,
        listing::{CommitmentFilter, select},
    },
    render::{Format, Grid, GridCell, Tone, printable, write_json},
};
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// Commitments and their IDs (for checkin, done, drop, edit, show).
///
/// Open ones first, the next check-in first; then done and dropped ones.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv list --person alice
  id=$(mv list --person alice --vacuum sprint-planning --status active -q)   (for scripts)"#)]
pub(crate) struct Args {
    /// Only these people's (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    person: Vec<String>,
    /// Only on these projects.
    #[arg(long, value_delimiter = ',')]
    project: Vec<String>,
    /// Only of these vacuums.
    #[arg(long, value_delimiter = ',')]
    vacuum: Vec<String>,
    /// Only with this status.
    #[arg(long, value_enum)]
    status: Option<Status>,
    /// Print only the IDs, one a line.
    #[arg(long, short)]
    quiet: bool,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(super::args::GRID))]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Status {
    Active,
    Done,
    Dropped,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = args.format;
    let tracker = ctx.tracker()?;
    for (kind, names) in [
        (Kind::Person, &args.person),
        (Kind::Project, &args.project),
        (Kind::Vacuum, &args.vacuum),
    ] {
        for name in names {
            tracker.require(kind, name)?;
        }
    }
    let loaded = load(&tracker, &[Kind::Commitment]);
    let filter = CommitmentFilter {
        people: args.person,
        projects: args.project,
        vacuums: args.vacuum,
        status: args.status.map(|s| match s {
            Status::Active => CommitmentStatus::Active,
            Status::Done => CommitmentStatus::Done,
            Status::Dropped => CommitmentStatus::Dropped,
        }),
    };
    let every = loaded.records.default_every();
    let listed = select(&loaded.records, &filter);
    if args.quiet {
        for c in &listed {
            writeln!(out, "{}", printable(c.id.short()))?;
        }
    } else if format == Format::Json {
        let rows: Vec<_> = listed.iter().map(|c| as_json(c, every)).collect();
        write_json(out, &rows)?;
    } else if listed.is_empty() {
        writeln!(out, "no commitments{}", filtered(&filter))?;
    } else {
        grid(&listed, every).write(out, format, ctx.table_style(false))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// " match these filters" when some were given.
fn filtered(filter: &CommitmentFilter) -> &'static str {
    let any = !filter.people.is_empty()
        || !filter.projects.is_empty()
        || !filter.vacuums.is_empty()
        || filter.status.is_some();
    if any {
        " match these filters"
    } else {
        " yet: `mv log PERSON --fill VACUUM@PROJECT` or `mv fill` makes one"
    }
}

fn grid(listed: &[&Commitment], every: crate::model::Cadence) -> Grid {
    let mut grid = Grid::new([
        "ID", "PERSON", "VACUUM", "PROJECT", "STATUS", "REPS", "COMFORT", "NEXT",
    ]);
    for c in listed {
        let status = match c.status() {
            CommitmentStatus::Active => GridCell::toned("active", Tone::Good),
            other => GridCell::toned(other.as_str(), Tone::Dim),
        };
        grid.push([
            GridCell::from(c.id.short()),
            c.person.get_ref().as_str().into(),
            c.vacuum.get_ref().as_str().into(),
            c.project.get_ref().as_str().into(),
            status,
            c.reps().to_string().into(),
            c.last_comfort()
                .map_or_else(|| "-".to_owned(), |k| format!("{k}/5"))
                .into(),
            c.due_on(every)
                .map_or_else(|| "-".to_owned(), |d| d.to_string())
                .into(),
        ]);
    }
    grid
}

fn as_json(c: &Commitment, every: crate::model::Cadence) -> serde_json::Value {
    json!({
        "id": c.id.short(), "person": c.person.get_ref(), "vacuum": c.vacuum.get_ref(),
        "project": c.project.get_ref(), "status": c.status().as_str(), "buddy": c.buddy(),
        "started": c.started.to_string(), "reps": c.reps(), "comfort": c.last_comfort(),
        "next_checkin": c.due_on(every).map(|d| d.to_string()),
        "ended": c.ended.map(|d| d.to_string()),
    })
}
