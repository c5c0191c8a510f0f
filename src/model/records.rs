//! The records a tracker holds, as read from their TOML files. Field names
//! are the keys a person sees in the files. Reference fields keep their
//! source span so `mv check` can point at them.

use super::{Cadence, CommitmentStatus, Date, RecordStatus, date};
use serde::Deserialize;
use toml::Spanned;

/// `microvac.toml`: the tracker's own settings.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// The schema version the files follow.
    pub schema: u32,
    /// The team's name, shown in titles and reports.
    #[serde(default)]
    pub team: Option<String>,
    /// Default check-in cadence for new commitments.
    #[serde(default)]
    pub checkin_every: Option<Cadence>,
}

/// A person the team coaches or who buddies: `people/<handle>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    #[serde(skip)]
    pub handle: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    /// The handle of the person's manager, if they are on record.
    #[serde(default)]
    pub manager: Option<Spanned<String>>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub status: Option<Spanned<RecordStatus>>,
}

/// A project vacuums are filled on: `projects/<slug>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Project {
    #[serde(skip)]
    pub slug: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<Spanned<RecordStatus>>,
    /// The vacuums this project needs filled; empty means every vacuum in
    /// the catalog.
    #[serde(default)]
    pub needs: Vec<Spanned<String>>,
}

/// One kind of leadership micro-vacuum: `vacuums/<slug>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Vacuum {
    #[serde(skip)]
    pub slug: String,
    #[serde(default)]
    pub title: Option<String>,
    /// What a project looks like when nobody fills it.
    #[serde(default)]
    pub missing: Option<String>,
    #[serde(default)]
    pub tips: Vec<String>,
    #[serde(default)]
    pub status: Option<Spanned<RecordStatus>>,
}

/// Something the engineer liked about the exemplar project, optionally
/// mapped to the vacuum that someone filled to make it happen. Written as a
/// string, or as `{ what = "…", vacuum = "…" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Liked {
    Text(String),
    Mapped {
        what: String,
        #[serde(default)]
        vacuum: Option<String>,
    },
}

impl Liked {
    pub fn what(&self) -> &str {
        match self {
            Liked::Text(s) => s,
            Liked::Mapped { what, .. } => what,
        }
    }

    pub fn vacuum(&self) -> Option<&str> {
        match self {
            Liked::Text(_) => None,
            Liked::Mapped { vacuum, .. } => vacuum.as_deref(),
        }
    }
}

/// One coaching conversation: `conversations/<yyyy>/<date>-<handle>-<suffix>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Conversation {
    /// The file stem, which is the conversation's ID.
    #[serde(skip)]
    pub id: String,
    /// The tracker-relative path of its file.
    #[serde(skip)]
    pub file: String,
    #[serde(deserialize_with = "date::deserialize")]
    pub date: Date,
    pub person: Spanned<String>,
    /// Who held the conversation (the git author by default).
    #[serde(default)]
    pub manager: Option<String>,
    /// "The best run project you've ever seen."
    #[serde(default)]
    pub exemplar: Option<String>,
    #[serde(default)]
    pub liked: Vec<Spanned<Liked>>,
    #[serde(default)]
    pub concerns: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// IDs of the commitments made in this conversation.
    #[serde(default)]
    pub commitments: Vec<Spanned<String>>,
    /// The next 1:1.
    #[serde(default, deserialize_with = "date::deserialize_opt")]
    pub next: Option<Date>,
}

/// One attempt ("rep") at filling a vacuum.
#[derive(Debug, Clone, Deserialize)]
pub struct Checkin {
    #[serde(deserialize_with = "date::deserialize")]
    pub date: Date,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub comfort: Option<Spanned<i64>>,
}

impl Checkin {
    pub fn comfort(&self) -> Option<i64> {
        self.comfort.as_ref().map(|c| *c.get_ref())
    }
}

/// A person's commitment to fill one vacuum on one project:
/// `commitments/<handle>/<vacuum>--<project>-<suffix>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Commitment {
    /// The file stem, e.g. `sprint-planning--payments-k3f9xq`.
    #[serde(skip)]
    pub stem: String,
    /// The tracker-relative path of its file.
    #[serde(skip)]
    pub file: String,
    pub person: Spanned<String>,
    pub vacuum: Spanned<String>,
    pub project: Spanned<String>,
    pub status: Spanned<CommitmentStatus>,
    #[serde(deserialize_with = "date::deserialize")]
    pub started: Date,
    #[serde(default)]
    pub buddy: Option<Spanned<String>>,
    #[serde(default)]
    pub checkin_every: Option<Cadence>,
    #[serde(default, deserialize_with = "date::deserialize_opt")]
    pub next_checkin: Option<Date>,
    /// The conversation it came from, if any.
    #[serde(default)]
    pub conversation: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "date::deserialize_opt")]
    pub ended: Option<Date>,
    /// Why it ended (for dropped ones, mostly).
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default, rename = "checkin")]
    pub checkins: Vec<Checkin>,
}

impl Commitment {
    /// The short ID a user types: the suffix after the last `-`.
    pub fn suffix(&self) -> &str {
        self.stem.rsplit('-').next().unwrap_or(&self.stem)
    }

    pub fn status(&self) -> &CommitmentStatus {
        self.status.get_ref()
    }

    pub fn reps(&self) -> usize {
        self.checkins.len()
    }

    /// The comfort of the latest check-in that gave one.
    pub fn last_comfort(&self) -> Option<i64> {
        self.checkins.iter().rev().find_map(Checkin::comfort)
    }

    /// The date the next check-in is due: the recorded `next_checkin`, or
    /// one cadence after the last check-in (or the start).
    pub fn due_on(&self, default_every: Cadence) -> Option<Date> {
        if self.status().is_ended() {
            return None;
        }
        if let Some(next) = self.next_checkin {
            return Some(next);
        }
        let last = self
            .checkins
            .iter()
            .map(|c| c.date)
            .max()
            .unwrap_or(self.started);
        Some(self.checkin_every.unwrap_or(default_every).after(last))
    }
}

/// The status of a person, project or vacuum record (active when absent).
pub fn record_status(status: &Option<Spanned<RecordStatus>>) -> &RecordStatus {
    static ACTIVE: RecordStatus = RecordStatus::Active;
    status.as_ref().map_or(&ACTIVE, |s| s.get_ref())
}

impl Person {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.handle)
    }
    pub fn is_archived(&self) -> bool {
        *record_status(&self.status) == RecordStatus::Archived
    }
}

impl Project {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.slug)
    }
    pub fn is_archived(&self) -> bool {
        *record_status(&self.status) == RecordStatus::Archived
    }
    /// Whether the project needs `vacuum` filled.
    pub fn needs(&self, vacuum: &str) -> bool {
        self.needs.is_empty() || self.needs.iter().any(|n| n.get_ref() == vacuum)
    }
}

impl Vacuum {
    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.slug)
    }
    pub fn is_archived(&self) -> bool {
        *record_status(&self.status) == RecordStatus::Archived
    }
}
