//! The command line: global flags and the command enum. Each command's
//! arguments live beside its code in `commands/`.

use crate::commands;
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
pub struct Cli {
    /// Run as if started in PATH (like `git -C`).
    #[arg(short = 'C', id = "chdir", global = true, value_name = "PATH")]
    pub chdir: Option<PathBuf>,

    /// Output format of read commands.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// When to use colour (NO_COLOR is respected under `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

/// How read commands print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    Done(commands::lifecycle::DoneArgs),
    Drop(commands::lifecycle::DropArgs),
    Edit(commands::lifecycle::EditArgs),
    Show(commands::lifecycle::ShowArgs),
    Reopen(commands::lifecycle::ReopenArgs),
    Table(commands::table::Args),
    History(commands::history::Args),
    Due(commands::due::Args),
    ShellInit(commands::shell_init::Args),
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
