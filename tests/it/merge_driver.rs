//! The merge driver under a real `git merge`: two people change the same
//! commitment on two branches. Check-ins from both sides are kept and
//! changes to different fields both apply; a real clash is one conflict
//! around one field; a file that is not TOML goes to git's own merge.
//!
//! The driver is registered here by hand, as `mv init` will do it:
//! `.gitattributes` says `*.toml merge=microvac`, and the clone's config
//! names the command (`merge.microvac.driver`).

use crate::common;

use common::{TestRepo, microvac_bin};

/// A tracker with alice, bob and carol, a payments project, the merge
/// driver registered, and alice's commitment to sprint planning; returns
/// the repo and the commitment's path and ID.
fn commitment_with_driver() -> (TestRepo, String, String) {
    let repo = TestRepo::tracker();
    for person in ["alice", "bob", "carol"] {
        repo.mv(&["person", "add", person]).success();
    }
    repo.mv(&["project", "add", "payments"]).success();
    repo.write(".gitattributes", "*.toml merge=microvac\n");
    repo.git(&["add", ".gitattributes"]);
    repo.git(&["commit", "-qm", "merge TOML records field by field"]);
    repo.git(&["config", "merge.microvac.name", "microvac record merge"]);
    let driver = format!("{} merge-file %O %A %B %P", microvac_bin().display());
    repo.git(&["config", "merge.microvac.driver", &driver]);

    repo.mv(&[
        "fill",
        "alice",
        "sprint-planning",
        "--project",
        "payments",
        "--buddy",
        "bob",
    ])
    .success();
    let dir = repo.path().join("commitments/alice");
    let file = std::fs::read_dir(&dir)
        .expect("alice's commitments")
        .next()
        .expect("one commitment")
        .expect("entry")
        .file_name()
        .into_string()
        .expect("UTF-8 name");
    let id = file
        .trim_end_matches(".toml")
        .rsplit('-')
        .next()
        .expect("suffix")
        .to_owned();
    (repo, format!("commitments/alice/{file}"), id)
}

fn checkin(repo: &TestRepo, id: &str, note: &str, comfort: &str, on: &str) {
    repo.mv_cmd(&["checkin", id, "--note", note, "--comfort", comfort])
        .env("MICROVAC_NOW", format!("{on}T10:00:00Z"))
        .run()
        .success();
}

#[test]
fn check_ins_and_field_changes_from_two_branches_merge_cleanly() {
    let (repo, path, id) = commitment_with_driver();
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    checkin(&repo, &id, "co-ran planning with bob", "2", "2026-11-30");
    repo.mv(&["edit", &id, "--buddy", "carol"]).success();
    repo.git(&["checkout", "-q", "main"]);
    checkin(&repo, &id, "ran it alone", "3", "2026-12-02");
    let before = repo.read(&path);

    repo.git(&["merge", "-q", "--no-edit", "bobs-clone"]);

    let merged = repo.read(&path);
    assert_eq!(repo.status(), "", "{merged}");
    let record: toml::Table = toml::from_str(&merged).expect("the merged record is TOML");
    assert_eq!(record["buddy"].as_str(), Some("carol"), "{merged}");
    let notes: Vec<&str> = record["checkin"]
        .as_array()
        .expect("check-ins")
        .iter()
        .filter_map(|c| c["note"].as_str())
        .collect();
    assert_eq!(notes, ["co-ran planning with bob", "ran it alone"]);
    // Two weeks after the latest check-in.
    assert_eq!(
        record["next_checkin"].as_datetime().map(|d| d.to_string()),
        Some("2026-12-16".to_owned())
    );
    // Everything else is ours' text, line for line.
    for line in before.lines().filter(|l| !l.starts_with("buddy")) {
        assert!(merged.contains(line), "lost {line:?} in\n{merged}");
    }
    repo.mv(&["check"]).success();
    repo.assert_fsck_clean();
}

#[test]
fn done_on_one_branch_and_dropped_on_the_other_is_one_conflict() {
    let (repo, path, id) = commitment_with_driver();
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    repo.mv(&["done", &id]).success();
    repo.git(&["checkout", "-q", "main"]);
    repo.mv(&["drop", &id, "--why", "no sprints this quarter"])
        .success();

    let out = repo
        .git_cmd(&["merge", "--no-edit", "bobs-clone"])
        .run()
        .failure();
    assert!(out.stdout().contains("CONFLICT"), "{out}");
    assert_eq!(repo.status(), format!("UU {path}\n"));

    let merged = repo.read(&path);
    assert_eq!(merged.matches("<<<<<<< ours\n").count(), 1, "{merged}");
    assert!(
        merged.contains(
            "project = \"payments\"\n<<<<<<< ours\nstatus = \"dropped\" # active, done or dropped\n=======\nstatus = \"done\" # active, done or dropped\n>>>>>>> theirs\nstarted = "
        ),
        "{merged}"
    );
    // The rest merged: theirs' nothing, ours' reason, no next check-in.
    assert!(
        merged.contains("why = \"no sprints this quarter\""),
        "{merged}"
    );
    assert!(!merged.contains("next_checkin"), "{merged}");
}

#[test]
fn a_record_that_is_not_toml_is_merged_line_by_line_by_git() {
    let (repo, path, id) = commitment_with_driver();
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    let text = repo.read(&path);
    // A hand edit that breaks the file, committed past the hook.
    repo.write(
        &path,
        &text.replace("project = \"payments\"", "project = \"payments"),
    );
    repo.git(&["commit", "-qa", "--no-verify", "-m", "broken by hand"]);
    repo.git(&["checkout", "-q", "main"]);
    checkin(&repo, &id, "ran it alone", "3", "2026-12-02");

    // The two edits are lines apart: git's line merge takes both.
    repo.git(&["merge", "-q", "--no-edit", "bobs-clone"]);
    let merged = repo.read(&path);
    assert!(merged.contains("project = \"payments\n"), "{merged}");
    assert!(merged.contains("note = \"ran it alone\""), "{merged}");
    assert_eq!(repo.status(), "");
}

#[test]
fn next_checkin_set_by_hand_to_different_dates_on_both_branches_is_a_conflict() {
    let (repo, path, id) = commitment_with_driver();
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    repo.mv(&["edit", &id, "--next-checkin", "2027-01-09"])
        .success();
    repo.git(&["checkout", "-q", "main"]);
    repo.mv(&["edit", &id, "--next-checkin", "2027-01-05"])
        .success();

    let out = repo
        .git_cmd(&["merge", "--no-edit", "bobs-clone"])
        .run()
        .failure();
    assert!(
        out.stderr()
            .contains("both sides changed `next_checkin` (ours 2027-01-05, theirs 2027-01-09)"),
        "{out}"
    );
    assert_eq!(repo.status(), format!("UU {path}\n"));
    let merged = repo.read(&path);
    assert!(
        merged.contains(
            "<<<<<<< ours\nnext_checkin = 2027-01-05\n=======\nnext_checkin = 2027-01-09\n>>>>>>> theirs\n"
        ),
        "{merged}"
    );
    let out = repo.mv(&["resolve", &id, "--theirs"]).success();
    assert!(out.stdout().contains("kept theirs"), "{out}");
    assert!(repo.read(&path).contains("next_checkin = 2027-01-09\n"));
    repo.mv(&["check"]).success();
}

#[test]
fn a_date_set_by_hand_stays_against_a_check_in_on_the_other_branch() {
    let (repo, path, id) = commitment_with_driver();
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    checkin(&repo, &id, "co-ran planning with bob", "2", "2026-11-30");
    repo.git(&["checkout", "-q", "main"]);
    repo.mv(&["edit", &id, "--next-checkin", "2027-01-05"])
        .success();
    repo.git(&["merge", "-q", "--no-edit", "bobs-clone"]);
    let record: toml::Table = toml::from_str(&repo.read(&path)).expect("TOML");
    assert_eq!(
        record["next_checkin"].as_datetime().map(|d| d.to_string()),
        Some("2027-01-05".to_owned())
    );
    assert_eq!(record["checkin"].as_array().map(Vec::len), Some(1));
}

#[test]
fn one_check_in_edited_by_hand_on_both_branches_stays_one() {
    let (repo, path, id) = commitment_with_driver();
    checkin(&repo, &id, "co-ran planning with bob", "2", "2026-11-30");
    let reps = |repo: &TestRepo| {
        let out = repo.mv(&["show", &id, "--format", "json"]).success();
        out.json()["checkins"].as_array().map(Vec::len)
    };
    assert_eq!(reps(&repo), Some(1));
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    let text = repo.read(&path);
    repo.write(&path, &text.replace("comfort = 2", "comfort = 3"));
    repo.git(&["commit", "-qam", "comfort by hand"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        &path,
        &text.replace(
            "note = \"co-ran planning with bob\"",
            "note = \"co-ran planning with bob, who led\"\nlength = \"1h\"",
        ),
    );
    repo.git(&["commit", "-qam", "note by hand"]);

    repo.git(&["merge", "-q", "--no-edit", "bobs-clone"]);
    let merged = repo.read(&path);
    assert_eq!(repo.status(), "", "{merged}");
    assert_eq!(reps(&repo), Some(1), "{merged}");
    let record: toml::Table = toml::from_str(&merged).expect("TOML");
    let only = &record["checkin"][0];
    assert_eq!(only["comfort"].as_integer(), Some(3), "{merged}");
    assert_eq!(
        only["note"].as_str(),
        Some("co-ran planning with bob, who led")
    );
    repo.mv(&["check"]).success();

    // Both set the comfort: one conflict on that check-in's comfort.
    repo.git(&["checkout", "-q", "bobs-clone"]);
    let text = repo.read(&path);
    repo.write(&path, &text.replace("comfort = 3", "comfort = 4"));
    repo.git(&["commit", "-qam", "four"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        &path,
        &repo.read(&path).replace("comfort = 3", "comfort = 1"),
    );
    repo.git(&["commit", "-qam", "one"]);
    let out = repo
        .git_cmd(&["merge", "--no-edit", "bobs-clone"])
        .run()
        .failure();
    assert!(
        out.stderr()
            .contains("both sides changed `checkin.comfort` (ours 1, theirs 4)"),
        "{out}"
    );
    let check = repo.mv(&["check"]).code(1);
    assert!(check.stderr().contains("checkin.comfort"), "{check}");
    repo.mv(&["resolve", &id, "--theirs"]).success();
    assert_eq!(reps(&repo), Some(1));
}

#[test]
fn a_note_that_looks_like_conflict_markers_is_text_and_resolve_keeps_it() {
    let (repo, path, id) = commitment_with_driver();
    let pasted = "pasted:\n<<<<<<< ours\nstatus = \"done\"\n=======\nstatus = \"dropped\"\n>>>>>>> theirs\nend";
    repo.mv(&["checkin", &id, "--note", pasted]).success();
    let before = repo.read(&path);
    repo.mv(&["check"]).success();
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    repo.mv(&["done", &id]).success();
    repo.git(&["checkout", "-q", "main"]);
    repo.mv(&["drop", &id, "--why", "no sprints"]).success();
    repo.git_cmd(&["merge", "--no-edit", "bobs-clone"])
        .run()
        .failure();

    let check = repo.mv(&["check"]).code(1);
    assert!(
        check
            .stderr()
            .contains("unresolved merge conflict in field `status`: ours `dropped`, theirs `done`"),
        "{check}"
    );
    assert!(!check.stderr().contains("more below"), "{check}");
    let out = repo.mv(&["resolve", &id, "--ours"]).success();
    assert!(
        out.stdout().contains("kept ours: status = \"dropped\""),
        "{out}"
    );
    let record: toml::Table = toml::from_str(&repo.read(&path)).expect("TOML");
    assert_eq!(record["status"].as_str(), Some("dropped"));
    let notes: Vec<&str> = record["checkin"]
        .as_array()
        .expect("check-ins")
        .iter()
        .filter_map(|c| c["note"].as_str())
        .collect();
    assert_eq!(notes, [pasted]);
    let lines_of_note = |text: &str| {
        text.lines()
            .filter(|l| pasted.lines().any(|p| p == *l))
            .count()
    };
    assert_eq!(lines_of_note(&repo.read(&path)), lines_of_note(&before));
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.mv(&["check"]).success();
}

#[test]
fn a_check_in_removed_on_one_branch_and_edited_on_the_other_is_one_conflict() {
    let (repo, path, id) = commitment_with_driver();
    checkin(&repo, &id, "co-ran planning with bob", "2", "2026-11-30");
    let text = repo.read(&path);
    let at = text.find("\n[[checkin]]").expect("a check-in");
    repo.git(&["checkout", "-q", "-b", "bobs-clone"]);
    repo.write(&path, &text.replace("comfort = 2", "comfort = 4"));
    repo.git(&["commit", "-qam", "comfort by hand"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write(&path, &format!("{}\n", &text[..at]));
    repo.git(&["commit", "-qam", "not a real check-in"]);

    let out = repo
        .git_cmd(&["merge", "--no-edit", "bobs-clone"])
        .run()
        .failure();
    assert!(
        out.stderr().contains("both sides changed `checkin`"),
        "{out}"
    );
    let check = repo.mv(&["check"]).code(1);
    assert!(
        check
            .stderr()
            .contains("unresolved merge conflict in field `checkin`: ours (removed), theirs `{ date = 2026-11-30"),
        "{check}"
    );
    repo.mv(&["resolve", &id, "--theirs"]).success();
    let record: toml::Table = toml::from_str(&repo.read(&path)).expect("TOML");
    assert_eq!(record["checkin"][0]["comfort"].as_integer(), Some(4));
    assert_eq!(record["checkin"].as_array().map(Vec::len), Some(1));
    repo.git(&["commit", "-q", "--no-edit"]);
    repo.mv(&["check"]).success();
}
