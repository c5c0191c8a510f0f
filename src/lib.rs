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
pub mod render;
pub mod store;
pub mod ui;

use clap::Parser;
use std::{ffi::OsString, process::ExitCode};

/// Runs microvac on `args` (the program name first) and returns the exit code.
pub fn main_with(args: Vec<OsString>) -> ExitCode {
    git::honour_config_env();
    if args.len() < 2 {
        // `mv` alone: show what it can do (the system `mv` would only
        // complain of a missing operand).
        let _ = <cli::Cli as clap::CommandFactory>::command().print_help();
        return ExitCode::SUCCESS;
    }
    let cli = match cli::Cli::try_parse_from(args) {
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
