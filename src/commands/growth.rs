//! `mv growth`: a person's timeline of vacuums taken on, reps and comfort,
//! and conversations held — evidence of growth at review time.

use super::{Ctx, load, private_note::Opener};
use crate::error::Result;
use crate::{
    model::{Kind, growth::growth},
    render::{
        Format,
        growth::{Glyphs, write},
    },
};
use std::{io::Write, process::ExitCode};

/// A person's growth: every vacuum taken on, each rep's comfort, how each
/// ended, and the conversations held.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv growth alice
  mv growth alice --format markdown > alice-review.md"#)]
pub(crate) struct Args {
    /// Whose (a person's handle).
    person: String,
    /// Plain ASCII, no colour.
    #[arg(long)]
    ascii: bool,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(&[Format::Table, Format::Markdown, Format::Json]))]
    format: Format,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    tracker.require(Kind::Person, &args.person)?;
    let loaded = load(&tracker, &Kind::ALL);
    let mut view = growth(&loaded.records, &args.person);
    Opener::new(&tracker).open_all(view.private_notes());
    let mut style = ctx.table_style(args.ascii);
    // Notes are prose: piped (to `less`, to a file) they wrap at 80 too,
    // instead of making one line as wide as the longest note.
    style.width.get_or_insert(80);
    let glyphs = Glyphs {
        unicode: style.styled,
    };
    let format = args.format;
    write(out, &view, format, style, glyphs)?;
    Ok(ExitCode::SUCCESS)
}
