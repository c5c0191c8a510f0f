//! `mv init`: start a tracker in a git repo (or a plain directory, which
//! becomes one), or, in a fresh clone of an existing tracker, install the
//! hooks for that clone and touch nothing else.

use super::{Ctx, record};
use crate::{
    error::{hinted, user},
    git::Repo,
    model::Action,
    store::{RecordDoc, TRACKER_FILE, Tracker, templates},
    ui,
};
use anyhow::{Context, Result};
use std::{path::Path, process::ExitCode};

/// Start a tracker here (once per team), or install its hooks in a new clone.
///
/// Writes microvac.toml, the default vacuum catalog (vacuums/), the team's
/// editable templates (templates/) and the git hooks (hooks/), installs the
/// hooks for this clone, and makes one commit. Running it again is safe: it
/// never overwrites records.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The team's name (default: the directory's name).
    #[arg(long)]
    team: Option<String>,
    /// Put the tracker in this subdirectory of the repository.
    #[arg(long = "dir", id = "tracker_dir", value_name = "DIR")]
    dir: Option<std::path::PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    if let Some(team) = &args.team
        && (team.trim().is_empty() || team.chars().any(char::is_control))
    {
        return Err(user("--team needs a name without control characters"));
    }
    if let Some(dir) = &args.dir {
        let bad = dir.is_absolute()
            || dir
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)));
        if bad || dir.as_os_str().is_empty() {
            return Err(user(format!(
                "--dir {} must be a relative path inside the repository, without `..`",
                dir.display()
            )));
        }
    }
    if Repo::discover(&ctx.cwd).is_err() {
        // Nothing may be written without an author: check before `git init`.
        crate::git::Identity::without_repo()?;
    }
    let (repo, created) = Repo::discover_or_init(&ctx.cwd)?;
    if created {
        ui::note(&format!(
            "initialised a git repository in {}",
            repo.workdir().display()
        ));
    }
    let base = match &args.dir {
        Some(_) => ctx.cwd.canonicalize()?,
        None => repo.workdir().to_path_buf(),
    };
    let root = match &args.dir {
        Some(dir) => base.join(dir),
        None => base,
    };
    if root.join(TRACKER_FILE).is_file() {
        let tracker = Tracker::at(repo, root.canonicalize()?);
        install_hooks(&tracker)?;
        ui::note(&format!(
            "a tracker is already here ({}); hooks are installed for this clone, records untouched",
            tracker.repo_path(TRACKER_FILE)
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let team = match args.team {
        Some(team) => team,
        None => root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    // Nothing may be written without an author.
    repo.identity()?;
    std::fs::create_dir_all(&root)
        .with_context(|| format!("could not create {}", root.display()))?;
    let tracker = Tracker::at(repo, root.canonicalize()?);
    let tx = tracker.repo.begin()?;
    let mut changes = Vec::new();
    let mut settings = RecordDoc::from_template(TRACKER_FILE, templates::SETTINGS)
        .map_err(|p| anyhow::anyhow!(p.headline()))?;
    settings.set_str("team", &team);
    changes.push((TRACKER_FILE.to_owned(), settings.into_string()));
    for (slug, text) in templates::CATALOG {
        changes.push((format!("vacuums/{slug}.toml"), (*text).to_owned()));
    }
    for (name, text) in templates::EDITABLE {
        changes.push((format!("templates/{name}"), (*text).to_owned()));
    }
    for (name, text) in templates::HOOKS {
        changes.push((format!("hooks/{name}"), (*text).to_owned()));
    }
    // Never overwrite: keep whatever is already there.
    let changes: Vec<(String, Option<String>)> = changes
        .into_iter()
        .filter(|(rel, _)| !tracker.abs(rel).exists())
        .map(|(rel, text)| (rel, Some(text)))
        .collect();
    record(&tracker, tx, changes, &Action::Init { team })?;
    install_hooks(&tracker)?;
    Ok(ExitCode::SUCCESS)
}

/// Marks a hook file as microvac's own shim.
const SHIM_MARK: &str = "microvac-shim";

/// Installs, for this clone, a shim per hook that runs the tracker's
/// versioned hook. A hook already there is kept and run first; a
/// `core.hooksPath` owned by another tool is left alone, with the exact
/// line to add printed instead.
pub fn install_hooks(tracker: &Tracker) -> Result<()> {
    let repo = &tracker.repo;
    let ours = tracker.root().join("hooks");
    let hooks_dir = match repo.config_string("core.hooksPath") {
        Some(path) => {
            let expanded = expand_home(&path);
            let dir = if expanded.is_absolute() {
                expanded
            } else {
                repo.workdir().join(expanded)
            };
            if dir.canonicalize().ok() == ours.canonicalize().ok() {
                return Ok(());
            }
            for (name, _) in templates::HOOKS {
                ui::warn(&format!(
                    "core.hooksPath is set to {path}, which another tool manages, so microvac did not install its {name} hook there; add this line to {}/{name} to validate the tracker:\n    {}",
                    dir.display(),
                    hook_command(tracker, name),
                ));
            }
            return Ok(());
        }
        None => repo.common_dir().join("hooks"),
    };
    std::fs::create_dir_all(&hooks_dir)
        .with_context(|| format!("could not create {}", hooks_dir.display()))?;
    for (name, _) in templates::HOOKS {
        let target = hooks_dir.join(name);
        let chained = hooks_dir.join(format!("{name}.pre-microvac"));
        let existing = std::fs::read_to_string(&target).ok();
        let is_ours = existing.as_deref().is_some_and(|t| t.contains(SHIM_MARK));
        if target.exists() && !is_ours {
            if chained.exists() {
                return Err(hinted(
                    format!(
                        "cannot install the {name} hook: both {} and {} exist",
                        target.display(),
                        chained.display()
                    ),
                    format!(
                        "merge them by hand, then add this line to {}:\n    {}",
                        target.display(),
                        hook_command(tracker, name)
                    ),
                ));
            }
            std::fs::rename(&target, &chained).with_context(|| {
                format!("could not move the existing {} aside", target.display())
            })?;
            ui::note(&format!(
                "kept your existing {name} hook as {}; it still runs first",
                chained.display()
            ));
        }
        crate::git::write_atomic(&target, shim(tracker, name).as_bytes(), true)?;
    }
    Ok(())
}

fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => path.into(),
    }
}

/// The line that runs the tracker's versioned hook from a hook script.
fn hook_command(tracker: &Tracker, name: &str) -> String {
    let rel = tracker.repo_path(&format!("hooks/{name}"));
    format!("sh \"$(git rev-parse --show-toplevel)/{rel}\" \"$@\"")
}

fn shim(tracker: &Tracker, name: &str) -> String {
    let rel = tracker.repo_path(&format!("hooks/{name}"));
    format!(
        r#"#!/bin/sh
# {SHIM_MARK}: installed by `mv init` for this clone. It runs the tracker's
# versioned hook, {rel}. A hook that was here before is kept as
# {name}.pre-microvac and runs first; if it fails, so does this one.
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/{name}.pre-microvac" ]; then
    "$hook_dir/{name}.pre-microvac" "$@" || exit $?
fi
hook="$(git rev-parse --show-toplevel)/{rel}"
[ -f "$hook" ] || exit 0
exec sh "$hook" "$@"
"#
    )
}
