//! `mv man [DIR]`: the manual pages (clap_mangen), one per command, from
//! the same definitions as `--help`.

use super::Ctx;
use crate::error::Result;
use crate::{files, ui};
use clap::Command;
use std::{io::Write, path::PathBuf, process::ExitCode};

/// Write a man page per command into DIR (mv.1, mv-checkin.1, …), or print mv(1).
///
/// `man mv` then shows microvac's page; `man -a mv` shows the system mv's
/// page too.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv man --install     (beside the installed mv, where man finds them: man mv-checkin)
  mv man | man -l -"#)]
pub(crate) struct Args {
    /// Where to write the pages (created when missing); without it, mv(1)
    /// goes to stdout.
    #[arg(value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    dir: Option<PathBuf>,
    /// Write the pages to share/man/man1 beside the directory this program
    /// is in (~/.cargo/share/man/man1 for ~/.cargo/bin/mv): `man` looks
    /// there for any program on your PATH.
    #[arg(long, conflicts_with = "dir")]
    install: bool,
}

pub(crate) fn run(
    ctx: &Ctx,
    args: Args,
    parser: fn(&'static str) -> clap::Command,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let pages = pages(parser("mv"))?;
    let dir = if args.install {
        Some(beside_the_program()?)
    } else {
        args.dir
    };
    let Some(dir) = dir else {
        if let Some((_, top)) = pages.iter().find(|(name, _)| name == "mv.1") {
            out.write_all(top)?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let written = files::write_into(&ctx.cwd.join(&dir), &pages)?;
    ui::note(&format!(
        "wrote {} man pages to {} (mv.1, mv-checkin.1, …); `man mv-checkin` reads one when that directory is on the manual path",
        written.len(),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// `BIN/../share/man/man1` for the program running from `BIN`: where
/// man-db and mandoc look for the pages of a program found on PATH.
fn beside_the_program() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let prefix = exe
        .parent()
        .and_then(|bin| bin.parent())
        .ok_or_else(|| crate::error::user(format!("{} has no parent directory", exe.display())))?;
    Ok(prefix.join("share/man/man1"))
}

/// Every command's page, `(file name, roff)`, the top-level one first.
fn pages(cmd: Command) -> Result<Vec<(String, Vec<u8>)>> {
    fn collect(cmd: &Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        out.push(page(cmd)?);
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            collect(sub, out)?;
        }
        Ok(())
    }
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, &mut out)?;
    Ok(out)
}

/// One command's page, laid out as git's are: a SYNOPSIS that names each
/// option's value (`[-C PATH]`), and the examples under EXAMPLES.
fn page(cmd: &Command) -> std::io::Result<(String, Vec<u8>)> {
    let man = clap_mangen::Man::new(cmd.clone().override_usage(synopsis(cmd))).manual("microvac");
    let mut roff = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut roff)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut roff)?;
    }
    if let Some(after) = cmd.get_after_help() {
        examples(&after.to_string(), &mut roff)?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut roff)?;
    }
    Ok((man.get_filename(), roff))
}

/// `mv checkin [-C PATH] [--comfort N] [-q|--quiet] <ID>`: every visible
/// option with its value's name, then the arguments.
fn synopsis(cmd: &Command) -> String {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut words = vec![name.to_owned()];
    for arg in cmd
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
    {
        let flag = match (arg.get_short(), arg.get_long()) {
            (Some(short), Some(long)) => format!("-{short}|--{long}"),
            (Some(short), None) => format!("-{short}"),
            (None, Some(long)) => format!("--{long}"),
            (None, None) => continue,
        };
        let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
        let word = if takes_value {
            format!("{flag} {}", value_names(arg))
        } else {
            flag
        };
        words.push(if arg.is_required_set() {
            word
        } else {
            format!("[{word}]")
        });
    }
    for arg in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let names = value_names(arg);
        let many = if arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
            "..."
        } else {
            ""
        };
        words.push(if arg.is_required_set() {
            format!("<{names}>{many}")
        } else {
            format!("[{names}]{many}")
        });
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        words.push("<COMMAND>".to_owned());
    }
    words.join(" ")
}

/// An argument's value names as `--help` shows them (`PATH`), or its id in
/// capitals.
fn value_names(arg: &clap::Arg) -> String {
    arg.get_value_names()
        .map(|v| {
            v.iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
}

/// The `Examples:` of `--help` as an EXAMPLES section, each line as typed.
fn examples(after_help: &str, roff: &mut Vec<u8>) -> std::io::Result<()> {
    let body = after_help
        .strip_prefix("Examples:")
        .unwrap_or(after_help)
        .trim_matches('\n');
    writeln!(roff, ".SH EXAMPLES\n.nf")?;
    for line in body.lines() {
        let line = line.strip_prefix("  ").unwrap_or(line);
        let escaped = line.replace('\\', "\\e").replace('-', "\\-");
        // A line starting with `.` or `'` would be a roff request.
        let guard = if escaped.starts_with(['.', '\'']) {
            "\\&"
        } else {
            ""
        };
        writeln!(roff, "{guard}{escaped}")?;
    }
    writeln!(roff, ".fi")
}
