//! The coaching domain as pure data and rules: people, projects, vacuums,
//! conversations, commitments and their check-ins, and what may happen to
//! them. Nothing here touches the file system or git; the store reads and
//! writes these types.

mod action;
pub mod advice;
mod cadence;
pub mod carry;
mod comfort;
pub mod date;
mod due;
pub mod growth;
mod id;
mod kind;
pub mod listing;
pub mod matching;
pub mod memory;
mod names;
pub mod private;
mod records;
pub mod report;
pub mod rules;
pub mod schema;
mod slug;
mod status;
pub mod table;
pub mod text;

pub use action::{Action, Fill, ordinal};
pub use cadence::Cadence;
pub use comfort::{COMFORT_RANGE, ComfortError, check_comfort, parse_comfort};
pub use date::{Date, DateError, parse_date, toml_date, toml_timestamp};
pub use due::{DueItem, DueKind, due_by, latest_conversations};
pub use id::{CommitmentId, IdSource, SUFFIX_LEN, new_suffix, short_of};
pub use kind::Kind;
pub use names::closest;
pub use records::{
    CandidateComfort, Checkin, Commitment, Conversation, Known, Liked, Person, Project, Records,
    Settings, Vacuum, record_status,
};
pub use rules::RuleError;
pub use slug::{MAX_SLUG_LEN, SLUG_RULE, SlugError, suggest_slug, validate_slug};
pub use status::{CommitmentStatus, RecordStatus, Step, StepCheck};
