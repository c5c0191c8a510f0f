//! Crash safety, proven on real processes: a write stopped dead at each of
//! its steps (`MICROVAC_FAULT`, see src/git/fault.rs), a few hundred
//! `microvac person add` processes SIGKILLed at random moments, and
//! microvac writers racing a loop of plain `git commit`s in one clone.
//! After each: `git fsck --strict` is clean, the next write succeeds and
//! says what it finished or rolled back, `mv check` passes, no lock blocks,
//! nothing is left in `git status`, and every write that said "recorded"
//! is in HEAD. The figures are printed (`cargo test --test it crash:: --
//! --nocapture` shows them).

use crate::common;

use common::{TestRepo, microvac_bin};
use std::{
    process::{Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    thread,
    time::{Duration, Instant},
};

/// The steps a write can be stopped at, and what the next run then says
/// about it ("" when nothing was journaled yet, so nothing is left to say).
const STEPS: [(&str, &str); 6] = [
    ("after-lock", ""),
    ("after-objects", ""),
    ("after-journal", "rolled back"),
    ("after-files", "rolled back"),
    ("after-index", "rolled back"),
    ("after-ref", "finished"),
];

/// Fails the test unless the clone is whole: fsck clean, no lock or
/// journal left, nothing in `git status`, `mv check` passing.
#[track_caller]
fn assert_whole(repo: &TestRepo) {
    repo.assert_fsck_clean();
    assert!(!repo.exists(".git/index.lock"), "index.lock left");
    assert!(!repo.exists(".git/microvac-pending"), "journal left");
    assert_eq!(repo.status(), "", "git status is not clean");
    let out = repo.mv(&["check"]).success();
    assert!(out.stdout().contains("no problems"), "{out}");
    assert_eq!(repo.git(&["diff", "--cached", "--name-only"]), "");
}

/// Whether HEAD has people/<handle>.toml.
fn in_head(repo: &TestRepo, handle: &str) -> bool {
    repo.git_cmd(&["cat-file", "-e", &format!("HEAD:people/{handle}.toml")])
        .run()
        .status()
        .success()
}

mod fault_injection {
    use super::*;

    /// A write stopped at `step`: it was killed, said nothing recorded.
    #[track_caller]
    fn stop(repo: &TestRepo, step: &str, args: &[&str]) {
        let out = repo.microvac_cmd(args).env("MICROVAC_FAULT", step).run();
        assert_eq!(out.status().code(), None, "not killed at {step}\n{out}");
        assert_eq!(out.stdout(), "", "{step}");
    }

    #[test]
    #[cfg_attr(
        not(debug_assertions),
        ignore = "MICROVAC_FAULT is only in debug builds"
    )]
    fn a_new_record_stopped_at_each_step_is_finished_or_rolled_back_by_the_next_write() {
        for (step, said) in STEPS {
            let repo = TestRepo::team();
            stop(&repo, step, &["person", "add", "zz"]);
            repo.assert_fsck_clean();
            let next = repo.microvac(&["person", "add", "yy"]).success();
            let expected = match said {
                "" => String::new(),
                said => format!("{said} the interrupted: add person zz\n"),
            };
            assert_eq!(next.stderr(), expected, "after {step}");
            assert_eq!(in_head(&repo, "zz"), said == "finished", "after {step}");
            assert!(in_head(&repo, "yy"));
            assert_whole(&repo);
            assert!(
                repo.read(".git/logs/HEAD").lines().count() >= 4,
                "the reflog has the commits"
            );
        }
    }

    #[test]
    #[cfg_attr(
        not(debug_assertions),
        ignore = "MICROVAC_FAULT is only in debug builds"
    )]
    fn an_edit_stopped_at_each_step_never_blames_the_user_on_the_retry() {
        for (step, said) in STEPS {
            let repo = TestRepo::team();
            let before = repo.read("people/alice.toml");
            stop(&repo, step, &["person", "edit", "alice", "--role", "staff"]);
            let retry = repo
                .microvac(&["person", "edit", "alice", "--role", "staff"])
                .success();
            let expected = match said {
                "" => "",
                "rolled back" => "rolled back the interrupted: edit person alice: role\n",
                // Recorded after all: the retry has nothing left to do.
                _ => {
                    "finished the interrupted: edit person alice: role\n\
                      no changes to people/alice.toml; nothing recorded\n"
                }
            };
            assert_eq!(retry.stderr(), expected, "after {step}");
            assert!(repo.read("people/alice.toml").contains("role = \"staff\""));
            assert_ne!(repo.read("people/alice.toml"), before);
            assert_whole(&repo);
        }
    }

    #[test]
    #[cfg_attr(
        not(debug_assertions),
        ignore = "MICROVAC_FAULT is only in debug builds"
    )]
    fn retrying_an_add_after_a_kill_is_never_a_loop() {
        // Killed before the commit: the retry rolls back and records it.
        let repo = TestRepo::team();
        stop(&repo, "after-files", &["person", "add", "zz"]);
        assert!(repo.exists("people/zz.toml"));
        let out = repo.microvac(&["person", "add", "zz"]).success();
        assert_eq!(out.stderr(), "rolled back the interrupted: add person zz\n");
        assert!(out.stdout().starts_with("recorded: add person zz"));
        assert_whole(&repo);

        // Killed after the commit: the retry says it was recorded after all.
        let repo = TestRepo::team();
        stop(&repo, "after-ref", &["person", "add", "zz"]);
        let out = repo.microvac(&["person", "add", "zz"]).code(1);
        assert_eq!(
            out.stderr().lines().take(2).collect::<Vec<_>>(),
            [
                "finished the interrupted: add person zz",
                "error: person zz already exists (people/zz.toml)"
            ]
        );
        repo.microvac(&["person", "edit", "zz", "--role", "staff"])
            .success();
        assert_whole(&repo);
    }

    #[test]
    #[cfg_attr(
        not(debug_assertions),
        ignore = "MICROVAC_FAULT is only in debug builds"
    )]
    fn mv_check_finishes_what_a_kill_interrupted() {
        for (step, said) in [("after-files", "rolled back"), ("after-ref", "finished")] {
            let repo = TestRepo::team();
            stop(&repo, step, &["person", "add", "zz"]);
            let out = repo.mv(&["check"]).success();
            assert_eq!(
                out.stderr(),
                format!("{said} the interrupted: add person zz\n")
            );
            assert_whole(&repo);
        }
    }

    #[test]
    #[cfg_attr(
        not(debug_assertions),
        ignore = "MICROVAC_FAULT is only in debug builds"
    )]
    fn a_killed_write_leaves_no_temporary_file_in_the_work_tree() {
        let repo = TestRepo::team();
        for step in ["after-lock", "after-files", "after-ref"] {
            stop(&repo, step, &["person", "edit", "bob", "--role", step]);
            let litter = repo.git(&[
                "status",
                "--porcelain",
                "--ignored",
                "--untracked-files=all",
            ]);
            assert!(!litter.contains(".tmp"), "after {step}: {litter}");
        }
        repo.microvac(&["person", "add", "yy"]).success();
        let tmp = std::fs::read_dir(repo.path().join(".git/microvac-tmp"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(tmp, 0, "the next write empties .git/microvac-tmp");
        assert_whole(&repo);
    }
}

/// A small deterministic random number generator (xorshift64*), so the
/// kill loop does the same every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

/// What one `microvac person add` did before it ended or was killed.
struct Attempt {
    killed: bool,
    stdout: String,
    stderr: String,
}

/// When a run is killed.
#[derive(Clone, Copy)]
enum Kill {
    /// This long after it starts.
    AfterStart(Duration),
    /// This long after it takes git's `index.lock`, which starts the
    /// commit (start-up takes most of a run, so kills timed from the start
    /// alone rarely land in the commit).
    InCommit(Duration),
}

/// Runs `microvac ARGS` and SIGKILLs it as `kill` says, unless it ended.
fn run_and_kill(repo: &TestRepo, args: &[&str], kill: Kill) -> Attempt {
    let mut cmd: Command = repo.command(microvac_bin());
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start microvac");
    match kill {
        Kill::AfterStart(delay) => thread::sleep(delay),
        Kill::InCommit(delay) => {
            // Its own lock, not one a killed run left: it names the holder.
            let lock = repo.path().join(".git/index.lock");
            let mine = format!("(pid {})", child.id());
            let taken = || std::fs::read_to_string(&lock).is_ok_and(|t| t.contains(&mine));
            while !taken() && matches!(child.try_wait(), Ok(None)) {
                thread::sleep(Duration::from_micros(100));
            }
            thread::sleep(delay);
        }
    }
    let killed = matches!(child.try_wait(), Ok(None)) && child.kill().is_ok();
    let out = child.wait_with_output().expect("wait for microvac");
    Attempt {
        killed: killed && out.status.code().is_none(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn hundreds_of_random_kills_lose_no_acknowledged_write() {
    const KILLS: usize = 300;
    const BUDGET: Duration = Duration::from_secs(50);
    let repo = TestRepo::tracker();
    let budget = Instant::now();
    let mut rng = Rng(0x6d69_6372_6f76_6163);
    let (mut kills, mut runs, mut next) = (0, 0, 0);
    let (mut finished, mut rolled_back, mut locks_left) = (0, 0, 0);
    let mut acknowledged = Vec::new();
    // Bounded on a loaded machine too: stop at the time budget once a
    // third of the kills are done.
    while kills < KILLS && (kills < KILLS / 3 || budget.elapsed() < BUDGET) {
        runs += 1;
        let handle = format!("p{next}");
        // One kill in three anywhere in the run, two in the commit.
        let kill = match rng.below(3) {
            0 => Kill::AfterStart(Duration::from_micros(rng.below(80_000))),
            _ => Kill::InCommit(Duration::from_micros(rng.below(30_000))),
        };
        locks_left += usize::from(repo.exists(".git/index.lock"));
        let attempt = run_and_kill(&repo, &["person", "add", &handle], kill);
        finished += attempt.stderr.matches("finished the interrupted").count();
        rolled_back += attempt
            .stderr
            .matches("rolled back the interrupted")
            .count();
        for blame in ["not committed", "commit or stash", "panicked", "held by"] {
            assert!(!attempt.stderr.contains(blame), "{}", attempt.stderr);
        }
        if attempt
            .stdout
            .contains(&format!("recorded: add person {handle} ("))
        {
            acknowledged.push(handle);
            next += 1;
        } else if attempt.stderr.contains("already exists") {
            next += 1; // recorded by a killed run, finished by this one
        } else if attempt.killed {
            kills += 1;
        } else {
            panic!("{handle} failed without being killed:\n{}", attempt.stderr);
        }
    }
    repo.microvac(&["person", "add", "last"]).success();
    assert_whole(&repo);
    let lost: Vec<&String> = acknowledged.iter().filter(|h| !in_head(&repo, h)).collect();
    println!(
        "random kills: {runs} runs, {kills} killed, {} acknowledged; after a kill, \
         {locks_left} index.lock taken over, {finished} writes finished and \
         {rolled_back} rolled back by the next run; lost {}",
        acknowledged.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged but not in HEAD: {lost:?}");
    assert!(!acknowledged.is_empty() && finished + rolled_back > 0);
}

/// Six (`WRITERS`) microvac writers adding people while a loop runs
/// `git add notes.txt && git commit` in the same clone, with or without
/// the pre-commit hook (which runs `microvac check --staged`).
fn race(hook: bool) {
    const WRITERS: usize = 6;
    const WRITES: usize = 20;
    let mut repo = TestRepo::team();
    if hook {
        repo.install_microvac();
    }
    repo.write("notes.txt", "0\n");
    repo.git(&["add", "notes.txt"]);
    repo.git(&["commit", "-q", "-m", "notes"]);
    let repo = Arc::new(repo);
    let done = Arc::new(AtomicBool::new(false));
    let git_loop = {
        let (repo, done) = (repo.clone(), done.clone());
        thread::spawn(move || {
            let (mut tries, mut commits) = (0, 0);
            while !done.load(Ordering::SeqCst) {
                tries += 1;
                repo.write("notes.txt", &format!("{tries}\n"));
                // Either fails at once while microvac holds index.lock,
                // as with any other git command; the commit also when the
                // branch moved under it, or when its hook refuses.
                let added = repo.git_cmd(&["add", "notes.txt"]).run();
                let commit = || repo.git_cmd(&["commit", "-q", "-m", "x"]).run();
                if added.status().success() && commit().status().success() {
                    commits += 1;
                }
            }
            (tries, commits)
        })
    };
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let repo = repo.clone();
            thread::spawn(move || {
                let mut outcomes = Vec::new();
                for i in 0..WRITES {
                    let handle = format!("w{w}n{i}");
                    let out = repo.microvac_cmd(&["person", "add", &handle]).run();
                    let recorded = format!("recorded: add person {handle} (");
                    outcomes.push((handle, out.stdout().starts_with(&recorded), out.stderr()));
                }
                outcomes
            })
        })
        .collect();
    let outcomes: Vec<(String, bool, String)> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("a writer thread"))
        .collect();
    done.store(true, Ordering::SeqCst);
    let (tries, commits) = git_loop.join().expect("the git loop");
    let acknowledged: Vec<&String> = outcomes.iter().filter(|o| o.1).map(|o| &o.0).collect();
    let refused: Vec<&String> = outcomes.iter().filter(|o| !o.1).map(|o| &o.2).collect();
    let restored = outcomes
        .iter()
        .filter(|o| o.2.contains("restored the index"))
        .count();
    let lost = |repo: &TestRepo| acknowledged.iter().filter(|h| !in_head(repo, h)).count();
    let lost_at_end = lost(&repo);
    repo.write("notes.txt", "one more\n");
    repo.git(&["commit", "-q", "-am", "one more plain commit"]);
    let lost_after = lost(&repo);
    println!(
        "race ({}): {WRITERS} writers x {WRITES} adds, {} acknowledged, {} refused, \
         {restored} index repairs; git loop {tries} tries, {commits} commits; \
         lost {lost_at_end}, after one more git commit {lost_after}",
        if hook { "pre-commit hook" } else { "no hook" },
        acknowledged.len(),
        refused.len()
    );
    for stderr in refused {
        assert!(
            stderr.contains("kept moving") || stderr.contains("held by another process"),
            "{stderr}"
        );
    }
    assert_eq!((lost_at_end, lost_after), (0, 0));
    assert_whole(&repo);
}

#[test]
fn microvac_writers_racing_plain_git_commits_lose_nothing() {
    race(false);
}

#[test]
fn with_the_pre_commit_hook_installed_too() {
    race(true);
}
