//! What a write is doing, kept in `<git-dir>/microvac-pending` from before
//! the work tree is touched until the index is updated, so a write that
//! was killed half-way is recognised as microvac's own and put right by the
//! next run: finished when its commit made it onto the branch, rolled back
//! (only the files still exactly as microvac wrote them) when it did not.

use super::{GitContext, GitError, Repo, index, tmp};
use git2::{ObjectType, Oid};
use serde::{Deserialize, Serialize};
use std::{
    fmt, fs,
    path::{Path, PathBuf},
};

/// A write in progress: the commit it makes and the files it writes.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Journal {
    /// The branch being moved (`refs/heads/…`).
    pub branch: String,
    /// The commit it is being moved to.
    pub commit: String,
    /// Its subject, to name the write to the user.
    pub subject: String,
    /// The files, with the blob each will hold (`None`: deleted).
    pub files: Vec<JournalFile>,
    /// A merge being stopped for a person (`mv sync`): the branch does
    /// not move; `commit` is the one merged in, and the write is done once
    /// `MERGE_HEAD` names it.
    #[serde(default)]
    pub merging: bool,
}

/// One file of a journaled write.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct JournalFile {
    pub path: String,
    pub blob: Option<String>,
}

/// What a run did about a write that was killed half-way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// The interrupted write's subject.
    pub subject: String,
    /// Finished (its commit was made) or rolled back (it was not).
    pub finished: bool,
    /// Files left as they are because they were changed since.
    pub kept: Vec<String>,
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let done = if self.finished {
            "finished"
        } else {
            "rolled back"
        };
        write!(f, "{done} the interrupted: {}", self.subject)?;
        if !self.kept.is_empty() {
            write!(
                f,
                " (left {} as it is: it was changed since)",
                self.kept.join(", ")
            )?;
        }
        Ok(())
    }
}

fn path(git_dir: &Path) -> PathBuf {
    git_dir.join("microvac-pending")
}

impl Journal {
    /// Records the write, whole or not at all (a temporary file renamed).
    pub(crate) fn write(&self, git_dir: &Path) -> Result<(), GitError> {
        let text = serde_json::to_vec_pretty(self).map_err(|e| GitError::Io {
            context: "could not record the write in progress".into(),
            source: e.into(),
        })?;
        tmp::write_state(git_dir, &path(git_dir), &text)
    }

    /// The journal left in `git_dir`, if any; `Err` when it cannot be read.
    fn read(git_dir: &Path) -> Option<Result<Journal, String>> {
        let bytes = fs::read(path(git_dir)).ok()?;
        Some(serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
    }

    /// Forgets the write: it is done, or undone.
    pub(crate) fn remove(git_dir: &Path) {
        let _ = fs::remove_file(path(git_dir));
    }
}

impl Repo {
    /// Finishes or rolls back the write a killed microvac left, if any, and
    /// removes the `index.lock` it held. Call only with the writer lock
    /// held: then any journal and any microvac `index.lock` are a dead
    /// process's.
    pub(crate) fn recover(&self) -> Result<Option<Recovery>, GitError> {
        let git_dir = self.git_dir().to_path_buf();
        let journal = match Journal::read(&git_dir) {
            None => {
                index::remove_dead_lock(&git_dir);
                return Ok(None);
            }
            Some(Ok(journal)) => journal,
            Some(Err(_)) => {
                // Not one this version wrote; nothing to go on but its name.
                Journal::remove(&git_dir);
                index::remove_dead_lock(&git_dir);
                return Ok(None);
            }
        };
        self.remove_dead_ref_lock(&journal.branch, &journal.commit);
        let finished = match journal.merging {
            true => fs::read_to_string(git_dir.join("MERGE_HEAD"))
                .is_ok_and(|t| t.trim() == journal.commit),
            false => Oid::from_str(&journal.commit).is_ok_and(|id| self.head_contains(id)),
        };
        let mut lock = index::IndexLock::acquire(&git_dir)?;
        let kept = if journal.merging {
            self.settle_merge(&journal, finished, &mut lock)?
        } else if finished {
            self.finish(&journal, &mut lock)?
        } else {
            self.roll_back(&journal, &mut lock)?
        };
        lock.release();
        Journal::remove(&git_dir);
        Ok(Some(Recovery {
            subject: journal.subject,
            finished,
            kept,
        }))
    }

    /// A merge stopped for a person: once `MERGE_HEAD` names it, it is
    /// all there (the index went in before); else its files and index
    /// entries go back to HEAD's (a file changed since is left alone),
    /// and the merge's message files go.
    fn settle_merge(
        &self,
        journal: &Journal,
        finished: bool,
        lock: &mut index::IndexLock,
    ) -> Result<Vec<String>, GitError> {
        if finished {
            return Ok(Vec::new());
        }
        let kept = self.roll_back_files(journal)?;
        let tree = self.head_tree()?;
        let mut new = lock.current(None)?;
        for file in journal.files.iter().filter(|f| !kept.contains(&f.path)) {
            let abs = self.workdir.join(&file.path);
            new.remove(&file.path)?;
            let in_head = tree
                .as_ref()
                .and_then(|t| t.get_path(Path::new(&file.path)).ok());
            if let Some(e) = in_head {
                match worktree_blob(&abs)? == Some(e.id()) {
                    true => new.set(&file.path, e.id(), e.filemode() as u32, &abs)?,
                    false => new.set_unstat(&file.path, e.id(), e.filemode() as u32)?,
                }
            }
        }
        new.write()?;
        lock.install(new)?;
        for name in ["MERGE_MSG", "MERGE_MODE"] {
            let _ = fs::remove_file(self.git_dir().join(name));
        }
        Ok(kept)
    }

    /// The commit is on the branch: brings the index entries of its files
    /// in step with HEAD where the work tree has HEAD's content.
    fn finish(
        &self,
        journal: &Journal,
        lock: &mut index::IndexLock,
    ) -> Result<Vec<String>, GitError> {
        let tree = self.head_tree()?;
        let mut new = lock.current(None)?;
        let mut kept = Vec::new();
        for file in &journal.files {
            let abs = self.workdir.join(&file.path);
            let in_head = tree
                .as_ref()
                .and_then(|t| t.get_path(Path::new(&file.path)).ok());
            let on_disk = worktree_blob(&abs)?;
            match in_head {
                Some(entry) if on_disk == Some(entry.id()) => {
                    new.set(&file.path, entry.id(), entry.filemode() as u32, &abs)?;
                }
                None if on_disk.is_none() => new.remove(&file.path)?,
                _ => kept.push(file.path.clone()),
            }
        }
        new.write()?;
        lock.install(new)?;
        Ok(kept)
    }

    /// The commit never made it: puts each file microvac wrote back to
    /// HEAD's version (a file changed since is left alone), and each index
    /// entry microvac staged back to HEAD's.
    fn roll_back(
        &self,
        journal: &Journal,
        lock: &mut index::IndexLock,
    ) -> Result<Vec<String>, GitError> {
        let kept = self.roll_back_files(journal)?;
        let tree = self.head_tree()?;
        let mut new = lock.current(None)?;
        let mut changed = false;
        for file in &journal.files {
            let ours = file.blob.as_deref().and_then(|b| Oid::from_str(b).ok());
            let staged = new.get(&file.path).map(|e| e.id);
            let in_head = tree
                .as_ref()
                .and_then(|t| t.get_path(Path::new(&file.path)).ok());
            if staged != ours || staged == in_head.as_ref().map(|e| e.id()) {
                continue;
            }
            let abs = self.workdir.join(&file.path);
            match in_head {
                Some(e) if worktree_blob(&abs)? == Some(e.id()) => {
                    new.set(&file.path, e.id(), e.filemode() as u32, &abs)?
                }
                Some(e) => new.set_unstat(&file.path, e.id(), e.filemode() as u32)?,
                None => new.remove(&file.path)?,
            }
            changed = true;
        }
        if changed {
            new.write()?;
            lock.install(new)?;
        }
        Ok(kept)
    }

    fn roll_back_files(&self, journal: &Journal) -> Result<Vec<String>, GitError> {
        let tree = self.head_tree()?;
        let mut kept = Vec::new();
        for file in &journal.files {
            let abs = self.workdir.join(&file.path);
            let ours = file.blob.as_deref().and_then(|b| Oid::from_str(b).ok());
            let on_disk = worktree_blob(&abs)?;
            let in_head = tree
                .as_ref()
                .and_then(|t| t.get_path(Path::new(&file.path)).ok());
            if on_disk == in_head.as_ref().map(|e| e.id()) {
                continue;
            }
            if on_disk != ours {
                kept.push(file.path.clone());
                continue;
            }
            match in_head {
                Some(entry) => {
                    let blob = self
                        .repo
                        .find_blob(entry.id())
                        .ctx(|| format!("could not read {} from HEAD", file.path))?;
                    tmp::create_parents(&abs)?;
                    let executable = entry.filemode() == 0o100755;
                    tmp::write_file(self.git_dir(), &abs, blob.content(), executable)?;
                }
                None => {
                    fs::remove_file(&abs).map_err(|e| tmp::io_err(&abs, "remove", e))?;
                    tmp::remove_empty_parents(&abs, &self.workdir);
                }
            }
        }
        Ok(kept)
    }

    /// HEAD's tree; `None` on an unborn branch.
    pub(crate) fn head_tree(&self) -> Result<Option<git2::Tree<'_>>, GitError> {
        match self.head_commit()? {
            Some(commit) => Ok(Some(
                commit.tree().ctx(|| "could not read HEAD's tree".into())?,
            )),
            None => Ok(None),
        }
    }
}

/// The blob id of the work-tree file `abs`; `None` when there is none. A
/// symlink or a directory in its place is never a blob microvac wrote: it
/// gets the zero id, which matches nothing.
pub(crate) fn worktree_blob(abs: &Path) -> Result<Option<Oid>, GitError> {
    match fs::symlink_metadata(abs) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(tmp::io_err(abs, "read", e)),
        Ok(meta) if !meta.is_file() => Ok(Some(Oid::ZERO_SHA1)),
        Ok(_) => Ok(Some(
            Oid::hash_file(ObjectType::Blob, abs)
                .ctx(|| format!("could not read {}", abs.display()))?,
        )),
    }
}
