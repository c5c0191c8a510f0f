//! One commit per change. A [`Transaction`] holds the writer lock, checks
//! that the files it will touch carry no uncommitted work of the user's,
//! writes them atomically, commits exactly those paths on top of HEAD (never
//! the user's other staged changes), and updates the index for those paths
//! only. If the commit fails, the work tree is rolled back.

use super::{GitContext, GitError, Identity, Repo, lock};
use git2::{FileMode, ObjectType, Oid, build::TreeUpdateBuilder};
use std::{
    fs,
    io::Write,
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
};

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
    /// Set when the commit was made but the index could not be updated.
    pub index_warning: Option<String>,
}

/// A writing session: at most one per clone at a time.
pub struct Transaction<'r> {
    repo: &'r Repo,
    identity: Identity,
    /// Paths already found clean in this transaction (under the lock,
    /// nobody else's microvac can change them meanwhile).
    clean: std::cell::RefCell<std::collections::HashSet<String>>,
    _lock: lock::WriterLock,
}

impl Repo {
    /// Starts a write: checks the identity first (so nothing is written
    /// without an author), then takes the writer lock and waits out a
    /// held `index.lock`.
    pub fn begin(&self) -> Result<Transaction<'_>, GitError> {
        let identity = self.identity()?;
        let writer = lock::WriterLock::acquire(self.git_dir())?;
        lock::wait_for_index(self.git_dir())?;
        Ok(Transaction {
            repo: self,
            identity,
            clean: Default::default(),
            _lock: writer,
        })
    }
}

impl Transaction<'_> {
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    fn head_tree(&self) -> Result<Option<git2::Tree<'_>>, GitError> {
        match self.repo.head_commit()? {
            Some(commit) => Ok(Some(
                commit.tree().ctx(|| "could not read HEAD's tree".into())?,
            )),
            None => Ok(None),
        }
    }

    /// Refuses to touch `path` when the user has work on it that is not
    /// committed: a staged change, an unstaged edit, or an untracked file
    /// in the way.
    pub fn ensure_clean(&self, path: &str) -> Result<(), GitError> {
        if self.clean.borrow().contains(path) {
            return Ok(());
        }
        let tree = self.head_tree()?;
        let committed = tree
            .as_ref()
            .and_then(|t| t.get_path(Path::new(path)).ok())
            .map(|e| e.id());
        let index = self
            .repo
            .repo
            .index()
            .ctx(|| "could not read the index".into())?;
        let conflicted = (1..=3).any(|stage| index.get_path(Path::new(path), stage).is_some());
        let staged = index.get_path(Path::new(path), 0).map(|e| e.id);
        let abs = self.repo.workdir.join(path);
        let on_disk = if abs.exists() {
            Some(
                Oid::hash_file(ObjectType::Blob, &abs)
                    .ctx(|| format!("could not read {}", abs.display()))?,
            )
        } else {
            None
        };
        if conflicted || staged != committed || on_disk != committed {
            return Err(GitError::Dirty { path: path.into() });
        }
        self.clean.borrow_mut().insert(path.to_owned());
        Ok(())
    }

    /// Writes `changes` to the work tree and commits exactly them. Paths
    /// not yet found clean in this transaction are checked first.
    pub fn commit(self, changes: &[Change], message: &str) -> Result<Committed, GitError> {
        for change in changes {
            self.ensure_clean(&change.path)?;
        }
        let mut undo = Undo::default();
        let result = self
            .write_files(changes, &mut undo)
            .and_then(|()| self.commit_tree(changes, message));
        let id = match result {
            Ok(id) => id,
            Err(e) => {
                undo.roll_back();
                return Err(e);
            }
        };
        let index_warning = self.update_index(changes).err().map(|e| {
            format!(
                "the commit {id} was made, but the index could not be updated ({e}); `git status` may show {} as changed until you run `git reset -q -- {}`",
                changes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>().join(", "),
                changes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>().join(" "),
            )
        });
        Ok(Committed { id, index_warning })
    }

    fn write_files(&self, changes: &[Change], undo: &mut Undo) -> Result<(), GitError> {
        for change in changes {
            let abs = self.repo.workdir.join(&change.path);
            let previous = match fs::read(&abs) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(io_err(&abs, "read", e)),
            };
            match &change.content {
                Some(bytes) => {
                    let created_dirs = create_parents(&abs)?;
                    undo.entries.push(UndoEntry {
                        path: abs.clone(),
                        previous,
                        created_dirs,
                    });
                    write_atomic(&abs, bytes, change.executable)?;
                }
                None => {
                    if previous.is_some() {
                        undo.entries.push(UndoEntry {
                            path: abs.clone(),
                            previous,
                            created_dirs: Vec::new(),
                        });
                        fs::remove_file(&abs).map_err(|e| io_err(&abs, "remove", e))?;
                    }
                }
            }
        }
        Ok(())
    }

    fn commit_tree(&self, changes: &[Change], message: &str) -> Result<Oid, GitError> {
        let repo = &self.repo.repo;
        let parent = self.repo.head_commit()?;
        let baseline = match &parent {
            Some(commit) => commit.tree().ctx(|| "could not read HEAD's tree".into())?,
            None => {
                let empty = repo
                    .treebuilder(None)
                    .and_then(|b| b.write())
                    .ctx(|| "could not create an empty tree".into())?;
                repo.find_tree(empty)
                    .ctx(|| "could not read the empty tree".into())?
            }
        };
        let mut update = TreeUpdateBuilder::new();
        for change in changes {
            match &change.content {
                Some(bytes) => {
                    let blob = repo
                        .blob(bytes)
                        .ctx(|| format!("could not store {}", change.path))?;
                    let mode = if change.executable {
                        FileMode::BlobExecutable
                    } else {
                        FileMode::Blob
                    };
                    update.upsert(change.path.as_str(), blob, mode);
                }
                None => {
                    update.remove(change.path.as_str());
                }
            }
        }
        let tree_id = update
            .create_updated(repo, &baseline)
            .ctx(|| "could not build the commit's tree".into())?;
        let tree = repo
            .find_tree(tree_id)
            .ctx(|| "could not read the new tree".into())?;
        let author = self
            .identity
            .author()
            .ctx(|| "invalid author identity".into())?;
        let committer = self
            .identity
            .committer()
            .ctx(|| "invalid committer identity".into())?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        repo.commit(Some("HEAD"), &author, &committer, message, &tree, &parents)
            .ctx(|| "could not commit".into())
    }

    fn update_index(&self, changes: &[Change]) -> Result<(), GitError> {
        let mut index = self
            .repo
            .repo
            .index()
            .ctx(|| "could not read the index".into())?;
        index
            .read(false)
            .ctx(|| "could not read the index".into())?;
        for change in changes {
            let path = Path::new(&change.path);
            match change.content {
                Some(_) => index.add_path(path),
                None => index.remove_path(path),
            }
            .ctx(|| format!("could not update the index for {}", change.path))?;
        }
        lock::wait_for_index(self.repo.git_dir())?;
        index.write().ctx(|| "could not write the index".into())
    }
}

fn io_err(path: &Path, verb: &str, source: std::io::Error) -> GitError {
    GitError::Io {
        context: format!("could not {verb} {}", path.display()),
        source,
    }
}

/// Creates the missing parent directories of `path`, returning them
/// deepest first so a rollback can remove them again.
fn create_parents(path: &Path) -> Result<Vec<PathBuf>, GitError> {
    let mut missing = Vec::new();
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d.exists() {
            break;
        }
        missing.push(d.to_path_buf());
        dir = d.parent();
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_err(parent, "create", e))?;
    }
    Ok(missing)
}

/// Writes `bytes` to `path` through a temporary file in the same directory
/// and a rename, so a reader never sees half a file. An existing file keeps
/// its permissions; a new one gets 0644 less the umask.
pub fn write_atomic(path: &Path, bytes: &[u8], executable: bool) -> Result<(), GitError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let new_mode = if executable { 0o755 } else { 0o644 };
    let mode = fs::metadata(path).map_or(new_mode, |m| m.permissions().mode() | (new_mode & 0o111));
    let mut tmp = tempfile::Builder::new()
        .prefix(".microvac-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .map_err(|e| io_err(dir, "create a temporary file in", e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_data())
        .map_err(|e| io_err(path, "write", e))?;
    tmp.persist(path)
        .map_err(|e| io_err(path, "replace", e.error))?;
    Ok(())
}

/// How to put the work tree back if the commit fails.
#[derive(Default)]
struct Undo {
    entries: Vec<UndoEntry>,
}

struct UndoEntry {
    path: PathBuf,
    previous: Option<Vec<u8>>,
    created_dirs: Vec<PathBuf>,
}

impl Undo {
    fn roll_back(self) {
        for entry in self.entries.into_iter().rev() {
            match entry.previous {
                Some(bytes) => {
                    let _ = write_atomic(&entry.path, &bytes, false);
                }
                None => {
                    let _ = fs::remove_file(&entry.path);
                }
            }
            for dir in entry.created_dirs {
                let _ = fs::remove_dir(dir);
            }
        }
    }
}
