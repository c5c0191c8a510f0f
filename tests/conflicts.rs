//! The merge driver as `mv init` registers it, under plain git commands
//! (`git pull`, `git pull --rebase`, `git cherry-pick`), and what happens
//! when a record is left in conflict: `mv check` names it with the
//! command that settles it, also for git's own line markers in a clone
//! without the driver, and `mv resolve` settles it.

mod common;
mod remote;

use common::TestRepo;
use insta::assert_snapshot;
use remote::{Clone, Remote, id_of, shared_team};

const LINE: &str = "*.toml merge=microvac";

#[test]
fn init_commits_the_attributes_and_names_the_driver_in_the_clone_config() {
    let repo = TestRepo::tracker();
    assert!(repo.read(".gitattributes").lines().any(|l| l == LINE));
    assert_eq!(
        repo.git(&["check-attr", "merge", "--", "commitments/alice/x.toml"]),
        "commitments/alice/x.toml: merge: microvac\n"
    );
    let driver = repo.git(&["config", "--local", "merge.microvac.driver"]);
    assert!(driver.starts_with("command -v microvac"), "{driver}");
    assert!(
        driver.contains("exec microvac merge-file %O %A %B %P;"),
        "{driver}"
    );
    assert_eq!(
        repo.git(&["config", "--local", "merge.microvac.name"]),
        "microvac: merge tracker records field by field\n"
    );
    // Again: nothing changes, nothing is committed.
    let head = repo.head();
    let config = repo.read(".git/config");
    repo.mv(&["init"]).success();
    assert_eq!(repo.head(), head);
    assert_eq!(repo.read(".git/config"), config);
    assert_eq!(repo.status(), "");
}

#[test]
fn init_keeps_the_users_own_attributes_and_a_nested_tracker_gets_its_own() {
    let repo = TestRepo::new();
    repo.write(".gitattributes", "*.png binary\n");
    repo.git(&["add", ".gitattributes"]);
    repo.git(&["commit", "-q", "-m", "attributes of our own"]);
    repo.mv(&["init", "--dir", "coaching"]).success();
    assert_eq!(repo.read(".gitattributes"), "*.png binary\n");
    assert!(repo.read("coaching/.gitattributes").contains(LINE));
    assert_eq!(
        repo.git(&[
            "check-attr",
            "merge",
            "--",
            "coaching/people/a.toml",
            "Cargo.toml"
        ]),
        "coaching/people/a.toml: merge: microvac\nCargo.toml: merge: unspecified\n"
    );

    let repo = TestRepo::tracker();
    repo.write(".gitattributes", "*.png binary");
    repo.git(&["commit", "-qam", "ours instead"]);
    let out = repo.mv(&["init"]).success();
    repo.snapshot_filters().bind(|| {
        assert_snapshot!(out.stdout(), @"recorded: merge tracker records field by field (the microvac merge driver) ([ID])");
    });
    assert_eq!(repo.last_commit_files(), ".gitattributes\n");
    assert_eq!(repo.last_trailer("Microvac-Action"), "merge-driver");
    assert!(repo.read(".gitattributes").starts_with("*.png binary\n# "));
    assert!(repo.read(".gitattributes").ends_with(&format!("{LINE}\n")));
}

#[test]
fn a_fresh_clone_gets_the_driver_from_init_without_a_commit() {
    let origin = shared_team();
    let clone = origin.base().join("fresh");
    origin.git(&[
        "clone",
        "-q",
        &Remote::file(&origin).url(),
        clone.to_str().unwrap(),
    ]);
    let head = origin.git_in(&clone, &["rev-parse", "HEAD"]);
    let out = origin.mv_cmd(&["init"]).current_dir(&clone).run().success();
    assert!(
        out.stderr()
            .contains("named the microvac merge driver in this clone's git config"),
        "{out}"
    );
    assert_eq!(origin.git_in(&clone, &["rev-parse", "HEAD"]), head);
    assert!(
        !origin
            .git_in(&clone, &["config", "merge.microvac.driver"])
            .is_empty()
    );
}

/// Two clones with the driver and alice's commitment in both; its ID and
/// file.
fn two_clones_with_a_commitment(origin: &TestRepo) -> (Clone<'_>, Clone<'_>, String, String) {
    let remote = Remote::file(origin);
    let c1 = Clone::new(origin, &remote, "c1", "Erin Manager", "erin@example.com");
    c1.mv(&[
        "fill",
        "alice",
        "sprint-planning",
        "--project",
        "payments",
        "--date",
        "2026-11-02",
    ])
    .success();
    c1.git(&["push", "-q"]);
    let c2 = Clone::new(origin, &remote, "c2", "Bob Lead", "bob@example.com");
    let file = c1.commitments_of("alice").pop().expect("a commitment");
    (c1, c2, id_of(&file), file)
}

fn notes(text: &str) -> Vec<String> {
    let record: toml::Table = toml::from_str(text).expect("TOML");
    record["checkin"]
        .as_array()
        .expect("check-ins")
        .iter()
        .map(|c| c["note"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn two_check_ins_merge_under_git_pull_pull_rebase_and_cherry_pick() {
    // The issue's reproduction: two check-ins on one commitment.
    let origin = shared_team();
    let (c1, c2, id, file) = two_clones_with_a_commitment(&origin);
    c1.mv(&[
        "checkin",
        &id,
        "--note",
        "ran planning solo",
        "--comfort",
        "4",
        "--date",
        "2026-11-10",
    ])
    .success();
    c1.git(&["push", "-q"]);
    c2.mv(&[
        "checkin",
        &id,
        "--note",
        "she did great",
        "--comfort",
        "4",
        "--date",
        "2026-11-12",
    ])
    .success();
    c2.git(&["pull", "-q", "--no-rebase", "--no-edit"]);
    assert_eq!(
        notes(&c2.read(&file)),
        ["ran planning solo", "she did great"]
    );
    c2.mv(&["check"]).success();
    c2.git(&["push", "-q"]);

    c1.mv(&["checkin", &id, "--note", "third", "--date", "2026-11-20"])
        .success();
    c2.mv(&["checkin", &id, "--note", "fourth", "--date", "2026-11-21"])
        .success();
    c2.git(&["push", "-q"]);
    c1.git(&["pull", "-q", "--rebase"]);
    assert_eq!(
        notes(&c1.read(&file)),
        ["ran planning solo", "she did great", "third", "fourth"]
    );

    // A check-in made on another branch, cherry-picked.
    c1.git(&["switch", "-q", "-c", "side", "HEAD~1"]);
    c1.mv(&[
        "checkin",
        &id,
        "--note",
        "on the side",
        "--date",
        "2026-11-25",
    ])
    .success();
    let side = c1.head();
    c1.git(&["switch", "-q", "main"]);
    c1.git(&["cherry-pick", &side]);
    assert_eq!(
        notes(&c1.read(&file)),
        [
            "ran planning solo",
            "she did great",
            "third",
            "fourth",
            "on the side"
        ]
    );
    c1.mv(&["check"]).success();
    c1.assert_fsck_clean();
}

#[test]
fn without_the_driver_check_names_the_line_conflict_and_resolve_settles_it() {
    let origin = shared_team();
    let (c1, _, id, file) = two_clones_with_a_commitment(&origin);
    // A clone that never ran `mv init`: git merges records line by line.
    let dir = origin.base().join("no-driver");
    origin.git(&[
        "clone",
        "-q",
        &Remote::file(&origin).url(),
        dir.to_str().unwrap(),
    ]);
    c1.mv(&[
        "checkin",
        &id,
        "--note",
        "ran planning solo",
        "--comfort",
        "4",
        "--date",
        "2026-11-10",
    ])
    .success();
    c1.git(&["push", "-q"]);
    let mv = |args: &[&str]| origin.mv_cmd(args).current_dir(&dir).run();
    mv(&[
        "checkin",
        &id,
        "--note",
        "she did great",
        "--comfort",
        "4",
        "--date",
        "2026-11-12",
    ])
    .success();
    let pull = origin
        .git_cmd(&["pull", "--no-rebase", "--no-edit"])
        .current_dir(&dir)
        .run()
        .failure();
    assert!(pull.stdout().contains("CONFLICT (content)"), "{pull}");

    let check = mv(&["check"]).code(1);
    let err = check.stderr();
    assert!(!err.contains("key with no value"), "{check}");
    assert!(
        err.contains(&format!(
            "unresolved merge conflict (git merged this record line by line; after `mv init` in this clone, records merge field by field); keep one side with `mv resolve {file} --ours` or `--theirs`"
        )),
        "{check}"
    );
    assert!(err.contains(&format!("{file}:")), "{check}");

    let out = mv(&["resolve", "--theirs"]).success();
    assert_eq!(
        out.stdout(),
        format!("resolved {file}: kept theirs in 1 conflict; staged\n")
    );
    assert!(
        out.stderr()
            .contains("continue with `git commit --no-edit`"),
        "{out}"
    );
    mv(&["check"]).success();
    origin.git_in(&dir, &["commit", "-q", "--no-edit"]);
    assert_eq!(origin.git_in(&dir, &["status", "--porcelain"]), "");
}

#[test]
fn without_microvac_on_path_the_driver_falls_back_to_gits_line_merge() {
    let origin = shared_team();
    let (c1, c2, id, file) = two_clones_with_a_commitment(&origin);
    c1.mv(&["done", &id]).success();
    c1.git(&["push", "-q"]);
    c2.mv(&["drop", &id, "--why", "no sprints"]).success();
    c2.git(&["fetch", "-q"]);
    // PATH without the installed microvac: what a GUI client may have.
    let path = std::env::join_paths(
        std::env::split_paths(&origin.path_var()).filter(|d| !d.join("microvac").exists()),
    )
    .unwrap();
    let merge = c2
        .git_cmd(&["merge", "--no-edit", "origin/main"])
        .env("PATH", &path)
        .run()
        .failure();
    assert!(
        merge.stderr().contains(&format!(
            "microvac is not on PATH: merging '{file}' line by line"
        )),
        "{merge}"
    );
    assert!(c2.read(&file).contains("<<<<<<< ours\n"));
}

#[test]
fn resolve_says_what_it_cannot_do_and_never_writes_a_broken_record() {
    let origin = shared_team();
    let (c1, c2, id, file) = two_clones_with_a_commitment(&origin);
    let out = c1.mv(&["resolve", "--ours"]).code(1);
    assert_snapshot!(out.stderr(), @r"
    error: no file of the tracker is in conflict
    hint: `git status` shows what is in conflict
    ");
    let out = c1.mv(&["resolve", &id, "--ours"]).code(1);
    assert!(
        out.stderr()
            .contains(&format!("nothing to resolve in {file}")),
        "{out}"
    );
    let out = c1.mv(&["resolve", "nonsense", "--ours"]).code(1);
    assert!(
        out.stderr()
            .contains("nonsense is not a file of the tracker, nor a commitment ID"),
        "{out}"
    );
    let out = c1.mv(&["resolve", &id]).code(2);
    assert!(out.stderr().contains("--ours"), "{out}");

    // A conflict whose one side is not valid TOML is refused, untouched.
    c1.mv(&["done", &id]).success();
    c1.git(&["push", "-q"]);
    c2.mv(&["drop", &id, "--why", "no sprints"]).success();
    c2.git_cmd(&["pull", "--no-rebase", "--no-edit"])
        .run()
        .failure();
    let marked = c2.read(&file);
    let broken = marked.replacen("status = \"dropped\"", "status = \"dropped", 1);
    c2.write(&file, &broken);
    let out = c2.mv(&["resolve", &file, "--ours"]).code(1);
    assert!(out.stderr().contains(&file), "{out}");
    assert_eq!(c2.read(&file), broken);
    assert!(c2.git(&["status", "--porcelain"]).starts_with("UU "));
    let out = c2.mv(&["resolve", &file, "--theirs"]).success();
    assert!(out.stdout().contains("kept theirs"), "{out}");
    assert!(c2.read(&file).contains("status = \"done\""));
}
