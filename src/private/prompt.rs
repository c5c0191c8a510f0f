//! Asking for an SSH key's passphrase at the terminal.

use std::io::IsTerminal;

/// Asks for a passphrase on the terminal, without echo; `None` when no one
/// is there to answer (a script, a hook, CI) or the prompt was cancelled
/// (Esc, Ctrl-C). The prompt goes to stderr, so `mv show … | less` still
/// asks.
pub(crate) fn ask_on_terminal(prompt: &str) -> Option<String> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    inquire::Password::new(&format!("{prompt}:"))
        .without_confirmation()
        .with_display_mode(inquire::PasswordDisplayMode::Hidden)
        .prompt()
        .ok()
}
