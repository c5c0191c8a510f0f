//! Choosing the vacuum to take on: the pick list of `mv coach` (liked ones
//! first, a draft's pick first of all), with a way to first ask how
//! comfortable the engineer feels about each candidate and order the list
//! by it: step 4 of the script, "start with one, the most comfortable one".

use crate::error::Result;
use crate::{
    commands::suggest::describe, model::memory::Opening, prompt, render::printable,
    store::CandidateFelt,
};
use std::cmp::Reverse;
use std::fmt;

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

/// A candidate as the pick list shows it. On a terminal too narrow for
/// the whole line (and a comfort mark), the buddy is named without their
/// record and an earlier drop without its reason, so that the terminal
/// does not break the line inside a word (`mv suggest` shows them whole).
pub(super) fn opening_label(o: &Opening, person: &str) -> String {
    let label = |whole: bool| {
        let mut label = format!("{} on {}", o.vacuum, o.project);
        if o.liked {
            label.push_str(" [liked]");
        }
        if !o.filled_before {
            label.push_str(&format!(" [new to {person}]"));
        }
        if let Some(best) = o.buddies.first() {
            let named = if whole {
                describe(best)
            } else {
                best.handle.clone()
            };
            label.push_str(&format!(" buddy: {named}"));
        }
        if let Some(last) = o.dropped.last() {
            let said = if whole {
                last.describe()
            } else {
                "dropped before".to_owned()
            };
            label.push_str(&format!(" [{said}]"));
        }
        label
    };
    let whole = label(true);
    // "> " before it, " [comfort N/5]" after it.
    const AROUND: usize = 2 + 15;
    match crate::ui::stderr_width() {
        Some(width) if whole.chars().count() + AROUND > width => label(false),
        _ => whole,
    }
}

/// How comfortable the engineer said they feel about one candidate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Felt {
    /// On which project.
    pub project: String,
    /// Which vacuum.
    pub vacuum: String,
    /// 1 (very uncomfortable) to 5 (at ease).
    pub comfort: i64,
}

/// The words of one pick list.
pub(super) struct Asking<'a> {
    /// The question.
    pub question: &'a str,
    /// Its help line.
    pub help: &'a str,
    /// The choice for taking none on.
    pub none: &'a str,
    /// A draft's pick (`VACUUM@PROJECT`, empty for none), listed first.
    pub picked_before: Option<&'a str>,
}

/// What they felt, as a conversation's record keeps it (the store writes
/// it most comfortable first); nothing when nothing was asked.
pub(super) fn on_record(felt: &[Felt]) -> Vec<CandidateFelt> {
    felt.iter()
        .map(|f| CandidateFelt {
            vacuum: f.vacuum.clone(),
            project: f.project.clone(),
            comfort: f.comfort,
        })
        .collect()
}

/// What they felt, as a summary shows it: `status-email on payments 4/5;
/// sprint-planning on payments 2/5`.
pub(super) fn summary(felt: &[Felt]) -> Option<String> {
    if felt.is_empty() {
        return None;
    }
    let mut sorted: Vec<&Felt> = felt.iter().collect();
    sorted.sort_by_key(|f| Reverse(f.comfort));
    Some(
        sorted
            .iter()
            .map(|f| format!("{} on {} {}/5", f.vacuum, f.project, f.comfort))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

enum Choice {
    Take(Box<Opening>),
    Nothing,
    AskComfort,
}

fn comfort_of(felt: &[Felt], o: &Opening) -> Option<i64> {
    felt.iter()
        .find(|f| f.vacuum == o.vacuum && f.project == o.project)
        .map(|f| f.comfort)
}

/// One of `open`, or `None` for none. With more than one candidate, the
/// list offers to ask how comfortable they feel about each first: the
/// answers go into `felt`, and the list comes back most comfortable first.
pub(super) fn choose(
    mut open: Vec<Opening>,
    person: &str,
    asking: &Asking<'_>,
    felt: &mut Vec<Felt>,
) -> Result<Option<Opening>> {
    let mut picked_before = asking.picked_before;
    loop {
        // Stable: the liked-first order stays among equals.
        open.sort_by_key(|o| Reverse(comfort_of(felt, o)));
        let mut options: Vec<Pick<Choice>> = open
            .iter()
            .map(|o| {
                let mut label = opening_label(o, person);
                if let Some(c) = comfort_of(felt, o) {
                    label.push_str(&format!(" [comfort {c}/5]"));
                }
                Pick {
                    label,
                    value: Choice::Take(Box::new(o.clone())),
                }
            })
            .collect();
        options.push(Pick {
            label: asking.none.to_owned(),
            value: Choice::Nothing,
        });
        if open.len() > 1 {
            options.push(Pick {
                label: "(first ask how comfortable they feel about each)".to_owned(),
                value: Choice::AskComfort,
            });
        }
        if let Some(before) = picked_before.take()
            && let Some(at) = options.iter().position(|o| match &o.value {
                Choice::Take(o) => format!("{}@{}", o.vacuum, o.project) == before,
                Choice::Nothing => before.is_empty(),
                Choice::AskComfort => false,
            })
        {
            let kept = options.remove(at);
            options.insert(0, kept);
        }
        match prompt::select(asking.question, asking.help, options)?.value {
            Choice::Take(o) => return Ok(Some(*o)),
            Choice::Nothing => return Ok(None),
            Choice::AskComfort => ask_comfort(&open, felt)?,
        }
    }
}

/// How comfortable they feel about each candidate; Enter keeps what was
/// said before, or skips.
fn ask_comfort(open: &[Opening], felt: &mut Vec<Felt>) -> Result<()> {
    for o in open {
        let before = comfort_of(felt, o);
        let said = prompt::comfort(
            &format!(
                "   How comfortable do they feel about {} on {}, 1 to 5? (Enter to skip)",
                o.vacuum, o.project
            ),
            before,
        )?;
        felt.retain(|f| !(f.vacuum == o.vacuum && f.project == o.project));
        if let Some(comfort) = said {
            felt.push(Felt {
                project: o.project.clone(),
                vacuum: o.vacuum.clone(),
                comfort,
            });
        }
    }
    Ok(())
}
