//! One commit per change. A [`Transaction`] holds the writer lock; its
//! commit takes git's `index.lock` before it reads anything, checks that
//! the files it will touch carry no uncommitted work of the user's,
//! commits exactly those paths on top of the branch (never the user's
//! other staged changes), journals what it is about to do, writes the
//! files, puts the index in place with only those entries changed, and
//! moves the branch only if nobody else moved it meanwhile (rebuilding on
//! top when a plain `git commit` did), all before letting go of
//! `index.lock`. Either the branch and the index both move, or neither
//! does and the index and the work tree are put back. A kill at any step
//! is put right by the next run (see `journal.rs`).

mod advance;

use super::{
    GitContext, GitError, Identity, Recovery, Repo, build, fault,
    index::{self, IndexCopy, IndexLock},
    index_copy::{self, Index},
    journal::{Journal, JournalFile},
    lock,
    rollback::Undo,
    tmp,
};
use git2::Oid;
use std::{
    cell::{RefCell, RefMut},
    collections::HashSet,
    path::Path,
};

/// How many times a commit is rebuilt when a plain `git commit` moved the
/// branch between reading it and moving it.
const RETRIES: usize = 5;

/// One file a change writes (`Some` content) or deletes (`None`),
/// repo-relative with `/` separators.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub content: Option<Vec<u8>>,
    /// Whether the file is a script (hooks), committed as 100755.
    pub executable: bool,
}

/// What a finished commit left behind.
#[derive(Debug)]
pub struct Committed {
    pub id: Oid,
}

/// A writing session: at most one per clone at a time.
pub struct Transaction<'r> {
    repo: &'r Repo,
    identity: Identity,
    /// Paths already found clean in this transaction (under the lock,
    /// nobody else's microvac can change them meanwhile).
    clean: RefCell<HashSet<String>>,
    /// Git's index, read once (see `index_copy.rs`).
    index: RefCell<Option<IndexCopy>>,
    recovered: Option<Recovery>,
    _lock: lock::WriterLock,
}

impl Repo {
    /// Starts a write: checks the identity first (so nothing is written
    /// without an author) and that a commit would land on a branch, takes
    /// the writer lock, finishes or rolls back what a killed microvac left,
    /// and waits out a git command holding `index.lock`.
    pub fn begin(&self) -> Result<Transaction<'_>, GitError> {
        let identity = self.identity()?;
        self.writable_branch()?;
        let writer = lock::WriterLock::acquire(self.git_dir(), lock::WRITER_WAIT)?;
        tmp::sweep(self.git_dir());
        let recovered = self.recover()?;
        index::wait_for_git(self)?;
        Ok(Transaction {
            repo: self,
            identity,
            clean: Default::default(),
            index: RefCell::new(None),
            recovered,
            _lock: writer,
        })
    }
}

impl Transaction<'_> {
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// What starting this transaction finished or rolled back.
    pub fn recovered(&self) -> Option<&Recovery> {
        self.recovered.as_ref()
    }

    /// Restores the index entries in `scopes` that no longer match HEAD
    /// (see `out_of_step.rs`); returns what it restored.
    pub fn restore_in_step(&self, scopes: &[String]) -> Result<Vec<super::OutOfStep>, GitError> {
        let head = self.repo.head_commit()?.map(|c| c.id());
        if index_copy::known_in_step(self.repo.git_dir(), head) {
            return Ok(Vec::new());
        }
        let mut index = self.index()?;
        self.repo.restore_in_step(scopes, Some(&mut index.index))
    }

    /// Git's index as it is now: the copy read before, while git's index
    /// is still that file.
    fn index(&self) -> Result<RefMut<'_, IndexCopy>, GitError> {
        let mut slot = self.index.borrow_mut();
        let copy = match slot.take() {
            Some(copy) if copy.is_current() => copy,
            _ => IndexCopy::load(self.repo.git_dir())?,
        };
        Ok(RefMut::map(slot, |slot| slot.insert(copy)))
    }

    /// Refuses to touch `path` when the user has work on it that is not
    /// committed: a staged change, an unstaged edit, or an untracked file
    /// in the way.
    pub fn ensure_clean(&self, path: &str) -> Result<(), GitError> {
        if self.clean.borrow().contains(path) {
            return Ok(());
        }
        let tree = self.repo.head_tree()?;
        self.check_clean(&self.index()?.index, tree.as_ref(), path)?;
        self.clean.borrow_mut().insert(path.to_owned());
        Ok(())
    }

    fn check_clean(
        &self,
        index: &Index,
        tree: Option<&git2::Tree<'_>>,
        path: &str,
    ) -> Result<(), GitError> {
        let committed = tree
            .and_then(|t| t.get_path(Path::new(path)).ok())
            .map(|e| e.id());
        let conflicted = index.conflicted(path);
        let staged = index.entry(path, 0).map(|e| e.id);
        if conflicted || staged != committed || !self.repo.worktree_matches(path, tree)? {
            return Err(GitError::Dirty { path: path.into() });
        }
        Ok(())
    }

    /// Writes `changes` to the work tree and commits exactly them, moving
    /// the branch and the index together (see the module).
    pub fn commit(self, changes: &[Change], message: &str) -> Result<Committed, GitError> {
        for change in changes {
            self.ensure_clean(&change.path)?;
        }
        let git_dir = self.repo.git_dir();
        let mut lock = IndexLock::acquire(git_dir)?;
        fault::point("after-lock");
        let mut undo = Undo::default();
        let index = lock.current(self.index.borrow_mut().take())?;
        let result = self.commit_locked(&mut lock, index, changes, message, &mut undo);
        let settled = match &result {
            Ok(id) => {
                index_copy::record_in_step(git_dir, *id);
                true
            }
            // Put back before `index.lock` goes, so nobody sees half of it.
            Err(_) => undo.roll_back(git_dir, &mut lock),
        };
        lock.release();
        if settled {
            // Else the journal stays, and the next run rolls back the rest.
            Journal::remove(git_dir);
        }
        result.map(|id| Committed { id })
    }

    /// The commit proper, under `index.lock`. The new index goes in before
    /// the branch moves: a `git commit` that read HEAD before the branch
    /// moved fails on its own compare-and-swap, and one that read it after
    /// reads this index, so none can record a tree without this change on
    /// top of it.
    fn commit_locked(
        &self,
        lock: &mut IndexLock,
        mut new: IndexCopy,
        changes: &[Change],
        message: &str,
        undo: &mut Undo,
    ) -> Result<Oid, GitError> {
        let repo = self.repo;
        let branch = repo.writable_branch()?;
        let mut base = repo.branch_tip(&branch)?;
        self.check_all_clean(&new, base, changes)?;
        let before = build::entries_at(&repo.repo, base, changes)?;
        let blobs = build::store_blobs(&repo.repo, changes)?;
        let subject = message.lines().next().unwrap_or_default();
        let mut id = build::commit(&repo.repo, &self.identity, base, changes, &blobs, message)?;
        fault::point("after-objects");
        journal(&branch, id, subject, changes, &blobs).write(repo.git_dir())?;
        fault::point("after-journal");
        undo.write_files(self.repo.workdir(), self.repo.git_dir(), changes)?;
        fault::point("after-files");
        let entries = changes
            .iter()
            .map(|c| (c.path.clone(), new.get(&c.path)))
            .collect();
        self.stage(&mut new, changes, &blobs)?;
        lock.install(new)?;
        undo.index = entries;
        fault::point("after-index");
        for attempt in 0.. {
            if attempt == 0 && fault::named("branch-moves") {
                fault::commit_beside(&repo.repo, &branch, base)?;
            }
            let initial = if base.is_none() { " (initial)" } else { "" };
            if repo.move_branch(&branch, base, id, &format!("commit{initial}: {subject}"))? {
                break;
            }
            // A plain `git commit` moved the branch: build on top of it.
            base = repo.branch_tip(&branch)?;
            if attempt == RETRIES {
                return Err(GitError::Moving { branch });
            }
            if let Some(path) = build::moved_under(&repo.repo, base, changes, &before, &blobs)? {
                return Err(GitError::Raced { path });
            }
            id = build::commit(&repo.repo, &self.identity, base, changes, &blobs, message)?;
            journal(&branch, id, subject, changes, &blobs).write(repo.git_dir())?;
        }
        fault::point("after-ref");
        Ok(id)
    }

    fn check_all_clean(
        &self,
        new: &IndexCopy,
        base: Option<Oid>,
        changes: &[Change],
    ) -> Result<(), GitError> {
        let tree = base.map(|id| self.repo.repo.find_commit(id).and_then(|c| c.tree()));
        let tree = tree
            .transpose()
            .ctx(|| "could not read HEAD's tree".into())?;
        for change in changes {
            self.check_clean(&new.index, tree.as_ref(), &change.path)?;
        }
        Ok(())
    }

    /// Changes the entries of the changed paths in the new index (the
    /// user's other entries stay as they are), and writes it.
    fn stage(
        &self,
        new: &mut IndexCopy,
        changes: &[Change],
        blobs: &[Option<Oid>],
    ) -> Result<(), GitError> {
        for (change, blob) in changes.iter().zip(blobs) {
            match blob {
                Some(id) => {
                    let abs = self.repo.workdir.join(&change.path);
                    new.set(&change.path, *id, u32::from(build::file_mode(change)), &abs)?;
                }
                None => new.remove(&change.path)?,
            }
        }
        new.write()
    }
}

fn journal(
    branch: &str,
    id: Oid,
    subject: &str,
    changes: &[Change],
    blobs: &[Option<Oid>],
) -> Journal {
    Journal {
        branch: branch.to_owned(),
        commit: id.to_string(),
        subject: subject.to_owned(),
        files: changes
            .iter()
            .zip(blobs)
            .map(|(c, b)| JournalFile {
                path: c.path.clone(),
                blob: b.map(|b| b.to_string()),
            })
            .collect(),
        merging: false,
    }
}
