//! Temporary files, written where git never sees them.
//!
//! A file is written whole to a temporary file and renamed over its
//! target, so a reader never sees half a file. The temporary file lives in
//! `<git-dir>/microvac-tmp/`: inside the repository's private directory,
//! so `git status` and `git add -A` never see it, even when a kill leaves
//! it behind, and the next write (which holds the writer lock, so no other
//! microvac is using the directory) empties it.
//!
//! A rename is atomic only within one file system. The git directory is on
//! the work tree's file system in every ordinary clone, but a linked
//! worktree can be added on another disk; there, and only there, the
//! temporary file goes beside its target as `.microvac-*.tmp` (what older
//! versions always did). Any left behind is swept by the next write into
//! that folder, and by `mv check` from every folder of the tracker.
//! Atomicity is kept either way.

use super::GitError;
use std::{
    fs,
    io::Write,
    os::unix::fs::{MetadataExt, PermissionsExt},
    path::{Path, PathBuf},
};

/// The directory of microvac's temporary files inside the git directory.
pub(crate) fn dir(git_dir: &Path) -> PathBuf {
    git_dir.join("microvac-tmp")
}

/// Creates the temporary directory if needed and returns it.
pub(crate) fn ensure_dir(git_dir: &Path) -> Result<PathBuf, GitError> {
    let dir = dir(git_dir);
    fs::create_dir_all(&dir).map_err(|e| io_err(&dir, "create", e))?;
    Ok(dir)
}

/// Writes a work-tree file through a temporary file in the git directory
/// (or beside it, on another file system) and a rename.
pub(crate) fn write_file(
    git_dir: &Path,
    path: &Path,
    bytes: &[u8],
    executable: bool,
) -> Result<(), GitError> {
    let target_dir = path.parent().unwrap_or(Path::new("."));
    let tmp = ensure_dir(git_dir)?;
    let same_fs = match (fs::metadata(&tmp), fs::metadata(target_dir)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    };
    let via = if same_fs { tmp.as_path() } else { target_dir };
    write_via(via, path, bytes, executable)
}

/// Writes `bytes` to `path` through a temporary file in the same directory
/// and a rename (for files inside the git directory, like the hooks).
pub fn write_atomic(path: &Path, bytes: &[u8], executable: bool) -> Result<(), GitError> {
    write_via(
        path.parent().unwrap_or(Path::new(".")),
        path,
        bytes,
        executable,
    )
}

/// Writes `bytes` to a temporary file in `via`, flushes it to disk and
/// renames it to `path`. An existing file keeps its permissions; a new one
/// gets 0644 (0755 when `executable`) less the umask.
fn write_via(via: &Path, path: &Path, bytes: &[u8], executable: bool) -> Result<(), GitError> {
    let new_mode = if executable { 0o755 } else { 0o644 };
    let mode = fs::metadata(path).map_or(new_mode, |m| m.permissions().mode() | (new_mode & 0o111));
    let mut tmp = tempfile::Builder::new()
        .prefix(".microvac-")
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(via)
        .map_err(|e| io_err(via, "create a temporary file in", e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_data())
        .map_err(|e| io_err(path, "write", e))?;
    tmp.persist(path)
        .map_err(|e| io_err(path, "replace", e.error))?;
    Ok(())
}

/// Writes one of microvac's own small state files in the git directory
/// (`microvac-pending`, `microvac-in-step`) whole or not at all, through a
/// temporary file and a rename. Not flushed to disk: a killed process
/// loses nothing the kernel has, and git itself does not flush its index
/// or refs by default either.
pub(crate) fn write_state(git_dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), GitError> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".microvac-")
        .suffix(".tmp")
        .tempfile_in(ensure_dir(git_dir)?)
        .map_err(|e| io_err(git_dir, "create a temporary file in", e))?;
    tmp.write_all(bytes).map_err(|e| io_err(path, "write", e))?;
    tmp.persist(path)
        .map_err(|e| io_err(path, "replace", e.error))?;
    Ok(())
}

/// Empties the temporary directory: whatever is there was left by a
/// microvac that was killed. Call only with the writer lock held.
pub(crate) fn sweep(git_dir: &Path) {
    for entry in fs::read_dir(dir(git_dir)).into_iter().flatten().flatten() {
        let _ = fs::remove_file(entry.path());
    }
}

/// Removes `.microvac-*.tmp` files left in the work tree (by an older
/// version, or on another file system) in each of `dirs` and `depth`
/// levels below, never following a symlink.
pub(crate) fn sweep_litter(dirs: &[PathBuf], depth: usize) {
    fn walk(dir: &Path, depth: usize) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if kind.is_dir() && depth > 0 && name != ".git" {
                walk(&entry.path(), depth - 1);
            } else if kind.is_file() && is_litter(&name) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    for dir in dirs {
        walk(dir, depth);
    }
}

/// Whether `name` is one of microvac's temporary files: `.microvac-`,
/// six characters from tempfile, `.tmp`.
fn is_litter(name: &str) -> bool {
    name.strip_prefix(".microvac-")
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|middle| {
            middle.len() == 6 && middle.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Creates the missing parent directories of `path`, returning them
/// deepest first so a rollback can remove them again.
pub(crate) fn create_parents(path: &Path) -> Result<Vec<PathBuf>, GitError> {
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

/// Removes the directories above `path` that are now empty, up to (not
/// including) `root`.
pub(crate) fn remove_empty_parents(path: &Path, root: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

pub(crate) fn io_err(path: &Path, verb: &str, source: std::io::Error) -> GitError {
    GitError::Io {
        context: format!("could not {verb} {}", path.display()),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_microvacs_own_temporary_names_are_litter() {
        assert!(is_litter(".microvac-a1B2c3.tmp"));
        assert!(!is_litter(".microvac-notes.tmp"));
        assert!(!is_litter("microvac-a1B2c3.tmp"));
        assert!(!is_litter(".microvac-a1B2c3.toml"));
    }

    #[test]
    fn sweeping_removes_litter_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let people = dir.path().join("people");
        fs::create_dir_all(&people).unwrap();
        fs::write(people.join(".microvac-abcdef.tmp"), "x").unwrap();
        fs::write(people.join("alice.toml"), "x").unwrap();
        sweep_litter(&[dir.path().to_path_buf()], 3);
        assert!(!people.join(".microvac-abcdef.tmp").exists());
        assert!(people.join("alice.toml").exists());
    }
}
