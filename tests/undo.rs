//! `mv undo` after each writing command: the tree goes back to what it was
//! before the command, in one new commit naming what it reverts; a second
//! `mv undo` redoes it. It refuses where reverting would lose someone's
//! work or rewrite what others have, and says why.

mod common;
mod remote;

use common::TestRepo;
use insta::assert_snapshot;
use remote::{Clone, Remote, id_of, shared_team};

fn tree(repo: &TestRepo) -> String {
    repo.git(&["rev-parse", "HEAD^{tree}"]).trim().to_owned()
}

/// The ID of alice's commitment to sprint planning on payments, made
/// (and then ended with `end`, if given) before the command under test.
fn commitment(repo: &TestRepo, end: Option<&[&str]>) -> String {
    repo.mv(&[
        "fill",
        "alice",
        "sprint-planning",
        "--project",
        "payments",
        "--buddy",
        "bob",
        "--date",
        "2026-11-02",
    ])
    .success();
    let file = std::fs::read_dir(repo.path().join("commitments/alice"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name()
        .into_string()
        .unwrap();
    let id = id_of(&file);
    if let Some(end) = end {
        let mut args = end.to_vec();
        args.insert(1, &id);
        repo.mv(&args).success();
    }
    id
}

/// Runs `command`, then `mv undo` and `mv undo` again, checking each step.
#[track_caller]
fn undo_and_redo(repo: &TestRepo, command: &[&str]) {
    let before = tree(repo);
    repo.mv(command).success();
    let (after, done) = (tree(repo), repo.head().unwrap());
    let subject = repo.last_subject();
    assert_ne!(before, after, "{command:?} changed nothing");

    let out = repo.mv(&["undo"]).success();
    assert!(
        out.stdout()
            .starts_with(&format!("recorded: undo: {subject} (")),
        "{command:?}: {out}"
    );
    assert_eq!(tree(repo), before, "{command:?}: undo restores the tree");
    assert_eq!(
        repo.git(&["rev-parse", "HEAD~1"]).trim(),
        done,
        "one new commit"
    );
    assert_eq!(repo.last_trailer("Microvac-Action"), "undo");
    assert_eq!(repo.last_trailer("Microvac-Reverts"), done);
    assert_eq!(repo.status(), "", "{command:?}");
    repo.mv(&["check"]).success();

    repo.mv(&["undo"]).success();
    assert_eq!(tree(repo), after, "{command:?}: undoing the undo redoes it");
    assert_eq!(repo.last_subject(), format!("redo: {subject}"));
    assert_eq!(repo.status(), "");
}

#[test]
fn each_record_command_is_undone_and_redone() {
    let repo = TestRepo::team();
    for command in [
        &[
            "person", "add", "carol", "--name", "Carol", "--role", "senior",
        ][..],
        &["person", "edit", "alice", "--role", "staff"],
        &["person", "archive", "bob"],
        &["project", "add", "checkout", "--needs", "retros"],
        &["project", "edit", "payments", "--name", "Payments 2"],
        &["project", "archive", "payments"],
        &["vacuum", "add", "pairing", "--title", "Pairing"],
        &[
            "vacuum",
            "edit",
            "retros",
            "--title",
            "Retros every other week",
        ],
        &["vacuum", "archive", "standup"],
    ] {
        undo_and_redo(&repo, command);
    }
    repo.assert_fsck_clean();
}

#[test]
fn log_and_fill_are_undone_and_redone() {
    let repo = TestRepo::team();
    undo_and_redo(
        &repo,
        &[
            "log",
            "alice",
            "--exemplar",
            "Apollo",
            "--liked",
            "clear plan",
            "--fill",
            "sprint-planning@payments",
            "--buddy",
            "bob",
        ],
    );
    undo_and_redo(
        &repo,
        &["fill", "bob", "status-email", "--project", "payments"],
    );
    repo.assert_fsck_clean();
}

#[test]
fn each_commitment_command_is_undone_and_redone() {
    for (setup, command) in [
        (
            None,
            &["checkin", "ID", "--note", "ran it", "--comfort", "3"][..],
        ),
        (None, &["done", "ID"]),
        (None, &["drop", "ID", "--why", "no sprints this quarter"]),
        (None, &["edit", "ID", "--buddy", ""]),
        (Some(&["done"][..]), &["reopen", "ID"]),
    ] {
        let repo = TestRepo::team();
        let id = commitment(&repo, setup);
        let command: Vec<&str> = command
            .iter()
            .map(|a| if *a == "ID" { id.as_str() } else { a })
            .collect();
        undo_and_redo(&repo, &command);
    }
}

#[test]
fn init_is_undone_too_down_to_an_empty_tree() {
    let repo = TestRepo::new();
    repo.mv(&["init"]).success();
    repo.mv(&["undo"]).success();
    assert_eq!(repo.git(&["ls-files"]), "");
    assert_eq!(
        repo.last_subject(),
        "undo: start the microvac tracker for repo"
    );
    // With the tracker gone, there is nothing to undo in: `mv init` again.
    let out = repo.mv(&["undo"]).code(1);
    assert!(out.stderr().contains("no microvac tracker here"), "{out}");
    repo.mv(&["init"]).success();
    repo.mv(&["check"]).success();
}

#[test]
fn nothing_recorded_in_this_clone_is_nothing_to_undo() {
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let clone = Clone::new(&origin, &remote, "c1", "Bob Lead", "bob@example.com");
    let out = clone.mv(&["undo"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: there is no microvac command to undo in this clone
    hint: microvac remembers the last command run in each clone; `git revert COMMIT` reverts any commit
    ");
}

#[test]
fn a_later_commit_to_the_same_file_blocks_the_undo_and_an_unrelated_one_does_not() {
    let repo = TestRepo::team();
    let id = commitment(&repo, None);
    repo.mv(&["checkin", &id, "--note", "ran it"]).success();
    let checkin = repo.head().unwrap();
    // Someone's hand edit of another file: no obstacle.
    repo.write(
        "people/alice.toml",
        &format!("{}# a note\n", repo.read("people/alice.toml")),
    );
    repo.git(&["commit", "-qam", "a note on alice"]);
    // A hand edit of the same commitment: undoing would throw it away.
    let file = repo.git(&["show", "--name-only", "--format=", &checkin]);
    let file = file.trim();
    repo.write(file, &format!("{}# typo fixed\n", repo.read(file)));
    repo.git(&["commit", "-qam", "fix a typo"]);
    let fix = repo.head().unwrap();
    let head = repo.head();

    let out = repo.mv(&["undo"]).code(1);
    assert_eq!(
        out.stderr(),
        format!(
            "error: cannot undo \"alice: 1st rep of sprint-planning on payments\" ({}): later commits changed the same files: {} \"fix a typo\" ({file})\n\
             hint: change the record with microvac instead (mv edit, mv reopen, …), or revert those commits first\n",
            &checkin[..10],
            &fix[..10],
        )
    );
    assert_eq!(repo.head(), head);

    // Once the file is back as the check-in left it, the undo is exact.
    repo.git(&["revert", "--no-edit", "HEAD"]);
    repo.mv(&["undo"]).success();
    assert!(!repo.read(file).contains("ran it"));
    assert!(repo.read("people/alice.toml").ends_with("# a note\n"));
}

#[test]
fn uncommitted_work_on_the_file_is_never_overwritten() {
    let repo = TestRepo::team();
    repo.mv(&["person", "add", "carol"]).success();
    repo.write("people/carol.toml", "name = \"Carol\"\n# mine\n");
    let out = repo.mv(&["undo"]).code(1);
    assert!(
        out.stderr()
            .contains("people/carol.toml has changes that are not committed"),
        "{out}"
    );
    assert_eq!(repo.read("people/carol.toml"), "name = \"Carol\"\n# mine\n");
}

#[test]
fn a_pushed_command_needs_force_and_is_still_undone_as_a_new_commit() {
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let c1 = Clone::new(&origin, &remote, "c1", "Erin Manager", "erin@example.com");
    let c2 = Clone::new(&origin, &remote, "c2", "Bob Lead", "bob@example.com");
    c1.mv(&["person", "add", "carol"]).success();
    c2.mv(&["person", "add", "dave"]).success();
    c2.mv(&["sync"]).success();
    // The sync rebases c1's commit onto c2's: a new id, same command.
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pulled 1, pushed 1\n");
    let pushed = c1.head();

    let out = c1.mv(&["undo"]).code(1);
    assert_eq!(
        out.stderr(),
        format!(
            "error: \"add person carol\" ({}) is already on origin/main, so others may have it\n\
             hint: `mv undo --force` reverts it anyway, as a new commit (history is never rewritten); `mv sync` then shares the undo\n",
            &pushed[..10]
        )
    );
    c1.mv(&["undo", "--force"]).success();
    assert_eq!(
        c1.git(&["rev-parse", "HEAD~1"]).trim(),
        pushed,
        "history kept"
    );
    assert!(!c1.path().join("people/carol.toml").exists());
    assert!(c1.path().join("people/dave.toml").exists());
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pushed 1\n");
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 2\n");
    assert!(!c2.path().join("people/carol.toml").exists());
}

#[test]
fn the_undo_commits_only_its_files_and_leaves_the_users_staged_work_staged() {
    let repo = TestRepo::team();
    repo.mv(&["person", "add", "carol"]).success();
    repo.write("README.md", "# mine\n");
    repo.git(&["add", "README.md"]);
    repo.write(
        "people/alice.toml",
        &format!("{}# unstaged\n", repo.read("people/alice.toml")),
    );
    repo.mv(&["undo"]).success();
    assert_eq!(repo.last_commit_files(), "people/carol.toml\n");
    assert_eq!(repo.status(), "A  README.md\n M people/alice.toml\n");
}

#[test]
fn a_command_on_another_branch_is_not_undone_from_here() {
    let repo = TestRepo::team();
    repo.git(&["switch", "-q", "-c", "side"]);
    repo.mv(&["person", "add", "carol"]).success();
    let carol = repo.head().unwrap();
    repo.git(&["switch", "-q", "main"]);
    let out = repo.mv(&["undo"]).code(1);
    assert_eq!(
        out.stderr(),
        format!(
            "error: the last microvac command in this clone, \"add person carol\" ({}), is not on the current branch\n\
             hint: switch to the branch that has it, or revert it by hand: git revert {}\n",
            &carol[..10],
            &carol[..10]
        )
    );
}

#[test]
fn a_tracker_in_a_subdirectory_is_undone_in_place() {
    let repo = TestRepo::new();
    repo.mv(&["init", "--dir", "coaching"]).success();
    let before = tree(&repo);
    repo.mv(&["-C", "coaching", "person", "add", "alice"])
        .success();
    repo.mv(&["undo"]).success();
    assert_eq!(tree(&repo), before);
    assert_eq!(repo.last_commit_files(), "coaching/people/alice.toml\n");
}
