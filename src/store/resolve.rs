//! `mv resolve`: ends a merge conflict in a tracker file by keeping one
//! side of every marked hunk (the markers the merge driver writes around
//! one field, or git's own line markers), checks that what is left is a
//! valid record, and stages the file, so the merge, rebase or cherry-pick
//! that stopped can go on. In a modify/delete conflict (one side deleted
//! the file, the other changed it) the side asked for wins: the file is
//! deleted, or the changed file kept. Also the words for each kind of
//! conflict, with the command that settles it, for `mv check` and
//! `mv sync`.

use super::{
    Problem, StoreError, TRACKER_FILE, Tracker,
    layout::{self, PathOf},
    load,
    merge::{
        MarkerConflict, Side, marker_lines_inside_strings, markers_inside_strings, parse_conflicts,
        resolve_conflicts, resolve_conflicts_in_strings, start_marker,
    },
};
use crate::{
    git::{ConflictSides, Operation},
    model::{Conversation, Kind, Settings},
};
use std::path::Path;

/// A file resolved.
pub struct Resolved {
    /// The file, as the user sees it.
    pub file: String,
    /// The hunks that were resolved (none: the file had no markers left
    /// and was only marked resolved).
    pub conflicts: Vec<MarkerConflict>,
    /// In a modify/delete conflict, whether the side kept is the one that
    /// deleted the file (it is gone) or the one that changed it.
    pub modify_delete: Option<Kept>,
}

/// Which version of a file in a modify/delete conflict was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The side that deleted it: the file is deleted.
    Deletion,
    /// The side that changed it: the changed file stays.
    Change,
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
        if let Some(sides) = self.repo.conflict_sides(&shown)?
            && sides.modify_delete()
        {
            return self.resolve_modify_delete(&rel, shown, sides, side);
        }
        let text = self.read_text(&rel)?;
        let conflicts = parse_conflicts(&text);
        if conflicts.is_empty() {
            if !self.conflicted_files()?.contains(&shown) {
                return Err(ResolveError::NothingToResolve(shown));
            }
            // Marker lines inside a string are text, unless git wrote them
            // there (its line merge of a string both sides changed).
            if markers_inside_strings(&text) && self.gits_own_markers(&shown, &text)? {
                let resolved = resolve_conflicts_in_strings(&text, side);
                validate(&rel, &shown, &resolved)?;
                crate::git::write_atomic(&self.root().join(&rel), resolved.as_bytes(), false)?;
                self.repo.stage(std::slice::from_ref(&shown))?;
                return Ok(Resolved {
                    file: shown,
                    conflicts: Vec::new(),
                    modify_delete: None,
                });
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
            modify_delete: None,
        })
    }

    /// Whether the marker lines inside a multi-line string of `file`, in
    /// conflict, are git's own (from its line merge): none of them is in
    /// either side's version, as it would be had someone written it there.
    fn gits_own_markers(&self, file: &str, text: &str) -> Result<bool, StoreError> {
        let mut sides = Vec::new();
        for stage in [2, 3] {
            if let Some(bytes) = self.repo.conflict_side(file, stage)? {
                sides.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        let written = |line: &str| {
            sides
                .iter()
                .any(|s| s.lines().any(|l| l.trim_end_matches('\r') == line))
        };
        let lines = marker_lines_inside_strings(text);
        Ok(!lines.is_empty() && !lines.iter().any(|l| written(l)))
    }

    /// One side deleted the file and the other changed it: keeps `side`'s
    /// version. The work tree holds the changed one (git leaves it there).
    fn resolve_modify_delete(
        &self,
        rel: &str,
        shown: String,
        sides: ConflictSides,
        side: Side,
    ) -> Result<Resolved, ResolveError> {
        let kept_side_has_it = match side {
            Side::Ours => sides.ours,
            Side::Theirs => sides.theirs,
        };
        let kept = if kept_side_has_it {
            let path = self.root().join(rel);
            if !path.exists() {
                // Deleted by hand meanwhile: the side kept is git's copy.
                let stage = if sides.ours { 2 } else { 3 };
                if let Some(bytes) = self.repo.conflict_side(&shown, stage)? {
                    crate::git::write_atomic(&path, &bytes, false)?;
                }
            }
            let text = self.read_text(rel)?;
            validate(rel, &shown, &text)?;
            self.repo.stage(std::slice::from_ref(&shown))?;
            Kept::Change
        } else {
            self.repo.resolve_by_deleting(&shown)?;
            Kept::Deletion
        };
        Ok(Resolved {
            file: shown,
            conflicts: Vec::new(),
            modify_delete: Some(kept),
        })
    }

    /// The conflicts git has on the tracker file `file` (as shown), in
    /// words, each with the commands that settle it: the fields the
    /// markers surround, or which side deleted the file and which changed
    /// it. Empty when it has none.
    pub fn describe_conflicts(&self, file: &str) -> Vec<String> {
        let sides = self.repo.conflict_sides(file).ok().flatten();
        if let Some(sides) = sides.filter(|s| s.modify_delete()) {
            return vec![modify_delete_words(file, sides, self.in_progress())];
        }
        match std::fs::read(self.workdir().join(file)) {
            Ok(bytes) => parse_conflicts(&String::from_utf8_lossy(&bytes))
                .iter()
                .map(ToString::to_string)
                .collect(),
            Err(_) => vec!["deleted on one side and changed on the other".into()],
        }
    }

    /// The tracker files git has in conflict whose file shows no marker:
    /// a modify/delete conflict (the file parses, so nothing else names
    /// it), or markers removed by hand but the file never staged.
    pub(super) fn unmarked_conflicts(&self) -> Result<Vec<Problem>, StoreError> {
        let mut problems = Vec::new();
        for file in self.conflicted_files()? {
            let sides = self.repo.conflict_sides(&file)?;
            if let Some(sides) = sides.filter(|s| s.modify_delete()) {
                let words = modify_delete_words(&file, sides, self.in_progress());
                problems.push(Problem::new(file, words));
                continue;
            }
            let text = std::fs::read(self.workdir().join(&file))
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            // Marked conflicts are named by the loader (the file does not
            // parse).
            if !parse_conflicts(&text).is_empty() || start_marker(&text).is_some() {
                continue;
            }
            if markers_inside_strings(&text) && self.gits_own_markers(&file, &text)? {
                problems.push(Problem::new(
                    file.clone(),
                    format!(
                        "unresolved merge conflict inside a multi-line string (git merged this record line by line; after `mv init` in this clone, records merge field by field); keep one side with `mv resolve {file} --ours` or `--theirs`, or edit the string and `git add {file}`"
                    ),
                ));
            } else {
                problems.push(Problem::new(
                    file.clone(),
                    format!(
                        "git still has this file in conflict, though no conflict marker is left in it; mark it resolved with `mv resolve {file} --ours` (or `--theirs`)"
                    ),
                ));
            }
        }
        Ok(problems)
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
        // A file in conflict that is gone from the work tree (deleted by
        // hand during a modify/delete conflict).
        if let Some(rel) = self
            .conflicted_files()?
            .iter()
            .find(|f| f.as_str() == target)
            .and_then(|f| match self.prefix() {
                "" => Some(f.clone()),
                prefix => f.strip_prefix(&format!("{prefix}/")).map(str::to_owned),
            })
        {
            return Ok(rel);
        }
        match self.find_commitment(target) {
            Ok(found) => Ok(found.rel),
            Err(e @ StoreError::AmbiguousId { .. }) => Err(e.into()),
            Err(_) => Err(ResolveError::NotTrackerFile(target.to_owned())),
        }
    }
}

/// A modify/delete conflict in words: which side deleted the file, which
/// changed it, and the two commands, one keeping each.
fn modify_delete_words(file: &str, sides: ConflictSides, op: Option<Operation>) -> String {
    let (deleted, changed) = match sides.ours {
        true => ("theirs", "ours"),
        false => ("ours", "theirs"),
    };
    let whose = match op {
        Some(Operation::Rebase) => {
            " (in a rebase, ours is the upstream's version and theirs your commit being replayed)"
        }
        _ => "",
    };
    format!(
        "deleted on {} side and changed on {changed}{whose}; keep the change with `mv resolve {file} --{changed}`, or the deletion with `mv resolve {file} --{deleted}`",
        if deleted == "ours" { "our" } else { "their" },
    )
}

/// Checks a resolved file as the loader will read it.
fn validate(rel: &str, shown: &str, text: &str) -> Result<(), StoreError> {
    let checked = match layout::path_of(rel) {
        PathOf::Named(kind, _) => load::validate_named(kind, shown, text),
        PathOf::Commitment { .. } => load::validate_commitment(rel, shown, text).map(drop),
        PathOf::Conversation(_) => load::parse_record::<Conversation>(shown, text)
            .map(drop)
            .and_then(|()| load::file_rules(Some(Kind::Conversation), shown, text)),
        PathOf::Other if rel == TRACKER_FILE => load::parse_record::<Settings>(shown, text)
            .map(drop)
            .and_then(|()| load::file_rules(None, shown, text)),
        PathOf::Other if rel.ends_with(".toml") => {
            load::parse_record::<toml::Table>(shown, text).map(drop)
        }
        PathOf::Other => Ok(()),
    };
    Ok(checked?)
}
