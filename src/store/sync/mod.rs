//! `mv sync`: the tracker's branch and its upstream brought together
//! through the `git` program (so the user's credentials, SSH config and
//! hosting work unchanged): fetch, integrate, check, push, and again if
//! the upstream moved meanwhile, a bounded number of times.
//!
//! How it integrates. The branch's own commits are rebased onto the
//! upstream when every one of them is a microvac commit (a
//! `Microvac-Action` trailer, not a merge) that no remote has yet, and
//! the work tree has no uncommitted changes to tracked files: rewriting
//! those loses nothing and keeps the shared history a line. Otherwise (a
//! commit of the user's own, a merge, a commit some remote already has,
//! work in progress in the tree) it merges the upstream in, which
//! rewrites nothing. Either way the merge driver merges records field by
//! field; a real clash stops the sync with the rebase or merge left in
//! progress, the files and fields named, and the way on (`mv resolve`,
//! then `mv sync` again) or back (`git rebase --abort`).
//!
//! Nothing is pushed unless the result passes `mv check`.

mod outcome;

pub use outcome::{ConflictedFile, Stop, SyncError, SyncOutcome, SyncReport};

use super::Tracker;
use crate::git::{LocalCommit, Operation, Pushed, Relation, Step, Upstream, trailers};

/// How many times a push refused because the upstream moved is retried.
const ATTEMPTS: usize = 3;

impl Tracker {
    /// Whether a rebase or merge `mv sync` started is stopped in this
    /// clone (then `mv sync` carries on with it).
    pub fn sync_stopped(&self) -> bool {
        self.repo.in_progress().is_some() && self.repo.sync_marked().is_some()
    }

    /// Fetches, integrates, checks and pushes; see the module doc.
    pub fn sync(&self) -> Result<SyncOutcome, SyncError> {
        let mut report = SyncReport::default();
        let branch = self.repo.branch()?.ok_or(SyncError::Detached)?;
        let up = self.sync_upstream(&branch)?;
        if self.register_merge_driver()? {
            report.notes.push(
                "named the microvac merge driver in this clone's git config (as `mv init` does)"
                    .into(),
            );
        }
        report.notes.extend(self.merge_driver_notice());
        if let Some(op) = self.repo.in_progress() {
            let Some(pulled) = self.repo.sync_marked() else {
                return Err(SyncError::Busy { op });
            };
            report.pulled = pulled;
            if let Some(stop) = self.carry_on(op, &up)? {
                return Ok(SyncOutcome::Stopped { report, stop });
            }
        }
        self.repo.mark_sync(None);
        self.refuse_own_changes()?;
        for _ in 0..ATTEMPTS {
            self.repo.fetch(&up)?;
            if let Some(stop) = self.integrate(&up, &mut report)? {
                return Ok(SyncOutcome::Stopped { report, stop });
            }
            let (ahead, _) = self.repo.ahead_behind(&up)?;
            let problems = match report.pulled + ahead {
                0 => Vec::new(),
                _ => self.check(false)?.problems,
            };
            if ahead == 0 && self.repo.has_tracking(&up) {
                report.problems = problems;
                return Ok(SyncOutcome::Synced(report));
            }
            if !problems.is_empty() {
                let stop = Stop::Broken { problems };
                return Ok(SyncOutcome::Stopped { report, stop });
            }
            if self.repo.push(&up)? == Pushed::Done {
                report.pushed = ahead;
                return Ok(SyncOutcome::Synced(report));
            }
        }
        let stop = Stop::KeptMoving { attempts: ATTEMPTS };
        Ok(SyncOutcome::Stopped { report, stop })
    }

    /// The upstream of `branch`, or why there is none.
    fn sync_upstream(&self, branch: &str) -> Result<Upstream, SyncError> {
        if let Some(up) = self.repo.upstream(branch) {
            return Ok(up);
        }
        let remotes = self.repo.remote_names();
        let remote = match remotes.as_slice() {
            [] => {
                return Err(SyncError::NoRemote {
                    branch: branch.to_owned(),
                });
            }
            [one] => one.clone(),
            many if many.iter().any(|r| r == "origin") => "origin".into(),
            _ => "REMOTE".into(),
        };
        Err(SyncError::NoUpstream {
            branch: branch.to_owned(),
            remote,
        })
    }

    /// Refuses to start while tracker files have uncommitted changes of
    /// the user's (tracked files, and untracked records).
    fn refuse_own_changes(&self) -> Result<(), SyncError> {
        let files: Vec<String> = self
            .repo
            .changed_files(self.prefix(), true)?
            .into_iter()
            .filter(|(path, untracked)| !untracked || path.ends_with(".toml"))
            .map(|(path, _)| path)
            .collect();
        match files.is_empty() {
            true => Ok(()),
            false => Err(SyncError::Dirty { files }),
        }
    }

    /// Brings the upstream's new commits into the branch; a stop when a
    /// rebase or merge is left in progress on a conflict.
    fn integrate(&self, up: &Upstream, report: &mut SyncReport) -> Result<Option<Stop>, SyncError> {
        let (_, behind) = self.repo.ahead_behind(up)?;
        match self.repo.relation(up) {
            Relation::UpToDate => return Ok(None),
            Relation::Behind => {
                self.repo.fast_forward(up)?;
                report.pulled += behind;
                return Ok(None);
            }
            Relation::Diverged => {}
        }
        report.pulled += behind;
        self.repo.mark_sync(Some(report.pulled));
        let why_merge = self.why_merge(up)?;
        let (op, step) = match &why_merge {
            None => (Operation::Rebase, self.repo.rebase(up)),
            Some(_) => {
                let message = format!("Merge {} into {} (mv sync)", up.shown(), up.branch);
                (Operation::Merge, self.repo.merge(up, &message))
            }
        };
        report.merged = why_merge;
        match step {
            Ok(Step::Done) => {
                self.repo.mark_sync(None);
                Ok(None)
            }
            Ok(Step::Stopped(git)) => Ok(Some(self.conflict_stop(op, up, git)?)),
            Err(e) => {
                self.repo.mark_sync(None);
                Err(e.into())
            }
        }
    }

    /// Why the upstream must be merged in rather than rebased onto, if it
    /// must (see the module doc).
    fn why_merge(&self, up: &Upstream) -> Result<Option<String>, SyncError> {
        let local = self.repo.local_commits(up)?;
        let short = |c: &LocalCommit| c.id[..c.id.len().min(10)].to_owned();
        if let Some(c) = local.iter().find(|c| c.parents > 1) {
            return Ok(Some(format!(
                "the branch has a merge of its own ({})",
                short(c)
            )));
        }
        let own = |c: &&LocalCommit| {
            !trailers(&c.message)
                .iter()
                .any(|(k, _)| k == "Microvac-Action")
        };
        if let Some(c) = local.iter().find(own) {
            let subject = c.message.lines().next().unwrap_or_default();
            return Ok(Some(format!(
                "{} \"{subject}\" is not a microvac commit, and a rebase would rewrite it",
                short(c)
            )));
        }
        let ids: Vec<String> = local.iter().map(|c| c.id.clone()).collect();
        if self.repo.any_published(&ids)? {
            return Ok(Some(
                "some of the branch's own commits are already on a remote branch".into(),
            ));
        }
        if !self.repo.changed_files("", false)?.is_empty() {
            return Ok(Some(
                "the work tree has uncommitted changes, which a rebase cannot step around".into(),
            ));
        }
        Ok(None)
    }

    /// Carries on with a rebase or merge a previous `mv sync` left
    /// stopped, once its conflicts are resolved.
    fn carry_on(&self, op: Operation, up: &Upstream) -> Result<Option<Stop>, SyncError> {
        if !self.repo.unmerged_paths()?.is_empty() {
            return Ok(Some(self.conflict_stop(op, up, String::new())?));
        }
        match self.repo.continue_operation(op)? {
            Step::Done => {
                self.repo.mark_sync(None);
                Ok(None)
            }
            Step::Stopped(git) => Ok(Some(self.conflict_stop(op, up, git)?)),
        }
    }

    /// The stop for a rebase or merge left in progress: the files in
    /// conflict and, in each, what clashes.
    fn conflict_stop(&self, op: Operation, up: &Upstream, git: String) -> Result<Stop, SyncError> {
        let files = self
            .repo
            .unmerged_paths()?
            .into_iter()
            .map(|file| ConflictedFile {
                conflicts: self.conflicts_in(&file),
                file,
            })
            .collect();
        Ok(Stop::Conflict {
            op,
            upstream: up.shown(),
            files,
            git,
        })
    }

    /// The conflicts git has on a file, in words (see `resolve.rs`).
    fn conflicts_in(&self, file: &str) -> Vec<String> {
        self.describe_conflicts(file)
    }
}
