//! The questions of `mv coach`, in the order of the coaching script
//! (SPEC.md, "The idea it serves"), with what the records suggest at each
//! step: last time's exemplar, the vacuum each liked thing maps to, the
//! vacant vacuums on the person's projects, buddies who have done it.

use super::{
    candidates::{Felt, Pick},
    draft::{Draft, DraftLiked},
    liked_text, start,
};
use crate::error::Result;
use crate::{
    commands::{
        carried,
        private_note::{self, Opener, Sealed, Secret},
    },
    model::{Cadence, Date, Liked, Person, Records, carry::carry_over, matching::rank_vacuums},
    prompt,
    render::{growth::Glyphs, printable},
    store::Tracker,
};

/// Everything the manager answered.
pub(super) struct Talk {
    /// "The best run project you've ever seen."
    pub exemplar: String,
    /// What they liked about it, mapped to vacuums where one was picked.
    pub liked: Vec<Liked>,
    /// The vacuum they start with, if they take one on.
    pub start: Option<Start>,
    /// How comfortable they said they feel about the candidates.
    pub felt: Vec<Felt>,
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
    /// `--show-private`: last time's private note is shown.
    pub show_private: bool,
}

/// Shows what last time left (the carry-over) before either script. The
/// engineer may be watching the screen: last time's private note is opened
/// only when the manager asked for it (`--show-private`), else only said
/// to exist.
pub(super) fn recap(
    at: &Setting<'_>,
    carried: &mut crate::model::carry::CarryOver,
    today: Date,
    handle: &str,
) {
    if at.show_private
        && let Some(note) = carried.last.as_mut().and_then(|l| l.private.as_mut())
    {
        *note = Opener::new(at.tracker).open(note);
    }
    let sealed = format!("not shown; `mv coach {handle} --show-private` shows it");
    for line in carried::lines(carried, today, Glyphs { unicode: true }, &sealed) {
        prompt::say(&line);
    }
}

/// Asks the whole script, one question at a time: each answer goes into
/// `draft` as it is given; the answers of `resumed` (a draft kept from a
/// run that was stopped) are offered again, Enter keeping each.
pub(super) fn ask(
    at: &Setting<'_>,
    person: &Person,
    (today, every): (Date, Cadence),
    resumed: &Draft,
    draft: &mut Draft,
) -> Result<Talk> {
    let records = at.records;
    let handle = person.handle.as_str();
    let mut carried = carry_over(records, handle);
    recap(at, &mut carried, today, handle);
    prompt::say(&format!(
        "Coaching conversation with {} on {today}. Esc or Ctrl-C stops without recording anything (your answers are kept as a draft).",
        printable(person.display_name())
    ));
    let last = carried.last.as_ref().and_then(|l| l.exemplar.clone());
    let (default, help) = match (&resumed.exemplar, &last) {
        (Some(kept), _) => (Some(kept), Some("Enter keeps the draft's")),
        (None, Some(last)) => (Some(last), Some("Enter keeps last time's")),
        (None, None) => (None, None),
    };
    let exemplar = prompt::required(
        "1. Ask them to think of the best run project they have ever seen. What was it called?",
        help,
        default.map(String::as_str),
    )?;
    draft.exemplar = Some(exemplar.clone());
    let liked = ask_liked(records, &resumed.liked, &mut draft.liked)?;
    draft.felt = resumed.felt.clone();
    let start = start::ask_start(
        records,
        handle,
        &liked,
        resumed.start.as_deref(),
        &mut draft.felt,
    )?;
    let felt = draft.felt.clone();
    draft.start = Some(
        start
            .as_ref()
            .map(|(p, v)| format!("{v}@{p}"))
            .unwrap_or_default(),
    );
    prompt::say(REASSURANCE);
    ask_list_into(
        "4. Any worries they raised? (Enter when none)",
        "   Another worry? (Enter when no more)",
        &resumed.concerns,
        &mut draft.concerns,
    )?;
    let concerns = draft.concerns.clone();
    let start = match start {
        Some((project, vacuum)) => {
            let (buddy, first_checkin) = start::ask_buddy_and_first_rep(
                records,
                handle,
                (&project, &vacuum),
                "6. When is the first check-in (their first rep)?",
                (today, every),
                (resumed.buddy.as_deref(), resumed.first_checkin.as_deref()),
                (&mut draft.buddy, &mut draft.first_checkin),
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
    let next = prompt::date(
        "7. When is the next 1:1?",
        Draft::date_of(resumed.next.as_deref(), today).unwrap_or_else(|| every.after(today)),
        today,
    )?;
    draft.next = Some(next.to_string());
    let private = ask_private(at, "8. A private note")?;
    Ok(Talk {
        exemplar,
        liked,
        start,
        felt,
        concerns,
        next,
        private,
    })
}

/// The manager's private note, sealed to their key at once; not asked
/// when the team configured no key for them. `asked` begins the question.
pub(super) fn ask_private(at: &Setting<'_>, asked: &str) -> Result<Option<Sealed>> {
    if !private_note::can_seal(at.tracker, at.records, at.manager) {
        prompt::say(
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

/// What they liked, each mapped to a vacuum; each goes into `kept` as it
/// is answered, and `resumed` offers a draft's again.
fn ask_liked(
    records: &Records,
    resumed: &[DraftLiked],
    kept: &mut Vec<DraftLiked>,
) -> Result<Vec<Liked>> {
    let mut out = Vec::new();
    loop {
        let offered = resumed.get(out.len());
        let default = offered.map(|l| l.what.as_str());
        let what = if out.is_empty() {
            prompt::required(
                "2. What about it did they really like?",
                Some("e.g. a clear plan, well-run sprint planning, a demo at the all-hands"),
                default,
            )?
        } else {
            match prompt::text(
                "   Anything else they liked? (Enter when done)",
                None,
                default,
            )? {
                Some(what) => what,
                None => return Ok(out),
            }
        };
        let picked_before = offered
            .filter(|l| l.what == what)
            .and_then(|l| l.vacuum.as_deref());
        let liked = match map_to_vacuum(records, &what, picked_before)? {
            Some(vacuum) => Liked::Mapped {
                what,
                vacuum: Some(vacuum),
            },
            None => Liked::Text(what),
        };
        kept.push(DraftLiked::of(&liked));
        out.push(liked);
    }
}

/// Which vacuum someone filled to make `what` happen: the catalog, best
/// match first (the one `picked_before` in a draft, first of all).
fn map_to_vacuum(
    records: &Records,
    what: &str,
    picked_before: Option<&str>,
) -> Result<Option<String>> {
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
    if let Some(at) = options
        .iter()
        .position(|o| o.value.is_some() && o.value.as_deref() == picked_before)
    {
        let before = options.remove(at);
        options.insert(0, before);
    }
    let question = format!(
        "   Someone led in a small way to make {:?} happen: which vacuum did they fill?",
        printable(what)
    );
    Ok(prompt::select(&question, "best match first; type to filter", options)?.value)
}

/// Answers until one is left empty, each pushed on `out` as it is given;
/// `offered` are the defaults, one per question.
pub(super) fn ask_list_into(
    first: &str,
    more: &str,
    offered: &[String],
    out: &mut Vec<String>,
) -> Result<()> {
    loop {
        let question = if out.is_empty() { first } else { more };
        let default = offered.get(out.len()).map(String::as_str);
        match prompt::text(question, None, default)? {
            Some(answer) => out.push(answer),
            None => return Ok(()),
        }
    }
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
    if let Some(felt) = super::candidates::summary(&talk.felt) {
        lines.push(format!("  comfort with:   {felt}"));
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
        prompt::say(&line);
    }
}
