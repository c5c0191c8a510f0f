//! What the engineer takes on and with whom: the vacant vacuums on their
//! projects (liked ones first, those they have never filled marked), and
//! a buddy from the records (who has filled it before, most reps and
//! highest comfort first; the project's tech lead).

use super::{
    candidates::{Asking, Felt, Pick, choose},
    draft::Draft,
};
use crate::error::Result;
use crate::{
    commands::suggest::describe,
    model::{
        Cadence, Date, Liked, Records, closest,
        memory::{Opening, buddies, dropped_before, has_filled, needed, openings, projects_of},
    },
    prompt,
};

/// Which vacuum they start with, vacant ones first (those they liked
/// first of all), else what their projects need; `None` for a conversation
/// without a commitment, the last choice, and the only one when nothing is
/// vacant or needed.
pub(super) fn ask_start(
    records: &Records,
    person: &str,
    liked: &[Liked],
    picked_before: Option<&str>,
    felt: &mut Vec<Felt>,
) -> Result<Option<(String, String)>> {
    let said: Vec<&str> = liked.iter().filter_map(Liked::vacuum).collect();
    let mut open = openings(records, person);
    for o in &mut open {
        o.liked |= said.contains(&o.vacuum.as_str());
    }
    open.sort_by_key(|o| !o.liked);
    if open.is_empty() {
        open = not_vacant_but_needed(records, person)?;
    }
    prompt::say(
        "3. Each of those is someone leading in a small way. Where their project lacks one, there is a micro-vacuum they could fill.",
    );
    if open.is_empty() {
        prompt::say(
            "   Nothing is vacant or needed on their projects that they do not fill already: the conversation can be recorded without a commitment (add needs with `mv project edit SLUG --needs …`, then `mv fill`).",
        );
    }
    let asking = Asking {
        question: "   Which one will they start with?",
        help: "the script: start with one, the most comfortable one",
        none: "no commitment this time (record the conversation only)",
        picked_before,
    };
    let chosen = choose(open, person, &asking, felt)?;
    Ok(chosen.map(|o| (o.project, o.vacuum)))
}

/// Which vacuum they take on next, in a follow-up: the vacant ones on
/// their projects, liked ones first (what they liked in any conversation),
/// else what their projects need; or none for now.
pub(super) fn ask_next(
    records: &Records,
    person: &str,
    picked_before: Option<&str>,
    felt: &mut Vec<Felt>,
) -> Result<Option<(String, String)>> {
    if projects_of(records, person).is_empty() {
        prompt::say(&format!(
            "   {person} is on no project (set it with `mv person edit {person} --project SLUG`): no next vacuum to offer."
        ));
        return Ok(None);
    }
    let mut open = openings(records, person);
    if open.is_empty() {
        open = not_vacant_but_needed(records, person)?;
    }
    if open.is_empty() {
        prompt::say("   Nothing is vacant or needed on their projects: no next vacuum to offer.");
        return Ok(None);
    }
    let asking = Asking {
        question: "Which vacuum is next?",
        help: "liked ones first; the script: one at a time, the most comfortable one",
        none: "none for now",
        picked_before,
    };
    let chosen = choose(open, person, &asking, felt)?;
    Ok(chosen.map(|o| (o.project, o.vacuum)))
}

/// Nothing vacant on their projects (or no project known): the needs of
/// one of their projects (asked for when none is known) that they do not
/// fill themselves yet.
fn not_vacant_but_needed(records: &Records, person: &str) -> Result<Vec<Opening>> {
    let mut projects = projects_of(records, person);
    if projects.is_empty() {
        let active: Vec<String> = records
            .projects
            .values()
            .filter(|p| !p.is_archived())
            .map(|p| p.slug.clone())
            .collect();
        if active.is_empty() {
            prompt::say(
                "   There is no project on record to fill a vacuum on (add one with `mv project add SLUG --needs sprint-planning,status-email`).",
            );
            return Ok(Vec::new());
        }
        prompt::say(&format!(
            "   {person} is on no project yet (set it with `mv person edit {person} --project SLUG`)."
        ));
        projects = vec![prompt::select(
            "   Which project do they work on?",
            "type to filter",
            active,
        )?];
    } else {
        prompt::say("   Nothing is vacant on their projects; these are what the projects need:");
    }
    let own = |v: &str, p: &str| {
        records.commitments.iter().any(|c| {
            c.person.get_ref() == person
                && c.vacuum.get_ref() == v
                && c.project.get_ref() == p
                && !c.status().is_ended()
        })
    };
    Ok(projects
        .iter()
        .flat_map(|p| needed(records, p).into_iter().map(move |v| (p.clone(), v)))
        .filter(|(p, v)| !own(v, p))
        .map(|(project, vacuum)| Opening {
            liked: false,
            filled_before: has_filled(records, person, &vacuum),
            buddies: buddies(records, &vacuum, Some(&project), person),
            dropped: dropped_before(records, person, &vacuum),
            project,
            vacuum,
        })
        .collect())
}

/// Who does the first reps with them and when the first rep is (asked as
/// `question`, one cadence from today unless a draft kept a date), each
/// kept in the draft as soon as it is answered (`kept`: its buddy and
/// first check-in), so Esc at the date keeps the buddy.
pub(super) fn ask_buddy_and_first_rep(
    records: &Records,
    person: &str,
    taken: (&str, &str),
    question: &str,
    (today, every): (Date, Cadence),
    resumed: (Option<&str>, Option<&str>),
    kept: (&mut Option<String>, &mut Option<String>),
) -> Result<(Option<String>, Date)> {
    let buddy = ask_buddy(records, person, taken, resumed.0)?;
    *kept.0 = Some(buddy.clone().unwrap_or_default());
    let first_checkin = prompt::date(
        question,
        Draft::date_of(resumed.1, today).unwrap_or_else(|| every.after(today)),
        today,
    )?;
    *kept.1 = Some(first_checkin.to_string());
    Ok((buddy, first_checkin))
}

/// Who does the first reps with them: someone from the list, someone
/// typed (an empty handle goes back to the list), or no buddy for now.
pub(super) fn ask_buddy(
    records: &Records,
    person: &str,
    (project, vacuum): (&str, &str),
    picked_before: Option<&str>,
) -> Result<Option<String>> {
    let found = buddies(records, vacuum, Some(project), person);
    if found.is_empty() {
        prompt::say(&format!(
            "   Nobody on record has filled {vacuum} before; the tech lead is often a good buddy."
        ));
    }
    loop {
        let mut options: Vec<Pick<Option<Option<String>>>> = found
            .iter()
            .map(|b| Pick {
                label: describe(b),
                value: Some(Some(b.handle.clone())),
            })
            .collect();
        options.push(Pick {
            label: "someone else (type their handle)".to_owned(),
            value: None,
        });
        options.push(Pick {
            label: "no buddy for now".to_owned(),
            value: Some(None),
        });
        // A draft's pick first: a handle, or empty for none.
        match picked_before {
            Some("") => {
                if let Some(none) = options.pop() {
                    options.insert(0, none);
                }
            }
            Some(handle) => {
                match options
                    .iter()
                    .position(|o| matches!(&o.value, Some(Some(h)) if h == handle))
                {
                    Some(at) => {
                        let kept = options.remove(at);
                        options.insert(0, kept);
                    }
                    None => options.insert(
                        0,
                        Pick {
                            label: format!("{handle} (typed before)"),
                            value: Some(Some(handle.to_owned())),
                        },
                    ),
                }
            }
            None => {}
        }
        let picked = prompt::select(
            "5. Who does the first reps with them (someone who has done it before)?",
            "most reps and highest comfort first",
            options,
        )?;
        if let Some(choice) = picked.value {
            return Ok(choice);
        }
        if let Some(handle) = ask_handle(records, person)? {
            return Ok(Some(handle));
        }
        prompt::say("   No handle typed: back to the list.");
    }
}

/// A buddy's handle, typed; `None` when left empty.
fn ask_handle(records: &Records, person: &str) -> Result<Option<String>> {
    let people: Vec<(String, bool)> = records
        .people
        .values()
        .map(|p| (p.handle.clone(), p.is_archived()))
        .collect();
    let me = person.to_owned();
    prompt::checked(
        "   Their buddy's handle:",
        "a person on record; Enter with nothing typed goes back to the list",
        move |h| match people.iter().find(|(p, _)| p == h) {
            None => Err(match closest(h, people.iter().map(|(p, _)| p.as_str())) {
                Some(near) if people.iter().any(|(p, a)| p == near && *a) => format!(
                    "no person named {h:?}: did you mean {near:?}? They are archived (`mv person edit {near}` brings them back)"
                ),
                Some(near) => format!("no person named {h:?}: did you mean {near:?}?"),
                None => format!("no person named {h:?}"),
            }),
            Some(_) if h == me => Err(format!("{me} cannot be their own buddy")),
            Some((_, true)) => Err(format!(
                "{h} is archived (`mv person edit {h}` brings them back); pick someone active"
            )),
            Some(_) => Ok(()),
        },
    )
}
