//! A person's growth, as evidence at review time: every vacuum they took
//! on (where, with whom, each rep and how comfortable it felt, how it
//! ended and why) and every conversation held with them. A plain view of
//! the records, oldest first; `render::growth` prints it.

use super::{CommitmentStatus, Date, Liked, Records, memory, private::PrivateNote};

/// A person's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Growth {
    /// Their handle.
    pub person: String,
    /// Their display name, when on record.
    pub name: Option<String>,
    /// Their role or level.
    pub role: Option<String>,
    /// The projects they work on.
    pub projects: Vec<String>,
    /// Every vacuum they took on, by start date.
    pub taken_on: Vec<TakenOn>,
    /// Every conversation held with them, by date.
    pub conversations: Vec<Held>,
    /// The commitments they buddy (buddying is leadership too), by start.
    pub buddying: Vec<Buddied>,
}

/// A commitment someone buddies: they do its first reps with the one
/// who fills the vacuum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buddied {
    /// The commitment's short ID.
    pub id: String,
    /// Who fills the vacuum.
    pub person: String,
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    /// Where it stands.
    pub status: CommitmentStatus,
    /// When it started.
    pub started: Date,
    /// How many reps it has.
    pub reps: usize,
}

/// One vacuum taken on: a commitment and its reps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenOn {
    /// The commitment's short ID.
    pub id: String,
    /// Which vacuum.
    pub vacuum: String,
    /// The vacuum's title, when on record.
    pub title: Option<String>,
    /// On which project.
    pub project: String,
    /// With whom (the buddy).
    pub buddy: Option<String>,
    /// Where it stands.
    pub status: CommitmentStatus,
    /// When it started.
    pub started: Date,
    /// When it ended (done or dropped).
    pub ended: Option<Date>,
    /// Why it ended.
    pub why: Option<String>,
    /// Each rep, oldest first.
    pub reps: Vec<Rep>,
}

/// One rep: an attempt and how it felt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rep {
    /// When.
    pub date: Date,
    /// How comfortable it felt, 1 to 5.
    pub comfort: Option<i64>,
    /// How it went.
    pub note: Option<String>,
    /// The manager's private note on it.
    pub private: Option<PrivateNote>,
}

/// One conversation held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// Its ID.
    pub id: String,
    /// When.
    pub date: Date,
    /// Who held it.
    pub manager: Option<String>,
    /// The exemplar project.
    pub exemplar: Option<String>,
    /// What they liked about it.
    pub liked: Vec<String>,
    /// The worries raised.
    pub concerns: Vec<String>,
    /// The commitments made in it, as `vacuum on project` (or their ID
    /// when the commitment is not on record).
    pub made: Vec<String>,
    /// The manager's notes (shared with the team, unlike `private`).
    pub notes: Option<String>,
    /// The manager's private note.
    pub private: Option<PrivateNote>,
}

impl TakenOn {
    /// The comfort of each rep that gave one, oldest first.
    pub fn comforts(&self) -> Vec<i64> {
        self.reps.iter().filter_map(|r| r.comfort).collect()
    }
}

/// Counts over a timeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Vacuums taken on.
    pub taken_on: usize,
    /// Of which done.
    pub done: usize,
    /// Of which dropped.
    pub dropped: usize,
    /// Reps over all of them.
    pub reps: usize,
    /// Conversations held.
    pub conversations: usize,
}

impl Growth {
    /// Every private note in the timeline, to open for the reader.
    pub fn private_notes(&mut self) -> impl Iterator<Item = &mut PrivateNote> {
        let reps = self
            .taken_on
            .iter_mut()
            .flat_map(|t| t.reps.iter_mut().filter_map(|r| r.private.as_mut()));
        let talks = self
            .conversations
            .iter_mut()
            .filter_map(|c| c.private.as_mut());
        reps.chain(talks)
    }

    /// Counts over the timeline.
    pub fn totals(&self) -> Totals {
        let count = |s: CommitmentStatus| self.taken_on.iter().filter(|t| t.status == s).count();
        Totals {
            taken_on: self.taken_on.len(),
            done: count(CommitmentStatus::Done),
            dropped: count(CommitmentStatus::Dropped),
            reps: self.taken_on.iter().map(|t| t.reps.len()).sum(),
            conversations: self.conversations.len(),
        }
    }

    /// Whether there is nothing on record yet.
    pub fn is_empty(&self) -> bool {
        self.taken_on.is_empty() && self.conversations.is_empty()
    }
}

/// The timeline of `person`.
pub fn growth(records: &Records, person: &str) -> Growth {
    let who = records.people.get(person);
    let mut taken_on: Vec<TakenOn> = records
        .commitments
        .iter()
        .filter(|c| c.person.get_ref() == person)
        .map(|c| TakenOn {
            id: c.id.short().to_owned(),
            vacuum: c.vacuum.get_ref().clone(),
            title: records
                .vacuums
                .get(c.vacuum.get_ref())
                .and_then(|v| v.title.clone()),
            project: c.project.get_ref().clone(),
            buddy: c.buddy().map(str::to_owned),
            status: c.status().clone(),
            started: c.started,
            ended: c.ended,
            why: c.why.clone().filter(|w| !w.trim().is_empty()),
            reps: c
                .checkins
                .iter()
                .map(|k| Rep {
                    date: k.date,
                    comfort: k.comfort(),
                    note: k.note.clone(),
                    private: PrivateNote::of(&k.private, &k.private_for),
                })
                .collect(),
        })
        .collect();
    taken_on.sort_by(|a, b| (a.started, &a.vacuum, &a.id).cmp(&(b.started, &b.vacuum, &b.id)));
    let mut conversations: Vec<Held> = records
        .conversations
        .iter()
        .filter(|c| c.person.get_ref() == person)
        .map(|c| Held {
            id: c.id.clone(),
            date: c.date,
            manager: c.manager.clone().filter(|m| !m.is_empty()),
            exemplar: c.exemplar.clone().filter(|e| !e.trim().is_empty()),
            liked: c.liked.iter().map(|l| what(l.get_ref())).collect(),
            concerns: c.concerns.clone(),
            made: c
                .commitments
                .iter()
                .map(|id| made(records, id.get_ref()))
                .collect(),
            notes: c.notes.clone().filter(|n| !n.trim().is_empty()),
            private: PrivateNote::of(&c.private, &c.private_for),
        })
        .collect();
    conversations.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut buddying: Vec<Buddied> = records
        .commitments
        .iter()
        .filter(|c| c.buddy() == Some(person))
        .map(|c| Buddied {
            id: c.id.short().to_owned(),
            person: c.person.get_ref().clone(),
            vacuum: c.vacuum.get_ref().clone(),
            project: c.project.get_ref().clone(),
            status: c.status().clone(),
            started: c.started,
            reps: c.reps(),
        })
        .collect();
    buddying.sort_by(|a, b| (a.started, &a.person, &a.id).cmp(&(b.started, &b.person, &b.id)));
    Growth {
        person: person.to_owned(),
        name: who.and_then(|p| p.name.clone()),
        role: who.and_then(|p| p.role.clone()),
        projects: memory::projects_of(records, person),
        taken_on,
        conversations,
        buddying,
    }
}

fn what(liked: &Liked) -> String {
    match liked {
        Liked::Text(t) => t.clone(),
        Liked::Mapped { what, .. } => what.clone(),
    }
}

fn made(records: &Records, stem: &str) -> String {
    records
        .commitments
        .iter()
        .find(|c| c.id.stem() == stem)
        .map_or_else(
            || stem.to_owned(),
            |c| format!("{} on {}", c.vacuum.get_ref(), c.project.get_ref()),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::memory::tests::{commit, talk, team};

    #[test]
    fn the_timeline_holds_every_vacuum_rep_and_conversation_in_order() {
        let mut r = team();
        commit(
            &mut r,
            "alice",
            "sprint-planning@payments",
            "done",
            &[2, 3, 4],
            7,
        );
        commit(&mut r, "alice", "status-email@payments", "dropped", &[1], 0);
        commit(&mut r, "bob", "retros@web", "active", &[3], 0);
        talk(
            &mut r,
            "alice",
            "2026-01-05",
            &["sprint-planning"],
            &["slow"],
        );
        let stem = r.commitments[0].id.stem().to_owned();
        r.conversations[0].commitments = vec![toml::Spanned::new(0..1, stem)];
        let g = growth(&r, "alice");
        assert_eq!(g.name.as_deref(), Some("Alice"));
        assert_eq!(g.projects, ["payments"]);
        let order: Vec<&str> = g.taken_on.iter().map(|t| t.vacuum.as_str()).collect();
        assert_eq!(order, ["status-email", "sprint-planning"]);
        assert_eq!(g.taken_on[1].comforts(), [2, 3, 4]);
        assert_eq!(g.taken_on[1].title.as_deref(), Some("T"));
        assert_eq!(g.conversations[0].made, ["sprint-planning on payments"]);
        assert_eq!(g.conversations[0].liked, ["a sprint-planning"]);
        assert_eq!(
            g.totals(),
            Totals {
                taken_on: 2,
                done: 1,
                dropped: 1,
                reps: 4,
                conversations: 1
            }
        );
        assert!(growth(&r, "carol").is_empty());
    }
}
