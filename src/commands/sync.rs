//! `mv sync`: pull the team's changes and push this clone's, through the
//! `git` program, with one line saying what happened.

use super::Ctx;
use crate::{
    error::Result,
    store::{ConflictedFile, Operation, Stop, SyncOutcome, SyncReport},
    ui,
};
use std::{io::Write, process::ExitCode};

/// Pull the team's changes and push yours: fetch, integrate, check, push.
///
/// Syncs the current branch with its upstream through the `git` program,
/// so your credentials, SSH config and hosting work as for git pull and
/// git push. Your own unpushed microvac commits are replayed onto the
/// upstream; anything else (your own commits, merges) is merged. The
/// integration is made in memory and the branch, index and work tree move
/// in one step, so an interrupted sync leaves the clone as it was, and
/// running it again is always safe. Records changed on both sides merge
/// field by field; a real clash (the same field set differently) stops
/// the sync, naming the file and field, with a merge left for `mv resolve`
/// and another `mv sync`. Nothing is pushed unless `mv check` passes and
/// every change of yours is in it. A push refused because someone pushed
/// meanwhile is retried (3 times).
///
/// Prints one line: nothing to do, pulled N, pushed N, or pulled N,
/// pushed M.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv sync"#)]
pub(crate) struct Args {}

pub(crate) fn run(ctx: &Ctx, _args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    match tracker.sync()? {
        SyncOutcome::Synced(report) => {
            tell(&report);
            if !report.problems.is_empty() {
                ui::problems(&report.problems);
                ui::warn("the tracker pulled in has problems; fix them and commit (mv check)");
            }
            writeln!(out, "{}", summary(&report))?;
            Ok(ExitCode::SUCCESS)
        }
        SyncOutcome::Stopped { report, stop } => {
            tell(&report);
            stopped(&report, &stop);
            Ok(ExitCode::from(1))
        }
    }
}

/// The one line: `nothing to do`, `pulled N`, `pushed N`, `pulled N, pushed M`.
fn summary(report: &SyncReport) -> String {
    match (report.pulled, report.pushed) {
        (0, 0) => "nothing to do".into(),
        (n, 0) => format!("pulled {n}"),
        (0, m) => format!("pushed {m}"),
        (n, m) => format!("pulled {n}, pushed {m}"),
    }
}

/// The notes of a sync, on stderr.
fn tell(report: &SyncReport) {
    for note in &report.notes {
        ui::note(note);
    }
    if let Some(why) = &report.merged {
        ui::note(&format!("merged instead of rebasing: {why}"));
    }
}

/// Says why the sync stopped, what is left, and the way on or back.
fn stopped(report: &SyncReport, stop: &Stop) {
    let pulled = match report.pulled {
        0 => String::new(),
        n => format!(" (pulled {n} so far)"),
    };
    match stop {
        Stop::Conflict {
            op,
            upstream,
            files,
            git,
        } => {
            let what = match op {
                Operation::Merge => format!("merging {upstream}"),
                _ => format!("rebasing your commits onto {upstream}"),
            };
            let mut message = format!("sync stopped{pulled}: {what} left a conflict");
            if files.is_empty() && !git.is_empty() {
                message.push_str(&format!(":\n{git}"));
            }
            for file in files {
                message.push_str(&conflict_lines(file));
            }
            ui::error(&message, Some(&conflict_hint(*op, upstream)));
        }
        Stop::Broken { problems } => {
            ui::problems(problems);
            ui::error(
                &format!(
                    "sync stopped{pulled}: the tracker fails `mv check`, so nothing was pushed"
                ),
                Some(
                    "fix the files named above and commit, then run mv sync again; your commits are all still here",
                ),
            );
        }
        Stop::NotKept { files } => ui::error(
            &format!(
                "sync stopped{pulled}: integrating the upstream would not keep your change to {}, so nothing moved and nothing was pushed",
                files.join(", ")
            ),
            Some(
                "your commits are all still here, unchanged; merge by hand (git merge), or report this as a microvac bug",
            ),
        ),
        Stop::RemoteLocked { lock, remote, url } => ui::error(
            &format!(
                "sync stopped{pulled}: the remote {remote}{} cannot update the branch: its lock file {lock} is there, left by a push that was killed (or one still running)",
                url.as_deref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default()
            ),
            Some(&format!(
                "your commits are all still here; whoever administers the remote must remove {lock} there once no push to it is running (on that machine: rm '{lock}'), then run mv sync again"
            )),
        ),
        Stop::KeptMoving { attempts } => ui::error(
            &format!(
                "sync stopped{pulled}: the upstream kept moving; {attempts} pushes were refused because others pushed meanwhile"
            ),
            Some("your commits are all still here; run mv sync again"),
        ),
    }
}

fn conflict_lines(file: &ConflictedFile) -> String {
    match file.conflicts.as_slice() {
        [] => format!("\n  {}", file.file),
        many => many
            .iter()
            .map(|c| format!("\n  {}: {c}", file.file))
            .collect(),
    }
}

fn conflict_hint(op: Operation, upstream: &str) -> String {
    let (yours, theirs) = match op {
        Operation::Rebase => ("--theirs", "--ours"),
        _ => ("--ours", "--theirs"),
    };
    format!(
        "keep one side of every conflict: `mv resolve {yours}` keeps yours, `mv resolve {theirs}` keeps {upstream}'s (or name a FILE; or edit it by hand and `git add` it);\n      then run `mv sync` again to finish the {},\n      or go back to where you were with `{}`",
        op.noun(),
        op.abort_command()
    )
}
