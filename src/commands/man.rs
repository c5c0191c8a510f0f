//! `mv man [DIR]`: the manual pages (clap_mangen), one per command, from
//! the same definitions as `--help`.

use super::Ctx;
use crate::{files, ui};
use anyhow::Result;
use clap::Command;
use std::{io::Write, path::PathBuf, process::ExitCode};

/// Write a man page per command into DIR (mv.1, mv-checkin.1, …), or print mv(1).
///
/// `man mv` then shows microvac's page; `man -a mv` shows the system mv's
/// page too.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv man ~/.local/share/man/man1     (then: man mv-checkin)
  mv man | man -l -"#)]
pub(crate) struct Args {
    /// Where to write the pages (created when missing); without it, mv(1)
    /// goes to stdout.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let pages = pages(crate::cli::command("mv"))?;
    let Some(dir) = args.dir else {
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

/// Every command's page, `(file name, roff)`, the top-level one first.
fn pages(cmd: Command) -> Result<Vec<(String, Vec<u8>)>> {
    fn collect(cmd: &Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let man = clap_mangen::Man::new(cmd.clone()).manual("microvac");
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        out.push((man.get_filename(), roff));
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
