//! `mv report`: the weekly coaching summary a manager pastes into the status
//! email to senior leaders. A command gathers a [`ReportView`] from the
//! records; this module writes it as markdown, a terminal view, JSON, or one
//! self-contained HTML page. Every format says the same things in the same
//! words: the sentences are built once, here, and only laid out differently.
//!
//! Private notes never appear in a report: the view has no field for a
//! conversation's notes or concerns, so no format can print them.

mod html;
mod text;

pub use html::write_html;
pub use text::{write_markdown, write_terminal};

use crate::model::{Date, ordinal};
use serde::{Serialize, Serializer};
use std::io::{self, Write};

/// Everything a report says, gathered by the command for one period
/// (`since` and `until` both included) and, optionally, one project.
/// Lists are shown in the order given (the command sorts them, by date).
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

/// Writes the view as pretty JSON (the view's own field names).
pub fn write_json(view: &ReportView, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, view)
}

/// Serde adapter: a date as `YYYY-MM-DD`.
fn date_text<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// One thing that happened, as every format says it: "alice: 2nd rep of
/// sprint-planning on payments, comfort 3/5 (2026-11-19)", with a quote (a
/// note or a reason) shown after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub who: String,
    pub text: String,
    pub quote: Option<String>,
}

/// A report's sections, in the order every format shows them: heading,
/// lines, and what to say when there are none.
pub(crate) struct Section {
    pub heading: &'static str,
    pub lines: Vec<Line>,
    pub empty: String,
}

impl ReportView {
    /// "this week" for a seven-day report, else "in this period".
    pub(crate) fn period_phrase(&self) -> &'static str {
        if (self.until - self.since).get_days() == 6 {
            "this week"
        } else {
            "in this period"
        }
    }

    /// The title: "Payments team: coaching report, 2026-11-17 to 2026-11-23".
    pub(crate) fn title(&self) -> String {
        format!("{}, {}", self.heading(), self.period())
    }

    /// The title without the dates: "Payments team: coaching report".
    pub(crate) fn heading(&self) -> String {
        match self.team.trim() {
            "" => "Coaching report".to_owned(),
            team => format!("{team}: coaching report"),
        }
    }

    /// "2026-11-17 to 2026-11-23".
    pub(crate) fn period(&self) -> String {
        format!("{} to {}", self.since, self.until)
    }

    /// The one-paragraph summary that opens every format: "This week: 4
    /// reps by 3 people, …; 4 vacuums still vacant on 2 projects."
    pub(crate) fn summary(&self) -> String {
        let period = self.period_phrase();
        match self.activity() {
            Some(activity) => {
                let mut first = period[..1].to_uppercase();
                first.push_str(&period[1..]);
                format!("{first}: {activity}; {}.", self.vacancies())
            }
            None => format!(
                "Nothing on record {period}: no reps, commitments or conversations; {}.",
                self.vacancies()
            ),
        }
    }

    /// What happened, counted; nothing when nothing did.
    fn activity(&self) -> Option<String> {
        let total = self.reps.len()
            + self.new_commitments.len()
            + self.finished.len()
            + self.dropped.len()
            + self.conversations.len();
        (total > 0).then(|| {
            [
                format!(
                    "{} by {}",
                    count(self.reps.len(), "rep", "reps"),
                    count(self.people.len(), "person", "people")
                ),
                count(
                    self.new_commitments.len(),
                    "new commitment",
                    "new commitments",
                ),
                format!("{} finished", self.finished.len()),
                format!("{} dropped", self.dropped.len()),
                count(self.conversations.len(), "conversation", "conversations"),
            ]
            .join(", ")
        })
    }

    /// How many vacuums are vacant, on all projects.
    pub(crate) fn vacant_count(&self) -> usize {
        self.vacant.iter().map(|v| v.vacuums.len()).sum()
    }

    /// "4 vacuums still vacant on 2 projects", or that none is.
    fn vacancies(&self) -> String {
        let vacant = self.vacant_count();
        let projects = self.vacant.iter().filter(|v| !v.vacuums.is_empty()).count();
        match vacant {
            0 => "no vacuum is vacant".to_owned(),
            n => format!(
                "{} still vacant on {}",
                count(n, "vacuum", "vacuums"),
                count(projects, "project", "projects")
            ),
        }
    }

    /// The sections after the summary, in order.
    pub(crate) fn sections(&self) -> Vec<Section> {
        let period = self.period_phrase();
        vec![
            Section {
                heading: "New commitments",
                lines: self.new_commitments.iter().map(new_line).collect(),
                empty: format!("No new commitments {period}."),
            },
            Section {
                heading: "Reps",
                lines: self.reps.iter().map(rep_line).collect(),
                empty: format!("No reps {period}."),
            },
            Section {
                heading: "Finished",
                lines: self
                    .finished
                    .iter()
                    .map(|e| ended_line(e, "finished"))
                    .collect(),
                empty: format!("No commitments finished {period}."),
            },
            Section {
                heading: "Dropped",
                lines: self
                    .dropped
                    .iter()
                    .map(|e| ended_line(e, "dropped"))
                    .collect(),
                empty: format!("No commitments dropped {period}."),
            },
            Section {
                heading: "Conversations",
                lines: self.conversations.iter().map(conversation_line).collect(),
                empty: format!("No coaching conversations {period}."),
            },
            Section {
                heading: "Vacuums still vacant",
                lines: self.vacant.iter().map(vacant_line).collect(),
                empty: "No vacuum is vacant: someone fills every one.".to_owned(),
            },
        ]
    }
}

/// "1 rep", "3 reps".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "comfort 3/5", or that none was given.
fn comfort_text(comfort: Option<i64>) -> String {
    comfort.map_or_else(
        || "no comfort given".to_owned(),
        |c| format!("comfort {c}/5"),
    )
}

/// User text on one line: newlines and runs of spaces become one space;
/// nothing when empty.
fn one_line(text: Option<&str>) -> Option<String> {
    let text = text?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn new_line(c: &NewCommitment) -> Line {
    let buddy = c
        .buddy
        .as_deref()
        .map_or_else(String::new, |b| format!(", buddy {b}"));
    Line {
        who: c.person.clone(),
        text: format!(
            "new commitment to {} on {}{buddy} ({})",
            c.vacuum, c.project, c.started
        ),
        quote: None,
    }
}

fn rep_line(r: &Rep) -> Line {
    Line {
        who: r.person.clone(),
        text: format!(
            "{} rep of {} on {}, {} ({})",
            ordinal(r.number),
            r.vacuum,
            r.project,
            comfort_text(r.comfort),
            r.date
        ),
        quote: one_line(r.note.as_deref()),
    }
}

fn ended_line(e: &Ended, verb: &str) -> Line {
    let last = e
        .last_comfort
        .map_or_else(String::new, |c| format!(", last comfort {c}/5"));
    Line {
        who: e.person.clone(),
        text: format!(
            "{verb} {} on {} after {}{last} ({})",
            e.vacuum,
            e.project,
            count(e.reps, "rep", "reps"),
            e.ended
        ),
        quote: one_line(e.why.as_deref()).or_else(|| Some("no reason given".to_owned())),
    }
}

fn conversation_line(c: &ConversationHeld) -> Line {
    let mut text = format!("1:1 on {}", c.date);
    if let Some(manager) = one_line(c.manager.as_deref()) {
        text.push_str(&format!(" with {manager}"));
    }
    if let Some(exemplar) = one_line(c.exemplar.as_deref()) {
        text.push_str(&format!(" (exemplar: {exemplar})"));
    }
    if c.commitments > 0 {
        text.push_str(&format!(
            ", {} made",
            count(c.commitments, "commitment", "commitments")
        ));
    }
    Line {
        who: c.person.clone(),
        text,
        quote: None,
    }
}

fn vacant_line(v: &VacantOnProject) -> Line {
    let text = if v.vacuums.is_empty() {
        "every vacuum it needs is filled".to_owned()
    } else {
        v.vacuums.join(", ")
    };
    Line {
        who: v.project.clone(),
        text,
        quote: None,
    }
}

/// "2→3→4", with `arrow` between the scores; "–" when none was given.
pub(crate) fn trend(comforts: &[i64], arrow: &str) -> String {
    if comforts.is_empty() {
        return "–".to_owned();
    }
    comforts
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(arrow)
}

/// The per-person lines: "Alice Liddell (alice): 2 reps, comfort 2→3".
pub(crate) fn person_lines(view: &ReportView, arrow: &str) -> Vec<Line> {
    view.people
        .iter()
        .map(|p| Line {
            who: p.label(),
            text: match p.comforts.as_slice() {
                [] => format!("{}, no comfort given", count(p.reps, "rep", "reps")),
                comforts => format!(
                    "{}, comfort {} out of 5",
                    count(p.reps, "rep", "reps"),
                    trend(comforts, arrow)
                ),
            },
            quote: None,
        })
        .collect()
}
