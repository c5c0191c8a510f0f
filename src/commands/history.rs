//! `mv history`: the coaching log, from git history.

use super::Ctx;
use crate::error::Result;
use crate::{
    error::hinted,
    model::{Kind, closest},
    render::{Format, Grid, write_json},
    store::{HistoryEntry, Target},
};
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// The coaching log from git history: who did what, when.
///
/// A person's log also holds what they did as someone's buddy, marked
/// "as buddy".
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
            let near = Kind::NAMED.into_iter().find_map(|kind| {
                let names = tracker.names(kind);
                closest(t, names.iter().map(String::as_str)).map(|n| format!("did you mean {n:?} (a {kind})?"))
            });
            hinted(
                format!("{t:?} is not a person, project, vacuum or commitment ID"),
                near.unwrap_or_else(|| "`mv person list`, `mv project list` and `mv vacuum list` show the names, `mv list` the commitment IDs".to_owned()),
            )
        })?,
        None => Target::All,
    };
    let entries = tracker.history(&target, args.limit)?;
    match format {
        Format::Json => write_json(
            out,
            &entries
                .iter()
                .map(|e| as_json(e, &target))
                .collect::<Vec<_>>(),
        )?,
        format => {
            let mut grid = Grid::new(["DATE", "AUTHOR", "WHAT"]);
            for e in &entries {
                let what = match as_buddy(e, &target) {
                    true => format!("as buddy: {}", what(e)),
                    false => what(e),
                };
                grid.push([date(e), e.commit.author.clone(), what]);
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

/// Whether `e` is in a person's history because they were the buddy (a
/// commitment or rep of someone else's), not about their own work.
fn as_buddy(e: &HistoryEntry, target: &Target) -> bool {
    let Target::Named(Kind::Person, handle) = target else {
        return false;
    };
    let named = |key: &str| e.trailers.iter().any(|(k, v)| k == key && v == handle);
    named("Buddy") && !named("Person")
}

fn as_json(e: &HistoryEntry, target: &Target) -> serde_json::Value {
    json!({
        "as_buddy": as_buddy(e, target),
        "commit": e.commit.id, "date": date(e), "author": e.commit.author,
        "subject": e.subject(), "action": e.trailer("Action"), "person": e.trailer("Person"),
        "project": e.trailer("Project"), "vacuum": e.trailer("Vacuum"),
        "commitment": e.trailer("Commitment"), "by_hand": e.by_hand, "files": e.files,
    })
}
