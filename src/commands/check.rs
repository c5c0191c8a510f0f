//! `mv check`: validates every record file (TOML syntax, schema, values) and
//! every reference between records, reporting each problem with file, line,
//! column and a caret. `--staged` checks what is about to be committed
//! (the pre-commit hook uses it).

use super::Ctx;
use crate::{
    render::{Format, write_json},
    store::StoreError,
};
use anyhow::Result;
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// Validate every tracker file and every reference between records.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv check
  mv check --staged --quiet     (what the pre-commit hook runs)"#)]
pub(crate) struct Args {
    /// Check the files as staged in the index (what `git commit` would
    /// record) instead of the work tree.
    #[arg(long)]
    staged: bool,
    /// Print nothing when there is no problem.
    #[arg(long, short)]
    quiet: bool,
}

impl Args {
    /// `--quiet`, of the work tree or (`staged`) of the index: what the
    /// hooks run.
    pub(crate) fn quiet(staged: bool) -> Args {
        Args {
            staged,
            quiet: true,
        }
    }
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = ctx.table_or_json()?;
    let tracker = ctx.tracker()?;
    let report = tracker.check(args.staged)?;
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
