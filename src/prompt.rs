//! Questions at the terminal, one at a time (the `inquire` crate), on
//! stderr, for `mv coach`. Esc or Ctrl-C at any question ends the session
//! with [`Aborted`]: the caller has written nothing yet and writes nothing.
//! Nothing typed where an answer is required asks again.
//!
//! Every question, help line and default is shown [`printable`]: it can
//! quote a record.

pub(crate) use crate::error::Aborted;
use crate::error::{CommandError, Result};
use crate::model::{Date, parse_comfort, parse_date, text::printable};
use inquire::{Confirm, InquireError, Select, Text, validator::Validation};
use std::{fmt::Display, io::IsTerminal};

/// Whether questions can be asked: stdin and stderr are terminals.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn ended(e: InquireError) -> CommandError {
    match e {
        InquireError::OperationCanceled => Aborted::by("Esc pressed").into(),
        InquireError::OperationInterrupted => Aborted::by("Ctrl-C pressed").into(),
        other => CommandError::internal(other, "could not ask at the terminal"),
    }
}

/// An optional answer: `None` when left empty. `default` is taken on
/// Enter.
pub(crate) fn text(
    question: &str,
    help: Option<&str>,
    default: Option<&str>,
) -> Result<Option<String>> {
    ask_text(question, help, default, false)
}

/// What an empty answer to a required question is told.
const NEEDED: &str = "an answer is needed here (Esc stops without recording anything)";

fn ask_text(
    question: &str,
    help: Option<&str>,
    default: Option<&str>,
    required: bool,
) -> Result<Option<String>> {
    let (question, help, default) = (
        fitted(question),
        help.map(printable),
        default.map(printable),
    );
    let mut prompt = Text::new(&question);
    if let Some(help) = &help {
        prompt = prompt.with_help_message(help);
    }
    if let Some(default) = default.as_deref().filter(|d| !d.is_empty()) {
        prompt = prompt.with_default(default);
    }
    if required {
        prompt = prompt.with_validator(|input: &str| {
            Ok(match input.trim() {
                "" => Validation::Invalid(NEEDED.into()),
                _ => Validation::Valid,
            })
        });
    }
    let answer = prompt.prompt().map_err(ended)?;
    let answer = answer.trim();
    Ok((!answer.is_empty()).then(|| answer.to_owned()))
}

/// A required answer: left empty, it is asked again.
pub(crate) fn required(
    question: &str,
    help: Option<&str>,
    default: Option<&str>,
) -> Result<String> {
    loop {
        if let Some(answer) = ask_text(question, help, default, true)? {
            return Ok(answer);
        }
    }
}

/// An answer that `check` accepts (it says what is wrong otherwise);
/// `None` when left empty, for the caller to go back a step.
pub(crate) fn checked(
    question: &str,
    help: &str,
    check: impl Fn(&str) -> Result<(), String> + Clone + 'static,
) -> Result<Option<String>> {
    let answer = Text::new(&fitted(question))
        .with_help_message(&printable(help))
        .with_validator(move |input: &str| {
            let input = input.trim();
            Ok(match check(input) {
                _ if input.is_empty() => Validation::Valid,
                Ok(()) => Validation::Valid,
                Err(e) => Validation::Invalid(e.into()),
            })
        })
        .prompt()
        .map_err(ended)?;
    let answer = answer.trim();
    Ok((!answer.is_empty()).then(|| answer.to_owned()))
}

/// One of `options`, the cursor starting on the first. Typing filters
/// the list.
pub(crate) fn select<T: Display>(question: &str, help: &str, options: Vec<T>) -> Result<T> {
    Select::new(&fitted(question), options)
        .with_help_message(&printable(help))
        .with_page_size(12)
        .prompt()
        .map_err(ended)
}

/// A date as a user types it (`YYYY-MM-DD`, a weekday, tomorrow), with a
/// default.
pub(crate) fn date(question: &str, default: Date, today: Date) -> Result<Date> {
    // The answer is echoed as the date it means: "friday" is shown as
    // "2026-11-27 (friday)", so the manager sees which Friday.
    let echo = move |input: &str| {
        let typed = input.trim();
        match parse_date(typed, today) {
            Ok(date) if typed == date.to_string() => typed.to_owned(),
            Ok(date) => format!("{date} ({})", printable(typed)),
            Err(_) => printable(typed).into_owned(),
        }
    };
    let answer = Text::new(&fitted(question))
        .with_formatter(&echo)
        .with_default(&default.to_string())
        .with_help_message("YYYY-MM-DD, tomorrow, or a weekday (the next one)")
        .with_validator(move |input: &str| {
            Ok(match parse_date(input, today) {
                Ok(_) => Validation::Valid,
                Err(e) => Validation::Invalid(e.to_string().into()),
            })
        })
        .prompt()
        .map_err(ended)?;
    Ok(parse_date(&answer, today).unwrap_or(default))
}

/// A comfort score, 1 (very uncomfortable) to 5 (at ease), `default`
/// taken on Enter; `None` when left empty. Anything else is named and
/// asked again.
pub(crate) fn comfort(question: &str, default: Option<i64>) -> Result<Option<i64>> {
    let default = default.map(|d| d.to_string());
    let question = fitted(question);
    let mut prompt = Text::new(&question);
    if let Some(default) = &default {
        prompt = prompt.with_default(default);
    }
    let answer = prompt
        .with_help_message("1 (very uncomfortable) to 5 (at ease); Enter to skip")
        .with_validator(|input: &str| {
            let input = input.trim();
            Ok(match parse_comfort(input) {
                _ if input.is_empty() => Validation::Valid,
                Ok(_) => Validation::Valid,
                Err(e) => Validation::Invalid(e.to_string().into()),
            })
        })
        .prompt()
        .map_err(ended)?;
    Ok(parse_comfort(answer.trim()).ok())
}

/// A line of the conversation on stderr, like [`crate::ui::note`]; on a
/// terminal, a line wider than it is wrapped at spaces under its
/// indentation, never inside a word.
pub(crate) fn say(message: &str) {
    let shown = printable(message);
    match crate::ui::stderr_width() {
        Some(width) if shown.lines().any(|l| l.chars().count() > width) => {
            for line in crate::render::wrap_words(&shown, width) {
                anstream::eprintln!("{line}");
            }
        }
        _ => anstream::eprintln!("{shown}"),
    }
}

/// The question [`printable`], and short enough for its line: on a
/// terminal too narrow for it (and an answer), its opening sentences are
/// printed above it, wrapped at words, and the prompt keeps the last one
/// (or as many of its last words as fit). The terminal never breaks a word.
fn fitted(question: &str) -> String {
    let shown = printable(question).into_owned();
    match crate::ui::stderr_width() {
        Some(width) => {
            let (lead, ask) = split_to_fit(&shown, width);
            if let Some(lead) = lead {
                say(&lead);
            }
            ask
        }
        None => shown,
    }
}

/// Room kept on a prompt's line for `? `, a default and a short answer.
const ANSWER_ROOM: usize = 26;

/// Splits `question` into what is said above the prompt and the prompt
/// itself, so that the prompt fits `width` with room for an answer: at a
/// sentence's end (`. `, `? `, `: `) where one leaves a prompt that fits,
/// else at the last words that fit. The prompt keeps the question's
/// indentation (under a numbered question's text).
fn split_to_fit(question: &str, width: usize) -> (Option<String>, String) {
    let room = width.saturating_sub(ANSWER_ROOM).max(20);
    if question.chars().count() <= room {
        return (None, question.to_owned());
    }
    let body = question.trim_start_matches(' ');
    let numbered = body
        .split_once(". ")
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .map_or(0, |(n, _)| n.len() + 2);
    let indent = " ".repeat(question.len() - body.len() + numbered);
    let fits = |rest: &str| indent.len() + rest.trim().chars().count() <= room;
    let ends: Vec<usize> = question
        .match_indices(['.', '?', ':'])
        .map(|(i, _)| i + 1)
        .filter(|&i| {
            // Not before a parenthesis: "(Enter to skip)" is no prompt.
            question[i..].starts_with(' ')
                && !question[i..].trim_start().starts_with('(')
                && question[..i].trim().len() > numbered
        })
        .collect();
    let at = ends
        .into_iter()
        .find(|&i| fits(&question[i..]))
        .unwrap_or_else(|| {
            // No sentence end leaves a short enough prompt: the last words.
            let spaces: Vec<usize> = question.match_indices(' ').map(|(i, _)| i).collect();
            spaces
                .into_iter()
                .filter(|&i| question[..i].trim().len() > numbered)
                .find(|&i| fits(&question[i..]))
                .unwrap_or(question.len())
        });
    let (lead, rest) = question.split_at(at);
    let rest = rest.trim();
    if rest.is_empty() {
        return (None, question.to_owned());
    }
    (Some(lead.trim_end().to_owned()), format!("{indent}{rest}"))
}

/// Yes or no, with a default.
pub(crate) fn confirm(question: &str, default: bool) -> Result<bool> {
    Confirm::new(&fitted(question))
        .with_default(default)
        .prompt()
        .map_err(ended)
}

#[cfg(test)]
mod tests {
    use super::split_to_fit;

    #[test]
    fn a_long_question_is_split_at_a_sentence_and_keeps_its_indentation() {
        let q =
            "1. Ask them to think of the best run project they have ever seen. What was it called?";
        assert_eq!(split_to_fit(q, 160), (None, q.to_owned()));
        assert_eq!(
            split_to_fit(q, 80),
            (
                Some(
                    "1. Ask them to think of the best run project they have ever seen.".to_owned()
                ),
                "   What was it called?".to_owned()
            )
        );
        let q = "   Someone led in a small way to make \"well-run sprint planning\" happen: which vacuum did they fill?";
        assert_eq!(
            split_to_fit(q, 80),
            (
                Some(
                    "   Someone led in a small way to make \"well-run sprint planning\" happen:"
                        .to_owned()
                ),
                "   which vacuum did they fill?".to_owned()
            )
        );
        // No sentence end: the last words that fit.
        let q = "   one two three four five six seven eight nine ten eleven twelve thirteen";
        let (lead, ask) = split_to_fit(q, 60);
        assert_eq!(
            lead.as_deref(),
            Some("   one two three four five six seven eight")
        );
        assert_eq!(ask, "   nine ten eleven twelve thirteen");
    }
}
