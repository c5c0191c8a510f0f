//! What a finished CLI has: tab completion that knows the tracker (run for
//! real in bash: the script sourced, COMP_WORDS set, the completion
//! function called, COMPREPLY read), man pages, and help that shows
//! examples and `--format` only where it applies.

use crate::common;

use common::TestRepo;

/// A team with one open commitment (alice, sprint-planning on payments)
/// and one ended one, and `microvac` installed on PATH (the completion
/// script calls it by name). Returns the repo and the two IDs.
fn team_with_commitments() -> (TestRepo, String, String) {
    let mut repo = TestRepo::team();
    repo.install_microvac();
    repo.mv(&[
        "fill",
        "alice",
        "sprint-planning@payments",
        "--buddy",
        "bob",
    ])
    .success();
    repo.mv(&["fill", "bob", "status-email@payments"]).success();
    let id = |person: &str| {
        repo.mv(&["list", "--person", person, "--quiet"])
            .success()
            .stdout()
            .trim()
            .to_owned()
    };
    let (open, ended) = (id("alice"), id("bob"));
    repo.mv(&["drop", &ended, "--why", "reorg"]).success();
    (repo, open, ended)
}

/// What bash completes for `words` (the last one being the word under the
/// cursor) with the script of `mv completions bash` loaded, one candidate
/// a line.
fn bash_completes(repo: &TestRepo, words: &[&str]) -> Vec<String> {
    let script = repo.mv(&["completions", "bash"]).success().stdout();
    let path = repo.base().join("completion.bash");
    std::fs::write(&path, script).expect("the script is written");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        r#"source {script}
function_name=$(complete -p {bin} | sed -E 's/.* -F ([^ ]+) .*/\1/')
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
COMP_TYPE=9
"$function_name" {bin} "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#,
        script = path.display(),
        bin = words[0],
        words = quoted.join(" "),
    );
    let out = repo.cmd("bash", &["-c", &program]).run().success();
    out.stdout()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What bash offers at the end of `line`, split into words as bash itself
/// splits them (at blanks and at COMP_WORDBREAKS: `@`, `:`, `=`).
fn bash_completes_line(repo: &TestRepo, line: &str) -> Vec<String> {
    let script = repo.mv(&["completions", "bash"]).success().stdout();
    let path = repo.base().join("completion.bash");
    std::fs::write(&path, script).expect("the script is written");
    let bin = line.split(' ').next().expect("a program");
    let program = format!(
        r#"source {script}
function_name=$(complete -p {bin} | sed -E 's/.* -F ([^ ]+) .*/\1/')
COMP_LINE='{line}'
COMP_POINT=${{#COMP_LINE}}
COMP_WORDS=()
word=""
for ((i = 0; i < ${{#COMP_LINE}}; i++)); do
    c="${{COMP_LINE:i:1}}"
    case "$c" in
        " ") [[ -n "$word" ]] && COMP_WORDS+=("$word"); word="" ;;
        "@"|":"|"=") [[ -n "$word" ]] && COMP_WORDS+=("$word"); COMP_WORDS+=("$c"); word="" ;;
        *) word+="$c" ;;
    esac
done
COMP_WORDS+=("$word")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_TYPE=9
"$function_name" {bin} "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#,
        script = path.display(),
    );
    let out = repo.cmd("bash", &["-c", &program]).run().success();
    out.stdout()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_open_commitment_ids_for_checkin() {
    let (repo, open, ended) = team_with_commitments();
    let ids = bash_completes(&repo, &["mv", "checkin", ""]);
    assert!(ids.contains(&open), "{ids:?}");
    assert!(
        !ids.contains(&ended),
        "a dropped one takes no check-in: {ids:?}"
    );
    let ids = bash_completes(&repo, &["mv", "reopen", ""]);
    assert!(ids.contains(&ended) && !ids.contains(&open), "{ids:?}");
    let prefix = &open[..2];
    assert_eq!(bash_completes(&repo, &["microvac", "done", prefix]), [open]);
}

#[test]
fn bash_completes_handles_slugs_commands_and_flags() {
    let (repo, _, _) = team_with_commitments();
    assert_eq!(
        bash_completes(&repo, &["mv", "person", "show", "a"]),
        ["alice"]
    );
    assert_eq!(bash_completes(&repo, &["mv", "log", "b"]), ["bob"]);
    assert_eq!(
        bash_completes(
            &repo,
            &["mv", "fill", "alice", "sprint-planning", "--project", "p"]
        ),
        ["payments"]
    );
    let vacuums = bash_completes(&repo, &["mv", "table", "--vacuum", "s"]);
    assert_eq!(
        vacuums,
        [
            "sprint-planning",
            "stakeholder-demo",
            "standup",
            "status-email"
        ]
    );
    assert_eq!(bash_completes(&repo, &["mv", "rep"]), ["report"]);
    // `VACUUM@PROJECT`: bash splits the word at `@` (COMP_WORDBREAKS);
    // the project completes, never a host name.
    assert_eq!(
        bash_completes_line(&repo, "mv fill alice status-email@p"),
        ["payments"]
    );
    assert_eq!(
        bash_completes_line(&repo, "mv log alice --fill sprint-planning@"),
        ["payments"]
    );
    assert_eq!(
        bash_completes_line(&repo, "mv table --format=m"),
        ["markdown"]
    );
    assert_eq!(
        bash_completes_line(&repo, "mv fill alice sta"),
        ["stakeholder-demo", "standup", "status-email"]
    );
    let flags = bash_completes(&repo, &["mv", "checkin", "x", "--c"]);
    assert_eq!(flags, ["--comfort", "--color"]);
}

#[test]
fn outside_a_tracker_files_still_complete_for_the_system_mv() {
    let repo = TestRepo::plain();
    repo.write("notes.txt", "a file to move\n");
    let script = repo.mv(&["completions", "bash"]).success().stdout();
    // bash falls back to its default (file names) where microvac offers
    // nothing, as for `mv notes<TAB>`.
    assert!(script.contains("-o bashdefault"), "{script}");
    assert!(
        script.contains("complete -o nospace -o bashdefault -o nosort -F _clap_complete_mv mv"),
        "{script}"
    );
    assert!(
        script.contains("_clap_complete_microvac microvac"),
        "{script}"
    );
}

#[test]
fn every_shell_gets_a_script_for_both_names() {
    let repo = TestRepo::plain();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = repo.mv(&["completions", shell]).success().stdout();
        assert!(script.contains("MICROVAC_COMPLETE"), "{shell}: {script}");
        assert!(script.contains("microvac"), "{shell}");
    }
    let fish = repo.mv(&["completions", "fish"]).success().stdout();
    assert!(fish.contains("--exclusive --command microvac"), "{fish}");
    assert!(
        !fish.contains("--exclusive --command mv"),
        "mv also takes files: {fish}"
    );
    let zsh = repo.mv(&["completions", "zsh"]).success().stdout();
    assert_eq!(zsh.matches("_files").count(), 1, "{zsh}");
    let out = repo.mv(&["completions", "tcsh"]).code(2);
    assert!(
        out.stderr()
            .contains("possible values: bash, zsh, fish, elvish, powershell"),
        "{out}"
    );
}

#[test]
fn man_writes_a_page_per_command() {
    let repo = TestRepo::plain();
    let out = repo.mv(&["man", "share/man/man1"]).success();
    assert!(
        out.stderr().contains("man pages to share/man/man1"),
        "{out}"
    );
    let dir = repo.path().join("share/man/man1");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("the directory was made")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .into_string()
                .expect("UTF-8")
        })
        .collect();
    pages.sort();
    for page in [
        "mv.1",
        "mv-checkin.1",
        "mv-report.1",
        "mv-person-add.1",
        "mv-man.1",
    ] {
        assert!(pages.contains(&page.to_owned()), "{page} in {pages:?}");
    }
    let checkin = repo.read("share/man/man1/mv-checkin.1");
    assert!(
        checkin.starts_with(".ie \\n(.g .ds Aq \\(aq") || checkin.contains(".TH mv-checkin 1"),
        "{checkin}"
    );
    // Read like git's pages: value names in the SYNOPSIS, EXAMPLES.
    assert!(checkin.contains(".SH EXAMPLES"), "{checkin}");
    assert!(!checkin.contains(".SH EXTRA"), "{checkin}");
    assert!(checkin.contains("mv checkin k3f9xq"), "{checkin}");
    assert!(checkin.contains("[\\-C PATH]"), "{checkin}");
    assert!(
        checkin.contains("[\\-c|\\-\\-comfort COMFORT]"),
        "{checkin}"
    );
    assert!(checkin.contains("<ID>"), "{checkin}");
    let top = repo.mv(&["man"]).success().stdout();
    assert!(top.contains(".TH mv 1"), "{top}");
    assert!(
        top.contains("command \\-p mv \\-\\-version") || top.contains("command -p mv"),
        "{top}"
    );
}

/// `mv man --install` writes beside the running program (BIN/../share/man),
/// where man-db finds the pages of anything on PATH: `man mv-checkin` works
/// with no MANPATH set.
#[test]
fn man_install_puts_the_pages_where_man_finds_them() {
    let mut repo = TestRepo::plain();
    let prefix = repo.scratch("prefix");
    let bin = prefix.join("bin");
    std::fs::create_dir_all(&bin).expect("a bin directory");
    std::fs::copy(common::mv_bin(), bin.join("mv")).expect("install mv");
    repo.prepend_path(&bin);
    // A test forking beside this one may hold the fresh copy open for an
    // instant ("text file busy"): try again, as a package manager would.
    let mut tries = 0;
    let out = loop {
        match std::process::Command::new(bin.join("mv"))
            .args(["man", "--install"])
            .env("HOME", repo.home())
            .output()
        {
            Err(e) if e.raw_os_error() == Some(26) && tries < 20 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => break other.expect("mv man --install runs"),
        }
    };
    assert!(out.status.success(), "{out:?}");
    assert!(
        prefix.join("share/man/man1/mv-checkin.1").is_file(),
        "{out:?}"
    );
    let man = std::process::Command::new("man").arg("--version").output();
    if !man.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no man program on this machine");
        return;
    }
    let out = repo
        .cmd("man", &["-w", "mv-checkin"])
        .env_remove("MANPATH")
        .run()
        .success();
    assert_eq!(
        out.stdout().trim(),
        prefix
            .join("share/man/man1/mv-checkin.1")
            .display()
            .to_string()
    );
}

#[test]
fn help_shows_format_only_where_it_applies() {
    let repo = TestRepo::plain();
    for read in [
        &["table", "--help"][..],
        &["due", "--help"],
        &["report", "--help"],
        &["person", "list", "--help"],
    ] {
        let help = repo.mv(read).success().stdout();
        assert!(help.contains("--format <FORMAT>"), "{read:?}:\n{help}");
    }
    for write in [
        &["log", "--help"][..],
        &["checkin", "--help"],
        &["person", "add", "--help"],
        &["init", "--help"],
    ] {
        let help = repo.mv(write).success().stdout();
        assert!(!help.contains("--format"), "{write:?}:\n{help}");
        assert!(help.contains("Example"), "{write:?}:\n{help}");
    }
    let short = repo.mv(&["checkin", "-h"]).success().stdout();
    assert!(short.contains("Examples:\n  mv checkin k3f9xq"), "{short}");
}

/// `--format` is an argument of the commands that print records: clap
/// refuses it on the others and refuses the formats a command does not
/// take, naming those it does (nothing is recorded).
#[test]
fn clap_refuses_format_where_it_does_not_apply() {
    let repo = TestRepo::team();
    let before = repo.commit_count();
    let out = repo
        .mv(&["person", "add", "carol", "--format", "json"])
        .code(2);
    assert!(
        out.stderr()
            .contains("error: unexpected argument '--format' found"),
        "{out}"
    );
    assert_eq!(repo.commit_count(), before);
    assert_eq!(repo.status(), "");
    let out = repo.mv(&["table", "--format", "ics"]).code(2);
    assert!(
        out.stderr()
            .contains("[possible values: table, json, markdown, csv]"),
        "{out}"
    );
    // Help lists only the formats the command takes.
    let help = repo.mv(&["show", "--help"]).success().stdout();
    assert!(help.contains("table:") && help.contains("json:"), "{help}");
    for other in ["markdown", "csv", "html", "ics"] {
        assert!(!help.contains(other), "{other}:\n{help}");
    }
    let help = repo.mv(&["due", "--help"]).success().stdout();
    assert!(help.contains("ics:") && !help.contains("html"), "{help}");
}

#[test]
fn top_level_help_says_how_to_reach_the_system_mv() {
    let repo = TestRepo::plain();
    let help = repo.mv(&["--help"]).success().stdout();
    for needle in [
        "`mv -- log logs`",
        "command -p mv --version",
        "`mv --version` are",
    ] {
        assert!(help.contains(needle), "{needle}:\n{help}");
    }
    let bare = repo.microvac(&[]).success().stdout();
    assert!(
        bare.contains("Usage: microvac [OPTIONS] <COMMAND>"),
        "{bare}"
    );
    let bare = repo.mv(&[]).success().stdout();
    assert!(bare.contains("Usage: mv [OPTIONS] <COMMAND>"), "{bare}");
}
