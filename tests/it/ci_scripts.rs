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
    assert!(
        ci.contains("\nsource scripts/fresh-clone.sh --bench\ncargo test --locked\n"),
        "the tests run in the fresh clone:\n{ci}"
    );
}

/// CI runs the README's two lines in a fresh clone (scripts/fresh-clone.sh
/// installs; .ci/run then runs the test line there), and the script run by
/// hand runs the test line itself, last.
#[test]
fn the_fresh_clone_runs_the_readme_lines_and_the_tests_last() {
    let script =
        std::fs::read_to_string(format!("{CRATE}/scripts/fresh-clone.sh")).expect("fresh-clone.sh");
    let last = script
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .expect("a last line");
    assert_eq!(last, r#"bash -euo pipefail -c "${lines[1]}""#);
    let readme = std::fs::read_to_string(format!("{CRATE}/README.md")).expect("README.md");
    let block: Vec<&str> = readme
        .lines()
        .skip_while(|l| *l != "```sh")
        .skip(1)
        .take_while(|l| !l.starts_with("```"))
        .collect();
    assert_eq!(block.len(), 2, "{block:?}");
    assert!(
        block[0].starts_with("cargo install --path . --locked && "),
        "{block:?}"
    );
    assert!(block[1].starts_with("cargo test --locked"), "{block:?}");
}
