//! Finding a commitment by the ID a user typed. The files git's index
//! lists are looked at first (no walk of ten thousand files), but the
//! work tree decides: a file deleted or moved by hand, or one git does not
//! track yet, is found (or not) exactly as a walk of the folder finds it.

use crate::common;

use common::TestRepo;

/// The usual team with alice's commitment to sprint planning; its file.
fn team_with_a_commitment() -> (TestRepo, String) {
    let repo = TestRepo::team();
    repo.mv(&["fill", "alice", "sprint-planning", "--project", "payments"])
        .success();
    let file = repo
        .git(&["ls-files", "commitments/alice"])
        .trim()
        .to_owned();
    assert!(file.ends_with(".toml"), "{file}");
    (repo, file)
}

fn suffix(file: &str) -> &str {
    let stem = file.trim_end_matches(".toml");
    &stem[stem.len() - 6..]
}

#[test]
fn a_tracked_commitment_is_found_by_its_id_and_a_prefix_of_it() {
    let (repo, file) = team_with_a_commitment();
    let id = suffix(&file);
    repo.mv(&["checkin", id, "--comfort", "3"]).success();
    repo.mv(&["checkin", &id[..3], "--comfort", "4"]).success();
    assert_eq!(repo.last_commit_files(), format!("{file}\n"));
    assert_eq!(repo.status(), "");
}

#[test]
fn a_commitment_git_does_not_track_yet_is_found_by_its_id() {
    let (repo, file) = team_with_a_commitment();
    let text = repo.read(&file);
    let new = file.replace(suffix(&file), "qq1234");
    repo.write(&new, &text);
    let out = repo.mv(&["show", "qq1234"]).success();
    assert!(out.stdout().contains("sprint-planning"), "{out}");
    // Found, and refused: the file is the user's until it is committed.
    let out = repo.mv(&["checkin", "qq1234", "--comfort", "3"]).failure();
    assert!(out.stderr().contains(&new), "{out}");
}

#[test]
fn a_commitment_deleted_by_hand_is_not_found() {
    let (repo, file) = team_with_a_commitment();
    std::fs::remove_file(repo.path().join(&file)).expect("remove");
    let head = repo.head();
    let out = repo
        .mv(&["checkin", suffix(&file), "--comfort", "3"])
        .failure();
    assert!(out.stderr().contains("no commitment with ID"), "{out}");
    assert_eq!(repo.head(), head);
}

#[test]
fn a_commitment_moved_by_hand_is_found_where_it_is_now() {
    let (repo, file) = team_with_a_commitment();
    let moved = file.replace("commitments/alice/", "commitments/bob/");
    std::fs::create_dir_all(repo.path().join("commitments/bob")).expect("mkdir");
    std::fs::rename(repo.path().join(&file), repo.path().join(&moved)).expect("move");
    let out = repo
        .mv(&["checkin", suffix(&file), "--comfort", "3"])
        .failure();
    assert!(out.stderr().contains(&moved), "{out}");
}

#[test]
fn a_folder_replaced_by_a_link_is_not_followed() {
    let (repo, file) = team_with_a_commitment();
    let dir = repo.path().join("commitments/alice");
    let elsewhere = repo.path().join("elsewhere");
    std::fs::rename(&dir, &elsewhere).expect("move the folder");
    std::os::unix::fs::symlink(&elsewhere, &dir).expect("link");
    let text = repo.read(&file);
    let head = repo.head();
    repo.mv(&["checkin", suffix(&file), "--comfort", "3"])
        .failure();
    assert_eq!(repo.head(), head);
    assert_eq!(repo.read(&file), text);
}
