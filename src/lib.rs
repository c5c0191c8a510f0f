//! microvac: a git-native, plaintext tracker for leadership micro-vacuums.
//!
//! The library does the work; the `mv` and `microvac` binaries parse
//! arguments, call [`main_with`], and turn the outcome into an exit code.
//! Dependencies point one way: `commands` → {`store`, `git`, `render`} →
//! `model`.

pub mod cli;
pub mod clock;
pub mod commands;
pub mod error;
pub mod git;
pub mod model;
pub mod passthrough;
#[allow(
    dead_code,
    unused_imports,
    reason = "the commands (log/checkin --private, show, growth) start using it next"
)]
pub(crate) mod private;
pub mod render;
pub mod store;
pub mod ui;

use clap::{CommandFactory, FromArgMatches};
use std::{ffi::OsString, process::ExitCode};

/// Runs microvac on `args` (the program name first) and returns the exit code.
pub fn main_with(args: Vec<OsString>) -> ExitCode {
    git::honour_config_env();
    if args.len() < 2 {
        // `mv` alone: show what it can do (the system `mv` would only
        // complain of a missing operand).
        let _ = cli::Cli::command().print_help();
        return ExitCode::SUCCESS;
    }
    // Help and errors name the program as it was called.
    let called_as_microvac = args
        .first()
        .and_then(|a| std::path::Path::new(a).file_name())
        .is_some_and(|n| n == "microvac");
    let name = if called_as_microvac { "microvac" } else { "mv" };
    let parsed = cli::Cli::command()
        .name(name)
        .bin_name(name)
        .try_get_matches_from(args)
        .and_then(|matches| cli::Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    ui::set_color(cli.color);
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => error::report(&e),
    }
}
