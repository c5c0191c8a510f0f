//! The questions of `mv coach`, in the order of the coaching script
//! (SPEC.md, "The idea it serves"), with what the records suggest at each
//! step: last time's exemplar, the vacuum each liked thing maps to, the
//! vacant vacuums on the person's projects, buddies who have done it.

use super::{liked_text, start};
use crate::{
    commands::{
        carried,
        private_note::{self, Opener, Sealed, Secret},
    },
    model::{Cadence, Date, Liked, Person, Records, carry::carry_over, matching::rank_vacuums},
    prompt,
    render::{growth::Glyphs, printable},
    store::Tracker,
    ui,
};
use anyhow::Result;
use std::fmt;

/// Everything the manager answered.
pub(super) struct Talk {
    /// "The best run project you've ever seen."
    pub exemplar: String,
    /// What they liked about it, mapped to vacuums where one was picked.
    pub liked: Vec<Liked>,
    /// The vacuum they start with, if they take one on.
    pub start: Option<Start>,
    /// Their worries.
    pub concerns: Vec<String>,
    /// The next 1:1.
    pub next: Date,
    /// The manager's private note, sealed as soon as it was typed.
    pub private: Option<Sealed>,
}

/// The vacuum taken on, and how.
pub(super) struct Start {
    /// On which project.
    pub project: String,
    /// Which vacuum.
    pub vacuum: String,
    /// Who does the first reps with them.
    pub buddy: Option<String>,
    /// When the first check-in is due.
    pub first_checkin: Date,
}

/// A line in a pick list, and what it stands for.
pub(super) struct Pick<T> {
    /// As listed.
    pub label: String,
    /// What picking it means.
    pub value: T,
}

impl<T> fmt::Display for Pick<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&self.label))
    }
}

pub(super) const REASSURANCE: &str = "   The script, for their worries: the first attempts will be slower and less \
polished, and a temporary drop in quality is how anyone iterates. Promise support and \
forgiveness. Discomfort is the feeling of growing: they do the first few reps with a buddy \
who has done it before.";

/// Where the questions are asked: the tracker (for private notes) and its
/// records.
pub(super) struct Setting<'a> {
    /// The tracker.
    pub tracker: &'a Tracker,
    /// Its records.
    pub records: &'a Records,
    /// `--manager`, when given.
    pub manager: Option<&'a str>,
}

/// Asks the whole script, one question at a time.
pub(super) fn ask(at: &Setting<'_>, person: &Person, today: Date, every: Cadence) -> Result<Talk> {
    let records = at.records;
    let handle = person.handle.as_str();
    let mut carried = carry_over(records, handle);
    if let Some(note) = carried.last.as_mut().and_then(|l| l.private.as_mut()) {
        *note = Opener::new(at.tracker).open(note);
    }
    for line in carried::lines(&carried, today, Glyphs { unicode: true }) {
        ui::note(&line);
    }
    ui::note(&format!(
        "Coaching conversation with {} on {today}. Esc or Ctrl-C stops without recording anything.",
        printable(person.display_name())
    ));
    let last = carried.last.as_ref().and_then(|l| l.exemplar.clone());
    let exemplar = prompt::required(
        "1. Think about the best run project you've ever seen. What was it called?",
        last.as_ref().map(|_| "Enter keeps last time's"),
        last.as_deref(),
    )?;
    let liked = ask_liked(records)?;
    let start = start::ask_start(records, handle, &liked)?;
    ui::note(REASSURANCE);
    let concerns = ask_list(
        "4. Any worries they raised? (Enter when none)",
        "   Another worry? (Enter when no more)",
    )?;
    let start = match start {
        Some((project, vacuum)) => {
            let buddy = start::ask_buddy(records, handle, &project, &vacuum)?;
            let first_checkin = prompt::date(
                "6. When is the first check-in (their first rep)?",
                every.after(today),
                today,
            )?;
            Some(Start {
                project,
                vacuum,
                buddy,
                first_checkin,
            })
        }
        None => None,
    };
    let next = prompt::date("7. When is the next 1:1?", every.after(today), today)?;
    let private = ask_private(at, "8. A private note")?;
    Ok(Talk {
        exemplar,
        liked,
        start,
        concerns,
        next,
        private,
    })
}

/// The manager's private note, sealed to their key at once; not asked
/// when the team configured no key for them. `asked` begins the question.
pub(super) fn ask_private(at: &Setting<'_>, asked: &str) -> Result<Option<Sealed>> {
    if !private_note::can_seal(at.tracker, at.records, at.manager) {
        ui::note(
            "   (Private notes need your public key under [private] recipients in microvac.toml.)",
        );
        return Ok(None);
    }
    let typed = prompt::text(
        &format!("{asked}, for your eyes only (stored encrypted; Enter to skip):"),
        None,
        None,
    )?;
    match typed.map(Secret::typed) {
        Some(note) => Ok(Some(private_note::seal(
            at.tracker, at.records, at.manager, &note,
        )?)),
        None => Ok(None),
    }
}

fn ask_liked(records: &Records) -> Result<Vec<Liked>> {
    let mut out = Vec::new();
    loop {
        let what = if out.is_empty() {
            prompt::required(
                "2. What about it did they really like?",
                Some("e.g. a clear plan, well-run sprint planning, a demo at the all-hands"),
                None,
            )?
        } else {
            match prompt::text("   Anything else they liked? (Enter when done)", None, None)? {
                Some(what) => what,
                None => return Ok(out),
            }
        };
        out.push(match map_to_vacuum(records, &what)? {
            Some(vacuum) => Liked::Mapped {
                what,
                vacuum: Some(vacuum),
            },
            None => Liked::Text(what),
        });
    }
}

/// Which vacuum someone filled to make `what` happen: the catalog, best
/// match first.
fn map_to_vacuum(records: &Records, what: &str) -> Result<Option<String>> {
    let ranked = rank_vacuums(what, records.vacuums.values());
    let matched = ranked.first().is_some_and(|(_, m)| *m);
    let mut options: Vec<Pick<Option<String>>> = ranked
        .into_iter()
        .map(|(v, _)| Pick {
            label: format!("{} ({})", v.slug, printable(v.display_title())),
            value: Some(v.slug.clone()),
        })
        .collect();
    let none = Pick {
        label: "(none: keep it as they said it)".to_owned(),
        value: None,
    };
    if matched {
        options.push(none);
    } else {
        options.insert(0, none);
    }
    let question = format!(
        "   Someone led in a small way to make {:?} happen: which vacuum did they fill?",
        printable(what)
    );
    Ok(prompt::select(&question, "best match first; type to filter", options)?.value)
}

pub(super) fn ask_list(first: &str, more: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    while let Some(answer) = prompt::text(if out.is_empty() { first } else { more }, None, None)? {
        out.push(answer);
    }
    Ok(out)
}

/// Shows what will be recorded.
pub(super) fn summary(talk: &Talk, name: &str, date: Date) {
    let mut lines = vec![
        format!("\nThe 1:1 with {} on {date}:", printable(name)),
        format!("  exemplar:       {}", printable(&talk.exemplar)),
        format!(
            "  they liked:     {}",
            printable(
                &talk
                    .liked
                    .iter()
                    .map(liked_text)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        ),
    ];
    match &talk.start {
        Some(start) => {
            let with = start
                .buddy
                .as_deref()
                .map(|b| format!(", with {b} as buddy"))
                .unwrap_or_default();
            lines.push(format!(
                "  starts with:    {} on {}{with}",
                start.vacuum, start.project
            ));
            lines.push(format!("  first check-in: {}", start.first_checkin));
        }
        None => lines.push("  starts with:    no commitment this time".to_owned()),
    }
    if !talk.concerns.is_empty() {
        lines.push(format!(
            "  worries:        {}",
            printable(&talk.concerns.join("; "))
        ));
    }
    lines.push(format!("  next 1:1:       {}", talk.next));
    if let Some(sealed) = &talk.private {
        lines.push(format!(
            "  private note:   sealed for {}",
            printable(&sealed.sealed_for)
        ));
    }
    for line in lines {
        ui::note(&line);
    }
}
