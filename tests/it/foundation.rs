//! The foundation, end to end on real temporary git repositories: the `mv`
//! pass-through, `mv init`, the person/project/vacuum records, the
//! one-commit-per-change layer, `mv check` and the git hooks. What a user
//! sees is checked on stdout and stderr, and git's own view with the `git`
//! program (`git log`, `git status --porcelain`, `git fsck --strict`).

use crate::common;

use common::{TestRepo, microvac_bin, mv_bin};
use insta::assert_snapshot;
use std::{os::unix::fs::PermissionsExt, path::Path, time::Duration};

/// The files `mv init` writes, as `git show --name-only` lists them.
const INIT_FILES: &str = "\
.gitattributes
hooks/post-checkout
hooks/post-merge
hooks/pre-commit
microvac.toml
schemas/commitment.json
schemas/conversation.json
schemas/person.json
schemas/project.json
schemas/vacuum.json
templates/commitment.toml
templates/conversation.toml
templates/log.toml
templates/person.toml
templates/project.toml
templates/vacuum.toml
vacuums/all-hands.toml
vacuums/design-review.toml
vacuums/incident-review.toml
vacuums/onboarding-docs.toml
vacuums/project-plan.toml
vacuums/release-notes.toml
vacuums/retros.toml
vacuums/roadmap.toml
vacuums/sprint-planning.toml
vacuums/stakeholder-demo.toml
vacuums/standup.toml
vacuums/status-email.toml
";

const HOOK_NAMES: [&str; 3] = ["pre-commit", "post-merge", "post-checkout"];

fn is_executable(path: &Path) -> bool {
    path.metadata()
        .is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

fn make_executable(path: &Path) {
    let mut perms = path.metadata().expect("file exists").permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(path, perms).expect("chmod");
}

mod passthrough {
    use super::*;

    #[test]
    fn mv_with_two_files_moves_the_file() {
        let dir = TestRepo::plain();
        dir.write("a", "A\n");
        let out = dir.mv(&["a", "b"]).success();
        assert_eq!((out.stdout(), out.stderr()), (String::new(), String::new()));
        assert!(!dir.exists("a"));
        assert_eq!(dir.read("b"), "A\n");
    }

    #[test]
    fn mv_dash_t_moves_several_files_into_a_directory() {
        let dir = TestRepo::plain();
        dir.write("a", "A\n")
            .write("b", "B\n")
            .write("dir/keep", "");
        dir.mv(&["-t", "dir", "a", "b"]).success();
        assert!(!dir.exists("a") && !dir.exists("b"));
        assert_eq!(dir.read("dir/a"), "A\n");
        assert_eq!(dir.read("dir/b"), "B\n");
    }

    #[test]
    fn mv_dash_i_answered_no_keeps_both_files() {
        let dir = TestRepo::plain();
        dir.write("a", "A\n").write("b", "B\n");
        let out = dir
            .mv_cmd(&["-i", "a", "b"])
            .arg0("mv")
            .stdin("n\n")
            .run()
            .success();
        assert!(out.stderr().contains("overwrite 'b'?"), "{out}");
        assert_eq!(dir.read("a"), "A\n");
        assert_eq!(dir.read("b"), "B\n");
    }

    #[test]
    fn mv_dash_i_answered_yes_replaces_the_target() {
        let dir = TestRepo::plain();
        dir.write("a", "A\n").write("b", "B\n");
        dir.mv_cmd(&["-i", "a", "b"])
            .arg0("mv")
            .stdin("y\n")
            .run()
            .success();
        assert!(!dir.exists("a"));
        assert_eq!(dir.read("b"), "A\n");
    }

    #[test]
    fn double_dash_moves_a_file_named_like_a_subcommand() {
        let dir = TestRepo::plain();
        dir.write("init", "I\n");
        dir.mv(&["--", "init", "renamed"]).success();
        assert!(!dir.exists("init"));
        assert_eq!(dir.read("renamed"), "I\n");
        assert!(!dir.exists(".git"), "nothing of microvac's ran");
    }

    #[test]
    fn failing_moves_exit_and_complain_exactly_like_the_system_mv() {
        let dir = TestRepo::plain();
        dir.write("a", "A\n");
        for args in [
            &["missing", "c"][..],
            &["a"][..],
            &["--no-such-flag", "a", "b"][..],
        ] {
            let ours = dir.mv_cmd(args).arg0("mv").run();
            let system = dir.cmd("/usr/bin/mv", args).arg0("mv").run();
            assert!(!system.status().success(), "{system}");
            assert_eq!(
                ours.status().code(),
                system.status().code(),
                "{args:?}\n{ours}"
            );
            assert_eq!(ours.stderr(), system.stderr(), "{args:?}");
            assert_eq!(ours.stdout(), system.stdout(), "{args:?}");
        }
        assert_eq!(dir.read("a"), "A\n");
    }

    #[test]
    fn microvac_never_passes_through_and_moves_nothing() {
        let dir = TestRepo::plain();
        dir.write("a", "A\n");
        let out = dir.microvac(&["a", "b"]).code(2);
        assert_snapshot!(out.stderr(), @r"
        error: unrecognized subcommand 'a'

          tip: some similar subcommands exist: 'vacuum', 'table'

        Usage: microvac [OPTIONS] <COMMAND>

        For more information, try '--help'.
        ");
        assert_eq!(dir.read("a"), "A\n");
        assert!(!dir.exists("b"));
    }

    #[test]
    fn global_flags_after_the_subcommand_stay_with_microvac() {
        let repo = TestRepo::team();
        let out = repo
            .mv(&["person", "list", "--format", "csv", "--color", "never"])
            .success();
        assert!(out.stdout().starts_with("HANDLE,NAME"), "{out}");
        let out = repo
            .mv(&["-C", ".", "person", "list", "--format=json"])
            .success();
        out.json();
        let out = repo
            .mv(&["--color", "never", "person", "list", "--format", "csv"])
            .success();
        assert!(out.stdout().starts_with("HANDLE,NAME"), "{out}");
    }

    #[test]

    fn global_flags_before_the_subcommand_stay_with_microvac() {
        let repo = TestRepo::team();
        for args in [
            &["-C", ".", "person", "list", "--format", "json"][..],
            &["--color=never", "person", "list", "--format", "json"],
        ] {
            let out = repo.mv(args).success();
            out.json();
        }
        // `--format` belongs to the command it formats: before it, microvac
        // (not the system mv) says where it goes.
        let out = repo.mv(&["--format", "json", "person", "list"]).code(2);
        assert_snapshot!(out.stderr(), @"
        error: --format goes after the command it formats, not before it
        hint: `mv person list --format json`
        ");
        let out = repo.mv(&["--format=csv", "table", "--all"]).code(2);
        assert!(out.stderr().contains("`mv table --format csv`"), "{out}");
        let out = repo.mv(&["--format=csv", "person", "add", "carol"]).code(2);
        assert!(
            out.stderr()
                .contains("`mv person add` prints no records, so it takes no --format"),
            "{out}"
        );
    }

    #[test]
    fn two_installed_copies_of_mv_on_path_do_not_exec_each_other_forever() {
        let mut dir = TestRepo::plain();
        let first = dir.scratch("bin1");
        let second = dir.scratch("bin2");
        for bin in [&first, &second] {
            std::fs::copy(mv_bin(), bin.join("mv")).expect("copy mv");
            make_executable(&bin.join("mv"));
        }
        dir.prepend_path(&second).prepend_path(&first);
        dir.write("a", "A\n");
        dir.cmd(first.join("mv"), &["a", "b"])
            .arg0("mv")
            .timeout(Duration::from_secs(20))
            .run()
            .success();
        assert!(!dir.exists("a"));
        assert_eq!(dir.read("b"), "A\n");
    }
}

mod init {
    use super::*;

    #[test]
    fn init_on_an_unborn_branch_makes_the_first_commit_with_only_tracker_files() {
        let repo = TestRepo::new();
        assert_eq!(repo.head(), None);
        let out = repo.mv(&["init", "--team", "Platform"]).success();
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stdout(), @"recorded: start the microvac tracker for Platform ([ID])");
        });
        assert_eq!(repo.commit_count(), 1);
        assert_eq!(repo.git(&["rev-parse", "--abbrev-ref", "HEAD"]), "main\n");
        assert_eq!(
            repo.git(&["log", "-1", "--format=%P"]),
            "\n",
            "a root commit"
        );
        assert_eq!(repo.last_commit_files(), INIT_FILES);
        assert_eq!(
            repo.last_subject(),
            "start the microvac tracker for Platform"
        );
        assert_eq!(repo.last_trailer("Microvac-Action"), "init");
        assert_eq!(repo.status(), "");
        repo.mv(&["check"]).success();
        repo.assert_fsck_clean();
    }

    #[test]
    fn init_in_a_repo_with_other_work_commits_only_tracker_files_and_leaves_that_work_as_it_was() {
        let repo = TestRepo::new();
        repo.write("README.md", "# Team\n")
            .write("src/lib.txt", "one\n");
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "the team's own files"]);
        // Unstaged, staged, partly staged and untracked work of the user's.
        repo.write("README.md", "# Team\nunstaged edit\n");
        repo.write("staged.txt", "staged\n");
        repo.git(&["add", "staged.txt"]);
        repo.write("src/lib.txt", "two\n");
        repo.git(&["add", "src/lib.txt"]);
        repo.write("src/lib.txt", "three\n");
        repo.write("notes.txt", "untracked\n");
        let status = repo.status();
        assert_snapshot!(status, @r"
             M README.md
            MM src/lib.txt
            A  staged.txt
            ?? notes.txt
            ");
        let staged = repo.git(&["diff", "--cached"]);
        let unstaged = repo.git(&["diff"]);

        repo.mv(&["init"]).success();

        assert_eq!(repo.commit_count(), 2);
        assert_eq!(repo.last_commit_files(), INIT_FILES);
        assert_eq!(repo.last_subject(), "start the microvac tracker for repo");
        assert_eq!(
            repo.status(),
            status,
            "tracker files are clean, the rest as before"
        );
        assert_eq!(repo.git(&["diff", "--cached"]), staged);
        assert_eq!(repo.git(&["diff"]), unstaged);
        assert_eq!(repo.read("src/lib.txt"), "three\n");
        repo.assert_fsck_clean();
    }

    #[test]
    fn init_in_a_plain_directory_runs_git_init_first() {
        let repo = TestRepo::plain();
        let out = repo.mv(&["init"]).success();
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stderr(), @"initialised a git repository in [TMP]/repo");
        });
        assert!(repo.exists(".git"));
        assert_eq!(repo.commit_count(), 1);
        assert_eq!(repo.last_commit_files(), INIT_FILES);
        assert_eq!(repo.status(), "");
        repo.assert_fsck_clean();
    }

    #[test]
    fn init_team_names_the_team_in_the_settings_and_the_subject() {
        let repo = TestRepo::new();
        repo.mv(&["init", "--team", "Platform Team"]).success();
        assert_snapshot!(repo.read("microvac.toml"), @r#"
        # microvac tracker: who fills which leadership micro-vacuum, on which project.
        # Every record is a TOML file you can read and edit; `mv check` validates them.
        schema = 1
        team = "Platform Team"
        # How often a commitment is checked in on, unless it says otherwise (1w, 2w, 10d, 1m).
        checkin_every = "2w"
        "#);
        assert_eq!(
            repo.last_subject(),
            "start the microvac tracker for Platform Team"
        );
    }

    #[test]
    fn init_refuses_a_blank_team_name() {
        let repo = TestRepo::new();
        let out = repo.mv(&["init", "--team", "  "]).code(1);
        assert_snapshot!(out.stderr(), @"error: --team needs a name without control characters");
        assert!(!repo.exists("microvac.toml"));
    }

    #[test]

    fn init_dir_nests_the_tracker_under_that_directory() {
        let repo = TestRepo::new();
        repo.mv(&["init", "--dir", "coaching"]).success();
        let nested: String = INIT_FILES
            .lines()
            .map(|l| format!("coaching/{l}\n"))
            .collect();
        assert_eq!(repo.last_commit_files(), nested);
        assert!(!repo.exists("microvac.toml"));
        assert_eq!(
            repo.last_subject(),
            "start the microvac tracker for coaching"
        );
        // The installed hook is the same fixed stub as anywhere: it finds
        // the nested tracker itself.
        assert!(
            repo.read(".git/hooks/pre-commit")
                .contains("exec microvac hook pre-commit \"$@\"")
        );
        repo.mv(&["person", "add", "alice"]).success();
        assert_eq!(repo.last_commit_files(), "coaching/people/alice.toml\n");
        assert_eq!(repo.status(), "");

        let out = repo.mv(&["init", "--dir", "../out"]).code(1);
        assert_snapshot!(out.stderr(), @"error: --dir ../out must be a relative path inside the repository, without `..`");
    }

    #[test]

    fn dash_c_before_init_runs_init_there_and_does_not_nest_it() {
        let repo = TestRepo::new();
        repo.write("sub/keep", "");
        repo.mv(&["-C", "sub", "init"]).success();
        let files = repo.last_commit_files();
        assert!(files.lines().all(|l| !l.starts_with("sub/sub/")), "{files}");
        assert!(repo.exists("microvac.toml") || repo.exists("sub/microvac.toml"));
    }

    #[test]
    fn init_dir_outside_the_repository_is_refused_and_nothing_is_written() {
        let repo = TestRepo::new();
        for dir in ["../out", "/tmp/abs", "a/../../b"] {
            repo.mv(&["init", "--dir", dir]).code(1);
        }
        assert_eq!(repo.head(), None);
        assert_eq!(repo.status(), "");
        assert!(!repo.base().join("out").exists());
        assert!(!repo.base().join("b").exists());
    }

    #[test]
    fn a_nested_tracker_is_found_from_its_subdirectories_from_the_root_and_with_dash_c() {
        let repo = TestRepo::tracker();
        // A tracker kept in coaching/ of a bigger repository (moved there by hand).
        std::fs::create_dir(repo.path().join("coaching")).unwrap();
        repo.git(&[
            "mv",
            "microvac.toml",
            "hooks",
            "templates",
            "vacuums",
            "coaching/",
        ]);
        repo.git(&[
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "keep the tracker in coaching/",
        ]);
        repo.write("src/main.c", "int main() {}\n");
        repo.git(&["add", "src"]);
        repo.git(&["commit", "-q", "--no-verify", "-m", "code"]);

        // From the work tree's root, the single nested tracker is found.
        repo.mv(&["person", "add", "alice"]).success();
        assert_eq!(repo.last_commit_files(), "coaching/people/alice.toml\n");
        // From inside the tracker.
        repo.mv_cmd(&["person", "add", "bob"])
            .current_dir("coaching/vacuums")
            .run()
            .success();
        assert_eq!(repo.last_commit_files(), "coaching/people/bob.toml\n");
        let list = repo
            .mv_cmd(&["person", "list", "--format", "csv"])
            .current_dir("coaching/people")
            .run()
            .success();
        assert_eq!(
            list.stdout(),
            "HANDLE,NAME,ROLE,MANAGER,STATUS\nalice,alice,,,active\nbob,bob,,,active\n"
        );
        // With -C, relative to where it runs, even from outside the repository.
        let outside = repo.scratch("elsewhere");
        let via_c = repo
            .mv_cmd(&[
                "-C",
                "../repo/coaching",
                "person",
                "list",
                "--format",
                "csv",
            ])
            .current_dir(&outside)
            .run()
            .success();
        assert_eq!(via_c.stdout(), list.stdout());
        let via_c = repo
            .mv_cmd(&[
                "-C",
                "coaching/templates",
                "person",
                "list",
                "--format",
                "csv",
            ])
            .run()
            .success();
        assert_eq!(via_c.stdout(), list.stdout());
        // Not from an unrelated directory beside it.
        let out = repo
            .mv_cmd(&["person", "list"])
            .current_dir("src")
            .run()
            .code(1);
        assert!(out.stderr().contains("no microvac tracker here"), "{out}");
        repo.mv_cmd(&["check"])
            .current_dir("coaching/people")
            .run()
            .success();
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn init_twice_makes_no_second_commit_and_changes_nothing() {
        let repo = TestRepo::tracker();
        let head = repo.head();
        let hook = repo.read(".git/hooks/pre-commit");
        let out = repo.mv(&["init", "--team", "Other"]).success();
        // The team's name is not silently kept: it says so.
        assert_snapshot!(out.stderr(), @r#"
        a tracker is already here (microvac.toml); hooks are installed for this clone, records untouched
        warning: --team "Other" was not applied: this tracker's team is "Platform"; to rename it, edit `team` in microvac.toml and commit it
        "#);
        assert_eq!(out.stdout(), "");
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
        assert!(repo.read("microvac.toml").contains("team = \"Platform\""));
        assert_eq!(repo.read(".git/hooks/pre-commit"), hook);
        assert!(
            !repo.exists(".git/hooks/pre-commit.pre-microvac"),
            "its own shim is not chained"
        );
    }

    #[test]
    fn init_in_a_fresh_clone_of_a_tracker_only_installs_the_hooks() {
        let origin = TestRepo::team();
        let clone = origin.base().join("clone");
        origin.git(&[
            "clone",
            "-q",
            origin.path().to_str().unwrap(),
            clone.to_str().unwrap(),
        ]);
        assert!(!clone.join(".git/hooks/pre-commit").exists());
        let before = origin.git_in(&clone, &["rev-parse", "HEAD"]);

        let out = origin.mv_cmd(&["init"]).current_dir(&clone).run().success();
        assert!(out.stderr().contains("a tracker is already here"), "{out}");

        assert_eq!(origin.git_in(&clone, &["rev-parse", "HEAD"]), before);
        assert_eq!(origin.git_in(&clone, &["status", "--porcelain"]), "");
        for name in HOOK_NAMES {
            let hook = clone.join(".git/hooks").join(name);
            assert!(is_executable(&hook), "{name}");
            assert!(
                std::fs::read_to_string(&hook)
                    .unwrap()
                    .contains("microvac-hook-stub"),
                "{name}"
            );
        }
    }

    #[test]
    fn init_without_a_git_identity_says_how_to_set_one_and_writes_nothing() {
        let mut repo = TestRepo::plain();
        repo.without_identity();
        let out = repo.mv(&["init"]).code(1);
        assert_snapshot!(out.stderr(), @r#"
        error: no git identity is set, so there is no author for the commit
        hint: set it with
            git config --global user.name "Your Name"
            git config --global user.email you@example.com
        (or for this repository only, without --global)
        "#);
        assert_eq!(
            std::fs::read_dir(repo.path()).unwrap().count(),
            0,
            "not even .git"
        );
    }

    #[test]
    fn init_without_a_git_identity_in_a_repo_writes_nothing_and_commits_nothing() {
        let mut repo = TestRepo::new();
        repo.write("README.md", "# Team\n");
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "readme"]);
        repo.without_identity();
        let out = repo.mv(&["init"]).code(1);
        assert!(
            out.stderr().contains("git config --global user.name"),
            "{out}"
        );
        assert!(!repo.exists("microvac.toml"));
        assert!(!repo.exists("vacuums"));
        assert_eq!(repo.commit_count(), 1);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn init_takes_the_author_from_git_config_when_the_environment_has_none() {
        let mut repo = TestRepo::new();
        repo.without_identity();
        repo.git(&["config", "user.name", "Config Person"]);
        repo.git(&["config", "user.email", "config@example.com"]);
        repo.mv(&["init"]).success();
        assert_eq!(
            repo.git(&["log", "-1", "--format=%an <%ae> / %cn <%ce>"]),
            "Config Person <config@example.com> / Config Person <config@example.com>\n"
        );
    }

    const HOME_IDENTITY: &str = "[user]\n\tname = Home Global\n\temail = home@example.com\n";

    #[test]
    fn the_home_gitconfig_identity_is_used_when_git_config_global_is_unset() {
        let mut repo = TestRepo::new();
        std::fs::write(repo.home().join(".gitconfig"), HOME_IDENTITY).unwrap();
        repo.without_identity();
        repo.mv_cmd(&["init"])
            .env_remove("GIT_CONFIG_GLOBAL")
            .run()
            .success();
        assert_eq!(
            repo.git(&["log", "-1", "--format=%an <%ae>"]),
            "Home Global <home@example.com>\n"
        );
    }

    #[test]
    fn git_config_global_dev_null_hides_the_home_gitconfig_as_it_does_for_git() {
        let mut repo = TestRepo::new();
        std::fs::write(repo.home().join(".gitconfig"), HOME_IDENTITY).unwrap();
        repo.without_identity();
        let out = repo.mv(&["init"]).code(1);
        assert!(
            out.stderr().starts_with("error: no git identity is set"),
            "{out}"
        );
        assert!(!repo.exists("microvac.toml"));
    }

    #[test]

    fn the_identity_in_the_file_git_config_global_names_is_used() {
        let mut repo = TestRepo::new();
        let custom = repo.home().join("custom.gitconfig");
        std::fs::write(
            &custom,
            "[user]\n\tname = Custom Global\n\temail = custom@example.com\n",
        )
        .unwrap();
        repo.without_identity();
        let git_view = repo
            .git_cmd(&["var", "GIT_AUTHOR_IDENT"])
            .env("GIT_CONFIG_GLOBAL", &custom)
            .run()
            .success();
        assert!(
            git_view
                .stdout()
                .starts_with("Custom Global <custom@example.com>"),
            "{git_view}"
        );
        repo.mv_cmd(&["init"])
            .env("GIT_CONFIG_GLOBAL", &custom)
            .run()
            .success();
        assert_eq!(
            repo.git(&["log", "-1", "--format=%an <%ae>"]),
            "Custom Global <custom@example.com>\n"
        );
    }
}

mod records {
    use super::*;

    #[test]
    fn person_add_writes_one_file_in_one_commit_with_subject_trailers_and_author() {
        let repo = TestRepo::tracker();
        let out = repo
            .mv(&[
                "person",
                "add",
                "alice",
                "--name",
                "Alice Liddell",
                "--role",
                "senior",
            ])
            .success();
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stdout(), @"recorded: add person alice (Alice Liddell) ([ID])");
        });
        assert_eq!(repo.commit_count(), 2);
        assert_eq!(repo.last_commit_files(), "people/alice.toml\n");
        assert_eq!(repo.last_subject(), "add person alice (Alice Liddell)");
        assert_eq!(repo.last_trailer("Microvac-Action"), "person-add");
        assert_eq!(repo.last_trailer("Microvac-Person"), "alice");
        assert_eq!(
            repo.git(&["log", "-1", "--format=%an <%ae> %aI / %cn <%ce> %cI"]),
            "Erin Manager <erin@example.com> 2026-11-23T10:00:00Z / Erin Manager <erin@example.com> 2026-11-23T10:00:00Z\n"
        );
        assert_snapshot!(repo.read("people/alice.toml"), @r#"
        #:schema ../schemas/person.json
        # A person the team coaches, or who buddies others.
        name = "Alice Liddell"
        # role / level, e.g. "senior", "staff", "tech lead"
        role = "senior"
        status = "active" # active or archived
        "#);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn project_add_records_its_name_and_needs() {
        let repo = TestRepo::tracker();
        repo.mv(&[
            "project",
            "add",
            "payments",
            "--name",
            "Payments platform",
            "--needs",
            "sprint-planning,status-email",
        ])
        .success();
        assert_eq!(repo.last_commit_files(), "projects/payments.toml\n");
        assert_eq!(
            repo.last_subject(),
            "add project payments (Payments platform)"
        );
        assert_eq!(repo.last_trailer("Microvac-Action"), "project-add");
        assert_eq!(repo.last_trailer("Microvac-Project"), "payments");
        assert_snapshot!(repo.read("projects/payments.toml"), @r#"
        #:schema ../schemas/project.json
        # A project on which leadership micro-vacuums get filled.
        name = "Payments platform"
        status = "active" # active or archived
        # The vacuums this project needs filled (slugs from vacuums/); empty means all of them.
        needs = ["sprint-planning", "status-email"]
        "#);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn vacuum_add_records_title_missing_and_tips() {
        let repo = TestRepo::tracker();
        repo.mv(&[
            "vacuum",
            "add",
            "pairing",
            "--title",
            "Pair programming",
            "--missing",
            "Nobody pairs.",
            "--tip",
            "Pair with your buddy first.",
            "--tip",
            "Swap every 25 minutes.",
        ])
        .success();
        assert_eq!(repo.last_commit_files(), "vacuums/pairing.toml\n");
        assert_eq!(repo.last_subject(), "add vacuum pairing (Pair programming)");
        assert_eq!(repo.last_trailer("Microvac-Action"), "vacuum-add");
        assert_eq!(repo.last_trailer("Microvac-Vacuum"), "pairing");
        assert_snapshot!(repo.read("vacuums/pairing.toml"), @r#"
        #:schema ../schemas/vacuum.json
        # A leadership micro-vacuum: a small leadership job a project can lack.
        title = "Pair programming"
        # What a project looks like when nobody fills it.
        missing = "Nobody pairs."
        # Advice for the first reps.
        tips = ["Pair with your buddy first.", "Swap every 25 minutes."]
        status = "active" # active or archived
        "#);
    }

    #[test]
    fn adding_a_record_that_exists_is_refused_with_a_hint_to_edit_it() {
        let repo = TestRepo::team();
        let head = repo.head();
        let out = repo.mv(&["person", "add", "alice"]).code(1);
        assert_snapshot!(out.stderr(), @r"
        error: person alice already exists (people/alice.toml)
        hint: change it with `mv person edit alice`
        ");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn person_list_prints_a_plain_table_when_piped() {
        let repo = TestRepo::team();
        assert_snapshot!(repo.mv(&["person", "list"]).success().stdout(), @r"
        +--------+---------------+-----------+---------+--------+
        | HANDLE | NAME          | ROLE      | MANAGER | STATUS |
        +=======================================================+
        | alice  | Alice Liddell | senior    |         | active |
        | bob    | Bob           | tech lead | alice   | active |
        +--------+---------------+-----------+---------+--------+
        ");
    }

    #[test]
    fn person_list_as_json_markdown_and_csv() {
        let repo = TestRepo::team();
        assert_snapshot!(repo.mv(&["person", "list", "--format", "json"]).success().stdout(), @r#"
        [
          {
            "handle": "alice",
            "name": "Alice Liddell",
            "role": "senior",
            "manager": null,
            "email": null,
            "status": "active"
          },
          {
            "handle": "bob",
            "name": "Bob",
            "role": "tech lead",
            "manager": "alice",
            "email": null,
            "status": "active"
          }
        ]
        "#);
        assert_snapshot!(repo.mv(&["person", "list", "--format", "markdown"]).success().stdout(), @r"
        | HANDLE | NAME | ROLE | MANAGER | STATUS |
        |---|---|---|---|---|
        | alice | Alice Liddell | senior |  | active |
        | bob | Bob | tech lead | alice | active |
        ");
        assert_snapshot!(repo.mv(&["person", "list", "--format", "csv"]).success().stdout(), @r"
        HANDLE,NAME,ROLE,MANAGER,STATUS
        alice,Alice Liddell,senior,,active
        bob,Bob,tech lead,alice,active
        ");
    }

    #[test]
    fn project_and_vacuum_lists_print_tables() {
        let repo = TestRepo::team();
        assert_snapshot!(repo.mv(&["project", "list"]).success().stdout(), @r"
            +----------+-------------------+-------------------------------+--------+
            | SLUG     | NAME              | NEEDS                         | STATUS |
            +=======================================================================+
            | payments | Payments platform | sprint-planning, status-email | active |
            +----------+-------------------+-------------------------------+--------+
            ");
        assert_snapshot!(repo.mv(&["vacuum", "list"]).success().stdout(), @r"
            +------------------+-----------------------------------------------+--------+
            | SLUG             | TITLE                                         | STATUS |
            +===========================================================================+
            | all-hands        | Presentation or demo at the all-hands         | active |
            | design-review    | Design reviews                                | active |
            | incident-review  | Incident reviews                              | active |
            | onboarding-docs  | Onboarding docs                               | active |
            | project-plan     | Project plan with milestones and deliverables | active |
            | release-notes    | Release notes                                 | active |
            | retros           | Retrospectives                                | active |
            | roadmap          | Roadmap                                       | active |
            | sprint-planning  | Sprint planning                               | active |
            | stakeholder-demo | Stakeholder demos                             | active |
            | standup          | Stand-up facilitation                         | active |
            | status-email     | Weekly status email to senior leaders         | active |
            +------------------+-----------------------------------------------+--------+
            ");
    }

    #[test]
    fn show_prints_one_record() {
        let repo = TestRepo::team();
        assert_snapshot!(repo.mv(&["person", "show", "bob"]).success().stdout(), @r"
         handle: bob
           name: Bob
           role: tech lead
        manager: alice
         status: active
        ");
        assert_snapshot!(repo.mv(&["project", "show", "payments"]).success().stdout(), @r"
          slug: payments
          name: Payments platform
         needs: sprint-planning, status-email
        status: active
        ");
        assert_snapshot!(repo.mv(&["vacuum", "show", "sprint-planning"]).success().stdout(), @r"
           slug: sprint-planning
          title: Sprint planning
        missing: Nobody runs sprint planning; work is picked up ad hoc and priorities drift.
           tips: Co-run the first session with your buddy, then lead with them watching.
                 Send the agenda and the candidate tickets a day before.
         status: active
        ");
    }

    #[test]
    fn show_refuses_formats_that_are_not_table_or_json() {
        let repo = TestRepo::team();
        let out = repo
            .mv(&["person", "show", "alice", "--format", "csv"])
            .code(2);
        assert_snapshot!(out.stderr(), @"
        error: invalid value 'csv' for '--format <FORMAT>'
          [possible values: table, json]

        For more information, try '--help'.
        ");
    }

    #[test]
    fn edit_with_flags_changes_the_field_in_one_commit() {
        let repo = TestRepo::team();
        let out = repo
            .mv(&["person", "edit", "alice", "--role", "staff"])
            .success();
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stdout(), @"recorded: edit person alice: role ([ID])");
        });
        assert_eq!(repo.last_commit_files(), "people/alice.toml\n");
        assert_eq!(repo.last_trailer("Microvac-Action"), "person-edit");
        assert_eq!(repo.last_trailer("Microvac-Person"), "alice");
        assert!(
            repo.read("people/alice.toml")
                .contains("role = \"staff\"\n")
        );
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn edit_keeps_hand_written_comments_key_order_and_unknown_keys() {
        let repo = TestRepo::team();
        let hand_written = "\
# Alice joined from the mobile team in 2025.
name = \"Alice Liddell\"   # as she writes it
role = \"senior\" # promoted in spring
favourite_vacuum = \"retros\"  # not a field microvac knows
status = \"active\"

# Ask about the all-hands next time.
";
        repo.write("people/alice.toml", hand_written);
        repo.git(&["commit", "-q", "-am", "notes on alice"]);

        repo.mv(&["person", "edit", "alice", "--role", "staff"])
            .success();

        assert_eq!(
            repo.read("people/alice.toml"),
            hand_written.replace("role = \"senior\" #", "role = \"staff\" #")
        );
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn edit_without_flags_off_a_terminal_says_what_to_pass() {
        let repo = TestRepo::team();
        let head = repo.head();
        let out = repo.mv(&["person", "edit", "alice"]).code(1);
        assert_snapshot!(out.stderr(), @r"
        error: nothing to change in people/alice.toml
        hint: pass the fields to set (see `mv person edit --help`), or run it on a terminal to use your editor
        ");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn edit_setting_the_same_value_records_nothing() {
        let repo = TestRepo::team();
        let head = repo.head();
        let out = repo
            .mv(&["person", "edit", "alice", "--role", "senior"])
            .success();
        assert_snapshot!(out.stderr(), @"no changes to people/alice.toml; nothing recorded");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn archive_hides_a_record_from_list_but_list_all_shows_it() {
        let repo = TestRepo::team();
        let out = repo.mv(&["person", "archive", "bob"]).success();
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stdout(), @"recorded: archive person bob ([ID])");
        });
        assert_eq!(repo.last_commit_files(), "people/bob.toml\n");
        assert_eq!(repo.last_trailer("Microvac-Action"), "person-archive");
        assert!(
            repo.read("people/bob.toml")
                .contains("status = \"archived\"")
        );

        let listed = repo
            .mv(&["person", "list", "--format", "csv"])
            .success()
            .stdout();
        assert_eq!(
            listed,
            "HANDLE,NAME,ROLE,MANAGER,STATUS\nalice,Alice Liddell,senior,,active\n"
        );
        let all = repo
            .mv(&["person", "list", "--all", "--format", "csv"])
            .success()
            .stdout();
        assert_eq!(
            all,
            "HANDLE,NAME,ROLE,MANAGER,STATUS\nalice,Alice Liddell,senior,,active\nbob,Bob,tech lead,alice,archived\n"
        );

        let head = repo.head();
        let again = repo.mv(&["person", "archive", "bob"]).success();
        assert_eq!(again.stderr(), "person bob is already archived\n");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn project_and_vacuum_archive_are_recorded_too() {
        let repo = TestRepo::team();
        repo.mv(&["project", "archive", "payments"]).success();
        assert_eq!(repo.last_subject(), "archive project payments");
        repo.mv(&["vacuum", "archive", "standup"]).success();
        assert_eq!(repo.last_subject(), "archive vacuum standup");
        let vacuums = repo
            .mv(&["vacuum", "list", "--format", "json"])
            .success()
            .json();
        assert!(
            vacuums
                .as_array()
                .unwrap()
                .iter()
                .all(|v| v["slug"] != "standup")
        );
        let projects = repo
            .mv(&["project", "list", "--format", "json"])
            .success()
            .json();
        assert_eq!(projects, serde_json::json!([]));
    }

    #[test]
    fn invalid_handles_are_refused_with_a_clear_message_and_nothing_is_written() {
        let repo = TestRepo::team();
        let head = repo.head();
        let too_long = "a".repeat(65);
        let mut messages = String::new();
        for handle in [
            "..",
            "a/b",
            "Alice",
            "",
            too_long.as_str(),
            "a b",
            "a-",
            "a--b",
        ] {
            let out = repo.mv(&["person", "add", handle]).code(1);
            messages.push_str(&out.stderr());
        }
        assert_snapshot!(messages, @r#"
        error: invalid person handle "..": it must not contain `/`, `\` or `..`
        error: invalid person handle "a/b": it must not contain `/`, `\` or `..`
        hint: try "a-b"
        error: invalid person handle "Alice": only lowercase ASCII letters, digits and `-` are allowed, not uppercase letters
        hint: mv person add alice --name "Alice"
        error: invalid person handle "": it is empty
        error: invalid person handle "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": it is longer than 64 characters
        hint: try "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        error: invalid person handle "a b": only lowercase ASCII letters, digits and `-` are allowed, not spaces
        hint: mv person add a-b --name "a b"
        error: invalid person handle "a-": it must not start or end with `-`
        hint: try "a"
        error: invalid person handle "a--b": it must not contain `--` (it separates vacuum and project in file names)
        hint: try "a-b"
        "#);
        for handle in ["a\u{7}", "tab\there", "é"] {
            let out = repo.mv(&["person", "add", handle]).code(1);
            assert!(
                out.stderr().starts_with("error: invalid person handle "),
                "{out}"
            );
        }
        let out = repo.mv(&["person", "add", "a\u{7}"]).code(1);
        assert!(
            out.stderr().contains("it contains a control character"),
            "{out}"
        );

        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
        let people: Vec<_> = std::fs::read_dir(repo.path().join("people"))
            .unwrap()
            .collect();
        assert_eq!(people.len(), 2);
    }

    #[test]
    fn a_64_character_handle_is_accepted() {
        let repo = TestRepo::tracker();
        let handle = "a".repeat(64);
        repo.mv(&["person", "add", &handle]).success();
        assert_eq!(repo.last_commit_files(), format!("people/{handle}.toml\n"));
    }

    #[test]

    fn a_refused_handle_is_shown_escaped_once() {
        let repo = TestRepo::tracker();
        let out = repo.mv(&["person", "add", "a\u{7}"]).code(1);
        assert_eq!(
            out.stderr(),
            "error: invalid person handle \"a\\u{7}\": it contains a control character\nhint: try \"a\"\n"
        );
    }

    #[test]
    fn invalid_slugs_never_reach_the_file_system_for_any_kind_or_command() {
        let repo = TestRepo::team();
        let head = repo.head();
        for args in [
            &["project", "add", "../escape"][..],
            &["vacuum", "add", "../../escape"],
            &["person", "edit", "../microvac", "--role", "x"],
            &["person", "show", "../microvac"],
            &["project", "archive", "../people/alice"],
        ] {
            let out = repo.mv(args).code(1);
            assert!(out.stderr().starts_with("error: invalid "), "{out}");
        }
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
        assert!(!repo.base().join("escape.toml").exists());
        assert!(!repo.exists("escape.toml"));
    }

    #[test]
    fn unknown_references_get_a_did_you_mean_hint_and_nothing_is_written() {
        let repo = TestRepo::team();
        let head = repo.head();
        let mut messages = String::new();
        for args in [
            &["person", "show", "alcie"][..],
            &["person", "edit", "alcie", "--role", "staff"],
            &["person", "add", "carol", "--manager", "alcie"],
            &["project", "add", "billing", "--needs", "sprint-planing"],
            &["project", "archive", "paymnts"],
            &["person", "show", "zed"],
        ] {
            messages.push_str(&repo.mv(args).code(1).stderr());
        }
        assert_snapshot!(messages, @r#"
        error: no person named "alcie"
        hint: did you mean "alice"?
        error: no person named "alcie"
        hint: did you mean "alice"?
        error: no person named "alcie"
        hint: did you mean "alice"?
        error: no vacuum named "sprint-planing"
        hint: did you mean "sprint-planning"?
        error: no project named "paymnts"
        hint: did you mean "payments"?
        error: no person named "zed"
        hint: known persons: alice, bob; add one with `mv person add zed`
        "#);
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn editing_a_file_with_unstaged_changes_is_refused_and_the_change_is_kept() {
        let repo = TestRepo::team();
        let head = repo.head();
        let mine = format!(
            "{}# my own note, not committed\n",
            repo.read("people/alice.toml")
        );
        repo.write("people/alice.toml", &mine);
        let out = repo
            .mv(&["person", "edit", "alice", "--role", "staff"])
            .code(1);
        assert_snapshot!(out.stderr(), @r"
        error: people/alice.toml has changes that are not committed
        hint: commit or stash your own changes to people/alice.toml first (git add people/alice.toml && git commit), so microvac does not commit them for you
        ");
        repo.mv(&["person", "archive", "alice"]).code(1);
        assert_eq!(repo.read("people/alice.toml"), mine);
        assert_eq!(repo.status(), " M people/alice.toml\n");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn editing_a_file_with_staged_changes_is_refused_and_it_stays_staged() {
        let repo = TestRepo::team();
        let head = repo.head();
        let mine = format!("{}# staged note\n", repo.read("people/alice.toml"));
        repo.write("people/alice.toml", &mine);
        repo.git(&["add", "people/alice.toml"]);
        repo.mv(&["person", "edit", "alice", "--role", "staff"])
            .code(1);
        assert_eq!(repo.read("people/alice.toml"), mine);
        assert_eq!(repo.status(), "M  people/alice.toml\n");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn a_change_leaves_the_users_staged_and_unstaged_edits_of_other_records_as_they_were() {
        let repo = TestRepo::team();
        let bob = format!("{}# staged by the user\n", repo.read("people/bob.toml"));
        repo.write("people/bob.toml", &bob);
        repo.git(&["add", "people/bob.toml"]);
        let payments = format!("{}# unstaged note\n", repo.read("projects/payments.toml"));
        repo.write("projects/payments.toml", &payments);
        let staged = repo.git(&["diff", "--cached"]);

        repo.mv(&["person", "edit", "alice", "--role", "staff"])
            .success();

        assert_eq!(repo.last_commit_files(), "people/alice.toml\n");
        assert_eq!(
            repo.status(),
            "M  people/bob.toml\n M projects/payments.toml\n"
        );
        assert_eq!(repo.git(&["diff", "--cached"]), staged);
        assert_eq!(repo.read("people/bob.toml"), bob);
        assert_eq!(repo.read("projects/payments.toml"), payments);
    }

    #[test]
    fn display_names_are_free_unicode_text() {
        let repo = TestRepo::tracker();
        repo.mv(&[
            "person",
            "add",
            "zoe",
            "--name",
            "Zoë Ångström-李",
            "--role",
            "staff \"IC\"",
        ])
        .success();
        assert_eq!(repo.last_subject(), "add person zoe (Zoë Ångström-李)");
        let people = repo
            .mv(&["person", "list", "--format", "json"])
            .success()
            .json();
        assert_eq!(people[0]["name"], "Zoë Ångström-李");
        assert_eq!(people[0]["role"], "staff \"IC\"");
        repo.mv(&["check"]).success();
    }

    #[test]
    fn adding_over_an_untracked_file_in_the_way_is_refused() {
        let repo = TestRepo::team();
        let head = repo.head();
        // Not a record yet for microvac's lookup, but the path is taken.
        repo.write("people/carol.toml", "name = \"Carol\"\n");
        let out = repo.mv(&["person", "add", "carol"]).code(1);
        assert!(out.stderr().contains("already exists"), "{out}");
        assert_eq!(repo.read("people/carol.toml"), "name = \"Carol\"\n");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn commands_outside_a_tracker_say_how_to_start_one() {
        let repo = TestRepo::new();
        let out = repo.mv(&["person", "list"]).code(1);
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stderr(), @r"
        error: no microvac tracker here: no microvac.toml in [TMP]/repo or any parent up to the work tree's root
        hint: `mv init` starts one in your team's repository; -C PATH runs in another directory
        hint: to move files named like a microvac command, put `--` first: `mv -- person list`
        ");
        });
        let plain = TestRepo::plain();
        let out = plain.mv(&["person", "list"]).code(1);
        assert!(out.stderr().contains("not inside a git work tree"), "{out}");
    }
}

mod commits {
    use super::*;

    #[test]
    fn each_change_is_one_commit_touching_only_its_file() {
        let repo = TestRepo::team();
        repo.mv(&["person", "edit", "bob", "--role", "staff"])
            .success();
        repo.mv(&["project", "archive", "payments"]).success();
        let mut log = String::new();
        for n in 0..6 {
            let rev = format!("HEAD~{n}");
            let subject = repo.git(&["log", "-1", "--format=%s", &rev]);
            let action = repo.git(&[
                "log",
                "-1",
                "--format=%(trailers:key=Microvac-Action,valueonly,separator=)",
                &rev,
            ]);
            let files = repo.git(&["show", "--name-only", "--format=", &rev]);
            let files = if n == 5 {
                format!("{} files", files.lines().count())
            } else {
                files.trim().to_owned()
            };
            log.push_str(&format!(
                "{} | {} | {files}\n",
                subject.trim(),
                action.trim()
            ));
        }
        assert_snapshot!(log, @r"
        archive project payments | project-archive | projects/payments.toml
        edit person bob: role | person-edit | people/bob.toml
        add project payments (Payments platform) | project-add | projects/payments.toml
        add person bob (Bob) | person-add | people/bob.toml
        add person alice (Alice Liddell) | person-add | people/alice.toml
        start the microvac tracker for Platform | init | 28 files
        ");
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn a_linked_worktree_gets_its_own_commits_and_stays_clean() {
        let repo = TestRepo::team();
        let main_head = repo.head();
        repo.git(&["worktree", "add", "-q", "-b", "side", "../wt"]);
        let wt = repo.base().join("wt");

        repo.mv_cmd(&["person", "add", "carol"])
            .current_dir(&wt)
            .run()
            .success();

        assert_eq!(
            repo.git_in(&wt, &["log", "-1", "--format=%s"]),
            "add person carol\n"
        );
        assert_eq!(
            repo.git_in(&wt, &["show", "--name-only", "--format=", "HEAD"]),
            "people/carol.toml\n"
        );
        assert_eq!(repo.git_in(&wt, &["status", "--porcelain"]), "");
        assert_eq!(
            repo.head(),
            main_head,
            "the main worktree's branch is untouched"
        );
        assert_eq!(repo.status(), "");
        assert!(!repo.exists("people/carol.toml"));
        repo.assert_fsck_clean();
    }

    #[test]
    fn a_held_index_lock_fails_after_a_short_wait_naming_it_and_is_left_in_place() {
        let repo = TestRepo::team();
        let head = repo.head();
        repo.write(".git/index.lock", "");
        let started = std::time::Instant::now();
        let out = repo.mv(&["person", "add", "carol"]).code(1);
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_secs(1) && waited < Duration::from_secs(30),
            "{waited:?}"
        );
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stderr(), @r"
        error: .git/index.lock is left over from a git command that was killed: no git process is running in this clone, and it was last written less than a minute ago
        hint: if no git command is running in this clone, remove it: rm '.git/index.lock'; then run the command again
        ");
        });
        assert!(repo.exists(".git/index.lock"), "never deleted");
        assert!(!repo.exists("people/carol.toml"));
        assert_eq!(repo.head(), head);
        std::fs::remove_file(repo.path().join(".git/index.lock")).unwrap();
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn two_concurrent_writers_both_succeed_and_both_commits_are_kept() {
        let repo = TestRepo::tracker();
        let mut expected = Vec::new();
        for round in 0..3 {
            let (one, two) = (format!("first{round}"), format!("second{round}"));
            let a = repo.microvac_cmd(&["person", "add", &one]).spawn();
            let b = repo.microvac_cmd(&["person", "add", &two]).spawn();
            a.wait().success();
            b.wait().success();
            expected.push(format!("add person {one}"));
            expected.push(format!("add person {two}"));
        }
        let log = repo.git(&["log", "--format=%s"]);
        for subject in &expected {
            assert!(
                log.lines().any(|l| l == subject),
                "{subject} missing from\n{log}"
            );
        }
        assert_eq!(repo.commit_count(), 1 + expected.len());
        for subject in &expected {
            let handle = subject.trim_start_matches("add person ");
            let files = repo.git(&[
                "log",
                "-1",
                "--format=",
                "--name-only",
                &format!("--grep=^{subject}$"),
            ]);
            assert_eq!(files.trim(), format!("people/{handle}.toml"));
        }
        assert_eq!(repo.status(), "");
        assert!(!repo.exists(".git/microvac.lock"));
        repo.assert_fsck_clean();
    }

    #[test]
    fn git_fsck_is_clean_after_every_kind_of_change() {
        let repo = TestRepo::team();
        repo.mv(&["vacuum", "add", "pairing", "--title", "Pairing"])
            .success();
        repo.mv(&[
            "person",
            "edit",
            "alice",
            "--role",
            "staff",
            "--email",
            "alice@example.com",
        ])
        .success();
        repo.mv(&["project", "edit", "payments", "--needs", "retros"])
            .success();
        repo.mv(&["vacuum", "edit", "pairing", "--tip", "Start small."])
            .success();
        repo.mv(&["person", "archive", "bob"]).success();
        assert_eq!(repo.commit_count(), 9);
        assert_eq!(repo.status(), "");
        repo.mv(&["check"]).success();
        repo.assert_fsck_clean();
    }
}

mod check {
    use super::*;

    #[test]
    fn a_clean_tracker_passes_and_quiet_prints_nothing() {
        let repo = TestRepo::team();
        assert_snapshot!(repo.mv(&["check"]).success().stdout(), @"checked 16 files: no problems");
        assert_eq!(repo.mv(&["check", "--quiet"]).success().stdout(), "");
    }

    #[test]
    fn broken_toml_is_reported_with_file_line_column_and_a_caret() {
        let repo = TestRepo::team();
        repo.write(
            "people/carol.toml",
            "# Carol\nname = \"Carol\nrole = \"staff\"\n",
        );
        let out = repo.mv(&["check"]).code(1);
        assert_snapshot!(out.stderr(), @r#"
            error: invalid basic string, expected `"`
             --> people/carol.toml:2:14
              |
            2 |   name = "Carol
              |  ______________^
            3 | | role = "staff"
              | |_^

            error: 1 problem found
            "#);
        assert_eq!(out.stdout(), "");
    }

    #[test]
    fn an_unknown_status_is_reported_where_it_is() {
        let repo = TestRepo::team();
        repo.write(
            "people/carol.toml",
            "name = \"Carol\"\nstatus = \"actve\"\n",
        );
        let out = repo.mv(&["check"]).code(1);
        assert_snapshot!(out.stderr(), @r#"
        error: unknown status "actve": expected one of active, archived
         --> people/carol.toml:2:10
          |
        2 | status = "actve"
          |          ^^^^^^^

        error: 1 problem found
        "#);
    }

    #[test]
    fn references_to_missing_records_are_reported_with_a_suggestion() {
        let repo = TestRepo::team();
        repo.write(
            "projects/billing.toml",
            "name = \"Billing\"\nneeds = [\"sprint-planing\"]\n",
        );
        repo.write(
            "commitments/alice/sprint-planning--payments-abc123.toml",
            "person = \"alice\"\nvacuum = \"sprint-planning\"\nproject = \"payments\"\nstatus = \"active\"\nstarted = 2026-11-02\nbuddy = \"bobb\"\n",
        );
        repo.write(
            "commitments/alice/retros--payments-def456.toml",
            "person = \"zed\"\nvacuum = \"retros\"\nproject = \"payments\"\nstatus = \"active\"\nstarted = 2026-11-02\n",
        );
        let out = repo.mv(&["check"]).code(1);
        assert_snapshot!(out.stderr(), @r#"
            error: no person named "zed"
             --> commitments/alice/retros--payments-def456.toml:1:10
              |
            1 | person = "zed"
              |          ^^^^^

            error: the file is under commitments/alice/ but names person "zed"
             --> commitments/alice/retros--payments-def456.toml:1:10
              |
            1 | person = "zed"
              |          ^^^^^

            error: no person named "bobb" (did you mean "bob"?)
             --> commitments/alice/sprint-planning--payments-abc123.toml:6:9
              |
            6 | buddy = "bobb"
              |         ^^^^^^

            error: no vacuum named "sprint-planing" (did you mean "sprint-planning"?)
             --> projects/billing.toml:2:10
              |
            2 | needs = ["sprint-planing"]
              |          ^^^^^^^^^^^^^^^^

            error: 4 problems found
            "#);
    }

    #[test]
    fn a_broken_file_does_not_stop_list_from_listing_the_others() {
        let repo = TestRepo::team();
        repo.write("people/carol.toml", "name = \"Carol\n");
        let out = repo.mv(&["person", "list", "--format", "csv"]).success();
        assert_eq!(
            out.stdout(),
            "HANDLE,NAME,ROLE,MANAGER,STATUS\nalice,Alice Liddell,senior,,active\nbob,Bob,tech lead,alice,active\n"
        );
        assert_snapshot!(out.stderr(), @r#"
            warning: skipped people/carol.toml:1:14: invalid basic string, expected `"` (run `mv check`)
            "#);
        // Commands that do not read people are not bothered at all.
        let projects = repo.mv(&["project", "list", "--format", "csv"]).success();
        assert_eq!(projects.stderr(), "");
        // Showing a healthy record still works; showing the broken one explains.
        repo.mv(&["person", "show", "alice"]).success();
        let broken = repo.mv(&["person", "show", "carol"]).code(1);
        assert!(
            broken.stderr().contains("people/carol.toml:1:14"),
            "{broken}"
        );
    }

    #[test]
    fn check_as_json_lists_each_problem_with_file_line_and_column() {
        let repo = TestRepo::team();
        repo.write(
            "people/carol.toml",
            "name = \"Carol\"\nstatus = \"actve\"\nmanager = \"alcie\"\n",
        );
        let out = repo.mv(&["check", "--format", "json"]).code(1);
        assert_snapshot!(out.stdout(), @r#"
        {
          "files": 17,
          "problems": [
            {
              "file": "people/carol.toml",
              "line": 2,
              "column": 10,
              "message": "unknown status \"actve\": expected one of active, archived"
            },
            {
              "file": "people/carol.toml",
              "line": 3,
              "column": 11,
              "message": "no person named \"alcie\" (did you mean \"alice\"?)"
            }
          ]
        }
        "#);
        std::fs::remove_file(repo.path().join("people/carol.toml")).unwrap();
        let clean = repo.mv(&["check", "--format", "json"]).success().json();
        assert_eq!(clean, serde_json::json!({"files": 16, "problems": []}));
    }

    /// A conversation names its commitments and a commitment its
    /// conversation, by file stem: each that resolves passes, each that
    /// does not is named where it is written.
    #[test]
    fn check_resolves_references_between_conversations_and_commitments() {
        let repo = TestRepo::team();
        repo.mv(&[
            "log",
            "alice",
            "--exemplar",
            "Tern",
            "--fill",
            "sprint-planning@payments",
        ])
        .success();
        repo.mv(&["check"]).success();
        let files = repo.last_commit_files();
        let of = |dir: &str| {
            files
                .lines()
                .find(|f| f.starts_with(dir))
                .unwrap_or_else(|| panic!("no {dir} in {files}"))
                .to_owned()
        };
        let (conversation, commitment) = (of("conversations/"), of("commitments/"));
        let stem = |f: &str| {
            f.rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".toml")
                .to_owned()
        };
        let text = repo.read(&conversation);
        let listed = format!("commitments = [\"{}\"]", stem(&commitment));
        assert!(text.contains(&listed), "{text}");
        repo.write(
            &conversation,
            &text.replace(
                &listed,
                &format!(
                    "commitments = [\"{}\", \"retros--payments-zzzzzz\"]",
                    stem(&commitment)
                ),
            ),
        );
        let text = repo.read(&commitment);
        let named = format!("conversation = \"{}\"", stem(&conversation));
        assert!(text.contains(&named), "{text}");
        repo.write(
            &commitment,
            &text.replace(&named, "conversation = \"2026-11-23-alice-zzzzzz\""),
        );
        let out = repo.mv(&["check", "--format", "json"]).code(1).json();
        let messages: Vec<(&str, &str)> = out["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["file"].as_str().unwrap(), p["message"].as_str().unwrap()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    commitment.as_str(),
                    "no conversation \"2026-11-23-alice-zzzzzz\""
                ),
                (
                    conversation.as_str(),
                    "no commitment \"retros--payments-zzzzzz\""
                ),
            ]
        );
    }

    #[test]
    fn check_staged_checks_what_would_be_committed_not_the_work_tree() {
        let repo = TestRepo::team();
        repo.write("people/carol.toml", "name = \"Carol\n");
        repo.git(&["add", "people/carol.toml"]);
        repo.write("people/carol.toml", "name = \"Carol\"\n");
        repo.mv(&["check"]).success();
        let out = repo.mv(&["check", "--staged"]).code(1);
        assert!(out.stderr().contains("people/carol.toml:1:14"), "{out}");
    }
}

mod hooks {
    use super::*;

    /// Writes a broken person file and stages it.
    fn stage_broken_carol(repo: &TestRepo) {
        repo.write(
            "people/carol.toml",
            "# hand edit\nname = \"Carol\nrole = \"staff\"\n",
        );
        repo.git(&["add", "people/carol.toml"]);
    }

    #[test]
    fn init_installs_executable_stubs_for_the_three_hooks() {
        let repo = TestRepo::tracker();
        for name in HOOK_NAMES {
            let stub = repo.path().join(".git/hooks").join(name);
            assert!(is_executable(&stub), "{name}");
            let text = repo.read(format!(".git/hooks/{name}"));
            assert!(text.contains("microvac-hook-stub"), "{name}");
            assert!(
                text.contains(&format!("exec microvac hook {name} \"$@\"")),
                "{name}: {text}"
            );
            assert!(
                !is_executable(&repo.path().join("hooks").join(name)),
                "hooks/{name} in the tracker is documentation, not a program"
            );
        }
        // The tracker's hooks/ is committed as plain files.
        let modes = repo.git(&["ls-files", "-s", "hooks"]);
        assert!(modes.lines().all(|l| l.starts_with("100644 ")), "{modes}");
    }

    #[test]
    fn pre_commit_rejects_a_broken_hand_edit_and_accepts_it_once_fixed() {
        let mut repo = TestRepo::team();
        repo.install_microvac();
        let head = repo.head();
        stage_broken_carol(&repo);
        let out = repo
            .git_cmd(&["commit", "-q", "-m", "add carol by hand"])
            .run()
            .failure();
        assert!(out.stderr().contains("--> people/carol.toml:2:14"), "{out}");
        assert!(out.stderr().contains("error: 1 problem found"), "{out}");
        assert_eq!(repo.head(), head);

        repo.write(
            "people/carol.toml",
            "# hand edit\nname = \"Carol\"\nrole = \"staff\"\n",
        );
        repo.git(&["add", "people/carol.toml"]);
        repo.git(&["commit", "-q", "-m", "add carol by hand"]);
        assert_eq!(repo.last_subject(), "add carol by hand");
        assert_eq!(repo.status(), "");
    }

    #[test]
    fn pre_commit_rejects_a_reference_to_a_missing_person() {
        let mut repo = TestRepo::team();
        repo.install_microvac();
        repo.write(
            "people/carol.toml",
            "name = \"Carol\"\nmanager = \"alcie\"\n",
        );
        repo.git(&["add", "people/carol.toml"]);
        let out = repo
            .git_cmd(&["commit", "-q", "-m", "carol"])
            .run()
            .failure();
        assert!(out.stderr().contains("no person named \"alcie\""), "{out}");
    }

    #[test]

    fn pre_commit_checks_what_commit_dash_a_records() {
        let mut repo = TestRepo::team();
        repo.install_microvac();
        let head = repo.head();
        repo.write("people/alice.toml", "name = \"Alice\n");
        let out = repo.git_cmd(&["commit", "-q", "-am", "break alice"]).run();
        assert!(
            !out.status().success(),
            "the broken file was committed\n{out}"
        );
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn without_microvac_installed_the_hook_says_so_and_does_not_block_the_commit() {
        let repo = TestRepo::team();
        stage_broken_carol(&repo);
        let out = repo
            .git_cmd(&["commit", "-q", "-m", "carol"])
            .run()
            .success();
        assert_snapshot!(out.stderr(), @"microvac: not installed, so the pre-commit hook checked nothing (cargo install --path <microvac source> --locked)");
        assert_eq!(repo.last_subject(), "carol");
    }

    #[test]
    fn a_pre_existing_pre_commit_hook_is_kept_and_still_runs() {
        let mut repo = TestRepo::new();
        repo.install_microvac();
        repo.write(
            ".git/hooks/pre-commit",
            "#!/bin/sh\necho \"team hook ran\" >> \"$HOME/hook.log\"\n",
        );
        make_executable(&repo.path().join(".git/hooks/pre-commit"));

        let out = repo.mv(&["init"]).success();
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stderr(), @"kept your existing pre-commit hook as [TMP]/repo/.git/hooks/pre-commit.pre-microvac; it still runs first");
        });
        assert!(
            repo.read(".git/hooks/pre-commit.pre-microvac")
                .contains("team hook ran")
        );

        repo.write("README.md", "# Team\n");
        repo.git(&["add", "README.md"]);
        repo.git(&["commit", "-q", "-m", "readme"]);
        let log = std::fs::read_to_string(repo.home().join("hook.log")).unwrap();
        assert_eq!(log, "team hook ran\n");
        assert_eq!(repo.last_subject(), "readme");

        // Running init again keeps the chain as it is.
        repo.mv(&["init"]).success();
        assert!(
            repo.read(".git/hooks/pre-commit")
                .contains("microvac-hook-stub")
        );
        assert!(
            repo.read(".git/hooks/pre-commit.pre-microvac")
                .contains("team hook ran")
        );
    }

    #[test]
    fn a_failing_pre_existing_hook_still_blocks_the_commit() {
        let repo = TestRepo::new();
        repo.write(
            ".git/hooks/pre-commit",
            "#!/bin/sh\necho 'team policy says no' >&2\nexit 1\n",
        );
        make_executable(&repo.path().join(".git/hooks/pre-commit"));
        repo.mv(&["init"]).success();
        let head = repo.head();
        repo.write("README.md", "# Team\n");
        repo.git(&["add", "README.md"]);
        let out = repo
            .git_cmd(&["commit", "-q", "-m", "readme"])
            .run()
            .failure();
        assert!(out.stderr().contains("team policy says no"), "{out}");
        assert_eq!(repo.head(), head);
    }

    #[test]
    fn core_hooks_path_set_by_another_tool_is_left_alone_and_the_line_to_add_is_printed() {
        let repo = TestRepo::new();
        repo.write(".husky/pre-commit", "#!/bin/sh\nnpx lint-staged\n");
        repo.git(&["config", "core.hooksPath", ".husky"]);
        let out = repo.mv(&["init"]).success();
        repo.snapshot_filters().bind(|| {
            assert_snapshot!(out.stderr(), @r#"
            warning: core.hooksPath is set to .husky, which another tool manages, so microvac did not install its pre-commit hook there; add this line to [TMP]/repo/.husky/pre-commit to validate the tracker:
                if command -v microvac >/dev/null 2>&1; then microvac hook pre-commit "$@" || exit $?; fi
            warning: core.hooksPath is set to .husky, which another tool manages, so microvac did not install its post-merge hook there; add this line to [TMP]/repo/.husky/post-merge to validate the tracker:
                if command -v microvac >/dev/null 2>&1; then microvac hook post-merge "$@" || exit $?; fi
            warning: core.hooksPath is set to .husky, which another tool manages, so microvac did not install its post-checkout hook there; add this line to [TMP]/repo/.husky/post-checkout to validate the tracker:
                if command -v microvac >/dev/null 2>&1; then microvac hook post-checkout "$@" || exit $?; fi
            "#);
        });
        assert_eq!(
            repo.read(".husky/pre-commit"),
            "#!/bin/sh\nnpx lint-staged\n"
        );
        assert!(!repo.exists(".husky/post-merge"));
        for name in HOOK_NAMES {
            assert!(
                !repo.exists(format!(".git/hooks/{name}")),
                "{name} written to .git/hooks"
            );
        }
        assert_eq!(repo.commit_count(), 1);
    }

    #[test]

    fn post_checkout_after_a_branch_switch_validates_the_tracker_without_errors() {
        let mut repo = TestRepo::team();
        repo.install_microvac();
        repo.git(&["checkout", "-q", "-b", "side"]);
        repo.write("people/carol.toml", "name = \"Carol\"\n");
        repo.git(&["add", "people/carol.toml"]);
        repo.git(&["commit", "-q", "-m", "carol"]);
        let out = repo.git_cmd(&["checkout", "-q", "main"]).run().success();
        assert_eq!(out.stderr(), "", "a clean tracker checks out quietly");
    }

    #[test]
    fn post_checkout_reports_a_broken_tracker_after_a_branch_switch_but_never_blocks() {
        let mut repo = TestRepo::team();
        repo.install_microvac();
        repo.git(&["checkout", "-q", "-b", "side"]);
        repo.write("people/carol.toml", "name = \"Carol\n");
        repo.git(&["add", "people/carol.toml"]);
        repo.git(&["commit", "-q", "--no-verify", "-m", "broken carol"]);
        repo.git(&["checkout", "-q", "main"]);
        let out = repo.git_cmd(&["checkout", "-q", "side"]).run().success();
        assert!(out.stderr().contains("people/carol.toml:1:14"), "{out}");
    }
}

mod json {
    use super::*;

    #[test]
    fn every_read_command_prints_valid_json_with_format_json() {
        let repo = TestRepo::team();
        for args in [
            &["person", "list"][..],
            &["person", "list", "--all"],
            &["project", "list"],
            &["vacuum", "list"],
            &["person", "show", "alice"],
            &["project", "show", "payments"],
            &["vacuum", "show", "sprint-planning"],
            &["check"],
        ] {
            let mut with_json = args.to_vec();
            with_json.extend(["--format", "json"]);
            let value = repo.mv(&with_json).success().json();
            let list = args.get(1) == Some(&"list");
            assert_eq!(value.is_array(), list, "{args:?}: {value}");
            assert_eq!(value.is_object(), !list, "{args:?}: {value}");
        }
        let vacuums = repo
            .mv(&["vacuum", "list", "--format", "json"])
            .success()
            .json();
        let slugs: Vec<&str> = vacuums
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["slug"].as_str().unwrap())
            .collect();
        for script in [
            "project-plan",
            "sprint-planning",
            "status-email",
            "all-hands",
        ] {
            assert!(
                slugs.contains(&script),
                "{script} missing from the default catalog"
            );
        }
        let project = repo
            .mv(&["project", "show", "payments", "--format", "json"])
            .success()
            .json();
        assert_eq!(
            project["needs"],
            serde_json::json!(["sprint-planning", "status-email"])
        );
        assert_eq!(project["commitments"], serde_json::json!([]));
    }
}

/// The microvac binary is found by the helper (and not the system's).
#[test]
fn the_helper_runs_the_binaries_under_test() {
    let repo = TestRepo::plain();
    let out = repo.cmd(microvac_bin(), &["--version"]).run().success();
    assert_eq!(
        out.stdout(),
        format!("microvac {}\n", env!("CARGO_PKG_VERSION"))
    );

    // `mv --version` is microvac's, and says so.
    let out = repo.mv(&["--version"]).success();
    assert_eq!(
        out.stdout(),
        format!("microvac {}\n", env!("CARGO_PKG_VERSION"))
    );
}

mod rollback {
    use super::*;

    /// When the commit itself fails (here: another process holds the branch
    /// ref's lock), the files written for it are removed again, so no
    /// record is left without its commit.
    #[test]
    fn a_failed_commit_rolls_the_work_tree_back() {
        let repo = TestRepo::team();
        let head = repo.head();
        repo.write(".git/refs/heads/main.lock", "");
        let out = repo
            .mv(&["person", "add", "dora", "--name", "Dora"])
            .failure();
        assert!(!out.stderr().contains("panicked"), "{out}");
        assert!(
            !repo.exists("people/dora.toml"),
            "the new file was rolled back"
        );
        assert_eq!(repo.head(), head, "no commit");
        std::fs::remove_file(repo.path().join(".git/refs/heads/main.lock")).unwrap();
        assert_eq!(repo.status(), "");

        // An edit is rolled back to the old text, not deleted.
        let before = repo.read("people/alice.toml");
        repo.write(".git/refs/heads/main.lock", "");
        repo.mv(&["person", "edit", "alice", "--role", "staff"])
            .failure();
        std::fs::remove_file(repo.path().join(".git/refs/heads/main.lock")).unwrap();
        assert_eq!(repo.read("people/alice.toml"), before);
        assert_eq!(repo.status(), "");
        repo.assert_fsck_clean();
    }
}

mod shell_init {
    use super::*;

    /// `eval "$(microvac shell-init)"` defines `mv` as a shell function:
    /// file moves go straight to the system mv, commands to microvac.
    #[test]
    fn the_shell_function_moves_files_and_runs_commands() {
        let mut repo = TestRepo::team();
        // The function finds `microvac` on PATH when it runs.
        repo.install_microvac();
        repo.write("a.txt", "moved\n");
        let script = format!(
            "eval \"$({} shell-init)\" && type mv | head -1 && mv a.txt b.txt && mv person list --format csv",
            microvac_bin().display()
        );
        let out = repo.cmd("bash", &["-c", &script]).run().success();
        assert!(out.stdout().starts_with("mv is a function\n"), "{out}");
        assert!(out.stdout().contains("alice,Alice Liddell"), "{out}");
        assert!(!repo.exists("a.txt"));
        assert_eq!(repo.read("b.txt"), "moved\n");
        let out = repo
            .cmd(
                "bash",
                &[
                    "-c",
                    &format!(
                        "eval \"$({} shell-init)\"; mv missing x",
                        microvac_bin().display()
                    ),
                ],
            )
            .run();
        assert_eq!(out.status().code(), Some(1), "{out}");
        assert!(out.stderr().contains("cannot stat 'missing'"), "{out}");
    }
}
