//! `mv redo`: brings back the command the newest `mv undo` in this clone
//! reverted (by reverting that undo, as one new commit), until another
//! microvac command is recorded.

use super::{Ctx, finish};
use crate::error::Result;
use std::process::ExitCode;

/// Redo what the last `mv undo` in this clone reverted, as a new commit.
///
/// Each redo brings back one more undone command, newest first, until a
/// new microvac command is recorded (as in an editor, a new change ends
/// what can be redone). History is never rewritten: the redo is a commit
/// that reverts the undo. It refuses as `mv undo` does.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv undo && mv redo  (back where you were)
  mv redo --force     (the undo was already pushed)"#)]
pub(crate) struct Args {
    /// Redo even though the upstream already has the undo's commit
    /// (still as a new commit, which `mv sync` then shares).
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let mut writer = crate::commands::begin(&tracker)?;
    let action = tracker.redo_last(&mut writer, args.force)?;
    finish(writer, &action)?;
    Ok(ExitCode::SUCCESS)
}
