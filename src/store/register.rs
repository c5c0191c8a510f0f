//! The git merge driver for the tracker's records, registered in two
//! halves: the tracker's `.gitattributes` (committed, so every clone has
//! it) sends `*.toml` to the driver named `microvac`, and each clone's own
//! git config says which command that is (git never takes commands from a
//! repository's content). `mv init` sets up both, idempotently; `mv sync`
//! sets up the clone's half when it is missing.

use super::{StoreError, Tracker, Writer};
use crate::{git::Committed, model::Action};

/// The attributes file, at the tracker's root.
pub(super) const ATTRIBUTES: &str = ".gitattributes";

/// The line that sends the tracker's records to the driver.
const LINE: &str = "*.toml merge=microvac";

/// The comment above it, for a person reading the file.
const COMMENT: &str =
    "# Tracker records merge field by field (microvac merge-file; see `mv init`).";

/// `merge.microvac.name`.
const NAME: &str = "microvac: merge tracker records field by field";

/// `merge.microvac.driver`: the field merge when `microvac` is installed;
/// else, with a word on stderr, git's own line merge with the same
/// markers, so a clone without microvac (or a GUI with another PATH)
/// still merges instead of failing.
///
/// Git runs this with `sh -c`, so nothing from the repository may ever
/// reach the shell unquoted: git single-quotes the path it puts for `%P`,
/// which is safe only where the placeholder stands bare (inside `"…"` the
/// quotes are literal and `$(…)` in a committed file name runs). `%O %A
/// %B` are temporary files git names itself. `--` keeps a path that starts
/// with `-` an argument; the fallback names no file at all (git's own
/// `Auto-merging` line does).
pub(super) const DRIVER: &str = "command -v microvac >/dev/null 2>&1 && exec microvac merge-file -- %O %A %B %P; \
     echo 'microvac is not on PATH, so git merges this tracker record line by line' >&2; \
     exec git merge-file -L ours -L base -L theirs %A %O %B";

/// The driver commands earlier versions of `mv init` registered, replaced
/// by the current one: the fallback of the first put `%P` inside double
/// quotes, where a shell evaluates a committed file name.
const OLD_DRIVERS: [&str; 1] = [
    "command -v microvac >/dev/null 2>&1 && exec microvac merge-file %O %A %B %P; \
     echo \"microvac is not on PATH: merging %P line by line\" >&2; \
     exec git merge-file -L ours -L base -L theirs %A %O %B",
];

/// Whether a merge driver command lets the shell git runs it with evaluate
/// text from the repository or a ref name: a `%P`, `%S`, `%X` or `%Y`
/// (which git fills in single-quoted) inside quotes of the command's own,
/// or right after a backslash, where those quotes no longer protect it.
pub fn driver_is_unsafe(command: &str) -> bool {
    #[derive(PartialEq)]
    enum Quote {
        None,
        Single,
        Double,
    }
    let mut quote = Quote::None;
    let mut escaped = false;
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' && chars.peek().is_some_and(|n| "PSXY".contains(*n)) {
            if quote != Quote::None || escaped {
                return true;
            }
            escaped = false;
            continue;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match (&quote, c) {
            (Quote::Single, '\'') => quote = Quote::None,
            (Quote::Single, _) => {}
            (_, '\\') => escaped = true,
            (Quote::None, '\'') => quote = Quote::Single,
            (Quote::None, '"') => quote = Quote::Double,
            (Quote::Double, '"') => quote = Quote::None,
            _ => {}
        }
    }
    false
}

/// Whether an attributes line sends `*.toml` to the microvac driver.
fn is_driver_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.first() == Some(&"*.toml") && words[1..].contains(&"merge=microvac")
}

impl Tracker {
    /// The tracker's `.gitattributes` with the driver's line added, or
    /// `None` when it already has it. The user's own lines are kept.
    fn attributes_with_driver(&self) -> Result<Option<String>, StoreError> {
        let existing = match std::fs::read(self.root().join(ATTRIBUTES)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(StoreError::Io {
                    path: self.shown(ATTRIBUTES),
                    source,
                });
            }
        };
        if existing.lines().any(is_driver_line) {
            return Ok(None);
        }
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&format!("{COMMENT}\n{LINE}\n"));
        Ok(Some(text))
    }

    /// Adds the driver's line to `.gitattributes` in `writer`'s change,
    /// when it is missing.
    pub(super) fn add_attributes(&self, writer: &mut Writer<'_>) -> Result<(), StoreError> {
        if let Some(text) = self.attributes_with_driver()? {
            writer.put(ATTRIBUTES, text)?;
        }
        Ok(())
    }

    /// In an existing tracker without the driver's line: adds it, in one
    /// commit of its own. `None` when it was already there.
    pub(super) fn commit_attributes(&self) -> Result<Option<Committed>, StoreError> {
        if self.attributes_with_driver()?.is_none() {
            return Ok(None);
        }
        let mut writer = self.begin()?;
        self.add_attributes(&mut writer)?;
        Ok(Some(writer.commit(&Action::MergeDriver)?))
    }

    /// Names the driver in this clone's git config. Returns whether
    /// anything changed; a driver command the user set by hand (one that
    /// runs `merge-file`, e.g. with microvac's full path) is kept.
    pub fn register_merge_driver(&self) -> Result<bool, StoreError> {
        let name = self.repo.set_local_config("merge.microvac.name", NAME)?;
        let current = self.repo.local_config("merge.microvac.driver");
        // A command the user set by hand is kept unless a shell would
        // evaluate a file name with it; an earlier version's is replaced.
        let keep = current.as_deref().is_some_and(|c| {
            c == DRIVER
                || (c.contains("merge-file") && !driver_is_unsafe(c) && !OLD_DRIVERS.contains(&c))
        });
        let driver = !keep
            && self
                .repo
                .set_local_config("merge.microvac.driver", DRIVER)?;
        Ok(name || driver)
    }

    /// What is missing for records to merge field by field in this clone,
    /// in one line (the attributes line, the clone's config, `microvac` on
    /// PATH); `None` when the driver is fully set up.
    pub fn merge_driver_notice(&self) -> Option<String> {
        match self.attributes_with_driver() {
            Ok(Some(_)) => Some(format!(
                "{} does not send records to the microvac merge driver, so git merges them line by line; run `mv init` to add it",
                self.shown(ATTRIBUTES)
            )),
            _ if self.unsafe_driver().is_some() => self.unsafe_driver(),
            _ if self.repo.local_config("merge.microvac.driver").is_none() => Some(
                "this clone has no merge driver for tracker records, so git merges them line by line; run `mv init` once here".into(),
            ),
            _ if !on_path("microvac") => Some(
                "the merge driver runs `microvac`, which is not on PATH here, so git merges records line by line; install microvac (or put it on PATH)".into(),
            ),
            _ => None,
        }
    }
}

impl Tracker {
    /// When this clone's `merge.microvac.driver` lets a shell evaluate a
    /// file name (the driver of microvac before 0.3, or one set by hand):
    /// what is wrong and the fix, in one line.
    pub fn unsafe_driver(&self) -> Option<String> {
        let current = self.repo.local_config("merge.microvac.driver")?;
        driver_is_unsafe(&current).then(|| {
            "merge.microvac.driver in this clone's git config puts a file name where the shell git runs it with would evaluate it (a committed name like `x$(cmd).toml` runs `cmd` on the next merge); run `mv init` to replace it with microvac's safe driver".to_owned()
        })
    }
}

/// Whether `program` is an executable file in a directory of `PATH`, as
/// the shell that runs the driver would find it.
fn on_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(program))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_driver_line_is_recognised_among_others() {
        assert!(is_driver_line("*.toml merge=microvac"));
        assert!(is_driver_line("*.toml   text merge=microvac"));
        assert!(!is_driver_line("# *.toml merge=microvac"));
        assert!(!is_driver_line("*.md merge=microvac"));
        assert!(!is_driver_line("*.toml merge=union"));
    }

    #[test]
    fn a_placeholder_inside_quotes_is_unsafe_and_a_bare_one_is_not() {
        assert!(!driver_is_unsafe(DRIVER));
        for old in OLD_DRIVERS {
            assert!(driver_is_unsafe(old));
        }
        assert!(!driver_is_unsafe(
            "/opt/bin/microvac merge-file %O %A %B %P"
        ));
        assert!(!driver_is_unsafe("echo \"%A\" %P 'it''s'"));
        assert!(driver_is_unsafe("microvac merge-file %O %A %B '%P'"));
        assert!(driver_is_unsafe("echo \"merging %P\""));
        assert!(driver_is_unsafe("echo \"label %X\""));
        assert!(driver_is_unsafe("echo \\%P"));
        assert!(!driver_is_unsafe("echo \"\\\"\" %P"));
    }
}
