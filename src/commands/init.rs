//! `mv init`: start a tracker in a git repo (or a plain directory, which
//! becomes one), or, in a fresh clone of an existing tracker, install the
//! hooks for that clone and touch nothing else.

use super::Ctx;
use crate::{
    error::user,
    store::{HookNotice, TRACKER_FILE, Tracker},
    ui,
};
use anyhow::Result;
use std::{path::Component, process::ExitCode};

/// Start a tracker here (once per team), or install its hooks in a new clone.
///
/// Writes microvac.toml, the default vacuum catalog (vacuums/), the team's
/// editable templates (templates/) and what the git hooks do (hooks/, for
/// reading), installs the hooks for this clone (fixed stubs that run
/// `microvac hook`), and makes one commit. Running it again is safe: it
/// never overwrites records.
///
/// Examples:
///   mv init --team payments-team
///   mv init --dir coaching        (the tracker in a subdirectory of the repo)
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The team's name (default: the directory's name).
    #[arg(long)]
    team: Option<String>,
    /// Put the tracker in this subdirectory of the repository.
    #[arg(long = "dir", id = "tracker_dir", value_name = "DIR")]
    dir: Option<std::path::PathBuf>,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    if let Some(team) = &args.team
        && (team.trim().is_empty() || team.chars().any(char::is_control))
    {
        return Err(user("--team needs a name without control characters"));
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
    let outcome = Tracker::init(&ctx.cwd, args.dir.as_deref(), args.team.as_deref())?;
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
    }
    Ok(ExitCode::SUCCESS)
}
