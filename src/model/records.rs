//! The records a tracker holds, as read from their TOML files. Field names
//! are the keys a person sees in the files. Reference fields keep their
//! source span so `mv check` can point at them.

use super::{Cadence, CommitmentId, CommitmentStatus, Date, Fill, Kind, RecordStatus, date};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;

/// Everything a tracker holds, as loaded: the records of the kinds asked
/// for, by name or in file order.
#[derive(Debug, Default)]
pub struct Records {
    /// `microvac.toml`, when it loaded.
    pub settings: Option<Settings>,
    /// People by handle.
    pub people: BTreeMap<String, Person>,
    /// Projects by slug.
    pub projects: BTreeMap<String, Project>,
    /// Vacuums by slug.
    pub vacuums: BTreeMap<String, Vacuum>,
    /// Commitments, in file order.
    pub commitments: Vec<Commitment>,
    /// Conversations, in file order.
    pub conversations: Vec<Conversation>,
}

impl Records {
    /// What is on record, for many lookups by name: each answers in
    /// constant or logarithmic time. Commitments and conversations are held
    /// in file order, so a lookup per reference without this index would
    /// scan them all (quadratic over a tracker: at 100k records, two thirds
    /// of `mv check`).
    pub fn known(&self) -> Known<'_> {
        Known {
            records: self,
            commitments: self.commitments.iter().map(|c| c.id.stem()).collect(),
            conversations: self.conversations.iter().map(|c| c.id.as_str()).collect(),
        }
    }

    /// The names of the people, projects or vacuums on record, sorted.
    pub fn names(&self, kind: Kind) -> Vec<&str> {
        match kind {
            Kind::Person => self.people.keys().map(String::as_str).collect(),
            Kind::Project => self.projects.keys().map(String::as_str).collect(),
            Kind::Vacuum => self.vacuums.keys().map(String::as_str).collect(),
            Kind::Commitment => self.commitments.iter().map(|c| c.id.stem()).collect(),
            Kind::Conversation => self.conversations.iter().map(|c| c.id.as_str()).collect(),
        }
    }

    /// The default check-in cadence: `checkin_every` in `microvac.toml`.
    pub fn default_every(&self) -> Cadence {
        Settings::every(self.settings.as_ref())
    }
}

/// The names on record, by kind, built once by [`Records::known`].
#[derive(Debug)]
pub struct Known<'a> {
    records: &'a Records,
    commitments: HashSet<&'a str>,
    conversations: HashSet<&'a str>,
}

impl Known<'_> {
    /// Whether a record of `kind` named `name` (a handle, slug, commitment
    /// file stem or conversation ID) is on record.
    pub fn contains(&self, kind: Kind, name: &str) -> bool {
        match kind {
            Kind::Person => self.records.people.contains_key(name),
            Kind::Project => self.records.projects.contains_key(name),
            Kind::Vacuum => self.records.vacuums.contains_key(name),
            Kind::Commitment => self.commitments.contains(name),
            Kind::Conversation => self.conversations.contains(name),
        }
    }
}

impl Settings {
    /// The check-in cadence for commitments that name none: the settings'
    /// `checkin_every`, else [`Cadence::DEFAULT`] (also when the settings
    /// did not load).
    pub fn every(settings: Option<&Settings>) -> Cadence {
        settings
            .and_then(|s| s.checkin_every)
            .unwrap_or(Cadence::DEFAULT)
    }
}

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
    /// The file stem: the person's handle.
    pub handle: String,
    #[serde(default)]
    /// Display name.
    pub name: Option<String>,
    #[serde(default)]
    /// Role or level, e.g. senior, staff, tech lead.
    pub role: Option<String>,
    /// The handle of the person's manager, if they are on record.
    #[serde(default)]
    pub manager: Option<Spanned<String>>,
    /// The projects they work on (slugs); empty: inferred from their
    /// commitments (see `memory::projects_of`).
    #[serde(default)]
    pub projects: Vec<Spanned<String>>,
    #[serde(default)]
    /// Email address.
    pub email: Option<String>,
    #[serde(default)]
    /// Whether it is in use (absent: active).
    pub status: Option<Spanned<RecordStatus>>,
}

/// A project vacuums are filled on: `projects/<slug>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Project {
    #[serde(skip)]
    /// The file stem: the slug.
    pub slug: String,
    #[serde(default)]
    /// Display name.
    pub name: Option<String>,
    #[serde(default)]
    /// Whether it is in use (absent: active).
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
    /// The file stem: the slug.
    pub slug: String,
    #[serde(default)]
    /// Title, e.g. "Weekly status email to senior leaders".
    pub title: Option<String>,
    /// What a project looks like when nobody fills it.
    #[serde(default)]
    pub missing: Option<String>,
    #[serde(default)]
    /// Tips for the first reps.
    pub tips: Vec<String>,
    #[serde(default)]
    /// Whether it is in use (absent: active).
    pub status: Option<Spanned<RecordStatus>>,
}

/// Something the engineer liked about the exemplar project, optionally
/// mapped to the vacuum that someone filled to make it happen. Written as a
/// string, or as `{ what = "…", vacuum = "…" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Liked {
    /// Just what they liked.
    Text(String),
    /// What they liked, and the vacuum someone filled to make it happen.
    Mapped {
        /// What they liked.
        what: String,
        #[serde(default)]
        /// Which vacuum.
        vacuum: Option<String>,
    },
}

impl Liked {
    /// The vacuum it is mapped to, if any.
    pub fn vacuum(&self) -> Option<&str> {
        match self {
            Liked::Text(_) => None,
            Liked::Mapped { vacuum, .. } => vacuum.as_deref(),
        }
    }
}

/// How comfortable an engineer felt about a candidate vacuum, asked in a
/// 1:1 before picking one.
#[derive(Debug, Clone, Deserialize)]
pub struct CandidateComfort {
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    /// 1 (very uncomfortable) to 5 (at ease).
    pub comfort: Spanned<i64>,
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
    /// When.
    pub date: Date,
    /// Who.
    pub person: Spanned<String>,
    /// Who held the conversation (the git author by default).
    #[serde(default)]
    pub manager: Option<String>,
    /// "The best run project you've ever seen."
    #[serde(default)]
    pub exemplar: Option<String>,
    #[serde(default)]
    /// What the engineer liked about the exemplar project.
    pub liked: Vec<Spanned<Liked>>,
    #[serde(default)]
    /// Worries the engineer raised (in a follow-up: new ones, and last
    /// time's that are still worries).
    pub concerns: Vec<String>,
    /// In a follow-up: last time's worries that eased.
    #[serde(default)]
    pub concerns_eased: Vec<String>,
    /// In a follow-up: last time's worries that came true.
    #[serde(default)]
    pub concerns_came_true: Vec<String>,
    /// In a follow-up: the conversation it followed up (its ID).
    #[serde(default)]
    pub follows: Option<String>,
    /// How comfortable the engineer said they feel about each candidate
    /// vacuum, asked before picking one (the most comfortable first).
    #[serde(default)]
    pub comfort_with: Vec<CandidateComfort>,
    #[serde(default)]
    /// Free notes.
    pub notes: Option<String>,
    /// IDs of the commitments made in this conversation.
    #[serde(default)]
    pub commitments: Vec<Spanned<String>>,
    /// The next 1:1.
    #[serde(default, deserialize_with = "date::deserialize_opt")]
    pub next: Option<Date>,
    /// A note for the manager's eyes only, sealed (encrypted, armored).
    #[serde(default)]
    pub private: Option<Spanned<String>>,
    /// Whom the private note was sealed for.
    #[serde(default)]
    pub private_for: Vec<String>,
    /// When `mv log` recorded it: orders two conversations of one day.
    #[serde(default, deserialize_with = "date::deserialize_timestamp_opt")]
    pub logged: Option<jiff::Timestamp>,
}

/// One attempt ("rep") at filling a vacuum.
#[derive(Debug, Clone, Deserialize)]
pub struct Checkin {
    #[serde(deserialize_with = "date::deserialize")]
    /// When.
    pub date: Date,
    #[serde(default)]
    /// How it went.
    pub note: Option<String>,
    #[serde(default)]
    /// How comfortable it felt, 1 to 5.
    pub comfort: Option<Spanned<i64>>,
    /// A note for the manager's eyes only, sealed (encrypted, armored).
    #[serde(default)]
    pub private: Option<Spanned<String>>,
    /// Whom the private note was sealed for.
    #[serde(default)]
    pub private_for: Vec<String>,
}

impl Checkin {
    /// How comfortable it felt, 1 to 5.
    pub fn comfort(&self) -> Option<i64> {
        self.comfort.as_ref().map(|c| *c.get_ref())
    }
}

/// A person's commitment to fill one vacuum on one project:
/// `commitments/<handle>/<vacuum>--<project>-<suffix>.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Commitment {
    /// Which one: its file stem, e.g. `sprint-planning--payments-k3f9xq`.
    #[serde(skip)]
    pub id: CommitmentId,
    /// The tracker-relative path of its file.
    #[serde(skip)]
    pub file: String,
    /// Who.
    pub person: Spanned<String>,
    /// Which vacuum.
    pub vacuum: Spanned<String>,
    /// On which project.
    pub project: Spanned<String>,
    /// Whether it is in use (absent: active).
    pub status: Spanned<CommitmentStatus>,
    #[serde(deserialize_with = "date::deserialize")]
    /// When it started.
    pub started: Date,
    #[serde(default)]
    /// Someone who has done it before, to do the first reps with.
    pub buddy: Option<Spanned<String>>,
    /// From when the buddy no longer needs to be there for the reps
    /// (decided at a follow-up 1:1); they stay on record as the buddy.
    #[serde(default, deserialize_with = "date::deserialize_opt")]
    pub buddy_until: Option<Date>,
    #[serde(default)]
    /// How often to check in, when not the tracker default.
    pub checkin_every: Option<Cadence>,
    #[serde(default, deserialize_with = "date::deserialize_opt")]
    /// When the next check-in is due.
    pub next_checkin: Option<Date>,
    /// The conversation it came from, if any.
    #[serde(default)]
    pub conversation: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "date::deserialize_opt")]
    /// When it ended.
    pub ended: Option<Date>,
    /// Why it ended (for dropped ones, mostly).
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default, rename = "checkin")]
    /// Its check-ins ("reps"), oldest first.
    pub checkins: Vec<Checkin>,
}

impl Commitment {
    /// Where it stands.
    pub fn status(&self) -> &CommitmentStatus {
        self.status.get_ref()
    }

    /// The commitment as commit messages name it.
    pub fn fill(&self) -> Fill {
        Fill {
            person: self.person.get_ref().clone(),
            vacuum: self.vacuum.get_ref().clone(),
            project: self.project.get_ref().clone(),
            buddy: self.buddy().map(str::to_owned),
            id: self.id.clone(),
        }
    }

    /// The buddy's handle, when there is one.
    pub fn buddy(&self) -> Option<&str> {
        self.buddy
            .as_ref()
            .map(|b| b.get_ref().as_str())
            .filter(|b| !b.is_empty())
    }

    /// The cadence of its check-ins: its own, else `default`.
    pub fn every(&self, default: Cadence) -> Cadence {
        self.checkin_every.unwrap_or(default)
    }

    /// How many reps were checked in.
    pub fn reps(&self) -> usize {
        self.checkins.len()
    }

    /// The comfort of the latest check-in (by date, then file order) that
    /// gave one: a check-in added by hand out of order still counts by its
    /// date.
    pub fn last_comfort(&self) -> Option<i64> {
        self.checkins
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some(((k.date, i), k.comfort()?)))
            .max_by_key(|(at, _)| *at)
            .map(|(_, comfort)| comfort)
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
    /// The name to show: the display name, else the handle or slug.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.handle)
    }
    /// Whether it is archived.
    pub fn is_archived(&self) -> bool {
        *record_status(&self.status) == RecordStatus::Archived
    }
}

impl Project {
    /// The name to show: the display name, else the handle or slug.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.slug)
    }
    /// Whether it is archived.
    pub fn is_archived(&self) -> bool {
        *record_status(&self.status) == RecordStatus::Archived
    }
    /// Whether the project needs `vacuum` filled.
    pub fn needs(&self, vacuum: &str) -> bool {
        self.needs.is_empty() || self.needs.iter().any(|n| n.get_ref() == vacuum)
    }
}

impl Vacuum {
    /// The title to show, else the slug.
    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.slug)
    }
    /// Whether it is archived.
    pub fn is_archived(&self) -> bool {
        *record_status(&self.status) == RecordStatus::Archived
    }
}
