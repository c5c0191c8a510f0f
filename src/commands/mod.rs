//! One module per command: its clap `Args` and its `run`. A command reads
//! its arguments, asks the [`Tracker`] for records or a [`Writer`], and
//! hands a view to `render`; this module holds what they share.

pub(crate) mod args;
mod carried;
pub(crate) mod check;
pub(crate) mod checkin;
pub(crate) mod coach;
mod commitment;
pub(crate) mod completions;
pub(crate) mod done;
pub(crate) mod drop;
pub(crate) mod due;
pub(crate) mod edit;
mod editing;
pub(crate) mod fill;
pub(crate) mod growth;
pub(crate) mod history;
pub(crate) mod hook;
pub(crate) mod init;
pub(crate) mod list;
pub(crate) mod log;
pub(crate) mod man;
pub(crate) mod merge_file;
mod private_note;
pub(crate) mod records;
pub(crate) mod redo;
pub(crate) mod reopen;
pub(crate) mod report;
pub(crate) mod resolve;
pub(crate) mod shell_init;
pub(crate) mod show;
pub(crate) mod suggest;
pub(crate) mod sync;
pub(crate) mod table;
pub(crate) mod undo;

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
    /// `--format` (`table` when not given).
    pub format: Format,
    /// Whether `--format` was given (some commands pick their own default).
    pub format_given: bool,
    /// Whether finding the tracker also says, once, what is amiss with this
    /// clone: hooks missing, a sparse checkout hiding records. Off for the
    /// commands that set a clone up or that git runs (`init`, `hook`).
    pub notices: bool,
}

impl Ctx {
    /// Finds the tracker from the working directory (or `-C`).
    pub fn tracker(&self) -> Result<Tracker> {
        let tracker = Tracker::find(&self.cwd)?;
        if self.notices {
            static ONCE: std::sync::Once = std::sync::Once::new();
            ONCE.call_once(|| {
                if let Some(hooks) = tracker.hooks_notice() {
                    ui::note(&hooks);
                }
                if let Some(sparse) = tracker.sparse_notice() {
                    ui::warn(&sparse);
                }
            });
        }
        Ok(tracker)
    }

    /// A terminal table's style for stdout.
    pub fn table_style(&self, ascii: bool) -> TableStyle {
        TableStyle::for_stdout(!ascii && ui::stdout_styled())
    }

    /// Refuses `markdown`, `csv`, `html` and `ics` for commands that print
    /// no table.
    pub fn table_or_json(&self) -> Result<Format> {
        self.format_among(&[Format::Table, Format::Json])
    }

    /// Refuses `html` and `ics` for commands that print a table.
    pub fn grid_format(&self) -> Result<Format> {
        self.format_among(&[Format::Table, Format::Json, Format::Markdown, Format::Csv])
    }

    /// The format asked for, when it is one of `allowed`.
    pub fn format_among(&self, allowed: &[Format]) -> Result<Format> {
        if allowed.contains(&self.format) {
            return Ok(self.format);
        }
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        Err(user(format!(
            "--format {} is not available here; use {}",
            self.format.name(),
            or_list(&names)
        )))
    }
}

/// "a, b or c".
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
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
