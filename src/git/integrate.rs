//! `mv sync`'s integration, in memory: microvac's own unpublished commits
//! replayed onto the upstream one by one (what a rebase would do), or the
//! upstream merged in with one merge commit, built with libgit2 in the
//! object store alone. Nothing in the work tree, the index or any ref
//! moves here; the caller moves them in one step once the result is
//! checked (see `commit/advance.rs`), so a kill leaves no half-done state.
//!
//! A file both sides changed that git would hand to microvac's merge
//! driver (`merge=microvac` in `.gitattributes`) is merged by the caller's
//! [`RecordMerge`], the same field merge the driver runs; any other file
//! is merged line by line by libgit2. A clash either way is reported, not
//! written: the caller leaves it for a person.
//!
//! Before anything is pushed, [`Repo::missing_changes`] proves the result
//! keeps every change the branch had: the tip descends from it, or each
//! file it changed, merged again into the result, changes nothing.

use super::{Change, GitContext, GitError, Identity, Repo, fault};
use git2::{IndexEntry, IndexTime, MergeOptions, Oid, Tree};
use std::{collections::BTreeSet, path::Path};

/// How a record merged field by field.
pub enum RecordMerged {
    /// Cleanly: the merged text.
    Clean(Vec<u8>),
    /// A field clashes: a person must choose; the text with the clash
    /// marked, as the driver writes it into the work tree.
    Clash(Vec<u8>),
}

/// The field merge of one record: path, base, ours, theirs (the base is
/// empty when both sides added the file); `None` when the field merge does
/// not apply and git's line merge stands.
pub type RecordMerge<'a> = &'a dyn Fn(&str, &[u8], &[u8], &[u8]) -> Option<RecordMerged>;

/// Whether a change is kept: path, base, result, and the branch's version.
pub type RecordKept<'a> = &'a dyn Fn(&str, &[u8], &[u8], &[u8]) -> bool;

/// What an in-memory integration came to.
pub enum Integrated {
    /// A new tip for the branch (nothing points at it yet).
    Tip(Oid),
    /// A clash a person must settle; nothing was made.
    Conflict,
}

impl Repo {
    /// Replays `commits` (oldest first, each with one parent) onto
    /// `onto`: each keeps its author and message; one whose change the
    /// upstream already has is dropped, as a rebase drops it.
    pub fn replay(
        &self,
        onto: Oid,
        commits: &[Oid],
        identity: &Identity,
        merge: RecordMerge<'_>,
    ) -> Result<Integrated, GitError> {
        let repo = &self.repo;
        let mut tip = repo
            .find_commit(onto)
            .ctx(|| format!("could not read commit {onto}"))?;
        let committer = identity
            .committer()
            .ctx(|| "invalid committer identity".into())?;
        for (n, id) in commits.iter().enumerate() {
            if n == 0 && fault::named("sync-drops-a-commit") {
                continue;
            }
            let commit = repo
                .find_commit(*id)
                .ctx(|| format!("could not read commit {id}"))?;
            let parent = commit
                .parent(0)
                .ctx(|| format!("could not read the parent of {id}"))?;
            let trees = (parent.tree(), tip.tree(), commit.tree());
            let (Ok(base), Ok(ours), Ok(theirs)) = trees else {
                return Err(self.unreadable(*id));
            };
            let tree = match self.merge_trees(&base, &ours, &theirs, merge)? {
                Integrated::Tip(tree) => tree,
                conflict => return Ok(conflict),
            };
            if tree == ours.id() {
                continue;
            }
            let tree = repo
                .find_tree(tree)
                .ctx(|| "could not read a tree".into())?;
            let message = String::from_utf8_lossy(commit.message_raw_bytes()).into_owned();
            let new = super::sign::create_commit(
                repo,
                &commit.author(),
                &committer,
                &message,
                &tree,
                &[&tip],
            )?;
            tip = repo
                .find_commit(new)
                .ctx(|| "could not read a new commit".into())?;
        }
        Ok(Integrated::Tip(tip.id()))
    }

    /// A merge commit of `ours` and `theirs` (in that order), with
    /// `message`.
    pub fn merge_commit(
        &self,
        ours: Oid,
        theirs: Oid,
        message: &str,
        identity: &Identity,
        merge: RecordMerge<'_>,
    ) -> Result<Integrated, GitError> {
        let repo = &self.repo;
        let base = repo
            .merge_base(ours, theirs)
            .ctx(|| "the branch and its upstream have no history in common".into())?;
        let read = |id: Oid| {
            repo.find_commit(id)
                .ctx(|| format!("could not read commit {id}"))
        };
        let (base, ours, theirs) = (read(base)?, read(ours)?, read(theirs)?);
        let trees = (base.tree(), ours.tree(), theirs.tree());
        let (Ok(b), Ok(o), Ok(t)) = trees else {
            return Err(self.unreadable(ours.id()));
        };
        let tree = match self.merge_trees(&b, &o, &t, merge)? {
            Integrated::Tip(tree) => tree,
            conflict => return Ok(conflict),
        };
        let tree = repo
            .find_tree(tree)
            .ctx(|| "could not read a tree".into())?;
        let author = identity.author().ctx(|| "invalid author identity".into())?;
        let committer = identity
            .committer()
            .ctx(|| "invalid committer identity".into())?;
        let id = super::sign::create_commit(
            repo,
            &author,
            &committer,
            message,
            &tree,
            &[&ours, &theirs],
        )?;
        Ok(Integrated::Tip(id))
    }

    /// The files whose change on the branch at `before` the commit `tip`
    /// does not keep (empty: every change is there). `tip` keeps them all
    /// when it descends from `before`; otherwise each file `before`
    /// changed since the common ancestor must be in `tip` as it is in
    /// `before`, or merge into `tip` with no effect (`kept`, for records;
    /// a line merge for other files).
    pub fn missing_changes(
        &self,
        before: Oid,
        tip: Oid,
        kept: RecordKept<'_>,
    ) -> Result<Vec<String>, GitError> {
        let repo = &self.repo;
        if before == tip || repo.graph_descendant_of(tip, before).unwrap_or(false) {
            return Ok(Vec::new());
        }
        let tree_of = |id: Oid| {
            repo.find_commit(id)
                .and_then(|c| c.tree())
                .ctx(|| format!("could not read commit {id}"))
        };
        let base = match repo.merge_base(before, tip) {
            Ok(id) => Some(tree_of(id)?),
            Err(_) => None,
        };
        let (mine, result) = (tree_of(before)?, tree_of(tip)?);
        let mut missing = Vec::new();
        for path in self.changed_paths(base.as_ref(), &mine)? {
            let b = entry(base.as_ref(), &path);
            let (m, r) = (entry(Some(&mine), &path), entry(Some(&result), &path));
            if m == r {
                continue;
            }
            let here = match (m, r) {
                (Some(m), Some(r)) => {
                    let (b, m, r) = (self.bytes(b)?, self.bytes(Some(m))?, self.bytes(Some(r))?);
                    match self.is_record(&path) {
                        true => kept(&path, &b, &r, &m),
                        false => line_merge(&b, &r, &m).is_some_and(|merged| merged == r),
                    }
                }
                _ => false,
            };
            if !here {
                missing.push(path);
            }
        }
        Ok(missing)
    }

    /// The merge of `theirs` into `ours` stopped for a person, as `git
    /// merge` with microvac's driver leaves it: each clashing record with
    /// its fields marked in the work tree and its three versions in the
    /// index, any other conflicted file marked line by line, everything
    /// else merged. Nothing is written here (see `commit/advance.rs`).
    pub fn stopped_merge(
        &self,
        ours: Oid,
        theirs: Oid,
        merge: RecordMerge<'_>,
    ) -> Result<MergeStop, GitError> {
        let repo = &self.repo;
        let base = repo
            .merge_base(ours, theirs)
            .ctx(|| "the branch and its upstream have no history in common".into())?;
        let tree_of = |id: Oid| {
            repo.find_commit(id)
                .and_then(|c| c.tree())
                .ctx(|| format!("could not read commit {id}"))
        };
        let (b, o, t) = (tree_of(base)?, tree_of(ours)?, tree_of(theirs)?);
        let mut opts = MergeOptions::new();
        opts.find_renames(false);
        let index = repo
            .merge_trees(&b, &o, &t, Some(&opts))
            .ctx(|| "could not merge".into())?;
        let ours_changed: BTreeSet<String> =
            self.changed_paths(Some(&b), &o)?.into_iter().collect();
        let mut stop = MergeStop {
            theirs,
            conflicted: Vec::new(),
            changes: Vec::new(),
            entries: Vec::new(),
        };
        for path in self.changed_paths(Some(&b), &t)? {
            let at = Path::new(&path);
            let stages: Vec<Option<(Oid, i32)>> = (1..=3)
                .map(|stage| index.get_path(at, stage).map(|e| (e.id, e.mode as i32)))
                .collect();
            let (anc, mine, other) = (
                entry(Some(&b), &path),
                entry(Some(&o), &path),
                entry(Some(&t), &path),
            );
            let both = ours_changed.contains(&path);
            let record = both && self.is_record(&path);
            let merged = match (record, mine, other) {
                (true, Some(m), Some(x)) if is_file(m.1) && is_file(x.1) && m != x => {
                    let (bb, mb, xb) =
                        (self.bytes(anc)?, self.bytes(Some(m))?, self.bytes(Some(x))?);
                    merge(&path, &bb, &mb, &xb)
                }
                _ => None,
            };
            let (content, entries) = match merged {
                Some(RecordMerged::Clean(text)) => {
                    let blob = repo.blob(&text).ctx(|| format!("could not store {path}"))?;
                    let mode = mine.map_or(0o100644, |m| m.1);
                    (Some(text), vec![staged(&path, blob, mode, 0)])
                }
                Some(RecordMerged::Clash(text)) => {
                    stop.conflicted.push(path.clone());
                    let sides = [anc, mine, other];
                    (Some(text), conflict_entries(&path, &sides))
                }
                None if stages.iter().any(Option::is_some) => {
                    stop.conflicted.push(path.clone());
                    let content = match (mine, other) {
                        (Some(m), Some(x)) => Some(line_merge_marked(
                            &self.bytes(anc)?,
                            &self.bytes(Some(m))?,
                            &self.bytes(Some(x))?,
                        )?),
                        (Some(one), None) | (None, Some(one)) => Some(self.bytes(Some(one))?),
                        (None, None) => None,
                    };
                    let sides = [stages[0], stages[1], stages[2]];
                    (content, conflict_entries(&path, &sides))
                }
                None => match index.get_path(at, 0) {
                    Some(e) if Some((e.id, e.mode as i32)) == mine => continue,
                    Some(e) => {
                        let blob = self.bytes(Some((e.id, e.mode as i32)))?;
                        (Some(blob), vec![staged(&path, e.id, e.mode as i32, 0)])
                    }
                    None if mine.is_none() => continue,
                    None => (None, Vec::new()),
                },
            };
            let executable = mine.or(other).is_some_and(|e| e.1 == 0o100755);
            if [mine, other].iter().flatten().any(|e| !is_file(e.1)) {
                return Err(GitError::Unwritable {
                    path,
                    what: "a symbolic link or a submodule",
                });
            }
            stop.changes.push(Change {
                path: path.clone(),
                content,
                executable,
            });
            stop.entries.push((path, entries));
        }
        Ok(stop)
    }

    /// Merges three trees: libgit2's merge, with every file both sides
    /// changed that git would give microvac's driver merged by `merge`.
    fn merge_trees(
        &self,
        base: &Tree<'_>,
        ours: &Tree<'_>,
        theirs: &Tree<'_>,
        merge: RecordMerge<'_>,
    ) -> Result<Integrated, GitError> {
        let repo = &self.repo;
        let mut opts = MergeOptions::new();
        opts.find_renames(false);
        let mut index = repo
            .merge_trees(base, ours, theirs, Some(&opts))
            .ctx(|| "could not merge".into())?;
        let mut clashes = BTreeSet::new();
        let ours_changed = self.changed_paths(Some(base), ours)?;
        let theirs_changed: BTreeSet<String> = self
            .changed_paths(Some(base), theirs)?
            .into_iter()
            .collect();
        for path in ours_changed
            .into_iter()
            .filter(|p| theirs_changed.contains(p))
        {
            let (o, t) = (entry(Some(ours), &path), entry(Some(theirs), &path));
            let (Some(o), Some(t)) = (o, t) else {
                continue; // changed on one side, deleted on the other
            };
            if o == t || !self.is_record(&path) || !is_file(o.1) || !is_file(t.1) {
                continue;
            }
            let b = self.bytes(entry(Some(base), &path))?;
            let (o_bytes, t_bytes) = (self.bytes(Some(o))?, self.bytes(Some(t))?);
            match merge(&path, &b, &o_bytes, &t_bytes) {
                Some(RecordMerged::Clean(text)) => {
                    let blob = repo.blob(&text).ctx(|| format!("could not store {path}"))?;
                    let _ = index.conflict_remove(Path::new(&path));
                    index
                        .add(&index_entry(&path, blob, o.1))
                        .ctx(|| format!("could not stage {path}"))?;
                }
                Some(RecordMerged::Clash(_)) => {
                    clashes.insert(path);
                }
                None => {}
            }
        }
        if index.has_conflicts() {
            let conflicts = index.conflicts().ctx(|| "could not read a merge".into())?;
            for conflict in conflicts.flatten() {
                let side = conflict.our.or(conflict.their).or(conflict.ancestor);
                if let Some(e) = side {
                    clashes.insert(String::from_utf8_lossy(&e.path).into_owned());
                }
            }
        }
        if !clashes.is_empty() {
            return Ok(Integrated::Conflict);
        }
        let tree = index
            .write_tree_to(repo)
            .ctx(|| "could not write a merged tree".into())?;
        Ok(Integrated::Tip(tree))
    }

    /// The paths that differ between `from` (none: the empty tree) and
    /// `to`.
    fn changed_paths(
        &self,
        from: Option<&Tree<'_>>,
        to: &Tree<'_>,
    ) -> Result<Vec<String>, GitError> {
        let diff = self
            .repo
            .diff_tree_to_tree(from, Some(to), None)
            .ctx(|| "could not compare trees".into())?;
        Ok(diff
            .deltas()
            .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()))
            .map(|p| p.to_string_lossy().into_owned())
            .collect())
    }

    /// Whether git would merge `path` with microvac's driver.
    fn is_record(&self, path: &str) -> bool {
        let flags = git2::AttrCheckFlags::FILE_THEN_INDEX;
        matches!(
            self.repo.get_attr(Path::new(path), "merge", flags),
            Ok(Some("microvac"))
        )
    }

    /// The content of a tree entry (empty for none).
    fn bytes(&self, entry: Option<(Oid, i32)>) -> Result<Vec<u8>, GitError> {
        match entry {
            None => Ok(Vec::new()),
            Some((id, _)) => Ok(self
                .repo
                .find_blob(id)
                .ctx(|| format!("could not read blob {id}"))?
                .content()
                .to_vec()),
        }
    }

    fn unreadable(&self, id: Oid) -> GitError {
        GitError::Program {
            command: "mv sync".into(),
            message: format!("could not read the trees of commit {id}"),
        }
    }
}

/// A merge stopped for a person, built in memory by
/// [`Repo::stopped_merge`].
pub struct MergeStop {
    /// The commit being merged in (`MERGE_HEAD`).
    pub theirs: Oid,
    /// The files left in conflict.
    pub conflicted: Vec<String>,
    /// What the work tree gets, for every file the merge changes.
    pub(crate) changes: Vec<Change>,
    /// What the index gets for each of those files (none: removed).
    pub(crate) entries: Vec<(String, Vec<IndexEntry>)>,
}

/// The index entries of a conflict: base, ours and theirs, each where
/// that side has the file.
fn conflict_entries(path: &str, sides: &[Option<(Oid, i32)>; 3]) -> Vec<IndexEntry> {
    sides
        .iter()
        .zip(1u16..)
        .filter_map(|(side, stage)| side.map(|(id, mode)| staged(path, id, mode, stage)))
        .collect()
}

/// An index entry of `path` at `stage` (0: merged).
fn staged(path: &str, id: Oid, mode: i32, stage: u16) -> IndexEntry {
    let mut e = index_entry(path, id, mode);
    e.flags |= stage << 12;
    e
}

/// libgit2's line merge of three texts, conflicts marked as git marks
/// them (`<<<<<<< ours`, `>>>>>>> theirs`).
fn line_merge_marked(base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Vec<u8>, GitError> {
    let mut b = git2::MergeFileInput::new();
    b.content(base);
    let mut o = git2::MergeFileInput::new();
    o.content(ours);
    let mut t = git2::MergeFileInput::new();
    t.content(theirs);
    let mut opts = git2::MergeFileOptions::new();
    opts.ancestor_label("base")
        .our_label("ours")
        .their_label("theirs");
    let merged = git2::merge_file(&b, &o, &t, Some(&mut opts))
        .ctx(|| "could not merge a file line by line".into())?;
    Ok(merged.content().to_vec())
}

/// The blob id and mode of `path` in `tree`.
fn entry(tree: Option<&Tree<'_>>, path: &str) -> Option<(Oid, i32)> {
    let e = tree?.get_path(Path::new(path)).ok()?;
    Some((e.id(), e.filemode()))
}

/// Whether a tree mode is a plain or executable file.
fn is_file(mode: i32) -> bool {
    mode == 0o100644 || mode == 0o100755
}

/// A stage-0 index entry for a merged blob.
fn index_entry(path: &str, id: Oid, mode: i32) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: mode as u32,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

/// libgit2's line merge of three texts; `None` when it conflicts.
fn line_merge(base: &[u8], ours: &[u8], theirs: &[u8]) -> Option<Vec<u8>> {
    let mut b = git2::MergeFileInput::new();
    b.content(base);
    let mut o = git2::MergeFileInput::new();
    o.content(ours);
    let mut t = git2::MergeFileInput::new();
    t.content(theirs);
    let merged = git2::merge_file(&b, &o, &t, None).ok()?;
    merged.is_automergeable().then(|| merged.content().to_vec())
}
