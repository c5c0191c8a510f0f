//! Whether a work-tree file holds what is committed, compared as git
//! compares it: after git's filters (`core.autocrlf`, `eol` and `text`
//! attributes), so a clone whose work tree has CRLF line ends (Git for
//! Windows' default) is clean where `git status` says it is. The byte
//! comparison comes first; only a file whose bytes differ is run through
//! the filters (libgit2's built-in ones; it never runs a filter program).

use super::{GitContext, GitError, Repo, journal::worktree_blob};
use git2::{DiffOptions, Oid};
use std::path::Path;

impl Repo {
    /// Whether the work-tree file `path` (repo-relative) is what `tree`
    /// holds there (both absent counts as the same). A symlink or a
    /// directory in its place never matches.
    pub(crate) fn worktree_matches(
        &self,
        path: &str,
        tree: Option<&git2::Tree<'_>>,
    ) -> Result<bool, GitError> {
        let committed = tree
            .and_then(|t| t.get_path(Path::new(path)).ok())
            .map(|e| e.id());
        let on_disk = worktree_blob(&self.workdir.join(path))?;
        match (on_disk, committed, tree) {
            _ if on_disk == committed => Ok(true),
            (Some(disk), Some(_), Some(tree)) if disk != Oid::ZERO_SHA1 => {
                self.same_after_filters(path, tree)
            }
            _ => Ok(false),
        }
    }

    /// Whether git's diff of `tree` against the work tree, filters applied,
    /// finds nothing at `path`.
    fn same_after_filters(&self, path: &str, tree: &git2::Tree<'_>) -> Result<bool, GitError> {
        let mut options = DiffOptions::new();
        options
            .pathspec(path)
            .disable_pathspec_match(true)
            .include_typechange(true);
        let diff = self
            .repo
            .diff_tree_to_workdir(Some(tree), Some(&mut options))
            .ctx(|| format!("could not compare {path} with what is committed"))?;
        Ok(diff.deltas().len() == 0)
    }
}
