//! What a change does, in the coaching domain, and the commit message it
//! gets: a plain-words subject that reads as a coaching log, an optional
//! body, and `Microvac-*` trailers for `git log --grep` and
//! `git log --format=%(trailers)`. Every message is built here.

use super::{CommitmentId, Kind};
use std::fmt::Write;

/// One change microvac records as one commit.
#[derive(Debug, Clone)]
pub enum Action {
    /// `mv init`.
    Init {
        /// The team's name.
        team: String,
    },
    /// A person, project or vacuum added.
    Add {
        /// What kind of record.
        kind: Kind,
        /// The file stem: the slug.
        slug: String,
        /// Display name.
        name: Option<String>,
    },
    /// One edited.
    Update {
        /// What kind of record.
        kind: Kind,
        /// The file stem: the slug.
        slug: String,
        /// The fields changed.
        fields: Vec<String>,
    },
    /// One archived.
    Archive {
        /// What kind of record.
        kind: Kind,
        /// The file stem: the slug.
        slug: String,
    },
    /// A 1:1 logged.
    Log {
        /// Who.
        person: String,
        /// "The best run project you've ever seen."
        exemplar: Option<String>,
        /// The commitments made in it.
        fills: Vec<Fill>,
    },
    /// A follow-up 1:1 (`mv coach` with history): how the reps went, the
    /// vacuums now filled, the next one taken on.
    FollowUp {
        /// Who.
        person: String,
        /// The open commitments it recorded something on (a rep, the
        /// buddy's part), the done ones included.
        reviewed: Vec<Fill>,
        /// Those it found filled (done).
        done: Vec<Fill>,
        /// The commitments made in it.
        fills: Vec<Fill>,
    },
    /// A commitment made.
    Fill(Fill),
    /// A rep.
    Checkin {
        /// The commitment.
        fill: Fill,
        /// Which rep this is.
        rep: usize,
        /// How comfortable it felt, 1 to 5.
        comfort: Option<i64>,
    },
    /// Filled: the person now does the job.
    Done {
        /// The commitment.
        fill: Fill,
        /// How many reps were checked in.
        reps: usize,
    },
    /// A commitment dropped.
    Drop {
        /// The commitment.
        fill: Fill,
        /// Why it ended.
        why: String,
    },
    /// A commitment taken up again.
    Reopen {
        /// The commitment.
        fill: Fill,
    },
    /// A commitment edited.
    EditCommitment {
        /// The commitment.
        fill: Fill,
    },
    /// `mv init` in a tracker without the merge driver's `.gitattributes`.
    MergeDriver,
    /// `mv init` in a tracker whose editors' schemas are missing or older
    /// than this microvac's.
    Schemas,
    /// `mv undo` or `mv redo`: one commit of this clone's undo stack
    /// reverted (a redo reverts an undo).
    Undo {
        /// The subject of the commit reverted.
        of: String,
        /// Its full id.
        commit: String,
        /// Its `Microvac-*` trailers other than `Action`, kept so history
        /// about a person or commitment shows the undo too.
        also: Vec<(String, String)>,
    },
}

/// A commitment as messages name it.
#[derive(Debug, Clone)]
pub struct Fill {
    /// Who.
    pub person: String,
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    /// Someone who has done it before, to do the first reps with.
    pub buddy: Option<String>,
    /// Which commitment.
    pub id: CommitmentId,
}

/// `1st`, `2nd`, `3rd`, `4th`, … `11th`, `21st`.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Action {
    /// The `Microvac-Action` trailer value.
    pub fn name(&self) -> String {
        match self {
            Action::Init { .. } => "init".into(),
            Action::Add { kind, .. } => format!("{kind}-add"),
            Action::Update { kind, .. } => format!("{kind}-edit"),
            Action::Archive { kind, .. } => format!("{kind}-archive"),
            Action::Log { .. } => "log".into(),
            Action::FollowUp { .. } => "follow-up".into(),
            Action::Fill(_) => "fill".into(),
            Action::Checkin { .. } => "checkin".into(),
            Action::Done { .. } => "done".into(),
            Action::Drop { .. } => "drop".into(),
            Action::Reopen { .. } => "reopen".into(),
            Action::EditCommitment { .. } => "edit".into(),
            Action::MergeDriver => "merge-driver".into(),
            Action::Schemas => "schemas".into(),
            Action::Undo { .. } => "undo".into(),
        }
    }

    /// The one-line subject, in plain words.
    pub fn subject(&self) -> String {
        one_line(&self.raw_subject())
    }

    fn raw_subject(&self) -> String {
        match self {
            Action::Init { team } if team.is_empty() => "start the microvac tracker".into(),
            Action::Init { team } => format!("start the microvac tracker for {team}"),
            Action::Add { kind, slug, name } => match name {
                Some(name) if name != slug => format!("add {kind} {slug} ({name})"),
                _ => format!("add {kind} {slug}"),
            },
            Action::Update { kind, slug, fields } if fields.is_empty() => {
                format!("edit {kind} {slug}")
            }
            Action::Update { kind, slug, fields } => {
                format!("edit {kind} {slug}: {}", fields.join(", "))
            }
            Action::Archive { kind, slug } => format!("archive {kind} {slug}"),
            Action::Log {
                person,
                exemplar,
                fills,
            } => {
                let mut s = format!("1:1 with {person}");
                if let Some(ex) = exemplar {
                    let _ = write!(s, " about {ex:?}");
                }
                match fills.as_slice() {
                    [] => {}
                    [one] => {
                        let _ = write!(s, "; commits to {} on {}", one.vacuum, one.project);
                    }
                    many => {
                        let _ = write!(s, "; {} commitments", many.len());
                    }
                }
                s
            }
            Action::FollowUp {
                person,
                reviewed,
                done,
                fills,
            } => follow_up_subject(person, reviewed, done, fills),
            Action::Fill(f) => {
                let mut s = format!("{} commits to {} on {}", f.person, f.vacuum, f.project);
                if let Some(b) = &f.buddy {
                    let _ = write!(s, " with {b} as buddy");
                }
                s
            }
            Action::Checkin {
                fill: f,
                rep,
                comfort,
            } => {
                let mut s = format!(
                    "{}: {} rep of {} on {}",
                    f.person,
                    ordinal(*rep),
                    f.vacuum,
                    f.project
                );
                if let Some(c) = comfort {
                    let _ = write!(s, ", comfort {c}/5");
                }
                s
            }
            Action::Done { fill: f, reps } => format!(
                "{} has filled {} on {} ({reps} rep{})",
                f.person,
                f.vacuum,
                f.project,
                if *reps == 1 { "" } else { "s" }
            ),
            Action::Drop { fill: f, .. } => {
                format!(
                    "{} steps back from {} on {}, for now",
                    f.person, f.vacuum, f.project
                )
            }
            Action::Reopen { fill: f } => {
                format!("{} picks {} on {} up again", f.person, f.vacuum, f.project)
            }
            Action::EditCommitment { fill: f } => {
                format!(
                    "edit {}'s commitment to {} on {}",
                    f.person, f.vacuum, f.project
                )
            }
            Action::MergeDriver => {
                "merge tracker records field by field (the microvac merge driver)".into()
            }
            Action::Schemas => "bring the editors' schemas of the records up to date".into(),
            Action::Undo { of, .. } => undo_subject(of),
        }
    }

    fn body(&self) -> Option<String> {
        match self {
            Action::Drop { why, .. } => Some(format!(
                "Why: {}\n\nDropping is allowed: what was learned stays on record.",
                one_line(why)
            )),
            Action::Log { fills, .. } | Action::FollowUp { fills, .. } if fills.len() > 1 => Some(
                fills
                    .iter()
                    .map(|f| format!("- commits to {} on {}", f.vacuum, f.project))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Action::Undo { commit, .. } => Some(format!("This reverts commit {commit}.")),
            _ => None,
        }
    }

    fn trailers(&self) -> Vec<(&'static str, String)> {
        let mut t = vec![("Microvac-Action", self.name())];
        let fill_trailers = |t: &mut Vec<(&'static str, String)>, f: &Fill| {
            t.push(("Microvac-Person", f.person.clone()));
            t.push(("Microvac-Project", f.project.clone()));
            t.push(("Microvac-Vacuum", f.vacuum.clone()));
            if let Some(b) = &f.buddy {
                t.push(("Microvac-Buddy", b.clone()));
            }
            t.push(("Microvac-Commitment", f.id.to_string()));
        };
        match self {
            Action::Init { .. } | Action::MergeDriver | Action::Schemas => {}
            Action::Undo { commit, also, .. } => {
                t.push(("Microvac-Reverts", commit.clone()));
                for (key, value) in also {
                    if let Some(key) = UNDO_KEEPS.iter().find(|k| **k == key) {
                        t.push((key, one_line(value)));
                    }
                }
            }
            Action::Add { kind, slug, .. }
            | Action::Update { kind, slug, .. }
            | Action::Archive { kind, slug } => {
                t.push((kind.trailer(), slug.clone()));
            }
            Action::Log { person, fills, .. } => {
                t.push(("Microvac-Person", person.clone()));
                for f in fills {
                    t.push(("Microvac-Project", f.project.clone()));
                    t.push(("Microvac-Vacuum", f.vacuum.clone()));
                    if let Some(b) = &f.buddy {
                        t.push(("Microvac-Buddy", b.clone()));
                    }
                    t.push(("Microvac-Commitment", f.id.to_string()));
                }
            }
            Action::FollowUp {
                person,
                reviewed,
                fills,
                ..
            } => {
                t.push(("Microvac-Person", person.clone()));
                for f in reviewed.iter().chain(fills) {
                    t.push(("Microvac-Project", f.project.clone()));
                    t.push(("Microvac-Vacuum", f.vacuum.clone()));
                    if let Some(b) = &f.buddy {
                        t.push(("Microvac-Buddy", b.clone()));
                    }
                    t.push(("Microvac-Commitment", f.id.to_string()));
                }
            }
            Action::Fill(f)
            | Action::Checkin { fill: f, .. }
            | Action::Done { fill: f, .. }
            | Action::Drop { fill: f, .. }
            | Action::Reopen { fill: f }
            | Action::EditCommitment { fill: f } => fill_trailers(&mut t, f),
        }
        t
    }

    /// The full commit message. Free text (names, reasons) is folded onto
    /// one line first, so it can never end the body early or pass for a
    /// trailer.
    pub fn message(&self) -> String {
        let mut msg = self.subject();
        msg.push_str("\n\n");
        if let Some(body) = self.body() {
            for line in body.lines() {
                msg.push_str(&one_line(line));
                msg.push('\n');
            }
            msg.push('\n');
        }
        for (key, value) in self.trailers() {
            let _ = writeln!(msg, "{key}: {value}");
        }
        msg
    }
}

/// `follow-up 1:1 with alice: sprint-planning on payments filled; commits
/// to status-email on payments`.
fn follow_up_subject(person: &str, reviewed: &[Fill], done: &[Fill], fills: &[Fill]) -> String {
    let mut parts: Vec<String> = done
        .iter()
        .map(|f| format!("{} on {} filled", f.vacuum, f.project))
        .collect();
    match fills {
        [] => {}
        [one] => parts.push(format!("commits to {} on {}", one.vacuum, one.project)),
        many => parts.push(format!("{} commitments", many.len())),
    }
    if parts.is_empty() && !reviewed.is_empty() {
        parts.push("reps reviewed".to_owned());
    }
    match parts.as_slice() {
        [] => format!("follow-up 1:1 with {person}"),
        _ => format!("follow-up 1:1 with {person}: {}", parts.join("; ")),
    }
}

/// The trailers an undo keeps from the commit it reverts.
const UNDO_KEEPS: &[&str] = &[
    "Microvac-Person",
    "Microvac-Project",
    "Microvac-Vacuum",
    "Microvac-Buddy",
    "Microvac-Commitment",
];

/// The subject of an undo: `undo: <what>`; undoing an undo is a redo,
/// and undoing a redo an undo again.
fn undo_subject(of: &str) -> String {
    if let Some(rest) = of.strip_prefix("undo: ") {
        format!("redo: {rest}")
    } else if let Some(rest) = of.strip_prefix("redo: ") {
        format!("undo: {rest}")
    } else {
        format!("undo: {of}")
    }
}

/// `text` on one line: every run of hidden characters (control
/// characters, newlines included; bidi controls and zero-width characters,
/// which would turn a subject around in `git log`: see
/// [`is_hidden`](super::text::is_hidden)) becomes one space.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if super::text::is_hidden(c) {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill() -> Fill {
        Fill {
            person: "alice".into(),
            vacuum: "sprint-planning".into(),
            project: "payments".into(),
            buddy: Some("bob".into()),
            id: CommitmentId::new("sprint-planning--payments-k3f9xq"),
        }
    }

    #[test]
    fn checkin_reads_as_a_coaching_log() {
        let a = Action::Checkin {
            fill: fill(),
            rep: 2,
            comfort: Some(3),
        };
        assert_eq!(
            a.subject(),
            "alice: 2nd rep of sprint-planning on payments, comfort 3/5"
        );
        insta::assert_snapshot!(a.message(), @r"
        alice: 2nd rep of sprint-planning on payments, comfort 3/5

        Microvac-Action: checkin
        Microvac-Person: alice
        Microvac-Project: payments
        Microvac-Vacuum: sprint-planning
        Microvac-Buddy: bob
        Microvac-Commitment: sprint-planning--payments-k3f9xq
        ");
    }

    #[test]
    fn a_follow_up_names_what_was_filled_and_what_comes_next() {
        let next = Fill {
            vacuum: "status-email".into(),
            buddy: None,
            id: CommitmentId::new("status-email--payments-m2p8rt"),
            ..fill()
        };
        let a = Action::FollowUp {
            person: "alice".into(),
            reviewed: vec![fill()],
            done: vec![fill()],
            fills: vec![next],
        };
        insta::assert_snapshot!(a.message(), @r"
        follow-up 1:1 with alice: sprint-planning on payments filled; commits to status-email on payments

        Microvac-Action: follow-up
        Microvac-Person: alice
        Microvac-Project: payments
        Microvac-Vacuum: sprint-planning
        Microvac-Buddy: bob
        Microvac-Commitment: sprint-planning--payments-k3f9xq
        Microvac-Project: payments
        Microvac-Vacuum: status-email
        Microvac-Commitment: status-email--payments-m2p8rt
        ");
        let quiet = Action::FollowUp {
            person: "alice".into(),
            reviewed: Vec::new(),
            done: Vec::new(),
            fills: Vec::new(),
        };
        assert_eq!(quiet.subject(), "follow-up 1:1 with alice");
    }

    #[test]
    fn free_text_cannot_forge_a_trailer() {
        let a = Action::Drop {
            fill: fill(),
            why: "x\n\nMicrovac-Person: mallory".into(),
        };
        let msg = a.message();
        assert!(msg.contains("Why: x Microvac-Person: mallory\n"), "{msg}");
        assert!(
            !msg.lines().any(|l| l == "Microvac-Person: mallory"),
            "{msg}"
        );
        let add = Action::Add {
            kind: Kind::Project,
            slug: "p".into(),
            name: Some("P\n\nMicrovac-Action: drop".into()),
        };
        assert!(!add.message().lines().any(|l| l == "Microvac-Action: drop"));
    }

    #[test]
    fn an_undo_names_what_it_reverts_and_undoing_it_is_a_redo() {
        let undo = Action::Undo {
            of: "alice: 1st rep of sprint-planning on payments".into(),
            commit: "0123abcd".into(),
            also: vec![
                ("Microvac-Action".into(), "checkin".into()),
                ("Microvac-Person".into(), "alice".into()),
                (
                    "Microvac-Commitment".into(),
                    "sprint-planning--payments-k3f9xq".into(),
                ),
            ],
        };
        insta::assert_snapshot!(undo.message(), @r"
        undo: alice: 1st rep of sprint-planning on payments

        This reverts commit 0123abcd.

        Microvac-Action: undo
        Microvac-Reverts: 0123abcd
        Microvac-Person: alice
        Microvac-Commitment: sprint-planning--payments-k3f9xq
        ");
        let redo = Action::Undo {
            of: undo.subject(),
            commit: "4567".into(),
            also: Vec::new(),
        };
        assert_eq!(
            redo.subject(),
            "redo: alice: 1st rep of sprint-planning on payments"
        );
        let again = Action::Undo {
            of: redo.subject(),
            commit: "89ab".into(),
            also: Vec::new(),
        };
        assert_eq!(again.subject(), undo.subject());
    }

    #[test]
    fn a_subject_holds_no_bidi_or_zero_width_character() {
        assert_eq!(
            one_line("Alice\u{202e}ecilA\u{200b}\u{2066} x\r\ny"),
            "Alice ecilA  x y"
        );
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .map(ordinal)
            .into();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }
}
