//! The command line: the global flags, and the whole parser as clap sees
//! it. The commands themselves are registered in `commands` (the
//! [`Command`] enum and its dispatch); here they become one parser, and
//! the clap types stop.

use crate::commands::{self, Command};
use clap::{CommandFactory, Parser};
use std::path::PathBuf;

/// The whole command line as clap sees it, named as the program was
/// called (`mv` or `microvac`): the parser, the help, the man pages and
/// the completions all come from here.
pub(crate) fn command(name: &'static str) -> clap::Command {
    let cmd = Cli::command().name(name).bin_name(name);
    ["person", "project", "vacuum"]
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
        })
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

    /// `--format` typed before the command: each command that prints
    /// records takes its own, after its name; this one is only refused.
    #[arg(
        long = "format",
        id = "format_first",
        hide = true,
        value_name = "FORMAT"
    )]
    pub format_first: Option<String>,

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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// `--format` is an argument of the commands that print records only:
    /// clap refuses it on every other command (nothing is run).
    #[test]
    fn commands_without_a_format_refuse_it() {
        fn leaves(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, bool)>) {
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let mut path = path.clone();
                path.push(sub.get_name().to_owned());
                if sub.has_subcommands() {
                    leaves(sub, path, out);
                } else {
                    let takes = sub.get_arguments().any(|a| a.get_id() == "format");
                    out.push((path, takes));
                }
            }
        }
        let mut all = Vec::new();
        leaves(&command("mv"), Vec::new(), &mut all);
        let without: Vec<_> = all.iter().filter(|(_, takes)| !takes).collect();
        assert!(without.len() > 10 && without.len() < all.len(), "{all:?}");
        for (path, _) in without {
            let argv = ["mv"]
                .into_iter()
                .map(String::from)
                .chain(path.iter().cloned())
                .chain(["--format".into(), "json".into()]);
            let err = command("mv")
                .try_get_matches_from(argv)
                .expect_err(&format!("`mv {}` took --format", path.join(" ")));
            assert_eq!(
                err.kind(),
                clap::error::ErrorKind::UnknownArgument,
                "mv {}: {err}",
                path.join(" ")
            );
        }
    }
}
