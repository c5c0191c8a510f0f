//! A draft of the first conversation's answers: kept when `mv coach` is
//! stopped before recording (Esc, Ctrl-C, a no at the end), offered back
//! the next time it runs with that person, dropped once recorded. It holds
//! what was typed and picked, never the private note (that question comes
//! last and its answer is sealed at once, never kept).

use crate::{
    model::{Date, Liked, parse_date},
    store::Tracker,
    ui,
};
use serde::{Deserialize, Serialize};

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
    /// Whether anything was answered.
    pub fn is_empty(&self) -> bool {
        self.exemplar.is_none() && self.liked.is_empty()
    }

    /// A date kept in the draft, when it still reads as one.
    pub fn date_of(kept: Option<&str>, today: Date) -> Option<Date> {
        kept.and_then(|d| parse_date(d, today).ok())
    }
}

/// The draft's name for `person`.
fn name(person: &str) -> String {
    format!("coach-{person}")
}

/// The draft kept for `person`, if one reads.
pub(super) fn kept(tracker: &Tracker, person: &str) -> Option<Draft> {
    let text = tracker.draft(&name(person))?;
    toml::from_str(&text).ok()
}

/// Keeps `draft` for the next `mv coach PERSON`, and says so; a draft
/// that cannot be written is said too, and is not an error.
pub(super) fn keep(tracker: &Tracker, person: &str, draft: &Draft) {
    if draft.is_empty() {
        return;
    }
    let kept = toml::to_string(draft)
        .map_err(anyhow::Error::from)
        .and_then(|text| Ok(tracker.keep_draft(&name(person), &text)?));
    match kept {
        Ok(()) => ui::note(&format!(
            "your answers are kept as a draft: the next `mv coach {person}` offers them back"
        )),
        Err(e) => ui::warn(&format!("could not keep your answers as a draft: {e}")),
    }
}

/// Drops the draft for `person`.
pub(super) fn drop(tracker: &Tracker, person: &str) {
    tracker.drop_draft(&name(person));
}
