//! The registry of commands: one module per command (its clap `Args` and
//! its `run`), the [`Command`] enum clap parses into, and [`run`], which
//! dispatches it. Adding a command touches two files: its own module and
//! this one (the `mod` line, a variant, a dispatch arm). Everything else
//! (help, man pages, completions, which words `mv WORD …` keeps from the
//! system `mv`) is derived from the enum.
//!
//! A command reads its arguments, asks the [`Tracker`] for records or a
//! [`Writer`], and hands a view to `render`; this module also holds what
//! they share.

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

use crate::error::Result;
use crate::{
    model::{Action, Kind},
    render::TableStyle,
    store::{Loaded, Tracker, Writer},
    ui,
};
use std::{io::Write, path::PathBuf, process::ExitCode};

/// A command as clap parses it: its name is the variant's in kebab case,
/// its help the doc comment of its `Args`. The order is the order of
/// `mv --help`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    Init(init::Args),
    /// People: the engineers coached and their buddies.
    #[command(subcommand)]
    Person(records::PersonCmd),
    /// Projects on which vacuums get filled.
    #[command(subcommand)]
    Project(records::ProjectCmd),
    /// The catalog of leadership micro-vacuums.
    #[command(subcommand)]
    Vacuum(records::VacuumCmd),
    Check(check::Args),
    Log(log::Args),
    Fill(fill::Args),
    Checkin(checkin::Args),
    Done(done::Args),
    Drop(drop::Args),
    Edit(edit::Args),
    Show(show::Args),
    Reopen(reopen::Args),
    Table(table::Args),
    History(history::Args),
    Due(due::Args),
    ShellInit(shell_init::Args),
    Suggest(suggest::Args),
    Growth(growth::Args),
    Coach(coach::Args),
    Report(report::Args),
    List(list::Args),
    Completions(completions::Args),
    Man(man::Args),
    /// The git merge driver for tracker records (git runs it; see `mv init`).
    #[command(hide = true)]
    MergeFile(merge_file::Args),
    Sync(sync::Args),
    Undo(undo::Args),
    Redo(redo::Args),
    Resolve(resolve::Args),
    Hook(hook::Args),
}

/// The first words that make `mv WORD …` microvac's besides the commands:
/// clap's help and version.
pub(crate) const HELP_AND_VERSION: &[&str] = &["help", "-h", "--help", "-V", "--version"];

/// Whether `word` names a command: clap's derived check on the names, so
/// an ordinary file move (`mv a b`) builds no parser.
pub(crate) fn is_command(word: &str) -> bool {
    <Command as clap::Subcommand>::has_subcommand(word)
}

/// Every first word that makes `mv` microvac's: the commands with their
/// aliases (hidden ones too), help and version.
pub(crate) fn own_first_args() -> Vec<String> {
    let cli = <Command as clap::Subcommand>::augment_subcommands(clap::Command::new("mv"));
    cli.get_subcommands()
        .flat_map(|sub| std::iter::once(sub.get_name()).chain(sub.get_all_aliases()))
        .chain(HELP_AND_VERSION.iter().copied())
        .map(str::to_owned)
        .collect()
}

/// Runs `command` in `cwd`, printing to stdout.
/// `parser` is the whole command line as clap sees it, named as the
/// program was called (for `mv man`, which renders it).
pub(crate) fn run(
    command: Command,
    cwd: PathBuf,
    parser: fn(&'static str) -> clap::Command,
) -> Result<ExitCode> {
    use Command as C;
    let ctx = Ctx {
        cwd,
        // The commands that set a clone up, or that git or a shell runs.
        notices: !matches!(
            command,
            C::Init(_)
                | C::Hook(_)
                | C::ShellInit(_)
                | C::MergeFile(_)
                | C::Completions(_)
                | C::Man(_)
        ),
    };
    let stdout = std::io::stdout();
    let mut out = anstream::AutoStream::auto(stdout.lock());
    let out: &mut dyn Write = &mut out;
    let code = match command {
        C::Init(args) => init::run(&ctx, args)?,
        C::Person(cmd) => records::run(&ctx, cmd, out)?,
        C::Project(cmd) => records::run(&ctx, cmd, out)?,
        C::Vacuum(cmd) => records::run(&ctx, cmd, out)?,
        C::Check(args) => check::run(&ctx, args, out)?,
        C::Log(args) => log::run(&ctx, args)?,
        C::Fill(args) => fill::run(&ctx, args)?,
        C::Checkin(args) => checkin::run(&ctx, args)?,
        C::Done(args) => done::run(&ctx, args)?,
        C::Drop(args) => drop::run(&ctx, args)?,
        C::Edit(args) => edit::run(&ctx, args)?,
        C::Show(args) => show::run(&ctx, args, out)?,
        C::Reopen(args) => reopen::run(&ctx, args)?,
        C::Table(args) => table::run(&ctx, args, out)?,
        C::History(args) => history::run(&ctx, args, out)?,
        C::Due(args) => due::run(&ctx, args, out)?,
        C::ShellInit(args) => shell_init::run(&ctx, args, out)?,
        C::Suggest(args) => suggest::run(&ctx, args, out)?,
        C::Growth(args) => growth::run(&ctx, args, out)?,
        C::Coach(args) => coach::run(&ctx, args)?,
        C::Report(args) => report::run(&ctx, args, out)?,
        C::List(args) => list::run(&ctx, args, out)?,
        C::Completions(args) => completions::run(&ctx, args, out)?,
        C::Man(args) => man::run(&ctx, args, parser, out)?,
        C::MergeFile(args) => merge_file::run(&ctx, args)?,
        C::Sync(args) => sync::run(&ctx, args, out)?,
        C::Undo(args) => undo::run(&ctx, args)?,
        C::Redo(args) => redo::run(&ctx, args)?,
        C::Resolve(args) => resolve::run(&ctx, args, out)?,
        C::Hook(args) => hook::run(&ctx, args, out)?,
    };
    out.flush()?;
    Ok(code)
}

/// What every command gets: where it runs.
pub(crate) struct Ctx {
    /// The directory it runs in (after `-C`).
    pub cwd: PathBuf,
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
