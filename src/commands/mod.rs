//! One module per command: its clap `Args` and its `run`. A command reads
//! its arguments, asks the [`Tracker`] for records or a [`Writer`], and
//! hands a view to `render`; this module holds what they share.

pub(crate) mod args;
pub(crate) mod check;
pub(crate) mod checkin;
mod commitment;
pub(crate) mod done;
pub(crate) mod drop;
pub(crate) mod due;
pub(crate) mod edit;
pub(crate) mod fill;
pub(crate) mod history;
pub(crate) mod init;
pub(crate) mod log;
pub(crate) mod records;
pub(crate) mod reopen;
pub(crate) mod shell_init;
pub(crate) mod show;
pub(crate) mod table;

use crate::{
    error::user,
    model::{Action, Kind},
    render::{Format, TableStyle},
    store::{Loaded, Tracker, Writer},
    ui,
};
use anyhow::Result;
use std::path::PathBuf;

/// What every command gets: where it runs and how to print.
pub(crate) struct Ctx {
    /// The directory it runs in (after `-C`).
    pub cwd: PathBuf,
    /// `--format`.
    pub format: Format,
}

impl Ctx {
    /// Finds the tracker from the working directory (or `-C`).
    pub fn tracker(&self) -> Result<Tracker> {
        Ok(Tracker::find(&self.cwd)?)
    }

    /// A terminal table's style for stdout.
    pub fn table_style(&self, ascii: bool) -> TableStyle {
        TableStyle::for_stdout(!ascii && ui::stdout_styled())
    }

    /// Refuses `markdown` and `csv` for commands that print no table.
    pub fn table_or_json(&self) -> Result<Format> {
        match self.format {
            Format::Table | Format::Json => Ok(self.format),
            other => Err(user(format!(
                "--format {} is not available here; use table or json",
                format!("{other:?}").to_lowercase()
            ))),
        }
    }
}

/// Loads the records of `kinds`. Files that cannot be loaded are warned
/// about, not fatal: the rest still works.
pub(crate) fn load(tracker: &Tracker, kinds: &[Kind]) -> Loaded {
    let loaded = tracker.load(kinds);
    for p in &loaded.problems {
        ui::warn(&format!("skipped {} (run `mv check`)", p.headline()));
    }
    loaded
}

/// Starts a change, telling the user what starting it put right (a write
/// a kill interrupted, the index of tracker files).
pub(crate) fn begin(tracker: &Tracker) -> Result<Writer<'_>> {
    let mut writer = tracker.begin()?;
    for notice in writer.take_notices() {
        ui::note(&notice);
    }
    Ok(writer)
}

/// Records the writer's change as one commit and tells the user.
pub(crate) fn finish(mut writer: Writer<'_>, action: &Action) -> Result<()> {
    for notice in writer.take_notices() {
        ui::note(&notice);
    }
    let committed = writer.commit(action)?;
    ui::recorded(&action.subject(), &committed.id.to_string());
    Ok(())
}
