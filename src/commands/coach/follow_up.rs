//! The follow-up 1:1 of `mv coach`: the usual conversation once a person
//! has history (SPEC.md, "Coaching memory"). It recaps last time, then
//! asks, for each open commitment, how the reps went (a rep is recorded
//! when a word or a comfort is given), whether the vacuum is now filled
//! and whether the buddy still needs to be there; for each worry raised
//! last time, whether it came true or eased; and, once a vacuum is filled
//! (or none is open), which one is next, liked ones first.

use super::{
    candidates::{Felt, Pick},
    draft::{Draft, FollowUpDraft, ReviewDraft, WorryDraft},
    script::{self, REASSURANCE, Setting},
    start,
};
use crate::error::Result;
use crate::{
    commands::private_note::Sealed,
    model::{
        Cadence, Date, Person,
        carry::{CarryOver, OpenWork},
    },
    prompt,
    render::printable,
};

/// What became of a worry raised last time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Worry {
    /// Still a worry: asked about again next time.
    Still,
    /// It eased.
    Eased,
    /// It came true.
    CameTrue,
}

/// One open commitment, as the follow-up left it.
pub(super) struct Review {
    /// The commitment.
    pub work: OpenWork,
    /// How the reps went, in a word.
    pub note: Option<String>,
    /// How comfortable it feels now, 1 to 5.
    pub comfort: Option<i64>,
    /// Whether the vacuum is filled: they do it on their own.
    pub done: bool,
    /// Whether the buddy no longer needs to be there for the reps.
    pub buddy_ends: bool,
}

impl Review {
    /// Whether a rep is recorded: a word or a comfort was given.
    pub fn rep(&self) -> bool {
        self.note.is_some() || self.comfort.is_some()
    }

    /// Whether anything is written to the commitment.
    pub fn changes(&self) -> bool {
        self.rep() || self.done || self.buddy_ends
    }
}

/// The vacuum taken on next.
pub(super) struct NextVacuum {
    /// On which project.
    pub project: String,
    /// Which vacuum.
    pub vacuum: String,
    /// Who does the first reps with them.
    pub buddy: Option<String>,
    /// When the first check-in is due.
    pub first_checkin: Date,
}

/// Everything the manager answered in a follow-up.
pub(super) struct FollowUp {
    /// The conversation it follows up, if there was one.
    pub follows: Option<String>,
    /// Each open commitment, oldest first.
    pub reviews: Vec<Review>,
    /// Last time's worries and what became of them.
    pub worries: Vec<(String, Worry)>,
    /// Worries raised this time.
    pub new_concerns: Vec<String>,
    /// The vacuum taken on next, if any.
    pub next_vacuum: Option<NextVacuum>,
    /// How comfortable they said they feel about the candidates.
    pub felt: Vec<Felt>,
    /// The next 1:1.
    pub next: Date,
    /// The manager's private note, sealed as soon as it was typed.
    pub private: Option<Sealed>,
}

impl FollowUp {
    /// Last time's worries that ended up as `how`.
    pub fn worries(&self, how: Worry) -> Vec<String> {
        self.worries
            .iter()
            .filter(|(_, w)| *w == how)
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// The worries to ask about next time: last time's that are still
    /// worries, then the new ones.
    pub fn concerns(&self) -> Vec<String> {
        let mut out = self.worries(Worry::Still);
        out.extend(self.new_concerns.iter().cloned());
        out
    }
}

/// Asks the follow-up, one question at a time. The recap shows last
/// time's private note only with `--show-private`. Each answer goes into `draft` as it is
/// given; those of `resumed` (a draft of a follow-up that was stopped) are
/// offered again.
pub(super) fn ask(
    at: &Setting<'_>,
    person: &Person,
    carried: CarryOver,
    (today, every): (Date, Cadence),
    resumed: &FollowUpDraft,
    draft: &mut FollowUpDraft,
) -> Result<FollowUp> {
    let handle = person.handle.as_str();
    let mut carried = carried;
    super::script::recap(at, &mut carried, today, handle);
    prompt::say(&format!(
        "Follow-up 1:1 with {} on {today}. Esc or Ctrl-C stops without recording anything (your answers are kept as a draft). (`mv coach {handle} --first` runs the first conversation's script instead.)",
        printable(person.display_name())
    ));
    let mut reviews = Vec::new();
    for work in carried.open {
        let before = resumed.review(&work.id);
        reviews.push(review(work, before, &mut draft.reviews)?);
    }
    let (follows, last_concerns) = match carried.last {
        Some(last) => (Some(last.id), last.concerns),
        None => (None, Vec::new()),
    };
    let mut worries = Vec::new();
    for concern in last_concerns {
        let how = ask_worry(&concern, resumed.worry(&concern))?;
        draft.worries.push(WorryDraft {
            concern: concern.clone(),
            how: worry_name(how).to_owned(),
        });
        worries.push((concern, how));
    }
    if worries.iter().any(|(_, how)| *how == Worry::CameTrue) {
        prompt::say(CAME_TRUE);
    }
    script::ask_list_into(
        "Any new worries they raised? (Enter when none)",
        "   Another worry? (Enter when no more)",
        &resumed.new_concerns,
        &mut draft.new_concerns,
    )?;
    let new_concerns = draft.new_concerns.clone();
    let next_vacuum = if reviews.iter().all(|r| !r.done) && !reviews.is_empty() {
        None
    } else {
        ask_next(at, handle, (today, every), (resumed, draft))?
    };
    let felt = draft.felt.clone();
    let next = prompt::date(
        "When is the next 1:1?",
        Draft::date_of(resumed.next.as_deref(), today).unwrap_or_else(|| every.after(today)),
        today,
    )?;
    draft.next = Some(next.to_string());
    let private = script::ask_private(at, "A private note")?;
    Ok(FollowUp {
        follows,
        reviews,
        worries,
        new_concerns,
        next_vacuum,
        felt,
        next,
        private,
    })
}

/// How the reps of one open commitment went, whether it is filled, and
/// whether the buddy is still needed; each answer kept in `kept` as it is
/// given, those of `before` offered again.
fn review(
    work: OpenWork,
    before: Option<&ReviewDraft>,
    kept: &mut Vec<ReviewDraft>,
) -> Result<Review> {
    let what = format!("{} on {}", work.vacuum, work.project);
    kept.push(ReviewDraft {
        id: work.id.clone(),
        ..ReviewDraft::default()
    });
    let at = kept.len() - 1;
    let note = prompt::text(
        &format!("How did the reps of {what} go since last time? (a word; Enter to skip)"),
        None,
        before.and_then(|b| b.note.as_deref()),
    )?;
    kept[at].note = note.clone();
    let comfort = prompt::comfort(
        &format!(
            "   How comfortable does {} feel to them now, 1 to 5? (Enter to skip)",
            work.vacuum
        ),
        before.and_then(|b| b.comfort),
    )?;
    kept[at].comfort = comfort;
    let done = prompt::confirm(
        &format!("   Is {what} filled now: do they do it on their own?"),
        before.and_then(|b| b.done).unwrap_or(false),
    )?;
    kept[at].done = Some(done);
    let buddy_ends = match (&work.buddy, done) {
        (Some(buddy), false) if work.buddy_until.is_none() => !prompt::confirm(
            &format!("   Does {buddy} still need to be there for the reps?"),
            !before.and_then(|b| b.buddy_ends).unwrap_or(false),
        )?,
        _ => false,
    };
    kept[at].buddy_ends = Some(buddy_ends);
    Ok(Review {
        work,
        note,
        comfort,
        done,
        buddy_ends,
    })
}

/// A worry's fate as a draft keeps it.
fn worry_name(how: Worry) -> &'static str {
    match how {
        Worry::Still => "still",
        Worry::Eased => "eased",
        Worry::CameTrue => "came-true",
    }
}

/// The script, when a worry came true.
const CAME_TRUE: &str = "   The script, when a worry came true: a temporary drop in quality is how anyone \
iterates; keep the promise of support and forgiveness, and keep the buddy close for the next reps.";

/// Whether a worry raised last time came true or eased (`before`, a
/// draft's answer, offered first).
fn ask_worry(concern: &str, before: Option<&str>) -> Result<Worry> {
    let mut options = vec![
        Pick {
            label: "still a worry (ask again next time)".to_owned(),
            value: Worry::Still,
        },
        Pick {
            label: "it eased".to_owned(),
            value: Worry::Eased,
        },
        Pick {
            label: "it came true".to_owned(),
            value: Worry::CameTrue,
        },
    ];
    if let Some(at) = options
        .iter()
        .position(|o| Some(worry_name(o.value)) == before)
    {
        let kept = options.remove(at);
        options.insert(0, kept);
    }
    let question = format!(
        "Last time they worried: {:?}. Did it come true or ease?",
        printable(concern)
    );
    Ok(prompt::select(
        &question,
        "the script: a temporary drop in quality is expected; support and forgiveness",
        options,
    )?
    .value)
}

/// The vacuum they take on next, its buddy and first check-in; `None`
/// for none now.
fn ask_next(
    at: &Setting<'_>,
    handle: &str,
    (today, every): (Date, Cadence),
    (resumed, draft): (&FollowUpDraft, &mut FollowUpDraft),
) -> Result<Option<NextVacuum>> {
    draft.felt = resumed.felt.clone();
    let picked = start::ask_next(
        at.records,
        handle,
        resumed.next_vacuum.as_deref(),
        &mut draft.felt,
    )?;
    draft.next_vacuum = Some(
        picked
            .as_ref()
            .map(|(p, v)| format!("{v}@{p}"))
            .unwrap_or_default(),
    );
    let Some((project, vacuum)) = picked else {
        return Ok(None);
    };
    prompt::say(REASSURANCE);
    let (buddy, first_checkin) = start::ask_buddy_and_first_rep(
        at.records,
        handle,
        (&project, &vacuum),
        "   When is the first check-in (their first rep)?",
        (today, every),
        (resumed.buddy.as_deref(), resumed.first_checkin.as_deref()),
        (&mut draft.buddy, &mut draft.first_checkin),
    )?;
    Ok(Some(NextVacuum {
        project,
        vacuum,
        buddy,
        first_checkin,
    }))
}

/// Shows what will be recorded.
pub(super) fn summary(talk: &FollowUp, name: &str, date: Date) {
    let mut lines = vec![format!(
        "\nThe follow-up 1:1 with {} on {date}:",
        printable(name)
    )];
    for r in &talk.reviews {
        let mut said = Vec::new();
        if let Some(comfort) = r.comfort {
            said.push(format!("comfort {comfort}/5"));
        }
        if let Some(note) = &r.note {
            said.push(format!("{:?}", printable(note)));
        }
        if r.rep() {
            said.insert(0, "a rep recorded".to_owned());
        }
        if r.done {
            said.push("filled: done".to_owned());
        }
        if r.buddy_ends
            && let Some(buddy) = &r.work.buddy
        {
            said.push(format!("{buddy} no longer needed for the reps"));
        }
        if said.is_empty() {
            said.push("nothing recorded".to_owned());
        }
        lines.push(format!(
            "  {} on {}: {}",
            r.work.vacuum,
            r.work.project,
            said.join(", ")
        ));
    }
    for (label, how) in [
        ("worries eased:     ", Worry::Eased),
        ("worries came true: ", Worry::CameTrue),
        ("still worries:     ", Worry::Still),
    ] {
        let these = talk.worries(how);
        if !these.is_empty() {
            lines.push(format!("  {label}{}", printable(&these.join("; "))));
        }
    }
    if !talk.new_concerns.is_empty() {
        lines.push(format!(
            "  new worries:       {}",
            printable(&talk.new_concerns.join("; "))
        ));
    }
    if let Some(n) = &talk.next_vacuum {
        let with = n
            .buddy
            .as_deref()
            .map(|b| format!(", with {b} as buddy"))
            .unwrap_or_default();
        lines.push(format!(
            "  next vacuum:       {} on {}{with}; first check-in {}",
            n.vacuum, n.project, n.first_checkin
        ));
    }
    if let Some(felt) = super::candidates::summary(&talk.felt) {
        lines.push(format!("  comfort with:      {felt}"));
    }
    lines.push(format!("  next 1:1:          {}", talk.next));
    if let Some(sealed) = &talk.private {
        lines.push(format!(
            "  private note:      sealed for {}",
            printable(&sealed.sealed_for)
        ));
    }
    for line in lines {
        prompt::say(&line);
    }
}
