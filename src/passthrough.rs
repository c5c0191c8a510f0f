//! `mv` is also the system's file-move command. Any call whose first
//! argument is not one of microvac's own is handed, unchanged, to the system
//! `mv` by exec: same arguments, stdin, stdout and exit status. This runs
//! before any other start-up work. Inside a tracker, [`guard`] keeps back
//! the few calls that are slips that would wreck it.

pub mod guard;

use std::{
    ffi::{OsStr, OsString},
    os::unix::{ffi::OsStrExt, process::CommandExt},
    path::{Path, PathBuf},
};

/// Whether `mv WORD …` is microvac's: WORD is one of its commands (as the
/// command registry, `commands::Command`, spells them) or help or version.
/// Asks clap's derived `has_subcommand`, a match on the names, so an
/// ordinary file move builds no parser.
pub fn is_own_first_arg(word: &OsStr) -> bool {
    let Some(word) = word.to_str() else {
        return false;
    };
    crate::commands::HELP_AND_VERSION.contains(&word) || crate::commands::is_command(word)
}

/// microvac's global flags, which no system `mv` has: `-C PATH` (also
/// `-CPATH`), `--format[=…]`, `--color[=…]`.
fn is_global_flag(arg: &[u8]) -> bool {
    arg.starts_with(b"-C")
        || [b"--format".as_slice(), b"--color".as_slice()]
            .iter()
            .any(|flag| {
                arg == *flag || (arg.starts_with(flag) && arg.get(flag.len()) == Some(&b'='))
            })
}

/// Environment variable listing the `mv` programs already tried, so two
/// installed copies of microvac can never hand a call back and forth.
const SEEN_VAR: &str = "MICROVAC_PASSTHROUGH_SEEN";

/// Whether this call belongs to the system `mv`.
pub fn is_system_call(args: &[OsString]) -> bool {
    match args.get(1) {
        None => false,
        Some(first) => !is_own_first_arg(first) && !is_global_flag(first.as_bytes()),
    }
}

/// Replaces this process with the system `mv`. Returns only on failure,
/// with the message to show.
pub fn exec_system_mv(args: &[OsString]) -> String {
    let me = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok());
    let mut seen: Vec<PathBuf> = std::env::var_os(SEEN_VAR)
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    seen.extend(me.clone());
    let Some(target) = find_system_mv(&seen) else {
        return "microvac: no system `mv` found on PATH, in /usr/bin or in /bin to hand this call to"
            .into();
    };
    let mut cmd = std::process::Command::new(&target);
    cmd.arg0(args.first().map_or(OsStr::new("mv"), |a| a.as_os_str()))
        .args(&args[1..]);
    if let Ok(joined) = std::env::join_paths(&seen) {
        cmd.env(SEEN_VAR, joined);
    }
    let err = cmd.exec();
    format!("microvac: could not run {}: {err}", target.display())
}

/// The next `mv` on PATH that is not one already tried, else `/usr/bin/mv`
/// or `/bin/mv`.
pub fn find_system_mv(seen: &[PathBuf]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let candidates = std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join("mv"))
        .chain([PathBuf::from("/usr/bin/mv"), PathBuf::from("/bin/mv")]);
    for candidate in candidates {
        if !is_executable(&candidate) {
            continue;
        }
        let Ok(real) = candidate.canonicalize() else {
            continue;
        };
        if seen.iter().any(|s| same_file(s, &real)) {
            continue;
        }
        return Some(candidate);
    }
    None
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    if a.as_os_str().as_bytes() == b.as_os_str().as_bytes() {
        return true;
    }
    match (a.metadata(), b.metadata()) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn own_subcommands_and_help_stay_here() {
        assert!(!is_system_call(&args(&["mv"])));
        assert!(!is_system_call(&args(&["mv", "init"])));
        assert!(!is_system_call(&args(&["mv", "--help"])));
        assert!(!is_system_call(&args(&["mv", "-C", "x", "table"])));
        assert!(!is_system_call(&args(&["mv", "-Cx", "table"])));
        assert!(!is_system_call(&args(&["mv", "--format", "json", "table"])));
        assert!(!is_system_call(&args(&["mv", "--format=json", "table"])));
        assert!(!is_system_call(&args(&["mv", "--color=never", "table"])));
    }

    #[test]
    fn file_moves_go_to_the_system() {
        assert!(is_system_call(&args(&["mv", "a", "b"])));
        assert!(is_system_call(&args(&["mv", "-t", "dir", "a"])));
        assert!(is_system_call(&args(&["mv", "-i", "a", "b"])));
        assert!(is_system_call(&args(&["mv", "--", "init", "b"])));
        assert!(is_system_call(&args(&["mv", "--formatted", "b"])));
        assert!(is_system_call(&args(&["mv", "-f", "a", "b"])));
    }

    /// The words kept from the system `mv` are exactly clap's: every
    /// command and alias it parses (hidden ones too), help and version; a
    /// new command needs no word added here.
    #[test]
    fn the_words_kept_are_the_commands_clap_parses() {
        let cli = crate::cli::command("mv");
        let mut clap_words: Vec<&str> = cli
            .get_subcommands()
            .flat_map(|sub| std::iter::once(sub.get_name()).chain(sub.get_all_aliases()))
            .collect();
        for word in &clap_words {
            assert!(!is_system_call(&args(&["mv", word, "x"])), "mv {word} x");
        }
        // clap's own `help` command is added when the parser is built.
        clap_words.extend(crate::commands::HELP_AND_VERSION);
        clap_words.sort_unstable();
        clap_words.dedup();
        let mut ours = crate::commands::own_first_args();
        ours.sort_unstable();
        assert_eq!(ours, clap_words);
        for word in ["a", "logs", "Init", "init.toml", "merge_file", "-t"] {
            assert!(is_system_call(&args(&["mv", word, "x"])), "mv {word} x");
        }
    }
}
