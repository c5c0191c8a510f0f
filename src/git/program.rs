//! Running the `git` program itself, for what must behave exactly as the
//! user's own git does: fetch and push (their credentials, SSH config and
//! hosting), and staging a resolved file in the middle of a merge (`git
//! add`, `git rm`). Commits, a resolved merge's included, are made with
//! libgit2 (signed where the config asks, see `sign.rs`).

use super::{GitError, Repo};
use std::process::{Command, Stdio};

/// What a finished `git` command did.
pub(crate) struct Ran {
    /// Whether it exited with status 0.
    pub success: bool,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
}

impl Ran {
    /// git's own words on what happened: its stderr, else its stdout,
    /// without git's progress chatter.
    pub fn message(&self) -> String {
        let text = if self.stderr.trim().is_empty() {
            &self.stdout
        } else {
            &self.stderr
        };
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty() && !l.starts_with("hint: "))
            .collect();
        lines.join("\n")
    }
}

impl Repo {
    /// Runs `git ARGS` in the work tree with `env` added, capturing its
    /// output (stdin stays the user's, and git asks for credentials on the
    /// terminal as usual). Fails only when git cannot be started.
    pub(crate) fn run_git(&self, args: &[&str], env: &[(&str, &str)]) -> Result<Ran, GitError> {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(&self.workdir)
            .stdin(Stdio::inherit())
            .envs(env.iter().copied());
        let out = cmd.output().map_err(|source| GitError::Io {
            context: format!("could not run `git {}`", args.join(" ")),
            source,
        })?;
        Ok(Ran {
            success: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    /// Runs `git ARGS` and returns its stdout; a failure is an error
    /// carrying git's message.
    pub(crate) fn git_ok(&self, args: &[&str]) -> Result<String, GitError> {
        let ran = self.run_git(args, &[])?;
        if ran.success {
            Ok(ran.stdout)
        } else {
            Err(failed(args, &ran))
        }
    }

    /// Stages `paths` (repo-relative) as they are in the work tree, as
    /// `git add` does: this is what marks a conflicted file resolved. The
    /// caller holds the writer lock. An `index.lock` a killed command left
    /// is named (never git's raw "File exists"); one a live git command
    /// holds is waited for briefly.
    pub fn stage(&self, paths: &[String]) -> Result<(), GitError> {
        super::index::remove_dead_lock(self.git_dir());
        super::index::wait_for_git(self)?;
        let mut args = vec!["add", "--"];
        args.extend(paths.iter().map(String::as_str));
        self.git_ok(&args).map(drop)
    }
}

/// The error for a `git` command that failed.
pub(crate) fn failed(args: &[&str], ran: &Ran) -> GitError {
    GitError::Program {
        command: args.join(" "),
        message: ran.message(),
    }
}
