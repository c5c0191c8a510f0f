//! Questions at the terminal, one at a time (the `inquire` crate), on
//! stderr, for `mv coach`. Esc or Ctrl-C at any question ends the session
//! with [`Aborted`]: the caller has written nothing yet and writes nothing.
//! Nothing typed where an answer is required asks again.
//!
//! Every question, help line and default is shown [`printable`]: it can
//! quote a record.

use crate::error::{CommandError, Result};
use crate::model::{Date, parse_comfort, parse_date, text::printable};
use inquire::{Confirm, InquireError, Select, Text, validator::Validation};
use std::{fmt::Display, io::IsTerminal};

/// The session was ended before the end: Esc or Ctrl-C. Nothing may be
/// written.
#[derive(Debug, thiserror::Error)]
#[error("{why}")]
pub(crate) struct Aborted {
    /// What ended it, in words.
    pub why: String,
    /// The exit code: 130 for Esc and Ctrl-C (as for an interrupt).
    pub code: u8,
}

impl Aborted {
    fn by(why: &str) -> CommandError {
        CommandError::Aborted(Aborted {
            why: why.to_owned(),
            code: 130,
        })
    }
}

/// Whether questions can be asked: stdin and stderr are terminals.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn ended(e: InquireError) -> CommandError {
    match e {
        InquireError::OperationCanceled => Aborted::by("Esc pressed"),
        InquireError::OperationInterrupted => Aborted::by("Ctrl-C pressed"),
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
        printable(question),
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
    let answer = Text::new(&printable(question))
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
    Select::new(&printable(question), options)
        .with_help_message(&printable(help))
        .with_page_size(12)
        .prompt()
        .map_err(ended)
}

/// A date as a user types it (`YYYY-MM-DD`, a weekday, tomorrow), with a
/// default.
pub(crate) fn date(question: &str, default: Date, today: Date) -> Result<Date> {
    let answer = Text::new(&printable(question))
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
    let question = printable(question);
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

/// Yes or no, with a default.
pub(crate) fn confirm(question: &str, default: bool) -> Result<bool> {
    Confirm::new(&printable(question))
        .with_default(default)
        .prompt()
        .map_err(ended)
}
