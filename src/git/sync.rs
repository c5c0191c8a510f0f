//! The git side of `mv sync`, through the `git` program: the branch's
//! upstream, fetch, where the branch stands against it, and push (the
//! integration itself is in memory, `integrate.rs`, and moves the branch
//! through `commit/advance.rs`). What to do when is the store's call; this
//! file only does it and says how it went.

use super::{GitContext, GitError, Repo, program::failed};
use git2::Oid;

/// The remote branch a local branch syncs with.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// The local branch (`main`).
    pub branch: String,
    /// The remote's name (`origin`).
    pub remote: String,
    /// The branch on the remote (`refs/heads/main`).
    pub merge: String,
    /// The remote-tracking ref (`refs/remotes/origin/main`).
    pub tracking: String,
}

impl Upstream {
    /// How git names it: `origin/main`.
    pub fn shown(&self) -> String {
        self.tracking
            .strip_prefix("refs/remotes/")
            .unwrap_or(&self.tracking)
            .to_owned()
    }
}

/// Where a branch stands against its upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// It has everything the upstream has (and maybe more).
    UpToDate,
    /// The upstream has more and nothing is the branch's own: a
    /// fast-forward.
    Behind,
    /// Both have commits the other lacks.
    Diverged,
}

/// How a push ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// The remote took it.
    Done,
    /// Refused because the remote branch moved since the last fetch:
    /// fetch, integrate and push again.
    Behind(String),
    /// Refused because the remote could not lock the branch: a lock file
    /// there (the path the remote gave), held by a push under way or left
    /// by one that was killed.
    RemoteLocked(String),
}

/// One commit on the branch that the upstream does not have.
#[derive(Debug, Clone)]
pub struct LocalCommit {
    /// Its id.
    pub id: String,
    /// How many parents it has (2 or more: a merge).
    pub parents: usize,
    /// Its message.
    pub message: String,
}

impl Repo {
    /// Where HEAD stands against the upstream's remote-tracking branch.
    pub fn relation(&self, up: &Upstream) -> Relation {
        let Some(theirs) = self.oid(&up.tracking) else {
            return Relation::UpToDate;
        };
        let Some(ours) = self.oid("HEAD") else {
            return Relation::Behind;
        };
        let descends = |a: Oid, b: Oid| self.repo.graph_descendant_of(a, b).unwrap_or(false);
        if ours == theirs || descends(ours, theirs) {
            Relation::UpToDate
        } else if descends(theirs, ours) {
            Relation::Behind
        } else {
            Relation::Diverged
        }
    }

    /// The branch HEAD is on, or the one being rebased while a rebase
    /// has HEAD detached; `None` when HEAD is detached otherwise.
    pub fn branch(&self) -> Result<Option<String>, GitError> {
        let head = self
            .repo
            .find_reference("HEAD")
            .ctx(|| "could not read HEAD".into())?;
        let target = head
            .symbolic_target_bytes()
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .or_else(|| {
                ["rebase-merge", "rebase-apply"].iter().find_map(|dir| {
                    std::fs::read_to_string(self.git_dir().join(dir).join("head-name")).ok()
                })
            });
        Ok(target.and_then(|t| t.trim().strip_prefix("refs/heads/").map(str::to_owned)))
    }

    /// The upstream `branch` is set to track (`git push -u` sets it), if
    /// any.
    pub fn upstream(&self, branch: &str) -> Option<Upstream> {
        let remote = self.config_string(&format!("branch.{branch}.remote"))?;
        let merge = self.config_string(&format!("branch.{branch}.merge"))?;
        let tracking = self
            .repo
            .branch_upstream_name(&format!("refs/heads/{branch}"))
            .ok()
            .and_then(|b| b.as_str().map(str::to_owned).ok())
            .unwrap_or_else(|| {
                format!(
                    "refs/remotes/{remote}/{}",
                    merge.strip_prefix("refs/heads/").unwrap_or(&merge)
                )
            });
        Some(Upstream {
            branch: branch.to_owned(),
            remote,
            merge,
            tracking,
        })
    }

    /// The names of the configured remotes.
    pub fn remote_names(&self) -> Vec<String> {
        self.repo
            .remotes()
            .map(|names| {
                names
                    .iter()
                    .flatten()
                    .flatten()
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `git fetch REMOTE`: brings the remote's branches into the
    /// remote-tracking refs.
    pub fn fetch(&self, up: &Upstream) -> Result<(), GitError> {
        self.git_ok(&["fetch", "--quiet", &up.remote]).map(drop)
    }

    /// The commit `name` (`HEAD`, a ref) points at, if any.
    pub fn commit_of(&self, name: &str) -> Option<Oid> {
        self.oid(name)
    }

    /// The local commits of the branch (not on `up`), oldest first, when
    /// every one has a single parent; `None` when one is a merge.
    pub fn replayable(&self, up: &Upstream) -> Result<Option<Vec<Oid>>, GitError> {
        let local = self.local_commits(up)?;
        if local.iter().any(|c| c.parents != 1) {
            return Ok(None);
        }
        let ids: Result<Vec<Oid>, _> = local.iter().rev().map(|c| Oid::from_str(&c.id)).collect();
        Ok(Some(ids.ctx(|| "could not read a commit id".into())?))
    }

    fn oid(&self, name: &str) -> Option<Oid> {
        self.repo
            .revparse_single(name)
            .ok()
            .and_then(|o| o.peel_to_commit().ok())
            .map(|c| c.id())
    }

    /// Whether the remote-tracking ref of `up` exists (it does once the
    /// branch was pushed or fetched).
    pub fn has_tracking(&self, up: &Upstream) -> bool {
        self.oid(&up.tracking).is_some()
    }

    /// The commits (merges not counted) HEAD has that the upstream has
    /// not, and the other way round.
    pub fn ahead_behind(&self, up: &Upstream) -> Result<(usize, usize), GitError> {
        let ahead = self.commits_between(&up.tracking, "HEAD")?;
        let behind = self.commits_between("HEAD", &up.tracking)?;
        let count = |list: &[LocalCommit]| list.iter().filter(|c| c.parents < 2).count();
        Ok((count(&ahead), count(&behind)))
    }

    /// The commits HEAD has that the upstream has not, newest first.
    pub fn local_commits(&self, up: &Upstream) -> Result<Vec<LocalCommit>, GitError> {
        self.commits_between(&up.tracking, "HEAD")
    }

    /// The commits reachable from `to` and not from `from`, newest first.
    fn commits_between(&self, from: &str, to: &str) -> Result<Vec<LocalCommit>, GitError> {
        let Some(to) = self.oid(to) else {
            return Ok(Vec::new());
        };
        let mut walk = self
            .repo
            .revwalk()
            .ctx(|| "could not walk history".into())?;
        walk.push(to).ctx(|| "could not walk history".into())?;
        if let Some(from) = self.oid(from) {
            walk.hide(from).ctx(|| "could not walk history".into())?;
        }
        walk.map(|id| {
            let id = id.ctx(|| "could not walk history".into())?;
            let commit = self
                .repo
                .find_commit(id)
                .ctx(|| format!("could not read commit {id}"))?;
            Ok(LocalCommit {
                id: id.to_string(),
                parents: commit.parent_count(),
                message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
            })
        })
        .collect()
    }

    /// Whether any of `ids` is on a remote-tracking branch (anyone's
    /// clone may have it).
    pub fn any_published(&self, ids: &[String]) -> Result<bool, GitError> {
        let mut walk = self
            .repo
            .revwalk()
            .ctx(|| "could not walk history".into())?;
        let mut any = false;
        for reference in self
            .repo
            .references_glob("refs/remotes/*")
            .ctx(|| "could not list remote branches".into())?
            .flatten()
        {
            if let Ok(commit) = reference.peel_to_commit() {
                walk.push(commit.id())
                    .ctx(|| "could not walk history".into())?;
                any = true;
            }
        }
        if !any {
            return Ok(false);
        }
        let wanted: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        for id in walk {
            let id = id.ctx(|| "could not walk history".into())?;
            if wanted.contains(id.to_string().as_str()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Pushes the commit `tip` (the one checked) to the upstream's branch.
    pub fn push(&self, up: &Upstream, tip: Oid) -> Result<Pushed, GitError> {
        let refspec = format!("{tip}:{}", up.merge);
        let args = ["push", "--porcelain", &up.remote, &refspec];
        let ran = self.run_git(&args, &[])?;
        if ran.success {
            return Ok(Pushed::Done);
        }
        if let Some(lock) = remote_lock(&ran.stderr) {
            return Ok(Pushed::RemoteLocked(lock));
        }
        match rejected_as_behind(&ran.stdout) {
            Some(reason) => Ok(Pushed::Behind(reason)),
            None => Err(failed(&args, &ran)),
        }
    }
}

/// The lock file a remote could not create (`Unable to create
/// '/srv/tracker.git/refs/heads/main.lock': File exists`), from what
/// `git push` printed.
fn remote_lock(stderr: &str) -> Option<String> {
    let (_, rest) = stderr.split_once("Unable to create '")?;
    let (path, after) = rest.split_once("': File exists")?;
    let _ = after;
    Some(path.replace("/./", "/"))
}

/// In `git push --porcelain` output, a ref refused because the remote
/// moved on (`[rejected] (fetch first)`, `(non-fast-forward)`, or the
/// server's lock race): the reason. Any other refusal (a hook declined,
/// permissions) is not fixed by fetching again.
fn rejected_as_behind(porcelain: &str) -> Option<String> {
    porcelain
        .lines()
        .filter_map(|line| line.strip_prefix("!\t"))
        .filter_map(|line| line.split('\t').nth(1))
        .find(|summary| {
            let moved = ["fetch first", "non-fast-forward", "stale info"];
            let raced = [
                "failed to update ref",
                "cannot lock ref",
                "incorrect old value",
            ];
            (summary.starts_with("[rejected]") && moved.iter().any(|m| summary.contains(m)))
                || (summary.starts_with("[remote rejected]")
                    && raced.iter().any(|m| summary.contains(m)))
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_refused_because_the_remote_moved_is_told_apart() {
        let moved = "To ../remote.git\n!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)\nDone\n";
        assert_eq!(
            rejected_as_behind(moved).as_deref(),
            Some("[rejected] (fetch first)")
        );
        let declined = "To x\n!\trefs/heads/main:refs/heads/main\t[remote rejected] (pre-receive hook declined)\nDone\n";
        assert_eq!(rejected_as_behind(declined), None);
        let raced =
            "!\trefs/heads/main:refs/heads/main\t[remote rejected] (failed to update ref)\n";
        assert!(rejected_as_behind(raced).is_some());
    }

    #[test]
    fn a_lock_on_the_remote_is_named_by_its_path() {
        let said = "remote: error: cannot lock ref 'refs/heads/main': Unable to create '/srv/t.git/./refs/heads/main.lock': File exists.        \nremote: \n";
        assert_eq!(
            remote_lock(said).as_deref(),
            Some("/srv/t.git/refs/heads/main.lock")
        );
        assert_eq!(remote_lock("error: failed to push some refs"), None);
    }
}
