//! The tracker on disk: where each record lives, how records are loaded
//! (with diagnostics that name file, line and column), how they are edited
//! without losing what a person wrote, and the shipped templates.

mod diagnostic;
mod doc;
mod layout;
mod load;
pub mod merge;
pub mod templates;

pub use diagnostic::{Problem, render_problems};
pub use doc::RecordDoc;
pub use layout::{Kind, TRACKER_FILE, Tracker};
pub use load::{Records, Source, parse_record};

/// What can go wrong finding or reading a tracker.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no microvac tracker here: no microvac.toml in {start} or any parent up to the work tree's root"
    )]
    NoTracker { start: std::path::PathBuf },
    #[error("{0}")]
    Git(#[from] crate::git::GitError),
    #[error("{}", .0.headline())]
    Broken(Box<Problem>),
    #[error("could not read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}
