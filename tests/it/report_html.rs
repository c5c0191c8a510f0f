//! The HTML report in a real browser: headless Chromium renders the page
//! the library writes, takes a screenshot, and dumps the DOM, which must
//! hold the names and numbers of the fixed week, with the note's markup
//! shown as text.
//!
//! Needs Debian's `chromium` (`apt-get install -y --no-install-recommends
//! chromium`). Without it the test says SKIP and passes, unless
//! `MICROVAC_REQUIRE_CHROMIUM=1`, which CI sets once it has installed it.
//! `MICROVAC_REPORT_SCREENSHOT=PATH` and `MICROVAC_REPORT_PAGE=PATH` keep a
//! copy of the screenshot and of the page, to look at.

use crate::browser;
use crate::report_fixture;

#[test]
fn report_page_renders_in_a_real_browser() {
    let Some(chromium) = browser::chromium_or_skip("report_html") else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let page = dir.path().join("report.html");
    let mut html = Vec::new();
    microvac::render::report::write_html(&report_fixture::week(), &mut html)
        .expect("writing to a Vec cannot fail");
    std::fs::write(&page, &html).expect("the page is written");

    let png = dir.path().join("report.png");
    let dom = browser::render(&chromium, dir.path(), &page, &png);
    if let Some(keep) = std::env::var_os("MICROVAC_REPORT_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("the screenshot is copied");
    }
    if let Some(keep) = std::env::var_os("MICROVAC_REPORT_PAGE") {
        std::fs::copy(&page, keep).expect("the page is copied");
    }
    check_dom(&dom);
}

/// What the browser made of the page: the fixed week's names and numbers,
/// and the hostile note as text, not as an element.
fn check_dom(dom: &str) {
    for expected in [
        "Payments &amp; Search: coaching report",
        "2026-11-17 to 2026-11-23",
        "Alice Liddell",
        "Carol Quinn",
        "Zoë Ünal",
        "<span class=\"n\">4</span><span class=\"l\">reps</span>",
        "<span class=\"n\">3</span><span class=\"l\">people checked in</span>",
        "<span class=\"n\">4</span><span class=\"l\">vacuums vacant</span>",
        "2nd rep of sprint-planning on payments, comfort 3/5 (2026-11-21)",
        "2 → 3",
        "3/5",
        "Launch crunch; will retry in Q1",
        "payments</span>: status-email, roadmap",
        "&lt;script&gt;alert('x')&lt;/script&gt; sent on time",
    ] {
        assert!(dom.contains(expected), "the DOM lacks {expected:?}:\n{dom}");
    }
    assert!(!dom.to_lowercase().contains("<script"), "{dom}");
    assert_eq!(dom.matches("<circle ").count(), 3, "{dom}");
}
