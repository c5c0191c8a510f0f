//! `mv undo`: reverts everything the newest microvac command in this
//! clone not undone yet did, as one new commit; again goes one command
//! further back (`mv redo` goes the other way).

use super::{Ctx, finish};
use crate::error::Result;
use std::process::ExitCode;

/// Undo the last microvac command run in this clone, as a new commit.
///
/// Every file that command changed goes back to what it was before, in one
/// commit of its own: history is never rewritten. Running it again undoes
/// the command before, as in an editor; `mv redo` brings back what was
/// undone. It refuses when a later commit changed the same files, and
/// when the upstream already has the command's commit (unless --force).
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv undo             (again: the command before; `mv redo` goes forward)
  mv undo --force     (the command was already pushed)"#)]
pub(crate) struct Args {
    /// Undo even though the upstream already has the command's commit
    /// (still as a new commit, which `mv sync` then shares).
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let mut writer = crate::commands::begin(&tracker)?;
    let action = tracker.undo_last(&mut writer, args.force)?;
    finish(writer, &action)?;
    Ok(ExitCode::SUCCESS)
}
