//! Hostile text stays inert (issue 15, items 7 to 10): names, titles and
//! notes a teammate wrote by hand, holding every control, bidi, zero-width
//! and formula-start character, are read back through every read command
//! in every format it takes. Nothing raw reaches a terminal, no CSV cell
//! starts a formula, markdown holds no live HTML, link or image, JSON and
//! iCalendar still parse. And one-line fields follow one rule: refused on
//! the command line, flagged by `mv check` and the pre-commit hook with
//! file, line and column.

use crate::common;

use common::{Output, TestRepo};
use proptest::prelude::*;

/// The characters that must never reach a screen raw, written here
/// independently of the product's own list: every control character but
/// newline and tab, the bidi controls, the zero-width characters and the
/// line and paragraph separators.
fn is_raw_hazard(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Every character of the hazard class, and the openings of formulas,
/// markup and links.
fn pieces() -> Vec<String> {
    let mut out: Vec<String> = (1u32..0x20)
        .chain(0x7f..0xa0)
        .chain([
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
            0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x2028, 0x2029,
        ])
        .filter_map(char::from_u32)
        .map(String::from)
        .collect();
    out.extend(
        [
            "=HYPERLINK(\"http://x\",\"y\")",
            "=1+1",
            "@SUM(1)",
            "+cmd",
            "-2+3",
            "\t=1",
            "\r=1",
            "\u{FF1D}1",
            "\u{1b}[2J",
            "\u{1b}]8;;http://evil.example\u{7}link\u{1b}]8;;\u{7}",
            "\u{9b}31m",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "![p](http://t.example/p.png)",
            "<http://evil.example>",
            "http://evil.example",
            "www.evil.example",
            "&amp;",
            "&#60;b&#62;",
            "|",
            "`",
            "*b*",
            "\\",
            "\"",
            "'",
            ",",
            ";",
            "\r\n",
            "Alice Liddell",
            " ",
            "é",
            "😀",
        ]
        .map(String::from),
    );
    out
}

/// A marker in every hostile value, to show it reached the output.
const MARK: &str = "ZQXMARK";

fn hostile_value(start: &str, rest: &[String]) -> String {
    format!("{start}{MARK}{}", rest.concat())
}

/// Sets the top-level `key` of the TOML file `rel` to `value`, as a hand
/// edit would (comments and the rest kept).
fn set(repo: &TestRepo, rel: &str, key: &str, value: &str) {
    let mut doc: toml_edit::DocumentMut = repo.read(rel).parse().expect("a record parses");
    doc[key] = toml_edit::value(value);
    repo.write(rel, &doc.to_string());
}

/// A team with a conversation, two commitments (one with a rep, one
/// dropped), then every text field overwritten by hand with `hostile`.
fn tracker_with(hostile: &[String]) -> (TestRepo, String) {
    let repo = TestRepo::team();
    repo.mv(&[
        "log",
        "alice",
        "--exemplar",
        "x",
        "--liked",
        "x",
        "--concern",
        "x",
        "--notes",
        "x",
        "--fill",
        "sprint-planning@payments",
        "--buddy",
        "bob",
    ])
    .success();
    let files = repo.last_commit_files();
    let conversation = files
        .lines()
        .find(|l| l.starts_with("conversations/"))
        .expect("a conversation file")
        .to_owned();
    let commitment = files
        .lines()
        .find(|l| l.starts_with("commitments/"))
        .expect("a commitment file")
        .to_owned();
    let id = commitment
        .trim_end_matches(".toml")
        .rsplit('-')
        .next()
        .unwrap()
        .to_owned();
    repo.mv(&["checkin", &id, "--note", "x", "--comfort", "3"])
        .success();
    repo.mv(&["fill", "bob", "status-email@payments"]).success();
    let dropped = repo.last_commit_files().trim().to_owned();
    let dropped_id = dropped
        .trim_end_matches(".toml")
        .rsplit('-')
        .next()
        .unwrap()
        .to_owned();
    repo.mv(&["drop", &dropped_id, "--why", "x"]).success();

    let mut next = hostile.iter().cycle();
    let mut value = || next.next().expect("a value").clone();
    let edits: [(&str, &str); 11] = [
        ("people/alice.toml", "name"),
        ("microvac.toml", "team"),
        ("people/alice.toml", "role"),
        ("people/bob.toml", "name"),
        ("projects/payments.toml", "name"),
        ("vacuums/sprint-planning.toml", "title"),
        ("vacuums/status-email.toml", "title"),
        (&conversation, "exemplar"),
        (&conversation, "notes"),
        (&conversation, "manager"),
        (&dropped, "why"),
    ];
    for (rel, key) in edits {
        set(&repo, rel, key, &value());
    }
    // Arrays and the rep's note, edited in place.
    for (rel, key) in [(&conversation, "concerns"), (&conversation, "liked")] {
        let mut doc: toml_edit::DocumentMut = repo.read(rel).parse().unwrap();
        doc[key] = toml_edit::value(toml_edit::Array::from_iter([value()]));
        repo.write(rel, &doc.to_string());
    }
    let mut doc: toml_edit::DocumentMut = repo.read(&commitment).parse().unwrap();
    doc["checkin"][0]["note"] = toml_edit::value(value());
    // A reference no record answers to is still printed (and flagged).
    doc["buddy"] = toml_edit::value(value());
    repo.write(&commitment, &doc.to_string());
    set(&repo, &dropped, "project", &value());

    repo.git(&["add", "-A"]);
    let subject: String = value().chars().filter(|&c| c != '\0').collect();
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "--cleanup=verbatim",
        "-m",
        &subject,
    ]);
    (repo, id)
}

/// Every read command, with the arguments that make it print records.
fn read_commands(id: &str) -> Vec<Vec<String>> {
    [
        &["table"][..],
        &["table", "--by", "person"],
        &["list"],
        &["person", "list"],
        &["project", "list"],
        &["vacuum", "list"],
        &["person", "show", "alice"],
        &["project", "show", "payments"],
        &["vacuum", "show", "sprint-planning"],
        &["show", id],
        &["growth", "alice"],
        &["history"],
        &["due", "--on", "2027-01-01"],
        &["report", "--since", "2026-11-01"],
        &["suggest", "alice"],
        &["check"],
    ]
    .iter()
    .map(|args| args.iter().map(|a| (*a).to_owned()).collect())
    .collect()
}

const FORMATS: [&str; 6] = ["table", "markdown", "csv", "json", "html", "ics"];

/// Runs every read command in every format it takes and holds each
/// output to its format's rule; returns how many outputs were checked.
fn assert_inert_everywhere(repo: &TestRepo, id: &str) -> usize {
    let mut checked = 0;
    let mut marked = 0;
    for args in read_commands(id) {
        let mut any = false;
        for format in FORMATS {
            let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
            all.extend(["--format", format]);
            let out = repo.mv(&all);
            let stderr = out.stderr();
            // A format the command does not take: clap refuses it.
            if out.status().code() == Some(2) && stderr.contains("invalid value") {
                continue;
            }
            let expected = if args[0] == "check" { 1 } else { 0 };
            assert_eq!(out.status().code(), Some(expected), "{all:?}\n{out}");
            any = true;
            checked += 1;
            assert_no_raw(&stderr, &all, "stderr");
            let stdout = out.stdout();
            if stdout.contains(MARK) {
                marked += 1;
            }
            match format {
                "csv" => assert_csv(&stdout, &all),
                "markdown" => assert_markdown(&stdout, &all),
                "json" => assert_json(&out, &all),
                "html" => assert_html(&stdout, &all),
                "ics" => assert_ics(&stdout, &all),
                _ => assert_no_raw(&stdout, &all, "stdout"),
            }
        }
        assert!(any, "{args:?} printed in no format");
    }
    assert!(
        marked * 2 > checked,
        "the hostile text reached only {marked} of {checked} outputs"
    );
    checked
}

fn assert_no_raw(text: &str, args: &[&str], what: &str) {
    if let Some((i, c)) = text.char_indices().find(|(_, c)| is_raw_hazard(*c)) {
        let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
        panic!(
            "{args:?}: {c:?} reached the {what} raw, after {:?}",
            &text[from..i]
        );
    }
}

fn assert_csv(text: &str, args: &[&str]) {
    assert_no_raw(text, args, "CSV");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{args:?}: not CSV: {e}\n{text}"));
        for cell in record.iter() {
            let starts = cell.trim_start_matches([' ', '\u{a0}', '\u{3000}']);
            assert!(
                !starts.starts_with([
                    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}',
                    '\u{FF20}'
                ]),
                "{args:?}: the CSV cell {cell:?} starts a formula"
            );
        }
    }
}

fn assert_markdown(text: &str, args: &[&str]) {
    assert_no_raw(text, args, "markdown");
    let tags = text.replace("<br>", "");
    assert!(
        !tags.contains('<') && !tags.contains('>'),
        "{args:?}: markup in markdown:\n{text}"
    );
    for (i, c) in text.char_indices() {
        if matches!(c, '[' | ']' | '`') {
            assert!(
                text[..i].ends_with('\\') && !text[..i].ends_with("\\\\\\\\"),
                "{args:?}: a live {c:?} in markdown at {i}:\n{text}"
            );
        }
    }
    for live in ["![", "http://", "www."] {
        assert!(
            !text.contains(live),
            "{args:?}: {live:?} in markdown:\n{text}"
        );
    }
}

fn assert_json(out: &Output, args: &[&str]) {
    let text = out.stdout();
    assert_no_raw(&text, args, "JSON");
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}\n{text}"));
}

fn assert_html(text: &str, args: &[&str]) {
    assert_no_raw(text, args, "HTML");
    for live in ["<script", "<img", "<a "] {
        assert!(
            !text.to_ascii_lowercase().contains(live),
            "{args:?}: {live:?} in HTML"
        );
    }
}

fn assert_ics(text: &str, args: &[&str]) {
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "{args:?}: a bare line break in iCalendar"
    );
    assert_no_raw(&text.replace("\r\n", "\n"), args, "iCalendar");
    text.parse::<icalendar::Calendar>()
        .unwrap_or_else(|e| panic!("{args:?}: not iCalendar: {e}\n{text}"));
}

/// Every hazard at once, and each formula opening at the start of some
/// field: the whole class, deterministically.
#[test]
fn every_hazard_at_once_stays_inert_in_every_command_and_format() {
    let pieces = pieces();
    let starts = [
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        "\u{202e}",
        "<img src=x onerror=alert(1)>",
    ];
    let values: Vec<String> = starts
        .iter()
        .map(|start| hostile_value(start, &pieces))
        .collect();
    let (repo, id) = tracker_with(&values);
    let checked = assert_inert_everywhere(&repo, &id);
    assert!(checked >= 30, "only {checked} outputs");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Random mixes of hazards, each field starting with a random piece.
    #[test]
    fn random_hostile_text_stays_inert(
        fields in prop::collection::vec(
            (prop::sample::select(pieces()), prop::collection::vec(prop::sample::select(pieces()), 0..6)),
            3..8,
        )
    ) {
        let values: Vec<String> = fields
            .iter()
            .map(|(start, rest)| hostile_value(start, rest))
            .collect();
        let (repo, id) = tracker_with(&values);
        assert_inert_everywhere(&repo, &id);
    }
}

/// A worry that runs over lines, carried into the next `mv log` template,
/// stays a comment there: no line of it becomes a field.
#[test]
fn carried_text_never_becomes_a_field_of_the_log_template() {
    let repo = TestRepo::team();
    repo.mv(&[
        "log",
        "alice",
        "--exemplar",
        "x",
        "--concern",
        "late\nperson = \"mallory\"\n[[injected]]\u{1b}[2J",
    ])
    .success();
    let copy = repo.scratch("seen").join("template.toml");
    let editor = repo.scratch("bin").join("keep-a-copy");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\ncp \"$1\" {}\n", copy.display()),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let cmd = format!("{} log alice", common::mv_bin().display());
    repo.cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("GIT_EDITOR", editor.to_str().unwrap())
        .run()
        .success();
    let template = std::fs::read_to_string(&copy).unwrap();
    assert!(
        template.contains("mallory"),
        "not carried over:\n{template}"
    );
    for line in template.lines() {
        if line.contains("mallory") || line.contains("injected") {
            assert!(line.starts_with('#'), "a live line: {line:?}\n{template}");
        }
    }
    assert!(!template.contains('\u{1b}'), "{template:?}");
}

mod one_line_fields {
    use super::*;

    /// Line breaks, a tab, an escape and a Unicode line separator: what a
    /// one-line field may not hold.
    const BREAKS: [char; 6] = ['\r', '\n', '\u{1b}', '\t', '\u{85}', '\u{2028}'];

    /// The one-line fields of each kind of file, as a hand edit reaches
    /// them.
    fn fields(conversation: &str) -> Vec<(String, &'static str)> {
        [
            ("people/alice.toml", "name"),
            ("people/alice.toml", "role"),
            ("people/alice.toml", "email"),
            ("projects/payments.toml", "name"),
            ("vacuums/sprint-planning.toml", "title"),
            ("microvac.toml", "team"),
            (conversation, "manager"),
        ]
        .into_iter()
        .map(|(f, k)| (f.to_owned(), k))
        .collect()
    }

    /// `file:line:col` of the value of `key` in `text`.
    fn position(text: &str, key: &str) -> (usize, usize) {
        let (n, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.starts_with(&format!("{key} =")))
            .unwrap_or_else(|| panic!("no {key} in\n{text}"));
        (n + 1, line.find('"').expect("a quoted value") + 1)
    }

    fn a_conversation(repo: &TestRepo) -> String {
        repo.mv(&["log", "alice", "--exemplar", "x"]).success();
        repo.last_commit_files().trim().to_owned()
    }

    #[test]
    fn check_names_file_line_and_column_of_each_broken_one_line_field() {
        let repo = TestRepo::team();
        let conversation = a_conversation(&repo);
        for (rel, key) in fields(&conversation) {
            let before = repo.read(&rel);
            for bad in BREAKS {
                set(&repo, &rel, key, &format!("Alice{bad}Mallory"));
                let text = repo.read(&rel);
                let (line, col) = position(&text, key);
                let out = repo.mv(&["check"]).code(1);
                let at = format!("{rel}:{line}:{col}");
                assert!(
                    out.stderr().contains(&at) && out.stderr().contains("must be one line"),
                    "{bad:?} in {rel} {key}: expected {at}\n{out}"
                );
                if is_raw_hazard(bad) {
                    assert!(!out.stderr().contains(bad), "{bad:?} raw\n{out}");
                }
                let json = repo.mv(&["check", "--format", "json"]).code(1).json();
                let found = json["problems"].as_array().unwrap().iter().any(|p| {
                    p["file"] == rel.as_str()
                        && p["line"] == line
                        && p["column"] == col
                        && p["message"].as_str().unwrap().contains("must be one line")
                });
                assert!(found, "{bad:?} in {rel} {key}: {json}");
            }
            repo.write(&rel, &before);
            repo.mv(&["check"]).success();
        }
    }

    #[test]
    fn the_pre_commit_hook_refuses_what_check_flags_and_commits_nothing() {
        let mut repo = TestRepo::team();
        repo.install_microvac();
        // The hooks `mv init` installed find the microvac on PATH now.
        let head = repo.head();
        for bad in BREAKS {
            set(
                &repo,
                "people/bob.toml",
                "name",
                &format!("Bob{bad}Mallory"),
            );
            repo.git(&["add", "people/bob.toml"]);
            let out = repo
                .git_cmd(&["commit", "-q", "-m", "rename bob"])
                .run()
                .failure();
            let (line, col) = position(&repo.read("people/bob.toml"), "name");
            assert!(
                out.stderr()
                    .contains(&format!("people/bob.toml:{line}:{col}"))
                    && out.stderr().contains("must be one line"),
                "{bad:?}\n{out}"
            );
            assert_eq!(repo.head(), head, "{bad:?} was committed");
        }
        set(&repo, "people/bob.toml", "name", "Bob Mallory");
        repo.git(&["add", "people/bob.toml"]);
        repo.git(&["commit", "-q", "-m", "rename bob"]);
        assert_ne!(repo.head(), head);
    }

    #[test]
    fn an_edit_in_the_editor_is_held_to_the_same_rule() {
        let repo = TestRepo::team();
        let head = repo.head();
        let editor = repo.scratch("bin").join("break-the-name");
        std::fs::write(
            &editor,
            "#!/bin/sh\nsed -i 's/^name = .*/name = \"Alice\\\\rMallory\"/' \"$1\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let cmd = format!("{} person edit alice", common::mv_bin().display());
        let out = repo
            .cmd("script", &["-qec", &cmd, "/dev/null"])
            .env("GIT_EDITOR", editor.to_str().unwrap())
            .run()
            .failure();
        let (line, col) = position(&repo.read("people/alice.toml"), "name");
        assert!(
            out.stdout()
                .contains(&format!("people/alice.toml:{line}:{col}"))
                && out.stdout().contains("must be one line"),
            "{out}"
        );
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn free_text_held_to_a_rule_is_held_to_it_on_the_command_line_and_by_hand() {
        let repo = TestRepo::team();
        let head = repo.head();
        for flag in ["--missing", "--tip"] {
            let out = repo
                .mv(&["vacuum", "add", "x", flag, "bad\u{1b}[2J"])
                .code(1);
            assert!(
                out.stderr()
                    .contains(&format!("{flag} must not hold control characters")),
                "{out}"
            );
        }
        assert_eq!(repo.head(), head);
        repo.mv(&[
            "vacuum",
            "add",
            "x",
            "--missing",
            "one\ntwo",
            "--tip",
            "a\tb",
        ])
        .success();
        let rel = "vacuums/sprint-planning.toml";
        set(&repo, rel, "missing", "no plan\u{1b}[2J");
        let (line, col) = position(&repo.read(rel), "missing");
        let out = repo.mv(&["check"]).code(1);
        assert!(
            out.stderr().contains(&format!("{rel}:{line}:{col}"))
                && out
                    .stderr()
                    .contains("missing must not hold control characters"),
            "{out}"
        );
    }

    #[test]
    fn the_command_line_refuses_the_same_values_and_writes_nothing() {
        let repo = TestRepo::team();
        let head = repo.head();
        for bad in BREAKS {
            let value = format!("Alice{bad}Mallory");
            for args in [
                &["person", "edit", "alice", "--name", &value][..],
                &["person", "edit", "alice", "--role", &value],
                &["person", "add", "carol", "--email", &value],
                &["project", "edit", "payments", "--name", &value],
                &["vacuum", "add", "x", "--title", &value],
            ] {
                let out = repo.mv(args).code(1);
                assert!(out.stderr().contains("must be one line"), "{args:?}\n{out}");
                if is_raw_hazard(bad) {
                    assert!(!out.stderr().contains(bad), "{bad:?} raw\n{out}");
                }
            }
        }
        let fresh = TestRepo::new();
        let out = fresh.mv(&["init", "--team", "Plat\u{2028}form"]).code(1);
        assert!(out.stderr().contains("must be one line"), "{out}");
        assert!(!fresh.exists("microvac.toml"));
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
    }
}
