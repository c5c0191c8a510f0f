//! The git layer: finding the repository, the user's identity, and making
//! one commit per change without disturbing anything else in the work tree
//! or the index. It knows repo-relative paths and bytes, never records.

mod build;
mod commit;
mod config;
mod conflict;
mod discover;
mod fault;
mod head;
mod identity;
mod index;
mod index_copy;
mod index_file;
mod integrate;
mod journal;
mod leftovers;
mod lock;
mod log;
mod operation;
mod out_of_step;
mod program;
mod rollback;
mod sign;
mod sync;
mod tidy;
mod tmp;
mod undo;
mod worktree;

pub use commit::{Change, Committed, Transaction};
pub use conflict::ConflictSides;
use discover::why_not;
pub use git2::Oid;
pub use head::InProgress;
pub use identity::Identity;
pub use integrate::{Integrated, MergeStop, RecordMerged};
pub use journal::Recovery;
pub use leftovers::Leftover;
pub use log::{LoggedCommit, trailers};
pub use operation::Operation;
pub use out_of_step::OutOfStep;
pub use sync::{LocalCommit, Pushed, Relation, Upstream};
pub use tmp::write_atomic;
pub use undo::{LastCommit, Touching, UNDO_KEEP, UndoStack};

use std::path::{Path, PathBuf};

/// What can go wrong in the git layer.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{path} is not inside a git work tree")]
    NotARepo { path: PathBuf },
    #[error(
        "the repository at {path} uses SHA-256 object names, which microvac's git library (libgit2) cannot read yet"
    )]
    Sha256 { path: PathBuf },
    #[error(
        "the repository at {path} is owned by another user, so git and microvac will not use it"
    )]
    NotOwned { path: PathBuf },
    #[error("the repository at {path} is bare; microvac needs a work tree")]
    Bare { path: PathBuf },
    #[error("no git identity is set, so there is no author for the commit")]
    NoIdentity,
    #[error("{what} is held by another process ({path}); waited {waited_ms} ms")]
    Locked {
        what: &'static str,
        path: PathBuf,
        waited_ms: u64,
    },
    #[error("{path} has changes that are not committed")]
    Dirty { path: String },
    #[error("{} is in progress in this repository, so nothing was recorded", .0.operation)]
    InProgress(InProgress),
    #[error(
        "HEAD is detached (at {at}): a commit here would be on no branch, so nothing was recorded"
    )]
    Detached { at: String },
    #[error("{branch} kept moving while microvac was committing; nothing was recorded")]
    Moving { branch: String },
    #[error(
        "{path} was changed by another commit while microvac was writing it; nothing was recorded"
    )]
    Raced { path: String },
    #[error("{context}: {}", .source.message().trim_end_matches([':', ' ']))]
    Git {
        context: String,
        #[source]
        source: git2::Error,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A lock file or a stopped rebase a killed command left.
    #[error("{0}")]
    Stale(Leftover),
    /// A file microvac cannot write as git would (a symbolic link, a
    /// submodule), so it leaves the integration to git.
    #[error("{path} is {what}, which microvac does not write into the work tree")]
    Unwritable { path: String, what: &'static str },
    /// The `git` program failed: the command line and what git said.
    #[error("`git {command}` failed: {message}")]
    Program { command: String, message: String },
    /// The config asks for signed commits and signing failed.
    #[error("could not sign the commit ({program}): {message}; nothing was recorded")]
    Sign { program: String, message: String },
}

impl GitError {
    /// A hint for the user on how to get past the error, where there is one.
    pub fn hint(&self) -> Option<String> {
        if self.to_string().contains("No space left on device") {
            return Some(
                "the disk is full: free some space, then run this again (what was interrupted is put back or finished then)".into(),
            );
        }
        match self {
            GitError::Sign { .. } => Some(
                "this clone's git config asks for signed commits (commit.gpgsign): check user.signingkey, gpg.format and that your agent has the key; to commit without signing: git config commit.gpgsign false".into(),
            ),
            GitError::Stale(leftover) => Some(leftover.fix()),
            GitError::Unwritable { .. } => Some(
                "bring it in with git itself (`git pull`), then run this again".into(),
            ),
            GitError::NoIdentity => Some(
                "set it with\n    git config --global user.name \"Your Name\"\n    git config --global user.email you@example.com\n(or for this repository only, without --global)".into(),
            ),
            GitError::Locked { what: "the tracker", .. } => Some(
                "another microvac command is writing in this clone; try again when it has finished".into(),
            ),
            GitError::Locked { what: "the index", path, .. } => Some(format!(
                "another git command is running; if none is, a crashed one left {} behind: remove it yourself once you are sure",
                path.display()
            )),
            GitError::InProgress(busy) => Some(format!("{}, then run this again", busy.finish)),
            GitError::Detached { .. } => Some(
                "switch to a branch first: `git switch <branch>` (or `git switch -c <new-branch>` to keep working from here), then run this again".into(),
            ),
            GitError::Moving { .. } | GitError::Raced { .. } => {
                Some("another git command is committing in this clone; run this again".into())
            }
            GitError::Dirty { path } => Some(format!(
                "commit or stash your own changes to {path} first (git add {path} && git commit), so microvac does not commit them for you"
            )),
            GitError::Git { source, .. } if source.code() == git2::ErrorCode::Locked => Some(
                "another git command holds that lock file; if none is running, remove the file it names".into(),
            ),
            GitError::NotOwned { path } => Some(format!(
                "if you trust it, allow it as git itself asks: git config --global --add safe.directory {}",
                path.display()
            )),
            GitError::Sha256 { .. } => Some(
                "keep the tracker in a repository with SHA-1 object names (what `git init` makes by default) for now".into(),
            ),
            GitError::NotARepo { .. } => Some(
                "microvac keeps its records in a git repository: cd into your team's repository (or pass -C PATH); `mv init` there starts a tracker".into(),
            ),
            _ => None,
        }
    }
}

pub(crate) trait GitContext<T> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T, GitError>;
}

impl<T> GitContext<T> for Result<T, git2::Error> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T, GitError> {
        self.map_err(|source| GitError::Git {
            context: context(),
            source,
        })
    }
}

impl<T> GitContext<T> for Result<T, std::io::Error> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T, GitError> {
        self.map_err(|source| GitError::Io {
            context: context(),
            source,
        })
    }
}

/// Makes libgit2 read configuration the way the `git` program does under
/// `GIT_CONFIG_NOSYSTEM`, `GIT_CONFIG_SYSTEM` and `GIT_CONFIG_GLOBAL`, which
/// libgit2 itself ignores. Call once at start-up, before opening a repo.
pub fn honour_config_env() {
    // Objects are checked by git's own fsck; re-hashing every object read
    // (libgit2's default) doubles the cost of walking history.
    git2::opts::strict_hash_verification(false);
    let nowhere = std::env::temp_dir().join("microvac-no-config");
    let unset_if = |var: &str, level: git2::ConfigLevel| {
        let value = std::env::var_os(var);
        let off = match var {
            "GIT_CONFIG_NOSYSTEM" => {
                value.is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
            }
            _ => value.is_some(),
        };
        if off {
            // SAFETY: called at start-up, before any other thread uses libgit2.
            let _ = unsafe { git2::opts::set_search_path(level, &nowhere) };
        }
    };
    unset_if("GIT_CONFIG_NOSYSTEM", git2::ConfigLevel::System);
    unset_if("GIT_CONFIG_SYSTEM", git2::ConfigLevel::System);
    unset_if("GIT_CONFIG_GLOBAL", git2::ConfigLevel::Global);
    unset_if("GIT_CONFIG_GLOBAL", git2::ConfigLevel::XDG);
}

/// Git's own line-by-line merge of one file, in place over `ours`
/// (`git merge-file`); returns the number of conflicts it left (0 when
/// clean).
pub fn merge_file_lines(base: &Path, ours: &Path, theirs: &Path) -> std::io::Result<i32> {
    let status = std::process::Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .status()?;
    Ok(status.code().unwrap_or(1))
}

/// A git repository with a work tree.
pub struct Repo {
    repo: git2::Repository,
    workdir: PathBuf,
}

impl Repo {
    /// Finds the repository containing `start`, like git does.
    pub fn discover(start: &Path) -> Result<Repo, GitError> {
        let repo = git2::Repository::discover(start).map_err(|e| why_not(start, &e))?;
        Self::from_git2(repo, start)
    }

    /// Opens the repository whose work tree is exactly `dir`, or runs
    /// `git init` there when `dir` is not inside one.
    pub fn discover_or_init(dir: &Path) -> Result<(Repo, bool), GitError> {
        match Self::discover(dir) {
            Ok(repo) => Ok((repo, false)),
            Err(GitError::NotARepo { .. }) => Ok((Self::init(dir)?, true)),
            Err(e) => Err(e),
        }
    }

    /// `git init` in `dir`, even where `dir` sits inside another
    /// repository's work tree (a new directory the user named).
    pub fn init(dir: &Path) -> Result<Repo, GitError> {
        let repo = git2::Repository::init(dir)
            .ctx(|| format!("could not run git init in {}", dir.display()))?;
        Self::from_git2(repo, dir)
    }

    fn from_git2(repo: git2::Repository, start: &Path) -> Result<Repo, GitError> {
        let workdir = repo
            .workdir()
            .ok_or_else(|| GitError::Bare {
                path: start.to_path_buf(),
            })?
            .to_path_buf();
        let workdir = workdir
            .canonicalize()
            .ctx(|| format!("could not read {}", workdir.display()))?;
        Ok(Repo { repo, workdir })
    }

    /// The work tree's root, canonical.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The repository's private directory (`.git`, or the worktree's own
    /// directory for a linked worktree).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The directory shared by all worktrees (where `hooks/` and `config` live).
    pub fn common_dir(&self) -> &Path {
        self.repo.commondir()
    }

    /// The path of `abs` relative to the work tree, with `/` separators.
    pub fn relative(&self, abs: &Path) -> Option<String> {
        let rel = abs.strip_prefix(&self.workdir).ok()?;
        Some(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    /// Reads a config value (the merged view: repo, global, system).
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.repo.config().ok()?.get_string(key).ok()
    }

    /// The commit HEAD points at; `None` on an unborn branch.
    pub(crate) fn head_commit(&self) -> Result<Option<git2::Commit<'_>>, GitError> {
        match self.repo.head() {
            Ok(head) => Ok(Some(
                head.peel_to_commit().ctx(|| "could not read HEAD".into())?,
            )),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(GitError::Git {
                context: "could not read HEAD".into(),
                source: e,
            }),
        }
    }

    /// The index a running `git commit` is about to record: in a hook, git
    /// may commit from another index (`git commit -a`, `git commit PATH`)
    /// and names it in `GIT_INDEX_FILE`.
    pub(crate) fn staged_index(&self) -> Result<index_copy::Index, GitError> {
        index_copy::Index::open(&self.staged_index_path())
    }

    /// Where the index a running `git commit` is about to record is (see
    /// [`Repo::staged_index`]).
    pub(crate) fn staged_index_path(&self) -> PathBuf {
        match std::env::var_os("GIT_INDEX_FILE") {
            Some(file) => self.workdir.join(file),
            None => self.git_dir().join("index"),
        }
    }

    /// The staged files under `under` (repo-relative) and their content.
    pub fn staged_paths(&self, under: &str) -> Result<Vec<(String, Vec<u8>)>, GitError> {
        let index = self.staged_index()?;
        let mut out = Vec::new();
        for entry in index.entries() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            // Only files: a symbolic link's blob is where it points, not
            // content (`staged_links` lists them), a submodule has none.
            if !is_inside(&path, under) || !is_file_mode(entry.mode) {
                continue;
            }
            let blob = self
                .repo
                .find_blob(entry.id)
                .ctx(|| format!("could not read the staged {path}"))?;
            out.push((path, blob.content().to_vec()));
        }
        Ok(out)
    }

    /// The symbolic links staged under `under` (repo-relative paths).
    pub fn staged_links(&self, under: &str) -> Result<Vec<String>, GitError> {
        let index = self.staged_index()?;
        Ok(index
            .entries()
            .into_iter()
            .filter(|e| e.mode & 0o170000 == 0o120000)
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .filter(|p| is_inside(p, under))
            .collect())
    }

    /// How many files under `under` a sparse checkout keeps out of the
    /// work tree (index entries with the skip-worktree bit). Reads the
    /// index only when `core.sparseCheckout` is on.
    pub fn hidden_by_sparse_checkout(&self, under: &str) -> usize {
        const SKIP_WORKTREE: u16 = 1 << 14;
        let sparse = self
            .repo
            .config()
            .and_then(|c| c.get_bool("core.sparseCheckout"))
            .unwrap_or(false);
        if !sparse {
            return 0;
        }
        let Ok(index) = self.repo.index() else {
            return 0;
        };
        index
            .iter()
            .filter(|e| e.flags_extended & SKIP_WORKTREE != 0)
            .filter(|e| is_inside(&String::from_utf8_lossy(&e.path), under))
            .count()
    }

    /// The staged files named `file_name` anywhere in the work tree
    /// (repo-relative paths); no content is read.
    pub fn staged_named(&self, file_name: &str) -> Result<Vec<String>, GitError> {
        let index = self.staged_index()?;
        Ok(index
            .entries()
            .into_iter()
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .filter(|p| p.rsplit('/').next() == Some(file_name))
            .collect())
    }

    /// The paths git's index lists under folder `dir` (repo-relative),
    /// merged entries only; `None` when the index cannot be read here (no
    /// index, a format only libgit2 reads). A snapshot: the work tree may
    /// hold files it does not list, and lack files it does.
    pub fn tracked_under(&self, dir: &str) -> Option<Vec<String>> {
        let bytes = std::fs::read(self.git_dir().join("index")).ok()?;
        index_file::IndexFile::paths_under(bytes, &format!("{dir}/"))
    }

    /// The identity commits are made as.
    pub fn identity(&self) -> Result<Identity, GitError> {
        Identity::from_repo(&self.repo)
    }
}

/// Whether repo-relative `path` lies under the directory `under` (`""`:
/// the whole work tree).
fn is_inside(path: &str, under: &str) -> bool {
    under.is_empty()
        || path
            .strip_prefix(under)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Whether an index mode is a plain or executable file.
fn is_file_mode(mode: u32) -> bool {
    mode & 0o170000 == 0o100000
}
