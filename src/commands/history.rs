//! `mv history`: the coaching log, from git history.

use super::Ctx;
use crate::error::Result;
use crate::{
    error::hinted,
    render::{Format, Grid, write_json},
    store::{HistoryEntry, Target},
};
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// The coaching log from git history: who did what, when.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv history alice
  mv history payments -n 20"#)]
pub(crate) struct Args {
    /// Only what concerns this person, project, vacuum or commitment ID.
    target: Option<String>,
    /// Show at most this many entries.
    #[arg(long, short = 'n')]
    limit: Option<usize>,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(super::args::GRID))]
    format: Format,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = args.format;
    let tracker = ctx.tracker()?;
    let target = match &args.target {
        Some(t) => tracker.history_target(t).ok_or_else(|| {
            hinted(
                format!("{t:?} is not a person, project, vacuum or commitment ID"),
                "`mv person list`, `mv project list` and `mv vacuum list` show the names, `mv list` the commitment IDs",
            )
        })?,
        None => Target::All,
    };
    let entries = tracker.history(&target, args.limit)?;
    match format {
        Format::Json => write_json(out, &entries.iter().map(as_json).collect::<Vec<_>>())?,
        format => {
            let mut grid = Grid::new(["DATE", "AUTHOR", "WHAT"]);
            for e in &entries {
                grid.push([date(e), e.commit.author.clone(), what(e)]);
            }
            grid.write(out, format, ctx.table_style(false))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The author date, in the author's own time zone.
fn date(e: &HistoryEntry) -> String {
    let ts = jiff::Timestamp::from_second(e.commit.seconds).unwrap_or_default();
    let offset = jiff::tz::Offset::from_seconds(e.commit.offset_minutes * 60)
        .unwrap_or(jiff::tz::Offset::UTC);
    ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
        .date()
        .to_string()
}

fn what(e: &HistoryEntry) -> String {
    if e.by_hand {
        format!("{} (edited by hand: {})", e.subject(), e.files.join(", "))
    } else {
        e.subject().to_owned()
    }
}

fn as_json(e: &HistoryEntry) -> serde_json::Value {
    json!({
        "commit": e.commit.id, "date": date(e), "author": e.commit.author,
        "subject": e.subject(), "action": e.trailer("Action"), "person": e.trailer("Person"),
        "project": e.trailer("Project"), "vacuum": e.trailer("Vacuum"),
        "commitment": e.trailer("Commitment"), "by_hand": e.by_hand, "files": e.files,
    })
}
