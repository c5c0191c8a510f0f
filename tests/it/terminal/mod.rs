//! Driving an interactive command in a real terminal (a pseudo-terminal,
//! through `expectrl`): wait for a question, type an answer, press keys.
//! The process gets the hermetic environment of [`TestRepo::command`],
//! plus `TERM`.

use crate::common::TestRepo;
use expectrl::{Eof, Expect, Session, process::unix::WaitStatus};
use std::{ffi::OsStr, time::Duration};

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
        let mut cmd = repo.command(program);
        // COLUMNS says the width from the start, as a terminal's shell
        // does: the terminal itself is sized just after the process starts.
        cmd.args(args)
            .env("TERM", "xterm")
            .env("COLUMNS", columns.to_string());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut session = Session::spawn(cmd).expect("spawn in a pseudo-terminal");
        session
            .get_process_mut()
            .set_window_size(columns, 50)
            .expect("size the terminal");
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
            Err(e) => panic!(
                "waiting for {text:?}: {e}\n--- seen so far ---\n{}",
                self.seen
            ),
        }
        self
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
        let rest = match self.session.expect(Eof) {
            Ok(found) => String::from_utf8_lossy(found.as_bytes()).into_owned(),
            Err(e) => panic!(
                "waiting for the end: {e}\n--- seen so far ---\n{}",
                self.seen
            ),
        };
        self.seen.push_str(&rest);
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

    /// The process ID of the command (the leader of its process group).
    pub fn pid(&self) -> i32 {
        self.session.get_process().pid().as_raw()
    }

    /// Reads to the end and returns how the process ended, signals
    /// included.
    #[track_caller]
    pub fn finish_status(&mut self) -> WaitStatus {
        match self.session.expect(Eof) {
            Ok(found) => self
                .seen
                .push_str(&String::from_utf8_lossy(found.as_bytes())),
            Err(e) => panic!(
                "waiting for the end: {e}\n--- seen so far ---\n{}",
                self.seen
            ),
        }
        self.session
            .get_process()
            .wait()
            .expect("wait for the process")
    }
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
