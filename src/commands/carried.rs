//! Carry-over in words: what the last conversation with a person left to
//! follow up, as `mv log`'s editor template and `mv coach` show it before
//! the next one.

use crate::{
    model::{
        Date,
        carry::{CarryOver, OpenWork},
        private::PrivateNote,
    },
    render::{
        growth::{Glyphs, trend},
        printable,
    },
};

/// The carry-over as lines of text (no trailing newlines); empty for a
/// first conversation. A private note is shown only when it was opened;
/// a sealed one is only said to exist, `sealed` saying where to read it.
pub(crate) fn lines(carried: &CarryOver, today: Date, glyphs: Glyphs, sealed: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(last) = &carried.last {
        let about = last
            .exemplar
            .as_deref()
            .map(|e| format!(", about {:?}", printable(e)))
            .unwrap_or_default();
        out.push(format!("Last time ({}{about}):", last.date));
        if !last.liked.is_empty() {
            out.push(format!(
                "  they liked: {}",
                printable(&last.liked.join("; "))
            ));
        }
        if !last.concerns.is_empty() {
            out.push("  worries raised (ask how they went):".to_owned());
            for c in &last.concerns {
                out.push(format!("    - {}", printable(c)));
            }
        }
        if let Some(notes) = &last.notes {
            let mut notes = notes.trim().lines();
            if let Some(first) = notes.next() {
                out.push(format!("  your notes: {}", printable(first)));
            }
            for line in notes {
                out.push(format!("    {}", printable(line)));
            }
        }
        match &last.private {
            Some(PrivateNote::Opened(text)) => {
                out.push(format!("  your private note: {}", printable(text)));
            }
            Some(PrivateNote::Unreadable(why)) => out.push(format!("  ({why})")),
            Some(PrivateNote::Sealed { .. }) => {
                out.push(format!("  a private note was kept ({sealed})"))
            }
            None => {}
        }
        match last.next {
            Some(next) if next <= today => out.push(format!("  this 1:1 was planned for {next}")),
            Some(next) => out.push(format!("  the next 1:1 was planned for {next}")),
            None => {}
        }
    }
    if !carried.open.is_empty() {
        out.push("Open commitments (check in with `mv checkin ID`):".to_owned());
        for work in &carried.open {
            out.push(format!("  - {}", open_line(work, today, glyphs)));
        }
    }
    out
}

/// One open commitment: `sprint-planning on payments with bob: 3 reps,
/// comfort 2→3→4; check-in due 2026-11-30 [k3f9xq]`.
fn open_line(work: &OpenWork, today: Date, glyphs: Glyphs) -> String {
    let with = work
        .buddy
        .as_deref()
        .map(|b| format!(" with {b}"))
        .unwrap_or_default();
    let reps = match work.reps {
        1 => "1 rep".to_owned(),
        n => format!("{n} reps"),
    };
    let comfort = match work.comforts.as_slice() {
        [] => String::new(),
        [one] => format!(", comfort {one}"),
        many => format!(", comfort {}", trend(many, glyphs)),
    };
    let due = match work.due {
        Some(d) if work.is_due(today) => format!("; check-in due {d} (due now)"),
        Some(d) => format!("; next check-in {d}"),
        None => String::new(),
    };
    format!(
        "{} on {}{with}: {reps}{comfort}{due} [{}]",
        work.vacuum, work.project, work.id
    )
}
