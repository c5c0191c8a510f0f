//! The git hooks of this clone. `mv init` installs, per hook, a fixed stub
//! that runs `microvac hook NAME`: the microvac program's own code, never a
//! file of the repository. (A tracker's history is written by many people;
//! a hook that ran a script from it would run anyone's code on every pull.)
//! `hooks/` in the tracker documents the stubs; nothing runs it.

use super::{StoreError, TRACKER_FILE, Tracker, layout};
use std::path::{Path, PathBuf};

/// The hooks microvac installs, in the order it installs them.
pub(super) const HOOK_NAMES: [&str; 3] = ["pre-commit", "post-merge", "post-checkout"];

/// Marks a hook file as microvac's stub.
const STUB_MARK: &str = "microvac-hook-stub";

/// Marks the shims of microvac before 0.2, which ran the tracker's
/// `hooks/NAME` script: upgraded by `mv init`.
const OLD_SHIM_MARK: &str = "microvac-shim";

/// Something installing the hooks wants the user to know.
pub enum HookNotice {
    /// Did not install, and what to do instead.
    Warn(String),
    /// Done, with a detail worth knowing.
    Note(String),
}

/// The stub installed as `.git/hooks/NAME`: the same in every clone.
pub fn stub(name: &str) -> String {
    format!(
        r#"#!/bin/sh
# {STUB_MARK}: installed by `mv init` for this clone. It runs microvac's own
# code and nothing from the repository, so a pull or a checkout cannot change
# what runs here. A hook that was here before is kept as {name}.pre-microvac
# and runs first; if it fails, so does this one.
if [ -x "$(dirname "$0")/{name}.pre-microvac" ]; then
    "$(dirname "$0")/{name}.pre-microvac" "$@" || exit $?
fi
if ! command -v microvac >/dev/null 2>&1; then
    echo "microvac: not installed, so the {name} hook checked nothing (cargo install --path <microvac source> --locked)" >&2
    exit 0
fi
exec microvac hook {name} "$@"
"#
    )
}

/// The line to add to a hook that another tool manages (`core.hooksPath`).
pub fn hook_line(name: &str) -> String {
    format!(
        r#"if command -v microvac >/dev/null 2>&1; then microvac hook {name} "$@" || exit $?; fi"#
    )
}

/// What this clone's hooks directory holds of microvac's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Installed {
    /// The current stub.
    Stub,
    /// A shim that runs the tracker's `hooks/NAME`: to be replaced.
    OldShim,
    /// Nothing of microvac's.
    Missing,
}

fn installed(hook: &Path) -> Installed {
    match std::fs::read_to_string(hook) {
        Ok(text) if text.contains(STUB_MARK) => Installed::Stub,
        Ok(text) if text.contains(OLD_SHIM_MARK) => Installed::OldShim,
        _ => Installed::Missing,
    }
}

/// Where git looks for this clone's hooks.
enum HooksDir {
    /// The clone's own hooks directory (no `core.hooksPath`).
    Own(PathBuf),
    /// `core.hooksPath` pointing at the tracker's own `hooks/`: git runs
    /// whatever a pull puts there.
    Tracker(String),
    /// `core.hooksPath` managed by another tool (husky, lefthook, …).
    Foreign(String, PathBuf),
}

impl Tracker {
    fn hooks_dir(&self) -> HooksDir {
        let Some(path) = self.repo.config_string("core.hooksPath") else {
            return HooksDir::Own(self.repo.common_dir().join("hooks"));
        };
        let expanded = expand_home(&path);
        let dir = if expanded.is_absolute() {
            expanded
        } else {
            self.workdir().join(expanded)
        };
        let ours = self.root().join(layout::hook_path(""));
        if dir.canonicalize().ok() == ours.canonicalize().ok() {
            HooksDir::Tracker(path)
        } else {
            HooksDir::Foreign(path, dir)
        }
    }

    /// The one line a command run in this clone prints when the clone's
    /// hooks are missing or out of date. Cheap when they are there: one
    /// file read.
    pub fn hooks_notice(&self) -> Option<String> {
        let own = self.repo.common_dir().join("hooks").join(HOOK_NAMES[0]);
        let state = installed(&own);
        if state == Installed::Stub {
            return None;
        }
        match (self.hooks_dir(), state) {
            // Another tool owns the hooks; `mv init` said what to add.
            (HooksDir::Foreign(..), _) => None,
            (HooksDir::Own(_), Installed::OldShim) | (HooksDir::Tracker(_), _) => Some(
                "this clone's microvac hooks run scripts from the repository; run `mv init` to replace them with safe ones".into(),
            ),
            (HooksDir::Own(_), _) => Some(
                "this clone has no microvac hooks yet; run `mv init` to install them".into(),
            ),
        }
    }

    /// Installs, for this clone, the stub of each hook (replacing the
    /// shims of earlier versions). A hook already there is kept and run
    /// first; a `core.hooksPath` owned by another tool is left alone, with
    /// the exact line to add given back instead.
    pub fn install_hooks(&self) -> Result<Vec<HookNotice>, StoreError> {
        let hooks_dir = match self.hooks_dir() {
            HooksDir::Own(dir) => dir,
            HooksDir::Tracker(path) => {
                return Ok(vec![HookNotice::Warn(format!(
                    "core.hooksPath is set to {path}, the tracker's own hooks/ folder, so git runs whatever a pull puts there; unset it (git config --unset core.hooksPath) and run `mv init` again to install microvac's fixed hooks"
                ))]);
            }
            HooksDir::Foreign(path, dir) => {
                return Ok(HOOK_NAMES
                    .iter()
                    .map(|name| HookNotice::Warn(format!(
                        "core.hooksPath is set to {path}, which another tool manages, so microvac did not install its {name} hook there; add this line to {}/{name} to validate the tracker:\n    {}",
                        dir.display(),
                        hook_line(name),
                    )))
                    .collect());
            }
        };
        io(std::fs::create_dir_all(&hooks_dir), &hooks_dir)?;
        let mut notices = Vec::new();
        for name in HOOK_NAMES {
            if let Some(notice) = install_hook(&hooks_dir, name)? {
                notices.push(notice);
            }
        }
        Ok(notices)
    }

    /// The trackers a hook run from the work tree's root checks: the one
    /// found from `start` as any command finds it, else every tracker whose
    /// `microvac.toml` is in the index (a tracker nested deeper).
    pub fn find_for_hook(start: &Path) -> Result<Vec<Tracker>, StoreError> {
        match Tracker::find(start) {
            Ok(tracker) => Ok(vec![tracker]),
            Err(StoreError::NoTracker { .. }) => {
                let repo = crate::git::Repo::discover(start)?;
                let files = repo.staged_named(TRACKER_FILE)?;
                let mut trackers = Vec::new();
                for file in files {
                    let dir = file.strip_suffix(TRACKER_FILE).unwrap_or_default();
                    let root = repo.workdir().join(dir.trim_end_matches('/'));
                    if let Ok(tracker) = Tracker::find(&root) {
                        trackers.push(tracker);
                    }
                }
                Ok(trackers)
            }
            Err(e) => Err(e),
        }
    }
}

fn install_hook(hooks_dir: &Path, name: &str) -> Result<Option<HookNotice>, StoreError> {
    let target = hooks_dir.join(name);
    let chained = hooks_dir.join(format!("{name}.pre-microvac"));
    let mut notice = None;
    let present = target.symlink_metadata().is_ok();
    if present && installed(&target) == Installed::Missing {
        if chained.exists() {
            return Err(StoreError::Io {
                path: target.display().to_string(),
                source: std::io::Error::other(format!(
                    "cannot install the {name} hook: {} exists too; merge them by hand, then add this line to {}:\n    {}",
                    chained.display(),
                    target.display(),
                    hook_line(name)
                )),
            });
        }
        io(std::fs::rename(&target, &chained), &target)?;
        notice = Some(HookNotice::Note(format!(
            "kept your existing {name} hook as {}; it still runs first",
            chained.display()
        )));
    }
    crate::git::write_atomic(&target, stub(name).as_bytes(), true)?;
    Ok(notice)
}

fn io(result: std::io::Result<()>, path: &Path) -> Result<(), StoreError> {
    result.map_err(|source| StoreError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => path.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tracker_documents_each_stub_exactly() {
        for (name, doc) in super::super::templates::HOOK_DOCS {
            let stub = stub(name);
            for line in stub.lines() {
                let documented = format!("#     {line}").trim_end().to_owned();
                assert!(
                    doc.lines().any(|l| l == documented),
                    "hooks/{name} does not show the stub line {line:?}"
                );
            }
            assert!(doc.contains(&hook_line(name)), "hooks/{name}");
            assert!(
                !doc.starts_with("#!"),
                "hooks/{name} must not look runnable"
            );
        }
    }
}
