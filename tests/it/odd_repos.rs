//! Repositories microvac cannot fully use get a message that says what is
//! really wrong, not "not inside a git work tree; run mv init" (issue 8,
//! item 14): SHA-256 object names, a repository owned by another user, a
//! sparse checkout that hides part of the tracker.

use crate::common;

use common::TestRepo;
use insta::assert_snapshot;

#[test]
fn a_sha256_repository_is_named_as_such_and_init_does_not_touch_it() {
    let repo = TestRepo::plain();
    repo.git(&["init", "-q", "--object-format=sha256", "-b", "main"]);
    let config = repo.read(".git/config");
    for args in [&["check"][..], &["init"], &["table"]] {
        let out = repo.mv(args).code(1);
        repo.snapshot_filters().bind(|| {
            insta::allow_duplicates! { assert_snapshot!(out.stderr(), @r"
            error: the repository at [TMP]/repo uses SHA-256 object names, which microvac's git library (libgit2) cannot read yet
            hint: keep the tracker in a repository with SHA-1 object names (what `git init` makes by default) for now
            ") };
        });
    }
    assert_eq!(repo.read(".git/config"), config);
    assert!(!repo.exists("microvac.toml"));
}

/// Whether this process runs as root (and so can give a file away).
fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

#[test]
fn a_repository_owned_by_another_user_names_safe_directory() {
    if !running_as_root() {
        eprintln!(
            "skipped: only root can make a repository owned by another user in a test (chown)"
        );
        return;
    }
    let repo = TestRepo::tracker();
    let status = std::process::Command::new("chown")
        .args(["-R", "12345:12345"])
        .arg(repo.path())
        .status()
        .unwrap();
    assert!(status.success());
    let out = repo.mv(&["table"]).code(1);
    repo.snapshot_filters().bind(|| {
        assert_snapshot!(out.stderr(), @r"
        error: the repository at [TMP]/repo is owned by another user, so git and microvac will not use it
        hint: if you trust it, allow it as git itself asks: git config --global --add safe.directory [TMP]/repo
        ");
    });
    // The hint works: with the directory allowed in the global config
    // (~/.gitconfig, which libgit2 reads), microvac reads the tracker.
    std::fs::write(
        repo.home().join(".gitconfig"),
        format!("[safe]\n\tdirectory = {}\n", repo.path().display()),
    )
    .unwrap();
    repo.mv_cmd(&["table"])
        .env_remove("GIT_CONFIG_GLOBAL")
        .run()
        .success();
}

#[test]
fn a_sparse_checkout_that_hides_records_is_warned_about() {
    let repo = TestRepo::team();
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    repo.git(&["sparse-checkout", "set", "people", "projects", "vacuums"]);
    assert!(!repo.exists("commitments"));
    // The commitment, the templates, the hooks' documentation and the
    // editors' schemas.
    let warning = "warning: the tracker is only partly checked out (15 files hidden by sparse checkout), so records may be missing from what microvac shows; `git sparse-checkout disable` brings them back\n";

    let out = repo.mv(&["check"]).success();
    assert_eq!(out.stderr(), warning);
    let out = repo.mv(&["table"]).success();
    assert_eq!(out.stderr(), warning);
    let out = repo.mv(&["checkin", "sprint", "--comfort", "3"]).code(1);
    assert!(out.stderr().starts_with(warning), "{out}");

    repo.git(&["sparse-checkout", "disable"]);
    assert_eq!(repo.mv(&["check"]).success().stderr(), "");
}
