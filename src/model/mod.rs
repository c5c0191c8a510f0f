//! The coaching domain as pure data and rules: people, projects, vacuums,
//! conversations, commitments and their check-ins. Nothing here touches the
//! file system or git; the store reads and writes these types.

mod action;
mod cadence;
pub mod date;
mod id;
mod records;
mod slug;
mod status;

pub use action::{Action, Fill, ordinal};
pub use cadence::Cadence;
pub use date::{Date, parse_date, toml_date};
pub use id::{IdSource, new_suffix};
pub use records::{
    Checkin, Commitment, Conversation, Liked, Person, Project, Settings, Vacuum, record_status,
};
pub use slug::{SlugError, SlugKind, validate_slug};
pub use status::{CommitmentStatus, RecordStatus};

/// The comfort scale of a check-in: how it felt to do the job, 1 (very
/// uncomfortable) to 5 (at ease).
pub const COMFORT_RANGE: std::ops::RangeInclusive<i64> = 1..=5;
