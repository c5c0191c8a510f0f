//! What a killed git command or an older `mv sync` can leave in a clone,
//! named with the exact fix: lock files no running git process holds
//! (`index.lock`, `HEAD.lock`, `AUTO_MERGE.lock`, a branch's `.lock`, …),
//! and a rebase stopped half-way, whose todo list may have lost picks or
//! whose state files may be gone (then `git rebase --abort` itself fails).
//!
//! A lock is stale only when no git process is running in this clone (on
//! Linux, from `/proc`: a process named `git…` whose working directory is
//! inside the work tree or the git directory) and the lock is still the
//! same file after looking. microvac never removes git's locks: it names
//! them, with how to tell they are stale, and the user removes them.
//! (microvac's own `index.lock`, which says so inside, is taken over by the
//! next write: see `index.rs`.)

use super::Repo;
use std::{
    fmt, fs,
    os::unix::fs::MetadataExt,
    path::{Path, PathBuf},
    time::SystemTime,
};

/// Lock files git keeps directly in the git directory.
const LOCKS: &[&str] = &[
    "index.lock",
    "HEAD.lock",
    "ORIG_HEAD.lock",
    "AUTO_MERGE.lock",
    "MERGE_HEAD.lock",
    "FETCH_HEAD.lock",
    "packed-refs.lock",
    "shallow.lock",
    "config.lock",
];

/// Something an interrupted command left that blocks git or microvac.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leftover {
    /// A lock file no running git process holds.
    StaleLock {
        /// The lock, as shown (relative to the work tree where it can be).
        shown: String,
        /// How long ago it was last written, in words.
        age: String,
    },
    /// A rebase stopped half-way (`rebase-merge/` or `rebase-apply/`).
    Rebase {
        /// The branch being rebased, if git still says.
        branch: Option<String>,
        /// The state files that are missing (`onto`, `head-name`, …).
        missing: Vec<&'static str>,
        /// How many of the branch's commits neither the done list nor the
        /// todo list names any more.
        lost_picks: usize,
    },
}

impl fmt::Display for Leftover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Leftover::StaleLock { shown, age } => write!(
                f,
                "{shown} is left over from a git command that was killed: no git process is running in this clone, and it was last written {age}"
            ),
            Leftover::Rebase {
                missing,
                lost_picks,
                ..
            } => {
                f.write_str("a rebase is stopped half-way in this clone")?;
                if !missing.is_empty() {
                    write!(f, ", and git's record of it lacks {}", missing.join(", "))?;
                }
                if *lost_picks > 0 {
                    write!(
                        f,
                        "; its todo list no longer names {lost_picks} of your commits, so `git rebase --continue` would drop them"
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl Leftover {
    /// The exact fix.
    pub fn fix(&self) -> String {
        match self {
            Leftover::StaleLock { shown, .. } => format!(
                "if no git command is running in this clone, remove it: rm '{shown}'; then run the command again"
            ),
            Leftover::Rebase {
                branch, missing, ..
            } => {
                let branch = branch.as_deref().unwrap_or("BRANCH");
                if missing.is_empty() {
                    format!(
                        "give it up with `git rebase --abort` (your commits are all still on {branch}), then run `mv sync`, which integrates without a rebase"
                    )
                } else {
                    format!(
                        "`git rebase --abort` cannot read it: drop it with `git rebase --quit && git switch --discard-changes {branch}` (your commits are all still on {branch}), then run `mv sync`"
                    )
                }
            }
        }
    }
}

impl Repo {
    /// Every stale lock in this clone, and the stopped rebase if it must
    /// not be continued: damaged, short of picks, or one an older `mv
    /// sync` started (someone's own healthy rebase is theirs to finish).
    pub fn leftovers(&self) -> Vec<Leftover> {
        let mut found: Vec<Leftover> = self.stale_locks();
        found.extend(self.stopped_rebase().filter(|rebase| match rebase {
            Leftover::Rebase {
                missing,
                lost_picks,
                ..
            } => !missing.is_empty() || *lost_picks > 0 || self.sync_marked().is_some(),
            Leftover::StaleLock { .. } => true,
        }));
        found
    }

    /// The stale lock files of this clone.
    pub fn stale_locks(&self) -> Vec<Leftover> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        for dir in [self.git_dir(), self.common_dir()] {
            for name in LOCKS {
                let path = dir.join(name);
                if !candidates.contains(&path) && path.exists() {
                    candidates.push(path);
                }
            }
        }
        ref_locks(&self.common_dir().join("refs"), &mut candidates);
        candidates.retain(|path| !super::index::is_microvac_lock(path));
        if candidates.is_empty() {
            return Vec::new();
        }
        let before: Vec<Option<(u64, i64, i64)>> = candidates.iter().map(|p| identity(p)).collect();
        if git_running_in(&[self.workdir(), self.git_dir(), self.common_dir()]) {
            return Vec::new();
        }
        candidates
            .iter()
            .zip(before)
            .filter(|(path, before)| before.is_some() && identity(path) == *before)
            .map(|(path, _)| Leftover::StaleLock {
                shown: self.shown_path(path),
                age: age_of(path),
            })
            .collect()
    }

    /// Whether `path` (a lock git would create) is stale, as
    /// [`Repo::stale_locks`] judges.
    pub(crate) fn stale_lock(&self, path: &Path) -> Option<Leftover> {
        let before = identity(path)?;
        if super::index::is_microvac_lock(path)
            || git_running_in(&[self.workdir(), self.git_dir(), self.common_dir()])
            || identity(path) != Some(before)
        {
            return None;
        }
        Some(Leftover::StaleLock {
            shown: self.shown_path(path),
            age: age_of(path),
        })
    }

    /// A path as the user would type it from the work tree's root.
    fn shown_path(&self, path: &Path) -> String {
        match path.strip_prefix(self.workdir()) {
            Ok(rel) => rel.display().to_string(),
            Err(_) => path.display().to_string(),
        }
    }

    /// The rebase stopped in this clone, if any, and what is wrong with it.
    fn stopped_rebase(&self) -> Option<Leftover> {
        let dir = ["rebase-merge", "rebase-apply"]
            .iter()
            .map(|d| self.git_dir().join(d))
            .find(|d| d.is_dir())?;
        if dir.join("applying").exists() {
            return None; // `git am`, not a rebase
        }
        let read = |name: &str| fs::read_to_string(dir.join(name)).ok();
        let missing: Vec<&'static str> = ["head-name", "onto", "orig-head"]
            .into_iter()
            .filter(|name| read(name).is_none_or(|t| t.trim().is_empty()))
            .collect();
        let branch = read("head-name")
            .and_then(|t| t.trim().strip_prefix("refs/heads/").map(str::to_owned))
            .or_else(|| self.branch().ok().flatten());
        // Only the merge backend keeps done and todo lists to count.
        let lost_picks = match dir.ends_with("rebase-merge") {
            true => self.lost_picks(&dir, read("onto"), read("orig-head")),
            false => 0,
        };
        Some(Leftover::Rebase {
            branch,
            missing,
            lost_picks,
        })
    }

    /// How many commits between `onto` and `orig-head` neither the done
    /// nor the todo list of the rebase in `dir` names (by id prefix).
    fn lost_picks(&self, dir: &Path, onto: Option<String>, orig: Option<String>) -> usize {
        let (Some(onto), Some(orig)) = (onto, orig) else {
            return 0;
        };
        let parse = |t: &str| git2::Oid::from_str(t.trim()).ok();
        let (Some(onto), Some(orig)) = (parse(&onto), parse(&orig)) else {
            return 0;
        };
        let mut named: Vec<String> = Vec::new();
        for list in ["done", "git-rebase-todo"] {
            let text = fs::read_to_string(dir.join(list)).unwrap_or_default();
            for line in text.lines().map(str::trim) {
                if line.starts_with('#') {
                    continue;
                }
                if let Some(id) = line.split_whitespace().nth(1) {
                    named.push(id.to_owned());
                }
            }
        }
        let Ok(mut walk) = self.repo.revwalk() else {
            return 0;
        };
        if walk.push(orig).is_err() || walk.hide(onto).is_err() {
            return 0;
        }
        walk.flatten()
            .filter(|id| {
                let commit = self.repo.find_commit(*id);
                commit.is_ok_and(|c| c.parent_count() == 1)
            })
            .filter(|id| {
                let full = id.to_string();
                !named
                    .iter()
                    .any(|n| n.len() >= 4 && full.starts_with(n.as_str()))
            })
            .count()
    }
}

/// The `*.lock` files under `dir` (the refs), recursively.
fn ref_locks(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => ref_locks(&path, out),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "lock") => out.push(path),
            _ => {}
        }
    }
}

/// What identifies one version of a file: inode and modification time.
fn identity(path: &Path) -> Option<(u64, i64, i64)> {
    let meta = fs::symlink_metadata(path).ok()?;
    Some((meta.ino(), meta.mtime(), meta.mtime_nsec()))
}

/// How long ago `path` was written, in words (`5 minutes ago`).
fn age_of(path: &Path) -> String {
    let secs = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .map_or(0, |d| d.as_secs());
    match secs {
        0..60 => "less than a minute ago".to_owned(),
        60..7200 => format!("{} min ago", secs / 60),
        7200..172_800 => format!("{} hours ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

/// Whether a git process may be running in one of `dirs`: one named
/// `git…` whose working directory is inside one of them, or one whose
/// working directory cannot be read (it might be). Where `/proc` cannot be
/// read at all, one might be.
fn git_running_in(dirs: &[&Path]) -> bool {
    let Ok(procs) = fs::read_dir("/proc") else {
        return true;
    };
    let me = std::process::id().to_string();
    let dirs: Vec<PathBuf> = dirs
        .iter()
        .map(|d| d.canonicalize().unwrap_or_else(|_| d.to_path_buf()))
        .collect();
    for entry in procs.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let comm = fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
        if !comm.starts_with("git") {
            continue;
        }
        match fs::read_link(entry.path().join("cwd")) {
            Ok(cwd) if dirs.iter().any(|d| cwd.starts_with(d)) => return true,
            Ok(_) => {}
            // Gone meanwhile: not running. Unreadable: it might be here.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(_) if entry.path().exists() => return true,
            Err(_) => {}
        }
    }
    false
}
