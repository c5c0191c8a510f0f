//! The command line: global flags and the command enum. Each command's
//! arguments live beside its code in `commands/`; here they become one
//! parser, and the clap types stop.

use crate::{commands, render::Format};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// microvac: coach senior engineers to fill leadership micro-vacuums, on
/// record in git.
///
/// A leadership micro-vacuum is a small leadership job missing on a
/// project (nobody runs sprint planning, there is no plan, nobody sends the
/// status email) that an engineer can volunteer to fill, first with a buddy.
/// Under the name `mv`, any call that is not a microvac command goes to the
/// system's `mv`; `microvac` is the same program without that.
#[derive(Debug, Parser)]
#[command(name = "mv", bin_name = "mv", version, max_term_width = 100)]
pub(crate) struct Cli {
    /// Run as if started in PATH (like `git -C`).
    #[arg(short = 'C', id = "chdir", global = true, value_name = "PATH")]
    pub chdir: Option<PathBuf>,

    /// Output format of read commands.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    #[command(flatten)]
    pub color: colorchoice_clap::Color,

    #[command(subcommand)]
    pub command: Command,
}

/// `--format` as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    Table,
    Json,
    Markdown,
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Init(commands::init::Args),
    /// People: the engineers coached and their buddies.
    #[command(subcommand)]
    Person(commands::records::PersonCmd),
    /// Projects on which vacuums get filled.
    #[command(subcommand)]
    Project(commands::records::ProjectCmd),
    /// The catalog of leadership micro-vacuums.
    #[command(subcommand)]
    Vacuum(commands::records::VacuumCmd),
    Check(commands::check::Args),
    Log(commands::log::Args),
    Fill(commands::fill::Args),
    Checkin(commands::checkin::Args),
    Done(commands::done::Args),
    Drop(commands::drop::Args),
    Edit(commands::edit::Args),
    Show(commands::show::Args),
    Reopen(commands::reopen::Args),
    Table(commands::table::Args),
    History(commands::history::Args),
    Due(commands::due::Args),
    ShellInit(commands::shell_init::Args),
    Hook(commands::hook::Args),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn passthrough_knows_every_subcommand() {
        for sub in Cli::command().get_subcommands() {
            assert!(
                crate::passthrough::OWN_FIRST_ARGS.contains(&sub.get_name()),
                "{} is missing from passthrough::OWN_FIRST_ARGS",
                sub.get_name()
            );
        }
    }
}
