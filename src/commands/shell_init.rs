//! `microvac shell-init`: a shell function named `mv` that sends microvac's
//! commands to microvac and everything else straight to the system `mv`,
//! so a file move costs no second exec at all.

use super::Ctx;
use crate::passthrough;
use anyhow::{Context, Result};
use std::{io::Write, process::ExitCode};

/// Print a shell function `mv` for bash, zsh or sh: file moves go straight
/// to the system mv (no second program started), microvac's commands to
/// microvac. Use: eval "$(microvac shell-init)" in ~/.bashrc or ~/.zshrc.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_ctx: &Ctx, _args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let me = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .context("could not find the microvac program")?;
    let microvac = me.with_file_name("microvac");
    let microvac = if microvac.is_file() {
        microvac
    } else {
        me.clone()
    };
    let system_mv = passthrough::find_system_mv(&[me.clone(), me.with_file_name("mv")])
        .context("no system mv found on PATH, in /usr/bin or in /bin")?;
    let mut ours: Vec<String> = passthrough::OWN_FIRST_ARGS
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
    ours.extend(["-C*", "--format", "--format=*", "--color", "--color=*"].map(String::from));
    // A tracker's own folders go to microvac's `mv`, which keeps them from
    // being renamed by a slip inside a tracker and moves them elsewhere.
    let guarded = me.with_file_name("mv");
    let guard_arm = if guarded.is_file() {
        let names: Vec<String> = crate::store::TOP_LEVEL
            .iter()
            .flat_map(|n| [(*n).to_owned(), format!("{n}/")])
            .collect();
        format!(
            "        {}) command {} \"$@\" ;;\n",
            names.join("|"),
            shell_quote(&guarded.to_string_lossy())
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "# microvac: `mv` as a shell function. Add to ~/.bashrc or ~/.zshrc:\n\
         #     eval \"$(microvac shell-init)\"\n\
         mv() {{\n    case \"${{1-}}\" in\n        ''|{}) command {} \"$@\" ;;\n{guard_arm}        *) command {} \"$@\" ;;\n    esac\n}}",
        ours.join("|"),
        shell_quote(&microvac.to_string_lossy()),
        shell_quote(&system_mv.to_string_lossy()),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Quotes a path for a POSIX shell.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
