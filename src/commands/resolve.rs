//! `mv resolve`: settles a merge conflict in tracker files by keeping one
//! side of every marked conflict, and stages the result.

use super::Ctx;
use crate::{
    error::Result,
    store::{Kept, ResolveError, Resolved, merge::Side},
    ui,
};
use std::{io::Write, process::ExitCode};

/// Settle a merge conflict in tracker files by keeping one side.
///
/// Keeps one side of every conflict marked in the file (the merge driver
/// marks only the field that clashed; git's own markers work too), checks
/// that the result is a valid record, and stages it (git add), so the
/// stopped merge, rebase or cherry-pick can go on. Without FILE: every
/// tracker file in conflict. `mv check` names the conflicts.
///
/// --ours and --theirs mean what they mean to git: in a merge (a clash
/// `mv sync` leaves is one), ours is your branch and theirs what is merged
/// in; in a rebase (git pull --rebase), ours is the upstream's version and
/// theirs is your commit being replayed.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv resolve commitments/alice/sprint-planning--payments-rz6jcx.toml --ours
  mv resolve --theirs     (every tracker file in conflict)"#)]
#[command(group(clap::ArgGroup::new("side").required(true).args(["ours", "theirs"])))]
pub(crate) struct Args {
    /// The files (or commitment IDs) to resolve; default: every tracker
    /// file in conflict.
    #[arg(value_name = "FILE|ID")]
    targets: Vec<String>,
    /// Keep our side of each conflict.
    #[arg(long)]
    ours: bool,
    /// Keep their side of each conflict.
    #[arg(long)]
    theirs: bool,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let (side, word) = match args.ours {
        true => (Side::Ours, "ours"),
        false => (Side::Theirs, "theirs"),
    };
    let targets = match args.targets.is_empty() {
        false => args.targets,
        true => tracker.conflicted_files()?,
    };
    if targets.is_empty() {
        return Err(ResolveError::NoConflicts.into());
    }
    for target in &targets {
        let resolved = tracker.resolve(&ctx.cwd, target, side)?;
        let line = format!(
            "resolved {}: {}; staged",
            resolved.file,
            kept(&resolved, side, word)
        );
        writeln!(out, "{}", crate::model::text::printable(&line))?;
    }
    next_step(&tracker)?;
    Ok(ExitCode::SUCCESS)
}

/// What was kept: the fields and values where the conflicts name them
/// (`kept theirs: status = "done"`), else how many conflicts.
fn kept(resolved: &Resolved, side: Side, word: &str) -> String {
    match resolved.modify_delete {
        Some(Kept::Deletion) => return format!("kept {word}, which deleted it"),
        Some(Kept::Change) => return format!("kept {word}, which changed it"),
        None => {}
    }
    let n = resolved.conflicts.len();
    if n == 0 {
        return "no markers were left".into();
    }
    let fields: Option<Vec<String>> = resolved
        .conflicts
        .iter()
        .map(|c| c.fields.clone())
        .collect::<Option<Vec<_>>>()
        .map(|all| {
            all.into_iter()
                .flatten()
                .map(|f| {
                    let value = match side {
                        Side::Ours => f.ours,
                        Side::Theirs => f.theirs,
                    };
                    match value {
                        Some(v) => format!("{} = {v}", f.field),
                        None => format!("{} removed", f.field),
                    }
                })
                .collect()
        });
    match fields {
        Some(fields) if !fields.is_empty() && fields.len() <= 3 => {
            format!("kept {word}: {}", fields.join(", "))
        }
        _ => format!(
            "kept {word} in {n} conflict{}",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// Says what is left in conflict, or how to carry on.
fn next_step(tracker: &crate::store::Tracker) -> Result<()> {
    let left = tracker.conflicted_files()?;
    if !left.is_empty() {
        ui::note(&format!("still in conflict: {}", left.join(", ")));
        return Ok(());
    }
    if let Some(op) = tracker.in_progress() {
        let how = match tracker.sync_stopped() {
            true => format!(
                "run `mv sync` again to finish it (or `{}`)",
                op.continue_command()
            ),
            false => format!("continue with `{}`", op.continue_command()),
        };
        ui::note(&format!(
            "no tracker file is in conflict any more; {how}, or give {} up with `{}`",
            op.name(),
            op.abort_command()
        ));
    }
    Ok(())
}
