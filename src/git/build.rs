//! The objects of a commit: its blobs, its tree (the parent's with only the
//! changed paths replaced) and the commit itself, written to the object
//! store before anything points at them.

use super::{Change, GitContext, GitError, Identity};
use git2::{FileMode, Oid, Repository, build::TreeUpdateBuilder};
use std::path::Path;

/// The mode a changed file is committed with.
pub(crate) fn file_mode(change: &Change) -> FileMode {
    if change.executable {
        FileMode::BlobExecutable
    } else {
        FileMode::Blob
    }
}

/// The blob and mode of each changed path in `commit`'s tree.
pub(crate) fn entries_at(
    repo: &Repository,
    commit: Option<Oid>,
    changes: &[Change],
) -> Result<Vec<Option<(Oid, i32)>>, GitError> {
    let tree = match commit {
        Some(id) => Some(
            repo.find_commit(id)
                .and_then(|c| c.tree())
                .ctx(|| format!("could not read commit {id}"))?,
        ),
        None => None,
    };
    Ok(changes
        .iter()
        .map(|c| {
            let entry = tree.as_ref()?.get_path(Path::new(&c.path)).ok()?;
            Some((entry.id(), entry.filemode()))
        })
        .collect())
}

/// The first changed path that `base` has neither as it was (`before`)
/// nor already as this change writes it (a plain `git commit -a` can have
/// recorded the new file first).
pub(crate) fn moved_under(
    repo: &Repository,
    base: Option<Oid>,
    changes: &[Change],
    before: &[Option<(Oid, i32)>],
    blobs: &[Option<Oid>],
) -> Result<Option<String>, GitError> {
    let now = entries_at(repo, base, changes)?;
    Ok(changes
        .iter()
        .zip(now.iter().zip(before).zip(blobs))
        .find(|(change, ((now, before), blob))| {
            let ours = blob.map(|b| (b, i32::from(file_mode(change))));
            now != before && **now != ours
        })
        .map(|(change, _)| change.path.clone()))
}

/// Writes the blob of each change with content.
pub(crate) fn store_blobs(
    repo: &Repository,
    changes: &[Change],
) -> Result<Vec<Option<Oid>>, GitError> {
    changes
        .iter()
        .map(|change| match &change.content {
            Some(bytes) => repo
                .blob(bytes)
                .map(Some)
                .ctx(|| format!("could not store {}", change.path)),
            None => Ok(None),
        })
        .collect()
}

/// Writes the tree and the commit of `changes` on top of `base` (no parent
/// when the branch is unborn); nothing points at it yet.
pub(crate) fn commit(
    repo: &Repository,
    identity: &Identity,
    base: Option<Oid>,
    changes: &[Change],
    blobs: &[Option<Oid>],
    message: &str,
) -> Result<Oid, GitError> {
    let parent = base
        .map(|id| repo.find_commit(id))
        .transpose()
        .ctx(|| "could not read HEAD".into())?;
    let baseline = match &parent {
        Some(commit) => commit.tree().ctx(|| "could not read HEAD's tree".into())?,
        None => {
            let empty = repo
                .treebuilder(None)
                .and_then(|b| b.write())
                .ctx(|| "could not create an empty tree".into())?;
            repo.find_tree(empty)
                .ctx(|| "could not read the empty tree".into())?
        }
    };
    let mut update = TreeUpdateBuilder::new();
    for (change, blob) in changes.iter().zip(blobs) {
        match blob {
            Some(blob) => {
                update.upsert(change.path.as_str(), *blob, file_mode(change));
            }
            None => {
                update.remove(change.path.as_str());
            }
        }
    }
    let tree_id = update
        .create_updated(repo, &baseline)
        .ctx(|| "could not build the commit's tree".into())?;
    let tree = repo
        .find_tree(tree_id)
        .ctx(|| "could not read the new tree".into())?;
    let author = identity.author().ctx(|| "invalid author identity".into())?;
    let committer = identity
        .committer()
        .ctx(|| "invalid committer identity".into())?;
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    super::sign::create_commit(repo, &author, &committer, message, &tree, &parents)
}
