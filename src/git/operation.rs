//! Operations git has in progress in the work tree (a merge `mv sync` left
//! for a person, or anyone's rebase, cherry-pick, revert): which one,
//! which files are in conflict, how to carry on or go back, whether it was
//! `mv sync` that started it, and finishing a merge once it is resolved
//! (`git commit`, which keeps both sides' commits). `mv sync` itself never
//! starts a rebase or a merge in the work tree: it integrates in memory
//! (`integrate.rs`).

use super::{
    GitError, Repo,
    program::{Ran, failed},
};
use git2::RepositoryState;

/// A multi-step git operation left in progress in the work tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `git rebase` (or `git pull --rebase`).
    Rebase,
    /// `git merge` (or `git pull`).
    Merge,
    /// `git cherry-pick`.
    CherryPick,
    /// `git revert`.
    Revert,
    /// `git am`, `git bisect` and the like.
    Other,
}

impl Operation {
    /// Its name in a sentence: "a rebase".
    pub fn name(self) -> &'static str {
        match self {
            Operation::Rebase => "a rebase",
            Operation::Merge => "a merge",
            Operation::CherryPick => "a cherry-pick",
            Operation::Revert => "a revert",
            Operation::Other => "a git operation (am, bisect)",
        }
    }

    /// Its name alone: "rebase".
    pub fn noun(self) -> &'static str {
        self.name().trim_start_matches("a ")
    }

    /// The command that carries on once conflicts are resolved.
    pub fn continue_command(self) -> &'static str {
        match self {
            Operation::Rebase => "git rebase --continue",
            Operation::Merge => "git commit --no-edit",
            Operation::CherryPick => "git cherry-pick --continue",
            Operation::Revert => "git revert --continue",
            Operation::Other => "git status",
        }
    }

    /// The command that gives up and goes back to where it started.
    pub fn abort_command(self) -> &'static str {
        match self {
            Operation::Rebase => "git rebase --abort",
            Operation::Merge => "git merge --abort",
            Operation::CherryPick => "git cherry-pick --abort",
            Operation::Revert => "git revert --abort",
            Operation::Other => "git status",
        }
    }
}

/// How a rebase, merge or continue ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Finished.
    Done,
    /// Stopped part way, in progress, with git's message.
    Stopped(String),
}

/// The file, in the git directory, saying `mv sync` left a rebase or
/// merge stopped.
const SYNC_MARK: &str = "microvac-sync";

/// Never open an editor in the middle of `mv sync`.
const NO_EDITOR: &[(&str, &str)] = &[("GIT_EDITOR", "true")];

impl Repo {
    /// Holds this clone's writer lock, as a microvac write does, for work
    /// on tracker files outside a commit (resolving a conflicted file).
    pub fn hold_writer_lock(&self) -> Result<impl Drop, GitError> {
        super::lock::WriterLock::acquire(self.git_dir(), super::lock::WRITER_WAIT)
    }

    /// Notes that `mv sync` started a rebase or merge that pulled
    /// `pulled` commits (or, with `None`, that it has nothing in
    /// progress), so a later `mv sync` knows it may carry on.
    pub fn mark_sync(&self, pulled: Option<usize>) {
        let path = self.git_dir().join(SYNC_MARK);
        match pulled {
            Some(n) => {
                let _ = super::write_atomic(&path, format!("{n}\n").as_bytes(), false);
            }
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    /// When the operation in progress was started by `mv sync`: how many
    /// commits it pulled.
    pub fn sync_marked(&self) -> Option<usize> {
        let text = std::fs::read_to_string(self.git_dir().join(SYNC_MARK)).ok()?;
        Some(text.trim().parse().unwrap_or(0))
    }

    /// The operation git has in progress in the work tree, if any.
    pub fn in_progress(&self) -> Option<Operation> {
        match self.repo.state() {
            RepositoryState::Clean => None,
            RepositoryState::Merge => Some(Operation::Merge),
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge => Some(Operation::Rebase),
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                Some(Operation::CherryPick)
            }
            RepositoryState::Revert | RepositoryState::RevertSequence => Some(Operation::Revert),
            _ => Some(Operation::Other),
        }
    }

    /// The files `git status` shows as changed under `under` (`""`:
    /// everywhere), repo-relative, each with whether it is untracked:
    /// tracked files with staged or unstaged changes, and, when
    /// `untracked`, untracked files too.
    pub fn changed_files(
        &self,
        under: &str,
        untracked: bool,
    ) -> Result<Vec<(String, bool)>, GitError> {
        let pathspec = if under.is_empty() { "." } else { under };
        let untracked = if untracked {
            "--untracked-files=all"
        } else {
            "--untracked-files=no"
        };
        let out = self.git_ok(&[
            "status",
            "--porcelain=v1",
            "-z",
            "--no-renames",
            untracked,
            "--",
            pathspec,
        ])?;
        Ok(out
            .split('\0')
            .filter(|entry| entry.len() > 3)
            .map(|entry| (entry[3..].to_owned(), entry.starts_with("??")))
            .collect())
    }

    /// The files git has marked conflicted (unmerged), repo-relative.
    pub fn unmerged_paths(&self) -> Result<Vec<String>, GitError> {
        let out = self.git_ok(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
        let mut paths: Vec<String> = out
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        paths.dedup();
        Ok(paths)
    }

    /// Carries on with `op` once its conflicts are resolved (and staged).
    pub fn continue_operation(&self, op: Operation) -> Result<Step, GitError> {
        let args: &[&str] = match op {
            Operation::Rebase => &["rebase", "--continue"],
            Operation::Merge => &["commit", "--quiet", "--no-edit"],
            Operation::CherryPick => &["cherry-pick", "--continue"],
            Operation::Revert => &["revert", "--continue"],
            Operation::Other => &["status"],
        };
        let ran = self.run_git(args, NO_EDITOR)?;
        self.step(args, ran, op)
    }

    /// Reads how a rebase or merge ended: done, stopped with the operation
    /// left in progress, or failed without starting (an error).
    fn step(&self, args: &[&str], ran: Ran, op: Operation) -> Result<Step, GitError> {
        if ran.success && self.in_progress() != Some(op) {
            return Ok(Step::Done);
        }
        if self.in_progress() == Some(op) {
            return Ok(Step::Stopped(ran.message()));
        }
        Err(failed(args, &ran))
    }
}
