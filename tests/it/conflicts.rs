//! The merge driver as `mv init` registers it, under plain git commands
//! (`git pull`, `git pull --rebase`, `git cherry-pick`), and what happens
//! when a record is left in conflict: `mv check` names it with the
//! command that settles it, also for git's own line markers in a clone
//! without the driver, and `mv resolve` settles it.

use crate::common;
use crate::remote;

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
        driver.contains("exec microvac merge-file -- %O %A %B %P;"),
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
    let path = path_without_microvac(&origin);
    let merge = c2
        .git_cmd(&["merge", "--no-edit", "origin/main"])
        .env("PATH", &path)
        .run()
        .failure();
    assert!(
        merge
            .stderr()
            .contains("microvac is not on PATH, so git merges this tracker record line by line"),
        "{merge}"
    );
    assert!(merge.stdout().contains(&file), "{merge}");
    assert!(c2.read(&file).contains("<<<<<<< ours\n"));
}

/// `PATH` without any directory holding a `microvac`: what a GUI client or
/// cron may have.
fn path_without_microvac(origin: &TestRepo) -> std::ffi::OsString {
    std::env::join_paths(
        std::env::split_paths(&origin.path_var()).filter(|d| !d.join("microvac").exists()),
    )
    .unwrap()
}

/// Every file named `PWNED` under `dir`.
fn pwned_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if entry.file_name() == "PWNED" {
                found.push(path);
            }
        }
    }
    found
}

/// Both clones change `name` differently, c1 pushes, c2 fetches; then c2
/// merges under `path` and the merge's outcome is returned.
fn clash_on(
    c1: &Clone<'_>,
    c2: &Clone<'_>,
    name: &str,
    round: &str,
    path: &std::ffi::OsStr,
) -> String {
    c1.write(
        name,
        &format!("handle = \"x\"\nname = \"Mallory\"\nrole = \"one {round}\"\n"),
    );
    c1.git(&["commit", "-qa", "--no-verify", "-m", "theirs"]);
    c1.git(&["push", "-q"]);
    c2.write(
        name,
        &format!("handle = \"x\"\nname = \"Mallory\"\nrole = \"two {round}\"\n"),
    );
    c2.git(&["commit", "-qa", "--no-verify", "-m", "ours"]);
    c2.git(&["fetch", "-q"]);
    let merge = c2
        .git_cmd(&["merge", "--no-edit", "origin/main"])
        .env("PATH", path)
        .run();
    merge.to_string()
}

#[test]
fn a_committed_file_name_is_never_run_by_the_shell_of_the_merge_driver() {
    // Shell code in the name, bare, after a quote, and a name that starts
    // with `-`.
    for name in [
        "people/x$(touch PWNED).toml",
        "people/y'$(touch PWNED)'.toml",
        "people/z\"`touch PWNED`\".toml",
        "-$(touch PWNED).toml",
    ] {
        let origin = shared_team();
        let (c1, c2, _, _) = two_clones_with_a_commitment(&origin);
        c1.write(name, "handle = \"x\"\nname = \"Mallory\"\n");
        c1.git(&["add", "--", name]);
        c1.git(&["commit", "-q", "--no-verify", "-m", "a hostile name"]);
        c1.git(&["push", "-q"]);
        c2.git(&["pull", "-q", "--no-rebase"]);

        // microvac not on git's PATH: the fallback branch runs.
        let without = path_without_microvac(&origin);
        let merge = clash_on(&c1, &c2, name, "a", &without);
        assert!(merge.contains("microvac is not on PATH"), "{merge}");
        assert_eq!(
            pwned_under(origin.base()),
            Vec::<std::path::PathBuf>::new(),
            "{name}: {merge}"
        );
        c2.git(&["merge", "--abort"]);

        // With microvac on PATH: the name reaches it as one argument.
        let merge = clash_on(&c1, &c2, name, "b", &origin.path_var());
        assert!(
            merge.contains(&format!("{name}: both sides changed `role`")),
            "{merge}"
        );
        assert_eq!(
            pwned_under(origin.base()),
            Vec::<std::path::PathBuf>::new(),
            "{name}: {merge}"
        );
    }
}

#[test]
fn init_and_check_name_and_replace_the_old_driver_that_ran_file_names() {
    let origin = shared_team();
    let (c1, c2, _, _) = two_clones_with_a_commitment(&origin);
    let name = "people/x$(touch PWNED).toml";
    c1.write(name, "handle = \"x\"\nname = \"Mallory\"\n");
    c1.git(&["add", "--", name]);
    c1.git(&["commit", "-q", "--no-verify", "-m", "a hostile name"]);
    c1.git(&["push", "-q"]);
    c2.git(&["pull", "-q", "--no-rebase"]);
    // The driver `mv init` registered before 0.3.
    let old = "command -v microvac >/dev/null 2>&1 && exec microvac merge-file %O %A %B %P; \
     echo \"microvac is not on PATH: merging %P line by line\" >&2; \
     exec git merge-file -L ours -L base -L theirs %A %O %B";
    c2.git(&["config", "merge.microvac.driver", old]);

    let check = c2.mv(&["check"]).code(1);
    assert!(
        check.stderr().contains(
            "merge.microvac.driver in this clone's git config puts a file name where the shell git runs it with would evaluate it"
        ) && check.stderr().contains("run `mv init` to replace it"),
        "{check}"
    );
    let init = c2.mv(&["init"]).success();
    assert!(
        init.stderr().contains("replaced this clone's merge driver"),
        "{init}"
    );
    let driver = c2.git(&["config", "merge.microvac.driver"]);
    assert!(
        !driver.contains("\"microvac is not on PATH: merging %P"),
        "{driver}"
    );
    let check = c2.mv(&["check"]);
    assert!(!check.stderr().contains("merge.microvac.driver"), "{check}");

    let merge = clash_on(&c1, &c2, name, "a", &path_without_microvac(&origin));
    assert_eq!(
        pwned_under(origin.base()),
        Vec::<std::path::PathBuf>::new(),
        "{merge}"
    );
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

/// c1 changes alice's commitment and pushes; c2 deletes it (by hand, as
/// `git rm` does) and commits. Returns the file.
fn changed_there_deleted_here(c1: &Clone<'_>, c2: &Clone<'_>, id: &str, file: &str) {
    c1.mv(&[
        "checkin",
        id,
        "--note",
        "kept going",
        "--date",
        "2026-11-10",
    ])
    .success();
    c1.git(&["push", "-q"]);
    c2.git(&["rm", "-q", "--", file]);
    c2.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "not a commitment after all",
    ]);
    c2.git(&["fetch", "-q"]);
}

#[test]
fn a_modify_delete_conflict_is_named_by_check_and_resolved_on_the_side_asked_for() {
    for rebase in [false, true] {
        let origin = shared_team();
        let (c1, c2, id, file) = two_clones_with_a_commitment(&origin);
        changed_there_deleted_here(&c1, &c2, &id, &file);
        let args: &[&str] = if rebase {
            &["rebase", "origin/main"]
        } else {
            &["merge", "--no-edit", "origin/main"]
        };
        let stopped = c2.git_cmd(args).run().failure();
        assert!(
            stopped.stdout().contains("CONFLICT (modify/delete)"),
            "{stopped}"
        );

        // In a merge ours (this branch) deleted it; in a rebase ours is
        // the upstream, which changed it, and theirs (the commit replayed)
        // deleted it.
        let (deleted, changed) = if rebase {
            ("theirs", "ours")
        } else {
            ("ours", "theirs")
        };
        let check = c2.mv(&["check"]).code(1);
        let said = format!(
            "{file}: deleted on {} side and changed on {}",
            if deleted == "ours" { "our" } else { "their" },
            if changed == "ours" { "ours" } else { "theirs" },
        );
        assert!(check.stderr().contains(&said), "{said}\n{check}");
        assert!(
            check.stderr().contains(&format!(
                "keep the change with `mv resolve {file} --{changed}`, or the deletion with `mv resolve {file} --{deleted}`"
            )),
            "{check}"
        );

        // The side that deleted it: the file goes, from the work tree and
        // the index.
        let out = c2
            .mv(&["resolve", &file, &format!("--{deleted}")])
            .success();
        assert!(
            out.stdout().contains(&format!(
                "resolved {file}: kept {deleted}, which deleted it; staged"
            )),
            "{out}"
        );
        assert!(!c2.path().join(&file).exists());
        // Staged as the side that deleted it (HEAD's, in a merge).
        let staged = if rebase {
            format!("D  {file}\n")
        } else {
            String::new()
        };
        assert_eq!(c2.git(&["status", "--porcelain", "--", &file]), staged);
        assert_eq!(c2.git(&["diff", "--name-only", "--diff-filter=U"]), "");
        c2.mv(&["check"]).success();

        // Deleted by hand first: still resolved by its name.
        let abort: &[&str] = if rebase {
            &["rebase", "--abort"]
        } else {
            &["merge", "--abort"]
        };
        c2.git(abort);
        c2.git_cmd(args).run().failure();
        std::fs::remove_file(c2.path().join(&file)).unwrap();
        c2.mv(&["resolve", &file, &format!("--{deleted}")])
            .success();
        assert_eq!(c2.git(&["diff", "--name-only", "--diff-filter=U"]), "");

        // Deleted by hand, then the side that changed it: git's copy of it
        // comes back.
        c2.git(abort);
        c2.git_cmd(args).run().failure();
        std::fs::remove_file(c2.path().join(&file)).unwrap();
        c2.mv(&["resolve", &file, &format!("--{changed}")])
            .success();
        assert!(c2.read(&file).contains("kept going"));

        // Undone, and the side that changed it: the changed file stays.
        c2.git(abort);
        c2.git_cmd(args).run().failure();
        let out = c2.mv(&["resolve", &id, &format!("--{changed}")]).success();
        assert!(
            out.stdout().contains(&format!(
                "resolved {file}: kept {changed}, which changed it; staged"
            )),
            "{out}"
        );
        assert!(c2.read(&file).contains("kept going"));
        // Staged as the side that changed it: in a rebase that is HEAD's.
        let staged = if rebase {
            String::new()
        } else {
            format!("A  {file}\n")
        };
        assert_eq!(c2.git(&["status", "--porcelain", "--", &file]), staged);
        c2.mv(&["check"]).success();
    }
}

#[test]
fn sync_says_why_a_file_deleted_on_one_side_is_in_conflict() {
    let origin = shared_team();
    let (c1, c2, id, file) = two_clones_with_a_commitment(&origin);
    changed_there_deleted_here(&c1, &c2, &id, &file);
    let out = c2.mv(&["sync"]).code(1);
    assert!(out.stderr().contains(&file), "{out}");
    assert!(
        out.stderr()
            .contains("deleted on their side and changed on ours")
            || out
                .stderr()
                .contains("deleted on our side and changed on theirs"),
        "{out}"
    );
    assert!(
        out.stderr().contains(&format!("mv resolve {file} --")),
        "{out}"
    );
    // Keeping the change, then syncing again, finishes it.
    let changed = if out.stderr().contains("deleted on our side") {
        "--theirs"
    } else {
        "--ours"
    };
    c2.mv(&["resolve", &file, changed]).success();
    c2.mv(&["sync"]).success();
    assert!(c2.read(&file).contains("kept going"));
    assert_eq!(c2.git(&["status", "--porcelain"]), "");
    c2.mv(&["check"]).success();
}

#[test]
fn git_markers_inside_a_multi_line_note_are_named_and_resolved() {
    let origin = shared_team();
    let (c1, _, id, file) = two_clones_with_a_commitment(&origin);
    c1.mv(&[
        "checkin",
        &id,
        "--note",
        "first line\nsecond line\nthird line",
    ])
    .success();
    c1.git(&["push", "-q"]);
    // A clone that never ran `mv init`: git merges records line by line.
    let dir = origin.base().join("no-driver");
    origin.git(&[
        "clone",
        "-q",
        &Remote::file(&origin).url(),
        dir.to_str().unwrap(),
    ]);
    let text = c1.read(&file);
    assert!(text.contains("second line\n"), "{text}");
    c1.write(&file, &text.replace("second line", "second line, from c1"));
    c1.git(&["commit", "-qam", "note by hand"]);
    c1.git(&["push", "-q"]);
    std::fs::write(
        dir.join(&file),
        text.replace("second line", "second line, here"),
    )
    .unwrap();
    origin.git_in(&dir, &["commit", "-qam", "note by hand too"]);
    origin
        .git_cmd(&["pull", "--no-rebase", "--no-edit"])
        .current_dir(&dir)
        .run()
        .failure();
    let marked = std::fs::read_to_string(dir.join(&file)).unwrap();
    assert!(marked.contains("<<<<<<< "), "{marked}");

    // git wrote those markers (neither side has such lines): they are a
    // conflict, named, and a side can be kept.
    let mv = |args: &[&str]| origin.mv_cmd(args).current_dir(&dir).run();
    let check = mv(&["check"]).code(1);
    assert!(
        check.stderr().contains(&format!(
            "{file}: unresolved merge conflict inside a multi-line string (git merged this record line by line"
        )),
        "{check}"
    );
    mv(&["resolve", &file, "--theirs"]).success();
    let record: toml::Table =
        toml::from_str(&std::fs::read_to_string(dir.join(&file)).unwrap()).unwrap();
    assert_eq!(
        record["checkin"][0]["note"].as_str(),
        Some("first line\nsecond line, from c1\nthird line")
    );
    assert_eq!(
        origin.git_in(&dir, &["diff", "--name-only", "--diff-filter=U"]),
        ""
    );
    mv(&["check"]).success();
}

#[test]
fn sync_onto_a_deletion_says_which_side_is_which_and_finishes() {
    let origin = shared_team();
    let (c1, c2, id, file) = two_clones_with_a_commitment(&origin);
    c1.git(&["rm", "-q", "--", &file]);
    c1.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "not a commitment after all",
    ]);
    c1.git(&["push", "-q"]);
    c2.mv(&[
        "checkin",
        &id,
        "--note",
        "kept going",
        "--date",
        "2026-11-10",
    ])
    .success();
    // sync stops as a merge: ours is this clone's work, theirs the upstream's.
    let out = c2.mv(&["sync"]).code(1);
    assert!(
        out.stderr().contains(&format!(
            "{file}: deleted on their side and changed on ours; keep the change with `mv resolve {file} --ours`, or the deletion with `mv resolve {file} --theirs`"
        )),
        "{out}"
    );
    let check = c2.mv(&["check"]).code(1);
    assert!(check.stderr().contains("deleted on their side"), "{check}");
    c2.mv(&["resolve", &file, "--ours"]).success();
    c2.mv(&["sync"]).success();
    assert!(c2.read(&file).contains("kept going"));
    assert_eq!(c2.git(&["status", "--porcelain"]), "");
    c2.mv(&["check"]).success();
}
