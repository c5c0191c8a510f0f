//! Where a commit goes: the branch HEAD names, read fresh each time, and
//! refused when a commit there would be lost: on a detached HEAD (the
//! commit would be on no branch) and while git is in the middle of a
//! rebase, merge, cherry-pick, revert, bisect or `git am` (finishing or
//! aborting it would drop the commit or mix it into the user's work).

use super::{GitContext, GitError, Repo};
use git2::{ErrorCode, Oid, RepositoryState};
use std::{
    thread,
    time::{Duration, Instant},
};

/// How long a write waits for a git command holding the branch's lock.
const REF_WAIT: Duration = Duration::from_secs(3);

/// An operation git is in the middle of, and how to finish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InProgress {
    /// What is in progress, in plain words.
    pub operation: &'static str,
    /// The commands that finish or abort it.
    pub finish: &'static str,
}

fn in_progress(state: RepositoryState) -> Option<InProgress> {
    use RepositoryState as S;
    let (operation, finish) = match state {
        S::Clean => return None,
        S::Rebase | S::RebaseInteractive | S::RebaseMerge | S::ApplyMailboxOrRebase => (
            "a rebase",
            "finish it with `git rebase --continue`, or give it up with `git rebase --abort`",
        ),
        S::Merge => (
            "a merge",
            "finish it with `git commit`, or give it up with `git merge --abort`",
        ),
        S::CherryPick | S::CherryPickSequence => (
            "a cherry-pick",
            "finish it with `git cherry-pick --continue`, or give it up with `git cherry-pick --abort`",
        ),
        S::Revert | S::RevertSequence => (
            "a revert",
            "finish it with `git revert --continue`, or give it up with `git revert --abort`",
        ),
        S::Bisect => ("a bisect", "end it with `git bisect reset`"),
        S::ApplyMailbox => (
            "a `git am`",
            "finish it with `git am --continue`, or give it up with `git am --abort`",
        ),
    };
    Some(InProgress { operation, finish })
}

impl Repo {
    /// The branch a commit would move (`refs/heads/…`), refusing a detached
    /// HEAD and an operation in progress.
    pub(crate) fn writable_branch(&self) -> Result<String, GitError> {
        if let Some(busy) = in_progress(self.repo.state()) {
            // A rebase that must not be continued is named with its fix.
            let rebase = self
                .leftovers()
                .into_iter()
                .find(|l| matches!(l, super::Leftover::Rebase { .. }));
            return Err(rebase.map_or(GitError::InProgress(busy), GitError::Stale));
        }
        let head = self
            .repo
            .find_reference("HEAD")
            .ctx(|| "could not read HEAD".into())?;
        match head.symbolic_target().ok().flatten() {
            Some(branch) => Ok(branch.to_owned()),
            None => Err(GitError::Detached {
                at: head
                    .target()
                    .map(|id| id.to_string()[..7].to_owned())
                    .unwrap_or_default(),
            }),
        }
    }

    /// Where `branch` points now; `None` while it is unborn.
    pub(crate) fn branch_tip(&self, branch: &str) -> Result<Option<Oid>, GitError> {
        match self.repo.refname_to_id(branch) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(GitError::Git {
                context: format!("could not read {branch}"),
                source: e,
            }),
        }
    }

    /// Moves `branch` from `from` to `to`, only if it still points at
    /// `from` (compare-and-swap, as `git update-ref` does). `Ok(false)`
    /// when it had moved meanwhile. A git command holding the branch's
    /// lock (its own compare-and-swap) is waited for briefly.
    pub(crate) fn move_branch(
        &self,
        branch: &str,
        from: Option<Oid>,
        to: Oid,
        reflog: &str,
    ) -> Result<bool, GitError> {
        let start = Instant::now();
        loop {
            let moved = match from {
                Some(from) => self
                    .repo
                    .reference_matching(branch, to, true, from, reflog)
                    .map(drop),
                None => self.repo.reference(branch, to, false, reflog).map(drop),
            };
            return match moved {
                Ok(()) => Ok(true),
                Err(e) if matches!(e.code(), ErrorCode::Modified | ErrorCode::Exists) => Ok(false),
                Err(e) if e.code() == ErrorCode::Locked && start.elapsed() < REF_WAIT => {
                    thread::sleep(Duration::from_millis(10));
                    continue;
                }
                Err(e) => Err(GitError::Git {
                    context: format!("could not move {branch}"),
                    source: e,
                }),
            };
        }
    }

    /// Removes the lock file of `branch` that a microvac killed while
    /// moving it to `commit` left (libgit2 creates `<ref>.lock`, writes the
    /// new id into it and renames it over the ref). A lock holding `commit`
    /// is that one; an empty one is, if it stays empty for a moment (a live
    /// git command fills its own at once); one holding anything else is a
    /// git command's and is left alone. Call only while recovering a
    /// journaled write, with the writer lock held.
    pub(crate) fn remove_dead_ref_lock(&self, branch: &str, commit: &str) {
        let path = self.common_dir().join(format!("{branch}.lock"));
        for _ in 0..10 {
            match std::fs::read(&path) {
                Err(_) => return,
                Ok(bytes) if bytes.trim_ascii() == commit.as_bytes() => break,
                Ok(bytes) if !bytes.is_empty() => return,
                Ok(_) => thread::sleep(Duration::from_millis(50)),
            }
        }
        let _ = std::fs::remove_file(path);
    }

    /// Whether the commit `id` is `HEAD` or one of its ancestors.
    pub(crate) fn head_contains(&self, id: Oid) -> bool {
        let Ok(Some(head)) = self.head_commit().map(|c| c.map(|c| c.id())) else {
            return false;
        };
        head == id || self.repo.graph_descendant_of(head, id).unwrap_or(false)
    }
}
