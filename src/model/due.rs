//! What is due on a day: check-ins (from each commitment's cadence and last
//! check-in) and 1:1s (the latest conversation's planned next date).

use super::{Conversation, Date, Records, ordinal};
use std::collections::BTreeMap;

/// What kind of thing is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueKind {
    /// The next rep of a commitment.
    Checkin,
    /// The next 1:1 with a person.
    OneOnOne,
}

impl DueKind {
    /// The name scripts see.
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::Checkin => "checkin",
            DueKind::OneOnOne => "one-on-one",
        }
    }
}

/// One thing due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// When it is (or was) due.
    pub date: Date,
    /// A check-in or a 1:1.
    pub kind: DueKind,
    /// Whose.
    pub person: String,
    /// In words: "2nd rep of sprint-planning on payments".
    pub what: String,
    /// The record it belongs to, as commands take it: the commitment's
    /// short ID for a check-in, the ID of the conversation that set the date
    /// for a 1:1. Stable over the record's life (a calendar event's UID is
    /// made from it).
    pub id: String,
    /// More to say about it, if anything (a check-in's buddy).
    pub note: Option<String>,
    /// How many times the item changed so far (a check-in: the reps
    /// recorded; a 1:1: 0), so a calendar takes a moved date as an update.
    pub sequence: u32,
}

/// Everything due on or before `on`, oldest first.
pub fn due_by(records: &Records, on: Date) -> Vec<DueItem> {
    let every = records.default_every();
    let mut due: Vec<DueItem> = records
        .commitments
        .iter()
        .filter_map(|c| {
            let date = c.due_on(every).filter(|d| *d <= on)?;
            Some(DueItem {
                date,
                kind: DueKind::Checkin,
                person: c.person.get_ref().clone(),
                what: format!(
                    "{} rep of {} on {}",
                    ordinal(c.reps() + 1),
                    c.vacuum.get_ref(),
                    c.project.get_ref()
                ),
                id: c.id.short().to_owned(),
                note: c.buddy().map(|b| format!("with {b} as buddy")),
                sequence: u32::try_from(c.reps()).unwrap_or(u32::MAX),
            })
        })
        .collect();
    for (person, conv) in latest_conversations(&records.conversations) {
        if let Some(next) = conv.next.filter(|n| *n <= on) {
            due.push(DueItem {
                date: next,
                kind: DueKind::OneOnOne,
                person: person.to_owned(),
                what: format!("1:1 (last one {})", conv.date),
                id: conv.id.clone(),
                note: None,
                sequence: 0,
            });
        }
    }
    due.sort_by(|a, b| (a.date, &a.person, &a.what).cmp(&(b.date, &b.person, &b.what)));
    due
}

/// Each person's latest conversation: by date, then by when `mv log`
/// recorded it (`logged`; one written by hand without it counts as
/// earlier), then by ID, only so that the answer never depends on file
/// order.
pub fn latest_conversations(conversations: &[Conversation]) -> BTreeMap<&str, &Conversation> {
    let order = |c: &Conversation| (c.date, c.logged, c.id.clone());
    let mut latest: BTreeMap<&str, &Conversation> = BTreeMap::new();
    for conv in conversations {
        let slot = latest.entry(conv.person.get_ref()).or_insert(conv);
        if order(conv) > order(slot) {
            *slot = conv;
        }
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn records(commitments: &[&str], settings: &str) -> Records {
        let mut r = Records {
            settings: Some(toml::from_str(settings).unwrap()),
            ..Records::default()
        };
        for (i, text) in commitments.iter().enumerate() {
            let mut c: super::super::Commitment = toml::from_str(text).unwrap();
            c.id = crate::model::CommitmentId::new(format!("retros--web-abc12{i}"));
            r.commitments.push(c);
        }
        r
    }

    const ACTIVE: &str = "person = \"alice\"\nvacuum = \"retros\"\nproject = \"web\"\nstatus = \"active\"\nstarted = 2026-11-02\n";

    #[test]
    fn a_check_in_is_due_one_cadence_after_the_last_rep() {
        let with_rep = format!("{ACTIVE}[[checkin]]\ndate = 2026-11-09\ncomfort = 2\n");
        let r = records(&[&with_rep], "schema = 1\ncheckin_every = \"1w\"\n");
        assert!(due_by(&r, date(2026, 11, 15)).is_empty());
        let due = due_by(&r, date(2026, 11, 16));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].date, date(2026, 11, 16));
        assert_eq!(due[0].what, "2nd rep of retros on web");
    }

    #[test]
    fn of_two_conversations_on_one_day_the_one_logged_last_is_the_latest() {
        let conv = |id: &str, logged: &str, next: &str| {
            let mut c: Conversation = toml::from_str(&format!(
                "date = 2026-11-23\nperson = \"alice\"\nlogged = {logged}\nnext = {next}\n"
            ))
            .unwrap();
            c.id = id.into();
            c
        };
        // The later one has the smaller ID: the ID must not decide.
        let earlier = conv(
            "2026-11-23-alice-zzzz",
            "2026-11-23T09:00:00Z",
            "2026-11-30",
        );
        let later = conv(
            "2026-11-23-alice-aaaa",
            "2026-11-23T15:00:00Z",
            "2026-12-07",
        );
        let both = [earlier.clone(), later.clone()];
        assert_eq!(latest_conversations(&both)["alice"].id, later.id);
        let both = [later, earlier];
        assert_eq!(
            latest_conversations(&both)["alice"].next,
            Some(date(2026, 12, 7))
        );
    }

    #[test]
    fn a_recorded_next_checkin_wins_and_ended_ones_are_never_due() {
        let next = format!("{ACTIVE}next_checkin = 2026-12-01\n");
        let done = ACTIVE.replace("active", "done");
        let r = records(&[&next, &done], "schema = 1\n");
        let due = due_by(&r, date(2027, 1, 1));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].date, date(2026, 12, 1));
    }
}
