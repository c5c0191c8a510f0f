//! Driving an interactive command in a real terminal (a pseudo-terminal,
//! through `expectrl`): wait for a question, type an answer, press keys.
//! The process gets the hermetic environment of [`TestRepo::command`],
//! plus `TERM`.

use crate::common::TestRepo;
use expectrl::{Eof, Expect, Session, process::unix::WaitStatus};
use std::{ffi::OsStr, os::unix::process::CommandExt, time::Duration};

pub const ENTER: &str = "\r";
pub const DOWN: &str = "\x1b[B";
pub const ESC: &str = "\x1b";
pub const CTRL_C: &str = "\x03";

/// An interactive `mv` running in a terminal of its own.
pub struct Terminal {
    session: expectrl::session::OsSession,
    /// Everything it printed so far, escape sequences included.
    pub seen: String,
}

impl Terminal {
    /// Starts `mv ARGS` in the work tree of `repo`, in a 160×50 terminal.
    pub fn mv(repo: &TestRepo, args: &[&str]) -> Terminal {
        Terminal::spawn(repo, crate::common::mv_bin().as_os_str(), args, &[])
    }

    /// Starts `mv ARGS` in a terminal `columns` wide (and 50 high).
    pub fn mv_sized(repo: &TestRepo, args: &[&str], columns: u16) -> Terminal {
        Terminal::spawn_sized(
            repo,
            crate::common::mv_bin().as_os_str(),
            args,
            &[],
            columns,
        )
    }

    /// Starts `program ARGS` with extra environment variables.
    pub fn spawn(
        repo: &TestRepo,
        program: &OsStr,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Terminal {
        Terminal::spawn_sized(repo, program, args, env, 160)
    }

    /// Starts `program ARGS` with extra environment variables in a
    /// terminal `columns` wide (`COLUMNS` too).
    pub fn spawn_sized(
        repo: &TestRepo,
        program: &OsStr,
        args: &[&str],
        env: &[(&str, &str)],
        columns: u16,
    ) -> Terminal {
        // The terminal is sized before the program starts, as a terminal
        // window is before its shell runs. `expectrl` sets 80×24 from
        // outside just after the fork, so the child waits for a line
        // saying that is done, then sizes its terminal with `stty` and
        // `exec`s. A size changed later would reach the program as a
        // SIGWINCH at a random moment, and crossterm drops the key read in
        // the same wake-up as a resize (a lost Enter, a test that hangs
        // under load).
        let mut cmd = repo.command("sh");
        cmd.args([
            "-c",
            "read -r go && stty cols \"$1\" rows 50 || exit 125; shift; exec \"$@\"",
            "sh",
        ])
        .arg(columns.to_string())
        .arg(program)
        .args(args)
        .env("TERM", "xterm")
        .env("COLUMNS", columns.to_string());
        for (k, v) in env {
            cmd.env(k, v);
        }
        // A terminal starts its shell with every signal at its default
        // action and none blocked. The tests may run where some are not
        // (SIGINT and SIGQUIT are ignored in a job a script put in the
        // background), and an ignored signal stays ignored across exec:
        // microvac rightly leaves it so (as under `nohup`).
        // SAFETY: only async-signal-safe calls, in the child before exec.
        unsafe {
            cmd.pre_exec(|| {
                for signal in [libc::SIGHUP, libc::SIGINT, libc::SIGQUIT, libc::SIGTERM] {
                    libc::signal(signal, libc::SIG_DFL);
                }
                let mut none: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut none);
                libc::sigprocmask(libc::SIG_SETMASK, &none, std::ptr::null_mut());
                Ok(())
            })
        };
        let mut session = Session::spawn(cmd).expect("spawn in a pseudo-terminal");
        session.send("go\n").expect("start the program");
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        Terminal {
            session,
            seen: String::new(),
        }
    }

    /// Waits until `text` shows (after what was waited for before).
    #[track_caller]
    pub fn wait_for(&mut self, text: &str) -> &mut Self {
        match self.session.expect(text) {
            Ok(found) => {
                self.seen.push_str(&String::from_utf8_lossy(found.before()));
                self.seen.push_str(text);
            }
            Err(e) => {
                let since = self.shown_since();
                panic!(
                    "waiting for {text:?}: {e}\n--- seen so far ---\n{}\n--- shown since ---\n{since}",
                    self.seen
                )
            }
        }
        self
    }

    /// What the terminal showed after the last text waited for (read
    /// without waiting), for a failure message.
    fn shown_since(&mut self) -> String {
        let mut shown = Vec::new();
        let mut buf = [0; 4096];
        while let Ok(n @ 1..) = self.session.try_read(&mut buf) {
            shown.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&shown).into_owned()
    }

    /// Types `keys` (text, or the key constants above).
    pub fn send(&mut self, keys: &str) -> &mut Self {
        self.session.send(keys).expect("type into the terminal");
        self
    }

    /// Waits for `question`, then types `answer` and Enter.
    #[track_caller]
    pub fn answer(&mut self, question: &str, answer: &str) -> &mut Self {
        self.wait_for(question).send(answer).send(ENTER)
    }

    /// Reads to the end and returns the exit code and the rest of the
    /// output.
    #[track_caller]
    pub fn finish(&mut self) -> (i32, String) {
        let rest = self.read_to_end();
        match self
            .session
            .get_process()
            .wait()
            .expect("wait for the process")
        {
            WaitStatus::Exited(_, code) => (code, rest),
            other => panic!("ended with {other:?}\n{}", self.seen),
        }
    }

    /// Reads what is left until the terminal closes, adds it to
    /// [`Terminal::seen`] and returns it; a failure says what holds the
    /// terminal open.
    #[track_caller]
    fn read_to_end(&mut self) -> String {
        let rest = match self.session.expect(Eof) {
            Ok(found) => String::from_utf8_lossy(found.as_bytes()).into_owned(),
            Err(e) => {
                let since = self.shown_since();
                panic!(
                    "waiting for the end: {e}\n--- seen so far ---\n{}\n--- shown since ---\n{since}\n--- left in its session ---\n{}",
                    self.seen,
                    session_processes(self.pid())
                )
            }
        };
        self.seen.push_str(&rest);
        rest
    }

    /// The process ID of the command (the leader of its process group).
    pub fn pid(&self) -> i32 {
        self.session.get_process().pid().as_raw()
    }

    /// Reads to the end and returns how the process ended, signals
    /// included.
    #[track_caller]
    pub fn finish_status(&mut self) -> WaitStatus {
        self.read_to_end();
        self.session
            .get_process()
            .wait()
            .expect("wait for the process")
    }
}

/// The processes of session `sid` (the terminal's), one line each from
/// `/proc/PID/stat` (ID, name, state, parent, group): what holds the
/// terminal open when its end does not come.
fn session_processes(sid: i32) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state ppid pgrp session …"; comm may hold spaces.
        let Some((head, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(3).and_then(|f| f.parse::<i32>().ok()) == Some(sid) {
            out.push_str(&format!("{head}) {}\n", fields[..3].join(" ")));
        }
    }
    out
}

/// `text` without terminal escape sequences, for reading what a person
/// would have seen (roughly: the last state of each line is not rebuilt).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() || c == '~' {
                        break;
                    }
                }
            }
            continue;
        }
        if c != '\r' {
            out.push(c);
        }
    }
    out
}
