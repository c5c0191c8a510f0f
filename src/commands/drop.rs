//! `mv drop`: stepping back from a commitment is allowed, and forgiven;
//! the reason stays on record for the next conversation.

use super::{Ctx, commitment};
use crate::error::Result;
use crate::{
    error::hinted,
    model::{Date, Step},
};
use std::process::ExitCode;

/// Drop a commitment. Allowed and forgiven: say why, so the next
/// conversation can start from it.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv drop k3f9xq --why "took on the on-call rotation instead""#)]
pub(crate) struct Args {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// Why it is dropped (e.g. "took on the on-call rotation instead").
    #[arg(long)]
    why: String,
    /// When (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one; default today).
    #[arg(long, value_parser = super::args::date)]
    date: Option<Date>,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    if args.why.trim().is_empty() {
        return Err(hinted(
            "--why is empty",
            "a few words are enough; dropping is allowed",
        ));
    }
    let ending = commitment::Ending {
        step: Step::Drop,
        date: args.date,
        why: Some(&args.why),
    };
    commitment::end(ctx, &args.id, ending)
}
