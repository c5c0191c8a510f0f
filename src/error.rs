//! Errors at the command edge: the user's mistakes (a message and a hint,
//! exit 1), broken files (cargo-style diagnostics, exit 1), and anything
//! else, which is a bug or an environment failure (exit 3). Never a panic
//! or a backtrace.

use crate::{
    git::GitError,
    model::{RuleError, SlugError},
    store::StoreError,
    ui,
};
use std::process::ExitCode;

/// A mistake the user can fix: what is wrong, and how to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

/// A user error without a hint.
pub(crate) fn user(message: impl Into<String>) -> anyhow::Error {
    UserError {
        message: message.into(),
        hint: None,
    }
    .into()
}

/// A user error with a hint on how to fix it.
pub(crate) fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError {
        message: message.into(),
        hint: Some(hint.into()),
    }
    .into()
}

/// Whether the error is that there is no tracker (or no repository) here:
/// under the name `mv`, the user may have meant to move a file.
pub(crate) fn no_tracker_here(err: &anyhow::Error) -> bool {
    matches!(
        err.downcast_ref::<StoreError>(),
        Some(StoreError::NoTracker { .. } | StoreError::Git(GitError::NotARepo { .. }))
    ) || matches!(
        err.downcast_ref::<GitError>(),
        Some(GitError::NotARepo { .. })
    )
}

/// Prints an error to stderr and returns the exit code for it.
pub(crate) fn report(err: &anyhow::Error) -> ExitCode {
    let broken_pipe = err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    if let Some(StoreError::Broken(problems)) = err.downcast_ref::<StoreError>() {
        ui::problems(problems);
        return ExitCode::from(1);
    }
    let (message, hint) = if let Some(e) = err.downcast_ref::<UserError>() {
        (e.message.clone(), e.hint.clone())
    } else if let Some(e) = err.downcast_ref::<StoreError>() {
        (format!("{err:#}"), e.hint())
    } else if let Some(e) = err.downcast_ref::<GitError>() {
        (e.to_string(), e.hint())
    } else if let Some(e) = err.downcast_ref::<RuleError>() {
        (e.to_string(), e.hint())
    } else if let Some(e) = err.downcast_ref::<SlugError>() {
        (e.to_string(), e.hint())
    } else {
        ui::error(&format!("{err:#}"), None);
        return ExitCode::from(3);
    };
    ui::error(&message, hint.as_deref());
    ExitCode::from(1)
}
