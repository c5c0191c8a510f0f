//! Carry-over: a new conversation with a person starts from the last one.
//! What was said then (the exemplar, the worries, the next 1:1 planned)
//! and where their open commitments stand (reps, how comfort moved, which
//! check-ins are due), gathered from the records for the command to show.

use super::{Commitment, Conversation, Date, Records, latest_conversations, private::PrivateNote};

/// What the next conversation with a person starts from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CarryOver {
    /// The last conversation, if there was one.
    pub last: Option<LastTalk>,
    /// Their open (active) commitments, oldest first.
    pub open: Vec<OpenWork>,
}

/// The last conversation, as the next one needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTalk {
    /// Its ID (file stem).
    pub id: String,
    /// When it was.
    pub date: Date,
    /// The exemplar project named then.
    pub exemplar: Option<String>,
    /// What they liked about it, in their words.
    pub liked: Vec<String>,
    /// The worries raised then: ask how they went.
    pub concerns: Vec<String>,
    /// The 1:1 planned after it.
    pub next: Option<Date>,
    /// The manager's notes (shared with the team).
    pub notes: Option<String>,
    /// The manager's private note.
    pub private: Option<PrivateNote>,
}

/// An open commitment, as a 1:1 reviews it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenWork {
    /// Its short ID.
    pub id: String,
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    /// Their buddy, if any.
    pub buddy: Option<String>,
    /// From when the buddy is no longer needed for the reps, if decided.
    pub buddy_until: Option<Date>,
    /// How many reps were checked in.
    pub reps: usize,
    /// The comfort of each rep that gave one, oldest first.
    pub comforts: Vec<i64>,
    /// When the next check-in is due.
    pub due: Option<Date>,
}

impl OpenWork {
    /// Whether a check-in is due on or before `today`.
    pub fn is_due(&self, today: Date) -> bool {
        self.due.is_some_and(|d| d <= today)
    }

    fn of(c: &Commitment, records: &Records) -> OpenWork {
        OpenWork {
            id: c.id.short().to_owned(),
            vacuum: c.vacuum.get_ref().clone(),
            project: c.project.get_ref().clone(),
            buddy: c.buddy().map(str::to_owned),
            buddy_until: c.buddy_until,
            reps: c.reps(),
            comforts: c.checkins.iter().filter_map(|k| k.comfort()).collect(),
            due: c.due_on(records.default_every()),
        }
    }
}

impl LastTalk {
    fn of(c: &Conversation) -> LastTalk {
        LastTalk {
            id: c.id.clone(),
            date: c.date,
            exemplar: c.exemplar.clone().filter(|e| !e.trim().is_empty()),
            liked: c
                .liked
                .iter()
                .map(|l| match l.get_ref() {
                    super::Liked::Text(t) => t.clone(),
                    super::Liked::Mapped { what, .. } => what.clone(),
                })
                .collect(),
            concerns: c.concerns.clone(),
            next: c.next,
            notes: c.notes.clone().filter(|n| !n.trim().is_empty()),
            private: PrivateNote::of(&c.private, &c.private_for),
        }
    }
}

impl CarryOver {
    /// Whether there is nothing to carry over (a first conversation).
    pub fn is_empty(&self) -> bool {
        self.last.is_none() && self.open.is_empty()
    }
}

/// What the next conversation with `person` starts from.
pub fn carry_over(records: &Records, person: &str) -> CarryOver {
    let last = latest_conversations(&records.conversations)
        .get(person)
        .map(|c| LastTalk::of(c));
    let mut open: Vec<&Commitment> = records
        .commitments
        .iter()
        .filter(|c| c.person.get_ref() == person && !c.status().is_ended())
        .collect();
    open.sort_by_key(|c| (c.started, c.id.stem()));
    CarryOver {
        last,
        open: open.into_iter().map(|c| OpenWork::of(c, records)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::memory::tests::{commit, talk, team};

    #[test]
    fn it_starts_from_the_last_conversation_and_the_open_commitments() {
        let mut r = team();
        assert!(carry_over(&r, "alice").is_empty());
        talk(&mut r, "alice", "2026-11-02", &[], &["old worry"]);
        talk(
            &mut r,
            "alice",
            "2026-11-16",
            &["sprint-planning"],
            &["it will be slow"],
        );
        talk(&mut r, "bob", "2026-11-20", &[], &["bob's worry"]);
        commit(
            &mut r,
            "alice",
            "sprint-planning@payments",
            "active",
            &[2, 3, 4],
            0,
        );
        commit(&mut r, "alice", "retros@web", "done", &[4], 0);
        let carried = carry_over(&r, "alice");
        let last = carried.last.as_ref().unwrap();
        assert_eq!(last.date.to_string(), "2026-11-16");
        assert_eq!(last.concerns, ["it will be slow"]);
        assert_eq!(last.liked, ["a sprint-planning"]);
        assert_eq!(last.exemplar.as_deref(), Some("Foo"));
        assert_eq!(
            last.next.map(|d| d.to_string()).as_deref(),
            Some("2026-12-07")
        );
        assert_eq!(carried.open.len(), 1);
        let open = &carried.open[0];
        assert_eq!((open.vacuum.as_str(), open.reps), ("sprint-planning", 3));
        assert_eq!(open.comforts, [2, 3, 4]);
        // Three weekly reps from 2026-01-05, then the default two weeks.
        assert_eq!(
            open.due.map(|d| d.to_string()).as_deref(),
            Some("2026-02-09")
        );
        assert!(open.is_due(jiff::civil::date(2026, 2, 9)));
        assert!(!open.is_due(jiff::civil::date(2026, 2, 8)));
    }
}
