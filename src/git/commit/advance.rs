//! Moving the branch to a commit built elsewhere (`mv sync`'s integrated
//! tip), as a write moves it to its own: under the writer lock and
//! `index.lock`, journaled, the changed files written, the index updated
//! and the branch moved by compare-and-swap, all before `index.lock` goes.
//! Only the files that differ between the old tip and the new one are
//! touched, each only when the user has no work on it; a kill at any step
//! is finished or rolled back by the next run (`journal.rs`), so the clone
//! is either as it was or as it is after, never half-way.

use super::{Change, Transaction, journal};
use crate::git::{
    GitContext, GitError, MergeStop, fault,
    index::{IndexCopy, IndexLock},
    index_copy,
    journal::Journal,
    rollback::Undo,
};
use git2::{ObjectType, Oid};

impl Transaction<'_> {
    /// Moves the branch from `from` to `to` (a commit already in the object
    /// store), bringing the index and the work tree along; `subject` names
    /// the move in the reflog and to a run that finds it interrupted.
    pub fn advance(self, from: Oid, to: Oid, subject: &str) -> Result<(), GitError> {
        let changes = self.repo.tree_changes(from, to)?;
        for change in &changes {
            self.ensure_clean(&change.path)?;
        }
        let git_dir = self.repo.git_dir();
        let mut lock = IndexLock::acquire(git_dir)?;
        let mut undo = Undo::default();
        let index = lock.current(self.index.borrow_mut().take())?;
        let result =
            self.advance_locked(&mut lock, index, (from, to), &changes, subject, &mut undo);
        let settled = match &result {
            Ok(()) => {
                index_copy::record_in_step(git_dir, to);
                true
            }
            Err(_) => undo.roll_back(git_dir, &mut lock),
        };
        lock.release();
        if settled {
            Journal::remove(git_dir);
        }
        result
    }

    fn advance_locked(
        &self,
        lock: &mut IndexLock,
        mut new: IndexCopy,
        (from, to): (Oid, Oid),
        changes: &[Change],
        subject: &str,
        undo: &mut Undo,
    ) -> Result<(), GitError> {
        let repo = self.repo;
        let branch = repo.writable_branch()?;
        if repo.branch_tip(&branch)? != Some(from) {
            return Err(GitError::Moving { branch });
        }
        self.check_all_clean(&new, Some(from), changes)?;
        let blobs = crate::git::build::store_blobs(&repo.repo, changes)?;
        journal(&branch, to, subject, changes, &blobs).write(repo.git_dir())?;
        fault::point("sync-after-journal");
        undo.write_files(repo.workdir(), repo.git_dir(), changes)?;
        fault::point("sync-after-files");
        let entries = changes
            .iter()
            .map(|c| (c.path.clone(), new.get(&c.path)))
            .collect();
        self.stage(&mut new, changes, &blobs)?;
        lock.install(new)?;
        undo.index = entries;
        fault::point("sync-after-index");
        if !repo.move_branch(&branch, Some(from), to, &format!("mv sync: {subject}"))? {
            return Err(GitError::Moving { branch });
        }
        fault::point("sync-after-ref");
        Ok(())
    }
}

impl Transaction<'_> {
    /// Leaves the merge `stop` (of `stop.theirs` into the branch at
    /// `from`) in the work tree for a person, as `git merge` leaves a
    /// conflict, in one journaled step: the files, the index (a conflict's
    /// three versions), then `MERGE_MSG` with `message` and, last,
    /// `MERGE_HEAD`. The branch does not move.
    pub fn stop_merge(self, from: Oid, stop: &MergeStop, message: &str) -> Result<(), GitError> {
        for change in &stop.changes {
            if !checkout_safe(&change.path) {
                return Err(GitError::Unwritable {
                    path: change.path.clone(),
                    what: "a path git itself refuses to check out",
                });
            }
            self.ensure_clean(&change.path)?;
        }
        let git_dir = self.repo.git_dir();
        let mut lock = IndexLock::acquire(git_dir)?;
        let mut undo = Undo::default();
        let index = lock.current(self.index.borrow_mut().take())?;
        let result = self.stop_locked(&mut lock, index, from, stop, message, &mut undo);
        let settled = match &result {
            Ok(()) => true,
            Err(_) => {
                for name in ["MERGE_HEAD", "MERGE_MSG", "MERGE_MODE"] {
                    let _ = std::fs::remove_file(git_dir.join(name));
                }
                undo.roll_back(git_dir, &mut lock)
            }
        };
        lock.release();
        if settled {
            Journal::remove(git_dir);
        }
        result
    }

    fn stop_locked(
        &self,
        lock: &mut IndexLock,
        mut new: IndexCopy,
        from: Oid,
        stop: &MergeStop,
        message: &str,
        undo: &mut Undo,
    ) -> Result<(), GitError> {
        let repo = self.repo;
        let git_dir = repo.git_dir();
        let branch = repo.writable_branch()?;
        if repo.branch_tip(&branch)? != Some(from) {
            return Err(GitError::Moving { branch });
        }
        self.check_all_clean(&new, Some(from), &stop.changes)?;
        let blobs = crate::git::build::store_blobs(&repo.repo, &stop.changes)?;
        let mut record = journal(
            &branch,
            stop.theirs,
            "a merge stopped for a person",
            &stop.changes,
            &blobs,
        );
        record.merging = true;
        record.write(git_dir)?;
        fault::point("stop-after-journal");
        undo.write_files(repo.workdir(), git_dir, &stop.changes)?;
        fault::point("stop-after-files");
        let before = stop
            .entries
            .iter()
            .map(|(path, _)| (path.clone(), new.get(path)))
            .collect();
        for (path, entries) in &stop.entries {
            new.remove(path)?;
            for entry in entries {
                match entry.flags >> 12 {
                    0 => new.set(path, entry.id, entry.mode, &repo.workdir().join(path))?,
                    _ => new.put(entry)?,
                }
            }
        }
        new.write()?;
        lock.install(new)?;
        undo.index = before;
        fault::point("stop-after-index");
        let state = |name: &str, text: String| {
            crate::git::tmp::write_state(git_dir, &git_dir.join(name), text.as_bytes())
        };
        state("MERGE_MSG", format!("{message}\n"))?;
        state("MERGE_MODE", "no-ff".into())?;
        state("MERGE_HEAD", format!("{}\n", stop.theirs))?;
        fault::point("stop-after-merge-head");
        Ok(())
    }
}

impl crate::git::Repo {
    /// The files that differ between the trees of `from` and `to`, as
    /// changes that make the first the second. A symbolic link or a
    /// submodule among them is refused: microvac writes plain files only.
    pub(crate) fn tree_changes(&self, from: Oid, to: Oid) -> Result<Vec<Change>, GitError> {
        let tree = |id: Oid| {
            self.repo
                .find_commit(id)
                .and_then(|c| c.tree())
                .ctx(|| format!("could not read commit {id}"))
        };
        let (old, new) = (tree(from)?, tree(to)?);
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&old), Some(&new), None)
            .ctx(|| "could not compare trees".into())?;
        let mut changes = Vec::new();
        for delta in diff.deltas() {
            let file = delta.new_file();
            let Some(path) = file.path().or_else(|| delta.old_file().path()) else {
                continue;
            };
            let Some(path) = path.to_str().map(str::to_owned) else {
                return Err(GitError::Unwritable {
                    path: path.to_string_lossy().into_owned(),
                    what: "a file name that is not UTF-8",
                });
            };
            if !checkout_safe(&path) {
                return Err(GitError::Unwritable {
                    path,
                    what: "a path git itself refuses to check out",
                });
            }
            if !file.exists() {
                changes.push(Change {
                    path,
                    content: None,
                    executable: false,
                });
                continue;
            }
            let mode = u32::from(file.mode());
            let what = match mode {
                0o100644 | 0o100755 => None,
                0o120000 => Some("a symbolic link"),
                _ => Some("a submodule"),
            };
            if let Some(what) = what {
                return Err(GitError::Unwritable { path, what });
            }
            let blob = self
                .repo
                .find_object(file.id(), Some(ObjectType::Blob))
                .and_then(|o| o.peel_to_blob())
                .ctx(|| format!("could not read {path}"))?;
            changes.push(Change {
                path,
                content: Some(blob.content().to_vec()),
                executable: mode == 0o100755,
            });
        }
        Ok(changes)
    }
}

/// Whether a path from a tree names a file inside the work tree, as git
/// checks before it writes one: no empty, `.` or `..` component, nothing
/// under `.git`.
fn checkout_safe(path: &str) -> bool {
    !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !matches!(part, "" | "." | "..") && !part.eq_ignore_ascii_case(".git"))
}

#[cfg(test)]
mod tests {
    use super::checkout_safe;

    #[test]
    fn only_paths_inside_the_work_tree_are_written() {
        assert!(checkout_safe("people/alice.toml"));
        for bad in [
            "../x",
            "a/../../x",
            "/etc/x",
            ".git/hooks/pre-commit",
            "a/.GIT/x",
            "a//b",
        ] {
            assert!(!checkout_safe(bad), "{bad}");
        }
    }
}
