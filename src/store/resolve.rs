//! `mv resolve`: ends a merge conflict in a tracker file by keeping one
//! side of every marked hunk (the markers the merge driver writes around
//! one field, or git's own line markers), checks that what is left is a
//! valid record, and stages the file, so the merge, rebase or cherry-pick
//! that stopped can go on.

use super::{
    StoreError, TRACKER_FILE, Tracker,
    layout::{self, PathOf},
    load,
    merge::{MarkerConflict, Side, parse_conflicts, resolve_conflicts},
};
use crate::{
    git::Operation,
    model::{Conversation, Kind, Settings, text},
};
use std::path::Path;

/// A file resolved.
pub struct Resolved {
    /// The file, as the user sees it.
    pub file: String,
    /// The hunks that were resolved (none: the file had no markers left
    /// and was only marked resolved).
    pub conflicts: Vec<MarkerConflict>,
}

/// Why a file could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// The name is neither a tracker file nor a commitment ID.
    #[error("{0} is not a file of the tracker, nor a commitment ID")]
    NotTrackerFile(String),
    /// No markers, and git has no conflict on it.
    #[error("nothing to resolve in {0}: it has no conflict markers and git has no conflict on it")]
    NothingToResolve(String),
    /// No file named, and none in conflict.
    #[error("no file of the tracker is in conflict")]
    NoConflicts,
    /// Reading, checking or staging failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<crate::git::GitError> for ResolveError {
    fn from(e: crate::git::GitError) -> Self {
        ResolveError::Store(e.into())
    }
}

impl ResolveError {
    /// How to get past it.
    pub fn hint(&self) -> Option<String> {
        match self {
            ResolveError::NotTrackerFile(_) => Some(
                "name the file as `mv check` or `git status` shows it, or a commitment's ID".into(),
            ),
            ResolveError::NothingToResolve(_) | ResolveError::NoConflicts => {
                Some("`git status` shows what is in conflict".into())
            }
            ResolveError::Store(e) => e.hint(),
        }
    }
}

impl Tracker {
    /// The tracker files git has marked conflicted, as shown (relative to
    /// the work tree).
    pub fn conflicted_files(&self) -> Result<Vec<String>, StoreError> {
        let prefix = self.prefix();
        Ok(self
            .repo
            .unmerged_paths()?
            .into_iter()
            .filter(|p| {
                prefix.is_empty()
                    || p.strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .collect())
    }

    /// The operation git has in progress in this work tree, if any.
    pub fn in_progress(&self) -> Option<Operation> {
        self.repo.in_progress()
    }

    /// Resolves the file `target` names (a path relative to `cwd` or to
    /// the work tree, or a commitment ID) by keeping `side` of each
    /// conflict; the result must be a valid record, and is staged.
    pub fn resolve(&self, cwd: &Path, target: &str, side: Side) -> Result<Resolved, ResolveError> {
        let rel = self.locate(cwd, target)?;
        let shown = self.shown(&rel);
        let _lock = self.repo.hold_writer_lock()?;
        let text = self.read_text(&rel)?;
        let conflicts = parse_conflicts(&text);
        if conflicts.is_empty() {
            if !self.conflicted_files()?.contains(&shown) {
                return Err(ResolveError::NothingToResolve(shown));
            }
            validate(&rel, &shown, &text)?;
        } else {
            let resolved = resolve_conflicts(&text, side);
            validate(&rel, &shown, &resolved)?;
            crate::git::write_atomic(&self.root().join(&rel), resolved.as_bytes(), false)?;
        }
        self.repo.stage(std::slice::from_ref(&shown))?;
        Ok(Resolved {
            file: shown,
            conflicts,
        })
    }

    /// The tracker-relative path of the file `target` names.
    fn locate(&self, cwd: &Path, target: &str) -> Result<String, ResolveError> {
        let candidates = [cwd.join(target), self.workdir().join(target)];
        for candidate in candidates.iter().filter(|c| c.is_file()) {
            let Ok(abs) = candidate.canonicalize() else {
                continue;
            };
            if let Ok(rel) = abs.strip_prefix(self.root()) {
                return Ok(rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"));
            }
        }
        match self.find_commitment(target) {
            Ok(found) => Ok(found.rel),
            Err(e @ StoreError::AmbiguousId { .. }) => Err(e.into()),
            Err(_) => Err(ResolveError::NotTrackerFile(target.to_owned())),
        }
    }
}

/// Checks a resolved file as the loader will read it.
fn validate(rel: &str, shown: &str, text: &str) -> Result<(), StoreError> {
    let checked = match layout::path_of(rel) {
        PathOf::Named(kind, _) => load::validate_named(kind, shown, text),
        PathOf::Commitment { .. } => load::parse_commitment(rel, shown, text).map(drop),
        PathOf::Conversation(_) => load::parse_record::<Conversation>(shown, text)
            .map(drop)
            .and_then(|()| load::text_rules(text::text_fields(Kind::Conversation), shown, text)),
        PathOf::Other if rel == TRACKER_FILE => load::parse_record::<Settings>(shown, text)
            .map(drop)
            .and_then(|()| load::text_rules(text::SETTINGS_FIELDS, shown, text)),
        PathOf::Other if rel.ends_with(".toml") => {
            load::parse_record::<toml::Table>(shown, text).map(drop)
        }
        PathOf::Other => Ok(()),
    };
    Ok(checked?)
}
