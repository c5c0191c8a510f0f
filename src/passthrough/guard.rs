//! Inside a tracker, two kinds of call look like file moves but are slips
//! that would wreck it: `mv people list` (the folders are plural, the
//! commands singular, so the system `mv` renames `people/` to `list/`) and
//! `mv tabel` (a near miss of a command). Those are not handed to the
//! system `mv`; every other call is, exactly as outside a tracker.
//!
//! This runs before every pass-through, so it stays cheap: string
//! comparisons, then one `lstat` of the first argument; only when it is
//! not there, a few `stat`s walking up to the work tree's root, and only
//! inside a tracker the list of commands (built from clap's definition).

use crate::store::{TOP_LEVEL, TRACKER_FILE};
use std::{
    ffi::OsString,
    fmt,
    os::unix::ffi::OsStrExt,
    path::{Path, PathBuf},
};

/// A call not handed to the system `mv`, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong.
    pub message: String,
    /// What to type instead.
    pub hint: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}\nhint: {}", self.message, self.hint)
    }
}

/// Why `args` (program name first), run in `cwd` (`.` will do), must not
/// reach the system `mv`; `None` for every call that should.
pub fn refusal(args: &[OsString], cwd: &Path) -> Option<Refusal> {
    let first = args.get(1)?.to_str()?;
    if first.starts_with('-') || first.is_empty() {
        return None;
    }
    let entry = first.trim_end_matches('/');
    let named = Path::new(entry).file_name().and_then(|n| n.to_str());
    if let Some(name) = named.filter(|n| TOP_LEVEL.contains(n)) {
        let parent = cwd.join(entry).parent().map(Path::to_path_buf)?;
        return is_tracker_root(&parent).then(|| tracker_entry(name, args));
    }
    // No command is a path or one letter; a file that is there is moved.
    // (Both before the list of commands, which is built from clap's.)
    if first.contains('/') || first.len() < 2 {
        return None;
    }
    if std::fs::symlink_metadata(cwd.join(first)).is_ok() || !tracker_above(cwd) {
        return None;
    }
    let command = near_miss(first)?;
    Some(Refusal {
        message: format!("`{first}` is not a microvac command, and there is no file {first} here"),
        hint: format!("did you mean `mv {command}`?"),
    })
}

/// The refusal for a call whose first argument is the tracker's own
/// `name`.
fn tracker_entry(name: &str, args: &[OsString]) -> Refusal {
    let what = if name == TRACKER_FILE {
        format!("{name} is this tracker's settings file")
    } else {
        format!("{name}/ is a folder of this tracker")
    };
    let rest = shell_words(&args[1..]);
    Refusal {
        message: format!("{what}, so `mv {rest}` was not handed to the system mv"),
        hint: format!("to really move it, use `mv -- {rest}` or `command mv {rest}`"),
    }
}

/// The microvac command `word` is a slip of: at most two edits (letters
/// added, removed, changed or swapped) and at most half of what was typed.
fn near_miss(word: &str) -> Option<String> {
    if word.contains('/') || word.len() < 2 {
        return None;
    }
    crate::commands::own_first_args()
        .into_iter()
        .filter(|c| !c.starts_with('-') && c.len().abs_diff(word.len()) <= 2)
        .map(|c| (strsim::damerau_levenshtein(word, &c), c))
        .filter(|(d, _)| *d <= 2 && *d * 2 <= word.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Whether `dir` holds a tracker's `microvac.toml` inside a git work tree.
fn is_tracker_root(dir: &Path) -> bool {
    dir.join(TRACKER_FILE).is_file() && in_work_tree(dir)
}

/// Whether `dir` or a directory above it, up to the work tree's root, is a
/// tracker's root.
fn tracker_above(dir: &Path) -> bool {
    let dir = absolute(dir);
    for d in dir.ancestors() {
        if d.join(TRACKER_FILE).is_file() {
            return in_work_tree(d);
        }
        if d.join(".git").exists() {
            return false;
        }
    }
    false
}

/// Whether `dir` lies in a git work tree (a `.git` at or above it).
fn in_work_tree(dir: &Path) -> bool {
    absolute(dir).ancestors().any(|d| d.join(".git").exists())
}

fn absolute(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// Arguments as a shell would need them typed again.
fn shell_words(args: &[OsString]) -> String {
    args.iter()
        .map(|a| {
            let bytes = a.as_bytes();
            let plain = !bytes.is_empty()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_./:@%+=,".contains(b));
            if plain {
                a.to_string_lossy().into_owned()
            } else {
                format!("'{}'", a.to_string_lossy().replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("mv")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    fn tracker() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("people/sub")).unwrap();
        std::fs::write(dir.path().join(TRACKER_FILE), "schema = 1\n").unwrap();
        std::fs::write(dir.path().join("tabel"), "a file named like a slip\n").unwrap();
        dir
    }

    #[test]
    fn slips_inside_a_tracker_are_refused() {
        let dir = tracker();
        let root = dir.path();
        for call in [
            &["people", "list"][..],
            &["people/", "list"],
            &["./people", "x"],
            &["commitments", "done"],
            &["microvac.toml", "old.toml"],
            &["hooks", "x"],
            &["logs", "x"],
        ] {
            assert!(refusal(&args(call), root).is_some(), "{call:?}");
        }
        let from_below = refusal(&args(&["../people", "x"]), &root.join("people/sub"));
        assert_eq!(from_below, None, "people/people is not the tracker's");
        let up = refusal(&args(&["../../people", "x"]), &root.join("people/sub"));
        assert!(up.is_some());
        let slip = refusal(&args(&["histroy", "alice"]), &root.join("people/sub")).unwrap();
        assert_eq!(slip.hint, "did you mean `mv history`?");
        assert_eq!(
            refusal(&args(&["people", "my list"]), root).unwrap().hint,
            "to really move it, use `mv -- people 'my list'` or `command mv people 'my list'`"
        );
    }

    #[test]
    fn everything_else_passes() {
        let dir = tracker();
        let root = dir.path();
        for call in [
            &["a", "b"][..],
            &["--", "people", "list"],
            &["-t", "x", "people"],
            &["tabel", "x"],
            &["people/alice.toml", "x"],
            &["d", "x"],
        ] {
            assert_eq!(refusal(&args(call), root), None, "{call:?}");
        }
        // Outside a tracker nothing is refused.
        let plain = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(plain.path().join("people")).unwrap();
        assert_eq!(refusal(&args(&["people", "list"]), plain.path()), None);
        assert_eq!(refusal(&args(&["tabel", "x"]), plain.path()), None);
    }

    #[test]
    fn near_misses_are_close_to_what_was_typed() {
        assert_eq!(near_miss("tabel").as_deref(), Some("table"));
        assert_eq!(near_miss("histroy").as_deref(), Some("history"));
        assert_eq!(near_miss("chekin").as_deref(), Some("checkin"));
        assert_eq!(near_miss("du").as_deref(), Some("due"));
        assert_eq!(near_miss("d"), None);
        assert_eq!(near_miss("a"), None);
        assert_eq!(near_miss("notes.txt"), None);
        assert_eq!(near_miss("src/tabel"), None);
    }
}
