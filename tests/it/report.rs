//! `mv report`'s rendering: markdown to paste into an email, the terminal
//! view, JSON, and the HTML page's safety (escaped text, nothing fetched,
//! no script). The browser's view of the page is in `report_html.rs`.

use crate::report_fixture;

use microvac::render::report::{self, ReportView};
use report_fixture::{HOSTILE_NOTE, quiet_week, week};
use std::io::{self, Write};

type Writer = fn(&ReportView, &mut dyn Write) -> io::Result<()>;

fn render(write: Writer, view: &ReportView) -> String {
    let mut out = Vec::new();
    write(view, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

fn terminal(view: &ReportView, styled: bool, width: Option<u16>) -> String {
    let mut out = Vec::new();
    report::write_terminal(view, &mut out, styled, width).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

#[test]
fn markdown_reads_as_an_email() {
    insta::assert_snapshot!(render(report::write_markdown, &week()), @r"
    # Payments & Search: coaching report, 2026-11-17 to 2026-11-23

    This week: 4 reps by 3 people, 2 new commitments, 1 finished, 1 dropped, 2 conversations; 4 vacuums still vacant on 2 projects.

    ## New commitments

    - alice: new commitment to sprint-planning on payments, buddy bob (2026-11-18)
    - zoe: new commitment to status-email on search (2026-11-20)

    ## Reps

    - alice: 1st rep of sprint-planning on payments, comfort 2/5 (2026-11-18) — “Nervous, but the board was ready”
    - carol: 4th rep of status-email on search, comfort 4/5 (2026-11-19) — “&lt;script&gt;alert('x')&lt;/script&gt; sent on time”
    - alice: 2nd rep of sprint-planning on payments, comfort 3/5 (2026-11-21) — “Ran it with bob; went better than feared”
    - zoe: 1st rep of all-hands on payments, no comfort given (2026-11-22)

    ## Finished

    - carol: finished status-email on search after 4 reps, last comfort 4/5 (2026-11-20) — “Handing it to zoe to grow”

    ## Dropped

    - dave: dropped all-hands on search after 1 rep, last comfort 1/5 (2026-11-21) — “Launch crunch; will retry in Q1”

    ## Conversations

    - alice: 1:1 on 2026-11-18 with Erin Manager (exemplar: Apollo), 1 commitment made
    - zoe: 1:1 on 2026-11-20 with Erin Manager, 1 commitment made

    ## Vacuums still vacant

    - payments: status-email, roadmap
    - search: sprint-planning, all-hands

    ## Reps and comfort per person

    - Alice Liddell (alice): 2 reps, comfort 2→3 out of 5
    - Carol Quinn (carol): 1 rep, comfort 4 out of 5
    - Zoë Ünal (zoe): 1 rep, no comfort given
    ");
}

#[test]
fn empty_sections_say_so_briefly() {
    let md = render(report::write_markdown, &quiet_week());
    for sentence in [
        "Nothing on record this week: no reps, commitments or conversations; no vacuum is vacant.",
        "No new commitments this week.",
        "No reps this week.",
        "No commitments finished this week.",
        "No commitments dropped this week.",
        "No coaching conversations this week.",
        "Nobody checked in this week.",
    ] {
        assert!(md.contains(sentence), "missing {sentence:?} in\n{md}");
    }
    assert!(!md.contains("- "), "no bullets in an empty report:\n{md}");
}

#[test]
fn a_longer_period_is_not_called_a_week() {
    let mut view = quiet_week();
    view.since = jiff::civil::date(2026, 11, 1);
    view.project = Some("payments".into());
    let md = render(report::write_markdown, &view);
    assert!(md.contains("No reps in this period."), "{md}");
    assert!(md.contains("Project: payments."), "{md}");
    assert!(!md.contains("this week"), "{md}");
}

#[test]
fn terminal_view_wraps_and_styles_only_when_asked() {
    let plain = terminal(&week(), false, Some(60));
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.contains("== Reps =="), "{plain}");
    assert!(plain.contains("comfort 2->3 out of 5"), "{plain}");
    for line in plain.lines() {
        assert!(line.chars().count() <= 60, "too wide: {line:?}");
    }
    // The note's line break is gone: one quote, on its own line.
    assert!(
        plain.contains("    \"Ran it with bob; went better than feared\""),
        "{plain}"
    );

    let styled = terminal(&week(), true, None);
    assert!(styled.contains("\x1b["), "{styled}");
    assert!(styled.contains("2→3"), "{styled}");
}

#[test]
fn json_has_every_section_and_no_conversation_notes() {
    let json: serde_json::Value =
        serde_json::from_str(&render(report::write_json, &week())).expect("valid JSON");
    assert_eq!(json["since"], "2026-11-17");
    assert_eq!(json["until"], "2026-11-23");
    assert_eq!(json["reps"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["reps"][2]["comfort"], 3);
    assert_eq!(json["dropped"][0]["why"], "Launch crunch; will retry in Q1");
    assert_eq!(json["people"][0]["comforts"], serde_json::json!([2, 3]));
    let conversation = json["conversations"][0]
        .as_object()
        .expect("a conversation is an object");
    let keys: Vec<&str> = conversation.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["id", "date", "person", "manager", "exemplar", "commitments"]
    );
}

#[test]
fn html_escapes_every_text_and_runs_no_script() {
    let html = render(report::write_html, &week());
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; sent on time"),
        "{html}"
    );
    assert!(html.contains("Payments &amp; Search"), "{html}");
    assert!(!html.contains(HOSTILE_NOTE));
}

#[test]
fn html_needs_nothing_from_the_network() {
    for view in [week(), quiet_week()] {
        let html = render(report::write_html, &view).to_lowercase();
        for forbidden in [
            "http://", "https://", "src=", "href=", "url(", "@import", "<link",
        ] {
            assert!(!html.contains(forbidden), "{forbidden} in\n{html}");
        }
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("content-security-policy"));
        assert!(html.contains("@media print"));
        assert!(html.trim_end().ends_with("</html>"));
    }
}

#[test]
fn html_charts_reps_and_comfort_per_person() {
    let html = render(report::write_html, &week());
    assert!(html.contains("<svg class=\"chart\""), "{html}");
    // One bar per person, one dot per rep that gave a comfort.
    assert_eq!(html.matches("<rect class=\"bar\"").count(), 3);
    assert_eq!(html.matches("<circle ").count(), 3);
    assert!(html.contains("<title>comfort 2/5</title>"), "{html}");
    assert!(html.contains("2 → 3"), "{html}");
    let quiet = render(report::write_html, &quiet_week());
    assert!(!quiet.contains("<svg"), "{quiet}");
    assert!(quiet.contains("Nobody checked in this week."), "{quiet}");
}

#[test]
fn report_rendering_imports_nothing_from_above() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/render");
    for file in [
        "report/mod.rs",
        "report/text.rs",
        "report/html.rs",
        "ics.rs",
    ] {
        let path = format!("{dir}/{file}");
        let source = std::fs::read_to_string(&path).expect("source file is readable");
        for layer in ["cli", "ui", "store", "git", "commands", "clock"] {
            assert!(
                !source.contains(&format!("crate::{layer}")),
                "{path} uses crate::{layer}: render takes views, not the layers above"
            );
        }
    }
}
