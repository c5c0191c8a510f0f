//! What `mv undo` needs from git: which commit the last microvac command
//! in this clone made (recorded in `<git-dir>/microvac-last` by every
//! write), finding it on the branch again (also after a rebase gave it a
//! new id), what it changed, and whether anything since touched the same
//! files or the upstream already has it.
//!
//! Why a record and not "the newest commit with a `Microvac-Action`
//! trailer by this identity": the same person works in several clones
//! (and a synced clone holds everyone's commits); only the clone itself
//! knows which command it ran last.

use super::{GitContext, GitError, Repo, Upstream};
use git2::{Commit, Oid};
use std::collections::BTreeSet;

/// The file, in the git directory, naming the last microvac commit.
const LAST: &str = "microvac-last";

/// How far back a rebased commit is looked for.
const SEARCH_LIMIT: usize = 10_000;

/// One file a commit changed, and its content before (in the commit's
/// parent; `None`: the commit created it).
#[derive(Debug, Clone)]
pub struct PathChange {
    /// Repo-relative, with `/`.
    pub path: String,
    /// Its content in the parent.
    pub before: Option<Vec<u8>>,
}

/// A commit that can be reverted: its id, message and the files it
/// changed.
#[derive(Debug, Clone)]
pub struct Revertible {
    /// The full id.
    pub id: String,
    /// The full message.
    pub message: String,
    /// What it changed, against its first parent.
    pub changes: Vec<PathChange>,
}

/// A later commit that touched some of the same files.
#[derive(Debug, Clone)]
pub struct Touching {
    /// Its id.
    pub id: String,
    /// Its subject.
    pub subject: String,
    /// The files it shares with the commit to undo.
    pub paths: Vec<String>,
}

/// What the record of the last command points at.
pub enum LastCommit {
    /// Nothing recorded in this clone.
    None,
    /// Recorded, but not on this branch any more (a reset, another
    /// branch): its id and, if still readable, its subject.
    Elsewhere {
        /// The recorded id.
        id: String,
        /// Its subject, when the commit can still be read.
        subject: Option<String>,
    },
    /// On the branch.
    Found(Revertible),
}

impl Repo {
    /// Records `id` as the commit of the last microvac command in this
    /// clone. Best effort: if it cannot be written, the old record is
    /// removed, so `mv undo` never reverts an older command by mistake.
    pub fn remember_last(&self, id: Oid) {
        let path = self.git_dir().join(LAST);
        if super::write_atomic(&path, format!("{id}\n").as_bytes(), false).is_err() {
            let _ = std::fs::remove_file(&path);
        }
    }

    /// The last microvac commit of this clone, found on the current branch.
    pub fn last_commit(&self) -> Result<LastCommit, GitError> {
        let Ok(text) = std::fs::read_to_string(self.git_dir().join(LAST)) else {
            return Ok(LastCommit::None);
        };
        let Ok(recorded) = Oid::from_str(text.trim()) else {
            return Ok(LastCommit::None);
        };
        let Some(head) = self.head_commit()? else {
            return Ok(LastCommit::None);
        };
        let found = match self.repo.find_commit(recorded) {
            Ok(c) if self.reaches(head.id(), c.id()) => Some(c),
            Ok(c) => self.rebased_copy(&head, &c)?,
            Err(_) => None,
        };
        let Some(commit) = found else {
            let subject = self.repo.find_commit(recorded).ok().map(|c| summary(&c));
            return Ok(LastCommit::Elsewhere {
                id: recorded.to_string(),
                subject,
            });
        };
        if commit.id() != recorded {
            self.remember_last(commit.id());
        }
        Ok(LastCommit::Found(Revertible {
            id: commit.id().to_string(),
            message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
            changes: self.changes_of(&commit)?,
        }))
    }

    /// Whether `ancestor` is `head` or in its history.
    fn reaches(&self, head: Oid, ancestor: Oid) -> bool {
        head == ancestor
            || self
                .repo
                .graph_descendant_of(head, ancestor)
                .unwrap_or(false)
    }

    /// The commit on HEAD's branch that a rebase (`mv sync`, `git pull
    /// --rebase`) made of `original`: same author, same time, same message.
    fn rebased_copy<'r>(
        &'r self,
        head: &Commit<'r>,
        original: &Commit<'_>,
    ) -> Result<Option<Commit<'r>>, GitError> {
        let mut walk = self
            .repo
            .revwalk()
            .ctx(|| "could not walk history".into())?;
        walk.push(head.id())
            .ctx(|| "could not walk history".into())?;
        let author = original.author();
        let same = |c: &Commit<'_>| {
            let a = c.author();
            a.when().seconds() == author.when().seconds()
                && a.email_bytes() == author.email_bytes()
                && a.name_bytes() == author.name_bytes()
                && c.message_bytes() == original.message_bytes()
        };
        for id in walk.take(SEARCH_LIMIT) {
            let id = id.ctx(|| "could not walk history".into())?;
            let commit = self
                .repo
                .find_commit(id)
                .ctx(|| format!("could not read commit {id}"))?;
            if same(&commit) {
                return Ok(Some(commit));
            }
        }
        Ok(None)
    }

    /// The files `commit` changed against its first parent, with their
    /// content before.
    fn changes_of(&self, commit: &Commit<'_>) -> Result<Vec<PathChange>, GitError> {
        let paths = changed_paths(&self.repo, commit).ctx(|| "could not diff the commit".into())?;
        let parent_tree = match commit.parent(0) {
            Ok(p) => Some(p.tree().ctx(|| "could not read a tree".into())?),
            Err(_) => None,
        };
        paths
            .into_iter()
            .map(|path| {
                let before = match parent_tree
                    .as_ref()
                    .and_then(|t| t.get_path(std::path::Path::new(&path)).ok())
                {
                    Some(entry) => Some(
                        self.repo
                            .find_blob(entry.id())
                            .ctx(|| format!("could not read {path}"))?
                            .content()
                            .to_vec(),
                    ),
                    None => None,
                };
                Ok(PathChange { path, before })
            })
            .collect()
    }

    /// The commits after `id` on HEAD's branch that changed one of
    /// `paths` to something else than `id` left it: what a revert of `id`
    /// would throw away. (A file changed since and changed back is no
    /// obstacle.) Newest first.
    pub fn touching_since(&self, id: &str, paths: &[String]) -> Result<Vec<Touching>, GitError> {
        let id = Oid::from_str(id).ctx(|| format!("bad commit id {id}"))?;
        let Some(head) = self.head_commit()? else {
            return Ok(Vec::new());
        };
        let then = self
            .repo
            .find_commit(id)
            .and_then(|c| c.tree())
            .ctx(|| format!("could not read commit {id}"))?;
        let now = head.tree().ctx(|| "could not read HEAD's tree".into())?;
        let blob = |tree: &git2::Tree<'_>, path: &str| {
            tree.get_path(std::path::Path::new(path))
                .ok()
                .map(|e| e.id())
        };
        let changed: BTreeSet<&str> = paths
            .iter()
            .map(String::as_str)
            .filter(|p| blob(&then, p) != blob(&now, p))
            .collect();
        if changed.is_empty() {
            return Ok(Vec::new());
        }
        let mut walk = self
            .repo
            .revwalk()
            .ctx(|| "could not walk history".into())?;
        walk.push(head.id())
            .and_then(|()| walk.hide(id))
            .ctx(|| "could not walk history".into())?;
        let mut out = Vec::new();
        for later in walk {
            let later = later.ctx(|| "could not walk history".into())?;
            let commit = self
                .repo
                .find_commit(later)
                .ctx(|| format!("could not read commit {later}"))?;
            let shared: Vec<String> = changed_paths(&self.repo, &commit)
                .ctx(|| "could not diff a commit".into())?
                .into_iter()
                .filter(|p| changed.contains(p.as_str()))
                .collect();
            if !shared.is_empty() {
                out.push(Touching {
                    id: later.to_string(),
                    subject: summary(&commit),
                    paths: shared,
                });
            }
        }
        Ok(out)
    }

    /// Whether the upstream's remote-tracking branch already has commit
    /// `id` (as of the last fetch).
    pub fn upstream_has(&self, up: &Upstream, id: &str) -> bool {
        let (Ok(id), Ok(tip)) = (
            Oid::from_str(id),
            self.repo
                .revparse_single(&up.tracking)
                .and_then(|o| o.peel_to_commit()),
        ) else {
            return false;
        };
        self.reaches(tip.id(), id)
    }
}

/// The paths `commit` changed against its first parent (all of its files
/// for a root commit).
fn changed_paths(repo: &git2::Repository, commit: &Commit<'_>) -> Result<Vec<String>, git2::Error> {
    let tree = commit.tree()?;
    let parent_tree = match commit.parent(0) {
        Ok(p) => Some(p.tree()?),
        Err(_) => None,
    };
    let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)?;
    let mut out: Vec<String> = diff
        .deltas()
        .flat_map(|d| [d.old_file().path(), d.new_file().path()])
        .flatten()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// A commit's subject line.
fn summary(commit: &Commit<'_>) -> String {
    String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned()
}
