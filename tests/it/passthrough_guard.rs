//! Inside a tracker, `mv people list` and `mv tabel` are slips, not file
//! moves: they are not handed to the system `mv` (issue 8, item 16). Every
//! other call, and every call outside a tracker, still is.

use crate::common;

use common::TestRepo;
use insta::assert_snapshot;

#[test]
fn a_tracker_folder_as_first_argument_is_not_moved() {
    let repo = TestRepo::team();
    let out = repo.mv(&["people", "list"]).code(2);
    assert_snapshot!(out.stderr(), @r"
    error: people/ is a folder of this tracker, so `mv people list` was not handed to the system mv
    hint: to really move it, use `mv -- people list` or `command mv people list`
    ");
    assert_eq!(out.stdout(), "");
    assert!(repo.exists("people/alice.toml"), "people/ was renamed");
    assert!(!repo.exists("list"));
    assert_eq!(repo.status(), "");

    for args in [
        &["projects/", "list"][..],
        &["./vacuums", "x"],
        &["commitments", "done"],
        &["microvac.toml", "old.toml"],
    ] {
        let out = repo.mv(args).code(2);
        assert!(out.stderr().starts_with("error: "), "{args:?}\n{out}");
    }
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();
}

#[test]
fn the_tracker_file_gets_its_own_words() {
    let repo = TestRepo::tracker();
    let out = repo.mv(&["microvac.toml", "old.toml"]).code(2);
    assert_snapshot!(out.stderr(), @r"
    error: microvac.toml is this tracker's settings file, so `mv microvac.toml old.toml` was not handed to the system mv
    hint: to really move it, use `mv -- microvac.toml old.toml` or `command mv microvac.toml old.toml`
    ");
}

#[test]
fn a_folder_named_from_a_subdirectory_is_not_moved_either() {
    let repo = TestRepo::team();
    let out = repo
        .mv_cmd(&["../people", "../list"])
        .current_dir("vacuums")
        .run()
        .code(2);
    assert!(
        out.stderr().contains("people/ is a folder of this tracker"),
        "{out}"
    );
    assert!(repo.exists("people/alice.toml"));
}

#[test]
fn a_near_miss_of_a_command_gets_did_you_mean() {
    let repo = TestRepo::team();
    let out = repo.mv(&["tabel"]).code(2);
    assert_snapshot!(out.stderr(), @r"
    error: `tabel` is not a microvac command, and there is no file tabel here
    hint: did you mean `mv table`?
    ");
    let out = repo.mv(&["histroy", "alice"]).code(2);
    assert!(out.stderr().contains("did you mean `mv history`?"), "{out}");
    assert_eq!(repo.status(), "");
}

#[test]
fn double_dash_and_command_mv_still_move_the_folder() {
    let repo = TestRepo::team();
    let out = repo.mv(&["--", "people", "list"]).success();
    assert_eq!((out.stdout(), out.stderr()), (String::new(), String::new()));
    assert!(repo.exists("list/alice.toml"));
    assert!(!repo.exists("people"));
}

#[test]
fn file_moves_inside_a_tracker_pass_through_as_before() {
    let repo = TestRepo::team();
    repo.write("a", "A\n")
        .write("tabel", "a file with a slip's name\n");
    let out = repo.mv(&["a", "b"]).success();
    assert_eq!((out.stdout(), out.stderr()), (String::new(), String::new()));
    assert_eq!(repo.read("b"), "A\n");
    // A near miss that names a file here is a file move.
    repo.mv(&["tabel", "notes.txt"]).success();
    assert!(repo.exists("notes.txt"));
    // A record moved by hand is the user's business (mv check names it).
    repo.mv(&["people/bob.toml", "bob.toml"]).success();
    assert!(repo.exists("bob.toml"));
    // And a move that fails fails as the system's.
    let out = repo.mv_cmd(&["missing", "c"]).arg0("mv").run().code(1);
    assert!(out.stderr().contains("cannot stat 'missing'"), "{out}");
}

#[test]
fn outside_a_tracker_nothing_changes() {
    let dir = TestRepo::plain();
    dir.write("people/alice.toml", "name = \"A\"\n");
    dir.mv(&["people", "list"]).success();
    assert!(dir.exists("list/alice.toml"));
    let out = dir.mv_cmd(&["tabel", "x"]).arg0("mv").run().code(1);
    assert!(out.stderr().contains("cannot stat 'tabel'"), "{out}");

    // A git repository without a tracker is outside one too.
    let repo = TestRepo::new();
    repo.write("people/alice.toml", "");
    repo.mv(&["people", "list"]).success();
    assert!(repo.exists("list/alice.toml"));
}

#[test]
fn the_shell_function_of_shell_init_guards_the_folders_too() {
    // As installed: `microvac` and microvac's `mv` side by side on PATH.
    let installed = common::microvac_bin()
        .parent()
        .expect("a bin dir")
        .to_path_buf();
    let mut repo = TestRepo::team();
    repo.prepend_path(&installed);
    let shell = |script: &str| {
        let script = format!(
            "eval \"$({} shell-init)\"; {script}",
            common::microvac_bin().display()
        );
        repo.cmd("bash", &["-c", &script]).run()
    };
    let out = shell("mv people list").code(2);
    assert!(
        out.stderr().contains("people/ is a folder of this tracker"),
        "{out}"
    );
    assert!(repo.exists("people/alice.toml"));
    shell("mv -- people list").success();
    assert!(repo.exists("list/alice.toml"));

    // Outside a tracker the same function moves a folder named people.
    let mut dir = TestRepo::plain();
    dir.prepend_path(&installed);
    dir.write("people/x", "");
    let script = format!(
        "eval \"$({} shell-init)\"; mv people list",
        common::microvac_bin().display()
    );
    dir.cmd("bash", &["-c", &script]).run().success();
    assert!(dir.exists("list/x"));
}
