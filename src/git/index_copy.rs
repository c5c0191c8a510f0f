//! A copy of git's index in microvac's temporary directory: loaded once
//! per write (an index of a big tracker takes a while to read), read for
//! the checks, edited for the commit, and renamed over git's index while
//! `index.lock` is held. git replaces its index by renaming a new file
//! over it, so the copy is current exactly while git's index is still the
//! same file (same inode, size and times); otherwise it is read again.
//!
//! The same stamp, kept in `<git-dir>/microvac-in-step` with the commit
//! made, lets the next write know that nobody has touched the index or
//! the branch since: the index is then in step with HEAD as microvac left
//! it, and looking for tracker files out of step (which costs a read of
//! every tree of the tracker when the index's cache of tree ids is
//! incomplete, as libgit2 leaves it) can be skipped.

use super::{GitContext, GitError, tmp};
use git2::{IndexEntry, IndexTime, Oid};
use std::{
    fs, io,
    os::unix::fs::MetadataExt,
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

/// Git's index, copied (see the module).
pub(crate) struct IndexCopy {
    pub(crate) index: git2::Index,
    path: PathBuf,
    live: PathBuf,
    stamp: Option<Stamp>,
}

/// What identifies one version of git's index file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn line(&self) -> String {
        format!(
            "{} {} {} {} {} {} {}",
            self.dev, self.ino, self.size, self.mtime.0, self.mtime.1, self.ctime.0, self.ctime.1
        )
    }

    fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

fn in_step_file(git_dir: &Path) -> PathBuf {
    git_dir.join("microvac-in-step")
}

/// Notes that git's index, as it is now, is the one microvac left with
/// `head` committed (best effort: without it the next write just looks).
pub(crate) fn record_in_step(git_dir: &Path, head: Oid) {
    if let Ok(meta) = fs::metadata(git_dir.join("index")) {
        let line = format!("{} {head}\n", Stamp::of(&meta).line());
        let _ = tmp::write_state(git_dir, &in_step_file(git_dir), line.as_bytes());
    }
}

/// Whether git's index and `head` are still what microvac left.
pub(crate) fn known_in_step(git_dir: &Path, head: Option<Oid>) -> bool {
    let (Ok(recorded), Ok(meta), Some(head)) = (
        fs::read_to_string(in_step_file(git_dir)),
        fs::metadata(git_dir.join("index")),
        head,
    ) else {
        return false;
    };
    recorded.trim_end() == format!("{} {head}", Stamp::of(&meta).line())
}

impl IndexCopy {
    /// Copies git's index (none: an empty one) and reads the copy.
    pub(crate) fn load(git_dir: &Path) -> Result<IndexCopy, GitError> {
        static COPIES: AtomicUsize = AtomicUsize::new(0);
        let live = git_dir.join("index");
        let name = format!(
            "index-{}-{}",
            std::process::id(),
            COPIES.fetch_add(1, Ordering::Relaxed)
        );
        let path = tmp::ensure_dir(git_dir)?.join(name);
        let stamp = match fs::File::open(&live) {
            Ok(mut from) => {
                // The stamp of the very file copied, not of a newer one.
                let meta = from.metadata().map_err(|e| tmp::io_err(&live, "read", e))?;
                let mut to = fs::File::create(&path).map_err(|e| tmp::io_err(&path, "write", e))?;
                io::copy(&mut from, &mut to).map_err(|e| tmp::io_err(&live, "copy", e))?;
                Some(Stamp::of(&meta))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(tmp::io_err(&live, "read", e)),
        };
        let index = git2::Index::open(&path).ctx(|| "could not read the index".into())?;
        Ok(IndexCopy {
            index,
            path,
            live,
            stamp,
        })
    }

    /// Whether git's index is still the file this was copied from.
    pub(crate) fn is_current(&self) -> bool {
        fs::metadata(&self.live).ok().map(|m| Stamp::of(&m)) == self.stamp
    }

    /// Where the copy is.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

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

impl Drop for IndexCopy {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
