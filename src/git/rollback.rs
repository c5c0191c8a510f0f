//! How a failed write is put back: the index entries of the paths it
//! changed and the files it wrote, as they were before.

use super::{Change, GitError, index::IndexLock, tmp};
use std::{
    fs,
    path::{Path, PathBuf},
};

/// How to put the index and the work tree back if the commit fails.
#[derive(Default)]
pub(crate) struct Undo {
    /// The index entries of the changed paths before the commit.
    pub(crate) index: Vec<(String, Option<git2::IndexEntry>)>,
    entries: Vec<UndoEntry>,
}

struct UndoEntry {
    path: PathBuf,
    previous: Option<Vec<u8>>,
    executable: bool,
    created_dirs: Vec<PathBuf>,
}

impl Undo {
    /// Writes `changes` to the work tree under `workdir`, noting how to
    /// undo each.
    pub(crate) fn write_files(
        &mut self,
        workdir: &Path,
        git_dir: &Path,
        changes: &[Change],
    ) -> Result<(), GitError> {
        for change in changes {
            let abs = workdir.join(&change.path);
            if let Some(dir) = abs.parent() {
                tmp::sweep_litter(&[dir.to_path_buf()], 0);
            }
            let previous = match fs::read(&abs) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(tmp::io_err(&abs, "read", e)),
            };
            let created_dirs = match &change.content {
                Some(_) => tmp::create_parents(&abs)?,
                None if previous.is_none() => continue,
                None => Vec::new(),
            };
            self.entries.push(UndoEntry {
                path: abs.clone(),
                previous,
                executable: change.executable,
                created_dirs,
            });
            match &change.content {
                Some(bytes) => tmp::write_file(git_dir, &abs, bytes, change.executable)?,
                None => fs::remove_file(&abs).map_err(|e| tmp::io_err(&abs, "remove", e))?,
            }
        }
        Ok(())
    }

    /// Puts the index entries and the files back as they were; `false`
    /// when some of it could not be.
    pub(crate) fn roll_back(self, git_dir: &Path, lock: &mut IndexLock) -> bool {
        let mut whole = true;
        if !self.index.is_empty() {
            whole &= lock
                .current(None)
                .and_then(|mut new| {
                    for (path, entry) in &self.index {
                        // Every stage goes first: a conflict written over it.
                        new.remove(path)?;
                        if let Some(entry) = entry {
                            new.put(entry)?;
                        }
                    }
                    new.write()?;
                    lock.install(new)
                })
                .is_ok();
        }
        for entry in self.entries.into_iter().rev() {
            whole &= match entry.previous {
                Some(bytes) => {
                    tmp::write_file(git_dir, &entry.path, &bytes, entry.executable).is_ok()
                }
                None => fs::remove_file(&entry.path).is_ok(),
            };
            for dir in entry.created_dirs {
                let _ = fs::remove_dir(dir);
            }
        }
        whole
    }
}
