//! `mv growth`: a person's timeline of vacuums taken on, reps and comfort,
//! and conversations held — evidence of growth at review time.

use super::{Ctx, load, private_note::Opener};
use crate::{
    error::user,
    model::{Kind, growth::growth},
    render::{
        Format,
        growth::{Glyphs, write},
    },
};
use anyhow::Result;
use std::{io::Write, process::ExitCode};

/// A person's growth: every vacuum taken on, each rep's comfort, how each
/// ended, and the conversations held.
///
/// Examples:
///   mv growth alice
///   mv growth alice --format markdown > alice-review.md
///   mv growth alice --format json
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Whose (a person's handle).
    person: String,
    /// Plain ASCII, no colour.
    #[arg(long)]
    ascii: bool,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    tracker.require(Kind::Person, &args.person)?;
    let loaded = load(&tracker, &Kind::ALL);
    let mut view = growth(&loaded.records, &args.person);
    Opener::new(&tracker).open_all(view.private_notes());
    let style = ctx.table_style(args.ascii);
    let glyphs = Glyphs {
        unicode: style.styled,
    };
    if ctx.format == Format::Csv {
        return Err(user(
            "--format csv is not available here; use table, markdown or json",
        ));
    }
    write(out, &view, ctx.format, style, glyphs)?;
    Ok(ExitCode::SUCCESS)
}
