//! The editor round of every editor-driven command (`mv log`, `mv edit`,
//! `mv person|project|vacuum edit`), in one place: the editor opens on the
//! text, and as long as what is saved cannot be recorded, for any reason
//! the user can fix in the text (TOML syntax, an unknown slug, handle or
//! project, a rule such as a buddy who is the person), it opens again on
//! the text as typed with the problem on top, at the edited file's line,
//! like `git commit` after a failed hook. Saving it empty, or the reopened
//! text unchanged, gives up and records nothing; the typed text is then
//! kept (its private notes blotted out) where the user is told.

use super::private_note;
use crate::error::{CommandError, Result};
use crate::{
    editor,
    store::{Problem, StoreError, Tracker},
    ui,
};

/// What a command hands to the editor.
pub(crate) struct Editing<'a> {
    /// The tracker the text is for.
    pub(crate) tracker: &'a Tracker,
    /// The file's name in the editor, and of the kept copy.
    pub(crate) name: &'a str,
    /// The text first shown.
    pub(crate) text: &'a str,
    /// Whether `#` comments are part of what is recorded (a record file),
    /// or only guidance (a template): then a save that changes only
    /// comments is no change.
    pub(crate) comments_recorded: bool,
}

/// Opens the editor on `editing.text` until `accept` takes what was
/// saved (the text as the user left it, without the problem lines
/// microvac put on top). `Ok(None)`: nothing to record, because the text
/// was saved empty or as first shown (or the user gave up that way after
/// a problem). Errors the text cannot fix (git, the file system) end it,
/// the text kept.
pub(crate) fn until_accepted<T>(
    editing: &Editing<'_>,
    mut accept: impl FnMut(&str) -> Result<T>,
) -> Result<Option<T>> {
    let Editing {
        tracker,
        name,
        text: first,
        comments_recorded,
    } = *editing;
    let meaningful = |text: &str| match comments_recorded {
        true => text.to_owned(),
        false => editor::strip_comments(text),
    };
    let untouched = meaningful(first);
    let mut shown = first.to_owned();
    // The last text that could not be recorded, kept for the user.
    let mut rejected: Option<String> = None;
    let keep = |text: &str| {
        if let Some(saved) = tracker.save_rejected(name, text) {
            ui::note(&saved.notice("your text"));
        }
    };
    loop {
        let edited = match editor::edit(tracker.root(), name, &shown) {
            Ok(edited) => edited,
            Err(e) => {
                if let Some(text) = &rejected {
                    keep(text);
                }
                return Err(e);
            }
        };
        let body = without_header(&edited);
        let kept = meaningful(&body);
        if kept.trim().is_empty() || kept.trim() == untouched.trim() {
            if let Some(text) = &rejected {
                keep(text);
            }
            return Ok(None);
        }
        let err = match accept(&body) {
            Ok(value) => return Ok(Some(value)),
            Err(err) => err,
        };
        let Some(problem) = fixable(&err, name, &body) else {
            keep(&body);
            return Err(err);
        };
        if edited == shown || !editor::interactive() {
            // Closed without a change (or no terminal to reopen on): give
            // up, keeping what was typed.
            keep(&body);
            return Err(err);
        }
        ui::problems(std::slice::from_ref(&problem.problem));
        if let Some(hint) = &problem.hint {
            ui::hint(hint);
        }
        ui::note("reopening the editor: fix it and save, or save an empty file to record nothing");
        shown = reopened(&body, &problem);
        rejected = Some(body);
    }
}

/// `text` without the problem lines microvac put on top of it.
fn without_header(text: &str) -> String {
    text.split_inclusive('\n')
        .skip(editor::header_lines(text))
        .collect()
}

/// A problem the user can fix in the text: where it is and how to fix it.
struct Fixable {
    problem: Problem,
    hint: Option<String>,
}

/// The problem `err` is in `body`, when it is one the text can fix (what
/// the user gets exit status 1 for); `None` for anything else.
fn fixable(err: &CommandError, name: &str, body: &str) -> Option<Fixable> {
    let shown = format!("{name} (as edited)");
    let (message, hint) = match err {
        CommandError::User(_) | CommandError::Rule(_) | CommandError::Slug(_) => {
            err.message_and_hint()
        }
        CommandError::Store(e) => match e {
            StoreError::Broken(problems) => {
                let first = problems.first()?;
                // A problem in the very text edited points where it is;
                // one in a text made from it (sealed, say) is looked for.
                let here = first.text.as_deref() == Some(&private_note::blotted(body));
                let span = match here {
                    true => first.span.clone(),
                    false => locate(body, &first.message),
                };
                let problem = Problem::new(shown, first.message.clone()).at(body, span);
                return Some(Fixable {
                    problem,
                    hint: None,
                });
            }
            StoreError::BadName(_)
            | StoreError::Missing { .. }
            | StoreError::Exists { .. }
            | StoreError::ClearPrivate { .. }
            | StoreError::NoCommitment(_)
            | StoreError::AmbiguousId { .. } => (e.to_string(), e.hint()),
            _ => return None,
        },
        _ => return None,
    };
    let span = locate(body, &message);
    Some(Fixable {
        problem: Problem::new(shown, message).at(body, span),
        hint,
    })
}

/// Where in `body` (outside comments) a problem named by `message` is: the
/// first value that is one of the message's quoted names, or else one of
/// its words (`buddy = "tara"` for "tara cannot be their own buddy", a
/// date for a date before the start).
fn locate(body: &str, message: &str) -> Option<std::ops::Range<usize>> {
    let text = editor::blank_comments(body);
    let quoted = message.split('"').skip(1).step_by(2);
    let words = message
        .split(|c: char| c.is_whitespace() || "()\",:;".contains(c))
        .filter(|w| w.len() > 1);
    quoted
        .chain(words)
        .filter(|w| !w.is_empty())
        .find_map(|word| {
            // How the value may be written, and where the value is in that.
            [
                (format!("\"{word}\""), 0, word.len() + 2),
                (format!("'{word}'"), 0, word.len() + 2),
                (format!("= {word}\n"), 2, word.len()),
            ]
            .into_iter()
            .find_map(|(form, skip, len)| text.find(&form).map(|at| at + skip..at + skip + len))
        })
}

/// The rejected text with the problem on top, as comment lines that say
/// where it is in the text the user will see.
fn reopened(body: &str, fixable: &Fixable) -> String {
    let problem = &fixable.problem;
    let mut message = Vec::new();
    message.push(String::new());
    if let Some(hint) = &fixable.hint {
        message.push(format!("  hint: {}", hint.replace('\n', " ")));
    }
    message.push("fix it and save to record it; save an empty file to record nothing".into());
    let header = message.len();
    message[0] = match problem.line_col() {
        Some((line, col)) => format!(
            "line {}, column {col}: {}",
            line + header,
            problem.message.replace('\n', " ")
        ),
        None => problem.message.replace('\n', " "),
    };
    editor::with_header(body, &message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_value_is_found_outside_comments() {
        let body =
            "# vacuum = \"status-emial\"\nliked = [{ what = \"x\", vacuum = \"status-emial\" }]\n";
        let span = locate(body, "no vacuum named \"status-emial\"").expect("found");
        assert_eq!(&body[span.clone()], "\"status-emial\"");
        assert!(span.start > body.find('\n').unwrap_or(0));
        let body = "buddy = \"tara\"\n";
        let span = locate(body, "tara cannot be their own buddy").expect("found");
        assert_eq!(&body[span], "\"tara\"");
        let body = "[[checkin]]\ndate = 2026-01-01\n";
        let span = locate(
            body,
            "2026-01-01 is before the commitment started (2026-02-01)",
        )
        .expect("found");
        assert_eq!(&body[span], "2026-01-01");
        assert_eq!(locate("a = 1\n", "no project named \"ledgr\""), None);
    }
}
