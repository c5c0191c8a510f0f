//! `mv init`: start a tracker in a git repo (or a plain directory, which
//! becomes one), or, in a fresh clone of an existing tracker, install the
//! hooks for that clone and touch nothing else.

use super::Ctx;
use crate::error::Result;
use crate::{
    error::user,
    store::{HookNotice, TRACKER_FILE, Tracker},
    ui,
};
use std::{path::Component, process::ExitCode};

/// Start a tracker here (once per team), or install its hooks in a new clone.
///
/// Writes microvac.toml, the default vacuum catalog (vacuums/), the team's
/// editable templates (templates/), what the git hooks do (hooks/, for
/// reading), a JSON Schema per kind of record for editors (schemas/) and a .gitattributes line that sends records to microvac's
/// field-by-field merge driver, and makes one commit; then installs this
/// clone's hooks (fixed stubs that run `microvac hook`) and names the merge
/// driver in its git config. Running it again is safe: it never overwrites
/// records. In a fresh clone of a tracker it only sets up that clone, and
/// brings the schemas up to date in a commit of their own when this
/// microvac's differ.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv init ~/coaching            (a new repository, created if missing)
  mv init --team payments-team  (in the repository you are in)"#)]
pub(crate) struct Args {
    /// Where to start the tracker: as `cd PATH && mv init` (default: here).
    /// A missing PATH is created as a new git repository of its own.
    #[arg(value_name = "PATH", value_hint = clap::ValueHint::DirPath)]
    path: Option<std::path::PathBuf>,
    /// The team's name (default: the directory's name).
    #[arg(long)]
    team: Option<String>,
    /// Put the tracker in this subdirectory of the repository.
    #[arg(long = "dir", id = "tracker_dir", value_name = "DIR")]
    dir: Option<std::path::PathBuf>,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    if let Some(team) = &args.team {
        if team.trim().is_empty() {
            return Err(user("--team needs a name without control characters"));
        }
        if let Err(e) = crate::model::text::check_one_line(team) {
            return Err(user(format!("--team {e}")));
        }
    }
    if let Some(dir) = &args.dir {
        let bad = dir.is_absolute() || dir.components().any(|c| !matches!(c, Component::Normal(_)));
        if bad || dir.as_os_str().is_empty() {
            return Err(user(format!(
                "--dir {} must be a relative path inside the repository, without `..`",
                dir.display()
            )));
        }
    }
    let (dir, team) = (args.dir.as_deref(), args.team.as_deref());
    let outcome = match &args.path {
        Some(path) => Tracker::init_in(&ctx.cwd.join(path), dir, team)?,
        None => Tracker::init(&ctx.cwd, dir, team, false)?,
    };
    if outcome.git_init {
        ui::note(&format!(
            "initialised a git repository in {}",
            outcome.tracker.workdir().display()
        ));
    }
    if let Some(committed) = &outcome.committed {
        let team = outcome
            .tracker
            .settings()
            .and_then(|s| s.team.clone())
            .unwrap_or_default();
        let action = crate::model::Action::Init { team };
        ui::recorded(&action.subject(), &committed.id.to_string());
    }
    if let Some(committed) = &outcome.driver_commit {
        let action = crate::model::Action::MergeDriver;
        ui::recorded(&action.subject(), &committed.id.to_string());
    }
    if let Some(committed) = &outcome.schema_commit {
        let action = crate::model::Action::Schemas;
        ui::recorded(&action.subject(), &committed.id.to_string());
    }
    for kept in &outcome.schemas_kept {
        ui::warn(&format!(
            "{kept} has changes of yours, so it was not brought up to date; commit or discard them and run `mv init` again"
        ));
    }
    if outcome.driver_registered && outcome.driver_was_unsafe {
        ui::warn(
            "replaced this clone's merge driver (merge.microvac.driver), which let a shell evaluate file names from the repository, with microvac's safe one",
        );
    } else if outcome.driver_registered && !outcome.created {
        ui::note(
            "named the microvac merge driver in this clone's git config: records merge field by field",
        );
    }
    for notice in &outcome.hooks {
        match notice {
            HookNotice::Warn(w) => ui::warn(w),
            HookNotice::Note(n) => ui::note(n),
        }
    }
    if !outcome.created {
        ui::note(&format!(
            "a tracker is already here ({}); hooks are installed for this clone, records untouched",
            outcome.tracker.shown(TRACKER_FILE)
        ));
        warn_if_team_differs(&outcome.tracker, args.team.as_deref());
    }
    Ok(ExitCode::SUCCESS)
}

/// `mv init --team NAME` on a tracker with another team name changes
/// nothing (records are never overwritten): say so, and how to rename.
fn warn_if_team_differs(tracker: &Tracker, asked: Option<&str>) {
    let Some(asked) = asked else { return };
    let current = tracker.settings().and_then(|s| s.team.clone());
    if current.as_deref() == Some(asked) {
        return;
    }
    let shown = tracker.shown(TRACKER_FILE);
    ui::warn(&format!(
        "--team {asked:?} was not applied: this tracker's team is {}; to rename it, edit `team` in {shown} and commit it",
        current.map_or_else(|| "not set".to_owned(), |t| format!("{t:?}"))
    ));
}
