//! One module per command (or group of commands): its clap `Args` and its
//! `run`. This module holds what they share: the context of a run, finding
//! the tracker, and recording a change as one commit.

pub mod check;
pub mod checkin;
mod commitment;
pub mod due;
mod editor;
pub mod fill;
pub mod history;
pub mod init;
pub mod lifecycle;
pub mod log;
mod lookup;
pub mod records;
pub mod shell_init;
pub mod table;

use crate::{
    cli::{Cli, Command, Format},
    git::{Change, Transaction},
    model::{Action, Date},
    store::{Kind, Records, Source, Tracker},
    ui,
};
use anyhow::Result;
use std::{io::Write, path::PathBuf, process::ExitCode};

/// What every command gets: where it runs and how to print.
pub struct Ctx {
    pub cwd: PathBuf,
    pub format: Format,
}

impl Ctx {
    /// Finds the tracker from the working directory (or `-C`).
    pub fn tracker(&self) -> Result<Tracker> {
        Ok(Tracker::find(&self.cwd)?)
    }

    /// A terminal table's style for stdout.
    pub fn table_style(&self, ascii: bool) -> crate::render::TableStyle {
        crate::render::TableStyle::for_stdout(ascii)
    }

    /// Refuses `markdown` and `csv` for commands that print no table.
    pub fn table_or_json(&self) -> Result<Format> {
        match self.format {
            Format::Table | Format::Json => Ok(self.format),
            other => Err(crate::error::user(format!(
                "--format {} is not available here; use table or json",
                format!("{other:?}").to_lowercase()
            ))),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let cwd = match &cli.chdir {
        Some(dir) => std::env::current_dir()?.join(dir),
        None => std::env::current_dir()?,
    };
    if !cwd.is_dir() {
        return Err(crate::error::user(format!(
            "cannot run in {}: no such directory",
            cwd.display()
        )));
    }
    let ctx = Ctx {
        cwd,
        format: cli.format,
    };
    let stdout = std::io::stdout();
    let mut out = anstream::AutoStream::auto(stdout.lock());
    let out: &mut dyn Write = &mut out;
    let code = match cli.command {
        Command::Init(args) => init::run(&ctx, args)?,
        Command::Person(cmd) => records::run_person(&ctx, cmd, out)?,
        Command::Project(cmd) => records::run_project(&ctx, cmd, out)?,
        Command::Vacuum(cmd) => records::run_vacuum(&ctx, cmd, out)?,
        Command::Check(args) => check::run(&ctx, args, out)?,
        Command::Log(args) => log::run(&ctx, args)?,
        Command::Fill(args) => fill::run(&ctx, args)?,
        Command::Checkin(args) => checkin::run(&ctx, args)?,
        Command::Done(args) => lifecycle::done(&ctx, args)?,
        Command::Drop(args) => lifecycle::drop(&ctx, args)?,
        Command::Edit(args) => lifecycle::edit(&ctx, args)?,
        Command::Show(args) => lifecycle::show(&ctx, args, out)?,
        Command::Reopen(args) => lifecycle::reopen(&ctx, args)?,
        Command::Table(args) => table::run(&ctx, args, out)?,
        Command::History(args) => history::run(&ctx, args, out)?,
        Command::Due(args) => due::run(&ctx, args, out)?,
        Command::ShellInit(args) => shell_init::run(&ctx, args, out)?,
    };
    out.flush()?;
    Ok(code)
}

/// Loads the records of `kinds` from the work tree. Files that cannot be
/// loaded are warned about, not fatal: the rest still works.
pub fn load(tracker: &Tracker, kinds: &[Kind]) -> Records {
    let show = |rel: &str| tracker.repo_path(rel);
    let records = Records::load(
        &Source::WorkTree(tracker.root().to_path_buf()),
        kinds,
        &show,
        false,
    );
    for p in &records.problems {
        ui::warn(&format!("skipped {} (run `mv check`)", p.headline()));
    }
    records
}

/// Records a change as one commit and tells the user. `changes` are
/// tracker-relative paths and their new text (`None` deletes).
pub fn record(
    tracker: &Tracker,
    tx: Transaction<'_>,
    changes: Vec<(String, Option<String>)>,
    action: &Action,
) -> Result<()> {
    let changes: Vec<Change> = changes
        .into_iter()
        .map(|(rel, text)| Change {
            executable: rel.starts_with("hooks/"),
            path: tracker.repo_path(&rel),
            content: text.map(String::into_bytes),
        })
        .collect();
    let committed = tx.commit(&changes, &action.message())?;
    if let Some(warning) = committed.index_warning {
        ui::warn(&warning);
    }
    ui::recorded(&action.subject(), &committed.id.to_string());
    Ok(())
}

/// Today, from the clock (fixed by `MICROVAC_NOW` in tests).
pub fn today() -> Date {
    crate::clock::today()
}
