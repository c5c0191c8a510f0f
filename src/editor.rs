//! Opening the user's editor the way `git commit` does: the editor from
//! `git var GIT_EDITOR` (GIT_EDITOR, core.editor, VISUAL, EDITOR), run
//! through the shell on a temporary file.
//!
//! The text may hold a private note, so the file lives in a directory of
//! its own (mode 0700, the file 0600, under `$TMPDIR`), which is removed
//! on every way out: success, error, panic, and a signal while the editor
//! is open (see [`signals`]). Only SIGKILL, which nothing can catch,
//! leaves it behind.

mod signals;

use crate::error::{CommandError, Context, Result};
use crate::error::{hinted, user};
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
    // Caught from before the file exists to after it is gone.
    let guard = signals::Guard::install();
    let scratch = tempfile::Builder::new()
        .prefix("microvac-")
        .tempdir()
        .context("could not create a temporary directory for the editor")?;
    let path = scratch.path().join(name);
    write_private(&path, text).context("could not write the temporary file")?;
    if let Some(signal) = guard.caught() {
        drop(scratch);
        signals::die_by(signal);
    }
    let child = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(&path)
        .current_dir(dir)
        .spawn();
    let status = match child {
        Ok(child) => guard.wait(child.id()),
        Err(e) => {
            drop(scratch);
            return Err(CommandError::internal(
                e,
                format!("could not start the editor {editor:?}"),
            ));
        }
    };
    let edited = std::fs::read_to_string(&path);
    // Removed before anything else, signal or not.
    let removed = scratch.close();
    if let Some(signal) = guard.caught() {
        drop(edited);
        signals::die_by(signal);
    }
    drop(guard);
    removed.context("could not remove the editor's temporary file")?;
    let exited = status.is_some_and(|s| libc::WIFEXITED(s) && libc::WEXITSTATUS(s) == 0);
    if !exited {
        return Err(user(format!(
            "the editor {editor:?} {}; nothing was recorded",
            describe(status)
        )));
    }
    edited.context("could not read back the edited file")
}

/// How the editor ended, in words.
fn describe(status: Option<libc::c_int>) -> String {
    match status {
        Some(s) if libc::WIFEXITED(s) => {
            format!("exited with exit status: {}", libc::WEXITSTATUS(s))
        }
        Some(s) if libc::WIFSIGNALED(s) => format!("was ended by signal {}", libc::WTERMSIG(s)),
        _ => "could not be waited for".into(),
    }
}

/// Writes `text` to a new file only its owner can read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// Removes `#` comment lines, as `git commit` does with its message.
pub(crate) fn strip_comments(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Blanks `#` comment lines (each becomes spaces of the same length), so a
/// parser's line, column and byte offsets point into the text the user
/// edited.
pub(crate) fn blank_comments(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            if line.trim_start().starts_with('#') {
                let end = line.trim_end_matches(['\n', '\r']);
                format!("{}{}", " ".repeat(end.len()), &line[end.len()..])
            } else {
                line.to_owned()
            }
        })
        .collect()
}

/// The lines microvac puts at the top of a text it reopens in the editor.
const REOPENED: &str = "# microvac: ";

/// How many lines at the top of `text` microvac put there (see
/// [`with_header`]).
pub(crate) fn header_lines(text: &str) -> usize {
    text.lines().take_while(|l| l.starts_with(REOPENED)).count()
}

/// `text` to edit again, with `message` as comment lines at the top (any
/// such lines from an earlier round replaced).
pub(crate) fn with_header(text: &str, message: &[String]) -> String {
    let body: String = text
        .split_inclusive('\n')
        .skip(header_lines(text))
        .collect();
    let header: String = message
        .iter()
        .map(|line| format!("{REOPENED}{line}\n"))
        .collect();
    format!("{header}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanked_comments_keep_every_offset() {
        let text = "# héllo\nexemplar = \"x\"\n  # indented\r\nnext = 1\n";
        let blank = blank_comments(text);
        assert_eq!(blank.len(), text.len());
        assert_eq!(blank.find("exemplar"), text.find("exemplar"));
        assert_eq!(blank.find("next"), text.find("next"));
        assert!(!blank.contains('#'));
    }

    #[test]
    fn a_new_header_replaces_the_old_one() {
        let once = with_header("a = 1\n", &["first".into(), "second".into()]);
        assert_eq!(once, "# microvac: first\n# microvac: second\na = 1\n");
        assert_eq!(header_lines(&once), 2);
        let twice = with_header(&once, &["third".into()]);
        assert_eq!(twice, "# microvac: third\na = 1\n");
    }
}
