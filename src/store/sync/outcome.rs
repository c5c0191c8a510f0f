//! What `mv sync` reports: how far it got, why it stopped, and why it
//! would not start, each with the way on.

use crate::{
    git::{GitError, Leftover, Operation},
    store::{Problem, StoreError},
};

/// What a sync did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Commits pulled from the upstream (merges not counted).
    pub pulled: usize,
    /// Commits pushed to it (merges not counted).
    pub pushed: usize,
    /// Why the upstream was merged in rather than rebased onto, when it was.
    pub merged: Option<String>,
    /// Problems `mv check` finds after a pull that had nothing to push.
    pub problems: Vec<Problem>,
    /// Worth a line to the user: the merge driver set up, a stopped sync
    /// carried on.
    pub notes: Vec<String>,
}

/// How a sync ended.
pub enum SyncOutcome {
    /// At the end: in step with the upstream.
    Synced(SyncReport),
    /// Stopped part way, with what it did so far.
    Stopped {
        /// What it did before it stopped.
        report: SyncReport,
        /// Why it stopped, and what is left in progress.
        stop: Stop,
    },
}

/// Why a sync stopped.
pub enum Stop {
    /// A rebase or merge stopped on conflicts the driver could not settle;
    /// it is left in progress.
    Conflict {
        /// Which.
        op: Operation,
        /// `origin/main`.
        upstream: String,
        /// The files in conflict (empty when git stopped for another reason).
        files: Vec<ConflictedFile>,
        /// What git said.
        git: String,
    },
    /// The integrated tracker fails `mv check`: nothing was pushed.
    Broken {
        /// The problems.
        problems: Vec<Problem>,
    },
    /// The integration would not keep a change the branch had: nothing
    /// moved and nothing was pushed.
    NotKept {
        /// The files whose change would be lost.
        files: Vec<String>,
    },
    /// Every push was refused because the remote could not lock the
    /// branch: a lock file there, which only whoever runs the remote can
    /// remove.
    RemoteLocked {
        /// The lock, as the remote named it.
        lock: String,
        /// The remote's name (`origin`).
        remote: String,
        /// Its URL, when configured.
        url: Option<String>,
    },
    /// Every push was refused because the upstream kept moving.
    KeptMoving {
        /// How many pushes were tried.
        attempts: usize,
    },
}

/// A file left in conflict, and the conflicts in it.
pub struct ConflictedFile {
    /// As shown (relative to the work tree).
    pub file: String,
    /// Each conflict, in words (`unresolved merge conflict in field …`).
    pub conflicts: Vec<String>,
}

/// Why a sync cannot start.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// HEAD is on no branch.
    #[error("HEAD is detached, so there is no branch to sync")]
    Detached,
    /// No remote at all.
    #[error("this repository has no remote, so there is nothing to sync with")]
    NoRemote {
        /// The current branch.
        branch: String,
    },
    /// The branch has no upstream.
    #[error("the branch {branch} has no upstream, so mv sync does not know where to push it")]
    NoUpstream {
        /// The current branch.
        branch: String,
        /// The remote to suggest.
        remote: String,
    },
    /// The user's own uncommitted changes to tracker files.
    #[error("uncommitted changes to tracker files: {}", .files.join(", "))]
    Dirty {
        /// The files.
        files: Vec<String>,
    },
    /// Lock files a killed git command left, or a rebase stopped
    /// half-way that must not be continued.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Leftovers(Vec<Leftover>),
    /// A rebase or merge in progress that `mv sync` did not start.
    #[error("{} is in progress in this clone", .op.name())]
    Busy {
        /// Which.
        op: Operation,
    },
    /// Reading, checking or running git failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<GitError> for SyncError {
    fn from(e: GitError) -> Self {
        SyncError::Store(e.into())
    }
}

impl SyncError {
    /// How to get past it.
    pub fn hint(&self) -> Option<String> {
        match self {
            SyncError::Detached => Some("switch to the tracker's branch first: git switch BRANCH".into()),
            SyncError::NoRemote { branch } => Some(format!(
                "add the team's remote and publish the branch once: git remote add origin URL && git push -u origin {branch}"
            )),
            SyncError::NoUpstream { branch, remote } => Some(format!(
                "publish it once with: git push -u {remote} {branch}"
            )),
            SyncError::Dirty { .. } => Some(
                "commit them (git add … && git commit) or put them aside (git stash), then run mv sync again".into(),
            ),
            SyncError::Leftovers(found) => Some(
                found
                    .iter()
                    .map(Leftover::fix)
                    .collect::<Vec<_>>()
                    .join("\n      "),
            ),
            SyncError::Busy { op } => Some(format!(
                "finish it ({}) or give it up ({}), then run mv sync again",
                op.continue_command(),
                op.abort_command()
            )),
            SyncError::Store(e) => e.hint(),
        }
    }
}
