//! Asking for an SSH key's passphrase at the terminal.

use std::io::IsTerminal;

/// Asks for a passphrase on the terminal, without echo; `None` when no one
/// is there to answer (a script, a hook, CI) or the prompt was cancelled.
/// The prompt goes to stderr, so `mv show … | less` still asks.
pub(crate) fn ask_on_terminal(prompt: &str) -> Option<String> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    dialoguer::Password::new()
        .with_prompt(prompt)
        .allow_empty_password(true)
        .report(false)
        .interact()
        .ok()
}
