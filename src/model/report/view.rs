//! The report's contents as plain data (serialised as `mv report --format
//! json` prints them): what [`super::gather`] builds and `render::report`
//! writes.

use crate::model::Date;
use serde::{Serialize, Serializer};

/// Everything a report says about one period (`since` and `until` both
/// included) and, optionally, one project, as [`gather`] builds it from
/// the records. Lists are shown in the order given: by date, then person.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The team's name (`team` in `microvac.toml`), for the title.
    pub team: String,
    #[serde(serialize_with = "date_text")]
    /// First day covered (inclusive).
    pub since: Date,
    #[serde(serialize_with = "date_text")]
    /// Last day covered (inclusive).
    pub until: Date,
    /// The project slug the report is limited to (`--project`), if any.
    pub project: Option<String>,
    /// Commitments started in the period.
    pub new_commitments: Vec<NewCommitment>,
    /// Check-ins dated in the period.
    pub reps: Vec<Rep>,
    /// Commitments that ended as done in the period.
    pub finished: Vec<Ended>,
    /// Commitments that ended as dropped in the period.
    pub dropped: Vec<Ended>,
    /// Coaching conversations held in the period.
    pub conversations: Vec<ConversationHeld>,
    /// Per active project, the vacuums it needs that nobody is filling now.
    pub vacant: Vec<VacantOnProject>,
    /// Per person with a rep in the period: how many, and how they felt.
    pub people: Vec<PersonSummary>,
}

/// A commitment started in the period.
#[derive(Debug, Clone, Serialize)]
pub struct NewCommitment {
    /// The commitment's ID (the short code a user types).
    pub id: String,
    /// Whose (a handle).
    pub person: String,
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    /// The buddy, if any.
    pub buddy: Option<String>,
    #[serde(serialize_with = "date_text")]
    /// When it started.
    pub started: Date,
}

/// One check-in ("rep") dated in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Rep {
    /// The ID of the commitment it belongs to.
    pub commitment: String,
    /// Whose (a handle).
    pub person: String,
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    #[serde(serialize_with = "date_text")]
    /// When.
    pub date: Date,
    /// Which rep this is on its commitment, counting from 1 (all time, by
    /// date), so "2nd rep".
    pub number: usize,
    /// How it felt, 1 (very uncomfortable) to 5 (at ease).
    pub comfort: Option<i64>,
    /// The check-in's note (a commitment's note, never a private one).
    pub note: Option<String>,
}

/// A commitment that ended (done or dropped) in the period.
#[derive(Debug, Clone, Serialize)]
pub struct Ended {
    /// The short ID.
    pub id: String,
    /// Whose (a handle).
    pub person: String,
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    #[serde(serialize_with = "date_text")]
    /// When it started.
    pub started: Date,
    #[serde(serialize_with = "date_text")]
    /// When it ended.
    pub ended: Date,
    /// Check-ins over the whole commitment.
    pub reps: usize,
    /// The comfort of the latest check-in that gave one.
    pub last_comfort: Option<i64>,
    /// The reason recorded with `mv done` or `mv drop --why`.
    pub why: Option<String>,
}

/// A coaching conversation held in the period. Deliberately without its
/// notes or concerns: those are between the manager and the engineer.
#[derive(Debug, Clone, Serialize)]
pub struct ConversationHeld {
    /// The short ID.
    pub id: String,
    #[serde(serialize_with = "date_text")]
    /// When.
    pub date: Date,
    /// Whose (a handle).
    pub person: String,
    /// Who held it.
    pub manager: Option<String>,
    /// "The best run project you've ever seen."
    pub exemplar: Option<String>,
    /// How many commitments came out of it.
    pub commitments: usize,
}

/// The vacuums one project needs and nobody fills.
#[derive(Debug, Clone, Serialize)]
pub struct VacantOnProject {
    /// On which project.
    pub project: String,
    /// Vacuum slugs; empty when every vacuum it needs is filled.
    pub vacuums: Vec<String>,
}

/// One person's reps in the period, for the chart and the per-person list.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    /// Whose (a handle).
    pub person: String,
    /// The display name, when the person record has one.
    pub name: Option<String>,
    /// Check-ins in the period, on all their commitments.
    pub reps: usize,
    /// The comfort of each of those check-ins that gave one, oldest first.
    pub comforts: Vec<i64>,
}

impl PersonSummary {
    /// "Alice Liddell (alice)", or the handle alone.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) if name != &self.person => format!("{name} ({})", self.person),
            _ => self.person.clone(),
        }
    }
}

/// Serde adapter: a date as `YYYY-MM-DD`.
fn date_text<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}
