//! `mv completions SHELL`: tab completion for bash, zsh, fish, elvish and
//! PowerShell, through clap_complete's completion engine. The script the
//! shell sources asks `microvac` (found on PATH when you press TAB) for the
//! candidates, so commands and flags come from this very program, and
//! handles, slugs and commitment IDs from the tracker in the current
//! directory.

use super::Ctx;
use crate::error::Result;
use crate::{
    model::{Commitment, Kind, text::printable},
    store::Tracker,
};
use clap::Command;
use clap_complete::{
    CompletionCandidate,
    engine::{ArgValueCandidates, ArgValueCompleter},
    env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh},
};
use std::{ffi::OsString, io::Write, process::ExitCode};

/// The environment variable under which `microvac` answers a shell's
/// request for completions instead of running a command.
const VAR: &str = "MICROVAC_COMPLETE";

/// Print the tab-completion script for your shell (mv and microvac).
///
/// Commands and flags complete, and so do the tracker's person handles,
/// project and vacuum slugs and commitment IDs. Load it from your shell's
/// start-up file, so it always matches the installed microvac.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  source <(mv completions bash)     (in ~/.bashrc; zsh: ~/.zshrc)
  mv completions fish | source      (in ~/.config/fish/config.fish)"#)]
pub(crate) struct Args {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

pub(crate) fn run(_ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let shell: &dyn EnvCompleter = match args.shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        Shell::Powershell => &Powershell,
    };
    for bin in ["mv", "microvac"] {
        let mut script = Vec::new();
        shell.write_registration(VAR, bin, bin, "microvac", &mut script)?;
        let script = String::from_utf8_lossy(&script);
        let script = match args.shell {
            Shell::Bash => whole_words(&script).into(),
            _ => script,
        };
        let script = match (bin, args.shell) {
            // `mv` also moves files: where microvac has nothing to offer,
            // the shell completes file names as it always did.
            ("mv", Shell::Fish) => script.replace("--exclusive ", ""),
            ("mv", Shell::Zsh) => script.replacen(
                "        [[ -n $other ]] && _describe -V 'values' other\n    fi",
                "        [[ -n $other ]] && _describe -V 'values' other\n    else\n        _files\n    fi",
                1,
            ),
            _ => script.into_owned(),
        };
        writeln!(out, "{}", script.trim_end())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// bash splits the word being completed at `@`, `:` and `=`
/// (COMP_WORDBREAKS), so `status-email@pa<TAB>` would ask for `pa` alone,
/// and bash's own fallback would offer host names: the words are rebuilt
/// from the line, split at blanks only, and the candidates are trimmed of
/// what bash keeps before the break.
fn whole_words(script: &str) -> String {
    script
        .replace(
            r#"    local words=("${COMP_WORDS[@]}")
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        words[COMP_CWORD]="$2"
    fi
"#,
            r#"    local words=("${COMP_WORDS[@]}")
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        words[COMP_CWORD]="$2"
    fi
    local _line="${COMP_LINE:0:COMP_POINT}" _cur _pre=""
    _cur="${_line##*[[:blank:]]}"
    if [[ "$_cur" == *[@:=]* ]]; then
        IFS=$' \t' read -r -a words <<< "$_line"
        [[ "$_line" == *[[:blank:]] ]] && words+=("")
        _CLAP_COMPLETE_INDEX=$(( ${#words[@]} - 1 ))
        _pre="${_cur%"${_cur##*[@:=]}"}"
    fi
"#,
        )
        .replace(
            r#"        compopt -o nospace
    fi
"#,
            r#"        compopt -o nospace
    fi
    if [[ -n "$_pre" && ${#COMPREPLY[@]} -gt 0 ]]; then
        COMPREPLY=("${COMPREPLY[@]#"$_pre"}")
    fi
"#,
        )
}

/// Answers a shell's request for completions (`MICROVAC_COMPLETE` set by
/// the script): `Some(exit code)` when it was one.
pub(crate) fn answer(args: &[OsString], command: impl Fn() -> Command) -> Option<ExitCode> {
    std::env::var_os(VAR)?;
    let cwd = std::env::current_dir().ok();
    let completed = clap_complete::CompleteEnv::with_factory(|| with_candidates(command()))
        .var(VAR)
        .try_complete(args.iter().cloned(), cwd.as_deref());
    match completed {
        Ok(true) => Some(ExitCode::SUCCESS),
        Ok(false) => None,
        Err(e) => {
            let _ = e.print();
            Some(ExitCode::from(2))
        }
    }
}

/// What an argument's values are, for completion.
#[derive(Debug, Clone, Copy)]
enum Values {
    Named(Kind),
    /// A vacuum, or `VACUUM@PROJECT` once an `@` is typed.
    Fill,
    Commitments(Which),
    Anything,
}

/// Which commitments' IDs a command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Open,
    Ended,
    All,
}

/// The command line with each argument that names a record completing
/// from the tracker, by the argument's name: `person`, `buddy`, `manager`,
/// `project`, `vacuum`, `needs`, a record's `slug`, a commitment's `id`,
/// history's `target`.
fn with_candidates(cmd: Command) -> Command {
    fn walk(cmd: Command, group: &str) -> Command {
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        let name = cmd.get_name().to_owned();
        let mut cmd = ids
            .into_iter()
            .fold(cmd, |cmd, id| match values(group, &name, &id) {
                Some(Values::Fill) => {
                    cmd.mut_arg(&id, |arg| arg.add(ArgValueCompleter::new(fill_candidates)))
                }
                Some(values) => cmd.mut_arg(&id, |arg| {
                    arg.add(ArgValueCandidates::new(move || candidates(values)))
                }),
                None => cmd,
            });
        if cmd.has_subcommands() {
            cmd = cmd.mut_subcommands(|sub| walk(sub, &name));
        }
        cmd
    }
    walk(cmd, "")
}

fn values(group: &str, command: &str, arg: &str) -> Option<Values> {
    Some(match arg {
        "vacuum" if command == "fill" => Values::Fill,
        "fill" => Values::Fill,
        "person" | "buddy" | "manager" => Values::Named(Kind::Person),
        "project" => Values::Named(Kind::Project),
        "vacuum" | "needs" => Values::Named(Kind::Vacuum),
        "target" => Values::Anything,
        "slug" if command != "add" => match group {
            "person" => Values::Named(Kind::Person),
            "project" => Values::Named(Kind::Project),
            "vacuum" => Values::Named(Kind::Vacuum),
            _ => return None,
        },
        "id" => Values::Commitments(match command {
            "checkin" | "done" | "drop" | "edit" => Which::Open,
            "reopen" => Which::Ended,
            _ => Which::All,
        }),
        _ => return None,
    })
}

/// The candidates from the tracker in the current directory (none outside
/// one).
fn candidates(values: Values) -> Vec<CompletionCandidate> {
    let Some(tracker) = std::env::current_dir()
        .ok()
        .and_then(|dir| Tracker::find(&dir).ok())
    else {
        return Vec::new();
    };
    match values {
        Values::Named(kind) => named(&tracker, kind),
        Values::Fill => named(&tracker, Kind::Vacuum),
        Values::Commitments(which) => commitments(&tracker, which),
        Values::Anything => [Kind::Person, Kind::Project, Kind::Vacuum]
            .into_iter()
            .flat_map(|kind| named(&tracker, kind))
            .chain(commitments(&tracker, Which::All))
            .collect(),
    }
}

/// `VACUUM` or, once the word has an `@`, `VACUUM@PROJECT` for each
/// project on record.
fn fill_candidates(current: &std::ffi::OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some((vacuum, _)) = current.split_once('@') else {
        return candidates(Values::Named(Kind::Vacuum))
            .into_iter()
            .filter(|c| {
                c.get_value()
                    .to_string_lossy()
                    .starts_with(current.as_ref())
            })
            .collect();
    };
    let Some(tracker) = std::env::current_dir()
        .ok()
        .and_then(|dir| Tracker::find(&dir).ok())
    else {
        return Vec::new();
    };
    tracker
        .names(Kind::Project)
        .into_iter()
        .map(|project| format!("{}@{}", printable(vacuum), printable(&project)))
        .filter(|whole| whole.starts_with(current.as_ref()))
        .map(|whole| CompletionCandidate::new(whole).help(Some("vacuum@project".into())))
        .collect()
}

fn named(tracker: &Tracker, kind: Kind) -> Vec<CompletionCandidate> {
    tracker
        .names(kind)
        .into_iter()
        .map(|name| {
            CompletionCandidate::new(printable(&name).as_ref()).help(Some(kind.noun().into()))
        })
        .collect()
}

fn commitments(tracker: &Tracker, which: Which) -> Vec<CompletionCandidate> {
    let loaded = tracker.load(&[Kind::Commitment]);
    let wanted = |c: &Commitment| match which {
        Which::Open => !c.status().is_ended(),
        Which::Ended => c.status().is_ended(),
        Which::All => true,
    };
    loaded
        .records
        .commitments
        .iter()
        .filter(|c| wanted(c))
        .map(|c| {
            let help = format!(
                "{}: {} on {} ({})",
                c.person.get_ref(),
                c.vacuum.get_ref(),
                c.project.get_ref(),
                c.status()
            );
            // Hand-edited text: shown escaped, never acting on the shell's
            // terminal or breaking the one-candidate-a-line answer.
            let help = printable(&help).into_owned();
            CompletionCandidate::new(printable(c.id.short()).as_ref()).help(Some(help.into()))
        })
        .collect()
}
