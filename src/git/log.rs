//! Reading history: each commit's message and, only when asked, the paths
//! it changed under a directory.

use super::{GitContext, GitError, Repo};
use std::collections::{BinaryHeap, HashSet};

/// One commit as history shows it.
#[derive(Debug, Clone)]
pub struct LoggedCommit {
    pub id: String,
    /// Author time: seconds since the epoch and offset in minutes.
    pub seconds: i64,
    pub offset_minutes: i32,
    pub author: String,
    pub message: String,
}

impl Repo {
    /// Walks history from HEAD, newest first, keeping the commits `keep`
    /// accepts. `keep` gets the message and a function listing the paths
    /// the commit changed under `under` (computed only if called).
    pub fn log(
        &self,
        under: &str,
        mut keep: impl FnMut(&str, &mut dyn FnMut() -> Vec<String>) -> bool,
    ) -> Result<Vec<LoggedCommit>, GitError> {
        let repo = &self.repo;
        let Some(head) = self.head_commit()? else {
            return Ok(Vec::new());
        };
        // Newest first, reading each commit once (libgit2's revwalk reads
        // every commit twice when the caller wants its message too).
        let mut queue = BinaryHeap::new();
        let mut seen = HashSet::new();
        seen.insert(head.id());
        queue.push(Newest(head));
        let mut out = Vec::new();
        while let Some(Newest(commit)) = queue.pop() {
            for parent in commit.parent_ids() {
                if seen.insert(parent) {
                    let parent = repo
                        .find_commit(parent)
                        .ctx(|| format!("could not read commit {parent}"))?;
                    queue.push(Newest(parent));
                }
            }
            let message = String::from_utf8_lossy(commit.message_bytes());
            let mut paths = || changed_paths(repo, &commit, under).unwrap_or_default();
            if keep(&message, &mut paths) {
                let author = commit.author();
                out.push(LoggedCommit {
                    id: commit.id().to_string(),
                    seconds: author.when().seconds(),
                    offset_minutes: author.when().offset_minutes(),
                    author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                    message: message.into_owned(),
                });
            }
        }
        Ok(out)
    }
}

/// The trailers of a commit message: only the real trailer block at the
/// end (as `git interpret-trailers` reads it), never a `Key: value` line
/// in the body.
pub fn trailers(message: &str) -> Vec<(String, String)> {
    match git2::message_trailers_strs(message) {
        Ok(found) => found
            .iter()
            .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Orders commits newest first (by committer time) in a max-heap.
struct Newest<'r>(git2::Commit<'r>);

impl Newest<'_> {
    fn key(&self) -> (i64, git2::Oid) {
        (self.0.time().seconds(), self.0.id())
    }
}

impl PartialEq for Newest<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Newest<'_> {}

impl PartialOrd for Newest<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Newest<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// The paths a commit changed (against its first parent) under `under`.
fn changed_paths(
    repo: &git2::Repository,
    commit: &git2::Commit<'_>,
    under: &str,
) -> Result<Vec<String>, git2::Error> {
    let tree = commit.tree()?;
    let parent_tree = match commit.parent(0) {
        Ok(p) => Some(p.tree()?),
        Err(_) => None,
    };
    let mut opts = git2::DiffOptions::new();
    if !under.is_empty() {
        opts.pathspec(format!("{under}/"));
    }
    let diff = repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
    Ok(diff
        .deltas()
        .filter_map(|d| {
            d.new_file()
                .path()
                .or_else(|| d.old_file().path())
                .map(|p| p.to_string_lossy().into_owned())
        })
        .collect())
}
