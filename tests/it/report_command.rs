//! `mv report` through the real binary, on the coaching test's tracker: the
//! markdown a manager pastes into the status email, JSON, the terminal
//! view, the formats it refuses, `--project`, and the HTML page checked in
//! a real browser (headless Chromium, see `browser/mod.rs`).
//!
//! `MICROVAC_REPORT_COMMAND_SCREENSHOT=PATH` keeps a copy of the browser's
//! screenshot of the page, to look at.

use crate::browser;
use crate::common;

use common::{Team, TestRepo};

/// The coaching test's tracker (tests/it/coaching.rs): alice's 1:1 about the
/// Foo project on 2026-11-23, two reps with bob as buddy (comfort 2, then
/// 4), done on 2026-12-14; carol commits to status emails the same day and
/// drops them, kindly. The 1:1's private notes must never show.
fn coached() -> TestRepo {
    let repo = Team::new()
        .project("checkout", &["sprint-planning", "retros"])
        .person("carol", "Carol Danvers", "senior")
        .needs(
            "payments",
            &["sprint-planning", "status-email", "project-plan"],
        )
        .build();
    repo.mv(&[
        "log",
        "alice",
        "--exemplar",
        "Foo project",
        "--liked",
        "a clear plan with milestones=project-plan",
        "--concern",
        "my first plans will be slow and rough",
        "--notes",
        "PRIVATE: worried about her review",
        "--fill",
        "sprint-planning@payments",
        "--buddy",
        "bob",
        "--next",
        "2026-12-07",
    ])
    .success();
    let id = repo.only_commitment_id("alice");
    let on = |day: &str, args: &[&str]| {
        repo.mv_cmd(args)
            .env("MICROVAC_NOW", format!("{day}T10:00:00Z"))
            .run()
            .success();
    };
    on(
        "2026-11-30",
        &[
            "checkin",
            &id,
            "--note",
            "co-ran planning with bob",
            "--comfort",
            "2",
        ],
    );
    on(
        "2026-12-07",
        &[
            "checkin",
            &id,
            "--note",
            "ran it, bob watched",
            "--comfort",
            "4",
        ],
    );
    on("2026-12-14", &["done", &id]);
    on(
        "2026-12-14",
        &["fill", "carol", "status-email@payments", "--buddy", "alice"],
    );
    let carol = repo.only_commitment_id("carol");
    on(
        "2026-12-14",
        &["drop", &carol, "--why", "took over the on-call rotation"],
    );
    repo
}

/// `mv report ARGS` as of 2026-12-14.
fn report(repo: &TestRepo, args: &[&str]) -> common::Output {
    let mut all = vec!["report"];
    all.extend(args);
    repo.mv_cmd(&all)
        .env("MICROVAC_NOW", "2026-12-14T10:00:00Z")
        .run()
}

#[test]
fn markdown_on_a_pipe_is_the_status_email() {
    let repo = coached();
    let piped = report(&repo, &["--since", "2026-11-23"]).success().stdout();
    let asked = report(&repo, &["--since", "2026-11-23", "--format", "markdown"])
        .success()
        .stdout();
    assert_eq!(piped, asked, "markdown is the default on a pipe");
    insta::assert_snapshot!(asked, @r"
    # Platform: coaching report, 2026-11-23 to 2026-12-14

    In this period: 2 reps by 1 person, 2 new commitments, 1 finished, 1 dropped, 1 conversation; 4 vacuums still vacant on 2 projects.

    ## New commitments

    - alice: new commitment to sprint-planning on payments, buddy bob (2026-11-23)
    - carol: new commitment to status-email on payments, buddy alice (2026-12-14)

    ## Reps

    - alice: 1st rep of sprint-planning on payments, comfort 2/5 (2026-11-30) — “co-ran planning with bob”
    - alice: 2nd rep of sprint-planning on payments, comfort 4/5 (2026-12-07) — “ran it, bob watched”

    ## Finished

    - alice: finished sprint-planning on payments after 2 reps, last comfort 4/5 (2026-12-14)

    ## Dropped

    - carol: dropped status-email on payments after 0 reps (2026-12-14) — “took over the on-call rotation”

    ## Conversations

    - alice: 1:1 on 2026-11-23 with Erin Manager (exemplar: Foo project), 1 commitment made

    ## Vacuums still vacant

    - checkout: sprint-planning, retros
    - payments: status-email, project-plan

    ## Reps and comfort per person

    - Alice Liddell (alice): 2 reps, comfort 2→4 out of 5
    ");
}

#[test]
fn the_default_is_the_last_seven_days() {
    let repo = coached();
    let md = report(&repo, &[]).success().stdout();
    assert!(md.contains("2026-12-08 to 2026-12-14"), "{md}");
    assert!(md.starts_with("# Platform: coaching report"), "{md}");
    assert!(
        md.contains("This week: 0 reps by 0 people, 1 new commitment, 1 finished, 1 dropped"),
        "{md}"
    );
    assert!(!md.contains("1st rep"), "{md}");
}

#[test]
fn json_and_the_terminal_view_say_the_same_and_never_the_private_notes() {
    let repo = coached();
    let json = report(&repo, &["--since", "2026-11-01", "--format", "json"])
        .success()
        .json();
    assert_eq!(json["reps"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["reps"][1]["comfort"], 4);
    assert_eq!(json["dropped"][0]["why"], "took over the on-call rotation");
    assert_eq!(json["people"][0]["comforts"], serde_json::json!([2, 4]));
    let table = report(&repo, &["--since", "2026-11-01", "--format", "table"])
        .success()
        .stdout();
    assert!(table.contains("== Reps =="), "{table}");
    assert!(table.contains("comfort 2->4 out of 5"), "{table}");
    for format in ["markdown", "json", "table", "html"] {
        let out = report(&repo, &["--since", "2026-11-01", "--format", format]).success();
        for secret in ["PRIVATE", "worried about her review", "slow and rough"] {
            assert!(!out.stdout().contains(secret), "{format}: {secret}\n{out}");
        }
    }
}

#[test]
fn one_project_and_the_formats_it_refuses() {
    let repo = coached();
    let md = report(&repo, &["--since", "2026-11-01", "--project", "checkout"])
        .success()
        .stdout();
    assert!(md.contains("Project: checkout."), "{md}");
    assert!(md.contains("No reps in this period."), "{md}");
    assert!(md.contains("- checkout: sprint-planning, retros"), "{md}");
    assert!(!md.contains("payments"), "{md}");

    let out = report(&repo, &["--project", "chekout"]).failure();
    assert!(out.stderr().contains("did you mean \"checkout\"?"), "{out}");
    let out = report(&repo, &["--format", "csv"]).code(2);
    assert!(
        out.stderr()
            .contains("invalid value 'csv' for '--format <FORMAT>'\n  [possible values: table, markdown, json, html]"),
        "{out}"
    );
    let out = report(&repo, &["--since", "2026-12-14", "--until", "2026-12-01"]).code(1);
    assert!(
        out.stderr()
            .contains("the period ends (2026-12-01) before it starts (2026-12-14)"),
        "{out}"
    );
}

#[test]
fn the_html_page_of_the_real_command_renders_in_a_real_browser() {
    let repo = coached();
    let html = report(&repo, &["--since", "2026-11-23", "--format", "html"])
        .success()
        .stdout();
    assert!(html.to_lowercase().starts_with("<!doctype html>"), "{html}");
    let Some(chromium) = browser::chromium_or_skip("report_command html") else {
        return;
    };
    let page = repo.scratch("page").join("report.html");
    std::fs::write(&page, &html).expect("the page is written");
    let png = repo.base().join("report.png");
    let dom = browser::render(&chromium, &repo.scratch("browser"), &page, &png);
    if let Some(keep) = std::env::var_os("MICROVAC_REPORT_COMMAND_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("the screenshot is copied");
    }
    for expected in [
        "Platform: coaching report",
        "2026-11-23 to 2026-12-14",
        "Alice Liddell",
        "<span class=\"n\">2</span><span class=\"l\">reps</span>",
        "2nd rep of sprint-planning on payments, comfort 4/5 (2026-12-07)",
        "2 → 4",
        "took over the on-call rotation",
        "checkout</span>: sprint-planning, retros",
    ] {
        assert!(dom.contains(expected), "the DOM lacks {expected:?}:\n{dom}");
    }
    assert!(!dom.contains("PRIVATE"), "{dom}");
    assert_eq!(dom.matches("<circle ").count(), 2, "one dot per rep: {dom}");
}

#[test]
fn on_a_terminal_it_is_the_readable_view() {
    let repo = coached();
    let cmd = format!("{} report --since 2026-11-23", common::mv_bin().display());
    let out = repo
        .cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("MICROVAC_NOW", "2026-12-14T10:00:00Z")
        .run()
        .success();
    let text = out.stdout();
    assert!(text.contains("== Platform: coaching report =="), "{text}");
    assert!(text.contains("== Vacuums still vacant =="), "{text}");
    assert!(!text.contains("## Reps"), "not markdown: {text}");
}
