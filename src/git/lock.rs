//! Mutual exclusion between microvac processes writing to the same clone,
//! and patience with git's own `index.lock`, which is never deleted.

use super::GitError;
use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    thread,
    time::{Duration, Instant},
};

/// How long a writer waits for another microvac writer to finish.
const WRITER_WAIT: Duration = Duration::from_secs(20);
/// How long a writer waits for a git process holding `index.lock`.
const INDEX_WAIT: Duration = Duration::from_secs(3);

/// Held while one microvac process writes; removed on drop.
pub struct WriterLock {
    path: PathBuf,
}

impl WriterLock {
    /// Takes `<git-dir>/microvac.lock`, waiting for another microvac writer.
    /// A lock left by a process that no longer runs is taken over.
    pub fn acquire(git_dir: &Path) -> Result<WriterLock, GitError> {
        let path = git_dir.join("microvac.lock");
        let start = Instant::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    return Ok(WriterLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if holder_is_gone(&path) {
                        let _ = fs::remove_file(&path);
                        continue;
                    }
                    if start.elapsed() > WRITER_WAIT {
                        return Err(GitError::Locked {
                            what: "the tracker",
                            path,
                            waited_ms: start.elapsed().as_millis() as u64,
                        });
                    }
                    thread::sleep(Duration::from_millis(10));
                }
                Err(e) => {
                    return Err(GitError::Io {
                        context: format!("could not create {}", path.display()),
                        source: e,
                    });
                }
            }
        }
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether the pid written in a microvac lock no longer runs.
fn holder_is_gone(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
        return false;
    };
    match text.trim().parse::<u32>() {
        Ok(pid) => cfg!(target_os = "linux") && !Path::new(&format!("/proc/{pid}")).exists(),
        // Being written right now, or garbage: let the wait decide.
        Err(_) => false,
    }
}

/// Waits briefly while git's `index.lock` is held; reports it if it stays.
pub fn wait_for_index(git_dir: &Path) -> Result<(), GitError> {
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
