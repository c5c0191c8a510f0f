//! Drafts: answers a command was given before it was stopped, kept for
//! its next run in the git directory (`<git-dir>/microvac-drafts/`),
//! where `git status` and `git add -A` never see them and no commit takes
//! them, as git keeps `COMMIT_EDITMSG`. A draft never holds a private
//! note: the command leaves it out.

use super::{StoreError, Tracker};
use crate::git::{GitError, write_atomic};
use std::path::PathBuf;

/// The folder of drafts inside the git directory.
const DRAFTS: &str = "microvac-drafts";

impl Tracker {
    fn draft_path(&self, name: &str) -> PathBuf {
        self.repo
            .git_dir()
            .join(DRAFTS)
            .join(format!("{name}.toml"))
    }

    /// The draft kept as `name` (a slug-like name), if there is one.
    pub fn draft(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.draft_path(name)).ok()
    }

    /// Keeps `text` as the draft `name`, replacing any before it.
    pub fn keep_draft(&self, name: &str, text: &str) -> Result<(), StoreError> {
        let path = self.draft_path(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| GitError::Io {
                context: format!("could not create {}", dir.display()),
                source,
            })?;
        }
        write_atomic(&path, text.as_bytes(), false)?;
        Ok(())
    }

    /// Removes the draft `name`; nothing to do when there is none.
    pub fn drop_draft(&self, name: &str) {
        let _ = std::fs::remove_file(self.draft_path(name));
    }
}
