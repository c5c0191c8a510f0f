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
//! - `commands`: one file per command: read args, ask the store, hand a
//!   view to render.
//! - `cli`: the clap types; `ui`/`error`: every message the user sees.
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
use std::{ffi::OsString, io::Write, process::ExitCode};

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
        .and_then(|matches| Ok((cli::Cli::from_arg_matches(&matches)?, cli::leaf(&matches))));
    let (cli, (command, format_given)) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    cli.color.write_global();
    if format_given && cli::OTHERS.contains(&command.as_str()) {
        return error::report(&error::hinted(
            format!("`{name} {command}` prints no records, so it takes no --format"),
            "--format is for commands that read: list, table, due, report, show, history, check",
        ));
    }
    match run(cli, format_given) {
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
fn run(cli: cli::Cli, format_given: bool) -> anyhow::Result<ExitCode> {
    use cli::Command;
    use commands::*;
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
    let ctx = Ctx {
        cwd,
        format: cli.format.into(),
        format_given,
        notices: !matches!(
            cli.command,
            Command::Init(_)
                | Command::Hook(_)
                | Command::ShellInit(_)
                | Command::MergeFile(_)
                | Command::Completions(_)
                | Command::Man(_)
        ),
    };
    let stdout = std::io::stdout();
    let mut out = anstream::AutoStream::auto(stdout.lock());
    let out: &mut dyn Write = &mut out;
    let code = match cli.command {
        Command::Init(args) => init::run(&ctx, args)?,
        Command::Person(cmd) => records::run(&ctx, cmd, out)?,
        Command::Project(cmd) => records::run(&ctx, cmd, out)?,
        Command::Vacuum(cmd) => records::run(&ctx, cmd, out)?,
        Command::Check(args) => check::run(&ctx, args, out)?,
        Command::Log(args) => log::run(&ctx, args)?,
        Command::Fill(args) => fill::run(&ctx, args)?,
        Command::Checkin(args) => checkin::run(&ctx, args)?,
        Command::Done(args) => done::run(&ctx, args)?,
        Command::Drop(args) => drop::run(&ctx, args)?,
        Command::Edit(args) => edit::run(&ctx, args)?,
        Command::Show(args) => show::run(&ctx, args, out)?,
        Command::Reopen(args) => reopen::run(&ctx, args)?,
        Command::Table(args) => table::run(&ctx, args, out)?,
        Command::History(args) => history::run(&ctx, args, out)?,
        Command::Due(args) => due::run(&ctx, args, out)?,
        Command::ShellInit(args) => shell_init::run(&ctx, args, out)?,
        Command::Suggest(args) => suggest::run(&ctx, args, out)?,
        Command::Growth(args) => growth::run(&ctx, args, out)?,
        Command::Coach(args) => coach::run(&ctx, args)?,
        Command::Report(args) => report::run(&ctx, args, out)?,
        Command::List(args) => list::run(&ctx, args, out)?,
        Command::Completions(args) => completions::run(&ctx, args, out)?,
        Command::Man(args) => man::run(&ctx, args, out)?,
        Command::MergeFile(args) => merge_file::run(&ctx, args)?,
        Command::Sync(args) => sync::run(&ctx, args, out)?,
        Command::Undo(args) => undo::run(&ctx, args)?,
        Command::Redo(args) => redo::run(&ctx, args)?,
        Command::Resolve(args) => resolve::run(&ctx, args, out)?,
        Command::Hook(args) => hook::run(&ctx, args, out)?,
    };
    out.flush()?;
    Ok(code)
}
