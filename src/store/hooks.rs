//! The git hooks of this clone: `mv init` installs a small shim per hook in
//! the clone's hooks directory.

use super::{StoreError, Tracker, layout, templates};
use std::path::{Path, PathBuf};

/// Marks a hook file as microvac's own shim.
const SHIM_MARK: &str = "microvac-shim";

/// Something installing the hooks wants the user to know.
pub enum HookNotice {
    /// Did not install, and what to do instead.
    Warn(String),
    /// Done, with a detail worth knowing.
    Note(String),
}

impl Tracker {
    /// Installs, for this clone, a shim per hook that runs the tracker's
    /// hook. A hook already there is kept and run first; a
    /// `core.hooksPath` owned by another tool is left alone, with the exact
    /// line to add given back instead.
    pub fn install_hooks(&self) -> Result<Vec<HookNotice>, StoreError> {
        let ours = self.root().join(layout::hook_path(""));
        let hooks_dir = match self.repo.config_string("core.hooksPath") {
            Some(path) => {
                let expanded = expand_home(&path);
                let dir = if expanded.is_absolute() {
                    expanded
                } else {
                    self.workdir().join(expanded)
                };
                if dir.canonicalize().ok() == ours.canonicalize().ok() {
                    return Ok(Vec::new());
                }
                return Ok(templates::HOOKS
                    .iter()
                    .map(|(name, _)| HookNotice::Warn(format!(
                        "core.hooksPath is set to {path}, which another tool manages, so microvac did not install its {name} hook there; add this line to {}/{name} to validate the tracker:\n    {}",
                        dir.display(),
                        self.hook_command(name),
                    )))
                    .collect());
            }
            None => self.repo.common_dir().join("hooks"),
        };
        io(std::fs::create_dir_all(&hooks_dir), &hooks_dir)?;
        let mut notices = Vec::new();
        for (name, _) in templates::HOOKS {
            if let Some(notice) = self.install_hook(&hooks_dir, name)? {
                notices.push(notice);
            }
        }
        Ok(notices)
    }

    fn install_hook(&self, hooks_dir: &Path, name: &str) -> Result<Option<HookNotice>, StoreError> {
        let target = hooks_dir.join(name);
        let chained = hooks_dir.join(format!("{name}.pre-microvac"));
        let existing = std::fs::read_to_string(&target).ok();
        let is_ours = existing.as_deref().is_some_and(|t| t.contains(SHIM_MARK));
        let mut notice = None;
        if target.exists() && !is_ours {
            if chained.exists() {
                return Err(StoreError::Io {
                    path: target.display().to_string(),
                    source: std::io::Error::other(format!(
                        "cannot install the {name} hook: {} exists too; merge them by hand, then add this line to {}:\n    {}",
                        chained.display(),
                        target.display(),
                        self.hook_command(name)
                    )),
                });
            }
            io(std::fs::rename(&target, &chained), &target)?;
            notice = Some(HookNotice::Note(format!(
                "kept your existing {name} hook as {}; it still runs first",
                chained.display()
            )));
        }
        crate::git::write_atomic(&target, self.shim(name).as_bytes(), true)?;
        Ok(notice)
    }

    /// The line that runs the tracker's hook from a hook script.
    fn hook_command(&self, name: &str) -> String {
        let rel = self.shown(&layout::hook_path(name));
        format!("sh \"$(git rev-parse --show-toplevel)/{rel}\" \"$@\"")
    }

    fn shim(&self, name: &str) -> String {
        let rel = self.shown(&layout::hook_path(name));
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
