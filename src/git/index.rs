//! git's index, changed the way git changes it: under `index.lock`, held
//! from before the index is read until the new one is in place, so no git
//! command can change the index (or start a commit from it) in between.
//!
//! git creates `index.lock` with `O_EXCL`, writes the new index into it and
//! renames it to `index`. microvac creates it already holding a marker
//! line (a hard link of a finished file, so the lock never exists without
//! it), writes the new index beside it in its temporary directory, renames
//! that over `index` (it may do so more than once while it holds the
//! lock), then removes the lock. A kill at any point leaves
//! either no lock or a lock that says it is microvac's; since only a
//! process holding microvac's writer lock ever creates one, the next
//! process holding the writer lock knows it is a dead one's and takes it
//! over. A lock without the marker is git's: it is waited for briefly and
//! never removed.

pub(crate) use super::index_copy::IndexCopy;
use super::{GitError, fault, tmp};
use std::{
    fs,
    io::{ErrorKind, Read, Write},
    path::{Path, PathBuf},
    thread,
    time::{Duration, Instant},
};

/// How long a writer waits for a git process holding `index.lock`.
const INDEX_WAIT: Duration = Duration::from_secs(3);
/// The first line of an `index.lock` microvac holds.
const MARK: &str = "microvac holds this lock";

/// git's `index.lock`, held by this process.
pub(crate) struct IndexLock {
    git_dir: PathBuf,
    released: bool,
}

impl IndexLock {
    /// Takes `index.lock`, waiting briefly for a git command holding it;
    /// takes over one a killed microvac left. The caller holds the writer
    /// lock.
    pub(crate) fn acquire(git_dir: &Path) -> Result<IndexLock, GitError> {
        let path = git_dir.join("index.lock");
        let marker = tmp::ensure_dir(git_dir)?.join(format!("index-lock-{}", std::process::id()));
        let mark = format!("{MARK} (pid {})\n", std::process::id());
        fs::write(&marker, &mark).map_err(|e| tmp::io_err(&marker, "write", e))?;
        let start = Instant::now();
        let taken = loop {
            if is_ours(&path) {
                break Ok(());
            }
            let created = match fs::hard_link(&marker, &path) {
                Err(e) if e.kind() != ErrorKind::AlreadyExists => create_new(&path, &mark),
                other => other,
            };
            match created {
                Ok(()) => break Ok(()),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    if start.elapsed() > INDEX_WAIT {
                        break Err(GitError::Locked {
                            what: "the index",
                            path: path.clone(),
                            waited_ms: start.elapsed().as_millis() as u64,
                        });
                    }
                    thread::sleep(Duration::from_millis(20));
                }
                Err(e) => break Err(tmp::io_err(&path, "create", e)),
            }
        };
        let _ = fs::remove_file(&marker);
        taken.map(|()| IndexLock {
            git_dir: git_dir.to_path_buf(),
            released: false,
        })
    }

    /// The index as it is now, for editing: `cached` when git's index is
    /// still the file it was copied from, else a fresh copy.
    pub(crate) fn current(&self, cached: Option<IndexCopy>) -> Result<IndexCopy, GitError> {
        match cached {
            Some(copy) if copy.is_current() => Ok(copy),
            _ => IndexCopy::load(&self.git_dir),
        }
    }

    /// Puts the edited index in place of git's (it must have been
    /// [written](IndexCopy::write)); the lock stays held until
    /// [released](IndexLock::release) or dropped.
    pub(crate) fn install(&mut self, new: IndexCopy) -> Result<(), GitError> {
        let live = self.git_dir.join("index");
        if fault::named("fail-index") {
            return Err(tmp::io_err(
                &live,
                "replace",
                std::io::Error::other("MICROVAC_FAULT=fail-index"),
            ));
        }
        fs::rename(new.path(), &live).map_err(|e| tmp::io_err(&live, "replace", e))
    }

    /// Removes the lock, if it is still microvac's.
    pub(crate) fn release(&mut self) {
        if !self.released {
            self.released = true;
            let path = self.git_dir.join("index.lock");
            if is_ours(&path) {
                let _ = fs::remove_file(path);
            }
        }
    }
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        self.release();
    }
}

/// Creates `path` exclusively holding `mark` (where hard links are not
/// supported).
fn create_new(path: &Path, mark: &str) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(mark.as_bytes())
}

/// Whether `path` is an `index.lock` microvac made.
fn is_ours(path: &Path) -> bool {
    let mut head = [0u8; MARK.len()];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == MARK.as_bytes())
}

/// Whether the lock file at `path` is one microvac made (a write's
/// `index.lock`, taken over by the next write rather than named stale).
pub(crate) fn is_microvac_lock(path: &Path) -> bool {
    is_ours(path)
}

/// Removes an `index.lock` a killed microvac left (caller holds the
/// writer lock); leaves git's alone.
pub(crate) fn remove_dead_lock(git_dir: &Path) -> bool {
    let path = git_dir.join("index.lock");
    is_ours(&path) && fs::remove_file(path).is_ok()
}

/// Waits briefly while git's `index.lock` is held; reports it if it stays:
/// as left over when no git process holds it (a killed one left it).
pub(crate) fn wait_for_git(repo: &super::Repo) -> Result<(), GitError> {
    let path = repo.git_dir().join("index.lock");
    let start = Instant::now();
    while path.exists() {
        if start.elapsed() > INDEX_WAIT {
            if let Some(stale) = repo.stale_lock(&path) {
                return Err(GitError::Stale(stale));
            }
            return Err(GitError::Locked {
                what: "the index",
                path,
                waited_ms: start.elapsed().as_millis() as u64,
            });
        }
        thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}
