//! A test hook, compiled into every build: `MICROVAC_FAULT=<step>` makes a
//! write stop dead at that step, as a `kill -9` or a power cut would, so
//! the crash tests (tests/crash.rs) can prove the next run puts things
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
//! to prove nothing moves and the work tree is put back. Nothing reads the
//! variable unless a write reaches one of these steps.

/// The variable naming the step to stop at.
const VAR: &str = "MICROVAC_FAULT";

/// Aborts the process here when `MICROVAC_FAULT` names `step`.
pub(crate) fn point(step: &str) {
    if named(step) {
        std::process::abort();
    }
}

/// Whether `MICROVAC_FAULT` names `step` (for faults that are errors).
pub(crate) fn named(step: &str) -> bool {
    std::env::var_os(VAR).is_some_and(|v| v == step)
}
