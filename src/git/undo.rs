//! What `mv undo` and `mv redo` need from git: the commits this clone's
//! microvac commands made, in order, and which of them undid or redid
//! which (the [`UndoStack`], `<git-dir>/microvac-undo`, appended to by
//! every write), finding a commit on the branch again (also after a
//! rebase gave it a new id), what it changed, and whether anything since
//! touched the same files or the upstream already has it.
//!
//! Why a record and not "the newest commits with a `Microvac-Action`
//! trailer by this identity": the same person works in several clones
//! (and a synced clone holds everyone's commits); only the clone itself
//! knows which commands it ran.

use super::{GitContext, GitError, Repo, Upstream};
use git2::{Commit, Oid};
use std::collections::BTreeSet;

/// The file, in the git directory, listing this clone's microvac
/// commands ([`UndoStack`]).
const STACK: &str = "microvac-undo";

/// The record before the stack: the last command only (read when there
/// is no stack yet, removed once the stack is written).
const LEGACY: &str = "microvac-last";

/// How many commands the stack keeps.
pub const UNDO_KEEP: usize = 100;

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

/// What an entry of the undo stack points at.
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

/// What a command recorded in the undo stack did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// An ordinary microvac command (or one whose record is unreadable).
    Command,
    /// `mv undo`: reverted a command or a redo.
    Undo,
    /// `mv redo`: reverted an undo, so the command is back.
    Redo,
}

/// Which entry an undo or redo reverted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// None: an ordinary command.
    None,
    /// The entry at this index.
    Entry(usize),
    /// An entry older than the stack keeps (it reverted something).
    Gone,
}

/// One microvac command of this clone, as recorded.
#[derive(Debug, Clone)]
struct Entry {
    /// The id as recorded (the commit's id then).
    id: Option<Oid>,
    /// The line's first word, shown when it is not an id.
    raw: String,
    /// What it reverted, if it was an undo or a redo.
    reverts: Target,
    /// Not on the current branch (a reset dropped it, or another branch
    /// has it): left out of this branch's undo and redo. Not recorded.
    off_branch: bool,
}

/// This clone's microvac commands in the order they ran, oldest first (at
/// most [`UNDO_KEEP`]): `<git-dir>/microvac-undo`, one line per command: the
/// commit's id, then for an undo or redo ` -N`, the entry it reverted
/// counted back from this one (relative, so the record survives both
/// trimming and rebases that give commits new ids).
#[derive(Debug, Clone, Default)]
pub struct UndoStack {
    entries: Vec<Entry>,
}

impl UndoStack {
    fn parse(text: &str) -> UndoStack {
        let mut entries = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let mut words = line.split_whitespace();
            let raw = words.next().unwrap_or_default().to_owned();
            let id = Oid::from_str(&raw).ok();
            let index = entries.len();
            let reverts = match words.next().and_then(|w| w.strip_prefix('-')) {
                None => Target::None,
                Some(back) => match back.parse::<usize>() {
                    Ok(back) if back >= 1 && back <= index => Target::Entry(index - back),
                    _ => Target::Gone,
                },
            };
            entries.push(Entry {
                id,
                raw,
                reverts,
                off_branch: false,
            });
        }
        UndoStack { entries }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (index, entry) in self.entries.iter().enumerate() {
            out.push_str(&entry.raw);
            match entry.reverts {
                Target::None => {}
                Target::Entry(t) => out.push_str(&format!(" -{}", index - t)),
                // Still an undo or a redo, of something no longer kept.
                Target::Gone => out.push_str(&format!(" -{}", index + 1)),
            }
            out.push('\n');
        }
        out
    }

    /// Adds a command (an undo or redo names the entry it reverted) and
    /// forgets the oldest beyond [`UNDO_KEEP`].
    fn push(&mut self, id: Oid, reverts: Option<usize>) {
        self.entries.push(Entry {
            id: Some(id),
            raw: id.to_string(),
            reverts: reverts.map_or(Target::None, Target::Entry),
            off_branch: false,
        });
        let extra = self.entries.len().saturating_sub(UNDO_KEEP);
        if extra > 0 {
            self.entries.drain(..extra);
            for entry in &mut self.entries {
                if let Target::Entry(t) = entry.reverts {
                    entry.reverts = t.checked_sub(extra).map_or(Target::Gone, Target::Entry);
                }
            }
        }
    }

    /// Whether no command is recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What each entry did.
    fn kinds(&self) -> Vec<StepKind> {
        let mut kinds: Vec<StepKind> = Vec::with_capacity(self.entries.len());
        for entry in &self.entries {
            let kind = match entry.reverts {
                Target::None => StepKind::Command,
                Target::Entry(t) if kinds.get(t) == Some(&StepKind::Undo) => StepKind::Redo,
                Target::Entry(_) | Target::Gone => StepKind::Undo,
            };
            kinds.push(kind);
        }
        kinds
    }

    /// Which entries a later entry, itself still in effect, reverted.
    fn undone(&self) -> Vec<bool> {
        let mut undone = vec![false; self.entries.len()];
        for (index, entry) in self.entries.iter().enumerate().rev() {
            if entry.off_branch {
                continue;
            }
            if let (false, Target::Entry(t)) = (undone[index], entry.reverts) {
                undone[t] = true;
            }
        }
        undone
    }

    /// The entry `mv undo` reverts: the newest command or redo still in
    /// effect (undos in effect are stepped over, so undo, undo goes two
    /// commands back).
    pub fn next_undo(&self) -> Option<usize> {
        let (kinds, undone) = (self.kinds(), self.undone());
        (0..self.entries.len())
            .rev()
            .find(|&i| !undone[i] && !self.entries[i].off_branch && kinds[i] != StepKind::Undo)
    }

    /// The entry `mv redo` reverts: the newest undo still in effect, unless
    /// an ordinary command ran after it (as in an editor, a new change ends
    /// what can be redone). Redos in effect are stepped over.
    pub fn next_redo(&self) -> Option<usize> {
        let (kinds, undone) = (self.kinds(), self.undone());
        for i in (0..self.entries.len()).rev() {
            if undone[i] || self.entries[i].off_branch {
                continue;
            }
            match kinds[i] {
                StepKind::Undo => return Some(i),
                StepKind::Redo => {}
                StepKind::Command => return None,
            }
        }
        None
    }

    /// Leaves entry `index` out: it is not on the current branch, so what
    /// it did is not in this branch's history.
    pub fn leave_out(&mut self, index: usize) {
        if let Some(entry) = self.entries.get_mut(index) {
            entry.off_branch = true;
        }
    }

    /// Whether entry `index` is left out.
    pub fn is_left_out(&self, index: usize) -> bool {
        self.entries.get(index).is_some_and(|e| e.off_branch)
    }

    /// How many commands are recorded.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether entry `index` is the newest.
    pub fn is_newest(&self, index: usize) -> bool {
        index + 1 == self.entries.len()
    }
}

impl Repo {
    /// Records `id` as this clone's newest microvac command; `reverts`:
    /// the entry of [`Repo::undo_stack`] it reverted (an undo or redo).
    /// Best effort: if it cannot be written, the record is removed, so
    /// `mv undo` never reverts an older command by mistake.
    pub fn remember_command(&self, id: Oid, reverts: Option<usize>) {
        let mut stack = self.undo_stack();
        stack.push(id, reverts);
        self.write_stack(&stack);
    }

    /// Writes `stack` (or, failing that, removes the record).
    fn write_stack(&self, stack: &UndoStack) {
        let path = self.git_dir().join(STACK);
        if super::write_atomic(&path, stack.render().as_bytes(), false).is_err() {
            let _ = std::fs::remove_file(&path);
        }
        // The record before the stack (one command): now part of it.
        let _ = std::fs::remove_file(self.git_dir().join(LEGACY));
    }

    /// This clone's microvac commands, oldest first (empty when none is
    /// recorded or the record cannot be read).
    pub fn undo_stack(&self) -> UndoStack {
        if let Ok(text) = std::fs::read_to_string(self.git_dir().join(STACK)) {
            return UndoStack::parse(&text);
        }
        std::fs::read_to_string(self.git_dir().join(LEGACY))
            .map(|text| UndoStack::parse(text.lines().next().unwrap_or_default()))
            .unwrap_or_default()
    }

    /// Entry `index` of `stack`, found on the current branch (also after a
    /// rebase gave it a new id, which is then recorded).
    pub fn stack_commit(
        &self,
        stack: &mut UndoStack,
        index: usize,
    ) -> Result<LastCommit, GitError> {
        let Some(entry) = stack.entries.get(index) else {
            return Ok(LastCommit::None);
        };
        let Some(recorded) = entry.id else {
            return Ok(LastCommit::Elsewhere {
                id: entry.raw.clone(),
                subject: None,
            });
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
        if commit.id() != recorded
            && let Some(entry) = stack.entries.get_mut(index)
        {
            entry.id = Some(commit.id());
            entry.raw = commit.id().to_string();
            self.write_stack(stack);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).expect("20 bytes")
    }

    /// A stack from `steps`: `None` a command, `Some(i)` the revert of
    /// entry `i`.
    fn stack(steps: &[Option<usize>]) -> UndoStack {
        let mut stack = UndoStack::default();
        for (n, step) in steps.iter().enumerate() {
            stack.push(id(n as u8 + 1), *step);
        }
        stack
    }

    #[test]
    fn undo_steps_back_over_undos_and_redo_forward_over_redos() {
        // c0 c1, undo c1, undo c0
        let s = stack(&[None, None, Some(1), Some(0)]);
        assert_eq!(s.next_undo(), None);
        assert_eq!(s.next_redo(), Some(3));
        // … redo c0: redo next brings c1 back, undo takes c0 away again.
        let s = stack(&[None, None, Some(1), Some(0), Some(3)]);
        assert_eq!(s.next_redo(), Some(2));
        assert_eq!(s.next_undo(), Some(4));
        // … undo that redo, then redo it: c1's undo is next to redo.
        let s = stack(&[None, None, Some(1), Some(0), Some(3), Some(4), Some(5)]);
        assert_eq!(s.kinds()[5], StepKind::Undo);
        assert_eq!(s.kinds()[6], StepKind::Redo);
        assert_eq!(s.next_redo(), Some(2));
        assert_eq!(s.next_undo(), Some(6));
    }

    #[test]
    fn a_new_command_ends_redo() {
        let s = stack(&[None, Some(0), None]);
        assert_eq!(s.next_redo(), None);
        assert_eq!(s.next_undo(), Some(2));
        let s = stack(&[None, Some(0), None, Some(2)]);
        assert_eq!(s.next_redo(), Some(3));
        assert_eq!(s.next_undo(), None);
    }

    #[test]
    fn the_record_reads_back_as_written_and_keeps_its_links_when_trimmed() {
        let s = stack(&[None, None, Some(1), Some(0), Some(3)]);
        let again = UndoStack::parse(&s.render());
        assert_eq!(again.render(), s.render());
        assert_eq!(again.next_redo(), Some(2));
        assert!(
            s.render()
                .lines()
                .nth(4)
                .is_some_and(|l| l.ends_with(" -1"))
        );

        let mut long = stack(&[None]);
        for n in 0..UNDO_KEEP {
            long.push(id(2), (n % 2 == 0).then_some(long.entries.len() - 1));
        }
        assert_eq!(long.entries.len(), UNDO_KEEP);
        // The first entry reverted one no longer kept: still an undo.
        assert_eq!(long.entries[0].reverts, Target::Gone);
        assert_eq!(long.kinds()[0], StepKind::Undo);
        let again = UndoStack::parse(&long.render());
        assert_eq!(again.kinds(), long.kinds());
        assert_eq!(again.next_undo(), long.next_undo());
    }

    #[test]
    fn an_entry_left_out_neither_undoes_nor_counts() {
        // c0 c1, undo c1, but a reset dropped that undo: c1 is in effect.
        let mut s = stack(&[None, None, Some(1)]);
        assert_eq!(s.next_undo(), Some(0));
        s.leave_out(2);
        assert_eq!(s.next_undo(), Some(1));
        assert_eq!(s.next_redo(), None);
        s.leave_out(1);
        assert_eq!(s.next_undo(), Some(0));
    }

    #[test]
    fn an_unreadable_line_keeps_its_place() {
        let text = format!("{}\nnot-an-id\n{} -1\n", id(1), id(3));
        let s = UndoStack::parse(&text);
        assert_eq!(s.next_undo(), Some(0));
        assert_eq!(s.next_redo(), Some(2));
        assert_eq!(s.render(), text);
    }
}
