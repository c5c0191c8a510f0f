//! Drafts of `mv coach`'s answers (the first conversation's, a
//! follow-up's): kept when it is stopped before recording (Esc, Ctrl-C, a
//! no at the end), offered back the next time it runs with that person,
//! dropped once recorded. A draft holds what was typed and picked, never
//! the private note (that question comes last and its answer is sealed at
//! once, never kept).

use super::candidates::Felt;
use crate::{
    error::CommandError,
    model::{Date, Liked, parse_date},
    store::Tracker,
    ui,
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// What a draft of one script is.
pub(super) trait Kept: Serialize + DeserializeOwned + Default {
    /// Its name, before the person's handle.
    const NAME: &'static str;
    /// Whether anything was answered.
    fn is_empty(&self) -> bool;
    /// The date of the conversation it was for.
    fn date(&self) -> Option<&str>;
}

impl Kept for Draft {
    const NAME: &'static str = "coach";
    fn is_empty(&self) -> bool {
        self.exemplar.is_none() && self.liked.is_empty()
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
}

/// A follow-up's answers so far.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct FollowUpDraft {
    /// The conversation's date.
    #[serde(default)]
    pub date: Option<String>,
    /// Each open commitment reviewed.
    #[serde(default)]
    pub reviews: Vec<ReviewDraft>,
    /// Last time's worries, and what became of them.
    #[serde(default)]
    pub worries: Vec<WorryDraft>,
    /// New worries.
    #[serde(default)]
    pub new_concerns: Vec<String>,
    /// How comfortable they said they feel about the candidates.
    #[serde(default)]
    pub felt: Vec<Felt>,
    /// The vacuum taken on next, as `VACUUM@PROJECT`; empty for none.
    #[serde(default)]
    pub next_vacuum: Option<String>,
    /// Its buddy's handle; empty for none.
    #[serde(default)]
    pub buddy: Option<String>,
    /// Its first check-in.
    #[serde(default)]
    pub first_checkin: Option<String>,
    /// The next 1:1.
    #[serde(default)]
    pub next: Option<String>,
}

/// One open commitment's review, as far as it went.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct ReviewDraft {
    /// The commitment's ID.
    pub id: String,
    /// How the reps went.
    #[serde(default)]
    pub note: Option<String>,
    /// How comfortable it feels.
    #[serde(default)]
    pub comfort: Option<i64>,
    /// Whether it is filled.
    #[serde(default)]
    pub done: Option<bool>,
    /// Whether the buddy is no longer needed.
    #[serde(default)]
    pub buddy_ends: Option<bool>,
}

/// A worry raised last time, and what became of it: `still`, `eased` or
/// `came-true`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct WorryDraft {
    /// The worry.
    pub concern: String,
    /// What became of it.
    pub how: String,
}

impl FollowUpDraft {
    /// The review of commitment `id` kept in the draft, if any.
    pub fn review(&self, id: &str) -> Option<&ReviewDraft> {
        self.reviews.iter().find(|r| r.id == id)
    }

    /// What became of `concern`, as kept.
    pub fn worry(&self, concern: &str) -> Option<&str> {
        self.worries
            .iter()
            .find(|w| w.concern == concern)
            .map(|w| w.how.as_str())
    }
}

impl Kept for FollowUpDraft {
    const NAME: &'static str = "follow-up";
    fn is_empty(&self) -> bool {
        self.reviews.is_empty() && self.worries.is_empty() && self.new_concerns.is_empty()
    }
    fn date(&self) -> Option<&str> {
        self.date.as_deref()
    }
}

/// The answers given so far, in the order of the script.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct Draft {
    /// The conversation's date.
    #[serde(default)]
    pub date: Option<String>,
    /// The best run project they have seen.
    #[serde(default)]
    pub exemplar: Option<String>,
    /// What they liked about it.
    #[serde(default)]
    pub liked: Vec<DraftLiked>,
    /// How comfortable they said they feel about the candidates.
    #[serde(default)]
    pub felt: Vec<Felt>,
    /// The vacuum they start with, as `VACUUM@PROJECT`; empty for none.
    #[serde(default)]
    pub start: Option<String>,
    /// Their worries.
    #[serde(default)]
    pub concerns: Vec<String>,
    /// Their buddy's handle; empty for none.
    #[serde(default)]
    pub buddy: Option<String>,
    /// The first check-in.
    #[serde(default)]
    pub first_checkin: Option<String>,
    /// The next 1:1.
    #[serde(default)]
    pub next: Option<String>,
}

/// One thing they liked, and the vacuum picked for it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct DraftLiked {
    /// In their words.
    pub what: String,
    /// The vacuum picked, if any.
    #[serde(default)]
    pub vacuum: Option<String>,
}

impl DraftLiked {
    /// As the draft keeps a thing they liked.
    pub fn of(liked: &Liked) -> DraftLiked {
        match liked {
            Liked::Text(what) => DraftLiked {
                what: what.clone(),
                vacuum: None,
            },
            Liked::Mapped { what, vacuum } => DraftLiked {
                what: what.clone(),
                vacuum: vacuum.clone(),
            },
        }
    }
}

impl Draft {
    /// A date kept in the draft, when it still reads as one.
    pub fn date_of(kept: Option<&str>, today: Date) -> Option<Date> {
        kept.and_then(|d| parse_date(d, today).ok())
    }
}

/// The draft's name for `person`.
fn name<T: Kept>(person: &str) -> String {
    format!("{}-{person}", T::NAME)
}

/// The draft kept for `person`, if one reads.
pub(super) fn kept<T: Kept>(tracker: &Tracker, person: &str) -> Option<T> {
    let text = tracker.draft(&name::<T>(person))?;
    toml::from_str(&text).ok()
}

/// Keeps `draft` for the next `mv coach PERSON`, and says so; a draft
/// that cannot be written is said too, and is not an error.
pub(super) fn keep<T: Kept>(tracker: &Tracker, person: &str, draft: &T) {
    if draft.is_empty() {
        return;
    }
    let kept = toml::to_string(draft)
        .map_err(|e| CommandError::Internal(e.into()))
        .and_then(|text: String| Ok(tracker.keep_draft(&name::<T>(person), &text)?));
    match kept {
        Ok(()) => crate::prompt::say(&format!(
            "your answers are kept as a draft: the next `mv coach {person}` offers them back"
        )),
        Err(e) => ui::warn(&format!("could not keep your answers as a draft: {e}")),
    }
}

/// Drops the draft for `person`.
pub(super) fn drop<T: Kept>(tracker: &Tracker, person: &str) {
    tracker.drop_draft(&name::<T>(person));
}
