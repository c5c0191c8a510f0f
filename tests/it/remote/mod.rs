//! A tracker shared through a real remote, for the team tests: a bare
//! repository served over the file system or by a real `git daemon` on
//! 127.0.0.1 (started and stopped by the test), and clones of it, each
//! with its own git identity, as each person on a team has.
//!
//! ```ignore
//! let origin = shared_team();                    // a tracker, pushed to a bare repo
//! let remote = Remote::daemon(&origin).unwrap(); // or Remote::file(&origin)
//! let c1 = Clone::new(&origin, &remote, "c1", "Erin Manager", "erin@example.com");
//! c1.mv(&["sync"]).success();
//! ```

use super::common::{Output, Run, Team, TestRepo};
use std::{
    net::{SocketAddr, TcpListener, TcpStream},
    path::{Path, PathBuf},
    process::{Child, Stdio},
    time::{Duration, Instant},
};

/// The bare repository's name under the scratch directory `remote`.
const BARE: &str = "tracker.git";

/// The usual team, with the merge driver's `microvac` on PATH, pushed to
/// a bare repository beside it (its upstream).
pub fn shared_team() -> TestRepo {
    let mut origin = Team::new().build();
    publish(&mut origin);
    origin
}

/// Puts `microvac` on PATH (the merge driver and hooks run it) and
/// pushes `origin` to a new bare repository, its upstream.
pub fn publish(origin: &mut TestRepo) {
    origin.install_microvac();
    let bare = origin.scratch("remote").join(BARE);
    origin.git(&[
        "init",
        "-q",
        "--bare",
        "-b",
        "main",
        bare.to_str().expect("UTF-8"),
    ]);
    origin.git(&["remote", "add", "origin", bare.to_str().expect("UTF-8")]);
    origin.git(&["push", "-q", "-u", "origin", "main"]);
}

/// The bare repository of [`shared`].
pub fn bare(origin: &TestRepo) -> PathBuf {
    origin.base().join("remote").join(BARE)
}

/// How the clones reach the bare repository.
pub enum Remote {
    /// Its path.
    File(PathBuf),
    /// A `git daemon` serving it; killed when dropped.
    Daemon(GitDaemon),
}

impl Remote {
    /// The bare repository by its path.
    pub fn file(origin: &TestRepo) -> Remote {
        Remote::File(bare(origin))
    }

    /// A `git daemon` on a free port of 127.0.0.1 serving the bare
    /// repository; `None` (with the reason printed) when `git daemon` is
    /// not available here.
    pub fn daemon(origin: &TestRepo) -> Option<Remote> {
        GitDaemon::start(origin).map(Remote::Daemon)
    }

    /// The URL to clone.
    pub fn url(&self) -> String {
        match self {
            Remote::File(path) => path.display().to_string(),
            Remote::Daemon(d) => format!("git://127.0.0.1:{}/{BARE}", d.port),
        }
    }
}

/// A running `git daemon --export-all --enable=receive-pack`.
pub struct GitDaemon {
    child: Child,
    port: u16,
}

impl GitDaemon {
    /// Starts one; `None` (with the reason printed) only when this git has
    /// no `git daemon`. Failing to start one that is there fails the test.
    fn start(origin: &TestRepo) -> Option<GitDaemon> {
        let exec_path = origin.git(&["--exec-path"]);
        let program = Path::new(exec_path.trim()).join("git-daemon");
        if !program.is_file() {
            eprintln!(
                "skipped: git daemon is not available ({} is missing)",
                program.display()
            );
            return None;
        }
        let base = origin.base().join("remote");
        let mut why = String::new();
        // A free port can be taken between finding it and listening on it.
        for _ in 0..3 {
            let port = free_port().expect("a free port on 127.0.0.1");
            let child = origin
                .command("git")
                .args([
                    "daemon",
                    "--export-all",
                    "--enable=receive-pack",
                    "--reuseaddr",
                    "--informative-errors",
                    &format!("--base-path={}", base.display()),
                    &format!("--port={port}"),
                    "--listen=127.0.0.1",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start git daemon");
            let mut daemon = GitDaemon { child, port };
            match daemon.wait_until_listening() {
                Ok(()) => return Some(daemon),
                Err(e) => why = e,
            }
        }
        panic!("git daemon did not start: {why}");
    }

    /// Waits (at most 10 s) until the daemon accepts connections.
    fn wait_until_listening(&mut self) -> Result<(), String> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut err = String::new();
                if let Some(mut stderr) = self.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut stderr, &mut err);
                }
                return Err(format!("it exited ({status}): {}", err.trim()));
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err("it did not listen within 10 s".into())
    }
}

impl Drop for GitDaemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Option<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").ok()?;
    listener.local_addr().ok().map(|a| a.port())
}

/// One person's clone of the shared tracker, with their own identity,
/// set up with `mv init`.
pub struct Clone<'t> {
    origin: &'t TestRepo,
    dir: PathBuf,
    name: String,
    email: String,
}

impl<'t> Clone<'t> {
    /// Clones `remote` into `<tmp>/<dir>` (or an absolute `dir`) and runs
    /// `mv init` there.
    #[track_caller]
    pub fn new(
        origin: &'t TestRepo,
        remote: &Remote,
        dir: &str,
        name: &str,
        email: &str,
    ) -> Clone<'t> {
        let path = origin.base().join(dir);
        origin.git(&["clone", "-q", &remote.url(), path.to_str().expect("UTF-8")]);
        let clone = Clone {
            origin,
            dir: path,
            name: name.to_owned(),
            email: email.to_owned(),
        };
        clone.mv(&["init"]).success();
        clone
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn me(&self, run: Run) -> Run {
        run.current_dir(&self.dir)
            .env("GIT_AUTHOR_NAME", &self.name)
            .env("GIT_AUTHOR_EMAIL", &self.email)
            .env("GIT_COMMITTER_NAME", &self.name)
            .env("GIT_COMMITTER_EMAIL", &self.email)
    }

    /// `mv ARGS` here, as this person, as a plain process to start and
    /// stop as the test likes (a kill loop).
    pub fn mv_process(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = self.origin.command(super::common::mv_bin());
        cmd.args(args)
            .current_dir(&self.dir)
            .env("GIT_AUTHOR_NAME", &self.name)
            .env("GIT_AUTHOR_EMAIL", &self.email)
            .env("GIT_COMMITTER_NAME", &self.name)
            .env("GIT_COMMITTER_EMAIL", &self.email);
        cmd
    }

    /// `mv ARGS` here, as this person.
    pub fn mv_cmd(&self, args: &[&str]) -> Run {
        self.me(self.origin.mv_cmd(args))
    }

    /// Runs `mv ARGS` here, as this person.
    #[track_caller]
    pub fn mv(&self, args: &[&str]) -> Output {
        self.mv_cmd(args).run()
    }

    /// `git ARGS` here, as this person.
    pub fn git_cmd(&self, args: &[&str]) -> Run {
        self.me(self.origin.git_cmd(args))
    }

    /// Runs `git ARGS` here; fails the test unless it succeeds.
    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        self.git_cmd(args).run().success().stdout()
    }

    /// The text of a work-tree file.
    #[track_caller]
    pub fn read(&self, rel: impl AsRef<Path>) -> String {
        let path = self.dir.join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Writes a work-tree file.
    pub fn write(&self, rel: impl AsRef<Path>, text: &str) {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parents");
        }
        std::fs::write(&path, text).expect("write");
    }

    /// `HEAD`'s commit id.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// `HEAD`'s tree id.
    pub fn tree(&self) -> String {
        self.git(&["rev-parse", "HEAD^{tree}"]).trim().to_owned()
    }

    /// Fails the test unless `git fsck --strict` finds nothing wrong.
    #[track_caller]
    pub fn assert_fsck_clean(&self) {
        super::common::assert_fsck_says_nothing(self.git_cmd(&[
            "fsck",
            "--strict",
            "--no-progress",
        ]));
    }

    /// The commitment files of `person`, tracker-relative, sorted.
    pub fn commitments_of(&self, person: &str) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(self.dir.join("commitments").join(person))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .map(|name| format!("commitments/{person}/{name}"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }
}

pub use super::common::id_of;
