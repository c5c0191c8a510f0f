//! The command line: global flags and the command enum. Each command's
//! arguments live beside its code in `commands/`; here they become one
//! parser, and the clap types stop.

mod readers;

pub(crate) use readers::{OTHERS, leaf};

use crate::{commands, render::Format};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The whole command line as clap sees it, named as the program was
/// called (`mv` or `microvac`): the parser, the help, the man pages and
/// the completions all come from here.
pub(crate) fn command(name: &'static str) -> clap::Command {
    let cmd = Cli::command().name(name).bin_name(name);
    let cmd = ["person", "project", "vacuum"]
        .into_iter()
        .fold(cmd, |cmd, kind| {
            cmd.mut_subcommand(kind, |group| {
                group.mut_subcommands(|sub| {
                    match commands::records::examples(kind, sub.get_name()) {
                        Some(examples) => sub.after_help(examples),
                        None => sub,
                    }
                })
            })
        });
    readers::hide_format_on_others(cmd)
}

/// microvac: coach senior engineers to fill leadership micro-vacuums, on
/// record in git.
///
/// A leadership micro-vacuum is a small leadership job missing on a
/// project (nobody runs sprint planning, there is no plan, nobody sends the
/// status email) that an engineer can volunteer to fill, first with a buddy.
#[derive(Debug, Parser)]
#[command(
    name = "mv",
    bin_name = "mv",
    version,
    max_term_width = 100,
    after_help = SYSTEM_MV
)]
pub(crate) struct Cli {
    /// Run as if started in PATH (like `git -C`).
    #[arg(short = 'C', id = "chdir", global = true, value_name = "PATH")]
    pub chdir: Option<PathBuf>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,

    #[command(flatten)]
    pub color: colorchoice_clap::Color,

    #[command(subcommand)]
    pub command: Command,
}

/// How to reach the system's `mv`, under every top-level help.
const SYSTEM_MV: &str = "\
The system's mv: under the name `mv`, any call whose first word is not a microvac command \
(`mv a b`, `mv -t dir a b`, `mv -i a b`) goes to the system's mv, unchanged. To move a file \
named like a command, put `--` first: `mv -- log logs`. `mv --help` and `mv --version` are \
microvac's; the system's are `command -p mv --help` and `command -p mv --version`. \
`microvac` is the same program without the hand-over, for hooks and scripts.";

/// `--format` as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// A table sized to the terminal, plain ASCII when piped.
    Table,
    /// For scripts.
    Json,
    /// To paste into a document or an email.
    Markdown,
    /// For spreadsheets.
    Csv,
    /// One self-contained page (`mv report`).
    Html,
    /// An iCalendar file (`mv due`).
    Ics,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Html => Format::Html,
            FormatArg::Ics => Format::Ics,
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
    Suggest(commands::suggest::Args),
    Growth(commands::growth::Args),
    Coach(commands::coach::Args),
    Report(commands::report::Args),
    List(commands::list::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
    /// The git merge driver for tracker records (git runs it; see `mv init`).
    #[command(hide = true)]
    MergeFile(commands::merge_file::Args),
    Sync(commands::sync::Args),
    Undo(commands::undo::Args),
    Redo(commands::redo::Args),
    Resolve(commands::resolve::Args),
    Hook(commands::hook::Args),
}

#[cfg(test)]
mod tests {
    use super::{readers::READS, *};

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
        command("mv").debug_assert();
    }

    /// `--help` of every command ends with one or two examples.
    #[test]
    fn every_command_has_one_or_two_examples() {
        fn check(cmd: &clap::Command, path: &str) {
            // Hidden commands (for hooks and scripts) need no examples.
            let shown = cmd
                .get_subcommands()
                .filter(|s| s.get_name() != "help" && !s.is_hide_set());
            for sub in shown {
                let path = format!("{path} {}", sub.get_name());
                if sub.has_subcommands() {
                    check(sub, &path);
                    continue;
                }
                let help = sub.clone().render_long_help().to_string();
                let examples = help
                    .split_once("Examples:\n")
                    .or_else(|| help.split_once("Example:\n"))
                    .map(|(_, rest)| rest)
                    .unwrap_or_else(|| panic!("`{path} --help` has no examples:\n{help}"));
                let count = examples
                    .lines()
                    .take_while(|l| l.starts_with("  "))
                    .filter(|l| !l.starts_with("    "))
                    .count();
                assert!(
                    (1..=2).contains(&count),
                    "`{path} --help`: {count} examples\n{help}"
                );
            }
        }
        let mut cmd = command("mv");
        cmd.build();
        check(&cmd, "mv");
    }

    /// Every command is either one that reads (and shows `--format`) or
    /// one that does not (and hides it): a new command is put in one list.
    #[test]
    fn every_command_says_whether_it_takes_format() {
        fn leaves(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let path = match path {
                    "" => sub.get_name().to_owned(),
                    p => format!("{p} {}", sub.get_name()),
                };
                if sub.has_subcommands() {
                    leaves(sub, &path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut all = Vec::new();
        leaves(&Cli::command(), "", &mut all);
        for path in &all {
            let lists = [
                READS.contains(&path.as_str()),
                OTHERS.contains(&path.as_str()),
            ];
            assert!(
                lists.iter().filter(|x| **x).count() == 1,
                "`mv {path}` must be in exactly one of cli::READS (it prints records: \
                 --format applies) and cli::OTHERS"
            );
        }
        for listed in READS.iter().chain(OTHERS) {
            assert!(
                all.contains(&(*listed).to_owned()),
                "no command `mv {listed}`"
            );
        }
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
