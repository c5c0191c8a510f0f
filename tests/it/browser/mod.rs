//! Headless Chromium for the tests that check a page in a real browser:
//! find it (or skip, unless `MICROVAC_REQUIRE_CHROMIUM` is set, which CI
//! sets once it has installed it), take a screenshot, dump the DOM.

use std::{
    fs::File,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

/// How long one Chromium run may take before the test fails.
const TIMEOUT: Duration = Duration::from_secs(120);
/// The window, and so the screenshot.
pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 1400;

/// Chromium, or `None` after saying why `test` was skipped; fails the test
/// instead when `MICROVAC_REQUIRE_CHROMIUM` is set.
pub fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    if let Some(found) = find_chromium() {
        return Some(found);
    }
    let message = format!(
        "SKIP {test}: no `chromium` on PATH, so the HTML report was not checked in a \
         browser; install it with `apt-get install -y --no-install-recommends chromium`"
    );
    assert!(
        std::env::var_os("MICROVAC_REQUIRE_CHROMIUM").is_none(),
        "{message} (MICROVAC_REQUIRE_CHROMIUM is set)"
    );
    // Straight to stderr, past the test harness's capture, so it shows.
    let _ = writeln!(std::io::stderr(), "{message}");
    None
}

/// Screenshots the page at `page` into `png` (checked to be a real,
/// drawn PNG of the window's size) and returns its DOM as the browser
/// built it.
pub fn render(chromium: &Path, dir: &Path, page: &Path, png: &Path) -> String {
    let url = format!("file://{}", page.display());
    let window = format!("--window-size={WIDTH},{HEIGHT}");
    let screenshot = format!("--screenshot={}", png.display());
    browse(chromium, dir, &[&screenshot, &window, &url]);
    check_png(png);
    browse(chromium, dir, &["--dump-dom", &url])
}

/// A real PNG of the window's size, big enough to hold a drawn page (a
/// blank one compresses to a few kilobytes).
pub fn check_png(png: &Path) {
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
pub fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs headless Chromium with `args` in a private profile under `dir` and
/// returns its stdout; fails the test on an error or a hang.
pub fn browse(chromium: &Path, dir: &Path, args: &[&str]) -> String {
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
