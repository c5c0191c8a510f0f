//! The README stays true: its install line works in the shells a newcomer
//! has (one that already ran the system `mv`, one with `~/.cargo/bin` after
//! `/usr/bin` on PATH), and its session runs as written, every command
//! succeeding, in a fresh scratch repository with the built binaries first
//! on PATH.

use crate::common;

use common::{TestRepo, microvac_bin, mv_bin};
use std::path::PathBuf;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable")
}

/// The first ```sh block after `heading` (or the first in the file).
fn sh_block(heading: Option<&str>) -> String {
    let text = readme();
    let from = heading.map_or(0, |h| {
        text.find(&format!("\n{h}\n"))
            .unwrap_or_else(|| panic!("README.md has no {h:?}"))
    });
    let rest = &text[from..];
    let start = rest.find("```sh\n").expect("a ```sh block") + "```sh\n".len();
    let end = rest[start..].find("```").expect("the block ends");
    rest[start..start + end].to_owned()
}

/// A directory holding links to the built `mv` and `microvac`.
fn built_bin(repo: &TestRepo) -> PathBuf {
    let bin = repo.scratch("built-bin");
    for (name, target) in [("mv", mv_bin()), ("microvac", microvac_bin())] {
        let link = bin.join(name);
        if !link.exists() {
            std::os::unix::fs::symlink(target, link).expect("link a binary");
        }
    }
    bin
}

/// Runs the README's install line in bash, with `cargo install` standing
/// in as a function that links the built binaries into ~/.cargo/bin, after
/// `before` (e.g. a `mv` that makes bash remember /usr/bin/mv), with PATH
/// as `path` says (`CARGO_BIN` is ~/.cargo/bin).
fn install_line(before: &str, path: &str) -> (TestRepo, common::Output) {
    let repo = TestRepo::plain();
    let home = repo.home().to_path_buf();
    let line = sh_block(None)
        .lines()
        .next()
        .expect("the install line")
        .to_owned();
    assert!(
        line.starts_with("cargo install --path . --locked"),
        "{line}"
    );
    let cargo_bin = home.join(".cargo/bin");
    let program = format!(
        r#"cargo() {{ mkdir -p "$CARGO_BIN" && ln -s "$BUILT_MV" "$BUILT_MICROVAC" "$CARGO_BIN/"; }}
{before}
{line}"#
    );
    let path = path.replace("CARGO_BIN", &cargo_bin.display().to_string());
    let out = repo
        .cmd("bash", &["-c", &program])
        .env("PATH", path)
        .env("CARGO_BIN", &cargo_bin)
        .env("BUILT_MV", mv_bin())
        .env("BUILT_MICROVAC", microvac_bin())
        .run();
    (repo, out)
}

#[test]
fn the_install_line_works_where_cargo_bin_comes_after_usr_bin() {
    let (repo, out) = install_line("", "/usr/bin:/bin:CARGO_BIN");
    let out = out.success();
    assert!(
        repo.home().join("coaching/microvac.toml").is_file(),
        "{out}"
    );
}

#[test]
fn the_install_line_works_after_bash_remembered_the_system_mv() {
    // The newcomer moved a file before installing: bash hashed /usr/bin/mv.
    let before = "touch moved && mv moved moved-too && hash | grep -q /mv";
    let (repo, out) = install_line(before, "CARGO_BIN:/usr/bin:/bin");
    let out = out.success();
    assert!(
        repo.home().join("coaching/microvac.toml").is_file(),
        "{out}"
    );
}

#[test]
fn the_readme_says_how_to_check_which_mv_is_found() {
    let text = readme();
    for needle in [
        "`type mv`",
        "hash -r",
        "microvac shell-init",
        "`mv -- log logs`",
    ] {
        assert!(text.contains(needle), "README.md lacks {needle}");
    }
}

#[test]
fn the_session_runs_as_written() {
    let mut repo = TestRepo::plain();
    repo.prepend_path(built_bin(&repo));
    let scratch = repo.scratch("tmp");
    let session = sh_block(Some("## A session"));
    assert!(
        session.contains("mv init --team payments-team"),
        "{session}"
    );
    let out = repo
        .cmd("bash", &["-euo", "pipefail", "-x", "-c", &session])
        .env("TMPDIR", &scratch)
        .run();
    let out = out.success();

    // It ran in the scratch repository it made, and every change is one commit.
    let made: Vec<PathBuf> = std::fs::read_dir(&scratch)
        .expect("the scratch directory")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    let tracker = &made[0];
    let log = repo.git_in(tracker, &["log", "--format=%s"]);
    let subjects: Vec<&str> = log.lines().rev().collect();
    assert_eq!(
        subjects,
        [
            "start the microvac tracker for payments-team",
            "add person alice (Alice Liddell)",
            "add person bob (Bob)",
            "add person carol (Carol Smith)",
            "add project payments",
            "1:1 with alice about \"Foo project\"; commits to sprint-planning on payments",
            "alice: 1st rep of sprint-planning on payments, comfort 2/5",
            "alice: 2nd rep of sprint-planning on payments, comfort 4/5",
            "alice has filled sprint-planning on payments (2 reps)",
            "carol commits to status-email on payments with alice as buddy",
            "carol steps back from status-email on payments, for now",
        ],
        "{out}"
    );
    // What the reader is told to expect is there.
    let stdout = out.stdout();
    assert!(stdout.contains("| ID "), "mv list shows the IDs:\n{stdout}");
    assert!(
        stdout.contains("1:1 (last one 2026-11-23)"),
        "mv due shows alice's 1:1:\n{stdout}"
    );
    assert!(
        stdout.contains("# payments-team: coaching report"),
        "{stdout}"
    );
    assert!(stdout.contains("checked "), "{stdout}");
    assert_eq!(repo.git_in(tracker, &["status", "--porcelain"]), "");
}

/// The README's way to capture an ID stays true once alice has more than
/// one commitment: it yields one ID, the one the session goes on with.
#[test]
fn the_readme_idiom_for_an_id_survives_a_second_commitment() {
    let session = sh_block(Some("## A session"));
    let line = session
        .lines()
        .find(|l| l.starts_with("id=$(mv list "))
        .expect("the README captures an ID");
    let capture = line.split("   #").next().expect("the command").trim();
    let mut repo = common::Team::new().build();
    repo.prepend_path(built_bin(&repo));
    repo.mv(&["fill", "alice", "status-email@payments"])
        .success();
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let expected = repo
        .mv(&["list", "--vacuum", "sprint-planning", "--quiet"])
        .success()
        .stdout();
    let out = repo
        .cmd(
            "bash",
            &[
                "-euo",
                "pipefail",
                "-c",
                &format!("{capture}\nprintf '%s' \"$id\""),
            ],
        )
        .run()
        .success();
    assert_eq!(out.stdout(), expected.trim(), "{line}");
}
