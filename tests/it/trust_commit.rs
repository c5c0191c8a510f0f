//! The commit layer under conditions a user's clone really gets into: a
//! detached HEAD or a rebase, merge, cherry-pick or bisect stopped half-way
//! (refused, nothing written); an index that no longer matches HEAD for
//! tracker files (named by `mv check`, restored by `--repair` and by the
//! next write, refused by the pre-commit hook); lock files left by dead
//! processes (never blocking); an index that cannot be written (the
//! branch does not move); and temporary files (never in the work tree).

use crate::common;

use common::TestRepo;
use insta::assert_snapshot;

/// A tracker with the usual team and `notes.txt`, a file of the user's,
/// committed on main.
fn team_with_notes() -> TestRepo {
    let repo = TestRepo::team();
    repo.write("notes.txt", "one\n");
    repo.git(&["add", "notes.txt"]);
    repo.git(&["commit", "-q", "-m", "notes"]);
    repo
}

/// Puts the repo on `side` in the middle of a conflicted `git <op>` of a
/// change to notes.txt made on main (`rebase`, `merge`, `cherry-pick`).
fn stop_on_a_conflict(repo: &TestRepo, op: &[&str]) {
    repo.git(&["switch", "-q", "-c", "side"]);
    repo.write("notes.txt", "side\n");
    repo.git(&["commit", "-q", "-am", "side notes"]);
    repo.git(&["switch", "-q", "main"]);
    repo.write("notes.txt", "main\n");
    repo.git(&["commit", "-q", "-am", "main notes"]);
    repo.git(&["switch", "-q", "side"]);
    repo.git_cmd(op).run().failure();
}

/// Asserts a write is refused with `first_line` and leaves no trace.
#[track_caller]
fn assert_refused(repo: &TestRepo, first_line: &str) -> String {
    let head = repo.head();
    let status = repo.status();
    let out = repo.microvac(&["person", "add", "dora"]).code(1);
    assert_eq!(out.stderr().lines().next(), Some(first_line), "{out}");
    assert!(!repo.exists("people/dora.toml"));
    assert_eq!(repo.head(), head);
    assert_eq!(repo.status(), status);
    out.stderr()
}

mod refusals {
    use super::*;

    #[test]
    fn a_write_on_a_detached_head_is_refused_and_nothing_is_written() {
        let repo = TestRepo::team();
        repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
        let at = repo.git(&["rev-parse", "--short=7", "HEAD"]);
        let stderr = assert_refused(
            &repo,
            &format!(
                "error: HEAD is detached (at {}): a commit here would be on no branch, so nothing was recorded",
                at.trim()
            ),
        );
        assert_snapshot!(stderr.lines().nth(1).unwrap(), @"hint: switch to a branch first: `git switch <branch>` (or `git switch -c <new-branch>` to keep working from here), then run this again");
        repo.git(&["checkout", "-q", "main"]);
        repo.microvac(&["person", "add", "dora"]).success();
        assert_eq!(repo.last_subject(), "add person dora");
    }

    #[test]
    fn a_write_during_a_stopped_rebase_is_refused_and_the_abort_loses_nothing() {
        let repo = team_with_notes();
        stop_on_a_conflict(&repo, &["rebase", "main"]);
        let stderr = assert_refused(
            &repo,
            "error: a rebase is in progress in this repository, so nothing was recorded",
        );
        assert_snapshot!(stderr.lines().nth(1).unwrap(), @"hint: finish it with `git rebase --continue`, or give it up with `git rebase --abort`, then run this again");
        repo.git(&["rebase", "--abort"]);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn a_write_during_a_merge_cherry_pick_revert_or_bisect_is_refused() {
        let cases: [(&[&str], &str, &[&str]); 3] = [
            (&["merge", "main"], "a merge", &["merge", "--abort"]),
            (
                &["cherry-pick", "main"],
                "a cherry-pick",
                &["cherry-pick", "--abort"],
            ),
            (
                &["revert", "--no-edit", "HEAD"],
                "a revert",
                &["revert", "--abort"],
            ),
        ];
        for (op, what, abort) in cases {
            let repo = team_with_notes();
            if op[0] == "revert" {
                // A revert of notes on top of a change to notes conflicts.
                repo.write("notes.txt", "two\n");
                repo.git(&["commit", "-q", "-am", "more notes"]);
                repo.git_cmd(&["revert", "--no-edit", "HEAD~1"])
                    .run()
                    .failure();
            } else {
                stop_on_a_conflict(&repo, op);
            }
            assert_refused(
                &repo,
                &format!(
                    "error: {what} is in progress in this repository, so nothing was recorded"
                ),
            );
            repo.git(abort);
        }
        let repo = TestRepo::team();
        repo.git(&["bisect", "start"]);
        let stderr = assert_refused(
            &repo,
            "error: a bisect is in progress in this repository, so nothing was recorded",
        );
        assert!(stderr.contains("`git bisect reset`"), "{stderr}");
    }
}

mod index_out_of_step {
    use super::*;

    /// `person add dave; git read-tree HEAD~1`: what a kill between the
    /// commit and the index once left.
    fn dave_staged_for_deletion() -> TestRepo {
        let repo = team_with_notes();
        repo.microvac(&["person", "add", "dave"]).success();
        repo.git(&["read-tree", "HEAD~1"]);
        assert_eq!(repo.status(), "D  people/dave.toml\n?? people/dave.toml\n");
        repo
    }

    #[test]
    fn check_names_it_and_repair_restores_only_the_tracker_entries() {
        let repo = dave_staged_for_deletion();
        // The user's own staged work, in and outside the tracker.
        repo.write("notes.txt", "mine\n");
        repo.git(&["add", "notes.txt"]);
        let bob = format!("{}# staged by the user\n", repo.read("people/bob.toml"));
        repo.write("people/bob.toml", &bob);
        repo.git(&["add", "people/bob.toml"]);

        let out = repo.mv(&["check"]).code(1);
        assert_snapshot!(out.stderr(), @r"
        error: people/dave.toml: the index does not match HEAD (staged deletion), so the next `git commit` would record it; run `mv check --repair`

        error: 1 problem found
        ");
        let json = repo.mv(&["check", "--format", "json"]).code(1).json();
        assert_eq!(json["problems"][0]["file"], "people/dave.toml");

        let out = repo.mv(&["check", "--repair"]).success();
        assert_snapshot!(out.stderr(), @"restored the index to HEAD for 1 tracker file(s) that no longer matched it: people/dave.toml (staged deletion)");
        assert_snapshot!(out.stdout(), @"checked 17 files: no problems");
        assert_eq!(repo.status(), "M  notes.txt\nM  people/bob.toml\n");
        repo.mv(&["check", "--repair"]).success();
        assert_eq!(repo.status(), "M  notes.txt\nM  people/bob.toml\n");
    }

    #[test]
    fn a_tracker_file_the_user_changed_in_the_work_tree_is_left_alone() {
        let repo = dave_staged_for_deletion();
        let mine = format!("{}# my edit\n", repo.read("people/dave.toml"));
        repo.write("people/dave.toml", &mine);
        repo.mv(&["check", "--repair"]).success();
        assert_eq!(repo.status(), "D  people/dave.toml\n?? people/dave.toml\n");
        assert_eq!(repo.read("people/dave.toml"), mine);
    }

    #[test]
    fn the_next_write_restores_it_first_and_says_so_in_one_line() {
        let repo = dave_staged_for_deletion();
        let out = repo
            .microvac(&["person", "edit", "dave", "--role", "staff"])
            .success();
        assert_snapshot!(out.stderr(), @"restored the index to HEAD for 1 tracker file(s) that no longer matched it: people/dave.toml (staged deletion)");
        assert_eq!(repo.status(), "");
        repo.write("notes.txt", "two\n");
        repo.git(&["commit", "-q", "-am", "plain commit"]);
        assert_eq!(
            repo.git(&["ls-tree", "--name-only", "HEAD", "people/"]),
            "people/alice.toml\npeople/bob.toml\npeople/dave.toml\n"
        );
    }

    #[test]
    fn a_staged_reversal_of_a_recorded_edit_is_caught_too() {
        let repo = team_with_notes();
        repo.microvac(&["person", "edit", "alice", "--role", "staff"])
            .success();
        repo.git(&["read-tree", "HEAD~1"]);
        let out = repo.mv(&["check"]).code(1);
        assert!(out.stderr().contains("people/alice.toml: the index does not match HEAD (staged content differs from HEAD)"), "{out}");
        repo.mv(&["check", "--repair"]).success();
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn the_pre_commit_hook_refuses_a_commit_that_would_delete_a_record_this_way() {
        let mut repo = dave_staged_for_deletion();
        repo.install_microvac();
        let head = repo.head();
        repo.write("notes.txt", "two\n");
        repo.git(&["add", "notes.txt"]);
        let out = repo
            .git_cmd(&["commit", "-q", "-m", "notes"])
            .run()
            .failure();
        assert_snapshot!(out.stderr(), @r"
        error: people/dave.toml: this commit would delete it although the work tree has it as HEAD does: the index does not match HEAD (staged deletion); run `mv check --repair` (to really delete it, change the work tree too)

        error: 1 problem found
        ");
        assert_eq!(repo.head(), head);
        repo.mv(&["check", "--repair"]).success();
        repo.git(&["commit", "-q", "-m", "notes"]);
        assert!(
            repo.git(&["ls-tree", "--name-only", "HEAD", "people/"])
                .contains("people/dave.toml")
        );

        // Deleting a record for real (`git rm`) is the user's to do.
        repo.git(&["rm", "-q", "people/dave.toml"]);
        repo.git(&["commit", "-q", "-m", "remove dave"]);
        assert_eq!(repo.status(), "");
    }
}

mod locks {
    use super::*;

    #[test]
    fn an_empty_writer_lock_file_left_by_a_kill_does_not_block() {
        let repo = TestRepo::team();
        repo.write(".git/microvac.lock", "");
        // A blocked writer would wait 20 s and fail: success is the proof.
        repo.microvac(&["person", "add", "carol"]).success();
        assert!(!repo.exists(".git/microvac.lock"));
    }

    #[test]
    fn a_writer_lock_file_naming_a_live_unrelated_process_does_not_block() {
        let repo = TestRepo::team();
        // This test's own process: alive, and no microvac writer.
        repo.write(".git/microvac.lock", &format!("{}\n", std::process::id()));
        repo.microvac(&["person", "add", "carol"]).success();
        repo.write(".git/microvac.lock", "1\n");
        repo.microvac(&["person", "add", "dora"]).success();
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn an_index_lock_left_by_a_killed_microvac_is_taken_over() {
        let repo = TestRepo::team();
        repo.write(".git/index.lock", "microvac holds this lock (pid 999999)\n");
        repo.microvac(&["person", "add", "carol"]).success();
        assert!(!repo.exists(".git/index.lock"));
        assert_eq!(repo.status(), "");
    }

    #[test]
    #[cfg_attr(
        not(debug_assertions),
        ignore = "MICROVAC_FAULT is only in debug builds"
    )]
    fn when_the_index_cannot_be_written_the_branch_does_not_move() {
        let repo = TestRepo::team();
        let head = repo.head();
        let out = repo
            .microvac_cmd(&["person", "add", "dora"])
            .env("MICROVAC_FAULT", "fail-index")
            .run()
            .code(1);
        assert!(
            out.stderr().starts_with("error: could not replace ")
                && out
                    .stderr()
                    .contains(".git/index: MICROVAC_FAULT=fail-index"),
            "{out}"
        );
        assert_eq!(out.stdout(), "");
        assert_eq!(repo.head(), head);
        assert!(!repo.exists("people/dora.toml"));
        assert!(!repo.exists(".git/index.lock"));
        assert!(!repo.exists(".git/microvac-pending"));
        assert_eq!(repo.status(), "");
        repo.assert_fsck_clean();
        repo.microvac(&["person", "add", "dora"]).success();
    }
}

mod concurrent_commit {
    use super::*;

    #[test]
    #[cfg_attr(
        not(debug_assertions),
        ignore = "MICROVAC_FAULT is only in debug builds"
    )]
    fn a_commit_landing_just_before_the_branch_moves_is_built_upon_not_lost() {
        let repo = TestRepo::team();
        let head = repo.head().unwrap();
        repo.microvac_cmd(&["person", "add", "dora"])
            .env("MICROVAC_FAULT", "branch-moves")
            .run()
            .success();
        assert_eq!(
            repo.git(&["log", "-3", "--format=%s"]),
            "add person dora\na commit beside microvac's\nadd project payments (Payments platform)\n"
        );
        assert_eq!(repo.git(&["rev-parse", "HEAD~2"]).trim(), head);
        assert_eq!(repo.last_commit_files(), "people/dora.toml\n");
        assert_eq!(repo.status(), "");
        let reflog = repo.git(&["reflog", "-2", "--format=%gs"]);
        assert_eq!(reflog, "commit: add person dora\ncommit: beside\n");
        repo.assert_fsck_clean();
    }
}

mod litter {
    use super::*;

    #[test]
    fn temporary_files_of_older_versions_are_swept_by_a_write_there_and_by_check() {
        let repo = TestRepo::team();
        repo.write("people/.microvac-a1b2c3.tmp", "half a file");
        repo.write("vacuums/.microvac-Zz9Yy8.tmp", "");
        repo.write("people/.microvac-keep.tmp", "not ours");
        repo.microvac(&["person", "add", "carol"]).success();
        assert_eq!(
            repo.status(),
            "?? people/.microvac-keep.tmp\n?? vacuums/.microvac-Zz9Yy8.tmp\n"
        );
        repo.mv(&["check"]).success();
        assert_eq!(repo.status(), "?? people/.microvac-keep.tmp\n");
    }

    #[test]
    fn a_write_leaves_nothing_behind_in_the_git_directory() {
        let repo = TestRepo::team();
        repo.microvac(&["person", "add", "carol"]).success();
        let tmp = std::fs::read_dir(repo.path().join(".git/microvac-tmp"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(tmp, 0);
        assert!(!repo.exists(".git/microvac-pending"));
        assert!(!repo.exists(".git/index.lock"));
    }
}

/// Signed commits, as `git commit` makes them: with `commit.gpgsign` in
/// the clone's config, every commit microvac makes carries a signature
/// that `git verify-commit` accepts; a signing failure records nothing.
mod signing {
    use super::common::{AUTHOR_EMAIL, TestRepo};
    use std::process::Command;

    /// A fresh ssh-ed25519 key (no passphrase) in the test's scratch
    /// directory, and an allowed-signers file naming the committer.
    fn ssh_key(repo: &TestRepo) -> (std::path::PathBuf, std::path::PathBuf) {
        let dir = repo.scratch("keys");
        let key = dir.join("id_ed25519");
        let out = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", "signing test", "-f"])
            .arg(&key)
            .output()
            .expect("ssh-keygen runs (CI installs openssh-client)");
        assert!(out.status.success(), "{out:?}");
        let public = std::fs::read_to_string(dir.join("id_ed25519.pub")).expect("the public key");
        let allowed = dir.join("allowed_signers");
        std::fs::write(
            &allowed,
            format!("{AUTHOR_EMAIL} namespaces=\"git\" {public}"),
        )
        .expect("allowed signers");
        (key, allowed)
    }

    /// Every commit on HEAD is signed and verifies.
    fn assert_all_verify(repo: &TestRepo, env: &[(&str, &str)]) {
        let commits = repo.git(&["rev-list", "HEAD"]);
        assert!(commits.lines().count() >= 4, "{commits}");
        for commit in commits.lines() {
            let mut verify = repo.git_cmd(&["verify-commit", commit]);
            for (k, v) in env {
                verify = verify.env(k, v);
            }
            let out = verify.run();
            assert!(out.status().success(), "{commit} does not verify:\n{out}");
        }
    }

    #[test]
    fn with_an_ssh_key_every_microvac_commit_verifies() {
        let repo = TestRepo::new();
        let (key, allowed) = ssh_key(&repo);
        for (k, v) in [
            ("commit.gpgsign", "true"),
            ("gpg.format", "ssh"),
            ("user.signingkey", key.to_str().expect("UTF-8")),
            (
                "gpg.ssh.allowedSignersFile",
                allowed.to_str().expect("UTF-8"),
            ),
        ] {
            repo.git(&["config", k, v]);
        }
        repo.mv(&["init", "--team", "Platform"]).success();
        repo.mv(&["person", "add", "alice", "--name", "Alice"])
            .success();
        repo.mv(&["project", "add", "payments", "--needs", "sprint-planning"])
            .success();
        repo.mv(&["fill", "alice", "sprint-planning@payments"])
            .success();
        let id = repo
            .mv(&["list", "--quiet"])
            .success()
            .stdout()
            .trim()
            .to_owned();
        repo.mv(&["checkin", &id, "--comfort", "3"]).success();
        repo.mv(&["undo"]).success();
        repo.mv(&["redo"]).success();
        assert_all_verify(&repo, &[]);
        assert_eq!(repo.status(), "");
        repo.assert_fsck_clean();
    }

    #[test]
    fn a_signing_failure_records_nothing_and_says_how_to_turn_it_off() {
        let repo = TestRepo::tracker();
        let head = repo.head();
        let missing = repo.scratch("keys").join("no-such-key");
        for (k, v) in [
            ("commit.gpgsign", "true"),
            ("gpg.format", "ssh"),
            ("user.signingkey", missing.to_str().expect("UTF-8")),
        ] {
            repo.git(&["config", k, v]);
        }
        let out = repo
            .mv(&["person", "add", "alice", "--name", "Alice"])
            .failure();
        assert!(
            out.stderr()
                .contains("could not sign the commit (ssh-keygen)"),
            "{out}"
        );
        assert!(
            out.stderr().contains("git config commit.gpgsign false"),
            "{out}"
        );
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
        assert!(!repo.exists("people/alice.toml"));
        // An unsupported format is named, and nothing is recorded either.
        repo.git(&["config", "gpg.format", "x509"]);
        let out = repo
            .mv(&["person", "add", "alice", "--name", "Alice"])
            .failure();
        assert!(out.stderr().contains("\"x509\" is not supported"), "{out}");
        assert_eq!(repo.head(), head);
        // Turned off as the hint says, it records.
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo.mv(&["person", "add", "alice", "--name", "Alice"])
            .success();
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn with_a_gpg_key_every_microvac_commit_verifies() {
        if Command::new("gpg").arg("--version").output().is_err() {
            eprintln!("skipped: no gpg on this machine");
            return;
        }
        let repo = TestRepo::new();
        let home = repo.scratch("gnupg");
        std::fs::set_permissions(&home, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .expect("a private GNUPGHOME");
        let out = Command::new("gpg")
            .env("GNUPGHOME", &home)
            .args(["--batch", "--passphrase", "", "--quick-gen-key"])
            .arg(format!("Erin Manager <{AUTHOR_EMAIL}>"))
            .args(["ed25519", "sign", "never"])
            .output()
            .expect("gpg runs");
        assert!(out.status.success(), "{out:?}");
        repo.git(&["config", "commit.gpgsign", "true"]);
        repo.git(&["config", "user.signingkey", AUTHOR_EMAIL]);
        let gnupg = home.to_str().expect("UTF-8");
        let run = |args: &[&str]| repo.mv_cmd(args).env("GNUPGHOME", gnupg).run().success();
        run(&["init", "--team", "Platform"]);
        run(&["person", "add", "alice", "--name", "Alice"]);
        run(&["project", "add", "payments", "--needs", "sprint-planning"]);
        run(&["fill", "alice", "sprint-planning@payments"]);
        assert_all_verify(&repo, &[("GNUPGHOME", gnupg)]);
        assert_eq!(repo.status(), "");
    }
}
