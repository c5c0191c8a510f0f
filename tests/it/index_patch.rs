//! The index a write leaves, as git reads it: microvac patches git's index
//! file in place (only the changed entries, a plain SHA-1 checksum), so
//! every write here is checked against git's own view of it: no change
//! seen in the work tree or the index, `git write-tree` giving HEAD's
//! tree (the cache of tree ids invalidated where it changed), the stat
//! data of a written file exactly the file's (so git need not read it
//! again), a racily clean entry of the user's smudged rather than hidden,
//! and the index formats git writes (version 4, the untracked cache,
//! `index.skipHash`) kept readable.

use crate::common;

use common::TestRepo;
use std::os::unix::fs::MetadataExt;

/// Fails the test unless git finds the index and the work tree exactly
/// as HEAD has them, with a cache of tree ids that does not lie.
#[track_caller]
fn assert_git_agrees(repo: &TestRepo) {
    repo.git(&["diff-files", "--quiet"]);
    repo.git(&["diff-index", "--cached", "--quiet", "HEAD"]);
    // Before anything rewrites the index: a tree id the cache still holds
    // for a folder that changed would show here.
    assert_eq!(
        repo.git(&["write-tree"]),
        repo.git(&["rev-parse", "HEAD^{tree}"])
    );
    assert_eq!(repo.status(), "");
    repo.assert_fsck_clean();
}

/// A team tracker whose index git itself wrote last, with a complete
/// cache of tree ids (`git read-tree` then a refresh).
fn team_indexed_by_git() -> TestRepo {
    let repo = TestRepo::team();
    repo.git(&["read-tree", "HEAD"]);
    repo.git(&["update-index", "--refresh"]);
    assert_git_agrees(&repo);
    repo
}

#[test]
fn writes_leave_an_index_git_reads_as_up_to_date() {
    let repo = team_indexed_by_git();
    for who in ["dora", "eve"] {
        repo.microvac(&["person", "add", who]).success();
        assert_git_agrees(&repo);
    }
    repo.microvac(&["person", "edit", "dora", "--role", "staff"])
        .success();
    assert_git_agrees(&repo);
    assert_eq!(
        repo.commit_count(),
        7,
        "{}",
        repo.git(&["log", "--oneline"])
    );
}

#[test]
fn a_written_file_is_recorded_with_its_own_stat_data() {
    let repo = team_indexed_by_git();
    repo.microvac(&["person", "add", "dora"]).success();
    let debug = repo.git(&["ls-files", "--debug", "people/dora.toml"]);
    let meta = std::fs::metadata(repo.path().join("people/dora.toml")).expect("stat");
    let field = |name: &str| -> String {
        debug
            .split_whitespace()
            .skip_while(|w| *w != format!("{name}:"))
            .nth(1)
            .unwrap_or_else(|| panic!("no {name} in {debug}"))
            .to_owned()
    };
    assert_eq!(
        field("mtime"),
        format!("{}:{}", meta.mtime(), meta.mtime_nsec())
    );
    assert_eq!(
        field("ctime"),
        format!("{}:{}", meta.ctime(), meta.ctime_nsec())
    );
    assert_eq!(field("ino"), (meta.ino() as u32).to_string());
    assert_eq!(field("size"), meta.size().to_string());
}

#[test]
fn the_users_staged_work_stays_staged_and_commits_with_the_write() {
    let repo = team_indexed_by_git();
    repo.write("notes.txt", "mine\n");
    repo.git(&["add", "notes.txt"]);
    repo.microvac(&["person", "add", "dora"]).success();
    assert_eq!(repo.last_commit_files(), "people/dora.toml\n");
    assert_eq!(repo.status(), "A  notes.txt\n");
    repo.git(&["diff-files", "--quiet"]);
    repo.git(&["commit", "-q", "-m", "my notes"]);
    assert_eq!(repo.status(), "");
    let tree = repo.git(&["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(tree.contains("notes.txt\n") && tree.contains("people/dora.toml\n"));
    repo.assert_fsck_clean();
}

/// The classic racy-git case: the user changes a file, keeping its size,
/// in the second git last wrote the index, so the entry's stat data still
/// matches. git re-reads such an entry while the index is from that
/// second; a write's new index is from a later one, so the entry must be
/// smudged or the change would vanish from `git status` and `git commit -a`.
#[test]
fn a_racily_clean_entry_of_the_users_is_smudged_not_hidden() {
    let repo = team_indexed_by_git();
    repo.git(&["config", "core.trustctime", "false"]);
    repo.write("notes.txt", "one\n");
    let then = "@1700000000";
    let touch = |path: &str| {
        repo.cmd("touch", &["-m", "-d", then, path]).run().success();
    };
    touch("notes.txt");
    repo.git(&["add", "notes.txt"]);
    repo.git(&["commit", "-q", "-m", "notes"]);
    // Same size, same time: only the content tells.
    repo.write("notes.txt", "two\n");
    touch("notes.txt");
    touch(".git/index");
    assert_eq!(repo.git(&["diff-files", "--name-only"]), "notes.txt\n");

    repo.microvac(&["person", "add", "dora"]).success();
    assert_eq!(repo.git(&["diff-files", "--name-only"]), "notes.txt\n");
    assert_eq!(repo.status(), " M notes.txt\n");
    repo.git(&["commit", "-q", "-a", "-m", "my notes"]);
    assert_eq!(repo.git(&["show", "HEAD:notes.txt"]), "two\n");
}

/// Sets up the index format `setup` names, then writes twice.
#[track_caller]
fn writes_in(setup: &[&[&str]]) -> TestRepo {
    let repo = team_indexed_by_git();
    for args in setup {
        repo.git(args);
    }
    for who in ["dora", "eve"] {
        repo.microvac(&["person", "add", who]).success();
        assert_git_agrees(&repo);
    }
    repo
}

#[test]
fn a_version_4_index_is_written_as_git_reads_it() {
    let repo = writes_in(&[&["update-index", "--index-version", "4"]]);
    assert_eq!(repo.git(&["update-index", "--show-index-version"]), "4\n");
}

#[test]
fn the_untracked_cache_still_shows_untracked_files_after_a_write() {
    let repo = writes_in(&[
        &["config", "core.untrackedCache", "true"],
        &["update-index", "--untracked-cache"],
        &["status", "--porcelain"],
    ]);
    repo.write("people/draft.txt", "not a record\n");
    assert_eq!(repo.status(), "?? people/draft.txt\n");
    repo.microvac(&["person", "add", "fay"]).success();
    assert_eq!(repo.status(), "?? people/draft.txt\n");
}

#[test]
fn an_index_written_with_skip_hash_keeps_its_zero_checksum() {
    let repo = writes_in(&[
        &["config", "index.skipHash", "true"],
        &["update-index", "--really-refresh"],
    ]);
    let index = std::fs::read(repo.path().join(".git/index")).expect("read the index");
    assert_eq!(index[index.len() - 20..], [0; 20]);
}

#[test]
fn a_split_index_is_refused_and_nothing_is_written() {
    let repo = team_indexed_by_git();
    repo.git(&["update-index", "--split-index"]);
    let head = repo.head();
    let out = repo.microvac(&["person", "add", "dora"]).failure();
    assert!(out.stderr().contains("'link'"), "{out}");
    assert_eq!(repo.head(), head);
    assert!(!repo.exists("people/dora.toml"));
    assert_git_agrees(&repo);
}
