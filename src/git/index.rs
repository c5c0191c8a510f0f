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

use super::{GitContext, GitError, fault, tmp};
use git2::{IndexEntry, IndexTime, Oid};
use std::{
    fs,
    io::{ErrorKind, Read, Write},
    os::unix::fs::MetadataExt,
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

/// A copy of the index being edited, installed by [`IndexLock::install`].
pub(crate) struct NewIndex {
    pub(crate) index: git2::Index,
    path: PathBuf,
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

    /// The index as it is now (empty when there is none), copied for
    /// editing.
    pub(crate) fn open(&self) -> Result<NewIndex, GitError> {
        let live = self.git_dir.join("index");
        let path = tmp::ensure_dir(&self.git_dir)?.join(format!("index-{}", std::process::id()));
        let _ = fs::remove_file(&path);
        match fs::copy(&live, &path) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(tmp::io_err(&live, "read", e)),
        }
        let index = git2::Index::open(&path).ctx(|| "could not read the index".into())?;
        Ok(NewIndex { index, path })
    }

    /// Puts the edited index in place of git's (it must have been
    /// [written](NewIndex::write)); the lock stays held until
    /// [released](IndexLock::release) or dropped.
    pub(crate) fn install(&mut self, new: NewIndex) -> Result<(), GitError> {
        let live = self.git_dir.join("index");
        if fault::named("fail-index") {
            return Err(tmp::io_err(
                &live,
                "replace",
                std::io::Error::other("MICROVAC_FAULT=fail-index"),
            ));
        }
        fs::rename(&new.path, &live).map_err(|e| tmp::io_err(&live, "replace", e))
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

impl NewIndex {
    /// Sets the entry of `path` to blob `id` with `mode`, with the stat
    /// data of the work-tree file `abs` (so git sees it unchanged).
    pub(crate) fn set(
        &mut self,
        path: &str,
        id: Oid,
        mode: u32,
        abs: &Path,
    ) -> Result<(), GitError> {
        let meta = fs::symlink_metadata(abs).map_err(|e| tmp::io_err(abs, "read", e))?;
        self.put(&IndexEntry {
            ctime: IndexTime::new(meta.ctime() as i32, meta.ctime_nsec() as u32),
            mtime: IndexTime::new(meta.mtime() as i32, meta.mtime_nsec() as u32),
            dev: meta.dev() as u32,
            ino: meta.ino() as u32,
            mode,
            uid: meta.uid(),
            gid: meta.gid(),
            file_size: meta.size() as u32,
            id,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        })
    }

    /// Sets the entry of `path` to blob `id` with `mode` and no stat data,
    /// for a work-tree file that differs: git then compares its content.
    pub(crate) fn set_unstat(&mut self, path: &str, id: Oid, mode: u32) -> Result<(), GitError> {
        self.put(&IndexEntry {
            ctime: IndexTime::new(0, 0),
            mtime: IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode,
            uid: 0,
            gid: 0,
            file_size: 0,
            id,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        })
    }

    /// Puts `entry` in, replacing the one at its path.
    pub(crate) fn put(&mut self, entry: &IndexEntry) -> Result<(), GitError> {
        self.index.add(entry).ctx(|| {
            format!(
                "could not update the index for {}",
                String::from_utf8_lossy(&entry.path)
            )
        })
    }

    /// The stage-0 entry of `path`.
    pub(crate) fn get(&self, path: &str) -> Option<IndexEntry> {
        self.index.get_path(Path::new(path), 0)
    }

    /// Removes the entry of `path`, if any.
    pub(crate) fn remove(&mut self, path: &str) -> Result<(), GitError> {
        self.index
            .remove_path(Path::new(path))
            .ctx(|| format!("could not update the index for {path}"))
    }

    /// Writes the edited copy to disk, ready to be installed.
    pub(crate) fn write(&mut self) -> Result<(), GitError> {
        self.index
            .write()
            .ctx(|| "could not write the index".into())
    }
}

impl Drop for NewIndex {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
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

/// Removes an `index.lock` a killed microvac left (caller holds the
/// writer lock); leaves git's alone.
pub(crate) fn remove_dead_lock(git_dir: &Path) -> bool {
    let path = git_dir.join("index.lock");
    is_ours(&path) && fs::remove_file(path).is_ok()
}

/// Waits briefly while git's `index.lock` is held; reports it if it stays.
pub(crate) fn wait_for_git(git_dir: &Path) -> Result<(), GitError> {
    let path = git_dir.join("index.lock");
    let start = Instant::now();
    while path.exists() {
        if start.elapsed() > INDEX_WAIT {
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
