//! Which versions git keeps of a file in conflict (its index stages: 1 the
//! base, 2 ours, 3 theirs), so a modify/delete conflict can be named and
//! settled on the side asked for: a side without a stage deleted the file.

use super::{GitContext, GitError, Repo};
use std::path::Path;

/// The versions git has of a file in conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConflictSides {
    /// The common ancestor had it.
    pub base: bool,
    /// Our side has it (deleted there when not).
    pub ours: bool,
    /// Their side has it (deleted there when not).
    pub theirs: bool,
}

impl ConflictSides {
    /// Whether one side deleted the file and the other changed it.
    pub fn modify_delete(self) -> bool {
        self.ours != self.theirs
    }
}

impl Repo {
    /// The sides git keeps of `path` (repo-relative) in conflict, as the
    /// index on disk says now; `None` when it is not in conflict.
    pub fn conflict_sides(&self, path: &str) -> Result<Option<ConflictSides>, GitError> {
        let index = git2::Index::open(&self.git_dir().join("index"))
            .ctx(|| "could not read git's index".into())?;
        let has = |stage: i32| index.get_path(Path::new(path), stage).is_some();
        let sides = ConflictSides {
            base: has(1),
            ours: has(2),
            theirs: has(3),
        };
        Ok((sides.base || sides.ours || sides.theirs).then_some(sides))
    }

    /// The content git keeps of one side of `path` in conflict (`stage` 2
    /// ours, 3 theirs); `None` when that side has none.
    pub fn conflict_side(&self, path: &str, stage: i32) -> Result<Option<Vec<u8>>, GitError> {
        let index = git2::Index::open(&self.git_dir().join("index"))
            .ctx(|| "could not read git's index".into())?;
        let Some(entry) = index.get_path(Path::new(path), stage) else {
            return Ok(None);
        };
        let blob = self
            .repo
            .find_blob(entry.id)
            .ctx(|| format!("could not read {path} as git keeps it in conflict"))?;
        Ok(Some(blob.content().to_vec()))
    }

    /// Settles a conflict on `path` by deleting it, as `git rm` does: from
    /// the index (every stage) and the work tree.
    pub fn resolve_by_deleting(&self, path: &str) -> Result<(), GitError> {
        self.git_ok(&["rm", "--quiet", "--force", "--", path])
            .map(drop)
    }
}
