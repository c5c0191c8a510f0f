//! A small fluent helper for integration tests: a temporary directory
//! (usually a fresh git repository), the `mv` and `microvac` binaries and
//! the `git` program, all run in one hermetic environment.
//!
//! Every spawned process starts from `env_clear()` and gets only: the real
//! `PATH` (minus any directory holding an installed `microvac`, so a test
//! decides whether the hooks find one), a private `HOME` and
//! `XDG_CONFIG_HOME`, no system or global git config (`GIT_CONFIG_NOSYSTEM`,
//! `GIT_CONFIG_SYSTEM` and `GIT_CONFIG_GLOBAL`), a fixed author,
//! committer and dates, a fixed microvac clock, `TZ=UTC`, `LANG=C`,
//! `NO_COLOR=1` and `COLUMNS=100`.
//!
//! ```ignore
//! let repo = TestRepo::new();
//! repo.mv(&["init"]).success();
//! repo.mv(&["person", "add", "alice"]).success();
//! assert_eq!(repo.git(&["log", "-1", "--format=%s"]), "add person alice\n");
//! ```
//!
//! Most tests start from a team ([`TestRepo::team`], or a [`Team`] with
//! more people and projects) and snapshot what a user sees with
//! [`TestRepo::snapshot_filters`] bound, so temporary paths and commit ids
//! do not show.

use std::{
    ffi::{OsStr, OsString},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{self, ExitStatus},
    time::Duration,
};

/// The fixed moment every process sees: author and committer dates and the
/// microvac clock.
pub const NOW: &str = "2026-11-23T10:00:00Z";
pub const AUTHOR_NAME: &str = "Erin Manager";
pub const AUTHOR_EMAIL: &str = "erin@example.com";

/// How long any one spawned process may run before the test fails.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The identity variables, dropped by [`TestRepo::without_identity`].
const IDENTITY_VARS: &[&str] = &[
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
];

/// The `mv` binary under test (microvac with the pass-through).
pub fn mv_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_mv"))
}

/// The `microvac` binary under test (never passes through).
pub fn microvac_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_microvac"))
}

/// The real `PATH`, without directories that hold a `microvac` program.
fn base_path() -> Vec<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into());
    std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty() && !dir.join("microvac").exists())
        .collect()
}

/// A temporary directory to run commands in, with its own `HOME`.
///
/// Layout: `<tmp>/repo` is the work tree (`path()`), `<tmp>/home` is `HOME`;
/// other scratch directories can be made with [`TestRepo::scratch`].
pub struct TestRepo {
    /// Owns the directory: removed when the repo is dropped.
    _tmp: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    identity: bool,
    path_prefix: Vec<PathBuf>,
}

impl TestRepo {
    /// A fresh, empty git repository (`git init -q -b main`): an unborn
    /// `main` branch and no commit.
    pub fn new() -> TestRepo {
        let repo = TestRepo::plain();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// A plain directory: no git repository anywhere above it.
    pub fn plain() -> TestRepo {
        let tmp = tempfile::Builder::new()
            .prefix("microvac-test-")
            .tempdir()
            .expect("create a temporary directory");
        // Canonical, so paths microvac prints (it canonicalises) match ours.
        let base = tmp.path().canonicalize().expect("canonical temp dir");
        let root = base.join("repo");
        let home = base.join("home");
        std::fs::create_dir_all(&root).expect("create the work tree");
        std::fs::create_dir_all(home.join(".config")).expect("create HOME");
        TestRepo {
            _tmp: tmp,
            root,
            home,
            identity: true,
            path_prefix: Vec::new(),
        }
    }

    /// A fresh repository with a tracker in it (`mv init --team Platform`).
    pub fn tracker() -> TestRepo {
        let repo = TestRepo::new();
        repo.mv(&["init", "--team", "Platform"]).success();
        repo
    }

    /// A tracker with the usual team: alice (Alice Liddell, senior), bob
    /// (Bob, tech lead, managed by alice) and the project payments (Payments
    /// platform), which needs sprint-planning and status-email. For more,
    /// see [`Team`].
    pub fn team() -> TestRepo {
        Team::new().build()
    }

    /// The work tree's root.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The private `HOME`.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The temporary directory holding the work tree and `HOME`.
    pub fn base(&self) -> &Path {
        self.root.parent().expect("the work tree has a parent")
    }

    /// A new, empty directory `name` beside the work tree.
    pub fn scratch(&self, name: &str) -> PathBuf {
        let dir = self.base().join(name);
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        dir
    }

    /// From now on, run everything without a git identity (no
    /// `GIT_AUTHOR_*` / `GIT_COMMITTER_*`; there is no config either).
    pub fn without_identity(&mut self) -> &mut Self {
        self.identity = false;
        self
    }

    /// From now on, search `dir` before the rest of `PATH`.
    pub fn prepend_path(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.path_prefix.insert(0, dir.into());
        self
    }

    /// Puts the `microvac` under test on `PATH` (as a symlink in a
    /// directory of its own, so the built `mv` does not come with it), as
    /// installing microvac would; hooks then find it.
    pub fn install_microvac(&mut self) -> &mut Self {
        let bin = self.scratch("installed-bin");
        let link = bin.join("microvac");
        if !link.exists() {
            std::os::unix::fs::symlink(microvac_bin(), &link).expect("link microvac");
        }
        self.prepend_path(bin)
    }

    /// The `PATH` every process gets.
    pub fn path_var(&self) -> OsString {
        let dirs = self.path_prefix.iter().cloned().chain(base_path());
        std::env::join_paths(dirs).expect("PATH")
    }

    /// A hermetic command running `program` in the work tree.
    pub fn command(&self, program: impl AsRef<OsStr>) -> process::Command {
        let mut cmd = process::Command::new(program);
        cmd.env_clear()
            .current_dir(&self.root)
            .env("PATH", self.path_var())
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_SYSTEM", "/dev/null")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", NOW)
            .env("GIT_COMMITTER_DATE", NOW)
            .env("MICROVAC_NOW", NOW)
            .env("TZ", "UTC")
            .env("LANG", "C")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100");
        if self.identity {
            cmd.env("GIT_AUTHOR_NAME", AUTHOR_NAME)
                .env("GIT_AUTHOR_EMAIL", AUTHOR_EMAIL)
                .env("GIT_COMMITTER_NAME", AUTHOR_NAME)
                .env("GIT_COMMITTER_EMAIL", AUTHOR_EMAIL);
        } else {
            for var in IDENTITY_VARS {
                cmd.env_remove(var);
            }
        }
        cmd
    }

    /// Runs `mv ARGS` in the work tree.
    #[track_caller]
    pub fn mv(&self, args: &[&str]) -> Output {
        self.mv_cmd(args).run()
    }

    /// Runs `microvac ARGS` in the work tree.
    #[track_caller]
    pub fn microvac(&self, args: &[&str]) -> Output {
        self.microvac_cmd(args).run()
    }

    /// `mv ARGS`, to adjust before running (directory, stdin, env).
    pub fn mv_cmd(&self, args: &[&str]) -> Run {
        Run::new(self.command(mv_bin()), args)
    }

    /// `microvac ARGS`, to adjust before running.
    pub fn microvac_cmd(&self, args: &[&str]) -> Run {
        Run::new(self.command(microvac_bin()), args)
    }

    /// Any program with ARGS, to adjust before running.
    pub fn cmd(&self, program: impl AsRef<OsStr>, args: &[&str]) -> Run {
        Run::new(self.command(program), args)
    }

    /// Runs `git ARGS` in the work tree; fails the test unless it succeeds,
    /// and returns its stdout.
    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        self.git_cmd(args).run().success().stdout()
    }

    /// Runs `git ARGS` in `dir` (relative to the work tree, or absolute).
    #[track_caller]
    pub fn git_in(&self, dir: impl AsRef<Path>, args: &[&str]) -> String {
        self.git_cmd(args).current_dir(dir).run().success().stdout()
    }

    /// `git ARGS`, to adjust before running or to expect a failure.
    pub fn git_cmd(&self, args: &[&str]) -> Run {
        self.cmd("git", args)
    }

    /// Writes `text` to `rel` (relative to the work tree), creating parents.
    pub fn write(&self, rel: impl AsRef<Path>, text: &str) -> &Self {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// The text of `rel` (relative to the work tree).
    #[track_caller]
    pub fn read(&self, rel: impl AsRef<Path>) -> String {
        let path = self.root.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Whether `rel` exists in the work tree.
    pub fn exists(&self, rel: impl AsRef<Path>) -> bool {
        self.root.join(rel).exists()
    }

    /// `HEAD`'s commit id, or `None` on an unborn branch.
    pub fn head(&self) -> Option<String> {
        let out = self.git_cmd(&["rev-parse", "-q", "--verify", "HEAD"]).run();
        out.status()
            .success()
            .then(|| out.stdout().trim().to_owned())
    }

    /// How many commits `HEAD` has (0 on an unborn branch).
    pub fn commit_count(&self) -> usize {
        match self.head() {
            None => 0,
            Some(_) => self
                .git(&["rev-list", "--count", "HEAD"])
                .trim()
                .parse()
                .expect("a count"),
        }
    }

    /// `git status --porcelain`: empty when nothing is changed or untracked.
    pub fn status(&self) -> String {
        self.git(&["status", "--porcelain"])
    }

    /// The paths the last commit touched, one a line.
    pub fn last_commit_files(&self) -> String {
        self.git(&["show", "--name-only", "--format=", "HEAD"])
    }

    /// The last commit's subject.
    pub fn last_subject(&self) -> String {
        self.git(&["log", "-1", "--format=%s"])
            .trim_end()
            .to_owned()
    }

    /// The values of trailer `key` in the last commit, one a line.
    pub fn last_trailer(&self, key: &str) -> String {
        self.git(&[
            "log",
            "-1",
            &format!("--format=%(trailers:key={key},valueonly)"),
        ])
        .trim_end()
        .to_owned()
    }

    /// Fails the test unless `git fsck --strict` finds nothing wrong.
    #[track_caller]
    pub fn assert_fsck_clean(&self) {
        assert_fsck_says_nothing(self.git_cmd(&["fsck", "--strict", "--no-progress"]));
    }

    /// The tracker-relative path of `person`'s one commitment file (fails
    /// unless there is exactly one).
    #[track_caller]
    pub fn only_commitment(&self, person: &str) -> String {
        let dir = self.path().join("commitments").join(person);
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("the person's commitments folder")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        format!("commitments/{person}/{}", files.remove(0))
    }

    /// The ID of `person`'s one commitment, as `mv list` shows it.
    #[track_caller]
    pub fn only_commitment_id(&self, person: &str) -> String {
        id_of(&self.only_commitment(person))
    }

    /// insta settings whose filters keep snapshots of this repo's output
    /// stable: this test's temporary directory shows as `[TMP]`, the
    /// abbreviated commit id microvac prints after a recorded change,
    /// `(0123456789)`, as `([ID])`, and the time spent waiting for a lock,
    /// `waited 3001 ms`, as `waited [N] ms`.
    ///
    /// ```ignore
    /// repo.snapshot_filters().bind(|| {
    ///     assert_snapshot!(out.stdout(), @"recorded: add person alice ([ID])");
    /// });
    /// ```
    ///
    /// (`let _filters = repo.snapshot_filters().bind_to_scope();` filters
    /// every snapshot to the end of the scope instead.)
    ///
    /// Commitment and conversation IDs need no filter: they are derived
    /// from the author and the fixed clock, so they are the same every run.
    pub fn snapshot_filters(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(&regex_literal(&self.base().display().to_string()), "[TMP]");
        settings.add_filter(r"\([0-9a-fA-F]{7,}\)", "([ID])");
        settings.add_filter(r"waited [0-9]+", "waited [N]");
        settings
    }
}

/// A regex matching exactly `text`: its regex meta characters escaped (the
/// list is `regex_syntax::is_meta_character`'s).
fn regex_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The team a test starts from: a tracker (`mv init --team Platform`) with
/// people and projects added by microvac itself, each in its own commit,
/// people first, in the order they were named.
///
/// [`Team::new`] is the usual team, the one [`TestRepo::team`] builds:
///
/// - `mv person add alice --name "Alice Liddell" --role senior`
/// - `mv person add bob --name Bob --role "tech lead" --manager alice`
/// - `mv project add payments --name "Payments platform" --needs sprint-planning,status-email`
///
/// A test that needs more says so:
///
/// ```ignore
/// let repo = Team::new()
///     .person("carol", "Carol Danvers", "senior")
///     .project("checkout", &["sprint-planning", "retros"])
///     .needs("payments", &["sprint-planning", "status-email", "project-plan"])
///     .build();
/// ```
pub struct Team {
    people: Vec<TeamPerson>,
    projects: Vec<TeamProject>,
}

struct TeamPerson {
    handle: &'static str,
    name: &'static str,
    role: &'static str,
    manager: Option<&'static str>,
}

struct TeamProject {
    slug: &'static str,
    name: Option<&'static str>,
    needs: Vec<&'static str>,
}

impl Default for Team {
    fn default() -> Team {
        Team::new()
    }
}

impl Team {
    /// The usual team: alice, bob and payments (see [`Team`]).
    pub fn new() -> Team {
        Team {
            people: vec![
                TeamPerson {
                    handle: "alice",
                    name: "Alice Liddell",
                    role: "senior",
                    manager: None,
                },
                TeamPerson {
                    handle: "bob",
                    name: "Bob",
                    role: "tech lead",
                    manager: Some("alice"),
                },
            ],
            projects: vec![TeamProject {
                slug: "payments",
                name: Some("Payments platform"),
                needs: vec!["sprint-planning", "status-email"],
            }],
        }
    }

    /// One more person, added after the others (no manager).
    pub fn person(mut self, handle: &'static str, name: &'static str, role: &'static str) -> Team {
        self.people.push(TeamPerson {
            handle,
            name,
            role,
            manager: None,
        });
        self
    }

    /// One more project (no display name) needing `needs`, added after the
    /// others.
    pub fn project(mut self, slug: &'static str, needs: &[&'static str]) -> Team {
        self.projects.push(TeamProject {
            slug,
            name: None,
            needs: needs.to_vec(),
        });
        self
    }

    /// What project `slug`, already on the team, needs instead.
    #[track_caller]
    pub fn needs(mut self, slug: &str, needs: &[&'static str]) -> Team {
        let project = self
            .projects
            .iter_mut()
            .find(|p| p.slug == slug)
            .unwrap_or_else(|| panic!("no project {slug:?} on the team"));
        project.needs = needs.to_vec();
        self
    }

    /// A fresh tracker with this team added by `mv person add` and
    /// `mv project add`.
    #[track_caller]
    pub fn build(self) -> TestRepo {
        let repo = TestRepo::tracker();
        for person in &self.people {
            let mut args = vec![
                "person",
                "add",
                person.handle,
                "--name",
                person.name,
                "--role",
                person.role,
            ];
            if let Some(manager) = person.manager {
                args.extend(["--manager", manager]);
            }
            repo.mv(&args).success();
        }
        for project in &self.projects {
            let needs = project.needs.join(",");
            let mut args = vec!["project", "add", project.slug];
            if let Some(name) = project.name {
                args.extend(["--name", name]);
            }
            args.extend(["--needs", &needs]);
            repo.mv(&args).success();
        }
        repo
    }
}

/// A command ready to run, with what the test may still change.
pub struct Run {
    cmd: process::Command,
    stdin: Option<Vec<u8>>,
    timeout: Duration,
}

impl Run {
    fn new(mut cmd: process::Command, args: &[&str]) -> Run {
        cmd.args(args);
        Run {
            cmd,
            stdin: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Runs in `dir`: relative to the work tree (the current directory so
    /// far), or absolute.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Run {
        let base = self
            .cmd
            .get_current_dir()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.cmd.current_dir(base.join(dir));
        self
    }

    /// Feeds `text` on stdin (otherwise stdin is empty).
    pub fn stdin(mut self, text: impl Into<Vec<u8>>) -> Run {
        self.stdin = Some(text.into());
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Run {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Run {
        self.cmd.env_remove(key);
        self
    }

    /// Sets the program's `argv[0]` (as a shell would when it finds the
    /// program on PATH).
    pub fn arg0(mut self, arg0: &str) -> Run {
        self.cmd.arg0(arg0);
        self
    }

    /// Fails the test if the program runs longer than `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Run {
        self.timeout = timeout;
        self
    }

    /// The command line, for failure messages.
    fn describe(&self) -> String {
        let mut line = self.cmd.get_program().to_string_lossy().into_owned();
        for arg in self.cmd.get_args() {
            line.push(' ');
            line.push_str(&format!("{:?}", arg.to_string_lossy()));
        }
        line
    }

    /// Starts the program without waiting for it (stdout and stderr
    /// captured, stdin empty unless set).
    pub fn spawn(self) -> Running {
        let command = self.describe();
        let Run {
            cmd,
            stdin,
            timeout,
        } = self;
        let mut cmd = assert_cmd::Command::from_std(cmd);
        cmd.timeout(timeout).write_stdin(stdin.unwrap_or_default());
        let handle = std::thread::spawn(move || cmd.output());
        Running { command, handle }
    }

    /// Runs the program to the end and returns what it did.
    #[track_caller]
    pub fn run(self) -> Output {
        self.spawn().wait()
    }
}

/// A program started by [`Run::spawn`].
pub struct Running {
    command: String,
    handle: std::thread::JoinHandle<std::io::Result<process::Output>>,
}

impl Running {
    #[track_caller]
    pub fn wait(self) -> Output {
        let output = self
            .handle
            .join()
            .expect("the runner thread")
            .unwrap_or_else(|e| panic!("`{}` could not run to the end: {e}", self.command));
        Output {
            command: self.command,
            output,
        }
    }
}

/// What a finished program did.
#[derive(Debug)]
pub struct Output {
    command: String,
    output: process::Output,
}

impl Output {
    /// Fails the test unless the program exited with status 0.
    #[track_caller]
    pub fn success(self) -> Output {
        assert!(self.output.status.success(), "expected success\n{self}");
        self
    }

    /// Fails the test unless the program exited with a non-zero status.
    #[track_caller]
    pub fn failure(self) -> Output {
        assert!(
            !self.output.status.success() && self.output.status.code().is_some(),
            "expected a failure exit status\n{self}"
        );
        self
    }

    /// Fails the test unless the program exited with `code`.
    #[track_caller]
    pub fn code(self, code: i32) -> Output {
        assert_eq!(
            self.output.status.code(),
            Some(code),
            "unexpected exit status\n{self}"
        );
        self
    }

    pub fn status(&self) -> ExitStatus {
        self.output.status
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Stdout parsed as JSON; fails the test if it is not.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e})\n{self}"))
    }
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "command: {}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.command,
            self.output.status,
            self.stdout(),
            self.stderr()
        )
    }
}

/// Fails the test unless `fsck` (a `git fsck --strict` about to run)
/// complains of nothing but dangling objects.
#[track_caller]
pub fn assert_fsck_says_nothing(fsck: Run) {
    let out = fsck.run().success();
    let complaints: Vec<String> = out
        .stderr()
        .lines()
        .chain(out.stdout().lines())
        .filter(|l| !l.starts_with("dangling ") && !l.starts_with("Checking "))
        .map(str::to_owned)
        .collect();
    assert!(complaints.is_empty(), "git fsck --strict: {complaints:#?}");
}

/// The 6-character ID of a commitment file (`…/status-email--web-k3f9xq.toml`).
pub fn id_of(file: &str) -> String {
    file.trim_end_matches(".toml")
        .rsplit('-')
        .next()
        .expect("a suffix")
        .to_owned()
}
