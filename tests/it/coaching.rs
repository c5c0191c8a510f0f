//! The coaching script end to end, with a fixed clock: a manager logs a
//! conversation about the "Foo project", the engineer commits to sprint
//! planning on their project with the tech lead as buddy, checks in twice
//! with rising comfort and finishes; a second engineer drops a commitment.
//! Checks the files, the commits, the table in every format, the history
//! and what is due.
//!
//! The end-to-end test is a sequence of steps on one tracker, each named
//! after the part of the coaching script (SPEC.md, "The idea it serves") or
//! of the way the team uses microvac that it covers.

use crate::common;

use common::{Team, TestRepo, id_of};

/// The usual team with a second project, checkout, that needs sprint
/// planning and retros.
fn team_with_checkout() -> Team {
    Team::new().project("checkout", &["sprint-planning", "retros"])
}

#[test]
fn the_coaching_script_end_to_end() {
    // Alice is coached, bob is the tech lead and her buddy, carol is a second
    // engineer; payments lacks a plan, sprint planning and status emails.
    let repo = team_with_checkout()
        .person("carol", "Carol Danvers", "senior")
        .needs(
            "payments",
            &["sprint-planning", "status-email", "project-plan"],
        )
        .build();

    let alice = the_one_on_one_is_logged_in_one_commit(&repo);
    step_1_exemplar_and_step_2_what_they_liked(&repo, &alice);
    step_3_commit_to_the_most_comfortable_vacuum_with_a_buddy(&repo);
    hand_edits_are_normal_and_kept(&repo, &alice);
    step_5_first_reps_with_a_buddy_and_rising_comfort(&repo, &alice);
    due_shows_the_next_one_on_one_and_the_next_rep(&repo);
    done_when_the_vacuum_is_filled(&repo, &alice);
    drop_is_allowed_and_kept_on_record(&repo);
    the_table_shows_who_fills_which_vacuum_and_which_are_vacant(&repo);
    the_history_is_the_coaching_log(&repo, &alice);

    repo.mv(&["check"]).success();
    assert_eq!(repo.status(), "");
    repo.assert_fsck_clean();
}

/// What alice's 1:1 left on record.
struct OneOnOne {
    /// The conversation file, relative to the work tree.
    conversation: String,
    /// The commitment file, relative to the work tree.
    commitment: String,
    /// The commitment's ID.
    id: String,
}

/// "After a 1:1, the EM logs the conversation and the commitment(s) that
/// came out of it." — one `mv log` records the whole script, in one commit.
fn the_one_on_one_is_logged_in_one_commit(repo: &TestRepo) -> OneOnOne {
    let before = repo.commit_count();
    repo.mv(&[
        "log",
        "alice",
        // 1. The exemplar.
        "--exemplar",
        "Foo project",
        // 2. What she liked about it, each the result of a vacuum filled.
        "--liked",
        "a clear plan with milestones=project-plan",
        "--liked",
        "sprint planning that just worked=sprint-planning",
        // 4. The worry, said out loud.
        "--concern",
        "my first plans will be slow and rough",
        // 3. and 5. One vacuum to fill, with a buddy.
        "--fill",
        "sprint-planning@payments",
        "--buddy",
        "bob",
        "--next",
        "2026-12-07",
    ])
    .success();
    assert_eq!(
        repo.commit_count(),
        before + 1,
        "conversation and commitment are one commit"
    );
    let files = repo.last_commit_files();
    assert_eq!(files.lines().count(), 2, "{files}");
    assert!(
        files.contains("conversations/2026/2026-11-23-alice-"),
        "{files}"
    );
    let commitment = repo.only_commitment("alice");
    assert!(files.contains(&commitment), "{files}");
    assert_eq!(repo.status(), "");
    let conversation = files
        .lines()
        .find(|l| l.starts_with("conversations/"))
        .unwrap()
        .to_owned();
    let text = repo.read(&conversation);
    assert!(text.contains("manager = \"Erin Manager\""));
    assert!(text.contains("next = 2026-12-07"));
    OneOnOne {
        conversation,
        id: id_of(&commitment),
        commitment,
    }
}

/// Script steps 1 and 2: "Think about the best run project you've ever
/// seen. What was it called?" and "What about it did you really like?"
fn step_1_exemplar_and_step_2_what_they_liked(repo: &TestRepo, alice: &OneOnOne) {
    let conversation = repo.read(&alice.conversation);
    assert!(
        conversation.contains("exemplar = \"Foo project\""),
        "{conversation}"
    );
    assert!(
        conversation
            .contains("{ what = \"a clear plan with milestones\", vacuum = \"project-plan\" }")
    );
}

/// Script step 3: "Wherever the IC's current project lacks one, there is a
/// micro-vacuum the IC could volunteer to fill … Start with one — the most
/// comfortable one." And from step 5: "Do it the first few times with
/// someone who has done it before (a buddy, e.g. the tech lead)."
fn step_3_commit_to_the_most_comfortable_vacuum_with_a_buddy(repo: &TestRepo) {
    assert_eq!(
        repo.last_subject(),
        "1:1 with alice about \"Foo project\"; commits to sprint-planning on payments"
    );
    assert_eq!(repo.last_trailer("Microvac-Person"), "alice");
    assert_eq!(repo.last_trailer("Microvac-Buddy"), "bob");
}

/// "hand edits of the TOML files with an editor are normal and supported":
/// a hand-written comment, committed with plain git, must survive every
/// check-in.
fn hand_edits_are_normal_and_kept(repo: &TestRepo, alice: &OneOnOne) {
    let text = repo.read(&alice.commitment);
    let text = text.replace(
        "buddy = \"bob\"",
        "buddy = \"bob\" # bob ran planning on Foo for a year\n# alice wants to try without slides first",
    );
    repo.write(&alice.commitment, &text);
    repo.git(&["commit", "-qam", "note on alice's commitment"]);
}

/// Script step 5: "Discomfort is the feeling of growing. Do it the first
/// few times with someone who has done it before" — two reps with bob,
/// comfort rising from 2 to 4.
fn step_5_first_reps_with_a_buddy_and_rising_comfort(repo: &TestRepo, alice: &OneOnOne) {
    let id = &alice.id;
    repo.mv_cmd(&[
        "checkin",
        id,
        "--note",
        "co-ran planning with bob",
        "--comfort",
        "2",
    ])
    .env("MICROVAC_NOW", "2026-11-30T10:00:00Z")
    .run()
    .success();
    assert_eq!(
        repo.last_subject(),
        "alice: 1st rep of sprint-planning on payments, comfort 2/5"
    );
    repo.mv_cmd(&[
        "checkin",
        &id[..4],
        "--note",
        "ran it, bob watched",
        "--comfort",
        "4",
    ])
    .env("MICROVAC_NOW", "2026-12-07T10:00:00Z")
    .run()
    .success();
    assert_eq!(
        repo.last_subject(),
        "alice: 2nd rep of sprint-planning on payments, comfort 4/5"
    );
    assert_eq!(repo.last_trailer("Microvac-Action"), "checkin");
    let text = repo.read(&alice.commitment);
    assert!(
        text.contains("buddy = \"bob\" # bob ran planning on Foo for a year"),
        "{text}"
    );
    assert!(
        text.contains("# alice wants to try without slides first"),
        "{text}"
    );
    assert_eq!(text.matches("[[checkin]]").count(), 2, "{text}");
    assert!(text.contains("next_checkin = 2026-12-21"), "{text}");
}

/// "Later attempts (\"reps\") are checked in" — and `mv due` says when: the
/// next 1:1 was due on 2026-12-07, the 3rd rep on 2026-12-21.
fn due_shows_the_next_one_on_one_and_the_next_rep(repo: &TestRepo) {
    let due = repo
        .mv(&["due", "--on", "2026-12-08", "--format", "json"])
        .success()
        .json();
    let due = due["due"].as_array().unwrap();
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0]["kind"], "one-on-one");
    assert_eq!(due[0]["person"], "alice");
    repo.mv(&["due", "--on", "2026-12-06", "--exit-code"])
        .success();
    let out = repo
        .mv(&["due", "--on", "2026-12-22", "--exit-code"])
        .code(1);
    // --on widens the window; labels count from today (2026-11-23), so
    // nothing to come is called late or "today".
    repo.snapshot_filters().bind(|| {
        insta::assert_snapshot!(out.stdout(), @r"
        +---------------------+-------+----------------------------------------+-------------------------+
        | DUE                 | WHO   | WHAT                                   | ID                      |
        +================================================================================================+
        | 2026-12-07 (in 14d) | alice | 1:1 (last one 2026-11-23)              | 2026-11-23-alice-nzs368 |
        | 2026-12-21 (in 28d) | alice | 3rd rep of sprint-planning on payments | e9c382                  |
        +---------------------+-------+----------------------------------------+-------------------------+
        ");
    });
    // Today 2026-12-10, due by 2026-12-31: one late, one to come.
    let out = repo
        .mv_cmd(&["due", "--on", "2026-12-31"])
        .env("MICROVAC_NOW", "2026-12-10T10:00:00Z")
        .run()
        .success();
    assert!(out.stdout().contains("2026-12-07 (3d late)"), "{out}");
    assert!(out.stdout().contains("2026-12-21 (in 11d)"), "{out}");
    let json = repo
        .mv_cmd(&["due", "--on", "2026-12-31", "--format", "json"])
        .env("MICROVAC_NOW", "2026-12-10T10:00:00Z")
        .run()
        .success()
        .json();
    assert_eq!(json["today"], "2026-12-10");
    assert_eq!(json["due"][0]["days_overdue"], 3);
    assert_eq!(json["due"][1]["days_overdue"], -11);
}

/// "commitments end as done or dropped": alice has filled sprint planning,
/// and a done commitment takes no check-in until it is reopened.
fn done_when_the_vacuum_is_filled(repo: &TestRepo, alice: &OneOnOne) {
    let id = &alice.id;
    repo.mv_cmd(&["done", id])
        .env("MICROVAC_NOW", "2026-12-14T10:00:00Z")
        .run()
        .success();
    assert_eq!(
        repo.last_subject(),
        "alice has filled sprint-planning on payments (2 reps)"
    );
    let text = repo.read(&alice.commitment);
    assert!(text.contains("status = \"done\""), "{text}");
    assert!(text.contains("ended = 2026-12-14"), "{text}");
    assert!(
        text.contains("# alice wants to try without slides first"),
        "{text}"
    );

    let out = repo.mv(&["checkin", id, "--comfort", "5"]).failure();
    assert!(out.stderr().contains(&format!("mv reopen {id}")), "{out}");
}

/// Script step 4: "The EM promises support and forgiveness." Commitments
/// end "dropped (with a reason — dropping is allowed and forgiven)": carol
/// commits outside a conversation, then steps back, kindly, and the reason
/// stays on record.
fn drop_is_allowed_and_kept_on_record(repo: &TestRepo) {
    repo.mv(&[
        "fill",
        "carol",
        "status-email",
        "--project",
        "payments",
        "--buddy",
        "alice",
    ])
    .success();
    assert_eq!(
        repo.last_subject(),
        "carol commits to status-email on payments with alice as buddy"
    );
    let carols = repo.only_commitment("carol");
    repo.mv(&[
        "drop",
        &id_of(&carols),
        "--why",
        "took over the on-call rotation",
    ])
    .success();
    assert_eq!(
        repo.last_subject(),
        "carol steps back from status-email on payments, for now"
    );
    let body = repo.git(&["log", "-1", "--format=%b"]);
    assert!(
        body.contains("Why: took over the on-call rotation"),
        "{body}"
    );
}

/// "Anyone reviews the state as a table (who fills which vacuum on which
/// project, and which vacuums are vacant)" — in every format.
fn the_table_shows_who_fills_which_vacuum_and_which_are_vacant(repo: &TestRepo) {
    let table = repo.mv(&["table"]).success().stdout();
    // Only the vacuums a project needs or someone fills are columns.
    insta::assert_snapshot!(table, @r"
    +----------+--------------+--------+---------------------------+--------------+
    | PROJECT  | project-plan | retros | sprint-planning           | status-email |
    +=============================================================================+
    | checkout | -            | VACANT | VACANT                    | -            |
    | payments | VACANT       | -      | alice +bob, 2 reps (done) | VACANT       |
    +----------+--------------+--------+---------------------------+--------------+
    VACANT: needed, nobody fills it; -: not needed; +NAME: buddy
    ");
    let all = repo
        .mv(&[
            "table",
            "--all",
            "--format",
            "markdown",
            "--vacuum",
            "sprint-planning,status-email,project-plan",
        ])
        .success()
        .stdout();
    insta::assert_snapshot!(all, @r"
    | PROJECT | project-plan | sprint-planning | status-email |
    |---|---|---|---|
    | checkout | - | VACANT | - |
    | payments | VACANT | alice +bob, 2 reps (done) | carol +alice, 0 reps (dropped) |

    VACANT: needed, nobody fills it; -: not needed; +NAME: buddy
    ");
    let csv = repo
        .mv(&[
            "table",
            "--all",
            "--format",
            "csv",
            "--vacuum",
            "sprint-planning,status-email",
        ])
        .success()
        .stdout();
    insta::assert_snapshot!(csv, @r#"
    PROJECT,sprint-planning,status-email
    checkout,VACANT,'-
    payments,"alice +bob, 2 reps (done)","carol +alice, 0 reps (dropped)"
    "#);
    let json = repo
        .mv(&["table", "--all", "--format", "json"])
        .success()
        .json();
    let payments = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["project"] == "payments")
        .unwrap();
    assert_eq!(
        payments["cells"]["sprint-planning"]["fillers"][0]["reps"],
        2
    );
    assert_eq!(
        payments["cells"]["sprint-planning"]["fillers"][0]["status"],
        "done"
    );
    assert_eq!(payments["cells"]["project-plan"]["vacant"], true);
    let by_person = repo
        .mv(&[
            "table",
            "--by",
            "person",
            "--all",
            "--vacuum",
            "sprint-planning,status-email",
        ])
        .success()
        .stdout();
    insta::assert_snapshot!(by_person, @r"
    +-----------------+-------------------------------------+-----+---------------------------+
    | VACUUM          | alice                               | bob | carol                     |
    +=========================================================================================+
    | sprint-planning | payments 2 reps, comfort 4/5 (done) | -   | -                         |
    | status-email    | -                                   | -   | payments 0 reps (dropped) |
    | ACTIVE          |                                   0 |   0 |                         0 |
    | DONE            |                                   1 |   0 |                         0 |
    | BUDDYING        |                                   0 |   0 |                         0 |
    | REPS            |                                   2 |   0 |                         0 |
    +-----------------+-------------------------------------+-----+---------------------------+
    ");
}

/// "… and the history with plain `git log` or `mv history`": microvac's own
/// commits and the hand edit, and trailers that keep `git log` useful.
fn the_history_is_the_coaching_log(repo: &TestRepo, alice: &OneOnOne) {
    let history = repo.mv(&["history", "alice"]).success().stdout();
    insta::assert_snapshot!(history, @r#"
    +------------+--------------+-------------------------------------------------------------------+
    | DATE       | AUTHOR       | WHAT                                                              |
    +===============================================================================================+
    | 2026-11-23 | Erin Manager | as buddy: carol steps back from status-email on payments, for now |
    | 2026-11-23 | Erin Manager | as buddy: carol commits to status-email on payments with alice as |
    |            |              | buddy                                                             |
    | 2026-11-23 | Erin Manager | alice has filled sprint-planning on payments (2 reps)             |
    | 2026-11-23 | Erin Manager | alice: 2nd rep of sprint-planning on payments, comfort 4/5        |
    | 2026-11-23 | Erin Manager | alice: 1st rep of sprint-planning on payments, comfort 2/5        |
    | 2026-11-23 | Erin Manager | note on alice's commitment (edited by hand:                       |
    |            |              | commitments/alice/sprint-planning--payments-e9c382.toml)          |
    | 2026-11-23 | Erin Manager | 1:1 with alice about "Foo project"; commits to sprint-planning on |
    |            |              | payments                                                          |
    | 2026-11-23 | Erin Manager | add person alice (Alice Liddell)                                  |
    +------------+--------------+-------------------------------------------------------------------+
    "#);
    let json = repo
        .mv(&["history", &alice.id, "--format", "json"])
        .success()
        .json();
    let actions: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or("by hand"))
        .collect();
    assert_eq!(actions, ["done", "checkin", "checkin", "by hand", "log"]);

    // What alice did as carol's buddy is marked so, in every format.
    let mine = repo
        .mv(&["history", "alice", "--format", "json"])
        .success()
        .json();
    let as_buddy: Vec<bool> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["as_buddy"].as_bool().unwrap())
        .collect();
    assert_eq!(
        as_buddy,
        [true, true, false, false, false, false, false, false],
        "{mine:#}"
    );
    let carol = repo.mv(&["history", "carol"]).success().stdout();
    assert!(!carol.contains("as buddy:"), "{carol}");

    // Plain git log stays useful thanks to the trailers.
    let grep = repo.git(&["log", "--format=%s", "--grep=Microvac-Person: carol"]);
    assert_eq!(grep.lines().count(), 3, "{grep}");
}

#[test]
fn bad_references_dates_and_comfort_write_nothing() {
    let repo = team_with_checkout().build();
    repo.mv(&[
        "fill",
        "alice",
        "sprint-planning",
        "--project",
        "payments",
        "--buddy",
        "bob",
    ])
    .success();
    let id = id_of(&repo.only_commitment("alice"));
    let before = repo.commit_count();
    let cases: &[(&[&str], &str)] = &[
        (
            &["fill", "alice", "sprint-planing", "--project", "payments"],
            "did you mean \"sprint-planning\"?",
        ),
        (
            &["fill", "alise", "retros", "--project", "checkout"],
            "did you mean \"alice\"?",
        ),
        (
            &["fill", "alice", "retros", "--project", "checkuot"],
            "did you mean \"checkout\"?",
        ),
        (
            &[
                "fill",
                "alice",
                "retros",
                "--project",
                "checkout",
                "--buddy",
                "alice",
            ],
            "cannot be their own buddy",
        ),
        (
            &["fill", "alice", "sprint-planning", "--project", "payments"],
            "already fills sprint-planning on payments",
        ),
        (
            &[
                "fill",
                "alice",
                "retros",
                "--project",
                "checkout",
                "--date",
                "2026-02-30",
            ],
            "not a real date",
        ),
        (&["checkin", &id, "--comfort", "6"], "6 is not in 1..=5"),
        (
            &["checkin", &id, "--date", "2026-13-01", "--comfort", "3"],
            "not a real date",
        ),
        (&["checkin", &id], "needs --note, --comfort or both"),
        (
            &["checkin", "zzzzzz", "--comfort", "3"],
            "no commitment with ID",
        ),
        (
            &["log", "alice", "--fill", "retros"],
            "should be VACUUM@PROJECT",
        ),
        (
            &["log", "alice", "--liked", "demos=all-handz"],
            "did you mean \"all-hands\"?",
        ),
        (
            &["log", "alice"],
            "no --exemplar, --liked, --concern, --notes, --next or --fill",
        ),
        (&["drop", &id, "--why", " "], "--why is empty"),
    ];
    for (args, expected) in cases {
        let out = repo.mv(args).failure();
        assert!(
            out.stderr().contains(expected),
            "mv {args:?}: expected {expected:?} in\n{out}"
        );
        assert!(!out.stderr().contains("panicked"), "{out}");
    }
    assert_eq!(
        repo.commit_count(),
        before,
        "a failed check writes no commit"
    );
    assert_eq!(repo.status(), "", "and no file");
}

#[test]
fn ids_are_unique_across_clones_and_accept_a_unique_prefix() {
    let repo = team_with_checkout().build();
    let clone = repo.scratch("clone");
    repo.git(&[
        "clone",
        "-q",
        repo.path().to_str().unwrap(),
        clone.to_str().unwrap(),
    ]);
    // Two managers, same person, vacuum, project and moment, in two clones.
    repo.mv(&["fill", "alice", "retros", "--project", "checkout"])
        .success();
    repo.mv_cmd(&["fill", "alice", "retros", "--project", "checkout"])
        .current_dir(&clone)
        .env("GIT_AUTHOR_EMAIL", "other-manager@example.com")
        .run()
        .success();
    let ours = repo.only_commitment("alice");
    let theirs = std::fs::read_dir(clone.join("commitments/alice"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    assert_ne!(
        ours,
        format!("commitments/alice/{}", theirs.to_str().unwrap())
    );
    // The user types the short code, or any unique prefix of it.
    let id = id_of(&ours);
    assert_eq!(id.len(), 6);
    let shown = repo
        .mv(&["show", &id[..3], "--format", "json"])
        .success()
        .json();
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["vacuum"], "retros");
}

#[test]
fn table_stays_readable_at_80_columns_with_12_vacuums() {
    let repo = team_with_checkout().build();
    for p in [
        "billing", "search", "mobile", "web", "infra", "data", "growth", "ads", "ml", "auth",
        "api", "docs",
    ] {
        repo.mv(&["project", "add", p]).success();
    }
    repo.mv(&[
        "fill",
        "alice",
        "sprint-planning",
        "--project",
        "payments",
        "--buddy",
        "bob",
    ])
    .success();
    let out = repo
        .mv_cmd(&["table", "--ascii"])
        .env("COLUMNS", "80")
        .run()
        .success()
        .stdout();
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}\n{out}"
        );
        assert!(line.is_ascii(), "{line:?}");
    }
    assert!(
        out.contains("vacuums: AH=all-hands"),
        "a legend explains the short headers:\n{out}"
    );
    assert!(out.contains("alice"), "{out}");
}

#[test]
fn log_opens_the_editor_on_a_terminal_and_strips_comments() {
    let repo = TestRepo::team();
    let editor = repo.scratch("bin").join("fill-in");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i -e 's/^exemplar = \"\"/exemplar = \"Foo project\"/' -e 's/^fill = \\[/fill = [ { vacuum = \"sprint-planning\", project = \"payments\", buddy = \"bob\" },/' \"$1\"\n",
    )
    .unwrap();
    std::os::unix::fs::PermissionsExt::set_mode(
        &mut std::fs::metadata(&editor).unwrap().permissions(),
        0o755,
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let on_a_terminal = |editor: &str| {
        let cmd = format!("{} log alice", common::mv_bin().display());
        repo.cmd("script", &["-qec", &cmd, "/dev/null"])
            .env("GIT_EDITOR", editor)
            .run()
    };
    let before = repo.commit_count();
    // Closing the editor without a change records nothing.
    let out = on_a_terminal("true").success();
    assert!(out.stdout().contains("nothing recorded"), "{out}");
    assert_eq!(repo.commit_count(), before);
    // Filling in the template records the conversation and its commitment.
    on_a_terminal(editor.to_str().unwrap()).success();
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(
        repo.last_subject(),
        "1:1 with alice about \"Foo project\"; commits to sprint-planning on payments"
    );
    let commitment = repo.read(repo.only_commitment("alice"));
    assert!(commitment.contains("buddy = \"bob\""), "{commitment}");
    assert_eq!(repo.status(), "");
}

#[test]
fn two_conversations_on_the_same_day_are_two_files() {
    let repo = TestRepo::team();
    repo.mv(&["log", "alice", "--exemplar", "Foo project"])
        .success();
    repo.mv(&["log", "alice", "--concern", "too many meetings"])
        .success();
    let files = std::fs::read_dir(repo.path().join("conversations/2026"))
        .unwrap()
        .count();
    assert_eq!(files, 2);
    repo.mv(&["check"]).success();
}

#[test]
fn edit_reopen_and_hand_edited_commitments() {
    let repo = team_with_checkout().build();
    repo.mv(&["fill", "alice", "retros", "--project", "checkout"])
        .success();
    let rel = repo.only_commitment("alice");
    let id = id_of(&rel);

    // Edit with flags: one commit, the fields changed, the rest kept.
    repo.mv(&["edit", &id, "--buddy", "bob", "--checkin-every", "1w"])
        .success();
    assert_eq!(
        repo.last_subject(),
        "edit alice's commitment to retros on checkout"
    );
    assert_eq!(repo.last_trailer("Microvac-Buddy"), "bob");
    let text = repo.read(&rel);
    assert!(text.contains("buddy = \"bob\""), "{text}");
    assert!(text.contains("checkin_every = \"1w\""), "{text}");
    let out = repo.mv(&["edit", &id, "--buddy", "alice"]).failure();
    assert!(out.stderr().contains("cannot be their own buddy"), "{out}");

    // Dropped, then picked up again: it takes check-ins once more.
    repo.mv(&["drop", &id, "--why", "team reorg"]).success();
    repo.mv(&["checkin", &id, "--comfort", "3"]).failure();
    repo.mv(&["reopen", &id]).success();
    assert_eq!(
        repo.last_subject(),
        "alice picks retros on checkout up again"
    );
    let text = repo.read(&rel);
    assert!(
        text.contains("status = \"active\"") && !text.contains("why ="),
        "{text}"
    );
    repo.mv(&["checkin", &id, "--comfort", "3"]).success();

    // A hand edit not yet committed is the user's: microvac leaves it be.
    let before = repo.commit_count();
    let edited = repo
        .read(&rel)
        .replace("comfort = 3", "comfort = 4 # felt better on reflection");
    repo.write(&rel, &edited);
    let out = repo.mv(&["checkin", &id, "--comfort", "4"]).failure();
    assert!(
        out.stderr().contains("changes that are not committed"),
        "{out}"
    );
    assert_eq!(repo.read(&rel), edited);
    assert_eq!(repo.commit_count(), before);

    // A broken hand edit, committed past the hook, is reported where it is
    // broken, and nothing is written.
    repo.write(
        &rel,
        &edited.replace("status = \"active\"", "status = \"active"),
    );
    repo.git(&["commit", "-q", "--no-verify", "-am", "hand edit"]);
    let before = repo.commit_count();
    let out = repo.mv(&["checkin", &id, "--comfort", "4"]).failure();
    // Line 9: the commitment starts with its #:schema line.
    assert!(out.stderr().contains(&format!("{rel}:9:43")), "{out}");
    assert_eq!(repo.commit_count(), before);
    assert_eq!(repo.status(), "");
    // Commands that do not need that file keep working.
    repo.mv(&["person", "list"]).success();
    let out = repo.mv(&["table"]).success();
    assert!(out.stderr().contains("skipped"), "{out}");
}

/// A commitment a manager rewrote by hand (comments above and beside keys,
/// a key microvac does not know, a check-in with a comment) keeps all of it
/// through a check-in, an edit and its end: only the keys each command
/// changes change, each where it was.
#[test]
fn a_hand_written_commitment_keeps_its_comments_and_unknown_keys_to_the_end() {
    let repo = TestRepo::team();
    repo.mv(&["fill", "alice", "retros", "--project", "payments"])
        .success();
    let rel = repo.only_commitment("alice");
    let id = id_of(&rel);
    let hand_written = "\
# Alice asked for this one after the offsite.
person = \"alice\"
vacuum = \"retros\"   # the team's weakest ritual
project = \"payments\"
status = \"active\" # keep going!
started = 2026-11-23
# Bob ran retros on Foo.
buddy = \"bob\"
next_checkin = 2026-12-07 # before the sprint ends
mood = { before = \"nervous\" } # not a key microvac knows

[[checkin]]
date = 2026-11-23
note = \"watched bob run one\" # first rep, shadowing
comfort = 1
";
    repo.write(&rel, hand_written);
    repo.git(&["commit", "-q", "-am", "alice's commitment, by hand"]);

    repo.mv(&[
        "checkin",
        &id,
        "--note",
        "ran it with bob",
        "--comfort",
        "2",
    ])
    .success();
    repo.mv(&["edit", &id, "--checkin-every", "1w", "--buddy", "carol"])
        .failure();
    repo.mv(&["edit", &id, "--checkin-every", "1w"]).success();
    repo.mv(&["done", &id, "--note", "runs them alone now"])
        .success();

    assert_eq!(
        repo.read(&rel),
        "\
# Alice asked for this one after the offsite.
person = \"alice\"
vacuum = \"retros\"   # the team's weakest ritual
project = \"payments\"
status = \"done\" # keep going!
started = 2026-11-23
# Bob ran retros on Foo.
buddy = \"bob\"
mood = { before = \"nervous\" } # not a key microvac knows
checkin_every = \"1w\"
ended = 2026-11-23
why = \"runs them alone now\"

[[checkin]]
date = 2026-11-23
note = \"watched bob run one\" # first rep, shadowing
comfort = 1

[[checkin]]
date = 2026-11-23
note = \"ran it with bob\"
comfort = 2
"
    );
    let subjects = repo.git(&["log", "-4", "--format=%s"]);
    assert_eq!(
        subjects,
        "alice has filled retros on payments (2 reps)\n\
         edit alice's commitment to retros on payments\n\
         alice: 2nd rep of retros on payments, comfort 2/5\n\
         alice's commitment, by hand\n"
    );
    assert_eq!(repo.status(), "");
    repo.assert_fsck_clean();
}
