//! `mv sync` against a real bare repository: the one-line outcomes, the
//! refusals (no upstream, the user's own uncommitted changes, someone
//! else's rebase in progress), the rule for rebase or merge, a conflict
//! left with the way on and the way back, a tracker that fails `mv check`
//! never pushed, and a push refused because the upstream moved meanwhile
//! retried a bounded number of times.

use crate::common;
use crate::remote;

use common::TestRepo;
use insta::assert_snapshot;
use remote::{Clone, Remote, bare, id_of, shared_team};

fn two_clones(origin: &TestRepo) -> (Clone<'_>, Clone<'_>) {
    let remote = Remote::file(origin);
    let c1 = Clone::new(origin, &remote, "c1", "Erin Manager", "erin@example.com");
    let c2 = Clone::new(origin, &remote, "c2", "Bob Lead", "bob@example.com");
    (c1, c2)
}

/// The remote's `main`.
fn remote_main(origin: &TestRepo) -> String {
    origin
        .git(&[
            "--git-dir",
            bare(origin).to_str().unwrap(),
            "rev-parse",
            "main",
        ])
        .trim()
        .to_owned()
}

/// Both clones get the commitment `id` (made in `c1`), then `c1` marks it
/// done and pushes: what a change in `c2` meets on its next sync.
fn done_on_the_remote(c1: &Clone<'_>, c2: &Clone<'_>, id: &str) {
    c1.mv(&["sync"]).success();
    c2.mv(&["sync"]).success();
    c1.mv(&["done", id]).success();
    c1.mv(&["sync"]).success();
}

/// alice's commitment to sprint planning on payments, made in `clone`
/// and synced; its ID and file.
fn commitment(clone: &Clone<'_>) -> (String, String) {
    clone
        .mv(&[
            "fill",
            "alice",
            "sprint-planning",
            "--project",
            "payments",
            "--date",
            "2026-11-02",
        ])
        .success();
    let file = clone.commitments_of("alice").pop().expect("a commitment");
    (id_of(&file), file)
}

#[test]
fn nothing_to_do_pulled_pushed_and_both() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "nothing to do\n");
    c1.mv(&["person", "add", "carol"]).success();
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pushed 1\n");
    assert_eq!(remote_main(&origin), c1.head());
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 1\n");
    c1.mv(&["person", "add", "dave"]).success();
    c1.mv(&["sync"]).success();
    c2.mv(&["project", "add", "checkout"]).success();
    c2.mv(&["vacuum", "add", "pairing", "--title", "Pairing"])
        .success();
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 1, pushed 2\n");
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pulled 2\n");
    assert_eq!(c1.tree(), c2.tree());
    // The clone's own microvac commits were replayed on top: no merge.
    assert_eq!(c2.git(&["rev-list", "--merges", "--count", "HEAD"]), "0\n");
}

#[test]
fn without_an_upstream_it_names_the_push_that_sets_one() {
    let repo = TestRepo::tracker();
    let out = repo.mv(&["sync"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: this repository has no remote, so there is nothing to sync with
    hint: add the team's remote and publish the branch once: git remote add origin URL && git push -u origin main
    ");
    let bare = repo.scratch("remote.git");
    repo.git(&["init", "-q", "--bare", bare.to_str().unwrap()]);
    repo.git(&["remote", "add", "origin", bare.to_str().unwrap()]);
    let out = repo.mv(&["sync"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: the branch main has no upstream, so mv sync does not know where to push it
    hint: publish it once with: git push -u origin main
    ");
    repo.git(&["push", "-q", "-u", "origin", "main"]);
    assert_eq!(repo.mv(&["sync"]).success().stdout(), "nothing to do\n");
}

#[test]
fn it_refuses_to_start_over_uncommitted_changes_to_tracker_files_and_names_them() {
    let origin = shared_team();
    let (c1, _) = two_clones(&origin);
    let alice = c1.read("people/alice.toml");
    c1.write("people/alice.toml", &format!("{alice}# a thought\n"));
    c1.write("people/zed.toml", "name = \"Zed\"\n");
    c1.write("notes.txt", "not the tracker's business\n");
    let head = c1.head();
    let out = c1.mv(&["sync"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: uncommitted changes to tracker files: people/alice.toml, people/zed.toml
    hint: commit them (git add … && git commit) or put them aside (git stash), then run mv sync again
    ");
    assert_eq!(c1.head(), head);
    assert!(c1.read("people/alice.toml").ends_with("# a thought\n"));
}

#[test]
fn the_users_own_commit_is_merged_not_rewritten() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    c1.mv(&["person", "add", "carol"]).success();
    c1.mv(&["sync"]).success();
    c2.write("README.md", "# The team\n");
    c2.git(&["add", "README.md"]);
    c2.git(&["commit", "-q", "-m", "a readme of my own"]);
    let own = c2.head();
    c2.mv(&["person", "add", "dave"]).success();
    let out = c2.mv(&["sync"]).success();
    assert_eq!(out.stdout(), "pulled 1, pushed 2\n");
    assert!(
        out.stderr().contains(&format!(
            "merged instead of rebasing: {} \"a readme of my own\" is not a microvac commit, and a rebase would rewrite it",
            &own[..10]
        )),
        "{out}"
    );
    let parents = c2.git(&["log", "-1", "--format=%P%n%s"]);
    assert_eq!(
        parents.lines().next().unwrap().split(' ').count(),
        2,
        "{parents}"
    );
    assert_eq!(
        parents.lines().nth(1),
        Some("Merge origin/main into main (mv sync)")
    );
    c2.git(&["merge-base", "--is-ancestor", &own, "HEAD"]);
    assert_eq!(remote_main(&origin), c2.head());
}

/// A clash is left as a merge (never a rebase, whose half-finished states
/// can drop commits): `mv resolve --ours` keeps yours, `git merge --abort`
/// goes back. (Before the sync became a transaction this was a rebase.)
#[test]
fn a_stopped_sync_can_be_aborted_and_nothing_is_lost() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let (id, file) = commitment(&c1);
    done_on_the_remote(&c1, &c2, &id);
    c2.mv(&["drop", &id, "--why", "no sprints"]).success();
    let mine = c2.head();

    let out = c2.mv(&["sync"]).code(1);
    c2.git(&["status"]); // a merge in progress, not a broken repository
    assert!(
        out.stderr().contains(&format!(
            "{file}: unresolved merge conflict in field `status`: ours `dropped`, theirs `done`"
        )),
        "{out}"
    );
    assert!(
        out.stderr().contains("`mv resolve --ours` keeps yours"),
        "{out}"
    );
    assert!(out.stderr().contains("`git merge --abort`"), "{out}");
    assert!(!c2.path().join(".git/rebase-merge").exists());
    // Another sync does not pretend: it says the same again.
    let again = c2.mv(&["sync"]).code(1);
    assert!(
        again
            .stderr()
            .contains("unresolved merge conflict in field `status`"),
        "{again}"
    );

    c2.git(&["merge", "--abort"]);
    assert_eq!(c2.head(), mine, "the local commit is where it was");
    assert_eq!(c2.git(&["status", "--porcelain"]), "");
}

/// Two people in `c1` pushed, two in `c2` not yet: `c2`'s handles.
fn two_pushed_two_not<'a>(c1: &Clone<'a>, c2: &Clone<'a>) -> [&'static str; 2] {
    c1.mv(&["person", "add", "carol"]).success();
    c1.mv(&["person", "add", "dave"]).success();
    c1.mv(&["sync"]).success();
    c2.mv(&["person", "add", "erin"]).success();
    c2.mv(&["person", "add", "frank"]).success();
    ["erin", "frank"]
}

/// Fails the test unless every one of `handles` is in `clone`'s HEAD and
/// on the remote.
#[track_caller]
fn assert_kept(origin: &TestRepo, clone: &Clone<'_>, handles: &[&str]) {
    let bare = bare(origin);
    for h in handles {
        let path = format!("people/{h}.toml");
        clone.git(&["cat-file", "-e", &format!("HEAD:{path}")]);
        origin.git(&[
            "--git-dir",
            bare.to_str().unwrap(),
            "cat-file",
            "-e",
            &format!("main:{path}"),
        ]);
    }
}

/// A rebase an older `mv sync` left stopped (here at a `break`), whose
/// todo list then lost the next pick, as a kill or a full disk left it:
/// `git rebase --continue` would drop a recorded commit and report
/// success. Issue 14, item 1.
fn stop_a_sync_rebase_and_lose_a_pick(c2: &Clone<'_>) {
    c2.git(&["fetch", "-q"]);
    c2.git_cmd(&["rebase", "-q", "-i", "origin/main"])
        .env("GIT_SEQUENCE_EDITOR", "sed -i '1a break'")
        .run()
        .success();
    let todo = c2.path().join(".git/rebase-merge/git-rebase-todo");
    let text = std::fs::read_to_string(&todo).unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("pick"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&todo, kept).unwrap();
    std::fs::write(c2.path().join(".git/microvac-sync"), "2\n").unwrap();
}

#[test]
fn a_rebase_whose_todo_lost_a_pick_is_never_continued_and_the_named_fix_keeps_both() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let mine = two_pushed_two_not(&c1, &c2);
    let upstream = remote_main(&origin);
    stop_a_sync_rebase_and_lose_a_pick(&c2);

    let out = c2.mv(&["sync"]).code(1);
    assert!(
        out.stderr().contains(
            "its todo list no longer names 1 of your commits, so `git rebase --continue` would drop them"
        ),
        "{out}"
    );
    assert!(
        out.stderr()
            .contains("give it up with `git rebase --abort` (your commits are all still on main)"),
        "{out}"
    );
    assert_eq!(remote_main(&origin), upstream, "nothing pushed");
    let check = c2.mv(&["check"]).code(1);
    assert!(check.stderr().contains("`git rebase --abort`"), "{check}");
    // A write is refused, naming the same fix (never `--continue`).
    let write = c2.mv(&["person", "add", "gina"]).code(1);
    assert!(write.stderr().contains("`git rebase --abort`"), "{write}");
    assert!(
        !write
            .stderr()
            .contains("finish it with `git rebase --continue`"),
        "{write}"
    );

    // The fix it names, then sync: both check-ins kept.
    c2.git(&["rebase", "--abort"]);
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 2, pushed 2\n");
    assert_kept(&origin, &c2, &mine);
    assert_kept(&origin, &c2, &["carol", "dave"]);
    c2.assert_fsck_clean();
}

#[test]
fn a_rebase_without_its_onto_is_named_with_a_fix_that_works() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let mine = two_pushed_two_not(&c1, &c2);
    stop_a_sync_rebase_and_lose_a_pick(&c2);
    std::fs::remove_file(c2.path().join(".git/rebase-merge/onto")).unwrap();
    // git's own way back fails here.
    c2.git_cmd(&["rebase", "--abort"]).run().failure();

    let out = c2.mv(&["sync"]).code(1);
    let fix = "git rebase --quit && git switch --discard-changes main";
    assert!(out.stderr().contains("lacks onto"), "{out}");
    assert!(out.stderr().contains(fix), "{out}");
    assert!(c2.mv(&["check"]).code(1).stderr().contains(fix));
    c2.git(&["rebase", "--quit"]);
    c2.git(&["switch", "-q", "--discard-changes", "main"]);
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 2, pushed 2\n");
    assert_kept(&origin, &c2, &mine);
}

/// Lock files a killed git command left are named by `mv sync` and `mv
/// check`, with how to tell they are stale and the fix; removed, sync
/// works. Issue 14, item 2.
#[test]
fn stale_git_locks_are_named_with_the_fix() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let mine = two_pushed_two_not(&c1, &c2);
    for lock in [
        ".git/index.lock",
        ".git/HEAD.lock",
        ".git/AUTO_MERGE.lock",
        ".git/refs/heads/main.lock",
    ] {
        c2.write(lock, "");
        let out = c2.mv(&["sync"]).code(1);
        let said = format!(
            "{lock} is left over from a git command that was killed: no git process is running in this clone"
        );
        assert!(out.stderr().contains(&said), "{out}");
        assert!(out.stderr().contains(&format!("rm '{lock}'")), "{out}");
        let check = c2.mv(&["check"]).code(1);
        assert!(check.stderr().contains(&said), "{check}");
        std::fs::remove_file(c2.path().join(lock)).unwrap();
    }
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 2, pushed 2\n");
    assert_kept(&origin, &c2, &mine);
}

/// A lock file on the remote is named, with who must remove it; nothing
/// is lost meanwhile. Issue 14, item 9.
#[test]
fn a_stale_lock_on_the_remote_is_named_with_who_must_remove_it() {
    let origin = shared_team();
    let (c1, _) = two_clones(&origin);
    let upstream = remote_main(&origin);
    let lock = bare(&origin).join("refs/heads/main.lock");
    std::fs::write(&lock, "").unwrap();
    c1.mv(&["person", "add", "carol"]).success();
    let head = c1.head();
    let out = c1.mv(&["sync"]).code(1);
    assert!(
        out.stderr()
            .contains(&format!("its lock file {} is there", lock.display())),
        "{out}"
    );
    assert!(
        out.stderr()
            .contains("whoever administers the remote must remove"),
        "{out}"
    );
    assert!(!out.stderr().contains("kept moving"), "{out}");
    assert_eq!((remote_main(&origin), c1.head()), (upstream, head));
    std::fs::remove_file(&lock).unwrap();
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pushed 1\n");
}

/// Before a push, the result must keep every change of the branch: when
/// it does not (here a fault drops one commit from the replay), nothing
/// moves and nothing is pushed.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "MICROVAC_FAULT is only in debug builds"
)]
fn a_result_that_lost_a_change_is_never_pushed_and_nothing_moves() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let mine = two_pushed_two_not(&c1, &c2);
    let (head, upstream) = (c2.head(), remote_main(&origin));
    let out = c2
        .mv_cmd(&["sync"])
        .env("MICROVAC_FAULT", "sync-drops-a-commit")
        .run()
        .code(1);
    assert!(
        out.stderr()
            .contains("would not keep your change to people/erin.toml"),
        "{out}"
    );
    assert_eq!((c2.head(), remote_main(&origin)), (head, upstream));
    assert_eq!(c2.git(&["status", "--porcelain"]), "");
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 2, pushed 2\n");
    assert_kept(&origin, &c2, &mine);
}

/// A `mv resolve` killed while git staged the file leaves `index.lock`:
/// the next `mv resolve` and `mv check` name it, with how to tell it is
/// stale and the fix (never git's raw "File exists"). Issue 14, item 8.
#[test]
fn an_index_lock_a_killed_resolve_left_is_named_by_resolve_and_check() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let (id, file) = commitment(&c1);
    done_on_the_remote(&c1, &c2, &id);
    c2.mv(&["drop", &id, "--why", "no sprints"]).success();
    c2.mv(&["sync"]).code(1);
    // What `git add` leaves when it is killed holding the index.
    c2.write(".git/index.lock", "");
    let said = ".git/index.lock is left over from a git command that was killed: no git process is running in this clone";
    let out = c2.mv(&["resolve", &file, "--ours"]).code(1);
    assert!(out.stderr().contains(said), "{out}");
    assert!(out.stderr().contains("rm '.git/index.lock'"), "{out}");
    assert!(!out.stderr().contains("File exists"), "{out}");
    let check = c2.mv(&["check"]).code(1);
    assert!(check.stderr().contains(said), "{check}");

    std::fs::remove_file(c2.path().join(".git/index.lock")).unwrap();
    c2.mv(&["resolve", &file, "--ours"]).success();
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 1, pushed 1\n");
    assert!(c2.read(&file).contains("status = \"dropped\""));
    c2.mv(&["check"]).success();
}

#[test]
fn a_conflict_in_a_merge_is_resolved_and_the_merge_finished_by_sync() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let (id, file) = commitment(&c1);
    done_on_the_remote(&c1, &c2, &id);
    c2.git(&["commit", "-q", "--allow-empty", "-m", "my own milestone"]);
    c2.mv(&["drop", &id, "--why", "no sprints"]).success();

    let out = c2.mv(&["sync"]).code(1);
    assert!(
        out.stderr().contains("merging origin/main left a conflict"),
        "{out}"
    );
    assert!(
        out.stderr().contains("`mv resolve --ours` keeps yours"),
        "{out}"
    );
    assert!(out.stderr().contains("`git merge --abort`"), "{out}");

    let resolved = c2.mv(&["resolve", &file, "--ours"]).success();
    assert_eq!(
        resolved.stdout(),
        format!("resolved {file}: kept ours: status = \"dropped\"; staged\n")
    );
    // Until it is finished, `mv check` names the way on and the way back.
    let check = c2.mv(&["check"]).code(1);
    assert!(
        check
            .stderr()
            .contains("finish it with `mv sync` (or give it up with `git merge --abort`)"),
        "{check}"
    );
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 1, pushed 2\n");
    assert!(c2.read(&file).contains("status = \"dropped\""));
    assert_eq!(remote_main(&origin), c2.head());
    assert_eq!(
        c2.git(&["log", "-1", "--format=%s"]),
        "Merge origin/main into main (mv sync)\n"
    );
    c2.mv(&["check"]).success();
}

#[test]
fn someone_elses_rebase_in_progress_is_left_alone() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let (id, _) = commitment(&c1);
    done_on_the_remote(&c1, &c2, &id);
    c2.mv(&["drop", &id, "--why", "no sprints"]).success();
    c2.git(&["fetch", "-q"]);
    c2.git_cmd(&["rebase", "origin/main"]).run().failure();
    let out = c2.mv(&["sync"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: a rebase is in progress in this clone
    hint: finish it (git rebase --continue) or give it up (git rebase --abort), then run mv sync again
    ");
}

#[test]
fn a_tracker_that_fails_check_is_never_pushed() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    // A broken record, committed past the hook and pushed by hand.
    c1.write("people/zed.toml", "name = \"Zed\"\nmanager = \"nobody\"\n");
    c1.git(&["add", "people/zed.toml"]);
    c1.git(&["commit", "-q", "--no-verify", "-m", "zed, by hand"]);
    c1.git(&["push", "-q"]);
    let upstream = remote_main(&origin);
    c2.mv(&["person", "add", "carol"]).success();
    let out = c2.mv(&["sync"]).code(1);
    assert!(out.stderr().contains("people/zed.toml"), "{out}");
    assert!(out.stderr().contains("no person named \"nobody\""), "{out}");
    assert!(
        out.stderr().contains(
            "sync stopped (pulled 1 so far): the tracker fails `mv check`, so nothing was pushed"
        ),
        "{out}"
    );
    assert_eq!(remote_main(&origin), upstream, "nothing pushed");
    assert_eq!(c2.git(&["log", "-1", "--format=%s"]), "add person carol\n");

    // Fixed and committed, it goes.
    c2.mv(&["person", "add", "nobody"]).success();
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pushed 2\n");
}

/// A `reference-transaction` hook in `clone` that, whenever a fetch moves
/// `origin/main` (at most `times` times), has `other` push a new commit:
/// the upstream moves between our fetch and our push.
fn upstream_moves_on_fetch(clone: &Clone<'_>, other: &Clone<'_>, times: usize) {
    let count = clone.path().join(".git/moved");
    let hook = format!(
        r#"#!/bin/sh
[ "$1" = committed ] || exit 0
grep -q ' refs/remotes/origin/main$' || exit 0
n=$(cat "{count}" 2>/dev/null || echo 0)
[ "$n" -lt {times} ] || exit 0
echo $((n + 1)) > "{count}"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
cd "{other}" && git commit -q --allow-empty -m "meanwhile $n" && git push -q origin main
"#,
        count = count.display(),
        other = other.path().display(),
    );
    let path = clone.path().join(".git/hooks/reference-transaction");
    std::fs::write(&path, hook).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_push_refused_because_the_upstream_moved_is_fetched_integrated_and_retried() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    c2.git(&["commit", "-q", "--allow-empty", "-m", "first"]);
    c2.git(&["push", "-q"]);
    upstream_moves_on_fetch(&c1, &c2, 1);
    c1.mv(&["person", "add", "carol"]).success();
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pulled 2, pushed 1\n");
    assert_eq!(remote_main(&origin), c1.head());
    assert_eq!(
        c1.git(&["log", "-3", "--format=%s"]),
        "add person carol\nmeanwhile 0\nfirst\n"
    );
}

#[test]
fn an_upstream_that_keeps_moving_stops_the_sync_after_three_pushes() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    c2.git(&["commit", "-q", "--allow-empty", "-m", "first"]);
    c2.git(&["push", "-q"]);
    upstream_moves_on_fetch(&c1, &c2, 100);
    c1.mv(&["person", "add", "carol"]).success();
    let out = c1.mv(&["sync"]).code(1);
    assert!(
        out.stderr().contains(
            "the upstream kept moving; 3 pushes were refused because others pushed meanwhile"
        ),
        "{out}"
    );
    assert_eq!(c1.read(".git/moved").trim(), "3");
    assert_eq!(c1.git(&["log", "-1", "--format=%s"]), "add person carol\n");
}

#[test]
fn a_clone_without_the_driver_gets_it_from_sync() {
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let dir = origin.base().join("plain");
    origin.git(&["clone", "-q", &remote.url(), dir.to_str().unwrap()]);
    let out = origin.mv_cmd(&["sync"]).current_dir(&dir).run().success();
    assert!(
        out.stderr().contains("named the microvac merge driver"),
        "{out}"
    );
    let driver = origin.git_in(&dir, &["config", "merge.microvac.driver"]);
    assert!(
        driver.contains("microvac merge-file -- %O %A %B %P"),
        "{driver}"
    );
}

#[test]
fn sync_says_when_the_merge_driver_cannot_run_here() {
    let origin = shared_team();
    let (c1, _) = two_clones(&origin);
    let path = std::env::join_paths(
        std::env::split_paths(&origin.path_var()).filter(|d| !d.join("microvac").exists()),
    )
    .unwrap();
    let out = c1.mv_cmd(&["sync"]).env("PATH", &path).run().success();
    assert!(
        out.stderr()
            .contains("the merge driver runs `microvac`, which is not on PATH here"),
        "{out}"
    );
    assert!(!c1.mv(&["sync"]).success().stderr().contains("not on PATH"));
}

/// With `commit.gpgsign`, the commits sync makes (its own commits
/// replayed on the upstream, and a merge where other commits are in the
/// way) are signed, as `git commit` would sign them.
#[test]
fn sync_signs_the_commits_it_makes() {
    let origin = shared_team();
    let (c1, c2) = two_clones(&origin);
    let keys = origin.scratch("keys");
    let key = keys.join("id_ed25519");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .output()
        .expect("ssh-keygen runs (CI installs openssh-client)");
    assert!(made.status.success(), "{made:?}");
    let public = std::fs::read_to_string(keys.join("id_ed25519.pub")).unwrap();
    let allowed = keys.join("allowed_signers");
    std::fs::write(
        &allowed,
        format!("erin@example.com,bob@example.com namespaces=\"git\" {public}"),
    )
    .unwrap();
    let base = c2.head();
    for clone in [&c1, &c2] {
        for (k, v) in [
            ("commit.gpgsign", "true"),
            ("gpg.format", "ssh"),
            ("user.signingkey", key.to_str().unwrap()),
            ("gpg.ssh.allowedSignersFile", allowed.to_str().unwrap()),
        ] {
            clone.git(&["config", k, v]);
        }
    }
    // Replayed: c2's own command goes on top of c1's.
    c1.mv(&["person", "add", "carol"]).success();
    c1.mv(&["sync"]).success();
    c2.mv(&["project", "add", "checkout"]).success();
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 1, pushed 1\n");
    // Merged: a commit of c2's own (plain git, signed by git) is in the way.
    c1.mv(&["person", "add", "dave"]).success();
    c1.mv(&["sync"]).success();
    c2.write("notes.txt", "mine\n");
    c2.git(&["add", "notes.txt"]);
    c2.git(&["commit", "-q", "-m", "my own notes"]);
    c2.mv(&["sync"]).success();
    assert_eq!(c2.git(&["rev-list", "--merges", "--count", "HEAD"]), "1\n");
    let made = c2.git(&["rev-list", &format!("{base}..HEAD")]);
    assert!(made.lines().count() >= 5, "{made}");
    for commit in made.lines() {
        let out = c2.git_cmd(&["verify-commit", commit]).run();
        assert!(out.status().success(), "{commit} does not verify:\n{out}");
    }
    c2.assert_fsck_clean();
}
