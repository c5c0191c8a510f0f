//! Opening the user's editor the way `git commit` does: the editor from
//! `git var GIT_EDITOR` (GIT_EDITOR, core.editor, VISUAL, EDITOR), run
//! through the shell on a temporary file.

use crate::error::{hinted, user};
use anyhow::{Context, Result};
use std::{io::IsTerminal, path::Path, process::Command};

/// Whether an editor can be opened: stdin and stderr are terminals.
pub(crate) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Lets the user edit `text` (a file named like `name`) and returns the
/// result. `dir` is where `git var` runs.
pub(crate) fn edit(dir: &Path, name: &str, text: &str) -> Result<String> {
    let editor = Command::new("git")
        .args(["var", "GIT_EDITOR"])
        .current_dir(dir)
        .output()
        .context("could not run `git var GIT_EDITOR`")?;
    let editor = String::from_utf8_lossy(&editor.stdout).trim().to_owned();
    if editor.is_empty() {
        return Err(hinted(
            "no editor is configured",
            "set one with `git config --global core.editor vim` or EDITOR=...",
        ));
    }
    let file = tempfile::Builder::new()
        .prefix("microvac-")
        .suffix(&format!("-{name}"))
        .tempfile()
        .context("could not create a temporary file for the editor")?;
    std::fs::write(file.path(), text).context("could not write the temporary file")?;
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(file.path())
        .current_dir(dir)
        .status()
        .with_context(|| format!("could not start the editor {editor:?}"))?;
    if !status.success() {
        return Err(user(format!(
            "the editor {editor:?} exited with {status}; nothing was recorded"
        )));
    }
    std::fs::read_to_string(file.path()).context("could not read back the edited file")
}

/// Removes `#` comment lines, as `git commit` does with its message.
pub(crate) fn strip_comments(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}
