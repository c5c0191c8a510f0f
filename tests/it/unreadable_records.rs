//! Record files that are not UTF-8 TOML at all: bytes that are not UTF-8,
//! UTF-16 from an editor, a NUL byte, a merge left unresolved. Every
//! command that meets one says which file, line and column, and exits 1;
//! none panics (exit 101), which is what invalid UTF-8 used to do in
//! `check`, `person show` and the pre-commit hook.

use crate::common;

use common::TestRepo;
use insta::assert_snapshot;

/// A tracker with alice on record, then her file replaced by `bytes` and
/// committed past the hook (as a clone could receive it).
fn alice_broken(bytes: &[u8]) -> TestRepo {
    let repo = TestRepo::tracker();
    repo.mv(&["person", "add", "alice", "--name", "Alice"])
        .success();
    std::fs::write(repo.path().join("people/alice.toml"), bytes).expect("write alice");
    repo.git(&["commit", "-q", "--no-verify", "-am", "alice, broken"]);
    repo
}

/// The file `mv person add` writes, with one byte that is not UTF-8.
const NOT_UTF8: &[u8] = b"# \xc3\n";

#[test]
fn check_reports_invalid_utf8_at_its_line_and_column_instead_of_panicking() {
    let repo = alice_broken(NOT_UTF8);
    let out = repo.microvac(&["check"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: the file is not valid UTF-8 (byte 0xC3 here); save it as UTF-8
     --> people/alice.toml:1:3
      |
    1 | # �
      |   ^

    error: 1 problem found
    ");
    let json = repo.microvac(&["check", "--format", "json"]).code(1).json();
    assert_eq!(json["problems"][0]["file"], "people/alice.toml");
    assert_eq!(json["problems"][0]["line"], 1);
    assert_eq!(json["problems"][0]["column"], 3);
}

#[test]
fn person_show_reports_invalid_utf8_instead_of_panicking() {
    let repo = alice_broken(NOT_UTF8);
    let out = repo.mv(&["person", "show", "alice"]).code(1);
    assert!(
        out.stderr()
            .contains("error: the file is not valid UTF-8 (byte 0xC3 here)"),
        "{out}"
    );
    assert!(out.stderr().contains("--> people/alice.toml:1:3"), "{out}");
}

#[test]
fn the_pre_commit_hook_rejects_invalid_utf8_instead_of_panicking() {
    let mut repo = TestRepo::tracker();
    repo.install_microvac();
    let head = repo.head();
    std::fs::create_dir_all(repo.path().join("people")).expect("people/");
    std::fs::write(repo.path().join("people/alice.toml"), NOT_UTF8).expect("write alice");
    repo.git(&["add", "people/alice.toml"]);

    let out = repo.microvac(&["check", "--staged"]).code(1);
    assert!(out.stderr().contains("--> people/alice.toml:1:3"), "{out}");

    let out = repo
        .git_cmd(&["commit", "-q", "-m", "alice by hand"])
        .run()
        .failure();
    assert!(out.stderr().contains("--> people/alice.toml:1:3"), "{out}");
    assert!(!out.stderr().contains("panicked"), "{out}");
    assert_eq!(repo.head(), head);
}

#[test]
fn person_edit_names_the_file_that_is_not_utf8() {
    let repo = alice_broken(NOT_UTF8);
    let head = repo.head();
    let out = repo.mv(&["person", "edit", "alice", "--role", "x"]).code(1);
    assert!(out.stderr().contains("--> people/alice.toml:1:3"), "{out}");
    assert_eq!(repo.head(), head);
    assert_eq!(
        std::fs::read(repo.path().join("people/alice.toml")).expect("read alice"),
        NOT_UTF8
    );
}

#[test]
fn person_edit_of_a_file_that_is_not_utf8_fails_without_touching_it() {
    // Until `person edit` names the file (above), it must at least fail
    // cleanly: no panic, no commit, the file as it was.
    let repo = alice_broken(NOT_UTF8);
    let head = repo.head();
    let out = repo.mv(&["person", "edit", "alice", "--role", "x"]);
    assert!(matches!(out.status().code(), Some(1..=3)), "{out}");
    assert_eq!(repo.head(), head);
    assert_eq!(
        std::fs::read(repo.path().join("people/alice.toml")).expect("read alice"),
        NOT_UTF8
    );
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "name = \"Alice\"\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let repo = alice_broken(&utf16);
    let out = repo.microvac(&["check"]).code(1);
    assert_snapshot!(out.stderr(), @r#"
    error: the file is UTF-16; save it as UTF-8
     --> people/alice.toml:1:1
      |
    1 | name = "Alice"
      | ^

    error: 1 problem found
    "#);
}

#[test]
fn a_nul_byte_is_named_as_such() {
    let repo = alice_broken(b"name = \"Alice\"\nrole = \"st\0aff\"\n");
    let out = repo.microvac(&["check"]).code(1);
    assert_snapshot!(out.stderr(), @r#"
    error: the file contains a NUL byte (binary?)
     --> people/alice.toml:2:11
      |
    2 | role = "st␀aff"
      |           ^

    error: 1 problem found
    "#);
}

#[test]
fn an_unresolved_merge_is_named_as_such() {
    let repo = alice_broken(
        b"name = \"Alice\"\n<<<<<<< HEAD\nrole = \"staff\"\n=======\nrole = \"senior\"\n>>>>>>> theirs\n",
    );
    let out = repo.microvac(&["check"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: unresolved merge conflict in field `role`: ours `staff`, theirs `senior`; keep one side with `mv resolve people/alice.toml --ours` or `--theirs`, or edit the file and remove the marker lines
     --> people/alice.toml:2:1
      |
    2 | <<<<<<< HEAD
      | ^^^^^^^

    error: 1 problem found
    ");
}

/// A folder big enough to be read on several threads: the broken files
/// among hundreds are each named at their line, in the folder's order,
/// and the rest load.
#[test]
fn among_hundreds_of_records_each_broken_one_is_named() {
    let repo = TestRepo::tracker();
    for i in 0..600 {
        let text = match i {
            17 | 345 | 599 => format!("name = \"P{i}\n"),
            _ => format!("name = \"P{i}\"\n"),
        };
        repo.write(format!("people/p{i:03}.toml"), &text);
    }
    repo.git(&["add", "people"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "600 people by hand"]);
    let out = repo.microvac(&["check"]).code(1);
    let stderr = out.stderr();
    let named: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.split_once("people/p").map(|(_, rest)| &rest[..3]))
        .collect();
    assert_eq!(named, ["017", "345", "599"], "{stderr}");
    let listed = repo.microvac(&["person", "list", "--format", "json"]);
    let people: serde_json::Value = serde_json::from_str(&listed.stdout()).expect("json");
    assert_eq!(people.as_array().map(Vec::len), Some(597), "{listed}");
}
