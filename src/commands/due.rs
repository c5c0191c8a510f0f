//! `mv due`: check-ins due or overdue and 1:1s whose next date has come,
//! as of today or `--on DATE`.

use super::{Ctx, load};
use crate::error::Result;
use crate::{
    model::{Date, DueItem, Kind, due_by},
    render::{Format, Grid, GridCell, Tone, ics::write_ics, write_json},
};
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// What is due: check-ins and 1:1s.
#[derive(Debug, clap::Args)]
///
/// With --format ics: an iCalendar file to import or subscribe to, one
/// all-day event per check-in and 1:1, upcoming ones too (up to --on when
/// given); a re-import updates the events instead of adding new ones.
#[command(after_help = r#"Examples:
  mv due --on friday --exit-code     (for cron: exit 1 when something is due)
  mv due --format ics > ~/coaching.ics     (for your calendar)"#)]
pub(crate) struct Args {
    /// List what is due by this day too (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one: "what is due by Friday?"); how late each is still counts from today.
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    on: Option<Date>,
    /// Exit with status 1 when anything is due (for cron or CI).
    #[arg(long)]
    exit_code: bool,
    /// Print nothing when nothing is due.
    #[arg(long, short)]
    quiet: bool,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(FORMATS))]
    format: Format,
}

impl Args {
    /// `--quiet` as of today: what the post-merge and post-checkout hooks
    /// print.
    pub(crate) fn quiet() -> Args {
        Args {
            on: None,
            exit_code: false,
            quiet: true,
            format: Format::Table,
        }
    }
}

/// What `mv due` prints: the formats of a table, and a calendar.
const FORMATS: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Markdown,
    Format::Csv,
    Format::Ics,
];

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = args.format;
    let tracker = ctx.tracker()?;
    let loaded = load(&tracker, &[Kind::Commitment, Kind::Conversation]);
    if format == Format::Ics {
        // A calendar holds what is coming too: everything scheduled, or
        // everything due by --on.
        let due = due_by(&loaded.records, args.on.unwrap_or(Date::MAX));
        let team = loaded
            .records
            .settings
            .as_ref()
            .and_then(|s| s.team.as_deref());
        let now = crate::clock::timestamp();
        write_ics(&due, team.unwrap_or_default(), now, out)?;
        return Ok(ExitCode::from(u8::from(args.exit_code && !due.is_empty())));
    }
    // --on widens the window; how late something is counts from today.
    let today = crate::clock::today();
    let on = args.on.unwrap_or(today);
    let due = due_by(&loaded.records, on);
    if format == Format::Json {
        let list: Vec<_> = due
            .iter()
            .map(|d| json!({"kind": d.kind.as_str(), "due": d.date.to_string(), "days_overdue": (today - d.date).get_days(), "person": d.person, "what": d.what, "id": d.id}))
            .collect();
        write_json(
            out,
            &json!({"on": on.to_string(), "today": today.to_string(), "due": list}),
        )?;
    } else if due.is_empty() {
        if !args.quiet {
            writeln!(out, "nothing due on {on}")?;
        }
    } else {
        grid(&due, today).write(out, format, ctx.table_style(false))?;
    }
    Ok(ExitCode::from(u8::from(args.exit_code && !due.is_empty())))
}

/// The due items, each labelled from `today` (late, today or to come):
/// `--on` widens what is listed, never what "late" means.
fn grid(due: &[DueItem], today: Date) -> Grid {
    let mut grid = Grid::new(["DUE", "WHO", "WHAT", "ID"]);
    for d in due {
        let late = (today - d.date).get_days();
        let when = match late {
            0 => format!("{} (today)", d.date),
            1.. => format!("{} ({late}d late)", d.date),
            ..0 => format!("{} (in {}d)", d.date, -late),
        };
        let tone = if late > 0 { Tone::Alert } else { Tone::Plain };
        grid.push([
            GridCell::toned(when, tone),
            d.person.as_str().into(),
            d.what.as_str().into(),
            d.id.as_str().into(),
        ]);
    }
    grid
}
