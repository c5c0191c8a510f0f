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
