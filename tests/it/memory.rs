//! Coaching memory on a seeded history: who works where, what is vacant
//! there, who could buddy (`mv suggest`, `mv fill`), what the next
//! conversation starts from (the `mv log` template), and a person's growth
//! (`mv growth` in every format, `mv person show`).
//!
//! The history: bob has filled sprint planning twice (web and checkout,
//! four reps), carol once (search, one rep at ease); alice, on payments,
//! said she liked well-run sprint planning, filled the status email with
//! bob (comfort 2→3→4), dropped retros on web, is writing the project plan
//! and raised a worry at her last 1:1.

use crate::common;

use common::{Team, TestRepo};
use insta::assert_snapshot;

fn id(repo: &TestRepo, person: &str, vacuum: &str, project: &str) -> String {
    let prefix = format!("{vacuum}--{project}-");
    let dir = repo.path().join("commitments").join(person);
    std::fs::read_dir(dir)
        .expect("commitments")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find_map(|n| Some(n.strip_prefix(&prefix)?.strip_suffix(".toml")?.to_owned()))
        .unwrap_or_else(|| panic!("no commitment {person} {vacuum}@{project}"))
}

/// `fill`, then a rep of each comfort on `dates`, then `end` (`done` or a
/// reason to drop) on the last date.
fn reps(
    repo: &TestRepo,
    person: &str,
    spec: &str,
    start: &str,
    comforts: &[(&str, &str)],
) -> String {
    repo.mv(&["fill", person, spec, "--date", start]).success();
    let (vacuum, project) = spec.split_once('@').unwrap();
    let id = id(repo, person, vacuum, project);
    for (date, comfort) in comforts {
        repo.mv(&[
            "checkin",
            &id,
            "--comfort",
            comfort,
            "--date",
            date,
            "--note",
            &format!("rep on {date}"),
        ])
        .success();
    }
    id
}

fn seeded() -> TestRepo {
    let repo = Team::new()
        .person("carol", "Carol Danvers", "senior")
        .needs(
            "payments",
            &["sprint-planning", "status-email", "project-plan"],
        )
        .project("web", &["sprint-planning", "retros"])
        .project("checkout", &["sprint-planning"])
        .project("search", &["sprint-planning"])
        .build();
    repo.mv(&["person", "edit", "alice", "--project", "payments"])
        .success();
    repo.mv(&["person", "edit", "bob", "--project", "payments,web"])
        .success();

    let web = reps(
        &repo,
        "bob",
        "sprint-planning@web",
        "2026-03-02",
        &[("2026-03-09", "2"), ("2026-03-23", "3")],
    );
    repo.mv(&["done", &web, "--date", "2026-04-01"]).success();
    let checkout = reps(
        &repo,
        "bob",
        "sprint-planning@checkout",
        "2026-05-04",
        &[("2026-05-11", "3"), ("2026-05-25", "4")],
    );
    repo.mv(&["done", &checkout, "--date", "2026-06-01"])
        .success();
    let search = reps(
        &repo,
        "carol",
        "sprint-planning@search",
        "2026-07-06",
        &[("2026-07-13", "5")],
    );
    repo.mv(&["done", &search, "--date", "2026-07-20"])
        .success();

    repo.mv(&[
        "log",
        "alice",
        "--date",
        "2026-10-05",
        "--exemplar",
        "Foo project",
        "--liked",
        "well-run sprint planning=sprint-planning",
        "--liked",
        "demo at the all-hands",
        "--concern",
        "first attempts will be slow",
        "--fill",
        "status-email@payments",
        "--buddy",
        "bob",
        "--next",
        "2026-10-19",
    ])
    .success();
    let email = id(&repo, "alice", "status-email", "payments");
    for (date, comfort, note) in [
        ("2026-10-12", "2", "co-wrote it with bob"),
        ("2026-10-19", "3", "sent it alone"),
        ("2026-10-26", "4", "leaders replied"),
    ] {
        repo.mv(&[
            "checkin",
            &email,
            "--comfort",
            comfort,
            "--date",
            date,
            "--note",
            note,
        ])
        .success();
    }
    repo.mv(&["done", &email, "--date", "2026-11-02"]).success();
    repo.mv(&["fill", "alice", "retros@web", "--date", "2026-10-20"])
        .success();
    let retros = id(&repo, "alice", "retros", "web");
    repo.mv(&[
        "drop",
        &retros,
        "--why",
        "team reorg",
        "--date",
        "2026-11-01",
    ])
    .success();
    repo.mv(&[
        "log",
        "alice",
        "--date",
        "2026-11-09",
        "--concern",
        "no time to prepare the plan",
        "--fill",
        "project-plan@payments",
        "--next",
        "2026-11-23",
    ])
    .success();
    let plan = id(&repo, "alice", "project-plan", "payments");
    for (date, comfort) in [("2026-11-10", "1"), ("2026-11-16", "2")] {
        repo.mv(&["checkin", &plan, "--comfort", comfort, "--date", date])
            .success();
    }
    repo.mv(&["check"]).success();
    repo
}

#[test]
fn suggest_names_the_most_experienced_buddy_first() {
    let repo = seeded();
    let out = repo.mv(&["suggest", "alice"]).success();
    assert_snapshot!(out.stdout(), @r"
    +----------+-----------------+-------+-----------------------------------------------------+
    | PROJECT  | VACUUM          | LIKED | BUDDIES                                             |
    +==========================================================================================+
    | payments | sprint-planning | yes   | bob (4 reps, last comfort 4/5, 2 done, tech lead on |
    |          |                 |       | payments); carol (1 rep, last comfort 5/5, 1 done)  |
    +----------+-----------------+-------+-----------------------------------------------------+
    Start with the most comfortable one: mv fill alice VACUUM --project PROJECT --buddy HANDLE
    ");
    let json = repo
        .mv(&["suggest", "alice", "--format", "json"])
        .success()
        .json();
    let first = &json["suggestions"][0];
    assert_eq!(first["vacuum"], "sprint-planning");
    assert_eq!(first["liked"], true);
    assert_eq!(first["buddies"][0]["handle"], "bob");
    assert_eq!(first["buddies"][0]["reps"], 4);
    assert_eq!(first["buddies"][1]["handle"], "carol");
    assert_eq!(json["suggestions"].as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(json["projects"], serde_json::json!(["payments"]));
}

#[test]
fn suggest_says_when_a_suggestion_was_dropped_before_and_why() {
    let repo = seeded();
    // alice joins web, where she dropped retros (no reps) for a reorg.
    repo.mv(&["person", "edit", "alice", "--project", "payments,web"])
        .success();
    let out = repo.mv(&["suggest", "alice"]).success();
    assert_snapshot!(out.stdout(), @r"
    +----------+-----------------+-------+---------------------------+----------------------------+
    | PROJECT  | VACUUM          | LIKED | BUDDIES                   | BEFORE                     |
    +=============================================================================================+
    | payments | sprint-planning | yes   | bob (4 reps, last comfort |                            |
    |          |                 |       | 4/5, 2 done, tech lead on |                            |
    |          |                 |       | payments); carol (1 rep,  |                            |
    |          |                 |       | last comfort 5/5, 1 done) |                            |
    | web      | retros          |       | bob (tech lead on web)    | dropped 2026-11-01 on web: |
    |          |                 |       |                           | team reorg                 |
    +----------+-----------------+-------+---------------------------+----------------------------+
    BEFORE: alice stepped back from it before (allowed, and forgiven); ask what has changed since
    Start with the most comfortable one: mv fill alice VACUUM --project PROJECT --buddy HANDLE
    ");
    let json = repo
        .mv(&["suggest", "alice", "--format", "json"])
        .success()
        .json();
    let retros = &json["suggestions"][1];
    assert_eq!(retros["vacuum"], "retros", "{json:#}");
    let dropped = &retros["dropped_before"][0];
    assert_eq!(dropped["project"], "web");
    assert_eq!(dropped["ended"], "2026-11-01");
    assert_eq!(dropped["why"], "team reorg");
    assert_eq!(dropped["id"], id(&repo, "alice", "retros", "web"));
    assert_eq!(
        json["suggestions"][0]["dropped_before"],
        serde_json::json!([]),
        "{json:#}"
    );
}

#[test]
fn suggest_markdown_and_a_person_on_no_project() {
    let repo = seeded();
    let md = repo
        .mv(&["suggest", "alice", "--format", "markdown"])
        .success()
        .stdout();
    assert!(md.starts_with("| PROJECT | VACUUM | LIKED | BUDDIES |\n|---|---|---|---|\n| payments | sprint-planning | yes | bob (4 reps"), "{md}");
    repo.mv(&["person", "add", "dave"]).success();
    let out = repo.mv(&["suggest", "dave"]).success();
    assert_eq!(out.stdout(), "");
    assert_snapshot!(out.stderr(), @"dave is on no project yet: set theirs with `mv person edit dave --project SLUG`");
    repo.mv(&["suggest", "nobody"]).code(1);
}

#[test]
fn fill_without_a_buddy_suggests_one_and_how_to_record_it() {
    let repo = seeded();
    let out = repo
        .mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let new = id(&repo, "alice", "sprint-planning", "payments");
    assert_eq!(
        out.stderr(),
        format!(
            "commitment ID: {new}\nbuddy suggestion: bob (4 reps, last comfort 4/5, 2 done, tech lead on payments); record it with `mv edit {new} --buddy bob`\n\
             warning: alice already fills project-plan on payments: the method starts with one vacuum at a time\n\
             hint: recorded all the same; to keep to one, end the other with `mv done` or `mv drop` (`mv list --person alice` shows the IDs), or take this back with `mv undo`\n"
        )
    );
    // Nothing more was written than the commitment.
    assert_eq!(repo.last_commit_files().lines().count(), 1);
    repo.mv(&["edit", &new, "--buddy", "bob"]).success();
    assert_eq!(repo.last_trailer("Microvac-Buddy"), "bob");
}

#[test]
fn the_log_template_carries_over_the_last_conversation() {
    let repo = seeded();
    let copy = repo.scratch("seen").join("template.toml");
    let editor = repo.scratch("bin").join("keep-a-copy");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\ncp \"$1\" {}\n", copy.display()),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let cmd = format!("{} log alice", common::mv_bin().display());
    let before = repo.commit_count();
    repo.cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("GIT_EDITOR", editor.to_str().unwrap())
        .run()
        .success();
    assert_eq!(
        repo.commit_count(),
        before,
        "an unchanged template records nothing"
    );
    let template = std::fs::read_to_string(&copy).unwrap();
    let carried = &template[template.find("# Last time").expect("carried over")..];
    let plan = id(&repo, "alice", "project-plan", "payments");
    assert_eq!(
        carried,
        format!(
            "# Last time (2026-11-09):\n#   worries raised (ask how they went):\n#     - no time to prepare the plan\n#   this 1:1 was planned for 2026-11-23\n# Open commitments (check in with `mv checkin ID`):\n#   - project-plan on payments: 2 reps, comfort 1→2; next check-in 2026-11-30 [{plan}]\n\n"
        )
    );
}

#[test]
fn growth_as_a_table() {
    let repo = seeded();
    let out = repo.mv(&["growth", "alice"]).success().stdout();
    assert_snapshot!(out, @r"
    Alice Liddell (alice), senior, on payments
    3 vacuums taken on (1 done, 1 dropped), 5 reps, 2 conversations

    Vacuums taken on
    +--------------+----------+-------+------------+------+---------+--------------------------------+
    | VACUUM       | PROJECT  | BUDDY | STARTED    | REPS | COMFORT | OUTCOME                        |
    +================================================================================================+
    | status-email | payments | bob   | 2026-10-05 |    3 | 2->3->4 | done 2026-11-02                |
    | retros       | web      |       | 2026-10-20 |    0 |         | dropped 2026-11-01: team reorg |
    | project-plan | payments |       | 2026-11-09 |    2 | 1->2    | active                         |
    +--------------+----------+-------+------------+------+---------+--------------------------------+

    Reps
    +------------+--------------+----------+-----+---------+----------------------+
    | DATE       | VACUUM       | PROJECT  | REP | COMFORT | NOTE                 |
    +=============================================================================+
    | 2026-10-12 | status-email | payments |   1 | 2/5     | co-wrote it with bob |
    | 2026-10-19 | status-email | payments |   2 | 3/5     | sent it alone        |
    | 2026-10-26 | status-email | payments |   3 | 4/5     | leaders replied      |
    | 2026-11-10 | project-plan | payments |   1 | 1/5     |                      |
    | 2026-11-16 | project-plan | payments |   2 | 2/5     |                      |
    +------------+--------------+----------+-----+---------+----------------------+

    Conversations
    +------------+-------------+---------------------------+------------------------+-----------------+
    | DATE       | EXEMPLAR    | LIKED                     | CONCERNS               | COMMITTED TO    |
    +=================================================================================================+
    | 2026-10-05 | Foo project | well-run sprint planning; | first attempts will be | status-email on |
    |            |             | demo at the all-hands     | slow                   | payments        |
    | 2026-11-09 |             |                           | no time to prepare the | project-plan on |
    |            |             |                           | plan                   | payments        |
    +------------+-------------+---------------------------+------------------------+-----------------+
    ");
}

#[test]
fn growth_as_markdown() {
    let repo = seeded();
    let out = repo
        .mv(&["growth", "alice", "--format", "markdown"])
        .success()
        .stdout();
    assert_snapshot!(out, @r"
    ## Growth: Alice Liddell (alice), senior, on payments

    3 vacuums taken on (1 done, 1 dropped), 5 reps, 2 conversations

    ### Vacuums taken on

    | VACUUM | PROJECT | BUDDY | STARTED | REPS | COMFORT | OUTCOME |
    |---|---|---|---|---|---|---|
    | status-email | payments | bob | 2026-10-05 | 3 | ▂▄▆ 2→3→4 | done 2026-11-02 |
    | retros | web |  | 2026-10-20 | 0 |  | dropped 2026-11-01: team reorg |
    | project-plan | payments |  | 2026-11-09 | 2 | ▁▂ 1→2 | active |

    ### Reps

    | DATE | VACUUM | PROJECT | REP | COMFORT | NOTE |
    |---|---|---|---|---|---|
    | 2026-10-12 | status-email | payments | 1 | 2/5 | co-wrote it with bob |
    | 2026-10-19 | status-email | payments | 2 | 3/5 | sent it alone |
    | 2026-10-26 | status-email | payments | 3 | 4/5 | leaders replied |
    | 2026-11-10 | project-plan | payments | 1 | 1/5 |  |
    | 2026-11-16 | project-plan | payments | 2 | 2/5 |  |

    ### Conversations

    | DATE | EXEMPLAR | LIKED | CONCERNS | COMMITTED TO |
    |---|---|---|---|---|
    | 2026-10-05 | Foo project | well-run sprint planning; demo at the all-hands | first attempts will be slow | status-email on payments |
    | 2026-11-09 |  |  | no time to prepare the plan | project-plan on payments |
    ");
}

#[test]
fn growth_as_json() {
    let repo = seeded();
    let mut json = repo
        .mv(&["growth", "alice", "--format", "json"])
        .success()
        .json();
    // IDs are stable, but say nothing here.
    for t in json["taken_on"].as_array_mut().unwrap() {
        t["id"] = "[ID]".into();
    }
    for c in json["conversations"].as_array_mut().unwrap() {
        c["id"] = "[ID]".into();
    }
    assert_snapshot!(serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn person_show_has_a_growth_section() {
    let repo = seeded();
    let out = repo.mv(&["person", "show", "alice"]).success().stdout();
    let ids = [
        id(&repo, "alice", "status-email", "payments"),
        id(&repo, "alice", "retros", "web"),
        id(&repo, "alice", "project-plan", "payments"),
    ];
    assert_eq!(
        out,
        format!(
            "  handle: alice\n    name: Alice Liddell\n    role: senior\n  status: active\nprojects: payments\n\ngrowth: 3 vacuums taken on (1 done, 1 dropped), 5 reps, 2 conversations\n  2026-10-05 status-email on payments with bob: 3 reps, comfort 2->3->4; done 2026-11-02 [{}]\n  2026-10-20 retros on web: 0 reps; dropped 2026-11-01: team reorg [{}]\n  2026-11-09 project-plan on payments: 2 reps, comfort 1->2; active [{}]\n",
            ids[0], ids[1], ids[2]
        )
    );
    let json = repo
        .mv(&["person", "show", "alice", "--format", "json"])
        .success()
        .json();
    assert_eq!(json["growth"]["totals"]["reps"], 5);
    assert_eq!(json["projects"], serde_json::json!(["payments"]));
}

#[test]
fn check_names_an_unknown_project_on_a_person() {
    let repo = seeded();
    repo.mv(&["person", "edit", "carol", "--project", "paymnts"])
        .code(1);
    repo.write(
        "people/carol.toml",
        "name = \"Carol\"\nprojects = [\"paymnts\"]\n",
    );
    let out = repo.mv(&["check"]).code(1);
    assert!(out.stderr().contains("people/carol.toml:2:13"), "{out}");
    assert!(
        out.stderr()
            .contains("no project named \"paymnts\" (did you mean \"payments\"?)"),
        "{out}"
    );
}

/// Buddying is leadership too, and the manager's notes are read again:
/// the table counts who buddies what, growth and `person show` list it,
/// and the notes of a 1:1 are in growth and in the next 1:1's template.
#[test]
fn a_buddys_work_and_the_managers_notes_are_shown() {
    let repo = seeded();
    repo.mv(&[
        "fill",
        "alice",
        "sprint-planning@payments",
        "--buddy",
        "bob",
    ])
    .success();
    repo.mv(&[
        "log",
        "alice",
        "--date",
        "2026-11-20",
        "--notes",
        "asked to lead the offsite planning",
    ])
    .success();

    // bob buddies alice's active sprint-planning (her done status-email
    // no longer counts); alice buddies nobody.
    let table = repo
        .mv(&["table", "--by", "person", "--format", "json"])
        .success()
        .json();
    let buddying = |who: &str| {
        table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["person"] == who)
            .map(|r| r["buddying"].clone())
    };
    assert_eq!(buddying("bob"), Some(1.into()), "{table:#}");
    assert_eq!(buddying("alice"), Some(0.into()), "{table:#}");
    let by_person = repo.mv(&["table", "--by", "person"]).success().stdout();
    assert!(by_person.contains("BUDDYING"), "{by_person}");

    let growth = repo.mv(&["growth", "bob"]).success().stdout();
    assert!(growth.contains("buddy to 2 commitments"), "{growth}");
    assert!(growth.contains("\nBuddying\n"), "{growth}");
    for cell in [
        "| alice ",
        "| status-email ",
        "| sprint-planning ",
        "| done ",
        "| active ",
    ] {
        assert!(growth.contains(cell), "{cell}:\n{growth}");
    }
    let json = repo
        .mv(&["growth", "bob", "--format", "json"])
        .success()
        .json();
    assert_eq!(
        json["buddying"].as_array().map(Vec::len),
        Some(2),
        "{json:#}"
    );
    assert_eq!(json["buddying"][0]["reps"], 3);

    let show = repo.mv(&["person", "show", "bob"]).success().stdout();
    assert!(
        show.contains(
            "  buddy to alice on status-email on payments since 2026-10-05: 3 reps, done ["
        ),
        "{show}"
    );

    let growth = repo.mv(&["growth", "alice"]).success().stdout();
    assert!(growth.contains("| NOTES"), "{growth}");
    assert!(growth.contains("| asked to lead"), "{growth}");
    let json = repo
        .mv(&["growth", "alice", "--format", "json"])
        .success()
        .json();
    let notes: Vec<&str> = json["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["notes"].as_str())
        .collect();
    assert_eq!(notes, ["asked to lead the offsite planning"]);
    let show = repo.mv(&["person", "show", "alice"]).success().stdout();
    assert!(
        show.contains("  notes of the 1:1 of 2026-11-20: asked to lead the offsite planning"),
        "{show}"
    );
}
