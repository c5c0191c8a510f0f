//! `mv done`: the vacuum is filled.

use super::{Ctx, commitment};
use crate::error::Result;
use crate::model::{Date, Step};
use std::process::ExitCode;

/// Mark a commitment done: the vacuum is filled.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv done k3f9xq
  mv done k3f --note "runs planning on her own now""#)]
pub(crate) struct Args {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// A closing word on how it went.
    #[arg(long, short)]
    note: Option<String>,
    /// When it ended (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one; default today).
    #[arg(long, value_parser = super::args::date)]
    date: Option<Date>,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let ending = commitment::Ending {
        step: Step::Done,
        date: args.date,
        why: args.note.as_deref(),
    };
    commitment::end(ctx, &args.id, ending)
}
