//! Files whose index entry no longer matches HEAD while the work tree
//! still does: HEAD has the file, the work tree has exactly HEAD's
//! content, and the index has it deleted or holding something else (left
//! by `git read-tree`, or by a git command that wrote back an index it had
//! read before microvac's commit). Nobody's work is in such an entry — the
//! user sees no change in the work tree — but the next plain `git commit`
//! would record it, deleting or reverting a recorded change. Restoring the
//! entry to HEAD's loses nothing. Only paths in the given scopes (the
//! tracker's own files) are looked at, so the user's other staged work is
//! never touched.

use super::{GitContext, GitError, Repo, index::IndexLock, index_copy::Index};
use git2::{ObjectType, Oid, TreeWalkMode, TreeWalkResult};
use std::{fmt, path::Path};

/// A file whose index entry does not match HEAD (see the module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfStep {
    /// The file, relative to the work tree.
    pub path: String,
    /// Whether the index has it deleted (else it holds other content).
    pub deleted: bool,
    id: Oid,
    mode: u32,
}

impl fmt::Display for OutOfStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.deleted {
            "staged deletion"
        } else {
            "staged content differs from HEAD"
        };
        write!(f, "{} ({how})", self.path)
    }
}

impl Repo {
    /// The files in `scopes` (work-tree-relative files or folders) that
    /// are out of step in the index, or, with `staged`, in the index a
    /// running `git commit` names in `GIT_INDEX_FILE`.
    pub fn out_of_step(&self, scopes: &[String], staged: bool) -> Result<Vec<OutOfStep>, GitError> {
        let path = if staged {
            self.staged_index_path()
        } else {
            self.git_dir().join("index")
        };
        self.find_out_of_step(&mut Index::open(&path)?, scopes)
    }

    /// Restores the out-of-step entries in `scopes` to HEAD's, under
    /// `index.lock`; returns what it restored. `index`, when given, is the
    /// index as it is now, to look at first. The caller holds the writer
    /// lock.
    pub(crate) fn restore_in_step(
        &self,
        scopes: &[String],
        index: Option<&mut Index>,
    ) -> Result<Vec<OutOfStep>, GitError> {
        let nothing = match index {
            Some(index) => self.find_out_of_step(index, scopes)?.is_empty(),
            None => self.out_of_step(scopes, false)?.is_empty(),
        };
        if nothing {
            return Ok(Vec::new());
        }
        let mut lock = IndexLock::acquire(self.git_dir())?;
        let mut new = lock.current(None)?;
        let found = self.find_out_of_step(&mut new.index, scopes)?;
        for file in &found {
            new.set(
                &file.path,
                file.id,
                file.mode,
                &self.workdir.join(&file.path),
            )?;
        }
        new.write()?;
        lock.install(new)?;
        lock.release();
        Ok(found)
    }

    fn find_out_of_step(
        &self,
        index: &mut Index,
        scopes: &[String],
    ) -> Result<Vec<OutOfStep>, GitError> {
        let scopes = self.differing(index, scopes);
        let tree = self.head_tree()?;
        let mut found = Vec::new();
        for (path, id, mode) in self.head_files(&scopes)? {
            if index.conflicted(&path) {
                continue; // a conflict: the user's to resolve
            }
            let staged = index.entry(&path, 0).map(|e| e.id);
            if staged == Some(id) || !self.worktree_matches(&path, tree.as_ref())? {
                continue;
            }
            found.push(OutOfStep {
                path,
                deleted: staged.is_none(),
                id,
                mode,
            });
        }
        Ok(found)
    }

    /// The scopes whose tree in the index differs from HEAD's: only there
    /// can a file be out of step. The index's tree comes from its cache of
    /// tree ids, so this costs little more than the paths changed since
    /// the last commit; when it cannot be had (a conflict, a read-only
    /// repository), every scope is looked at file by file.
    fn differing(&self, index: &mut Index, scopes: &[String]) -> Vec<String> {
        let Some(head) = self.head_tree().ok().flatten() else {
            return scopes.to_vec();
        };
        let staged = index.tree_ids(&self.repo, scopes);
        scopes
            .iter()
            .zip(staged)
            .filter(|(scope, staged)| {
                let committed = head
                    .get_path(Path::new(scope.as_str()))
                    .ok()
                    .map(|e| e.id());
                *staged != Some(committed)
            })
            .map(|(scope, _)| scope.clone())
            .collect()
    }

    /// The blobs HEAD has in `scopes`: path, id and mode.
    fn head_files(&self, scopes: &[String]) -> Result<Vec<(String, Oid, u32)>, GitError> {
        let Some(tree) = self.head_tree()? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for scope in scopes {
            let Ok(entry) = tree.get_path(Path::new(scope)) else {
                continue;
            };
            match entry.kind() {
                Some(ObjectType::Blob) => {
                    out.push((scope.clone(), entry.id(), entry.filemode() as u32));
                }
                Some(ObjectType::Tree) => {
                    let sub = self
                        .repo
                        .find_tree(entry.id())
                        .ctx(|| format!("could not read {scope} in HEAD"))?;
                    sub.walk(TreeWalkMode::PreOrder, |dir, e| {
                        if let (Some(ObjectType::Blob), Ok(name)) = (e.kind(), e.name()) {
                            let path = format!("{scope}/{dir}{name}");
                            out.push((path, e.id(), e.filemode() as u32));
                        }
                        TreeWalkResult::Ok
                    })
                    .ctx(|| format!("could not read {scope} in HEAD"))?;
                }
                _ => {}
            }
        }
        Ok(out)
    }
}
