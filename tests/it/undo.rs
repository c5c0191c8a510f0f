//! `mv undo` after each writing command: the tree goes back to what it was
//! before the command, in one new commit naming what it reverts; a second
//! `mv undo` goes one more command back, and `mv redo` the other way, as
//! in an editor. It refuses where reverting would lose someone's work or
//! rewrite what others have, and says why.

use crate::common;
use crate::remote;

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

/// Runs `command`, then `mv undo` and `mv redo`, checking each step.
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

    repo.mv(&["redo"]).success();
    assert_eq!(tree(repo), after, "{command:?}: redo brings it back");
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
    hint: microvac remembers the commands run in each clone; `git revert COMMIT` reverts any commit
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

/// The subjects of the last `n` commits, newest first.
fn subjects(repo: &TestRepo, n: usize) -> Vec<String> {
    repo.git(&["log", &format!("-{n}"), "--format=%s"])
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The `Microvac-Reverts` trailers of the last `n` commits, newest first.
fn reverted(repo: &TestRepo, n: usize) -> Vec<String> {
    repo.git(&[
        "log",
        &format!("-{n}"),
        "--format=%(trailers:key=Microvac-Reverts,valueonly)",
    ])
    .lines()
    .filter(|l| !l.is_empty())
    .map(str::to_owned)
    .collect()
}

#[test]
fn undo_twice_goes_back_two_commands_and_redo_brings_them_back_in_turn() {
    let repo = TestRepo::team();
    let t0 = tree(&repo);
    repo.mv(&["person", "add", "carol"]).success();
    let (t1, carol) = (tree(&repo), repo.head().unwrap());
    repo.mv(&["person", "add", "dave"]).success();
    let (t2, dave) = (tree(&repo), repo.head().unwrap());

    repo.mv(&["undo"]).success();
    assert_eq!(tree(&repo), t1);
    repo.mv(&["undo"]).success();
    assert_eq!(tree(&repo), t0, "as two commands ago");
    assert_eq!(
        subjects(&repo, 2),
        ["undo: add person carol", "undo: add person dave"]
    );
    assert_eq!(reverted(&repo, 2), [carol.clone(), dave.clone()]);
    assert_eq!(repo.commit_count(), 1 + 3 + 2 + 2, "history only grows");
    assert_eq!(repo.status(), "");

    let out = repo.mv(&["redo"]).success();
    assert!(
        out.stdout()
            .starts_with("recorded: redo: add person carol ("),
        "{out}"
    );
    assert_eq!(tree(&repo), t1, "the last undone comes back first");
    repo.mv(&["redo"]).success();
    assert_eq!(tree(&repo), t2);
    assert_eq!(
        subjects(&repo, 2),
        ["redo: add person dave", "redo: add person carol"]
    );
    let head = repo.head();
    let out = repo.mv(&["redo"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: nothing to redo
    hint: `mv redo` brings back what `mv undo` reverted, until another microvac command is recorded
    ");
    assert_eq!(repo.head(), head, "nothing recorded");

    // A redo is a command like any other: undo takes it back.
    repo.mv(&["undo"]).success();
    assert_eq!(tree(&repo), t1);
    assert_eq!(repo.last_subject(), "undo: add person dave");
    repo.mv(&["redo"]).success();
    assert_eq!(tree(&repo), t2);
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();
    repo.assert_fsck_clean();
}

#[test]
fn nothing_undone_is_nothing_to_redo() {
    let repo = TestRepo::team();
    let head = repo.head();
    let out = repo.mv(&["redo"]).code(1);
    assert_eq!(
        out.stderr(),
        "error: nothing to redo\n\
         hint: `mv redo` brings back what `mv undo` reverted, until another microvac command is recorded\n"
    );
    assert_eq!(repo.head(), head);
}

#[test]
fn a_new_command_after_undo_ends_redo_and_undo_still_steps_back() {
    let repo = TestRepo::team();
    let t0 = tree(&repo);
    repo.mv(&["person", "add", "carol"]).success();
    repo.mv(&["undo"]).success();
    repo.mv(&["person", "add", "dave"]).success();
    let t1 = tree(&repo);
    let head = repo.head();
    let out = repo.mv(&["redo"]).code(1);
    assert!(
        out.stderr().starts_with("error: nothing to redo\n"),
        "{out}"
    );
    assert_eq!(repo.head(), head);
    assert!(!repo.exists("people/carol.toml"));

    // Undo steps over carol's command, already undone, to the team's.
    repo.mv(&["undo"]).success();
    assert_eq!(tree(&repo), t0);
    repo.mv(&["undo"]).success();
    assert_eq!(
        repo.last_subject(),
        "undo: add project payments (Payments platform)"
    );
    assert!(!repo.exists("projects/payments.toml"));
    // Redo brings those two back, and stops at the new command.
    repo.mv(&["redo"]).success();
    repo.mv(&["redo"]).success();
    assert_eq!(tree(&repo), t1);
    repo.mv(&["redo"]).code(1);
    assert!(!repo.exists("people/carol.toml"));
    repo.assert_fsck_clean();
}

#[test]
fn every_command_undone_says_so_and_redo_still_works() {
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let c1 = Clone::new(&origin, &remote, "c1", "Erin Manager", "erin@example.com");
    c1.mv(&["person", "add", "carol"]).success();
    c1.mv(&["undo"]).success();
    let head = c1.head();
    let out = c1.mv(&["undo"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: every microvac command recorded in this clone is undone already
    hint: `mv redo` brings back the last one undone; each clone keeps its last 100 commands; `git revert COMMIT` reverts any commit
    ");
    assert_eq!(c1.head(), head);
    c1.mv(&["redo"]).success();
    assert!(c1.path().join("people/carol.toml").exists());
}

#[test]
fn a_clone_that_remembered_only_its_last_command_still_undoes_it() {
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let c1 = Clone::new(&origin, &remote, "c1", "Erin Manager", "erin@example.com");
    c1.mv(&["person", "add", "carol"]).success();
    let git_dir = c1.path().join(".git");
    std::fs::remove_file(git_dir.join("microvac-undo")).unwrap();
    std::fs::write(git_dir.join("microvac-last"), format!("{}\n", c1.head())).unwrap();
    c1.mv(&["undo"]).success();
    assert!(!c1.path().join("people/carol.toml").exists());
    assert!(!git_dir.join("microvac-last").exists(), "now in the stack");
    c1.mv(&["redo"]).success();
    assert!(c1.path().join("people/carol.toml").exists());
}

#[test]
fn undo_and_redo_find_their_commits_after_a_sync_replayed_them() {
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let c1 = Clone::new(&origin, &remote, "c1", "Erin Manager", "erin@example.com");
    let c2 = Clone::new(&origin, &remote, "c2", "Bob Lead", "bob@example.com");
    c1.mv(&["person", "add", "carol"]).success();
    c1.mv(&["person", "add", "frank"]).success();
    c1.mv(&["undo"]).success();
    let local = c1.head();
    c2.mv(&["person", "add", "dave"]).success();
    c2.mv(&["sync"]).success();
    // The sync replays c1's three commits onto c2's: new ids, same commands.
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pulled 1, pushed 3\n");
    assert_ne!(c1.head(), local);

    // Undo steps over frank's command (undone before the sync) to carol's.
    let out = c1.mv(&["undo"]).code(1);
    assert!(
        out.stderr().starts_with("error: \"add person carol\" ("),
        "{out}"
    );
    c1.mv(&["undo", "--force"]).success();
    assert!(!c1.path().join("people/carol.toml").exists());
    assert!(!c1.path().join("people/frank.toml").exists());
    assert!(c1.path().join("people/dave.toml").exists());

    // Redo: carol's undo is local; frank's was replayed and pushed.
    c1.mv(&["redo"]).success();
    assert!(c1.path().join("people/carol.toml").exists());
    let out = c1.mv(&["redo"]).code(1);
    assert!(
        out.stderr()
            .starts_with("error: \"undo: add person frank\" ("),
        "{out}"
    );
    assert!(
        out.stderr()
            .contains("`mv redo --force` reverts it anyway, as a new commit (history is never rewritten); `mv sync` then shares the redo"),
        "{out}"
    );
    c1.mv(&["redo", "--force"]).success();
    assert!(c1.path().join("people/frank.toml").exists());
    assert_eq!(
        c1.git(&["log", "-1", "--format=%s"]).trim(),
        "redo: add person frank"
    );
    c1.mv(&["redo"]).code(1);
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pushed 3\n");
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 6\n");
    assert!(c2.path().join("people/frank.toml").exists());
    assert!(c2.path().join("people/carol.toml").exists());
}

#[test]
fn an_undo_a_reset_dropped_no_longer_counts_once_a_new_command_ran() {
    let repo = TestRepo::team();
    repo.mv(&["person", "add", "carol"]).success();
    repo.mv(&["undo"]).success();
    let undo = repo.head().unwrap();
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    assert!(repo.exists("people/carol.toml"));
    // The newest command is not here: refused, as ever.
    let out = repo.mv(&["undo"]).code(1);
    assert!(
        out.stderr().starts_with(&format!(
            "error: the last microvac command in this clone, \"undo: add person carol\" ({}), is not on the current branch\n",
            &undo[..10]
        )),
        "{out}"
    );
    repo.mv(&["person", "add", "dave"]).success();
    repo.mv(&["undo"]).success();
    assert!(!repo.exists("people/dave.toml"));
    // The dropped undo did nothing here: carol's command is next.
    repo.mv(&["undo"]).success();
    assert_eq!(repo.last_subject(), "undo: add person carol");
    assert!(!repo.exists("people/carol.toml"));
    repo.mv(&["redo"]).success();
    assert!(repo.exists("people/carol.toml"));
    assert_eq!(repo.status(), "");
}
