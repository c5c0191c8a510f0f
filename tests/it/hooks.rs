//! The git hooks run microvac's own code, never a file of the repository:
//! a pull or a checkout that changes `hooks/` in the tracker runs nothing
//! of it (issue 8, item 5). And a clone without the hooks says so on every
//! command (item 15).

use crate::common;

use common::TestRepo;
use insta::assert_snapshot;
use std::{
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
};

const HOOK_NAMES: [&str; 3] = ["pre-commit", "post-merge", "post-checkout"];

/// A script that leaves a marker in `$HOME` when something runs it.
fn evil_script(marker: &str) -> String {
    format!("#!/bin/sh\ntouch \"$HOME/{marker}\"\n")
}

/// A clone of `origin`'s tracker beside it, with `mv init` run in it.
fn initialised_clone(origin: &TestRepo) -> PathBuf {
    let clone = origin.base().join("clone");
    origin.git(&[
        "clone",
        "-q",
        origin.path().to_str().unwrap(),
        clone.to_str().unwrap(),
    ]);
    origin.mv_cmd(&["init"]).current_dir(&clone).run().success();
    clone
}

/// Commits `text` as the executable file `rel` in `repo`, past any hook.
fn commit_script(repo: &TestRepo, dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    repo.git_in(dir, &["add", rel]);
    repo.git_in(dir, &["commit", "-q", "--no-verify", "-m", "change a hook"]);
}

#[test]
fn a_pull_that_changes_hooks_post_merge_runs_nothing_of_it() {
    let mut origin = TestRepo::team();
    origin.install_microvac();
    let clone = initialised_clone(&origin);
    commit_script(
        &origin,
        origin.path(),
        "hooks/post-merge",
        &evil_script("ran-post-merge"),
    );

    let out = origin
        .git_cmd(&["pull", "-q"])
        .current_dir(&clone)
        .run()
        .success();
    assert!(
        !origin.home().join("ran-post-merge").exists(),
        "the pull ran the repository's hooks/post-merge\n{out}"
    );
    assert_eq!(out.stderr(), "", "a clean tracker merges quietly");
    // The pull did bring the file: it is only never run.
    assert!(
        std::fs::read_to_string(clone.join("hooks/post-merge"))
            .unwrap()
            .contains("touch")
    );
}

#[test]
fn a_checkout_of_a_branch_that_changes_hooks_post_checkout_runs_nothing_of_it() {
    let mut origin = TestRepo::team();
    origin.install_microvac();
    origin.git(&["checkout", "-q", "-b", "evil"]);
    commit_script(
        &origin,
        origin.path(),
        "hooks/post-checkout",
        &evil_script("ran-post-checkout"),
    );
    origin.git(&["checkout", "-q", "main"]);
    let clone = initialised_clone(&origin);

    origin
        .git_cmd(&["checkout", "-q", "evil"])
        .current_dir(&clone)
        .run()
        .success();
    origin
        .git_cmd(&["checkout", "-q", "main"])
        .current_dir(&clone)
        .run()
        .success();
    assert!(
        !origin.home().join("ran-post-checkout").exists(),
        "a checkout ran the branch's hooks/post-checkout"
    );
}

#[test]
fn a_commit_never_runs_the_repositorys_hooks_pre_commit() {
    let mut repo = TestRepo::team();
    repo.install_microvac();
    commit_script(
        &repo,
        repo.path(),
        "hooks/pre-commit",
        &evil_script("ran-pre-commit"),
    );
    repo.write("notes.txt", "hello\n");
    repo.git(&["add", "notes.txt"]);
    repo.git(&["commit", "-q", "-m", "notes"]);
    assert!(!repo.home().join("ran-pre-commit").exists());
    assert_eq!(repo.last_subject(), "notes");
}

#[test]
fn after_a_pull_the_pre_commit_hook_still_rejects_a_broken_record_with_file_and_line() {
    let mut origin = TestRepo::team();
    origin.install_microvac();
    let clone = initialised_clone(&origin);
    origin.mv(&["person", "add", "carol"]).success();
    origin
        .git_cmd(&["pull", "-q"])
        .current_dir(&clone)
        .run()
        .success();

    std::fs::write(
        clone.join("people/carol.toml"),
        "name = \"Carol\nrole = 1\n",
    )
    .unwrap();
    origin.git_in(&clone, &["add", "people/carol.toml"]);
    let head = origin.git_in(&clone, &["rev-parse", "HEAD"]);
    let out = origin
        .git_cmd(&["commit", "-q", "-m", "break carol"])
        .current_dir(&clone)
        .run()
        .failure();
    assert!(out.stderr().contains("--> people/carol.toml:1:14"), "{out}");
    assert!(out.stderr().contains("error: 1 problem found"), "{out}");
    assert_eq!(origin.git_in(&clone, &["rev-parse", "HEAD"]), head);
}

#[test]
fn the_pre_commit_hook_finds_a_tracker_nested_two_levels_down() {
    let mut repo = TestRepo::new();
    repo.install_microvac();
    repo.mv(&["init", "--dir", "team/coaching"]).success();
    repo.write("team/coaching/people/carol.toml", "name = \"Carol\n");
    repo.git(&["add", "team"]);
    let out = repo
        .git_cmd(&["commit", "-q", "-m", "carol"])
        .run()
        .failure();
    assert!(
        out.stderr()
            .contains("--> team/coaching/people/carol.toml:1:14"),
        "{out}"
    );
}

#[test]
fn post_checkout_of_files_rather_than_a_branch_checks_nothing() {
    let mut repo = TestRepo::team();
    repo.install_microvac();
    repo.write("people/carol.toml", "name = \"Carol\n");
    repo.git(&["add", "people/carol.toml"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "broken carol"]);
    repo.write("people/carol.toml", "name = \"Carol\"\n");
    let out = repo
        .git_cmd(&["checkout", "--", "people/carol.toml"])
        .run()
        .success();
    assert_eq!(out.stderr(), "", "{out}");
    // A branch checkout does check, and reports without failing.
    repo.git(&["checkout", "-q", "-b", "side"]);
    let out = repo.git_cmd(&["checkout", "-q", "main"]).run().success();
    assert!(out.stderr().contains("people/carol.toml:1:14"), "{out}");
}

/// The shim `mv init` installed before the hooks became stubs: it ran the
/// tracker's own `hooks/NAME`.
fn old_shim(name: &str) -> String {
    format!(
        r#"#!/bin/sh
# microvac-shim: installed by `mv init` for this clone. It runs the tracker's
# versioned hook, hooks/{name}. A hook that was here before is kept as
# {name}.pre-microvac and runs first; if it fails, so does this one.
hook_dir=$(dirname "$0")
if [ -x "$hook_dir/{name}.pre-microvac" ]; then
    "$hook_dir/{name}.pre-microvac" "$@" || exit $?
fi
hook="$(git rev-parse --show-toplevel)/hooks/{name}"
[ -f "$hook" ] || exit 0
exec sh "$hook" "$@"
"#
    )
}

#[test]
fn init_in_a_clone_with_the_old_shims_replaces_them_with_stubs() {
    let repo = TestRepo::team();
    for name in HOOK_NAMES {
        let path = repo.path().join(".git/hooks").join(name);
        std::fs::write(&path, old_shim(name)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = repo.mv(&["table"]).success();
    assert!(
        out.stderr().starts_with(
            "this clone's microvac hooks run scripts from the repository; run `mv init` to replace them with safe ones\n"
        ),
        "{out}"
    );

    let out = repo.mv(&["init"]).success();
    assert_snapshot!(out.stderr(), @"a tracker is already here (microvac.toml); hooks are installed for this clone, records untouched");
    for name in HOOK_NAMES {
        let text = repo.read(format!(".git/hooks/{name}"));
        assert!(
            text.contains(&format!("exec microvac hook {name} \"$@\"")),
            "{text}"
        );
        assert!(!text.contains("microvac-shim"), "{text}");
        assert!(!repo.exists(format!(".git/hooks/{name}.pre-microvac")));
    }
    assert_eq!(repo.mv(&["table"]).success().stderr(), "");
}

#[test]
fn hooks_path_pointing_at_the_trackers_own_hooks_folder_is_refused() {
    let repo = TestRepo::tracker();
    repo.git(&["config", "core.hooksPath", "hooks"]);
    let out = repo.mv(&["init"]).success();
    assert!(
        out.stderr().contains(
            "core.hooksPath is set to hooks, the tracker's own hooks/ folder, so git runs whatever a pull puts there; unset it (git config --unset core.hooksPath)"
        ),
        "{out}"
    );
}

#[test]
fn the_tracker_documents_the_hooks_and_nothing_there_is_a_program() {
    let repo = TestRepo::tracker();
    for name in HOOK_NAMES {
        let doc = repo.read(format!("hooks/{name}"));
        assert!(doc.starts_with(&format!("# microvac's {name} hook: documentation only")));
        let mode = repo.git(&["ls-files", "-s", &format!("hooks/{name}")]);
        assert!(mode.starts_with("100644 "), "{mode}");
    }
}

mod a_clone_without_hooks {
    use super::*;

    const NOTICE: &str = "this clone has no microvac hooks yet; run `mv init` to install them\n";

    fn fresh_clone() -> (TestRepo, PathBuf) {
        let origin = TestRepo::team();
        let clone = origin.base().join("clone");
        origin.git(&[
            "clone",
            "-q",
            origin.path().to_str().unwrap(),
            clone.to_str().unwrap(),
        ]);
        (origin, clone)
    }

    #[test]
    fn every_command_says_so_in_one_line() {
        let (origin, clone) = fresh_clone();
        for args in [
            &["table"][..],
            &["person", "list"],
            &["check"],
            &["due"],
            &["history", "alice"],
        ] {
            let out = origin.mv_cmd(args).current_dir(&clone).run().success();
            assert_eq!(out.stderr(), NOTICE, "{args:?}");
        }
        // A write says so too, and still writes.
        let out = origin
            .mv_cmd(&["person", "add", "carol"])
            .current_dir(&clone)
            .run()
            .success();
        assert_eq!(out.stderr(), NOTICE);
    }

    #[test]
    fn init_hook_and_shell_init_do_not_and_after_init_nothing_does() {
        let (origin, clone) = fresh_clone();
        let quiet = |args: &[&str]| {
            let out = origin.microvac_cmd(args).current_dir(&clone).run();
            assert!(
                !out.stderr().contains("no microvac hooks"),
                "{args:?}\n{out}"
            );
        };
        quiet(&["hook", "post-merge"]);
        quiet(&["shell-init"]);
        let out = origin.mv_cmd(&["init"]).current_dir(&clone).run().success();
        assert!(!out.stderr().contains("no microvac hooks"), "{out}");
        let out = origin
            .mv_cmd(&["table"])
            .current_dir(&clone)
            .run()
            .success();
        assert_eq!(out.stderr(), "");
    }

    #[test]
    fn nothing_is_said_when_another_tool_owns_the_hooks() {
        let (origin, clone) = fresh_clone();
        origin.git_in(&clone, &["config", "core.hooksPath", ".husky"]);
        let out = origin
            .mv_cmd(&["table"])
            .current_dir(&clone)
            .run()
            .success();
        assert_eq!(out.stderr(), "");
    }
}

/// The tracker is checked once after a pull: `mv sync` checks what it
/// pulled itself and runs no post-merge hook to check it again (it pulls
/// with libgit2, and runs the `git` program only to fetch and push), while
/// a plain `git pull` still runs the hook, which checks.
#[test]
fn a_pull_by_sync_checks_once_and_a_plain_git_pull_runs_the_hook() {
    let mut origin = TestRepo::team();
    // `microvac` on PATH, as the hooks find it, writing down each run.
    let bin = origin.scratch("logging-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let wrapper = bin.join("microvac");
    let log = origin.home().join("microvac-runs");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            common::microvac_bin().display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    origin.prepend_path(bin);
    let clone = initialised_clone(&origin);
    let runs = || std::fs::read_to_string(&log).unwrap_or_default();
    let post_merge = || {
        runs()
            .lines()
            .filter(|l| l.starts_with("hook post-merge"))
            .count()
    };

    origin
        .mv(&[
            "person", "add", "carol", "--name", "Carol", "--role", "senior",
        ])
        .success();
    let out = origin.mv_cmd(&["sync"]).current_dir(&clone).run().success();
    assert!(clone.join("people/carol.toml").exists(), "{out}");
    assert_eq!(post_merge(), 0, "sync ran the post-merge hook:\n{}", runs());

    origin
        .mv(&[
            "person", "add", "dave", "--name", "Dave", "--role", "senior",
        ])
        .success();
    origin
        .git_cmd(&["pull", "-q"])
        .current_dir(&clone)
        .run()
        .success();
    assert!(clone.join("people/dave.toml").exists());
    assert_eq!(
        post_merge(),
        1,
        "git pull ran no post-merge hook:\n{}",
        runs()
    );
}
