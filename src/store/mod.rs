//! The tracker on disk: the only code that knows where records live, how
//! they are loaded (with diagnostics that name file, line and column), how
//! they are edited without losing what a person wrote, and how a change
//! becomes one commit. Commands talk to a [`Tracker`].

mod check;
mod diagnostic;
mod doc;
mod drafts;
mod findings;
mod format;
mod history;
mod hooks;
mod layout;
mod links;
mod load;
mod lookup;
pub mod merge;
mod register;
mod resolve;
mod scan;
mod schema;
mod sync;
pub(crate) mod templates;
mod text;
mod tracker;
mod undo;
mod write;

pub use crate::git::Operation;
pub use check::CheckReport;
pub use diagnostic::Problem;
pub use doc::RecordDoc;
pub use format::NewCommitment;
pub use format::{CandidateFelt, Field, NewConversation, Rep, SealedNote, seal_clear_notes};
pub use history::{HistoryEntry, Target};
pub use hooks::HookNotice;
pub use layout::{TOP_LEVEL, TRACKER_FILE};
pub use links::LINK_MESSAGE;
pub use load::{Loaded, Source, parse_record};
pub use lookup::CommitmentRef;
pub use resolve::{Kept, ResolveError, Resolved};
pub use sync::{ConflictedFile, Stop, SyncError, SyncOutcome, SyncReport};
pub use text::{MAX_RECORD_BYTES, decode, read_record_file};
pub use tracker::{InitOutcome, Rejected, Tracker};
pub use undo::UndoError;
pub use write::{OpenCommitment, OpenRecord, Writer};

use crate::{
    git::GitError,
    model::{Kind, SlugError},
};

/// What can go wrong finding, reading or writing a tracker.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No `microvac.toml` at or above the start directory.
    #[error(
        "no microvac tracker here: no microvac.toml in {start} or any parent up to the work tree's root"
    )]
    NoTracker {
        /// Where the search started.
        start: std::path::PathBuf,
    },
    /// The git layer failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A file could not be read or written.
    #[error("could not read {path}: {source}")]
    Io {
        /// The file, as shown to the user.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Files that do not parse, each with its diagnostic.
    #[error("{} problem(s) found", .0.len())]
    Broken(Vec<Problem>),
    /// A handle or slug that can never name a record.
    #[error(transparent)]
    BadName(#[from] SlugError),
    /// No record of that kind with that name.
    #[error("no {kind} named {name:?}")]
    Missing {
        /// What was looked for.
        kind: Kind,
        /// The name given.
        name: String,
        /// The names on record, for the hint.
        known: Vec<String>,
        /// Which of them are archived (at least the closest one, if it is).
        archived: Vec<String>,
    },
    /// A record that is already there.
    #[error("{kind} {name} already exists ({path})")]
    Exists {
        /// Its kind.
        kind: Kind,
        /// Its name.
        name: String,
        /// Its file, as shown.
        path: String,
    },
    /// A path below the tracker's root that is a symbolic link.
    #[error("{path} {}", links::LINK_MESSAGE)]
    Link {
        /// The link, as shown to the user.
        path: String,
    },
    /// A path that must be a directory (where `mv init PATH` starts) is not.
    #[error("{0} is not a directory")]
    NotADirectory(String),
    /// A file of the change holds a private note in the clear: microvac
    /// never records one (the path of the key, never the note, is said).
    #[error("refusing to record {path}: its {key} holds a private note in the clear")]
    ClearPrivate {
        /// The file, as shown.
        path: String,
        /// Where in it, as a key path (`checkin[1].private`).
        key: String,
    },
    /// No commitment matches an ID.
    #[error("no commitment with ID {0:?}")]
    NoCommitment(String),
    /// Several commitments match an ID prefix.
    #[error("the ID {id:?} matches {} commitments", .matches.len())]
    AmbiguousId {
        /// The ID given.
        id: String,
        /// `(short ID, person/stem)` of each match.
        matches: Vec<(String, String)>,
    },
}

impl StoreError {
    /// How to get past the error, where there is a way.
    pub fn hint(&self) -> Option<String> {
        match self {
            StoreError::NoTracker { .. } => Some(
                "`mv init` starts one in your team's repository; -C PATH runs in another directory"
                    .into(),
            ),
            StoreError::Git(git) => git.hint(),
            StoreError::BadName(e) => e.hint(),
            StoreError::Missing {
                kind,
                name,
                known,
                archived,
            } => Some(missing_hint(*kind, name, known, archived)),
            StoreError::Exists { kind, name, .. } => {
                Some(format!("change it with `mv {kind} edit {name}`"))
            }
            StoreError::NoCommitment(_) => Some("`mv list` shows every commitment's ID".into()),
            StoreError::AmbiguousId { matches, .. } => Some(format!(
                "type more of it: {}",
                matches
                    .iter()
                    .take(6)
                    .map(|(short, full)| format!("{short} ({full})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            StoreError::Link { path } => Some(format!(
                "microvac reads and writes only plain files and folders in the tracker: put what the link points to at {path} itself, or remove the link (git rm {path})"
            )),
            StoreError::NotADirectory(_) => Some(
                "give mv init a directory: a missing one is created as a new repository".into(),
            ),
            StoreError::ClearPrivate { .. } => Some(
                "nothing was recorded; remove the note from the file, and record it with --private (mv log, mv checkin), which seals it to the manager's key".into(),
            ),
            StoreError::Io { .. } | StoreError::Broken(_) => None,
        }
    }
}

fn missing_hint(kind: Kind, name: &str, known: &[String], archived: &[String]) -> String {
    match crate::model::closest(name, known.iter().map(String::as_str)) {
        Some(near) if archived.iter().any(|a| a == near) => format!(
            "did you mean {near:?}? It is archived: to bring it back, set status = \"active\" in its file (`mv {kind} edit {near}` opens it)"
        ),
        Some(near) => format!("did you mean {near:?}?"),
        None if known.is_empty() => format!("add one with `mv {kind} add {name}`"),
        None => format!(
            "known {kind}s: {}; add one with `mv {kind} add {name}`",
            known.join(", ")
        ),
    }
}

impl From<Problem> for StoreError {
    fn from(p: Problem) -> Self {
        StoreError::Broken(vec![p])
    }
}
