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

mod report_fixture;

use std::{
    fs::File,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

/// How long one Chromium run may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(120);
const WIDTH: u32 = 1000;
const HEIGHT: u32 = 1400;

#[test]
fn report_page_renders_in_a_real_browser() {
    let Some(chromium) = find_chromium() else {
        let message = "SKIP report_html: no `chromium` on PATH, so the HTML report was not \
                       checked in a browser; install it with \
                       `apt-get install -y --no-install-recommends chromium`";
        assert!(
            std::env::var_os("MICROVAC_REQUIRE_CHROMIUM").is_none(),
            "{message} (MICROVAC_REQUIRE_CHROMIUM is set)"
        );
        // Straight to stderr, past the test harness's capture, so it shows.
        let _ = writeln!(std::io::stderr(), "{message}");
        return;
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    let page = dir.path().join("report.html");
    let mut html = Vec::new();
    microvac::render::report::write_html(&report_fixture::week(), &mut html)
        .expect("writing to a Vec cannot fail");
    std::fs::write(&page, &html).expect("the page is written");
    let url = format!("file://{}", page.display());

    let png = dir.path().join("report.png");
    let window = format!("--window-size={WIDTH},{HEIGHT}");
    let screenshot = format!("--screenshot={}", png.display());
    browse(&chromium, dir.path(), &[&screenshot, &window, &url]);
    check_png(&png);
    if let Some(keep) = std::env::var_os("MICROVAC_REPORT_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("the screenshot is copied");
    }
    if let Some(keep) = std::env::var_os("MICROVAC_REPORT_PAGE") {
        std::fs::copy(&page, keep).expect("the page is copied");
    }

    let dom = browse(&chromium, dir.path(), &["--dump-dom", &url]);
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

/// A real PNG of the window's size, big enough to hold a drawn page (a
/// blank one compresses to a few kilobytes).
fn check_png(png: &Path) {
    let bytes = std::fs::read(png).expect("Chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let size =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    assert_eq!((size(16), size(20)), (WIDTH, HEIGHT), "screenshot size");
    assert!(
        bytes.len() > 40_000,
        "a nearly empty screenshot: {} bytes",
        bytes.len()
    );
}

/// Debian calls it `chromium`; other systems `chromium-browser`.
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs headless Chromium with `args` in a private profile under `dir` and
/// returns its stdout; fails the test on an error or a hang.
fn browse(chromium: &Path, dir: &Path, args: &[&str]) -> String {
    let stdout_path = dir.join("stdout");
    let stdout = File::create(&stdout_path).expect("a file for Chromium's output");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args(["--hide-scrollbars", "--disable-extensions", "--mute-audio"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("LANG", "C.UTF-8")
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .expect("Chromium starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting on Chromium") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium took more than {TIMEOUT:?} with {args:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "Chromium failed ({status}) with {args:?}");
    std::fs::read_to_string(&stdout_path).expect("Chromium's output is UTF-8")
}
