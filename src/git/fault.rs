//! A test hook, live only in debug builds (what `cargo test` runs; the
//! release binary `cargo install` makes never reads the variable, and the
//! optimizer drops every call): `MICROVAC_FAULT=<step>` makes a
//! write stop dead at that step, as a `kill -9` or a power cut would, so
//! the crash tests (tests/it/crash.rs) can prove the next run puts things
//! right. The steps of a write, in order:
//!
//! - `after-lock`: git's `index.lock` is held;
//! - `after-objects`: the blobs, trees and commit are in the object store;
//! - `after-journal`: `.git/microvac-pending` says what is being written;
//! - `after-files`: the work tree has the new files;
//! - `after-index`: the index has the new entries;
//! - `after-ref`: the branch points at the new commit (all that is left is
//!   letting go of `index.lock` and the journal).
//!
//! `fail-index` makes installing the new index fail with an error instead,
//! to prove nothing moves and the work tree is put back; `branch-moves`
//! makes an empty commit on the branch just before the write moves it, as
//! a plain `git commit` finishing at that moment would, to prove the write
//! is rebuilt on top of it. Nothing reads the variable unless a write
//! reaches one of these steps.

use super::{GitContext, GitError};

/// The variable naming the step to stop at.
const VAR: &str = "MICROVAC_FAULT";

/// Aborts the process here when `MICROVAC_FAULT` names `step`.
pub(crate) fn point(step: &str) {
    if named(step) {
        std::process::abort();
    }
}

/// Moves `branch` from `base` to a new empty commit on it, as a `git
/// commit` by someone else would (`MICROVAC_FAULT=branch-moves`).
pub(crate) fn commit_beside(
    repo: &git2::Repository,
    branch: &str,
    base: Option<git2::Oid>,
) -> Result<(), GitError> {
    let context = || "MICROVAC_FAULT=branch-moves".to_owned();
    let Some(base) = base else { return Ok(()) };
    let parent = repo.find_commit(base).ctx(context)?;
    let tree = parent.tree().ctx(context)?;
    let who = parent.committer();
    let id = repo
        .commit(
            None,
            &who,
            &who,
            "a commit beside microvac's",
            &tree,
            &[&parent],
        )
        .ctx(context)?;
    repo.reference_matching(branch, id, true, base, "commit: beside")
        .ctx(context)?;
    Ok(())
}

/// Whether `MICROVAC_FAULT` names `step` (for faults that are errors).
/// Always false in a release build.
pub(crate) fn named(step: &str) -> bool {
    cfg!(debug_assertions) && std::env::var_os(VAR).is_some_and(|v| v == step)
}
