//! Operations git has in progress in the work tree (a merge `mv sync` left
//! for a person, or anyone's rebase, cherry-pick, revert): which one,
//! which files are in conflict, how to carry on or go back, whether it was
//! `mv sync` that started it, and finishing a merge once it is resolved
//! (in one step, as `git commit` would; a merge keeps both sides'
//! commits, so finishing it drops none). `mv sync` itself never
//! starts a rebase or a merge in the work tree: it integrates in memory
//! (`integrate.rs`).

use super::{GitContext, GitError, Repo};
use git2::RepositoryState;

/// A multi-step git operation left in progress in the work tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `git rebase` (or `git pull --rebase`).
    Rebase,
    /// `git merge` (or `git pull`).
    Merge,
    /// `git cherry-pick`.
    CherryPick,
    /// `git revert`.
    Revert,
    /// `git am`, `git bisect` and the like.
    Other,
}

impl Operation {
    /// Its name in a sentence: "a rebase".
    pub fn name(self) -> &'static str {
        match self {
            Operation::Rebase => "a rebase",
            Operation::Merge => "a merge",
            Operation::CherryPick => "a cherry-pick",
            Operation::Revert => "a revert",
            Operation::Other => "a git operation (am, bisect)",
        }
    }

    /// Its name alone: "rebase".
    pub fn noun(self) -> &'static str {
        self.name().trim_start_matches("a ")
    }

    /// The command that carries on once conflicts are resolved.
    pub fn continue_command(self) -> &'static str {
        match self {
            Operation::Rebase => "git rebase --continue",
            Operation::Merge => "git commit --no-edit",
            Operation::CherryPick => "git cherry-pick --continue",
            Operation::Revert => "git revert --continue",
            Operation::Other => "git status",
        }
    }

    /// The command that gives up and goes back to where it started.
    pub fn abort_command(self) -> &'static str {
        match self {
            Operation::Rebase => "git rebase --abort",
            Operation::Merge => "git merge --abort",
            Operation::CherryPick => "git cherry-pick --abort",
            Operation::Revert => "git revert --abort",
            Operation::Other => "git status",
        }
    }
}

/// The file, in the git directory, saying `mv sync` left a rebase or
/// merge stopped.
const SYNC_MARK: &str = "microvac-sync";

impl Repo {
    /// Holds this clone's writer lock, as a microvac write does, for work
    /// on tracker files outside a commit (resolving a conflicted file).
    pub fn hold_writer_lock(&self) -> Result<impl Drop, GitError> {
        super::lock::WriterLock::acquire(self.git_dir(), super::lock::WRITER_WAIT)
    }

    /// Notes that `mv sync` started a rebase or merge that pulled
    /// `pulled` commits (or, with `None`, that it has nothing in
    /// progress), so a later `mv sync` knows it may carry on.
    pub fn mark_sync(&self, pulled: Option<usize>) {
        let path = self.git_dir().join(SYNC_MARK);
        match pulled {
            Some(n) => {
                let _ = super::write_atomic(&path, format!("{n}\n").as_bytes(), false);
            }
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }

    /// When the operation in progress was started by `mv sync`: how many
    /// commits it pulled.
    pub fn sync_marked(&self) -> Option<usize> {
        let text = std::fs::read_to_string(self.git_dir().join(SYNC_MARK)).ok()?;
        Some(text.trim().parse().unwrap_or(0))
    }

    /// The operation git has in progress in the work tree, if any.
    pub fn in_progress(&self) -> Option<Operation> {
        match self.repo.state() {
            RepositoryState::Clean => None,
            RepositoryState::Merge => Some(Operation::Merge),
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge => Some(Operation::Rebase),
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                Some(Operation::CherryPick)
            }
            RepositoryState::Revert | RepositoryState::RevertSequence => Some(Operation::Revert),
            _ => Some(Operation::Other),
        }
    }

    /// The files `git status` shows as changed under `under` (`""`:
    /// everywhere), repo-relative, each with whether it is untracked:
    /// tracked files with staged or unstaged changes, and, when
    /// `untracked`, untracked files too.
    pub fn changed_files(
        &self,
        under: &str,
        untracked: bool,
    ) -> Result<Vec<(String, bool)>, GitError> {
        let pathspec = if under.is_empty() { "." } else { under };
        let untracked = if untracked {
            "--untracked-files=all"
        } else {
            "--untracked-files=no"
        };
        let out = self.git_ok(&[
            "status",
            "--porcelain=v1",
            "-z",
            "--no-renames",
            untracked,
            "--",
            pathspec,
        ])?;
        Ok(out
            .split('\0')
            .filter(|entry| entry.len() > 3)
            .map(|entry| (entry[3..].to_owned(), entry.starts_with("??")))
            .collect())
    }

    /// The files git has marked conflicted (unmerged), repo-relative.
    pub fn unmerged_paths(&self) -> Result<Vec<String>, GitError> {
        // A path is unmerged exactly when the index holds it at a stage
        // above 0: an index without one (the usual case) answers at once,
        // where `git diff` would look at every file of the work tree
        // (~60 ms at 15,000 files). Any other index (one a hook names in
        // GIT_INDEX_FILE, one this cannot read, one with conflicts) is
        // left to git.
        if std::env::var_os("GIT_INDEX_FILE").is_none()
            && let Ok(bytes) = std::fs::read(self.git_dir().join("index"))
            && super::index_file::IndexFile::has_conflicts(bytes) == Some(false)
        {
            return Ok(Vec::new());
        }
        let out = self.git_ok(&["diff", "--name-only", "--diff-filter=U", "-z"])?;
        let mut paths: Vec<String> = out
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        paths.dedup();
        Ok(paths)
    }

    /// Finishes the merge in progress once every conflict is resolved and
    /// staged, in memory and in one step, as `git commit` would: the
    /// index's tree committed with `HEAD` and `MERGE_HEAD` as parents and
    /// `MERGE_MSG` as message, the branch moved by compare-and-swap under
    /// `index.lock`, and only then the merge's files removed. A kill before
    /// the branch moves leaves the merge as it was; after, the next call
    /// finds `MERGE_HEAD` already in the branch and only tidies up.
    pub fn finish_merge(&self) -> Result<(), GitError> {
        let _writer = super::lock::WriterLock::acquire(self.git_dir(), super::lock::WRITER_WAIT)?;
        self.recover()?;
        let git_dir = self.git_dir().to_path_buf();
        let read = |name: &str| std::fs::read_to_string(git_dir.join(name)).ok();
        let theirs = read("MERGE_HEAD")
            .and_then(|t| {
                t.lines()
                    .next()
                    .and_then(|l| git2::Oid::from_str(l.trim()).ok())
            })
            .ok_or_else(|| GitError::Program {
                command: "mv sync".into(),
                message: "the merge in progress has no readable MERGE_HEAD".into(),
            })?;
        let head_ref = self
            .repo
            .find_reference("HEAD")
            .ctx(|| "could not read HEAD".into())?;
        let target = head_ref.symbolic_target().ok().flatten();
        let Some(branch) = target.map(|t| t.to_owned()) else {
            return Err(GitError::Detached { at: String::new() });
        };
        let head = self.branch_tip(&branch)?.ok_or_else(|| GitError::Moving {
            branch: branch.clone(),
        })?;
        let tidy = || {
            for name in ["MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE"] {
                let _ = std::fs::remove_file(git_dir.join(name));
            }
        };
        if head == theirs || self.repo.graph_descendant_of(head, theirs).unwrap_or(false) {
            tidy();
            return Ok(());
        }
        let mut lock = super::index::IndexLock::acquire(&git_dir)?;
        // Read only, under the lock: libgit2 writes the trees it names.
        let mut index =
            git2::Index::open(&git_dir.join("index")).ctx(|| "could not read the index".into())?;
        let tree = index
            .write_tree_to(&self.repo)
            .ctx(|| "could not record the resolved merge (is a file still in conflict?)".into())?;
        let message: String = read("MERGE_MSG")
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        let message = match message.trim() {
            "" => "Merge (mv sync)\n".to_owned(),
            text => format!("{text}\n"),
        };
        let identity = self.identity()?;
        let (author, committer) = (identity.author(), identity.committer());
        let (Ok(author), Ok(committer)) = (author, committer) else {
            return Err(GitError::NoIdentity);
        };
        let find = |id| {
            self.repo
                .find_commit(id)
                .ctx(|| format!("could not read commit {id}"))
        };
        let (ours, other) = (find(head)?, find(theirs)?);
        let tree = self
            .repo
            .find_tree(tree)
            .ctx(|| "could not read a tree".into())?;
        let commit = self
            .repo
            .commit(None, &author, &committer, &message, &tree, &[&ours, &other])
            .ctx(|| "could not make the merge commit".into())?;
        super::fault::point("finish-after-objects");
        let subject = message.lines().next().unwrap_or_default();
        if !self.move_branch(
            &branch,
            Some(head),
            commit,
            &format!("commit (merge): {subject}"),
        )? {
            return Err(GitError::Moving { branch });
        }
        super::fault::point("finish-after-ref");
        tidy();
        lock.release();
        Ok(())
    }
}
