//! Errors at the command edge: the user's mistakes (a message and a hint,
//! exit 1), broken files (cargo-style diagnostics, exit 1), and anything
//! else, which is a bug or an environment failure (exit 3). Never a panic
//! or a backtrace.

use crate::{git::GitError, store::Problem, store::StoreError, ui};
use std::process::ExitCode;

/// A mistake the user can fix: what is wrong, and how to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

/// A user error without a hint.
pub fn user(message: impl Into<String>) -> anyhow::Error {
    UserError {
        message: message.into(),
        hint: None,
    }
    .into()
}

/// A user error with a hint on how to fix it.
pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    UserError {
        message: message.into(),
        hint: Some(hint.into()),
    }
    .into()
}

/// One or more broken files, each to be shown with its diagnostic.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) found", .0.len())]
pub struct Problems(pub Vec<Problem>);

/// Prints an error to stderr and returns the exit code for it.
pub fn report(err: &anyhow::Error) -> ExitCode {
    let broken_pipe = err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    if let Some(Problems(problems)) = err.downcast_ref::<Problems>() {
        ui::problems(problems);
        return ExitCode::from(1);
    }
    if let Some(e) = err.downcast_ref::<UserError>() {
        ui::error(&e.message, e.hint.as_deref());
        return ExitCode::from(1);
    }
    if let Some(e) = err.downcast_ref::<GitError>() {
        ui::error(&e.to_string(), e.hint().as_deref());
        return ExitCode::from(1);
    }
    if let Some(e) = err.downcast_ref::<StoreError>() {
        match e {
            StoreError::Broken(problem) => ui::problems(std::slice::from_ref(problem)),
            StoreError::Git(git) => ui::error(&git.to_string(), git.hint().as_deref()),
            StoreError::NoTracker { .. } => ui::error(
                &format!("{err:#}"),
                Some("run `mv init` to start one, or pass -C PATH"),
            ),
            StoreError::Io { .. } => ui::error(&format!("{err:#}"), None),
        }
        return ExitCode::from(1);
    }
    ui::error(&format!("{err:#}"), None);
    ExitCode::from(3)
}
