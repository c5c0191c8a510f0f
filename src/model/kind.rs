//! The kinds of record a tracker holds. One enum serves file layout, slug
//! rules, messages and commit trailers alike.

use std::fmt;

/// A kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `people/<handle>.toml`
    Person,
    /// `projects/<slug>.toml`
    Project,
    /// `vacuums/<slug>.toml`
    Vacuum,
    /// `conversations/<yyyy>/<date>-<handle>-<suffix>.toml`
    Conversation,
    /// `commitments/<handle>/<vacuum>--<project>-<suffix>.toml`
    Commitment,
}

impl Kind {
    /// Every kind, in the order `mv check` reads them.
    pub const ALL: [Kind; 5] = [
        Kind::Person,
        Kind::Project,
        Kind::Vacuum,
        Kind::Conversation,
        Kind::Commitment,
    ];

    /// The kinds named by a handle or slug (the rest by a generated ID).
    pub const NAMED: [Kind; 3] = [Kind::Person, Kind::Project, Kind::Vacuum];

    /// The word for one record of this kind, as messages and commands say it.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Project => "project",
            Kind::Vacuum => "vacuum",
            Kind::Conversation => "conversation",
            Kind::Commitment => "commitment",
        }
    }

    /// What the name of a record of this kind is called: a person's
    /// handle, a project's or vacuum's slug.
    pub fn name_word(self) -> &'static str {
        match self {
            Kind::Person => "person handle",
            Kind::Project => "project slug",
            Kind::Vacuum => "vacuum slug",
            Kind::Conversation => "conversation ID",
            Kind::Commitment => "commitment ID",
        }
    }

    /// The commit trailer that names a record of this kind.
    pub fn trailer(self) -> &'static str {
        match self {
            Kind::Person => "Microvac-Person",
            Kind::Project => "Microvac-Project",
            Kind::Vacuum => "Microvac-Vacuum",
            Kind::Conversation => "Microvac-Conversation",
            Kind::Commitment => "Microvac-Commitment",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}
