//! The git side of `mv sync`, through the `git` program: the branch's
//! upstream, fetch, fast-forward, rebase or merge (and continuing one that
//! stopped on a conflict), and push. What to do when is the store's call;
//! this file only does it and says how it went.

use super::{
    GitContext, GitError, Repo,
    program::{Ran, failed},
};
use git2::{Oid, RepositoryState};

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

/// How a rebase, merge or continue ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Finished.
    Done,
    /// Stopped part way, in progress, with git's message.
    Stopped(String),
}

/// How a push ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// The remote took it.
    Done,
    /// Refused because the remote branch moved since the last fetch:
    /// fetch, integrate and push again.
    Behind(String),
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

/// The file, in the git directory, saying `mv sync` left a rebase or
/// merge stopped.
const SYNC_MARK: &str = "microvac-sync";

/// Never open an editor in the middle of `mv sync`.
const NO_EDITOR: &[(&str, &str)] = &[("GIT_EDITOR", "true")];

impl Repo {
    /// Holds this clone's writer lock, as a microvac write does, for work
    /// on tracker files outside a commit (resolving a conflicted file).
    pub fn hold_writer_lock(&self) -> Result<impl Drop, GitError> {
        super::lock::WriterLock::acquire(self.git_dir())
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

    /// `git fetch REMOTE`: brings the remote's branches into the
    /// remote-tracking refs.
    pub fn fetch(&self, up: &Upstream) -> Result<(), GitError> {
        self.git_ok(&["fetch", "--quiet", &up.remote]).map(drop)
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

    /// Moves the branch forward to the upstream (only when it has nothing
    /// of its own).
    pub fn fast_forward(&self, up: &Upstream) -> Result<(), GitError> {
        self.git_ok(&["merge", "--ff-only", "--quiet", &up.tracking])
            .map(drop)
    }

    /// Replays the branch's own commits on top of the upstream.
    pub fn rebase(&self, up: &Upstream) -> Result<Step, GitError> {
        let args = [
            "rebase",
            "--quiet",
            "--no-autosquash",
            "--no-autostash",
            "--no-update-refs",
            &up.tracking,
        ];
        let ran = self.run_git(&args, NO_EDITOR)?;
        self.step(&args, ran, Operation::Rebase)
    }

    /// Merges the upstream into the branch, with `message` for the merge
    /// commit.
    pub fn merge(&self, up: &Upstream, message: &str) -> Result<Step, GitError> {
        let args = [
            "merge",
            "--quiet",
            "--no-ff",
            "--no-edit",
            "-m",
            message,
            &up.tracking,
        ];
        let ran = self.run_git(&args, NO_EDITOR)?;
        self.step(&args, ran, Operation::Merge)
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

    /// Pushes the branch to its upstream.
    pub fn push(&self, up: &Upstream) -> Result<Pushed, GitError> {
        let refspec = format!("refs/heads/{}:{}", up.branch, up.merge);
        let args = ["push", "--porcelain", &up.remote, &refspec];
        let ran = self.run_git(&args, &[])?;
        if ran.success {
            return Ok(Pushed::Done);
        }
        match rejected_as_behind(&ran.stdout) {
            Some(reason) => Ok(Pushed::Behind(reason)),
            None => Err(failed(&args, &ran)),
        }
    }
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
}
