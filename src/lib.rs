//! microvac: a git-native, plaintext tracker for leadership micro-vacuums.
//!
//! The library does the work; the `mv` and `microvac` binaries call
//! [`main_with`] and turn the outcome into an exit code. The layers, and
//! the only directions in which they may depend on each other (a test
//! reads the `use crate::…` lines and fails on any other):
//!
//! ```text
//! main, bin ─▶ lib ─▶ cli ─▶ commands ─┬─▶ store ─▶ git
//!                                      ├─▶ render
//!                     ui, error,      └─▶ model   (pure data and rules)
//!                     editor, clock
//! store ─▶ model    render ─▶ model    git ─▶ (nothing of ours)
//! ```
//!
//! - `model`: people, projects, vacuums, conversations, commitments and
//!   the rules they follow; no I/O.
//! - `git`: libgit2 and the `git` program; repo-relative paths and bytes,
//!   never records.
//! - `store`: the [`store::Tracker`]: the only code that knows the layout,
//!   reads and writes files and owns the repository.
//! - `render`: tables, markdown, CSV and JSON from plain views.
//! - `commands`: the registry of commands (the `Command` enum and its
//!   dispatch, in `commands/mod.rs`) and one file per command: read args,
//!   ask the store, hand a view to render.
//! - `cli`: the global flags and the whole parser; `ui`/`error`: every
//!   message the user sees (`error::CommandError`: every error a command
//!   returns, with its exit code).
#![warn(missing_docs)]

mod cli;
mod clock;
mod commands;
mod editor;
mod error;
mod files;
mod git;
pub mod model;
pub mod passthrough;
#[allow(
    dead_code,
    unused_imports,
    reason = "the core's API is kept whole; a few helpers have no caller outside its tests yet"
)]
mod private;
mod prompt;
pub mod render;
pub mod store;
mod ui;

#[cfg(test)]
mod layering;

use clap::FromArgMatches;
use std::{ffi::OsString, process::ExitCode};

/// What `--version` prints, under either name: microvac's.
fn version_line() -> String {
    format!("microvac {}\n", env!("CARGO_PKG_VERSION"))
}

/// Runs microvac on `args` (the program name first) and returns the exit code.
pub fn main_with(args: Vec<OsString>) -> ExitCode {
    // Before anything: the arguments may hold a private note.
    private::no_core_dumps();
    git::honour_config_env();
    // A shell asking for completions (the script of `mv completions`).
    if let Some(code) = commands::completions::answer(&args, || cli::command("mv")) {
        return code;
    }
    // Help and errors name the program as it was called.
    let called_as_microvac = args
        .first()
        .and_then(|a| std::path::Path::new(a).file_name())
        .is_some_and(|n| n == "microvac");
    let name = if called_as_microvac { "microvac" } else { "mv" };
    if args.len() == 2 && matches!(args[1].to_str(), Some("--version" | "-V")) {
        // Needs no parser: building clap's whole command tree was most of
        // what `--version` cost (`cli::tests` holds it to clap's line).
        use std::io::Write;
        let _ = std::io::stdout().write_all(version_line().as_bytes());
        return ExitCode::SUCCESS;
    }
    if args.len() < 2 {
        // `mv` alone: show what it can do (the system `mv` would only
        // complain of a missing operand).
        let _ = cli::command(name).print_help();
        return ExitCode::SUCCESS;
    }
    // What was typed after the name, to show how to hand it to the system mv.
    let typed = args[1..]
        .iter()
        .map(|a| shell_word(&a.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ");
    let parsed = cli::command(name)
        // `--version` says whose it is: `mv --version` is microvac's.
        .display_name("microvac")
        .try_get_matches_from(args)
        .and_then(|matches| Ok((cli::Cli::from_arg_matches(&matches)?, command_of(&matches))));
    let (cli, command) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    cli.color.write_global();
    if let Some(format) = &cli.format_first {
        // A usage error, as clap's are.
        let leaf = command
            .split(' ')
            .try_fold(cli::command(name), |cmd, word| {
                cmd.find_subcommand(word).cloned()
            });
        match leaf.is_some_and(|leaf| leaf.get_arguments().any(|a| a.get_id() == "format")) {
            true => ui::error(
                "--format goes after the command it formats, not before it",
                Some(&format!(
                    "`{name} {command} --format {}`",
                    shell_word(format)
                )),
            ),
            false => ui::error(
                &format!("`{name} {command}` prints no records, so it takes no --format"),
                None,
            ),
        }
        return ExitCode::from(2);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let code = error::report(&e);
            if !called_as_microvac && error::no_tracker_here(&e) {
                ui::hint(&format!(
                    "to move files named like a microvac command, put `--` first: `mv -- {typed}`"
                ));
            }
            code
        }
    }
}

/// The command a parse ran, as typed after the program's name
/// (`person list`).
fn command_of(matches: &clap::ArgMatches) -> String {
    let mut words = Vec::new();
    let mut at = matches;
    while let Some((name, sub)) = at.subcommand() {
        words.push(name);
        at = sub;
    }
    words.join(" ")
}

/// A word as a POSIX shell reads it back: as it is when plain, else quoted.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+%".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Runs the parsed command line.
fn run(cli: cli::Cli) -> error::Result<ExitCode> {
    let cwd = match &cli.chdir {
        Some(dir) => std::env::current_dir()?.join(dir),
        None => std::env::current_dir()?,
    };
    if !cwd.is_dir() {
        return Err(error::user(format!(
            "cannot run in {}: no such directory",
            cwd.display()
        )));
    }
    commands::run(cli.command, cwd, cli::command)
}

#[cfg(test)]
mod tests {
    /// The fast `--version` says what clap would.
    #[test]
    fn the_version_line_is_clap_s() {
        let clap = super::cli::command("mv")
            .display_name("microvac")
            .render_version();
        assert_eq!(super::version_line(), clap);
    }
}
