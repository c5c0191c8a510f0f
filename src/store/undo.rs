//! `mv undo` and `mv redo`: each reverts one entry of the clone's undo
//! stack ([`UndoStack`]) as one new commit through the [`Writer`] (never
//! rewriting history). `mv undo` reverts the newest command not undone
//! yet, so undo, undo goes two commands back, as in an editor; `mv redo`
//! reverts the newest undo still in effect (the command is back), until
//! a new command is recorded. Every file the reverted commit changed goes
//! back to what it was before.
//!
//! It refuses when a later commit changed one of the same files and the
//! file is not back as the command left it (the revert would throw that
//! work away), and, unless forced, when the
//! upstream already has the command's commit (others may have built on it;
//! a forced undo is still a new commit, which they will pull).

use super::{StoreError, Tracker, Writer};
use crate::{
    git::{LastCommit, Touching, UndoStack, trailers},
    model::Action,
};

/// Why the last command cannot be undone.
#[derive(Debug, thiserror::Error)]
pub enum UndoError {
    /// No microvac command recorded in this clone.
    #[error("there is no microvac command to undo in this clone")]
    NothingRecorded,
    /// Every command recorded is undone already.
    #[error("every microvac command recorded in this clone is undone already")]
    AllUndone,
    /// No undo in effect since the last command.
    #[error("nothing to redo")]
    NothingToRedo,
    /// The recorded commit is not on the current branch.
    #[error("{what}, {}, is not on the current branch", shown(.id, .subject.as_deref()))]
    Elsewhere {
        /// Which entry: "the last microvac command in this clone", …
        what: &'static str,
        /// Its id.
        id: String,
        /// Its subject, if it can be read.
        subject: Option<String>,
    },
    /// Later commits changed the same files.
    #[error("cannot undo {}: later commits changed the same files: {}", shown(.id, Some(.subject)), later_list(.later))]
    TouchedSince {
        /// The command's commit.
        id: String,
        /// Its subject.
        subject: String,
        /// The later commits.
        later: Vec<Touching>,
    },
    /// The upstream already has it.
    #[error("{} is already on {upstream}, so others may have it", shown(.id, Some(.subject)))]
    Published {
        /// `mv undo` or `mv redo`.
        command: &'static str,
        /// The command's commit.
        id: String,
        /// Its subject.
        subject: String,
        /// `origin/main`.
        upstream: String,
    },
    /// A file the command changed is not a tracker file.
    #[error("cannot undo {}: it changed {path}, which is outside the tracker", shown(.id, Some(.subject)))]
    Outside {
        /// The command's commit.
        id: String,
        /// Its subject.
        subject: String,
        /// The file.
        path: String,
    },
    /// Reading or writing failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<crate::git::GitError> for UndoError {
    fn from(e: crate::git::GitError) -> Self {
        UndoError::Store(e.into())
    }
}

impl UndoError {
    /// How to get past it.
    pub fn hint(&self) -> Option<String> {
        match self {
            UndoError::NothingRecorded => Some(
                "microvac remembers the commands run in each clone; `git revert COMMIT` reverts any commit".into(),
            ),
            UndoError::AllUndone => Some(format!(
                "`mv redo` brings back the last one undone; each clone keeps its last {} commands; `git revert COMMIT` reverts any commit",
                crate::git::UNDO_KEEP
            )),
            UndoError::NothingToRedo => Some(
                "`mv redo` brings back what `mv undo` reverted, until another microvac command is recorded".into(),
            ),
            UndoError::Elsewhere { id, .. } => Some(format!(
                "switch to the branch that has it, or revert it by hand: git revert {}",
                short(id)
            )),
            UndoError::TouchedSince { .. } => Some(
                "change the record with microvac instead (mv edit, mv reopen, …), or revert those commits first".into(),
            ),
            UndoError::Published { command, .. } => Some(format!(
                "`{command} --force` reverts it anyway, as a new commit (history is never rewritten); `mv sync` then shares the {}",
                command.trim_start_matches("mv ")
            )),
            UndoError::Outside { id, .. } => Some(format!("revert it by hand: git revert {}", short(id))),
            UndoError::Store(e) => e.hint(),
        }
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(10)]
}

fn shown(id: &str, subject: Option<&str>) -> String {
    match subject {
        Some(s) => format!("\"{s}\" ({})", short(id)),
        None => short(id).to_owned(),
    }
}

fn later_list(later: &[Touching]) -> String {
    later
        .iter()
        .map(|t| {
            format!(
                "{} \"{}\" ({})",
                short(&t.id),
                t.subject,
                t.paths.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl Tracker {
    /// Puts the undo of this clone's newest microvac command not undone yet
    /// into `writer`'s change and returns the action to commit it with.
    /// `force` undoes a command the upstream already has.
    pub fn undo_last(&self, writer: &mut Writer<'_>, force: bool) -> Result<Action, UndoError> {
        let mut stack = self.repo.undo_stack();
        if stack.is_empty() {
            return Err(UndoError::NothingRecorded);
        }
        let index = self
            .on_branch(&mut stack, UndoStack::next_undo)?
            .ok_or(UndoError::AllUndone)?;
        let what = if stack.is_newest(index) {
            "the last microvac command in this clone"
        } else {
            "the next microvac command to undo in this clone"
        };
        self.revert_entry(writer, &mut stack, index, force, (what, "mv undo"))
    }

    /// The entry `pick` chooses once every entry it could step over (and
    /// the entry itself) is on the current branch: an entry that is not
    /// (a reset dropped it, another branch has it) is left out, as it did
    /// nothing here. The newest entry off the branch is refused instead,
    /// as it was before there was a stack: its command is probably the
    /// one meant.
    fn on_branch(
        &self,
        stack: &mut UndoStack,
        pick: fn(&UndoStack) -> Option<usize>,
    ) -> Result<Option<usize>, UndoError> {
        'pick: loop {
            let Some(index) = pick(stack) else {
                return Ok(None);
            };
            for i in (index..stack.len()).rev() {
                if stack.is_left_out(i) {
                    continue;
                }
                if let LastCommit::Elsewhere { id, subject } = self.repo.stack_commit(stack, i)? {
                    if stack.is_newest(i) {
                        let what = "the last microvac command in this clone";
                        return Err(UndoError::Elsewhere { what, id, subject });
                    }
                    stack.leave_out(i);
                    continue 'pick;
                }
            }
            return Ok(Some(index));
        }
    }

    /// Puts the revert of this clone's newest undo still in effect (the
    /// redo of the command it undid) into `writer`'s change and returns
    /// the action to commit it with. `force` reverts an undo the upstream
    /// already has.
    pub fn redo_last(&self, writer: &mut Writer<'_>, force: bool) -> Result<Action, UndoError> {
        let mut stack = self.repo.undo_stack();
        let index = self
            .on_branch(&mut stack, UndoStack::next_redo)?
            .ok_or(UndoError::NothingToRedo)?;
        let what = "the undo to redo";
        self.revert_entry(writer, &mut stack, index, force, (what, "mv redo"))
    }

    /// Reverts entry `index` of `stack` in `writer`'s change; `what` names
    /// the entry and the command in messages.
    fn revert_entry(
        &self,
        writer: &mut Writer<'_>,
        stack: &mut UndoStack,
        index: usize,
        force: bool,
        (what, command): (&'static str, &'static str),
    ) -> Result<Action, UndoError> {
        let last = match self.repo.stack_commit(stack, index)? {
            LastCommit::None => return Err(UndoError::NothingRecorded),
            LastCommit::Elsewhere { id, subject } => {
                return Err(UndoError::Elsewhere { what, id, subject });
            }
            LastCommit::Found(last) => last,
        };
        let subject = last.message.lines().next().unwrap_or_default().to_owned();
        let paths: Vec<String> = last.changes.iter().map(|c| c.path.clone()).collect();
        let later = self.repo.touching_since(&last.id, &paths)?;
        if !later.is_empty() {
            return Err(UndoError::TouchedSince {
                id: last.id,
                subject,
                later,
            });
        }
        if !force && let Some(upstream) = self.upstream_having(&last.id)? {
            return Err(UndoError::Published {
                command,
                id: last.id,
                subject,
                upstream,
            });
        }
        for change in &last.changes {
            let Some(rel) = self.tracker_relative(&change.path) else {
                return Err(UndoError::Outside {
                    id: last.id.clone(),
                    subject,
                    path: change.path.clone(),
                });
            };
            let before = change
                .before
                .as_ref()
                .map(|bytes| String::from_utf8_lossy(bytes).into_owned());
            writer.restore(&rel, before)?;
        }
        writer.reverting(index);
        Ok(Action::Undo {
            of: subject,
            commit: last.id.clone(),
            also: trailers(&last.message),
        })
    }

    /// The upstream (as `origin/main`) when it already has commit `id`.
    fn upstream_having(&self, id: &str) -> Result<Option<String>, UndoError> {
        let Some(branch) = self.repo.branch()? else {
            return Ok(None);
        };
        Ok(self
            .repo
            .upstream(&branch)
            .filter(|up| self.repo.upstream_has(up, id))
            .map(|up| up.shown()))
    }

    /// A work-tree-relative path as a tracker-relative one, if it is in
    /// the tracker.
    fn tracker_relative(&self, path: &str) -> Option<String> {
        match self.prefix() {
            "" => Some(path.to_owned()),
            prefix => path
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('/'))
                .map(str::to_owned),
        }
    }
}
