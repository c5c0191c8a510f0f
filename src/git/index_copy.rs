//! A copy of git's index in microvac's temporary directory: loaded once
//! per write (an index of a big tracker takes a while to read), read for
//! the checks, edited for the commit, and renamed over git's index while
//! `index.lock` is held. git replaces its index by renaming a new file
//! over it, so the copy is current exactly while git's index is still the
//! same file (same inode, size and times) with the same checksum;
//! otherwise it is read again.
//!
//! The same stamp, kept in `<git-dir>/microvac-in-step` with the commit
//! made, lets the next write know that nobody has touched the index or
//! the branch since: the index is then in step with HEAD as microvac left
//! it, and looking for tracker files out of step (which costs a read of
//! every tree of the tracker when the index's cache of tree ids is
//! incomplete, as libgit2 leaves it) can be skipped.

use super::{
    GitContext, GitError,
    index_file::{IndexFile, Unpatchable, copy_entry},
    tmp,
};
use git2::{IndexEntry, IndexTime, Oid};
use std::{
    fs, io,
    os::unix::fs::{FileExt, MetadataExt},
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

/// Git's index, copied (see the module).
pub(crate) struct IndexCopy {
    pub(crate) index: Index,
    path: PathBuf,
    live: PathBuf,
    stamp: Option<Stamp>,
}

/// An index, read: patched in place where it can be (`index_file.rs`),
/// else through libgit2 (version 4, a split or sparse index).
pub(crate) enum Index {
    Patched(IndexFile),
    Libgit2(git2::Index),
}

/// What identifies one version of git's index file: where it is and its
/// stat data, which git itself trusts, and its checksum (the SHA-1 of its
/// content git writes as its last 20 bytes). The checksum is what makes
/// the stamp sure: a file system reuses a freed inode number at once, and
/// two index files written within one tick of its clock can share every
/// time, so a later index of the same size could pass for the one read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    sum: [u8; SUM_LEN],
}

/// The length of an index file's checksum.
const SUM_LEN: usize = 20;

impl Stamp {
    fn line(&self) -> String {
        let sum: String = self.sum.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{} {} {} {} {} {} {} {sum}",
            self.dev, self.ino, self.size, self.mtime.0, self.mtime.1, self.ctime.0, self.ctime.1
        )
    }

    /// The stamp of `meta`'s file, whose content is `bytes`.
    fn of(meta: &fs::Metadata, bytes: &[u8]) -> Stamp {
        let mut sum = [0; SUM_LEN];
        if let Some(tail) = bytes.len().checked_sub(SUM_LEN).map(|at| &bytes[at..]) {
            sum.copy_from_slice(tail);
        }
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            sum,
        }
    }

    /// The stamp of the index file at `path` as it is now, reading only
    /// its checksum; `None` when it cannot be read or carries no checksum
    /// (`index.skipHash`): then nothing can say it is unchanged.
    fn now(path: &Path) -> Option<Stamp> {
        let file = fs::File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        let mut tail = [0; SUM_LEN];
        let at = meta.len().checked_sub(SUM_LEN as u64)?;
        file.read_exact_at(&mut tail, at).ok()?;
        Some(Stamp::of(&meta, &tail)).filter(Stamp::has_sum)
    }

    /// Whether the file carries a checksum (not `index.skipHash`'s zeros).
    fn has_sum(&self) -> bool {
        self.sum != [0; SUM_LEN]
    }
}

fn in_step_file(git_dir: &Path) -> PathBuf {
    git_dir.join("microvac-in-step")
}

/// Notes that git's index, as it is now, is the one microvac left with
/// `head` committed (best effort: without it the next write just looks).
pub(crate) fn record_in_step(git_dir: &Path, head: Oid) {
    if let Some(stamp) = Stamp::now(&git_dir.join("index")) {
        let line = format!("{} {head}\n", stamp.line());
        let _ = tmp::write_state(git_dir, &in_step_file(git_dir), line.as_bytes());
    }
}

/// Whether git's index and `head` are still what microvac left.
pub(crate) fn known_in_step(git_dir: &Path, head: Option<Oid>) -> bool {
    let (Ok(recorded), Some(stamp), Some(head)) = (
        fs::read_to_string(in_step_file(git_dir)),
        Stamp::now(&git_dir.join("index")),
        head,
    ) else {
        return false;
    };
    recorded.trim_end() == format!("{} {head}", stamp.line())
}

impl Index {
    /// Reads the index file at `path` (none: an empty index).
    pub(crate) fn open(path: &Path) -> Result<Index, GitError> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(tmp::io_err(path, "read", e)),
        };
        match IndexFile::parse(bytes) {
            Ok(file) => Ok(Index::Patched(file)),
            // libgit2 reads what this does not patch, and names what is
            // wrong with a damaged file in its own words.
            Err(Unpatchable::Unsupported(_) | Unpatchable::Corrupt(_)) => git2::Index::open(path)
                .map(Index::Libgit2)
                .ctx(|| "could not read the index".into()),
        }
    }

    /// The entry of `path` at `stage` (0: merged; 1-3: a conflict's).
    pub(crate) fn entry(&self, path: &str, stage: u8) -> Option<IndexEntry> {
        match self {
            Index::Patched(file) => file.entry(path, stage),
            Index::Libgit2(index) => index.get_path(Path::new(path), i32::from(stage)),
        }
    }

    /// Whether `path` has a conflict's entries.
    pub(crate) fn conflicted(&self, path: &str) -> bool {
        match self {
            Index::Patched(file) => file.conflicted(path),
            Index::Libgit2(index) => {
                (1..=3).any(|stage| index.get_path(Path::new(path), stage).is_some())
            }
        }
    }

    /// The id of the tree (or blob) each of `paths` has in the index
    /// (`Some(None)`: nothing there; `None`: it cannot be told, as under
    /// a conflict).
    pub(crate) fn tree_ids(
        &mut self,
        repo: &git2::Repository,
        paths: &[String],
    ) -> Vec<Option<Option<Oid>>> {
        match self {
            Index::Patched(file) => paths.iter().map(|p| file.tree_id(p).ok()).collect(),
            Index::Libgit2(index) => {
                let tree = index
                    .write_tree_to(repo)
                    .and_then(|id| repo.find_tree(id))
                    .ok();
                paths
                    .iter()
                    .map(|p| Some(tree.as_ref()?.get_path(Path::new(p)).ok().map(|e| e.id())))
                    .collect()
            }
        }
    }

    /// Every entry, in order.
    pub(crate) fn entries(&self) -> Vec<IndexEntry> {
        match self {
            Index::Patched(file) => file.entries(),
            Index::Libgit2(index) => index.iter().collect(),
        }
    }
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
        let (bytes, stamp) = match fs::File::open(&live) {
            Ok(mut from) => {
                // The stamp of the very file read, not of a newer one.
                let meta = from.metadata().map_err(|e| tmp::io_err(&live, "read", e))?;
                let mut bytes = Vec::with_capacity(meta.len() as usize);
                io::Read::read_to_end(&mut from, &mut bytes)
                    .map_err(|e| tmp::io_err(&live, "read", e))?;
                let stamp = Stamp::of(&meta, &bytes);
                (bytes, Some(stamp))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => (Vec::new(), None),
            Err(e) => return Err(tmp::io_err(&live, "read", e)),
        };
        let index = match (stamp, IndexFile::parse(bytes.clone())) {
            (_, Ok(file)) => Index::Patched(file),
            (None, Err(_)) => Index::Patched(IndexFile::empty()),
            (Some(_), Err(_)) => {
                // libgit2 edits a copy in the temporary directory.
                fs::write(&path, &bytes).map_err(|e| tmp::io_err(&path, "write", e))?;
                Index::Libgit2(git2::Index::open(&path).ctx(|| "could not read the index".into())?)
            }
        };
        Ok(IndexCopy {
            index,
            path,
            live,
            stamp,
        })
    }

    /// Whether git's index is still the file this was copied from, with
    /// the same content (an index without a checksum never is: it is read
    /// again).
    pub(crate) fn is_current(&self) -> bool {
        self.stamp
            .is_some_and(|stamp| Stamp::now(&self.live) == Some(stamp))
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

    /// Puts `entry` in, replacing the one at its path and stage.
    pub(crate) fn put(&mut self, entry: &IndexEntry) -> Result<(), GitError> {
        let path = || String::from_utf8_lossy(&entry.path).into_owned();
        match &mut self.index {
            Index::Patched(file) => file.put(entry).map_err(|why| GitError::Io {
                context: format!("could not update the index for {}", path()),
                source: io::Error::other(why),
            }),
            Index::Libgit2(index) => index
                .add(entry)
                .ctx(|| format!("could not update the index for {}", path())),
        }
    }

    /// The stage-0 entry of `path`.
    pub(crate) fn get(&self, path: &str) -> Option<IndexEntry> {
        self.index.entry(path, 0)
    }

    /// Removes the entries of `path` (every stage), if any.
    pub(crate) fn remove(&mut self, path: &str) -> Result<(), GitError> {
        match &mut self.index {
            Index::Patched(file) => {
                file.remove(path);
                Ok(())
            }
            Index::Libgit2(index) => index
                .remove_path(Path::new(path))
                .ctx(|| format!("could not update the index for {path}")),
        }
    }

    /// Writes the edited copy to disk, ready to be installed. An entry
    /// the index read was racily clean for, whose file no longer holds
    /// what it records, is smudged first (see `index_file.rs`).
    pub(crate) fn write(&mut self) -> Result<(), GitError> {
        match &mut self.index {
            Index::Patched(file) => {
                if let Some(stamp) = self.stamp {
                    smudge_racy(file, &self.live, stamp.mtime.0)?;
                }
                let bytes = file.encode();
                fs::write(&self.path, bytes).map_err(|e| tmp::io_err(&self.path, "write", e))
            }
            Index::Libgit2(index) => index.write().ctx(|| "could not write the index".into()),
        }
    }
}

/// Smudges the entries of `file` that are racily clean against an index
/// last written in second `index_secs` and whose work-tree file, with
/// the same size and time, holds something else (git's
/// `ce_smudge_racily_clean_entry`, libgit2's `truncate_racily_clean`).
fn smudge_racy(file: &mut IndexFile, live: &Path, index_secs: i64) -> Result<(), GitError> {
    let racy = file.racy(index_secs);
    if racy.is_empty() {
        return Ok(());
    }
    let git_dir = live.parent().unwrap_or(Path::new("."));
    let repo = git2::Repository::open(git_dir).ctx(|| "could not open the repository".into())?;
    let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
        return Ok(());
    };
    for (slot, entry) in racy {
        let path = String::from_utf8_lossy(&entry.path).into_owned();
        let abs = workdir.join(&path);
        let Ok(meta) = fs::symlink_metadata(&abs) else {
            continue; // gone: git sees that from the stat data
        };
        let same_stat = meta.mtime() as i32 == entry.mtime.seconds()
            && meta.mtime_nsec() as u32 == entry.mtime.nanoseconds()
            && meta.size() as u32 == entry.file_size;
        if same_stat && differs(&repo, &abs, &path, &entry)? {
            file.smudge(slot);
        }
    }
    Ok(())
}

/// Whether the work-tree file of `entry` holds something other than its
/// blob, compared as git compares it (after the filters).
fn differs(
    repo: &git2::Repository,
    abs: &Path,
    path: &str,
    entry: &IndexEntry,
) -> Result<bool, GitError> {
    if entry.mode & 0o170000 == 0o100000
        && Oid::hash_file(git2::ObjectType::Blob, abs).ok() == Some(entry.id)
    {
        return Ok(false);
    }
    // The bytes differ (or it is a link): ask libgit2's diff, with the
    // filters, against an index holding only this entry without its stat
    // data, so that the content is what is compared.
    let context = || format!("could not compare {path} with the index");
    let mut alone = git2::Index::new().ctx(context)?;
    let mut unstat = copy_entry(entry);
    unstat.file_size = 0;
    unstat.mtime = IndexTime::new(0, 0);
    unstat.ctime = IndexTime::new(0, 0);
    alone.add(&unstat).ctx(context)?;
    let mut options = git2::DiffOptions::new();
    options.pathspec(path).disable_pathspec_match(true);
    let diff = repo
        .diff_index_to_workdir(Some(&alone), Some(&mut options))
        .ctx(context)?;
    Ok(diff.deltas().len() > 0)
}

impl Drop for IndexCopy {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index file of `entries` blobs, written by libgit2 in `dir`.
    fn index_of(dir: &Path, entries: &[&str]) -> PathBuf {
        let path = dir.join("index");
        let mut index = git2::Index::open(&path).expect("an index");
        for name in entries {
            let entry = IndexEntry {
                ctime: IndexTime::new(0, 0),
                mtime: IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: 0,
                id: Oid::hash_object(git2::ObjectType::Blob, name.as_bytes()).expect("an id"),
                flags: 0,
                flags_extended: 0,
                path: name.as_bytes().to_vec(),
            };
            index.add(&entry).expect("an entry");
        }
        index.write().expect("the index written");
        path
    }

    #[test]
    fn an_index_of_the_same_size_and_times_but_other_content_is_not_current() {
        let dir = tempfile::tempdir().expect("a directory");
        let live = index_of(dir.path(), &["a.toml"]);
        let copy = IndexCopy::load(dir.path()).expect("a copy");
        assert!(copy.is_current());
        // What a reused inode with a clock that did not tick looks like:
        // every stat field as read, another content of the same length.
        let elsewhere = dir.path().join("other");
        fs::create_dir(&elsewhere).expect("a directory");
        let other = index_of(&elsewhere, &["b.toml"]);
        let bytes = fs::read(&other).expect("the other index");
        assert_eq!(bytes.len() as u64, copy.stamp.expect("a stamp").size);
        let meta = fs::metadata(&live).expect("the index");
        assert_ne!(Some(Stamp::of(&meta, &bytes)), copy.stamp);
        assert_eq!(
            Some(Stamp::of(&meta, &fs::read(&live).expect("read"))),
            copy.stamp
        );
    }

    #[test]
    fn an_index_without_a_checksum_is_always_read_again() {
        let dir = tempfile::tempdir().expect("a directory");
        let live = index_of(dir.path(), &["a.toml"]);
        let mut bytes = fs::read(&live).expect("the index");
        let at = bytes.len() - SUM_LEN;
        bytes[at..].fill(0);
        fs::write(&live, &bytes).expect("written as with index.skipHash");
        let copy = IndexCopy::load(dir.path()).expect("a copy");
        assert!(!copy.is_current());
        assert!(Stamp::now(&live).is_none());
    }
}
