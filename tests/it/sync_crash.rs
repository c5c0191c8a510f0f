//! `mv sync` interrupted, proven on real processes: three clones over a
//! bare repository, the syncing one SIGKILLed (its whole process group,
//! git children included) at random instants at least 100 times, on the
//! replay path (microvac commits only) and the merge path (a commit of the
//! user's own too); and a clone on a small tmpfs (when run as root) whose
//! disk fills up during a sync, at a range of free-space levels. After
//! each, the retry the tool names (`mv sync`, or a command its message
//! names) must get the clone through: every acknowledged write ends in
//! every clone's HEAD and on the remote, `git fsck --strict` is clean, and
//! no clone needs a command the tool did not name. The figures are printed
//! (`cargo test --test it sync_crash:: -- --nocapture` shows them).

use crate::common;
use crate::remote;

use common::TestRepo;
use remote::{Clone, Remote, bare, shared_team};
use std::{
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::Stdio,
    thread,
    time::{Duration, Instant},
};

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

/// When a sync is killed.
#[derive(Clone, Copy)]
enum Kill {
    /// This long after it starts.
    AfterStart(Duration),
    /// This long after it journals the move of the branch (the one step
    /// that touches the work tree, the index and the branch).
    InMove(Duration),
}

/// Runs `mv sync` in `clone` as a process group of its own and SIGKILLs
/// the whole group as `kill` says; whether it was killed before it ended.
fn sync_killed(clone: &Clone<'_>, kill: Kill) -> bool {
    let mut child = clone
        .mv_process(&["sync"])
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mv sync");
    match kill {
        Kill::AfterStart(delay) => thread::sleep(delay),
        Kill::InMove(delay) => {
            let journal = clone.path().join(".git/microvac-pending");
            while !journal.exists() && matches!(child.try_wait(), Ok(None)) {
                thread::sleep(Duration::from_micros(50));
            }
            thread::sleep(delay);
        }
    }
    let running = matches!(child.try_wait(), Ok(None));
    if running {
        // SAFETY: kill(2) on the group this test started.
        unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
    }
    let status = child.wait().expect("wait for mv sync");
    running && status.code().is_none()
}

/// The commands an `mv sync` failure names that the retry runs: `rm
/// 'PATH'` (a stale lock, here or on the remote), and for a clash the
/// `mv resolve --ours` that keeps yours (then `mv sync` finishes).
fn named_fixes(stderr: &str) -> Vec<Vec<String>> {
    let mut fixes = Vec::new();
    for (i, _) in stderr.match_indices("rm '") {
        let rest = &stderr[i + 4..];
        if let Some(end) = rest.find('\'') {
            fixes.push(vec!["rm".to_owned(), rest[..end].to_owned()]);
        }
    }
    if stderr.contains("`mv resolve --ours` keeps yours") && fixes.is_empty() {
        fixes.push(vec!["mv".into(), "resolve".into(), "--ours".into()]);
    }
    fixes
}

/// What getting a clone through after an interruption took.
#[derive(Default)]
struct Retries {
    /// How many times each named fix was run (`rm` by the lock's name).
    tally: std::collections::BTreeMap<String, usize>,
    syncs: usize,
    fixes: Vec<String>,
    /// Failures that named no command the retry could run.
    unnamed: Vec<String>,
}

/// Runs `mv sync` in `clone` until it succeeds, each time running the
/// command its failure names; at most five times.
fn sync_through(clone: &Clone<'_>, retries: &mut Retries) -> bool {
    for _ in 0..5 {
        retries.syncs += 1;
        let out = clone.mv_cmd(&["sync"]).run();
        if out.status().success() {
            return true;
        }
        let stderr = out.stderr();
        let fixes = named_fixes(&stderr);
        if fixes.is_empty() {
            retries.unnamed.push(stderr);
            return false;
        }
        for fix in fixes {
            retries.fixes.push(fix.join(" "));
            let kind = match fix[0].as_str() {
                "rm" => format!("rm {}", fix[1].rsplit('/').next().unwrap_or_default()),
                _ => fix.join(" "),
            };
            *retries.tally.entry(kind).or_default() += 1;
            match fix[0].as_str() {
                "rm" => {
                    let path = clone.path().join(&fix[1]);
                    let _ = std::fs::remove_file(path);
                }
                "mv" => {
                    let args: Vec<&str> = fix[1..].iter().map(String::as_str).collect();
                    clone.mv(&args).success();
                }
                _ => {
                    let args: Vec<&str> = fix[1..].iter().map(String::as_str).collect();
                    clone.git_cmd(&args).run();
                }
            }
        }
    }
    false
}

/// Fails the test unless every handle in `acknowledged` is in HEAD of
/// every clone and on the remote, and every clone is whole.
#[track_caller]
fn assert_everything_kept(origin: &TestRepo, clones: &[&Clone<'_>], acknowledged: &[String]) {
    let bare = bare(origin);
    let on_remote = origin.git(&[
        "--git-dir",
        bare.to_str().unwrap(),
        "ls-tree",
        "--name-only",
        "main",
        "people/",
    ]);
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|h| !on_remote.contains(&format!("people/{h}.toml")))
        .collect();
    assert!(
        lost.is_empty(),
        "acknowledged but not on the remote: {lost:?}"
    );
    origin.git(&["--git-dir", bare.to_str().unwrap(), "fsck", "--strict"]);
    for clone in clones {
        let in_head = clone.git(&["ls-tree", "--name-only", "HEAD", "people/"]);
        let lost: Vec<&String> = acknowledged
            .iter()
            .filter(|h| !in_head.contains(&format!("people/{h}.toml")))
            .collect();
        assert!(
            lost.is_empty(),
            "{}: acknowledged but not in HEAD: {lost:?}",
            clone.path().display()
        );
        clone.assert_fsck_clean();
        assert_eq!(clone.git(&["status", "--porcelain"]), "");
        assert!(!clone.path().join(".git/rebase-merge").exists());
        assert!(!clone.path().join(".git/MERGE_HEAD").exists());
        clone.mv(&["check"]).success();
    }
}

#[test]
fn a_hundred_kills_of_mv_sync_lose_no_acknowledged_write() {
    const KILLS: usize = 100;
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let a = Clone::new(&origin, &remote, "a", "Erin Manager", "erin@example.com");
    let b = Clone::new(&origin, &remote, "b", "Bob Lead", "bob@example.com");
    let c = Clone::new(&origin, &remote, "c", "Cleo Lead", "cleo@example.com");
    let clones = [&a, &b, &c];
    let started = Instant::now();
    let mut rng = Rng(0x7379_6e63_6b69_6c6c);
    let mut acknowledged: Vec<String> = Vec::new();
    let mut retries = Retries::default();
    let (mut kills, mut rounds, mut merge_kills, mut move_kills) = (0, 0, 0, 0);
    let mut clash_kills = 0;
    let mut typical = Duration::from_millis(150);
    while kills < KILLS {
        rounds += 1;
        let victim = clones[rounds % 3];
        let other = clones[(rounds + 1) % 3];
        // The upstream moves: another clone records and pushes.
        let handle = format!("o{rounds}");
        other.mv(&["person", "add", &handle]).success();
        acknowledged.push(handle);
        assert!(sync_through(other, &mut retries), "{:?}", retries.unnamed);
        // The victim records, and on the merge path commits work of its own.
        let handle = format!("v{rounds}");
        if victim
            .mv(&["person", "add", &handle])
            .success()
            .stdout()
            .starts_with("recorded")
        {
            acknowledged.push(handle);
        }
        // One round in five, both set the same field: a clash for a person.
        let clash = rng.below(5) == 0;
        if clash {
            let role = |who: &str| format!("{who}-{rounds}");
            other
                .mv(&["person", "edit", "alice", "--role", &role("theirs")])
                .success();
            assert!(sync_through(other, &mut retries), "{:?}", retries.unnamed);
            victim
                .mv(&["person", "edit", "alice", "--role", &role("ours")])
                .success();
        }
        let merge_path = rng.below(3) == 0;
        if merge_path {
            let notes = format!("notes-{rounds}.txt");
            victim.write(&notes, "mine\n");
            victim.git(&["add", &notes]);
            victim.git(&["commit", "-q", "-m", "notes of my own"]);
        }
        let kill = match rng.below(2) {
            0 => Kill::AfterStart(Duration::from_micros(rng.below(typical.as_micros() as u64))),
            _ => Kill::InMove(Duration::from_micros(rng.below(3_000))),
        };
        if sync_killed(victim, kill) {
            kills += 1;
            merge_kills += usize::from(merge_path);
            clash_kills += usize::from(clash);
            move_kills += usize::from(matches!(kill, Kill::InMove(_)));
        }
        let retry = Instant::now();
        assert!(
            sync_through(victim, &mut retries),
            "round {rounds}: {:?}",
            retries.unnamed
        );
        typical = retry.elapsed();
    }
    for _ in 0..2 {
        for clone in clones {
            assert!(sync_through(clone, &mut retries), "{:?}", retries.unnamed);
        }
    }
    println!(
        "sync kill loop: {rounds} rounds, {kills} syncs SIGKILLed ({merge_kills} on the merge path, \
         {clash_kills} with a clash for a person, {move_kills} while moving the branch), {} \
         acknowledged writes, {} retries, named fixes run: {:?}; lost 0; clones needing an \
         unnamed command: {}; {:.1} s",
        acknowledged.len(),
        retries.syncs,
        retries.tally,
        retries.unnamed.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(retries.unnamed.is_empty(), "{:?}", retries.unnamed);
    assert_everything_kept(&origin, &clones, &acknowledged);
    assert_eq!(a.head(), b.head());
    assert_eq!(b.head(), c.head());
}

/// A tmpfs mounted for the test, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    /// Mounts a 4 MB tmpfs at `dir`; `None` (with why) where that cannot
    /// be done (not root, no mount).
    fn mount(dir: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).ok()?;
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4M", "tmpfs"])
            .arg(dir)
            .output();
        match out {
            Ok(out) if out.status.success() => Some(SmallDisk(dir.to_path_buf())),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount a small tmpfs here (root is needed): {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }

    /// Bytes free.
    fn free(&self) -> u64 {
        let out = std::process::Command::new("df")
            .args(["-B1", "--output=avail"])
            .arg(&self.0)
            .output()
            .expect("df");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0)
    }

    /// Fills the disk until `left` bytes are free.
    fn fill_to(&self, left: u64) -> PathBuf {
        let filler = self.0.join("filler");
        let size = self.free().saturating_sub(left);
        std::fs::write(&filler, vec![0u8; size as usize]).expect("fill the tmpfs");
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_full_disk_during_mv_sync_loses_nothing_at_any_level() {
    let origin = shared_team();
    let remote = Remote::file(&origin);
    let Some(disk) = SmallDisk::mount(&origin.base().join("small")) else {
        return;
    };
    let a = Clone::new(&origin, &remote, "a", "Erin Manager", "erin@example.com");
    let small = disk.0.join("b");
    let b = Clone::new(
        &origin,
        &remote,
        small.to_str().unwrap(),
        "Bob Lead",
        "bob@example.com",
    );
    let mut acknowledged = Vec::new();
    let mut retries = Retries::default();
    let (mut failed, mut levels) = (0, Vec::new());
    for (n, kb) in [4u64, 12, 24, 40, 64, 88, 128, 192, 256, 384, 512]
        .into_iter()
        .enumerate()
    {
        for who in ["x", "y"] {
            let handle = format!("a{who}{n}");
            a.mv(&["person", "add", &handle]).success();
            acknowledged.push(handle);
        }
        assert!(sync_through(&a, &mut retries), "{:?}", retries.unnamed);
        for who in ["x", "y"] {
            let handle = format!("b{who}{n}");
            b.mv(&["person", "add", &handle]).success();
            acknowledged.push(handle);
        }
        let filler = disk.fill_to(kb * 1024);
        let out = b.mv_cmd(&["sync"]).run();
        assert!(out.status().code().is_some(), "{out}");
        assert!(!out.stderr().contains("panicked"), "{out}");
        if !out.status().success() {
            failed += 1;
            assert!(out.stderr().contains("hint: the disk is full"), "{out}");
        }
        let said = out.stderr();
        let error = said.lines().find(|l| l.starts_with("error:")).unwrap_or("");
        levels.push(match out.status().success() {
            true => format!("{kb} KB: synced"),
            false => format!("{kb} KB: refused ({error})"),
        });
        std::fs::remove_file(filler).unwrap();
        assert!(
            sync_through(&b, &mut retries),
            "at {kb} KB: {:?}",
            retries.unnamed
        );
    }
    assert!(sync_through(&a, &mut retries), "{:?}", retries.unnamed);
    println!(
        "full disk: {} levels ({}), {failed} syncs failed for lack of space, {} acknowledged writes, \
         {} retries, named fixes run: {:?}; lost 0",
        levels.len(),
        levels.join(", "),
        acknowledged.len(),
        retries.syncs,
        retries.fixes
    );
    assert!(retries.unnamed.is_empty(), "{:?}", retries.unnamed);
    assert_everything_kept(&origin, &[&a, &b], &acknowledged);
}

/// Each step of the one move a sync makes, stopped dead
/// (`MICROVAC_FAULT`, as a kill would): the next `mv sync` finishes or
/// rolls it back and syncs, and nothing is lost.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "MICROVAC_FAULT is only in debug builds"
)]
fn a_sync_stopped_at_each_step_of_its_move_is_put_right_by_the_next() {
    for (step, said) in [
        ("sync-after-journal", "rolled back"),
        ("sync-after-files", "rolled back"),
        ("sync-after-index", "rolled back"),
        ("sync-after-ref", "finished"),
    ] {
        let origin = shared_team();
        let remote = Remote::file(&origin);
        let a = Clone::new(&origin, &remote, "a", "Erin Manager", "erin@example.com");
        let b = Clone::new(&origin, &remote, "b", "Bob Lead", "bob@example.com");
        a.mv(&["person", "add", "carol"]).success();
        a.mv(&["sync"]).success();
        b.mv(&["person", "add", "dave"]).success();
        let out = b.mv_cmd(&["sync"]).env("MICROVAC_FAULT", step).run();
        assert_eq!(out.status().code(), None, "not stopped at {step}\n{out}");
        let next = b.mv(&["sync"]).success();
        assert!(
            next.stderr()
                .contains(&format!("{said} the interrupted: main onto origin/main")),
            "{step}: {next}"
        );
        // Pulled by the stopped run once its branch moved.
        let expected = match said {
            "finished" => "pushed 1\n",
            _ => "pulled 1, pushed 1\n",
        };
        assert_eq!(next.stdout(), expected, "{step}");
        a.mv(&["sync"]).success();
        let acknowledged = ["carol".to_owned(), "dave".to_owned()];
        assert_everything_kept(&origin, &[&a, &b], &acknowledged);
    }
}

/// Each step of leaving a clash for a person, stopped dead: the next `mv
/// sync` either finds the whole stopped merge or none of it, and `mv
/// resolve` then `mv sync` (the way it names) finish with nothing lost.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "MICROVAC_FAULT is only in debug builds"
)]
fn a_clash_stopped_at_each_step_is_whole_or_absent_and_finishes_as_named() {
    for (step, merge_left) in [
        ("stop-after-journal", false),
        ("stop-after-files", false),
        ("stop-after-index", false),
        ("stop-after-merge-head", true),
    ] {
        let origin = shared_team();
        let remote = Remote::file(&origin);
        let a = Clone::new(&origin, &remote, "a", "Erin Manager", "erin@example.com");
        let b = Clone::new(&origin, &remote, "b", "Bob Lead", "bob@example.com");
        a.mv(&["person", "edit", "alice", "--role", "staff"])
            .success();
        a.mv(&["sync"]).success();
        b.mv(&["person", "edit", "alice", "--role", "principal"])
            .success();
        b.mv(&["person", "add", "dave"]).success();
        let head = b.head();
        let out = b.mv_cmd(&["sync"]).env("MICROVAC_FAULT", step).run();
        assert_eq!(out.status().code(), None, "not stopped at {step}\n{out}");
        assert_eq!(b.head(), head);
        assert_eq!(
            b.path().join(".git/MERGE_HEAD").exists(),
            merge_left,
            "{step}"
        );
        let again = b.mv(&["sync"]).code(1);
        assert!(
            again
                .stderr()
                .contains("people/alice.toml: unresolved merge conflict in field `role`"),
            "{step}: {again}"
        );
        assert!(again.stderr().contains("`git merge --abort`"), "{again}");
        b.mv(&["resolve", "people/alice.toml", "--ours"]).success();
        assert_eq!(b.mv(&["sync"]).success().stdout(), "pulled 1, pushed 2\n");
        assert!(b.read("people/alice.toml").contains("role = \"principal\""));
        a.mv(&["sync"]).success();
        assert_everything_kept(&origin, &[&a, &b], &["dave".to_owned()]);
    }
}

/// Finishing a resolved merge, stopped dead before and after the branch
/// moves: the next `mv sync` finishes it or only tidies up, never makes a
/// second merge, and loses nothing.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "MICROVAC_FAULT is only in debug builds"
)]
fn finishing_a_resolved_merge_stopped_at_each_step_is_put_right_by_the_next_sync() {
    for step in ["finish-after-objects", "finish-after-ref"] {
        let origin = shared_team();
        let remote = Remote::file(&origin);
        let a = Clone::new(&origin, &remote, "a", "Erin Manager", "erin@example.com");
        let b = Clone::new(&origin, &remote, "b", "Bob Lead", "bob@example.com");
        a.mv(&["person", "edit", "alice", "--role", "staff"])
            .success();
        a.mv(&["sync"]).success();
        b.mv(&["person", "edit", "alice", "--role", "principal"])
            .success();
        b.mv(&["person", "add", "dave"]).success();
        b.mv(&["sync"]).code(1);
        b.mv(&["resolve", "people/alice.toml", "--ours"]).success();
        let out = b.mv_cmd(&["sync"]).env("MICROVAC_FAULT", step).run();
        assert_eq!(out.status().code(), None, "not stopped at {step}\n{out}");
        assert_eq!(
            b.mv(&["sync"]).success().stdout(),
            "pulled 1, pushed 2\n",
            "{step}"
        );
        assert_eq!(
            b.git(&["rev-list", "--merges", "--count", "HEAD"]),
            "1\n",
            "{step}"
        );
        assert!(!b.path().join(".git/MERGE_HEAD").exists());
        a.mv(&["sync"]).success();
        assert_everything_kept(&origin, &[&a, &b], &["dave".to_owned()]);
    }
}
