//! Issue 8 ("Trust"), what a user or a teammate puts in: records moved out
//! of the layout (item 4), symbolic links (item 6), free text that tries to
//! forge a commit trailer (item 7), control characters in record text
//! (item 8), and out-of-range dates and comfort scores (item 13).

use crate::common;

use common::TestRepo;
use insta::assert_snapshot;

/// `mv fill PERSON VACUUM@PROJECT`; returns the commitment's file and ID.
fn fill(repo: &TestRepo, person: &str, what: &str) -> (String, String) {
    repo.mv(&["fill", person, what]).success();
    let rel = repo.last_commit_files().trim().to_owned();
    let id = rel
        .trim_end_matches(".toml")
        .rsplit('-')
        .next()
        .unwrap()
        .to_owned();
    (rel, id)
}

/// Renames a tracked file and commits it past the hook, as a teammate's
/// hand edit would arrive.
fn git_mv(repo: &TestRepo, from: &str, to: &str) {
    if let Some(dir) = std::path::Path::new(to).parent() {
        std::fs::create_dir_all(repo.path().join(dir)).unwrap();
    }
    repo.git(&["mv", from, to]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "move by hand"]);
}

mod records_never_disappear {
    use super::*;

    #[test]
    fn a_commitment_moved_out_of_its_folder_is_named_by_check_and_table() {
        let repo = TestRepo::team();
        let (rel, _) = fill(&repo, "alice", "sprint-planning@payments");
        git_mv(&repo, &rel, "commitments/jb4a48.toml");

        let out = repo.mv(&["check"]).code(1);
        assert_snapshot!(out.stderr(), @r"
        error: commitments/jb4a48.toml: microvac does not read this file: a commitment is commitments/<person>/<vacuum>--<project>-<id>.toml

        error: 1 problem found
        ");
        let out = repo.mv(&["table"]).success();
        assert_eq!(
            out.stderr(),
            "warning: skipped commitments/jb4a48.toml: microvac does not read this file: a commitment is commitments/<person>/<vacuum>--<project>-<id>.toml (run `mv check`)\n"
        );
    }

    #[test]
    fn a_record_with_an_upper_case_extension_is_named() {
        let repo = TestRepo::team();
        let (rel, _) = fill(&repo, "alice", "sprint-planning@payments");
        let upper = rel.replace(".toml", ".TOML");
        git_mv(&repo, &rel, &upper);
        git_mv(&repo, "people/bob.toml", "people/bob.TOML");
        let out = repo.mv(&["check", "--format", "json"]).code(1);
        let files: Vec<String> = out.json()["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["file"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(files, [upper.as_str(), "people/bob.TOML"]);
    }

    #[test]
    fn a_misnamed_commitment_is_named_and_show_and_table_agree_on_it() {
        let repo = TestRepo::team();
        let (rel, id) = fill(&repo, "alice", "sprint-planning@payments");
        git_mv(&repo, &rel, "commitments/bob/notes.toml");

        let out = repo.mv(&["check"]).code(1);
        assert!(
            out.stderr()
                .contains("error: commitments/bob/notes.toml: microvac does not read this file"),
            "{out}"
        );
        // Neither show nor table counts it: no ID finds it, no cell shows it.
        repo.mv(&["show", &id]).code(1);
        repo.mv(&["show", "notes"]).code(1);
        let table = repo.mv(&["table", "--format", "json"]).success().json();
        let cell = &table["rows"][0]["cells"]["sprint-planning"];
        assert_eq!(cell["vacant"], true, "{table}");
    }

    #[test]
    fn a_commitment_whose_name_disagrees_with_its_content_is_named() {
        let repo = TestRepo::team();
        let (rel, id) = fill(&repo, "alice", "sprint-planning@payments");
        let renamed = format!("commitments/alice/status-email--payments-{id}.toml");
        git_mv(&repo, &rel, &renamed);
        let out = repo.mv(&["check", "--format", "json"]).code(1);
        let problems = out.json()["problems"].clone();
        assert_eq!(
            problems,
            serde_json::json!([{
                "file": renamed,
                // Line 7: the file starts with its #:schema line.
                "line": 7,
                "column": 10,
                "message": "the file is named status-email--payments-… but holds vacuum \"sprint-planning\" on project \"payments\"; a commitment's file is <vacuum>--<project>-<id>.toml",
            }])
        );
    }

    #[test]
    fn two_commitments_with_one_id_are_both_named() {
        let repo = TestRepo::team();
        let (rel, id) = fill(&repo, "alice", "sprint-planning@payments");
        let copy = format!("commitments/bob/sprint-planning--payments-{id}.toml");
        repo.write(&copy, &repo.read(&rel).replace("\"alice\"", "\"bob\""));
        repo.git(&["add", &copy]);
        repo.git(&["commit", "-q", "--no-verify", "-m", "copy by hand"]);

        let out = repo.mv(&["check"]).code(1);
        assert!(
            out.stderr().contains(&format!(
                "error: {rel}: the ID {id} is also the ID of {copy}, so no command can tell them apart"
            )),
            "{out}"
        );
        assert!(
            out.stderr().contains(&format!(
                "error: {copy}: the ID {id} is also the ID of {rel}"
            )),
            "{out}"
        );
        assert!(out.stderr().contains("error: 2 problems found"), "{out}");
        let out = repo.mv(&["show", &id]).code(1);
        assert!(out.stderr().contains("matches 2 commitments"), "{out}");
    }

    #[test]
    fn stray_files_in_record_folders_are_named_and_the_allowed_ones_are_not() {
        let repo = TestRepo::team();
        for allowed in [
            "people/README.md",
            "people/.gitkeep",
            "commitments/.gitkeep",
            "templates/notes.txt",
            "hooks/README.md",
            "notes.txt",
        ] {
            repo.write(allowed, "x\n");
        }
        repo.mv(&["check"]).success();
        repo.write("people/notes.txt", "x\n");
        repo.write("vacuums/old/retros.toml", "title = \"Retros\"\n");
        repo.write("conversations/2026-11-23-alice-abcdef.toml", "");
        let out = repo.mv(&["check"]).code(1);
        assert_snapshot!(out.stderr(), @r"
        error: conversations/2026-11-23-alice-abcdef.toml: microvac does not read this file: a conversation is conversations/<yyyy>/<yyyy-mm-dd>-<person>-<id>.toml

        error: people/notes.txt: microvac does not read this file: a person is people/<handle>.toml

        error: vacuums/old/retros.toml: microvac does not read this file: a vacuum is vacuums/<slug>.toml

        error: 3 problems found
        ");
    }

    #[test]
    fn the_pre_commit_hook_names_a_moved_record_too() {
        let mut repo = TestRepo::team();
        repo.install_microvac();
        let (rel, _) = fill(&repo, "alice", "sprint-planning@payments");
        repo.git(&["mv", &rel, "commitments/jb4a48.toml"]);
        let out = repo
            .git_cmd(&["commit", "-q", "-m", "move"])
            .run()
            .failure();
        assert!(
            out.stderr()
                .contains("commitments/jb4a48.toml: microvac does not read this file"),
            "{out}"
        );
    }
}

mod links_are_never_followed {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI-K7MDENG-SECRET";

    /// A fake `~/.aws/credentials` in the test's HOME; returns its path.
    fn fake_secret(repo: &TestRepo) -> std::path::PathBuf {
        let path = repo.home().join(".aws/credentials");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!("[default]\naws_secret_access_key = {SECRET}\n"),
        )
        .unwrap();
        path
    }

    fn assert_no_secret(out: &common::Output) {
        assert!(
            !out.stdout().contains(SECRET) && !out.stderr().contains(SECRET),
            "the secret leaked:\n{out}"
        );
    }

    #[test]
    fn a_record_linked_to_a_secret_is_named_and_never_read() {
        let repo = TestRepo::team();
        let secret = fake_secret(&repo);
        std::os::unix::fs::symlink(&secret, repo.path().join("people/mal.toml")).unwrap();
        repo.git(&["add", "people/mal.toml"]);
        repo.git(&["commit", "-q", "--no-verify", "-m", "mal"]);

        let out = repo.mv(&["check"]).code(1);
        assert_no_secret(&out);
        assert_snapshot!(out.stderr(), @r"
        error: people/mal.toml: is a symbolic link; microvac never follows links

        error: 1 problem found
        ");
        assert_no_secret(&repo.mv(&["check", "--format", "json"]).code(1));
        assert_no_secret(&repo.mv(&["check", "--staged"]).code(1));
        for args in [
            &["table"][..],
            &["person", "list"],
            &["table", "--by", "person"],
        ] {
            let out = repo.mv(args).success();
            assert_no_secret(&out);
            assert!(
                out.stderr().contains(
                    "warning: skipped people/mal.toml: is a symbolic link; microvac never follows links"
                ),
                "{args:?}\n{out}"
            );
        }
        let out = repo.mv(&["person", "show", "mal"]).code(1);
        assert_no_secret(&out);
        assert!(
            out.stderr().starts_with(
                "error: people/mal.toml is a symbolic link; microvac never follows links\n"
            ),
            "{out}"
        );
        // Writing through it is refused too, and the target is untouched.
        let out = repo.mv(&["person", "edit", "mal", "--role", "x"]).code(1);
        assert_no_secret(&out);
        assert!(std::fs::read_to_string(&secret).unwrap().contains(SECRET));
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn a_linked_folder_of_commitments_is_not_shown() {
        let repo = TestRepo::team();
        let (rel, id) = fill(&repo, "alice", "sprint-planning@payments");
        let elsewhere = repo.scratch("elsewhere");
        let text = repo
            .read(&rel)
            .replace(&id, "zzzzzz")
            .replace("\"alice\"", "\"bob\"");
        std::fs::write(
            elsewhere.join("sprint-planning--payments-zzzzzz.toml"),
            format!("{text}why = \"{SECRET}\"\n"),
        )
        .unwrap();
        std::os::unix::fs::symlink(&elsewhere, repo.path().join("commitments/bob")).unwrap();

        let out = repo.mv(&["show", "zzzzzz"]).code(1);
        assert_no_secret(&out);
        let out = repo.mv(&["check"]).code(1);
        assert_no_secret(&out);
        assert!(
            out.stderr().contains(
                "error: commitments/bob: is a symbolic link; microvac never follows links"
            ),
            "{out}"
        );
        assert_no_secret(&repo.mv(&["table", "--by", "person"]).success());
        assert_no_secret(&repo.mv(&["due", "--on", "2027-01-01"]).success());
    }

    #[test]
    fn a_write_through_a_linked_folder_is_refused_and_writes_nothing() {
        let repo = TestRepo::team();
        let head = repo.head();
        let elsewhere = repo.scratch("elsewhere");
        std::fs::rename(repo.path().join("people"), elsewhere.join("people")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("people"), repo.path().join("people")).unwrap();

        let out = repo.mv(&["person", "add", "carol"]).code(1);
        assert_snapshot!(out.stderr(), @r"
        error: people is a symbolic link; microvac never follows links
        hint: microvac reads and writes only plain files and folders in the tracker: put what the link points to at people itself, or remove the link (git rm people)
        ");
        assert!(!elsewhere.join("people/carol.toml").exists());
        assert_eq!(repo.head(), head);
        let out = repo
            .mv(&["fill", "alice", "sprint-planning@payments"])
            .code(1);
        assert!(out.stderr().contains("people is a symbolic link"), "{out}");
        assert_eq!(repo.head(), head);
    }
}

mod forged_trailers {
    use super::*;

    /// The `Microvac-*` trailers of the last commit, as git reads them.
    fn trailers(repo: &TestRepo) -> String {
        repo.git(&["log", "-1", "--format=%(trailers:only,unfold)"])
    }

    #[test]
    fn a_reason_cannot_forge_the_person_of_a_drop() {
        let repo = TestRepo::team();
        let (_, id) = fill(&repo, "bob", "sprint-planning@payments");
        repo.mv(&["drop", &id, "--why", "x\n\nMicrovac-Person: alice"])
            .success();
        assert_eq!(repo.last_trailer("Microvac-Person"), "bob");
        assert_eq!(
            repo.last_subject(),
            "bob steps back from sprint-planning on payments, for now"
        );
        let history = repo.mv(&["history", "--format", "json"]).success().json();
        assert_eq!(history[0]["action"], "drop");
        assert_eq!(history[0]["person"], "bob");
        // The reason is kept whole in the file.
        let shown = repo.mv(&["show", &id, "--format", "json"]).success().json();
        assert_eq!(shown["why"], "x\n\nMicrovac-Person: alice");
    }

    #[test]
    fn a_single_line_field_refuses_a_newline() {
        let repo = TestRepo::team();
        let head = repo.head();
        for args in [
            &[
                "project",
                "add",
                "p",
                "--name",
                "P\n\nMicrovac-Action: drop",
            ][..],
            &[
                "person",
                "add",
                "carol",
                "--name",
                "Carol\nMicrovac-Person: alice",
            ],
            &[
                "person",
                "edit",
                "bob",
                "--role",
                "lead\n\nMicrovac-Action: init",
            ],
            &["vacuum", "add", "x", "--title", "X\rY"],
        ] {
            let out = repo.mv(args).code(1);
            assert!(
                out.stderr()
                    .contains("must be one line, without control characters"),
                "{args:?}\n{out}"
            );
        }
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn multi_line_free_text_stays_in_the_file_and_out_of_the_trailers() {
        let repo = TestRepo::team();
        let forged = "line one\n\nMicrovac-Person: mallory\nMicrovac-Action: init";
        repo.mv(&[
            "log",
            "alice",
            "--exemplar",
            forged,
            "--liked",
            forged,
            "--concern",
            forged,
            "--notes",
            forged,
            "--fill",
            "sprint-planning@payments",
        ])
        .success();
        let check = |repo: &TestRepo, action: &str| {
            let trailers = trailers(repo);
            assert!(!trailers.contains("mallory"), "{trailers}");
            assert!(
                trailers.starts_with(&format!("Microvac-Action: {action}\n")),
                "{trailers}"
            );
            assert_eq!(repo.last_trailer("Microvac-Action"), action);
            assert!(!repo.last_subject().contains('\n'));
        };
        check(&repo, "log");
        let conversation = repo
            .last_commit_files()
            .lines()
            .find(|l| l.starts_with("conversations/"))
            .unwrap()
            .to_owned();
        assert!(
            repo.read(&conversation)
                .contains("Microvac-Person: mallory")
        );

        let id = repo.mv(&["table", "--format", "json"]).success().json()["rows"][0]["cells"]
            ["sprint-planning"]["fillers"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        repo.mv(&["checkin", &id, "--note", forged, "--comfort", "3"])
            .success();
        check(&repo, "checkin");
        repo.mv(&["done", &id, "--note", forged]).success();
        check(&repo, "done");
        let history = repo.mv(&["history", "--format", "json"]).success().json();
        for entry in history.as_array().unwrap() {
            assert_ne!(entry["person"], "mallory", "{entry}");
        }
        repo.mv(&["check"]).success();
    }
}

mod control_characters_are_shown_escaped {
    use super::*;

    /// Bytes a terminal acts on: carriage return, escape, bell, delete.
    fn assert_inert(out: &common::Output) {
        for bad in ['\r', '\u{1b}', '\u{7}', '\u{7f}'] {
            assert!(
                !out.stdout().contains(bad) && !out.stderr().contains(bad),
                "{bad:?} reached the terminal:\n{out:?}"
            );
        }
    }

    /// TOML escapes that become a CR, an ESC sequence, a BEL and a DEL.
    const NASTY: &str = r"ok\rEVIL\u001b[2J\u0007\u007f";

    #[test]
    fn notes_names_and_subjects_reach_the_terminal_escaped() {
        let repo = TestRepo::team();
        let (rel, id) = fill(&repo, "alice", "sprint-planning@payments");
        let text = repo.read(&rel);
        repo.write(
            &rel,
            &format!("{text}\n[[checkin]]\ndate = 2026-11-23\nnote = \"{NASTY}\"\ncomfort = 3\n"),
        );
        let bob = repo
            .read("people/bob.toml")
            .replace("\"Bob\"", &format!("\"Bob{NASTY}\""));
        repo.write("people/bob.toml", &bob);
        let payments = repo
            .read("projects/payments.toml")
            .replace("\"Payments platform\"", &format!("\"Pay{NASTY}\""));
        repo.write("projects/payments.toml", &payments);
        repo.git(&["add", "-A"]);
        repo.git(&[
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "hand edit\rEVIL\u{1b}[2J",
        ]);

        let show = repo.mv(&["show", &id]).success();
        assert_inert(&show);
        assert!(
            show.stdout().contains(r"ok\rEVIL\u{1b}[2J\u{7}\u{7f}"),
            "{}",
            show.stdout()
        );
        for args in [
            &["person", "show", "bob"][..],
            &["person", "list"],
            &["project", "list"],
            &["project", "show", "payments"],
            &["table"],
            &["table", "--by", "person"],
            &["table", "--format", "markdown"],
            &["history"],
            &["due", "--on", "2027-01-01"],
        ] {
            assert_inert(&repo.mv(args).success());
        }
        let person = repo.mv(&["person", "list"]).success();
        assert!(person.stdout().contains(r"Bobok\rEVIL"), "{person}");
        let history = repo.mv(&["history"]).success();
        assert!(history.stdout().contains(r"hand edit\rEVIL"), "{history}");
    }

    #[test]
    fn a_who_of_a_due_check_in_reaches_the_terminal_escaped() {
        let repo = TestRepo::team();
        let (rel, _) = fill(&repo, "alice", "sprint-planning@payments");
        let text = repo
            .read(&rel)
            .replace("person = \"alice\"", &format!("person = \"alice{NASTY}\""));
        repo.write(&rel, &text);
        let out = repo.mv(&["due", "--on", "2027-01-01"]).success();
        assert_inert(&out);
        assert!(out.stdout().contains(r"aliceok\rEVIL"), "{out}");
        // And in the diagnostic check prints about it.
        assert_inert(&repo.mv(&["check"]).code(1));
    }
}

mod dates_and_comfort {
    use super::*;

    #[test]
    fn a_checkin_date_out_of_range_is_refused_before_anything_is_written() {
        let repo = TestRepo::team();
        let (_, id) = fill(&repo, "alice", "sprint-planning@payments");
        let head = repo.head();
        let out = repo
            .mv(&["checkin", &id, "--date", "9999-12-31", "--comfort", "3"])
            .code(2);
        assert!(
            out.stderr()
                .contains("9999-12-31 is out of range: dates must lie between 1970 and 2200"),
            "{out}"
        );
        let out = repo
            .mv(&["log", "alice", "--next", "0000-01-01", "--notes", "x"])
            .code(2);
        assert!(out.stderr().contains("0000-01-01 is out of range"), "{out}");
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn comfort_is_one_plain_digit() {
        let repo = TestRepo::team();
        let (_, id) = fill(&repo, "alice", "sprint-planning@payments");
        let head = repo.head();
        for bad in ["+3", "03", "3.0", "6"] {
            let out = repo.mv(&["checkin", &id, "--comfort", bad]).code(2);
            assert!(out.stderr().contains("comfort"), "{bad}\n{out}");
        }
        assert_eq!(repo.head(), head);
        repo.mv(&["checkin", &id, "--comfort", "3"]).success();
    }

    #[test]
    fn date_words_are_accepted_and_documented() {
        let repo = TestRepo::team();
        // The fixed clock says Monday 2026-11-23.
        repo.mv(&["log", "alice", "--notes", "x", "--next", "friday"])
            .success();
        let conversation = repo.last_commit_files().trim().to_owned();
        assert!(repo.read(&conversation).contains("next = 2026-11-27"));
        repo.mv(&[
            "log",
            "bob",
            "--notes",
            "x",
            "--date",
            "yesterday",
            "--next",
            "tomorrow",
        ])
        .success();
        let conversation = repo.last_commit_files().trim().to_owned();
        assert!(conversation.contains("2026-11-22-bob-"), "{conversation}");
        assert!(repo.read(&conversation).contains("next = 2026-11-24"));

        for command in ["checkin", "log", "done", "drop", "fill", "edit", "due"] {
            let help = repo.mv(&[command, "--help"]).success().stdout();
            // Help text is wrapped to the terminal: compare it as words.
            let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                words.contains("today, yesterday, tomorrow or a weekday"),
                "{command} --help does not say which dates it takes:\n{help}"
            );
        }
    }
}
