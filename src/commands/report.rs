//! `mv report`: the weekly summary a manager pastes into the status email
//! to senior leaders: new commitments, reps and comfort, commitments
//! finished and dropped (with the reasons), conversations held and the
//! vacuums still vacant, as markdown, a terminal view, JSON or one
//! self-contained HTML page.

use super::{Ctx, load};
use crate::error::Result;
use crate::{
    error::user,
    model::{
        Date, Kind,
        report::{Period, gather},
    },
    render::{Format, report},
    ui,
};
use std::{
    io::{IsTerminal, Write},
    process::ExitCode,
};

/// A summary of the coaching for senior leaders (default: the last 7 days).
///
/// New commitments, reps with their comfort, commitments finished and
/// dropped with the reasons, conversations held, and the vacuums still
/// vacant per project. Markdown when piped (paste it into the status
/// email), a readable view on a terminal, or --format html for one page to
/// print or attach. Private notes never appear in a report.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv report --format markdown | pbcopy      (paste into the weekly status email)
  mv report --since 2026-11-01 --project payments --format html > report.html"#)]
pub(crate) struct Args {
    /// First day covered (YYYY-MM-DD, a weekday, yesterday; default: 6 days
    /// before --until).
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    since: Option<Date>,
    /// Last day covered (default: today).
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    until: Option<Date>,
    /// Only this project: its commitments, the conversations that made
    /// them, its vacant vacuums.
    #[arg(long, value_name = "PROJECT")]
    project: Option<String>,
    /// Output format [default: table on a terminal, markdown when piped].
    #[arg(long, value_name = "FORMAT", value_parser = super::args::formats(&[Format::Table, Format::Markdown, Format::Json, Format::Html]))]
    format: Option<Format>,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = report_format(args.format);
    let tracker = ctx.tracker()?;
    if let Some(project) = &args.project {
        tracker.require(Kind::Project, project)?;
    }
    let today = crate::clock::today();
    let period = Period::new(args.since, args.until, today, args.project.as_deref())
        .map_err(|e| user(e.to_string()))?;
    let loaded = load(&tracker, &Kind::ALL);
    let view = gather(&loaded.records, &period);
    match format {
        Format::Json => report::write_json(&view, out)?,
        Format::Html => report::write_html(&view, out)?,
        Format::Markdown => report::write_markdown(&view, out)?,
        _ => {
            let width = ctx.table_style(false).width;
            report::write_terminal(&view, out, ui::stdout_styled(), width)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--format` as given, else a terminal view on a terminal and markdown
/// on a pipe (to paste).
fn report_format(given: Option<Format>) -> Format {
    match given {
        Some(format) => format,
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Markdown,
    }
}
