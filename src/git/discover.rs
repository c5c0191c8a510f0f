//! Why a directory is not a repository microvac can open, in the words
//! that help: a repository that is there but that libgit2 refuses (owned
//! by another user, SHA-256 object names) is not "not a repository".

use super::GitError;
use std::path::{Path, PathBuf};

/// The error for a failed discovery from `start`.
pub(super) fn why_not(start: &Path, error: &git2::Error) -> GitError {
    match find_git_dir(start) {
        Some(git) if error.code() == git2::ErrorCode::Owner => GitError::NotOwned {
            path: git.work_tree,
        },
        Some(git) if uses_sha256(&git.common_dir) => GitError::Sha256 {
            path: git.work_tree,
        },
        _ => GitError::NotARepo {
            path: start.to_path_buf(),
        },
    }
}

/// A `.git` found above a directory.
struct Found {
    /// The directory holding `.git`.
    work_tree: PathBuf,
    /// The directory holding the repository's `config`.
    common_dir: PathBuf,
}

/// The nearest `.git` at or above `start`: a directory, or a file naming
/// one (`gitdir: …`, in linked worktrees and submodules).
fn find_git_dir(start: &Path) -> Option<Found> {
    start.ancestors().find_map(|dir| {
        let dot_git = dir.join(".git");
        let git_dir = if dot_git.is_dir() {
            dot_git
        } else {
            let text = std::fs::read_to_string(&dot_git).ok()?;
            dir.join(text.strip_prefix("gitdir:")?.trim())
        };
        let common_dir = match std::fs::read_to_string(git_dir.join("commondir")) {
            Ok(common) => git_dir.join(common.trim()),
            Err(_) => git_dir,
        };
        Some(Found {
            work_tree: dir.to_path_buf(),
            common_dir,
        })
    })
}

/// Whether the repository's config sets `extensions.objectFormat = sha256`.
fn uses_sha256(common_dir: &Path) -> bool {
    let Ok(config) = std::fs::read_to_string(common_dir.join("config")) else {
        return false;
    };
    let mut in_extensions = false;
    for line in config.lines().map(str::trim) {
        if line.starts_with('[') {
            in_extensions = line.to_ascii_lowercase().starts_with("[extensions]");
        } else if in_extensions
            && let Some((key, value)) = line.split_once('=')
            && key.trim().eq_ignore_ascii_case("objectformat")
        {
            return value.trim().eq_ignore_ascii_case("sha256");
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_object_format_from_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            "[core]\n\tbare = false\n[extensions]\n\tobjectFormat = sha256\n",
        )
        .unwrap();
        assert!(uses_sha256(dir.path()));
        std::fs::write(&config, "[core]\n\tobjectformat = sha256\n").unwrap();
        assert!(!uses_sha256(dir.path()));
    }
}
