//! What the records remember about people and projects, for coaching:
//! who works where, which vacuums are vacant there, who has filled a
//! vacuum before (and so could buddy), and what a person liked. Pure
//! functions of [`Records`]; the commands decide how to show them.

use super::{Commitment, CommitmentStatus, Date, Records};
use std::cmp::Reverse;

/// Whether a commitment fills its vacuum on its project: someone is
/// doing it (active) or now does the job (done). A dropped one leaves the
/// vacuum vacant again.
pub fn fills(c: &Commitment) -> bool {
    matches!(
        c.status(),
        CommitmentStatus::Active | CommitmentStatus::Done
    )
}

/// Whether a commitment counts as having filled its vacuum before: done,
/// or at least one rep checked in (whatever became of it).
pub fn filled_before(c: &Commitment) -> bool {
    *c.status() == CommitmentStatus::Done || c.reps() > 0
}

/// The projects `person` works on: the `projects` of their file, else
/// those of their commitments, oldest first. Only projects on record and
/// not archived.
pub fn projects_of(records: &Records, person: &str) -> Vec<String> {
    let listed: Vec<&str> = records
        .people
        .get(person)
        .map(|p| p.projects.iter().map(|s| s.get_ref().as_str()).collect())
        .unwrap_or_default();
    let named: Vec<&str> = if listed.is_empty() {
        let mut theirs: Vec<&Commitment> = records
            .commitments
            .iter()
            .filter(|c| c.person.get_ref() == person)
            .collect();
        theirs.sort_by_key(|c| (c.started, c.id.stem()));
        theirs
            .iter()
            .map(|c| c.project.get_ref().as_str())
            .collect()
    } else {
        listed
    };
    let mut out: Vec<String> = Vec::new();
    for slug in named {
        let active = records.projects.get(slug).is_some_and(|p| !p.is_archived());
        if active && !out.iter().any(|o| o == slug) {
            out.push(slug.to_owned());
        }
    }
    out
}

/// The vacuums `project` needs, in its own order (or the catalog's when it
/// names none); archived and unknown vacuums left out.
pub fn needed(records: &Records, project: &str) -> Vec<String> {
    let Some(p) = records.projects.get(project) else {
        return Vec::new();
    };
    let active = |slug: &str| records.vacuums.get(slug).is_some_and(|v| !v.is_archived());
    if p.needs.is_empty() {
        return records
            .vacuums
            .keys()
            .filter(|v| active(v))
            .cloned()
            .collect();
    }
    p.needs
        .iter()
        .map(|n| n.get_ref().as_str())
        .filter(|v| active(v))
        .map(str::to_owned)
        .collect()
}

/// The vacuums `project` needs that nobody fills (no active or done
/// commitment to them there).
pub fn vacancies(records: &Records, project: &str) -> Vec<String> {
    needed(records, project)
        .into_iter()
        .filter(|v| {
            !records
                .commitments
                .iter()
                .any(|c| fills(c) && c.project.get_ref() == project && c.vacuum.get_ref() == v)
        })
        .collect()
}

/// The vacuums `person` said they liked about an exemplar project (mapped
/// ones), latest conversation first, each once.
pub fn liked_vacuums(records: &Records, person: &str) -> Vec<String> {
    let mut theirs: Vec<_> = records
        .conversations
        .iter()
        .filter(|c| c.person.get_ref() == person)
        .collect();
    theirs.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    let mut out: Vec<String> = Vec::new();
    for liked in theirs.iter().flat_map(|c| &c.liked) {
        if let Some(v) = liked.get_ref().vacuum()
            && !out.iter().any(|o| o == v)
        {
            out.push(v.to_owned());
        }
    }
    out
}

/// Whether `person` has filled `vacuum` before, on any project.
pub fn has_filled(records: &Records, person: &str, vacuum: &str) -> bool {
    records
        .commitments
        .iter()
        .any(|c| c.person.get_ref() == person && c.vacuum.get_ref() == vacuum && filled_before(c))
}

/// Someone who could buddy a person on a vacuum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buddy {
    /// Their handle.
    pub handle: String,
    /// Reps they checked in on this vacuum, all projects together.
    pub reps: usize,
    /// The comfort of their latest rep on it that gave one.
    pub last_comfort: Option<i64>,
    /// How many of their commitments to it are done.
    pub done: usize,
    /// The project they are the tech lead of, when suggested (also) as that.
    pub lead_of: Option<String>,
}

impl Buddy {
    /// Whether they have filled the vacuum before (not only a tech lead).
    pub fn experienced(&self) -> bool {
        self.reps > 0 || self.done > 0
    }
}

/// Who could buddy `person` on `vacuum` (on `project`): everyone active who
/// has filled it before, most reps and highest last comfort first; then
/// the project's tech lead (a person on the project whose role names a
/// lead), where recorded.
pub fn buddies(records: &Records, vacuum: &str, project: Option<&str>, person: &str) -> Vec<Buddy> {
    let mut out: Vec<Buddy> = Vec::new();
    for p in records.people.values() {
        if p.handle == person || p.is_archived() {
            continue;
        }
        let theirs: Vec<&Commitment> = records
            .commitments
            .iter()
            .filter(|c| c.person.get_ref() == &p.handle && c.vacuum.get_ref() == vacuum)
            .filter(|c| filled_before(c))
            .collect();
        if theirs.is_empty() {
            continue;
        }
        let last_comfort = theirs
            .iter()
            .flat_map(|c| &c.checkins)
            .filter_map(|k| Some((k.date, k.comfort()?)))
            .max_by_key(|(date, _)| *date)
            .map(|(_, comfort)| comfort);
        out.push(Buddy {
            handle: p.handle.clone(),
            reps: theirs.iter().map(|c| c.reps()).sum(),
            last_comfort,
            done: theirs
                .iter()
                .filter(|c| *c.status() == CommitmentStatus::Done)
                .count(),
            lead_of: None,
        });
    }
    out.sort_by_key(|b| (Reverse(b.reps), Reverse(b.last_comfort), Reverse(b.done)));
    if let Some(project) = project {
        add_tech_leads(records, project, person, &mut out);
    }
    out
}

fn add_tech_leads(records: &Records, project: &str, person: &str, out: &mut Vec<Buddy>) {
    for p in records.people.values() {
        let lead = p
            .role
            .as_deref()
            .is_some_and(|r| r.to_lowercase().contains("lead"));
        if !lead || p.handle == person || p.is_archived() {
            continue;
        }
        if !projects_of(records, &p.handle).iter().any(|x| x == project) {
            continue;
        }
        match out.iter_mut().find(|b| b.handle == p.handle) {
            Some(known) => known.lead_of = Some(project.to_owned()),
            None => out.push(Buddy {
                handle: p.handle.clone(),
                reps: 0,
                last_comfort: None,
                done: 0,
                lead_of: Some(project.to_owned()),
            }),
        }
    }
}

/// A vacant vacuum on one of a person's projects: something they could
/// volunteer to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// The project.
    pub project: String,
    /// The vacuum nobody fills there.
    pub vacuum: String,
    /// Whether they said they liked it about an exemplar project.
    pub liked: bool,
    /// Whether they have filled it before (anywhere).
    pub filled_before: bool,
    /// Who could buddy them on it.
    pub buddies: Vec<Buddy>,
    /// Their earlier commitments to it that ended dropped, oldest first.
    pub dropped: Vec<Dropped>,
}

/// A commitment to a vacuum that a person stepped back from: when, on
/// which project, and why (when they said).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Its ID, as a user types it.
    pub id: String,
    /// On which project.
    pub project: String,
    /// When it ended, where recorded.
    pub ended: Option<Date>,
    /// Why, where recorded.
    pub why: Option<String>,
}

impl Dropped {
    /// In a few words: `dropped 2026-11-01 on web: team reorg`.
    pub fn describe(&self) -> String {
        let mut out = "dropped".to_owned();
        if let Some(ended) = self.ended {
            out.push_str(&format!(" {ended}"));
        }
        out.push_str(&format!(" on {}", self.project));
        if let Some(why) = self.why.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            out.push_str(&format!(": {why}"));
        }
        out
    }
}

/// The commitments of `person` to `vacuum` (on any project) that ended
/// dropped, oldest first: a suggestion of it again should say so, and why.
pub fn dropped_before(records: &Records, person: &str, vacuum: &str) -> Vec<Dropped> {
    let mut theirs: Vec<&Commitment> = records
        .commitments
        .iter()
        .filter(|c| c.person.get_ref() == person && c.vacuum.get_ref() == vacuum)
        .filter(|c| *c.status() == CommitmentStatus::Dropped)
        .collect();
    theirs.sort_by_key(|c| (c.ended.unwrap_or(c.started), c.started, c.id.stem()));
    theirs
        .into_iter()
        .map(|c| Dropped {
            id: c.id.short().to_owned(),
            project: c.project.get_ref().clone(),
            ended: c.ended,
            why: c.why.clone(),
        })
        .collect()
}

/// The vacant vacuums on `person`'s projects, liked ones first, then in
/// the order of their projects and of each project's needs.
pub fn openings(records: &Records, person: &str) -> Vec<Opening> {
    let liked = liked_vacuums(records, person);
    let mut out: Vec<Opening> = projects_of(records, person)
        .into_iter()
        .flat_map(|project| {
            vacancies(records, &project)
                .into_iter()
                .map(move |vacuum| (project.clone(), vacuum))
        })
        .map(|(project, vacuum)| Opening {
            liked: liked.contains(&vacuum),
            filled_before: has_filled(records, person, &vacuum),
            buddies: buddies(records, &vacuum, Some(&project), person),
            dropped: dropped_before(records, person, &vacuum),
            project,
            vacuum,
        })
        .collect();
    out.sort_by_key(|o| !o.liked);
    out
}

/// What to suggest `person` takes on next: the openings on their projects
/// they have not filled before, liked ones first.
pub fn suggestions(records: &Records, person: &str) -> Vec<Opening> {
    openings(records, person)
        .into_iter()
        .filter(|o| !o.filled_before)
        .collect()
}

#[cfg(test)]
#[path = "memory_tests.rs"]
pub(crate) mod tests;
