//! `mv sync`: the tracker's branch and its upstream brought together as
//! one transaction, like a write: fetch through the `git` program (so the
//! user's credentials, SSH config and hosting work unchanged), integrate
//! in memory, check that every change of the branch is kept, move the
//! branch, the index and the work tree in one journaled step, and push the
//! checked commit; again if the upstream moved meanwhile, a bounded number
//! of times. A kill or a full disk at any instant leaves the clone as it
//! was or as it is after, and running `mv sync` again starts from scratch.
//!
//! How it integrates. The branch's own commits are replayed onto the
//! upstream (as a rebase would, but in the object store alone) when every
//! one of them is a microvac commit (a `Microvac-Action` trailer, not a
//! merge) that no remote has yet: rewriting those loses nothing and keeps
//! the shared history a line. Otherwise (a commit of the user's own, a
//! merge, a commit some remote already has) the upstream is merged in with
//! one merge commit, which rewrites nothing. Records changed on both sides
//! merge field by field, with the merge driver's own function.
//!
//! A real clash (the same field set differently) is left for a person as a
//! merge stopped in the work tree, made by `git merge` with the driver:
//! `mv resolve` settles it, `mv sync` finishes it (`git commit`, which
//! cannot drop a commit), `git merge --abort` gives it up. A rebase is
//! never continued: one an older version left stopped is named with the
//! command that gives it up safely, as are lock files a killed git command
//! left (`git.rs`'s leftovers).
//!
//! Nothing is pushed unless the result passes `mv check` and keeps every
//! change the branch had.

mod outcome;

pub use outcome::{ConflictedFile, Stop, SyncError, SyncOutcome, SyncReport};

use super::{Tracker, merge::merge_record};
use crate::git::{
    Integrated, Leftover, LocalCommit, Oid, Operation, Pushed, RecordMerged, Relation, Upstream,
    trailers,
};

/// How many times a push refused because the upstream moved is retried.
const ATTEMPTS: usize = 3;

impl Tracker {
    /// Whether a merge `mv sync` started is stopped in this clone (then
    /// `mv sync` finishes it).
    pub fn sync_stopped(&self) -> bool {
        self.repo.in_progress().is_some() && self.repo.sync_marked().is_some()
    }

    /// Fetches, integrates, checks and pushes; see the module doc.
    pub fn sync(&self) -> Result<SyncOutcome, SyncError> {
        let mut report = SyncReport::default();
        let tidied = self.repo.tidy(&self.own_paths(), &[], false)?;
        report
            .notes
            .extend(tidied.recovered.iter().map(ToString::to_string));
        self.refuse_leftovers()?;
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
            let Some(pulled) = self.repo.sync_marked().filter(|_| op == Operation::Merge) else {
                return Err(SyncError::Busy { op });
            };
            report.pulled = pulled;
            if let Some(stop) = self.carry_on(op, &up)? {
                return Ok(SyncOutcome::Stopped { report, stop });
            }
        }
        self.repo.mark_sync(None);
        self.refuse_own_changes()?;
        let mut last = None;
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
            let Some(tip) = self.repo.commit_of("HEAD") else {
                return Ok(SyncOutcome::Synced(report));
            };
            match self.repo.push(&up, tip)? {
                Pushed::Done => {
                    report.pushed = ahead;
                    return Ok(SyncOutcome::Synced(report));
                }
                Pushed::Behind(_) => last = None,
                Pushed::RemoteLocked(lock) => last = Some(lock),
            }
        }
        let stop = match last {
            Some(lock) => Stop::RemoteLocked {
                lock,
                remote: up.remote.clone(),
                url: self
                    .repo
                    .config_string(&format!("remote.{}.url", up.remote)),
            },
            None => Stop::KeptMoving { attempts: ATTEMPTS },
        };
        Ok(SyncOutcome::Stopped { report, stop })
    }

    /// Refuses to start over a lock file a killed git command left, or a
    /// rebase stopped half-way that an older `mv sync` (or anyone) left
    /// damaged: each is named with its fix, and nothing is touched.
    fn refuse_leftovers(&self) -> Result<(), SyncError> {
        let found: Vec<Leftover> = self.repo.leftovers();
        match found.is_empty() {
            true => Ok(()),
            false => Err(SyncError::Leftovers(found)),
        }
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

    /// Brings the upstream's new commits into the branch, in memory, and
    /// moves the branch there in one step once the result keeps every
    /// change of the branch; a stop when a person must settle a clash (a
    /// merge is then left in progress) or when a change would be lost
    /// (then nothing moved).
    fn integrate(&self, up: &Upstream, report: &mut SyncReport) -> Result<Option<Stop>, SyncError> {
        let relation = self.repo.relation(up);
        if relation == Relation::UpToDate {
            return Ok(None);
        }
        let (_, behind) = self.repo.ahead_behind(up)?;
        let tx = self.repo.begin()?;
        let (Some(head), Some(theirs)) = (
            self.repo.commit_of("HEAD"),
            self.repo.commit_of(&up.tracking),
        ) else {
            return Ok(None);
        };
        let every = self.default_every();
        let merge = move |_: &str, b: &[u8], o: &[u8], t: &[u8]| field_merge(b, o, t, every);
        let why_merge = match relation {
            Relation::Behind => None,
            _ => self.why_merge(up)?,
        };
        let replay = match (&why_merge, relation) {
            (_, Relation::Behind) => Some(Vec::new()),
            (None, _) => self.repo.replayable(up)?,
            _ => None,
        };
        let integrated = match &replay {
            Some(commits) => self.repo.replay(theirs, commits, tx.identity(), &merge)?,
            None => {
                let message = format!("Merge {} into {} (mv sync)", up.shown(), up.branch);
                self.repo
                    .merge_commit(head, theirs, &message, tx.identity(), &merge)?
            }
        };
        let tip = match integrated {
            Integrated::Tip(tip) => tip,
            Integrated::Conflict => {
                return self
                    .merge_for_a_person(tx, up, (head, theirs), behind, report)
                    .map(Some);
            }
        };
        let kept = move |_: &str, b: &[u8], r: &[u8], m: &[u8]| match field_merge(b, r, m, every) {
            Some(RecordMerged::Clean(text)) => same_record(&text, r),
            _ => false,
        };
        let missing = self.repo.missing_changes(head, tip, &kept)?;
        if !missing.is_empty() {
            return Ok(Some(Stop::NotKept { files: missing }));
        }
        let subject = match replay {
            Some(_) => format!("{} onto {}", up.branch, up.shown()),
            None => format!("merge {} into {}", up.shown(), up.branch),
        };
        tx.advance(head, tip, &subject)?;
        report.pulled += behind;
        report.merged = why_merge;
        Ok(None)
    }

    /// A clash a person must settle: the merge of the upstream, left
    /// stopped in the work tree in one journaled step (as `git merge`
    /// with the driver leaves it), for `mv resolve`, then `mv sync` to
    /// finish or `git merge --abort` to give up.
    fn merge_for_a_person(
        &self,
        tx: crate::git::Transaction<'_>,
        up: &Upstream,
        (head, theirs): (Oid, Oid),
        behind: usize,
        report: &mut SyncReport,
    ) -> Result<Stop, SyncError> {
        let every = self.default_every();
        let merge = move |_: &str, b: &[u8], o: &[u8], t: &[u8]| field_merge(b, o, t, every);
        let stop = self.repo.stopped_merge(head, theirs, &merge)?;
        report.pulled += behind;
        self.repo.mark_sync(Some(report.pulled));
        let message = format!("Merge {} into {} (mv sync)", up.shown(), up.branch);
        if let Err(e) = tx.stop_merge(head, &stop, &message) {
            self.repo.mark_sync(None);
            return Err(e.into());
        }
        self.conflict_stop(Operation::Merge, up, String::new())
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
        Ok(None)
    }

    /// Finishes the merge a previous `mv sync` left stopped, once its
    /// conflicts are resolved, in one step (the merge keeps both sides'
    /// commits, so finishing it can drop none).
    fn carry_on(&self, op: Operation, up: &Upstream) -> Result<Option<Stop>, SyncError> {
        if !self.repo.unmerged_paths()?.is_empty() {
            return Ok(Some(self.conflict_stop(op, up, String::new())?));
        }
        self.repo.finish_merge()?;
        self.repo.mark_sync(None);
        Ok(None)
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

/// The merge driver's field merge of one record, for the in-memory
/// integration: `None` where it does not apply (not UTF-8, not TOML, a
/// shape it cannot merge), and git's line merge stands, as with the driver.
fn field_merge(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    every: crate::model::Cadence,
) -> Option<RecordMerged> {
    let text = |b: &[u8]| std::str::from_utf8(b).ok().map(str::to_owned);
    let (b, o, t) = (text(base)?, text(ours)?, text(theirs)?);
    // Pure and never expected to panic; if it does, git's merge stands.
    match std::panic::catch_unwind(move || merge_record(&b, &o, &t, every)) {
        Ok(Ok(merged)) if merged.is_clean() => Some(RecordMerged::Clean(merged.text.into_bytes())),
        Ok(Ok(merged)) => Some(RecordMerged::Clash(merged.text.into_bytes())),
        _ => None,
    }
}

/// Whether two versions of a record hold the same data (formatting
/// aside).
fn same_record(a: &[u8], b: &[u8]) -> bool {
    let parse = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
    };
    a == b || matches!((parse(a), parse(b)), (Some(x), Some(y)) if x == y)
}
