//! Errors at the command edge: one type, [`CommandError`], for everything
//! a command (or `lib`, `prompt`, `editor`) returns. Each layer's error
//! comes in by its own `From` conversion and keeps its own variant, and
//! [`CommandError::exit_code`] is one exhaustive match: a new layer error
//! does not compile until it is given a variant (or told how it maps), so
//! none can reach the user as an internal error by being forgotten.
//!
//! The user's mistakes (a message and a hint) exit 1, broken files
//! (cargo-style diagnostics) exit 1, Esc or Ctrl-C at a question exits
//! 130, a closed stdout exits 0 without a word, and anything else, a bug
//! or an environment failure, exits 3. Never a panic or a backtrace.

use crate::{
    git::GitError,
    model::{RuleError, SlugError},
    private::PrivateError,
    store::{ResolveError, StoreError, SyncError, UndoError},
    ui,
};
use std::process::ExitCode;

/// The result of a command, and of what commands call above the store.
pub(crate) type Result<T, E = CommandError> = std::result::Result<T, E>;

/// What can stop a command, by the layer it comes from.
#[derive(Debug)]
pub(crate) enum CommandError {
    /// A mistake the user can fix (exit 1).
    User(UserError),
    /// The store's: a tracker missing or broken, a record not there…
    /// (exit 1; broken files as cargo-style diagnostics).
    Store(StoreError),
    /// The git layer's (exit 1).
    Git(GitError),
    /// A rule of the coaching model (exit 1).
    Rule(RuleError),
    /// A handle or slug that can never name a record (exit 1).
    Slug(SlugError),
    /// Esc or Ctrl-C at a question (its own exit code, 130).
    Aborted(Aborted),
    /// Anything else: a bug or an environment failure (exit 3), or stdout
    /// closed under us (exit 0).
    Internal(anyhow::Error),
}

/// A mistake the user can fix: what is wrong, and how to fix it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub(crate) struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

/// A user error without a hint.
pub(crate) fn user(message: impl Into<String>) -> CommandError {
    CommandError::User(UserError {
        message: message.into(),
        hint: None,
    })
}

/// A user error with a hint on how to fix it.
pub(crate) fn hinted(message: impl Into<String>, hint: impl Into<String>) -> CommandError {
    CommandError::User(UserError {
        message: message.into(),
        hint: Some(hint.into()),
    })
}

impl CommandError {
    /// An error that is no one's mistake, with what was being done (exit 3).
    pub(crate) fn internal<E>(err: E, doing: impl std::fmt::Display) -> CommandError
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        CommandError::Internal(anyhow::Error::new(err).context(doing.to_string()))
    }

    /// The exit code for it. One match over every variant: the compiler
    /// holds each kind of error to an exit code.
    pub(crate) fn exit_code(&self) -> ExitCode {
        match self {
            CommandError::Internal(_) if self.is_broken_pipe() => ExitCode::SUCCESS,
            CommandError::Internal(_) => ExitCode::from(3),
            CommandError::Aborted(aborted) => ExitCode::from(aborted.code),
            CommandError::User(_)
            | CommandError::Store(_)
            | CommandError::Git(_)
            | CommandError::Rule(_)
            | CommandError::Slug(_) => ExitCode::from(1),
        }
    }

    /// What the user is told, and the hint (the diagnostics of broken files
    /// are printed by [`report`] instead).
    pub(crate) fn message_and_hint(&self) -> (String, Option<String>) {
        match self {
            CommandError::User(e) => (e.message.clone(), e.hint.clone()),
            CommandError::Store(e) => (chain(e), e.hint()),
            CommandError::Git(e) => (e.to_string(), e.hint()),
            CommandError::Rule(e) => (e.to_string(), e.hint()),
            CommandError::Slug(e) => (e.to_string(), e.hint()),
            CommandError::Aborted(e) => (e.to_string(), None),
            CommandError::Internal(e) => (format!("{e:#}"), None),
        }
    }

    /// Whether it is stdout closed under us (`mv list | head`).
    fn is_broken_pipe(&self) -> bool {
        match self {
            CommandError::Internal(e) => e.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }),
            _ => false,
        }
    }
}

/// An error and its causes, as `error: cause: cause`.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_and_hint().0)
    }
}

impl From<UserError> for CommandError {
    fn from(e: UserError) -> Self {
        CommandError::User(e)
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        CommandError::Store(e)
    }
}

impl From<GitError> for CommandError {
    fn from(e: GitError) -> Self {
        CommandError::Git(e)
    }
}

impl From<RuleError> for CommandError {
    fn from(e: RuleError) -> Self {
        CommandError::Rule(e)
    }
}

impl From<SlugError> for CommandError {
    fn from(e: SlugError) -> Self {
        CommandError::Slug(e)
    }
}

/// The session was ended before the end: Esc or Ctrl-C. Nothing may be
/// written.
#[derive(Debug, thiserror::Error)]
#[error("{why}")]
pub(crate) struct Aborted {
    /// What ended it, in words.
    pub why: String,
    /// The exit code: 130 for Esc and Ctrl-C (as for an interrupt).
    pub code: u8,
}

impl Aborted {
    /// Ended at a question by `why` (Esc, Ctrl-C): exit code 130, as for
    /// an interrupt.
    pub(crate) fn by(why: &str) -> Self {
        Aborted {
            why: why.to_owned(),
            code: 130,
        }
    }
}

impl From<Aborted> for CommandError {
    fn from(e: Aborted) -> Self {
        CommandError::Aborted(e)
    }
}

/// The store's refusals of undo, sync and resolve are the user's to fix;
/// a store failure underneath stays the store's.
macro_rules! refusal {
    ($error:ident) => {
        impl From<$error> for CommandError {
            fn from(e: $error) -> Self {
                match e {
                    $error::Store(e) => CommandError::Store(e),
                    other => CommandError::User(UserError {
                        message: other.to_string(),
                        hint: other.hint(),
                    }),
                }
            }
        }
    };
}
refusal!(UndoError);
refusal!(SyncError);
refusal!(ResolveError);

/// A private note that cannot be sealed or opened: what is wrong and what
/// to do.
impl From<PrivateError> for CommandError {
    fn from(e: PrivateError) -> Self {
        CommandError::User(UserError {
            message: e.to_string(),
            hint: e.hint(),
        })
    }
}

/// The environment's failures: no one's mistake (exit 3), or stdout
/// closed (exit 0).
macro_rules! internal {
    ($($error:ty),* $(,)?) => {
        $(impl From<$error> for CommandError {
            fn from(e: $error) -> Self {
                CommandError::Internal(e.into())
            }
        })*
    };
}
internal!(std::io::Error);

/// `Result::context` for the environment's failures: what was being done,
/// then why it failed (exit 3). Only for I/O errors, so that a layer's
/// error can never be turned internal by giving it context.
pub(crate) trait Context<T> {
    /// The error, with what was being done.
    fn context(self, doing: impl std::fmt::Display) -> Result<T>;
    /// [`Context::context`], said lazily.
    fn with_context<D: std::fmt::Display>(self, doing: impl FnOnce() -> D) -> Result<T>;
}

impl<T> Context<T> for std::io::Result<T> {
    fn context(self, doing: impl std::fmt::Display) -> Result<T> {
        self.map_err(|e| CommandError::internal(e, doing))
    }

    fn with_context<D: std::fmt::Display>(self, doing: impl FnOnce() -> D) -> Result<T> {
        self.map_err(|e| CommandError::internal(e, doing()))
    }
}

/// Whether the error is that there is no tracker (or no repository) here:
/// under the name `mv`, the user may have meant to move a file.
pub(crate) fn no_tracker_here(err: &CommandError) -> bool {
    matches!(
        err,
        CommandError::Store(
            StoreError::NoTracker { .. } | StoreError::Git(GitError::NotARepo { .. })
        ) | CommandError::Git(GitError::NotARepo { .. })
    )
}

/// Prints an error to stderr and returns the exit code for it.
pub(crate) fn report(err: &CommandError) -> ExitCode {
    let code = err.exit_code();
    if err.is_broken_pipe() {
        return code;
    }
    if let CommandError::Store(StoreError::Broken(problems)) = err {
        ui::problems(problems);
        return code;
    }
    let (message, hint) = err.message_and_hint();
    ui::error(&message, hint.as_deref());
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(err: impl Into<CommandError>) -> ExitCode {
        err.into().exit_code()
    }

    /// Each layer's error reaches the user as theirs to fix (exit 1), by
    /// its `From`; only what is no one's mistake is internal (exit 3).
    #[test]
    fn every_layer_error_is_the_users_with_exit_1() {
        let one = ExitCode::from(1);
        assert_eq!(code(StoreError::NoCommitment("k3f".into())), one);
        assert_eq!(code(GitError::NotARepo { path: "/x".into() }), one);
        assert_eq!(code(RuleError::OwnBuddy("tara".into())), one);
        assert_eq!(code(UndoError::NothingToRedo), one);
        assert_eq!(code(SyncError::Detached), one);
        assert_eq!(code(ResolveError::NoConflicts), one);
        assert_eq!(code(PrivateError::NoRecipients), one);
        assert_eq!(code(user("no")), one);
        let io = || std::io::Error::other("disk on fire");
        assert_eq!(code(io()), ExitCode::from(3));
        assert_eq!(
            code(UndoError::Store(StoreError::Git(GitError::NotARepo {
                path: "/x".into()
            }))),
            one
        );
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert_eq!(code(pipe), ExitCode::SUCCESS);
        let esc = Aborted {
            why: "Esc pressed".into(),
            code: 130,
        };
        assert_eq!(code(esc), ExitCode::from(130));
    }

    /// A refusal keeps its message and hint; a store error under it stays
    /// the store's (so "no tracker here" is still told apart).
    #[test]
    fn refusals_keep_their_message_and_the_store_its_own() {
        let (message, _) = CommandError::from(UndoError::NothingToRedo).message_and_hint();
        assert_eq!(message, "nothing to redo");
        let wrapped = CommandError::from(SyncError::Store(StoreError::NoTracker {
            start: "/x".into(),
        }));
        assert!(no_tracker_here(&wrapped));
        let io = std::io::Error::other("gone");
        let (message, _) = Err::<(), _>(io)
            .context("could not write x")
            .expect_err("an error")
            .message_and_hint();
        assert_eq!(message, "could not write x: gone");
    }
}
