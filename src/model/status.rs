//! Status values of records. Unknown values are kept, not rejected, so a file
//! written by a newer microvac still loads; `mv check` reports them.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// Where a commitment stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommitmentStatus {
    Active,
    Done,
    Dropped,
    Unknown(String),
}

impl CommitmentStatus {
    pub const KNOWN: &[&str] = &["active", "done", "dropped"];

    pub fn parse(s: &str) -> Self {
        match s {
            "active" => Self::Active,
            "done" => Self::Done,
            "dropped" => Self::Dropped,
            other => Self::Unknown(other.to_owned()),
        }
    }

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

/// Whether a person, project or vacuum is in use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RecordStatus {
    #[default]
    Active,
    Archived,
    Unknown(String),
}

impl RecordStatus {
    pub const KNOWN: &[&str] = &["active", "archived"];

    pub fn parse(s: &str) -> Self {
        match s {
            "active" => Self::Active,
            "archived" => Self::Archived,
            other => Self::Unknown(other.to_owned()),
        }
    }

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
