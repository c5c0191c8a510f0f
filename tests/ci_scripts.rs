//! The CI script and the benchmark work where a newcomer's machine differs:
//! with `CARGO_TARGET_DIR` set, and with or without Chromium.

use std::process::Command;

const CRATE: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn the_benchmark_takes_the_binaries_from_cargo_target_dir() {
    let target = tempfile::tempdir().expect("a temp dir");
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys; sys.path.insert(0, 'scripts'); import bench; print(bench.release_dir())",
        ])
        .current_dir(CRATE)
        .env("CARGO_TARGET_DIR", target.path())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        printed.trim(),
        target.path().join("release").display().to_string()
    );
    let bench = std::fs::read_to_string(format!("{CRATE}/scripts/bench.py")).expect("bench.py");
    assert!(
        !bench.contains("\"target\" / \"release\""),
        "no hardcoded target/release"
    );
}

#[test]
fn ci_installs_chromium_and_then_requires_the_browser_tests() {
    let ci = std::fs::read_to_string(format!("{CRATE}/.ci/run")).expect(".ci/run");
    assert!(
        ci.contains("apt-get install -y --no-install-recommends chromium"),
        "{ci}"
    );
    assert!(ci.contains("export MICROVAC_REQUIRE_CHROMIUM=1"), "{ci}");
    let last = ci
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .expect("a last line");
    assert_eq!(last, "cargo test --locked", "the test run closes the log");
}
