//! Where a new commitment or check-in departs from the coaching method:
//! start with one vacuum; do the first reps with someone who has done it
//! before; fill what the project needs, on a project the person is on;
//! record reps that happened. Warnings, never refusals: the manager may
//! know better, and each says how to go on either way.

use super::{
    CommitmentStatus, Date, Records,
    memory::{buddies, filled_before, needed, openings, projects_of},
};

/// One departure from the method: what it is, and the way on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// What departs from the method, and what the method says.
    pub message: String,
    /// How to do it the method's way, or that it was recorded all the same.
    pub hint: String,
}

/// A commitment about to be recorded (or just recorded).
#[derive(Debug, Clone, Copy)]
pub struct Planned<'a> {
    /// Who fills the vacuum.
    pub person: &'a str,
    /// Which vacuum.
    pub vacuum: &'a str,
    /// On which project.
    pub project: &'a str,
    /// With whom.
    pub buddy: Option<&'a str>,
}

/// What the method says of `planned`, given the records before it and
/// the other commitments recorded in the same command (`alongside`, as
/// `(vacuum, project)`).
pub fn on_commitment(
    records: &Records,
    planned: Planned<'_>,
    alongside: &[(&str, &str)],
) -> Vec<Advice> {
    let mut out = Vec::new();
    let Planned {
        person,
        vacuum,
        project,
        buddy,
    } = planned;
    let mut active: Vec<String> = records
        .commitments
        .iter()
        .filter(|c| c.person.get_ref() == person && *c.status() == CommitmentStatus::Active)
        .filter(|c| !(c.vacuum.get_ref() == vacuum && c.project.get_ref() == project))
        .map(|c| format!("{} on {}", c.vacuum.get_ref(), c.project.get_ref()))
        .collect();
    active.extend(
        alongside
            .iter()
            .filter(|(v, p)| !(*v == vacuum && *p == project))
            .map(|(v, p)| format!("{v} on {p}")),
    );
    if !active.is_empty() {
        out.push(Advice {
            message: format!(
                "{person} already fills {}: the method starts with one vacuum at a time",
                active.join(", ")
            ),
            hint: format!(
                "recorded all the same; to keep to one, end the other with `mv done` or `mv drop` (`mv list --person {person}` shows the IDs), or take this back with `mv undo`"
            ),
        });
    }
    if let Some(buddy) = buddy {
        let has_done_it = records.commitments.iter().any(|c| {
            c.person.get_ref() == buddy && c.vacuum.get_ref() == vacuum && filled_before(c)
        });
        if !has_done_it {
            let who: Vec<String> = buddies(records, vacuum, Some(project), person)
                .into_iter()
                .filter(|b| b.reps > 0 || b.done > 0)
                .filter(|b| b.handle != buddy)
                .take(3)
                .map(|b| {
                    let s = if b.reps == 1 { "" } else { "s" };
                    format!("{} ({} rep{s})", b.handle, b.reps)
                })
                .collect();
            out.push(Advice {
                message: format!(
                    "{buddy} has no record of filling {vacuum}: a buddy is someone who has done it before"
                ),
                hint: if who.is_empty() {
                    "recorded all the same; nobody on record has filled it yet, so a first-timer buddy is the best there is".to_owned()
                } else {
                    format!(
                        "recorded all the same; on record, {} {} done it",
                        who.join(", "),
                        if who.len() == 1 { "has" } else { "have" }
                    )
                },
            });
        }
    }
    let theirs = projects_of(records, person);
    if !theirs.is_empty() && !theirs.iter().any(|p| p == project) {
        out.push(Advice {
            message: format!(
                "{person} is not on {project} (on record: {})",
                theirs.join(", ")
            ),
            hint: format!(
                "recorded all the same; if {person} works on it now, add it to `projects` with `mv person edit {person}`"
            ),
        });
    }
    if let Some(p) = records.projects.get(project)
        && !p.needs.is_empty()
        && !p.needs.iter().any(|n| n.get_ref() == vacuum)
    {
        out.push(Advice {
            message: format!("{project} does not list {vacuum} among the vacuums it needs"),
            hint: format!(
                "recorded all the same; if it needs it, add it to `needs` with `mv project edit {project}`"
            ),
        });
    }
    out
}

/// What the method says of a check-in dated `date` when it is `today`: a
/// rep is recorded once it happened.
pub fn on_checkin(date: Date, today: Date) -> Option<Advice> {
    (date > today).then(|| Advice {
        message: format!("this check-in is dated {date}, after today ({today})"),
        hint: "recorded all the same; a check-in records a rep that happened: `mv undo` takes it back, and `--date` sets the day".to_owned(),
    })
}

/// An example `mv log` line for `person` that names only what is on
/// record: a vacancy on their projects (else a need of any project), the
/// buddy the records suggest for it (else someone else on record), and
/// the placeholders `VACUUM@PROJECT` or `HANDLE` (as in the help) where
/// the tracker has none. A hint
/// that names people or projects the tracker does not have sends the
/// manager to type them.
pub fn log_example(records: &Records, person: &str, next: Date) -> String {
    let opening = openings(records, person).into_iter().next();
    let fill = match &opening {
        Some(o) => Some((o.vacuum.clone(), o.project.clone())),
        None => records
            .projects
            .values()
            .filter(|p| !p.is_archived())
            .find_map(|p| Some((needed(records, &p.slug).into_iter().next()?, p.slug.clone()))),
    };
    let buddy = opening
        .and_then(|o| o.buddies.into_iter().next().map(|b| b.handle))
        .or_else(|| {
            records
                .people
                .values()
                .find(|p| p.handle != person && !p.is_archived())
                .map(|p| p.handle.clone())
        })
        .unwrap_or_else(|| "HANDLE".to_owned());
    let (vacuum, project) = fill.unwrap_or_else(|| ("VACUUM".to_owned(), "PROJECT".to_owned()));
    format!(
        "mv log {person} --exemplar \"Foo project\" --liked \"what they liked={vacuum}\" --concern \"first attempts will be slow\" --fill {vacuum}@{project} --buddy {buddy} --next {next}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_in_after_today_is_advised_against_and_today_is_not() {
        let today = jiff::civil::date(2026, 12, 7);
        let tomorrow = jiff::civil::date(2026, 12, 8);
        assert!(on_checkin(today, today).is_none());
        let advice = on_checkin(tomorrow, today).expect("advice");
        assert!(advice.message.contains("2026-12-08"), "{advice:?}");
    }
}
