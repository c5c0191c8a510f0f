//! `mv reopen`: a done or dropped commitment is taken up again.

use super::{Ctx, commitment, finish};
use crate::error::Result;
use crate::model::{Action, Step};
use std::process::ExitCode;

/// Reopen a done or dropped commitment, so it takes check-ins again.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv reopen k3f9xq"#)]
pub(crate) struct Args {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let mut writer = crate::commands::begin(&tracker)?;
    let mut opened = writer.open_commitment(&args.id)?;
    let c = &opened.commitment;
    if !commitment::allowed(c, Step::Reopen)? {
        return Ok(ExitCode::SUCCESS);
    }
    let action = Action::Reopen { fill: c.fill() };
    opened.reopen(crate::clock::today());
    writer.save_edited(opened.file);
    finish(writer, &action)?;
    Ok(ExitCode::SUCCESS)
}
