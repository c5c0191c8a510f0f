//! Putting right, outside a write, what microvac itself left behind: the
//! write a kill interrupted, its temporary files, and (on request) index
//! entries of the tracker's files that no longer match HEAD. `mv check`
//! runs it; every write does the same when it starts.

use super::{GitError, OutOfStep, Recovery, Repo, lock, tmp};
use std::{path::PathBuf, time::Duration};

/// What [`Repo::tidy`] did.
#[derive(Debug, Default)]
pub struct Tidied {
    /// The interrupted write it finished or rolled back.
    pub recovered: Option<Recovery>,
    /// The index entries it restored to HEAD's.
    pub restored: Vec<OutOfStep>,
}

impl Repo {
    /// Takes the writer lock, finishes or rolls back an interrupted write,
    /// empties microvac's temporary directory and sweeps microvac's
    /// temporary files from the work-tree folders `dirs` (and below); with
    /// `repair`, also restores the out-of-step index entries in `scopes`.
    ///
    /// Without `repair` the lock is not waited for, and when it cannot be
    /// had (a writer is at work, and the journal is its own; or the git
    /// directory is read-only) nothing is done.
    pub fn tidy(
        &self,
        scopes: &[String],
        dirs: &[PathBuf],
        repair: bool,
    ) -> Result<Tidied, GitError> {
        let wait = if repair {
            lock::WRITER_WAIT
        } else {
            Duration::ZERO
        };
        let _writer = match lock::WriterLock::acquire(self.git_dir(), wait) {
            Ok(writer) => writer,
            Err(_) if !repair => return Ok(Tidied::default()),
            Err(e) => return Err(e),
        };
        tmp::sweep(self.git_dir());
        tmp::sweep_litter(dirs, 3);
        let recovered = self.recover()?;
        let restored = if repair {
            self.restore_in_step(scopes, None)?
        } else {
            Vec::new()
        };
        Ok(Tidied {
            recovered,
            restored,
        })
    }
}
