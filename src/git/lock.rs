//! Mutual exclusion between microvac processes writing to the same clone
//! (git's own `index.lock` is in `index.rs`).
//!
//! The writer lock is an OS file lock (`flock`) on `<git-dir>/microvac.lock`:
//! it dies with the process that holds it, so a killed writer can never
//! leave a lock behind that blocks the next one.

use super::GitError;
use std::{
    fs::{self, File, TryLockError},
    io::Write,
    path::{Path, PathBuf},
    thread,
    time::{Duration, Instant},
};

/// How long a writer waits for another microvac writer to finish.
pub(crate) const WRITER_WAIT: Duration = Duration::from_secs(20);

/// Held while one microvac process writes; released when dropped or when
/// the process ends, however it ends. A clean release also removes the
/// file; a writer that finds the file replaced while it waited locks the
/// new one instead, so removing it never lets two writers in.
pub struct WriterLock {
    path: PathBuf,
    _file: File,
}

impl WriterLock {
    /// Locks `<git-dir>/microvac.lock`, waiting up to `wait` for another
    /// microvac writer.
    pub fn acquire(git_dir: &Path, wait: Duration) -> Result<WriterLock, GitError> {
        let path = git_dir.join("microvac.lock");
        let start = Instant::now();
        let mut file = open(&path)?;
        loop {
            match file.try_lock() {
                Ok(()) if same_file(&file, &path) => break,
                // Its holder removed it as we locked it: lock the new one.
                Ok(()) => file = open(&path)?,
                Err(TryLockError::WouldBlock) if start.elapsed() < wait => {
                    thread::sleep(Duration::from_millis(10));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(GitError::Locked {
                        what: "the tracker",
                        path,
                        waited_ms: start.elapsed().as_millis() as u64,
                    });
                }
                Err(TryLockError::Error(source)) => {
                    return Err(GitError::Io {
                        context: format!("could not lock {}", path.display()),
                        source,
                    });
                }
            }
        }
        // Who holds it, for a person looking: informative only.
        let _ = file.set_len(0);
        let _ = writeln!(file, "{}", std::process::id());
        Ok(WriterLock { path, _file: file })
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file handle.
        let _ = fs::remove_file(&self.path);
    }
}

fn open(path: &Path) -> Result<File, GitError> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|source| GitError::Io {
            context: format!("could not open {}", path.display()),
            source,
        })
}

/// Whether `path` still names the file `file` has open.
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_file_left_behind_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("microvac.lock"), "").unwrap();
        let first = WriterLock::acquire(dir.path(), Duration::ZERO).unwrap();
        drop(first);
        fs::write(dir.path().join("microvac.lock"), "12345\n").unwrap();
        assert!(WriterLock::acquire(dir.path(), Duration::ZERO).is_ok());
    }
}
