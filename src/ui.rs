//! Every message microvac prints to the user about what it did or what went
//! wrong goes through here: stdout for results, stderr for the rest,
//! colour only where the terminal and `NO_COLOR` allow. Messages can quote
//! a record or a file name, so their control characters are shown escaped
//! (`render::printable`), never sent to the terminal.

use crate::{render::printable, store::Problem};
use anstream::{eprintln, println};
use anstyle::{AnsiColor, Style};

/// Whether styled output should go to stdout.
pub fn stdout_styled() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

fn stderr_styled() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const DONE: Style = AnsiColor::Green.on_default();

/// Reports a failure, with a hint on how to get past it.
pub fn error(message: &str, hint: Option<&str>) {
    eprintln!("{ERROR}error{ERROR:#}: {}", printable(message));
    if let Some(hint) = hint {
        eprintln!("{HINT}hint{HINT:#}: {}", printable(hint));
    }
}

/// One more hint after an error.
pub fn hint(hint: &str) {
    eprintln!("{HINT}hint{HINT:#}: {}", printable(hint));
}

/// Reports something the user should know that did not stop the command.
pub fn warn(message: &str) {
    eprintln!("{WARN}warning{WARN:#}: {}", printable(message));
}

/// Shows broken files with their diagnostics.
pub fn problems(problems: &[Problem]) {
    let styled = stderr_styled();
    for p in problems {
        eprintln!("{}\n", p.render(styled));
    }
    let n = problems.len();
    eprintln!(
        "{ERROR}error{ERROR:#}: {n} problem{} found",
        if n == 1 { "" } else { "s" }
    );
}

/// Confirms a change was recorded: its subject and the commit.
pub fn recorded(subject: &str, commit: &str) {
    println!(
        "{DONE}recorded{DONE:#}: {} ({})",
        printable(subject),
        &commit[..commit.len().min(10)]
    );
}

/// A plain informational line on stderr (progress, "nothing to do").
pub fn note(message: &str) {
    eprintln!("{}", printable(message));
}

/// How wide stderr's terminal is: `COLUMNS` when set (as for tables),
/// else the terminal's own size, else 80; `None` when stderr is not a
/// terminal (piped text is left to the reader). A width of 0 (`script`,
/// some CI shells) is unknown.
pub fn stderr_width() -> Option<usize> {
    use std::io::IsTerminal;
    let stderr = std::io::stderr();
    if !stderr.is_terminal() {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0);
    let own = || {
        terminal_size::terminal_size_of(&stderr)
            .map(|(w, _)| usize::from(w.0))
            .filter(|w| *w > 0)
    };
    Some(columns.or_else(own).unwrap_or(80))
}
