//! What the commitment commands share: checking and creating a new
//! commitment, and opening an existing one for a format-preserving edit.

use super::{lookup, records::read_for_edit};
use crate::{
    error::{Problems, hinted, user},
    git::Transaction,
    model::{Action, Cadence, Commitment, Date, Fill, IdSource, Settings, new_suffix},
    store::{Kind, RecordDoc, TRACKER_FILE, Tracker, parse_record},
};
use anyhow::Result;
use std::collections::HashSet;

/// A commitment about to be made.
#[derive(Debug, Clone)]
pub struct NewCommitment {
    pub person: String,
    pub vacuum: String,
    pub project: String,
    pub buddy: Option<String>,
    pub every: Option<Cadence>,
    pub started: Date,
    /// The conversation it comes from, if any (its ID).
    pub conversation: Option<String>,
}

/// Parses `VACUUM@PROJECT`.
pub fn parse_fill(spec: &str) -> Result<(String, String)> {
    match spec.split_once('@') {
        Some((v, p)) if !v.is_empty() && !p.is_empty() => Ok((v.to_owned(), p.to_owned())),
        _ => Err(user(format!(
            "--fill {spec:?} should be VACUUM@PROJECT, e.g. sprint-planning@payments"
        ))),
    }
}

/// The tracker's default check-in cadence (`checkin_every` in microvac.toml).
pub fn default_cadence(tracker: &Tracker) -> Cadence {
    std::fs::read_to_string(tracker.abs(TRACKER_FILE))
        .ok()
        .and_then(|t| parse_record::<Settings>(TRACKER_FILE, &t).ok())
        .and_then(|s| s.checkin_every)
        .unwrap_or(Cadence::DEFAULT)
}

fn active_person(tracker: &Tracker, handle: &str, what: &str) -> Result<()> {
    lookup::existing(tracker, Kind::Person, handle)?;
    let text = std::fs::read_to_string(tracker.abs(&Tracker::record_path(Kind::Person, handle)))
        .unwrap_or_default();
    if let Ok(p) = parse_record::<crate::model::Person>("", &text)
        && p.is_archived()
    {
        return Err(user(format!("{what} {handle} is archived")));
    }
    Ok(())
}

/// Checks a new commitment's references before anything is written.
pub fn check_new(tracker: &Tracker, new: &NewCommitment, existing: &[Commitment]) -> Result<()> {
    active_person(tracker, &new.person, "person")?;
    lookup::existing(tracker, Kind::Vacuum, &new.vacuum)?;
    lookup::existing(tracker, Kind::Project, &new.project)?;
    if let Some(buddy) = &new.buddy {
        if buddy == &new.person {
            return Err(hinted(
                format!("{buddy} cannot be their own buddy"),
                "a buddy is someone who has done it before, e.g. the tech lead",
            ));
        }
        active_person(tracker, buddy, "buddy")?;
    }
    if let Some(same) = existing.iter().find(|c| {
        !c.status().is_ended()
            && c.person.get_ref() == &new.person
            && c.vacuum.get_ref() == &new.vacuum
            && c.project.get_ref() == &new.project
    }) {
        return Err(hinted(
            format!(
                "{} already fills {} on {} (commitment {})",
                new.person,
                new.vacuum,
                new.project,
                same.suffix()
            ),
            format!(
                "check in on it with `mv checkin {} --note …`",
                same.suffix()
            ),
        ));
    }
    Ok(())
}

/// Every suffix in use, so a new one is unique in this clone too.
pub fn taken_suffixes(tracker: &Tracker) -> HashSet<String> {
    let mut taken = HashSet::new();
    lookup::each_commitment_file(tracker, |_, stem| {
        taken.insert(lookup::suffix(stem).to_owned());
    });
    taken
}

/// A fresh record suffix from who creates it, when, and what it is about.
pub fn fresh_suffix(author: &str, subject: &str, taken: &HashSet<String>) -> String {
    let nanos = crate::clock::now().timestamp().as_nanosecond();
    (0..)
        .map(|attempt| {
            new_suffix(&IdSource {
                author,
                nanos,
                subject,
                attempt,
            })
        })
        .find(|s| !taken.contains(s))
        .unwrap_or_default()
}

/// Writes a new commitment's file from the team's template; returns its
/// tracker-relative path, text and the [`Fill`] naming it.
pub fn create(
    tracker: &Tracker,
    author: &str,
    new: &NewCommitment,
    taken: &mut HashSet<String>,
    default_every: Cadence,
) -> (String, String, Fill) {
    let subject = format!("{} {} {}", new.person, new.vacuum, new.project);
    let suffix = fresh_suffix(author, &subject, taken);
    taken.insert(suffix.clone());
    let stem = format!("{}--{}-{suffix}", new.vacuum, new.project);
    let mut doc = super::records::template(tracker, Kind::Commitment);
    doc.set_str("person", &new.person)
        .set_str("vacuum", &new.vacuum)
        .set_str("project", &new.project)
        .set_str("status", "active")
        .set_date("started", new.started)
        .set_opt_str("buddy", new.buddy.as_deref())
        .set_opt_str("checkin_every", new.every.map(|c| c.to_string()).as_deref())
        .set_date(
            "next_checkin",
            new.every.unwrap_or(default_every).after(new.started),
        )
        .set_opt_str("conversation", new.conversation.as_deref());
    let fill = Fill {
        person: new.person.clone(),
        vacuum: new.vacuum.clone(),
        project: new.project.clone(),
        buddy: new.buddy.clone(),
        id: stem.clone(),
    };
    (
        Tracker::commitment_path(&new.person, &stem),
        doc.into_string(),
        fill,
    )
}

/// An existing commitment opened for editing.
pub struct Opened {
    pub rel: String,
    pub text: String,
    pub doc: RecordDoc,
    pub commitment: Commitment,
}

impl Opened {
    /// Writes the edited commitment back as one commit.
    pub fn save(self, tracker: &Tracker, tx: Transaction<'_>, action: &Action) -> Result<()> {
        super::record(
            tracker,
            tx,
            vec![(self.rel, Some(self.doc.into_string()))],
            action,
        )
    }

    pub fn fill(&self) -> Fill {
        let c = &self.commitment;
        Fill {
            person: c.person.get_ref().clone(),
            vacuum: c.vacuum.get_ref().clone(),
            project: c.project.get_ref().clone(),
            buddy: c
                .buddy
                .as_ref()
                .map(|b| b.get_ref().clone())
                .filter(|b| !b.is_empty()),
            id: c.stem.clone(),
        }
    }
}

/// Reads the commitment `id` for editing: refuses if the user has
/// uncommitted work on its file, and reports a broken file with its spot.
pub fn open(tracker: &Tracker, tx: &Transaction<'_>, id: &str) -> Result<Opened> {
    let found = lookup::commitment(tracker, id)?;
    let (text, doc) = read_for_edit(tracker, tx, &found.rel)?;
    let commitment = parse(tracker, &found.rel, &text)?;
    Ok(Opened {
        rel: found.rel,
        text,
        doc,
        commitment,
    })
}

/// Parses a commitment's text, with its stem and file set.
pub fn parse(tracker: &Tracker, rel: &str, text: &str) -> Result<Commitment> {
    let stem = rel
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".toml"))
        .unwrap_or_default()
        .to_owned();
    let c: Commitment =
        parse_record(&tracker.repo_path(rel), text).map_err(|p| Problems(vec![p]))?;
    Ok(Commitment {
        stem,
        file: rel.to_owned(),
        ..c
    })
}
