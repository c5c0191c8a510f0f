//! A fixed week of coaching, as a command would gather it for `mv report`:
//! shared by the report tests (text formats) and the browser test (HTML).

use jiff::civil::date;
use microvac::render::report::{
    ConversationHeld, Ended, NewCommitment, PersonSummary, Rep, ReportView, VacantOnProject,
};

/// A note with markup in it: it must show as text, never run.
pub const HOSTILE_NOTE: &str = "<script>alert('x')</script> sent on time";

/// The week of 2026-11-17 to 2026-11-23 on the Payments & Search team.
pub fn week() -> ReportView {
    ReportView {
        team: "Payments & Search".into(),
        since: date(2026, 11, 17),
        until: date(2026, 11, 23),
        project: None,
        new_commitments: vec![
            NewCommitment {
                id: "k3f9xq".into(),
                person: "alice".into(),
                vacuum: "sprint-planning".into(),
                project: "payments".into(),
                buddy: Some("bob".into()),
                started: date(2026, 11, 18),
            },
            NewCommitment {
                id: "m2p7ra".into(),
                person: "zoe".into(),
                vacuum: "status-email".into(),
                project: "search".into(),
                buddy: None,
                started: date(2026, 11, 20),
            },
        ],
        reps: vec![
            rep(
                "alice",
                "sprint-planning",
                "payments",
                18,
                1,
                Some(2),
                Some("Nervous, but the board was ready"),
            ),
            rep(
                "carol",
                "status-email",
                "search",
                19,
                4,
                Some(4),
                Some(HOSTILE_NOTE),
            ),
            rep(
                "alice",
                "sprint-planning",
                "payments",
                21,
                2,
                Some(3),
                Some("Ran it with bob;\nwent better than feared"),
            ),
            rep("zoe", "all-hands", "payments", 22, 1, None, None),
        ],
        finished: vec![ended(
            "carol",
            "status-email",
            "search",
            20,
            4,
            Some(4),
            Some("Handing it to zoe to grow"),
        )],
        dropped: vec![ended(
            "dave",
            "all-hands",
            "search",
            21,
            1,
            Some(1),
            Some("Launch crunch; will retry in Q1"),
        )],
        conversations: vec![
            ConversationHeld {
                id: "2026-11-18-alice-7hq2".into(),
                date: date(2026, 11, 18),
                person: "alice".into(),
                manager: Some("Erin Manager".into()),
                exemplar: Some("Apollo".into()),
                commitments: 1,
            },
            ConversationHeld {
                id: "2026-11-20-zoe-c81k".into(),
                date: date(2026, 11, 20),
                person: "zoe".into(),
                manager: Some("Erin Manager".into()),
                exemplar: None,
                commitments: 1,
            },
        ],
        vacant: vec![
            VacantOnProject {
                project: "payments".into(),
                vacuums: vec!["status-email".into(), "roadmap".into()],
            },
            VacantOnProject {
                project: "search".into(),
                vacuums: vec!["sprint-planning".into(), "all-hands".into()],
            },
        ],
        people: vec![
            person("alice", Some("Alice Liddell"), 2, &[2, 3]),
            person("carol", Some("Carol Quinn"), 1, &[4]),
            person("zoe", Some("Zoë Ünal"), 1, &[]),
        ],
    }
}

/// The same period with nothing in it.
pub fn quiet_week() -> ReportView {
    ReportView {
        new_commitments: vec![],
        reps: vec![],
        finished: vec![],
        dropped: vec![],
        conversations: vec![],
        vacant: vec![],
        people: vec![],
        ..week()
    }
}

fn rep(
    person: &str,
    vacuum: &str,
    project: &str,
    day: i8,
    number: usize,
    comfort: Option<i64>,
    note: Option<&str>,
) -> Rep {
    Rep {
        commitment: format!("{vacuum}-{person}"),
        person: person.into(),
        vacuum: vacuum.into(),
        project: project.into(),
        date: date(2026, 11, day),
        number,
        comfort,
        note: note.map(Into::into),
    }
}

fn ended(
    person: &str,
    vacuum: &str,
    project: &str,
    day: i8,
    reps: usize,
    last_comfort: Option<i64>,
    why: Option<&str>,
) -> Ended {
    Ended {
        id: format!("{vacuum}-{person}"),
        person: person.into(),
        vacuum: vacuum.into(),
        project: project.into(),
        started: date(2026, 10, 1),
        ended: date(2026, 11, day),
        reps,
        last_comfort,
        why: why.map(Into::into),
    }
}

fn person(handle: &str, name: Option<&str>, reps: usize, comforts: &[i64]) -> PersonSummary {
    PersonSummary {
        person: handle.into(),
        name: name.map(Into::into),
        reps,
        comforts: comforts.to_vec(),
    }
}
