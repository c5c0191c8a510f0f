//! `mv report`: the weekly coaching summary a manager pastes into the status
//! email to senior leaders. The model gathers a [`ReportView`] from the
//! records (`model::report::gather`); this module writes it as markdown, a terminal view, JSON, or one
//! self-contained HTML page. Every format says the same things in the same
//! words: the sentences are built once, here, and only laid out differently.
//!
//! Private notes never appear in a report: the view has no field for a
//! conversation's notes or concerns, so no format can print them.

mod html;
mod text;

pub use html::write_html;
pub use text::{write_markdown, write_terminal};

pub use crate::model::report::{
    ConversationHeld, Ended, NewCommitment, PersonSummary, Rep, ReportView, VacantOnProject,
};

use crate::model::ordinal;
use std::io::{self, Write};

/// Writes the view as pretty JSON (the view's own field names).
pub fn write_json(view: &ReportView, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, view)
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
        // A drop says why (or that nobody said); a finish needs no reason.
        quote: one_line(e.why.as_deref())
            .or_else(|| (verb == "dropped").then(|| "no reason given".to_owned())),
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
