//! `mv check`: validates every record file (TOML syntax, schema, values) and
//! every reference between records, reporting each problem with file, line,
//! column and a caret. `--staged` checks what is about to be committed
//! (the pre-commit hook uses it). It also finishes or rolls back a write a
//! kill interrupted, and names tracker files whose index entry no longer
//! matches HEAD; `--repair` restores those entries.

use super::Ctx;
use crate::error::Result;
use crate::{
    render::{Format, write_json},
    store::{Problem, StoreError, TRACKER_FILE},
    ui,
};
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// Validate every tracker file and every reference between records.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv check
  mv check --repair             (restore the index of tracker files to HEAD)"#)]
pub(crate) struct Args {
    /// Check the files as staged in the index (what `git commit` would
    /// record) instead of the work tree.
    #[arg(long)]
    staged: bool,
    /// Print nothing when there is no problem.
    #[arg(long, short)]
    quiet: bool,
    /// First restore the index entries of tracker files that no longer
    /// match HEAD (a staged deletion or reversal while the work tree still
    /// has HEAD's content), leaving every other staged change alone.
    #[arg(long, conflicts_with = "staged")]
    repair: bool,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(super::args::TABLE_OR_JSON))]
    format: Format,
}

impl Args {
    /// `--quiet`, of the work tree or (`staged`) of the index: what the
    /// hooks run.
    pub(crate) fn quiet(staged: bool) -> Args {
        Args {
            staged,
            quiet: true,
            repair: false,
            format: Format::Table,
        }
    }
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = args.format;
    let tracker = ctx.tracker()?;
    if args.repair {
        for notice in tracker.repair()? {
            ui::note(&notice);
        }
    }
    let mut report = tracker.check(args.staged)?;
    if let Some(text) = &report.tracker_text {
        let shown = tracker.shown(TRACKER_FILE);
        report.problems.extend(
            crate::private::check_settings(text)
                .into_iter()
                .map(|(span, message)| Problem::new(shown.clone(), message).at(text, span)),
        );
    }
    for notice in &report.notices {
        ui::note(notice);
    }
    if format == Format::Json {
        let list: Vec<_> = report
            .problems
            .iter()
            .map(|p| {
                let (line, column) = p.line_col().unzip();
                json!({"file": p.file, "line": line, "column": column, "message": p.message})
            })
            .collect();
        write_json(out, &json!({"files": report.files, "problems": list}))?;
        return Ok(ExitCode::from(u8::from(!report.problems.is_empty())));
    }
    if !report.problems.is_empty() {
        return Err(StoreError::Broken(report.problems).into());
    }
    if !args.quiet {
        writeln!(out, "checked {} files: no problems", report.files)?;
    }
    Ok(ExitCode::SUCCESS)
}
