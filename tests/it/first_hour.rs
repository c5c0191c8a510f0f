//! A newcomer's first hour, each hole they hit (issue 11, section 3): IDs
//! that are easy to find, an editor slip that costs no retyping, the
//! latest 1:1, tables that fit and say what to do, messages that say the
//! real rule, a shell function that survives a moved install, and the
//! calendar of what is due.

use crate::common;

use common::{Team, TestRepo};
use std::os::unix::fs::PermissionsExt;

mod ids {
    use super::*;

    #[test]
    fn list_shows_every_commitment_with_its_id_and_filters() {
        let repo = Team::new().project("checkout", &["retros"]).build();
        repo.mv(&[
            "fill",
            "alice",
            "sprint-planning@payments",
            "--buddy",
            "bob",
        ])
        .success();
        repo.mv(&["fill", "bob", "retros@checkout"]).success();
        let bobs = repo.only_commitment_id("bob");
        repo.mv(&["done", &bobs]).success();
        let alices = repo.only_commitment_id("alice");
        let out = repo.mv(&["list"]).success().stdout();
        insta::assert_snapshot!(out, @r"
        +--------+--------+-----------------+----------+--------+------+---------+------------+
        | ID     | PERSON | VACUUM          | PROJECT  | STATUS | REPS | COMFORT | NEXT       |
        +=====================================================================================+
        | e9c382 | alice  | sprint-planning | payments | active |    0 | -       | 2026-12-07 |
        | xtzeg0 | bob    | retros          | checkout | done   |    0 | -       | -          |
        +--------+--------+-----------------+----------+--------+------+---------+------------+
        ");
        let active = repo.mv(&["list", "--status", "active", "-q"]).success();
        assert_eq!(active.stdout(), format!("{alices}\n"));
        let json = repo
            .mv(&["list", "--project", "checkout", "--format", "json"])
            .success()
            .json();
        assert_eq!(json[0]["id"], bobs.as_str());
        assert_eq!(json[0]["status"], "done");
        let out = repo.mv(&["list", "--vacuum", "roadmap"]).success();
        assert_eq!(out.stdout(), "no commitments match these filters\n");
        let out = repo.mv(&["list", "--person", "alise"]).code(1);
        assert!(out.stderr().contains("did you mean \"alice\"?"), "{out}");
    }

    #[test]
    fn every_hint_about_ids_points_at_a_command_that_shows_them() {
        let repo = TestRepo::team();
        repo.mv(&["fill", "alice", "sprint-planning@payments"])
            .success();
        let out = repo.mv(&["checkin", "zzzzzz", "--comfort", "3"]).code(1);
        assert!(
            out.stderr()
                .contains("hint: `mv list` shows every commitment's ID"),
            "{out}"
        );
        // ... and `mv list` does.
        let list = repo.mv(&["list"]).success().stdout();
        assert!(list.contains(&repo.only_commitment_id("alice")), "{list}");
        let out = repo.mv(&["history", "nobody-at-all"]).code(1);
        assert!(
            out.stderr().contains("`mv list` the commitment IDs"),
            "{out}"
        );
        assert!(!out.stderr().contains("table --by person"), "{out}");
        // A slip of a name gets a did-you-mean, whatever kind it is.
        let out = repo.mv(&["history", "alcie"]).code(1);
        assert!(
            out.stderr()
                .contains("hint: did you mean \"alice\" (a person)?"),
            "{out}"
        );
    }
}

mod editor {
    use super::*;

    /// An editor (a script) that breaks the TOML on its first run and
    /// fixes it on its second; it keeps a copy of what it was given each
    /// time (`seen.1`, `seen.2`).
    fn slipping_editor(repo: &TestRepo, second: &str) -> std::path::PathBuf {
        let dir = repo.scratch("editor");
        let script = dir.join("slip");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nn=$(cat {d}/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > {d}/count\n\
                 cp \"$1\" {d}/seen.$n\n\
                 case $n in\n  1) sed -i 's/^exemplar = \"\"/exemplar = \"Foo project/' \"$1\" ;;\n  2) {second} ;;\nesac\n",
                d = dir.display()
            ),
        )
        .expect("the editor script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
            .expect("make it executable");
        script
    }

    fn log_on_a_terminal(repo: &TestRepo, editor: &std::path::Path) -> common::Output {
        let cmd = format!("{} log alice", common::mv_bin().display());
        repo.cmd("script", &["-qec", &cmd, "/dev/null"])
            .env("GIT_EDITOR", editor)
            .run()
    }

    #[test]
    fn a_slip_names_the_line_of_the_edited_file_and_reopens_the_editor() {
        let repo = TestRepo::team();
        let editor = slipping_editor(
            &repo,
            r#"sed -i 's/^exemplar = "Foo project$/exemplar = "Foo project"/' "$1""#,
        );
        let before = repo.commit_count();
        let out = log_on_a_terminal(&repo, &editor).success();
        let dir = repo.base().join("editor");
        let first = std::fs::read_to_string(dir.join("seen.1")).expect("the first round");
        let line = first
            .lines()
            .position(|l| l.starts_with("exemplar = "))
            .expect("the template asks for the exemplar")
            + 1;
        // The line in the file the user edited, comments included.
        assert!(
            out.stdout()
                .contains(&format!("conversation.toml (as edited):{line}:")),
            "line {line}:\n{out}"
        );
        assert!(out.stdout().contains("reopening the editor"), "{out}");
        // The second round shows the problem on top, where it now is.
        let second = std::fs::read_to_string(dir.join("seen.2")).expect("a second round");
        assert!(
            second.starts_with(&format!("# microvac: line {}, column", line + 2)),
            "{second}"
        );
        assert!(
            second.contains("exemplar = \"Foo project\n"),
            "the rejected text: {second}"
        );
        assert_eq!(repo.commit_count(), before + 1, "{out}");
        assert_eq!(repo.last_subject(), "1:1 with alice about \"Foo project\"");
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn closing_the_reopened_editor_unchanged_gives_up_and_keeps_the_text() {
        let repo = TestRepo::team();
        let editor = slipping_editor(&repo, "true");
        let before = repo.commit_count();
        let out = log_on_a_terminal(&repo, &editor);
        assert_eq!(out.status().code(), Some(1), "{out}");
        assert!(out.stdout().contains("your text is saved in"), "{out}");
        let saved = repo.read(".git/microvac-rejected-conversation.toml");
        assert!(saved.contains("exemplar = \"Foo project\n"), "{saved}");
        assert_eq!(repo.commit_count(), before);
        assert_eq!(repo.status(), "");
    }
}

#[test]
fn due_takes_the_one_on_one_logged_last_that_day() {
    let repo = TestRepo::team();
    let log = |at: &str, next: &str| {
        repo.mv_cmd(&["log", "alice", "--exemplar", "Foo", "--next", next])
            .env("MICROVAC_NOW", at)
            .run()
            .success();
    };
    // Two conversations on 2026-11-23; the later one moved the next 1:1.
    log("2026-11-23T09:00:00Z", "2026-11-30");
    log("2026-11-23T15:00:00Z", "2026-12-07");
    let due = repo
        .mv(&["due", "--on", "2026-12-01", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        due["due"],
        serde_json::json!([]),
        "the 1:1 moved to 2026-12-07"
    );
    let due = repo
        .mv(&["due", "--on", "2026-12-07", "--format", "json"])
        .success()
        .json();
    assert_eq!(due["due"][0]["due"], "2026-12-07");
    // And in the other order of logging, the other date.
    let repo2 = TestRepo::team();
    let log2 = |at: &str, next: &str| {
        repo2
            .mv_cmd(&["log", "alice", "--exemplar", "Foo", "--next", next])
            .env("MICROVAC_NOW", at)
            .run()
            .success();
    };
    log2("2026-11-23T09:00:00Z", "2026-12-07");
    log2("2026-11-23T15:00:00Z", "2026-11-30");
    let due = repo2
        .mv(&["due", "--on", "2026-12-01", "--format", "json"])
        .success()
        .json();
    assert_eq!(due["due"][0]["due"], "2026-11-30");
}

mod tables {
    use super::*;

    #[test]
    fn piped_table_shows_only_the_vacuums_in_use() {
        let repo = TestRepo::team();
        repo.mv(&["fill", "bob", "retros@payments"]).success();
        let table = repo.mv(&["table"]).success().stdout();
        insta::assert_snapshot!(table, @r"
        +----------+-------------+-----------------+--------------+
        | PROJECT  | retros      | sprint-planning | status-email |
        +=========================================================+
        | payments | bob, 0 reps | VACANT          | VACANT       |
        +----------+-------------+-----------------+--------------+
        VACANT: needed, nobody fills it; -: not needed; +NAME: buddy
        ");
        let all = repo
            .mv(&["table", "--all", "--format", "csv"])
            .success()
            .stdout();
        assert_eq!(all.lines().next().map(|h| h.split(',').count()), Some(13));
    }

    #[test]
    fn by_person_keeps_its_totals_when_it_is_transposed() {
        let repo = TestRepo::team();
        repo.mv(&["fill", "alice", "sprint-planning@payments"])
            .success();
        let id = repo.only_commitment_id("alice");
        repo.mv(&["checkin", &id, "--comfort", "3"]).success();
        // Twelve columns do not fit 100: it is transposed.
        let out = repo
            .mv(&["table", "--by", "person", "--all"])
            .success()
            .stdout();
        assert!(out.starts_with("+-"), "{out}");
        assert!(out.contains("| VACUUM "), "transposed:\n{out}");
        for total in ["| ACTIVE ", "| DONE ", "| REPS "] {
            assert!(out.contains(total), "{total}:\n{out}");
        }
        let reps = out
            .lines()
            .find(|l| l.starts_with("| REPS"))
            .expect("a REPS row");
        assert!(reps.contains(" 1 |"), "{reps}");
    }

    /// A terminal of 0 columns is unknown (the natural width); at 60, 80
    /// and 120 an ID, a slug or a date is never broken, only free text
    /// wraps.
    #[test]
    fn tables_fit_narrow_terminals_without_breaking_ids_slugs_or_dates() {
        let repo = Team::new()
            .person("christopher", "Christopher Montgomery-Whitfield", "staff")
            .project(
                "customer-onboarding-portal",
                &["status-email", "project-plan", "sprint-planning"],
            )
            .build();
        repo.mv(&["fill", "alice", "status-email@payments", "--buddy", "bob"])
            .success();
        repo.mv(&["fill", "bob", "sprint-planning@payments"])
            .success();
        repo.mv(&[
            "fill",
            "christopher",
            "project-plan@customer-onboarding-portal",
            "--buddy",
            "alice",
        ])
        .success();
        let listed = repo.mv(&["list", "--format", "json"]).success().json();
        let mut tokens: Vec<String> = Vec::new();
        for c in listed.as_array().expect("a list") {
            for key in ["id", "person", "buddy", "vacuum", "project", "next_checkin"] {
                if let Some(v) = c[key].as_str() {
                    tokens.push(v.to_owned());
                }
            }
        }
        assert!(tokens.len() >= 10, "{listed}");
        let unbroken = ["customer-onboarding-portal", "payments", "christopher"].map(String::from);
        for columns in ["0", "60", "80", "120"] {
            for (name, args) in [
                ("list", &["list"][..]),
                ("table", &["table", "--all"][..]),
                ("table_by_person", &["table", "--by", "person", "--all"][..]),
            ] {
                let out = repo.mv_cmd(args).env("COLUMNS", columns).run().success();
                let text = out.stdout();
                let whole: &[String] = if name == "list" { &tokens } else { &unbroken };
                for token in whole {
                    assert!(
                        text.contains(token.as_str()),
                        "{token} broken at {columns}:\n{text}"
                    );
                }
                if columns != "0" {
                    // Nothing is wider than the terminal: a table that
                    // cannot fit is drawn one record per block of lines,
                    // and the free text under it wraps to the width.
                    let width: usize = columns.parse().expect("a number");
                    for line in text.lines() {
                        assert!(line.chars().count() <= width, "{columns}: {line}\n{text}");
                    }
                }
                insta::assert_snapshot!(format!("{name}_at_{columns}_columns"), text);
            }
        }
    }

    /// `mv growth | less`: notes are prose, so a piped growth wraps at 80
    /// instead of one line as wide as the longest note.
    #[test]
    fn piped_growth_wraps_long_notes_at_80_columns() {
        let repo = TestRepo::team();
        repo.mv(&["fill", "alice", "status-email@payments"])
            .success();
        let id = repo.only_commitment_id("alice");
        let note = "sent the first status email to the directors; two of them replied with questions \
                    about the migration dates that she answered the same afternoon without help";
        repo.mv(&["checkin", &id, "--comfort", "3", "--note", note])
            .success();
        let out = repo
            .mv_cmd(&["growth", "alice"])
            .env_remove("COLUMNS")
            .run()
            .success();
        let text = out.stdout();
        assert!(text.contains("| sent the first status"), "{text}");
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 80, "{widest} columns:\n{text}");
    }

    #[test]
    fn an_empty_tracker_says_what_to_do_next() {
        let repo = TestRepo::tracker();
        let out = repo.mv(&["table"]).success().stdout();
        assert!(
            out.starts_with("No projects yet: add one with `mv project add "),
            "{out}"
        );
        // An empty tracker has nobody to name: the examples use placeholders.
        assert!(!out.contains("alice") && !out.contains("payments"), "{out}");
        let out = repo.mv(&["table", "--by", "person"]).success().stdout();
        assert!(
            out.starts_with("No people yet: add one with `mv person add HANDLE "),
            "{out}"
        );
        let team = TestRepo::team();
        let out = team.mv(&["table"]).success().stdout();
        assert!(
            out.contains(
                "Nobody fills a vacuum yet: after a 1:1, `mv log PERSON --fill VACUUM@PROJECT`"
            ),
            "{out}"
        );
        let out = team.mv(&["list"]).success().stdout();
        assert!(out.contains("no commitments yet"), "{out}");
    }
}

mod messages {
    use super::*;

    #[test]
    fn a_name_for_a_handle_gets_the_real_rule_and_a_handle_to_use() {
        let repo = TestRepo::tracker();
        let out = repo.mv(&["person", "add", "Carol Smith"]).code(1);
        insta::assert_snapshot!(out.stderr(), @r#"
        error: invalid person handle "Carol Smith": only lowercase ASCII letters, digits and `-` are allowed, not uppercase letters or spaces
        hint: mv person add carol-smith --name "Carol Smith"
        "#);
        repo.mv(&["person", "add", "carol-2", "--name", "Carol Smith"])
            .success();
    }

    #[test]
    fn a_file_move_that_hits_a_command_outside_a_tracker_says_how_to_move_it() {
        let plain = TestRepo::plain();
        plain.write("log", "a file named like a command\n");
        let out = plain.mv(&["log", "logs"]).code(1);
        assert!(
            !out.stderr().contains("`mv init` to start a tracker here"),
            "{out}"
        );
        assert!(
            out.stderr().contains("cd into your team's repository"),
            "{out}"
        );
        assert!(
            out.stderr().contains("put `--` first: `mv -- log logs`"),
            "{out}"
        );
        plain.mv(&["--", "log", "logs"]).success();
        assert!(plain.exists("logs") && !plain.exists("log"));
        // `microvac` never moves files: no such hint there.
        let out = plain.microvac(&["log", "logs"]).code(1);
        assert!(!out.stderr().contains("mv --"), "{out}");
    }

    /// A hint's example is typed as shown: it names the people, vacuums
    /// and projects of this tracker, or a placeholder where it has none,
    /// never someone who does not work here.
    #[test]
    fn hint_examples_name_only_what_is_on_record() {
        let repo = TestRepo::tracker();
        repo.mv(&["person", "add", "ana"]).success();
        // Nobody else and no project: placeholders.
        let out = repo.mv(&["log", "ana"]).code(1);
        insta::assert_snapshot!(out.stderr(), @r#"
        error: nothing to record: no --exemplar, --liked, --concern, --notes, --next or --fill was given, and there is no terminal to open an editor on
        hint: e.g. mv log ana --exemplar "Foo project" --liked "what they liked=VACUUM" --concern "first attempts will be slow" --fill VACUUM@PROJECT --buddy HANDLE --next 2026-12-07
        "#);
        repo.mv(&["person", "add", "tara", "--role", "tech lead"])
            .success();
        repo.mv(&["project", "add", "ledger", "--needs", "release-notes"])
            .success();
        repo.mv(&["person", "edit", "ana", "--project", "ledger"])
            .success();
        repo.mv(&["person", "edit", "tara", "--project", "ledger"])
            .success();
        let out = repo.mv(&["log", "ana"]).code(1);
        insta::assert_snapshot!(out.stderr(), @r#"
        error: nothing to record: no --exemplar, --liked, --concern, --notes, --next or --fill was given, and there is no terminal to open an editor on
        hint: e.g. mv log ana --exemplar "Foo project" --liked "what they liked=release-notes" --concern "first attempts will be slow" --fill release-notes@ledger --buddy tara --next 2026-12-07
        "#);
        let out = repo.mv(&["coach", "ana"]).code(1);
        assert!(
            out.stderr()
                .contains("--fill release-notes@ledger --buddy tara"),
            "{out}"
        );
        repo.mv(&["fill", "ana", "release-notes@ledger"]).success();
        let id = repo.only_commitment_id("ana");
        let out = repo.mv(&["checkin", &id]).code(1);
        for stranger in ["alice", "bob", "carol", "payments", "sprint-planning"] {
            assert!(!out.stderr().contains(stranger), "{stranger}: {out}");
        }
    }

    /// An archived person is named as such, with the way to bring them
    /// back, both when named and when a slip of their name is.
    #[test]
    fn an_archived_person_gets_a_did_you_mean_and_the_way_back() {
        let repo = Team::new()
            .person("carol", "Carol Danvers", "senior")
            .build();
        repo.mv(&["person", "archive", "carol"]).success();
        let out = repo.mv(&["fill", "carl", "status-email@payments"]).code(1);
        insta::assert_snapshot!(out.stderr(), @r#"
        error: no person named "carl"
        hint: did you mean "carol"? It is archived: to bring it back, set status = "active" in its file (`mv person edit carol` opens it)
        "#);
        let out = repo.mv(&["fill", "carol", "status-email@payments"]).code(1);
        insta::assert_snapshot!(out.stderr(), @r#"
        error: person carol is archived
        hint: pick someone active, or bring carol back: set status = "active" in their file (`mv person edit carol` opens it)
        "#);
        // A slip of an active name is a plain did-you-mean.
        let out = repo.mv(&["fill", "alcie", "status-email@payments"]).code(1);
        assert!(
            out.stderr().ends_with("hint: did you mean \"alice\"?\n"),
            "{out}"
        );
    }

    #[test]
    fn init_again_with_another_team_name_says_it_was_not_applied() {
        let repo = TestRepo::tracker();
        let out = repo.mv(&["init", "--team", "payments-team"]).success();
        assert!(
            out.stderr().contains("warning: --team \"payments-team\" was not applied: this tracker's team is \"Platform\""),
            "{out}"
        );
        let out = repo.mv(&["init", "--team", "Platform"]).success();
        assert!(!out.stderr().contains("warning"), "{out}");
    }
}

/// The method is guided, not only recorded: where a commitment or a
/// check-in departs from it, a warning says what the method says and the
/// way on; nothing is refused.
mod method {
    use super::*;

    #[test]
    fn warnings_where_the_script_says_otherwise_and_nothing_refused() {
        let repo = Team::new()
            .person("carol", "Carol Smith", "senior")
            .project("ledger", &["roadmap"])
            .build();
        let warnings = |out: &common::Output| -> String {
            out.stderr()
                .lines()
                .filter(|l| l.starts_with("warning:") || l.starts_with("hint:"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        // A first rep with a buddy who has never done it, nobody else either.
        let out = repo
            .mv(&[
                "fill",
                "alice",
                "sprint-planning@payments",
                "--buddy",
                "bob",
            ])
            .success();
        insta::assert_snapshot!(warnings(&out), @r"
        warning: bob has no record of filling sprint-planning: a buddy is someone who has done it before
        hint: recorded all the same; nobody on record has filled it yet, so a first-timer buddy is the best there is
        ");
        // Carol has done it since: now bob is not who has done it before.
        repo.mv(&["fill", "carol", "sprint-planning@payments"])
            .success();
        let carol = repo
            .mv(&["list", "--person", "carol", "--quiet"])
            .success()
            .stdout();
        repo.mv(&["checkin", carol.trim(), "--comfort", "4"])
            .success();
        repo.mv(&["done", carol.trim()]).success();
        let out = repo
            .mv(&[
                "fill",
                "bob",
                "sprint-planning@payments",
                "--buddy",
                "alice",
            ])
            .success();
        insta::assert_snapshot!(warnings(&out), @r"
        warning: alice has no record of filling sprint-planning: a buddy is someone who has done it before
        hint: recorded all the same; on record, carol (1 rep) has done it
        ");
        // A second vacuum while the first is active, with a buddy without a
        // record; on a project alice is not on, that does not need it.
        let out = repo
            .mv(&["fill", "alice", "retros@ledger", "--buddy", "bob"])
            .success();
        insta::assert_snapshot!(warnings(&out), @r"
        warning: alice already fills sprint-planning on payments: the method starts with one vacuum at a time
        hint: recorded all the same; to keep to one, end the other with `mv done` or `mv drop` (`mv list --person alice` shows the IDs), or take this back with `mv undo`
        warning: bob has no record of filling retros: a buddy is someone who has done it before
        hint: recorded all the same; nobody on record has filled it yet, so a first-timer buddy is the best there is
        warning: alice is not on ledger (on record: payments)
        hint: recorded all the same; if alice works on it now, add it to `projects` with `mv person edit alice`
        warning: ledger does not list retros among the vacuums it needs
        hint: recorded all the same; if it needs it, add it to `needs` with `mv project edit ledger`
        ");
        // A check-in dated after today.
        let alice = repo
            .mv(&[
                "list",
                "--person",
                "alice",
                "--vacuum",
                "sprint-planning",
                "--quiet",
            ])
            .success()
            .stdout();
        let out = repo
            .mv(&[
                "checkin",
                alice.trim(),
                "--comfort",
                "2",
                "--date",
                "tomorrow",
            ])
            .success();
        insta::assert_snapshot!(warnings(&out), @r"
        warning: this check-in is dated 2026-11-24, after today (2026-11-23)
        hint: recorded all the same; a check-in records a rep that happened: `mv undo` takes it back, and `--date` sets the day
        ");
        // Recorded all the same, each one commit, clean.
        assert_eq!(repo.status(), "");
        repo.assert_fsck_clean();
    }
}

/// `mv init PATH`, the README's install line: a missing PATH becomes a
/// tracker in a new repository of its own, even inside another repository
/// (a dotfiles repo in `$HOME`); an existing one is as `cd PATH && mv init`.
mod init_path {
    use super::*;

    #[test]
    fn a_missing_path_becomes_a_new_repository_with_a_tracker() {
        // The outer repository stands for a dotfiles repo in $HOME.
        let repo = TestRepo::new();
        let out = repo.mv(&["init", "nested/coaching"]).success();
        let tracker = repo.path().join("nested/coaching");
        assert!(tracker.join("microvac.toml").is_file(), "{out}");
        assert!(tracker.join(".git").is_dir(), "{out}");
        assert_eq!(
            repo.git_in(&tracker, &["log", "--format=%s"]).trim(),
            "start the microvac tracker for coaching"
        );
        assert_eq!(repo.git_in(&tracker, &["status", "--porcelain"]), "");
        // The outer repository got no commit.
        assert_eq!(repo.head(), None);
        // Again: the tracker is there; nothing is rewritten.
        let out = repo.mv(&["init", "nested/coaching"]).success();
        assert!(out.stderr().contains("a tracker is already here"), "{out}");
        assert_eq!(
            repo.git_in(&tracker, &["rev-list", "--count", "HEAD"])
                .trim(),
            "1"
        );
    }

    #[test]
    fn an_existing_directory_is_as_cd_there() {
        let repo = TestRepo::new();
        let out = repo.mv(&["init", "."]).success();
        assert!(repo.exists("microvac.toml"), "{out}");
        assert_eq!(repo.commit_count(), 1);
    }

    #[test]
    fn a_file_is_refused_and_no_author_leaves_no_directory() {
        let mut repo = TestRepo::plain();
        repo.write("notes.txt", "mine\n");
        let out = repo.mv(&["init", "notes.txt"]).code(1);
        assert!(
            out.stderr().contains("notes.txt is not a directory"),
            "{out}"
        );
        assert!(
            out.stderr().contains("hint: give mv init a directory"),
            "{out}"
        );
        assert_eq!(repo.read("notes.txt"), "mine\n");

        repo.without_identity();
        let out = repo.mv(&["init", "coaching"]).code(1);
        assert!(out.stderr().contains("no git identity"), "{out}");
        assert!(!repo.exists("coaching"), "{out}");
    }
}

#[test]
fn the_shell_function_finds_microvac_and_mv_when_it_runs() {
    let mut repo = TestRepo::team();
    let old = repo.scratch("old-install");
    std::os::unix::fs::symlink(common::microvac_bin(), old.join("microvac")).expect("link");
    repo.prepend_path(&old);
    let function = repo.microvac(&["shell-init"]).success().stdout();
    assert!(function.contains("command microvac \"$@\""), "{function}");
    assert!(function.contains("command mv \"$@\""), "{function}");
    assert!(!function.contains("/usr/bin"), "{function}");
    assert!(
        !function.contains(&old.display().to_string()),
        "no install path: {function}"
    );
    // The install moves after the function was defined: it keeps working.
    let moved = repo.scratch("new-install");
    repo.write("a.txt", "moved\n");
    let script = format!(
        "eval \"$(microvac shell-init)\"\nrm {old}/microvac\nln -s {bin} {moved}/microvac\nPATH={moved}:$PATH\nmv person list --format csv && mv a.txt b.txt && mv missing x",
        old = old.display(),
        bin = common::microvac_bin().display(),
        moved = moved.display(),
    );
    let out = repo.cmd("bash", &["-c", &script]).run();
    assert_eq!(out.status().code(), Some(1), "the last move fails: {out}");
    assert!(out.stdout().contains("alice,Alice Liddell"), "{out}");
    assert_eq!(repo.read("b.txt"), "moved\n");
    assert!(
        out.stderr().starts_with("mv: cannot stat 'missing'"),
        "the system mv's own words: {out}"
    );
}

#[test]
fn due_as_a_calendar_has_one_event_per_item_with_stable_uids() {
    let repo = TestRepo::team();
    repo.mv(&[
        "log",
        "alice",
        "--exemplar",
        "Foo",
        "--fill",
        "sprint-planning@payments",
        "--buddy",
        "bob",
        "--next",
        "2026-12-07",
    ])
    .success();
    let id = repo.only_commitment_id("alice");
    let ics = |repo: &TestRepo| repo.mv(&["due", "--format", "ics"]).success().stdout();
    let before = ics(&repo);
    assert!(before.starts_with("BEGIN:VCALENDAR\r\n"), "{before}");
    let events = |text: &str| -> Vec<(String, String)> {
        let unfolded = text.replace("\r\n ", "");
        let mut out = Vec::new();
        let mut uid = String::new();
        for line in unfolded.split("\r\n") {
            if let Some(u) = line.strip_prefix("UID:") {
                uid = u.to_owned();
            }
            if let Some(d) = line.strip_prefix("DTSTART;VALUE=DATE:") {
                out.push((uid.clone(), d.to_owned()));
            }
        }
        out
    };
    // Upcoming ones too: the 1:1 on 12-07 and the first rep two weeks in.
    assert_eq!(
        events(&before),
        [
            (
                format!("one-on-one-alice-{}@microvac", conversation(&repo)),
                "20261207".to_owned()
            ),
            (
                format!("checkin-alice-{id}@microvac"),
                "20261207".to_owned()
            ),
        ]
    );
    assert!(
        before.contains("X-WR-CALNAME:Platform coaching: due"),
        "{before}"
    );
    assert!(before.contains(&format!("mv checkin {id}")), "{before}");
    // A rep moves the check-in: same UID, new date, higher SEQUENCE.
    repo.mv_cmd(&["checkin", &id, "--comfort", "3"])
        .env("MICROVAC_NOW", "2026-11-30T10:00:00Z")
        .run()
        .success();
    let after = ics(&repo);
    assert!(
        events(&after).contains(&(
            format!("checkin-alice-{id}@microvac"),
            "20261214".to_owned()
        )),
        "{after}"
    );
    assert!(after.contains("SEQUENCE:1"), "{after}");
    // --on bounds it; other formats are refused.
    let bounded = repo
        .mv(&["due", "--format", "ics", "--on", "2026-12-01"])
        .success()
        .stdout();
    assert!(events(&bounded).is_empty(), "{bounded}");
    let out = repo.mv(&["due", "--format", "html"]).code(2);
    assert!(
        out.stderr()
            .contains("[possible values: table, json, markdown, csv, ics]"),
        "{out}"
    );
}

/// The ID of the one conversation on record.
fn conversation(repo: &TestRepo) -> String {
    let dir = repo.path().join("conversations/2026");
    let name = std::fs::read_dir(dir)
        .expect("conversations")
        .next()
        .expect("one")
        .expect("an entry")
        .file_name();
    name.to_string_lossy().trim_end_matches(".toml").to_owned()
}
