//! Status values of records. Unknown values are kept, not rejected, so a file
//! written by a newer microvac still loads; `mv check` reports them.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// Where a commitment stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommitmentStatus {
    /// In progress.
    Active,
    /// Filled: the person now does the job.
    Done,
    /// Stepped back from (allowed, and forgiven).
    Dropped,
    /// A value this version does not know (kept, and reported by `mv check`).
    Unknown(String),
}

impl CommitmentStatus {
    /// The values this version knows.
    pub const KNOWN: &[&str] = &["active", "done", "dropped"];

    /// Reads a value as written in a file.
    pub fn parse(s: &str) -> Self {
        match s {
            "active" => Self::Active,
            "done" => Self::Done,
            "dropped" => Self::Dropped,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The value as written in a file.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Active => "active",
            Self::Done => "done",
            Self::Dropped => "dropped",
            Self::Unknown(s) => s,
        }
    }

    /// Whether the commitment has ended (done or dropped).
    pub fn is_ended(&self) -> bool {
        matches!(self, Self::Done | Self::Dropped)
    }
}

/// What a commitment's life allows next: the one place the status rules
/// live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// End it as done: the vacuum is filled.
    Done,
    /// End it as dropped (allowed, and forgiven).
    Drop,
    /// Take it up again after it ended.
    Reopen,
    /// Record a rep.
    Checkin,
}

/// Whether a step applies, given where the commitment stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepCheck {
    /// Go ahead.
    Allowed,
    /// It is already where the step would take it: nothing to record.
    AlreadyThere,
    /// Not from here: it ended as `ended`; reopen it first.
    Ended(CommitmentStatus),
}

impl CommitmentStatus {
    /// Whether `step` may be taken from this status. An ended commitment
    /// never silently turns into the other ending (a `drop` after `done`
    /// is a slip more often than not): it is reopened first, on purpose.
    pub fn check(&self, step: Step) -> StepCheck {
        match (step, self) {
            (Step::Done, Self::Done) | (Step::Drop, Self::Dropped) => StepCheck::AlreadyThere,
            (Step::Reopen, s) if !s.is_ended() => StepCheck::AlreadyThere,
            (Step::Reopen, _) => StepCheck::Allowed,
            (_, s) if s.is_ended() => StepCheck::Ended(s.clone()),
            _ => StepCheck::Allowed,
        }
    }
}

/// Whether a person, project or vacuum is in use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RecordStatus {
    #[default]
    /// In progress.
    Active,
    /// Kept on record, out of lists and tables.
    Archived,
    /// A value this version does not know (kept, and reported by `mv check`).
    Unknown(String),
}

impl RecordStatus {
    /// The values this version knows.
    pub const KNOWN: &[&str] = &["active", "archived"];

    /// Reads a value as written in a file.
    pub fn parse(s: &str) -> Self {
        match s {
            "active" => Self::Active,
            "archived" => Self::Archived,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The value as written in a file.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Active => "active",
            Self::Archived => "archived",
            Self::Unknown(s) => s,
        }
    }
}

macro_rules! string_backed {
    ($ty:ty) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Self::parse(&String::deserialize(d)?))
            }
        }
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
string_backed!(CommitmentStatus);
string_backed!(RecordStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ended_commitment_is_reopened_before_it_ends_otherwise() {
        use CommitmentStatus::*;
        assert_eq!(Active.check(Step::Done), StepCheck::Allowed);
        assert_eq!(Done.check(Step::Done), StepCheck::AlreadyThere);
        assert_eq!(Done.check(Step::Drop), StepCheck::Ended(Done));
        assert_eq!(Dropped.check(Step::Done), StepCheck::Ended(Dropped));
        assert_eq!(Dropped.check(Step::Checkin), StepCheck::Ended(Dropped));
        assert_eq!(Active.check(Step::Reopen), StepCheck::AlreadyThere);
        assert_eq!(Dropped.check(Step::Reopen), StepCheck::Allowed);
    }
}
