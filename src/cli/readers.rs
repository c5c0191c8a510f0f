//! Which commands print what they read, and so take `--format`. The flag is
//! global (so `mv --format json table` works, and the pass-through knows
//! it), but only the commands that read show it in their help; the ones
//! that record refuse it instead of ignoring it.

use clap::{Arg, ArgMatches, Command, parser::ValueSource};

/// Commands, as typed after `mv`, that print what they read.
pub(crate) const READS: &[&str] = &[
    "person list",
    "person show",
    "project list",
    "project show",
    "vacuum list",
    "vacuum show",
    "check",
    "show",
    "table",
    "history",
    "due",
    "report",
    "list",
    "suggest",
    "growth",
];

/// Commands that record, or print something other than records.
pub(crate) const OTHERS: &[&str] = &[
    "init",
    "person add",
    "person edit",
    "person archive",
    "project add",
    "project edit",
    "project archive",
    "vacuum add",
    "vacuum edit",
    "vacuum archive",
    "log",
    "fill",
    "checkin",
    "done",
    "drop",
    "edit",
    "reopen",
    "shell-init",
    "hook",
    "completions",
    "man",
    "merge-file",
    "coach",
    "sync",
    "undo",
    "redo",
    "resolve",
];

/// Gives every command that does not read its own hidden copy of the global
/// `--format` (clap then does not show the global one in its help).
pub(crate) fn hide_format_on_others(cmd: Command) -> Command {
    let Some(format) = cmd
        .get_arguments()
        .find(|a| a.get_id() == "format")
        .cloned()
    else {
        return cmd;
    };
    hide_below(cmd, "", &format.hide(true))
}

fn hide_below(cmd: Command, path: &str, hidden: &Arg) -> Command {
    cmd.mut_subcommands(|sub| {
        let path = join(path, sub.get_name());
        if sub.has_subcommands() {
            hide_below(sub, &path, hidden)
        } else if READS.contains(&path.as_str()) {
            sub
        } else {
            sub.arg(hidden.clone())
        }
    })
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path} {name}")
    }
}

/// The command a parse ran, as typed after `mv` (`"person add"`), and
/// whether `--format` was given on the command line.
pub(crate) fn leaf(matches: &ArgMatches) -> (String, bool) {
    let mut path = String::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        path = join(&path, name);
        at = sub;
    }
    let given = at.value_source("format") == Some(ValueSource::CommandLine);
    (path, given)
}
