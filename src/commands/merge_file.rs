//! `microvac merge-file`: the git merge driver that `mv init` registers for
//! the tracker's TOML files. Git runs it as `microvac merge-file -- %O %A %B %P`
//! when both sides of a merge changed the same record; it merges the record
//! field by field (`store::merge`), writes the result over `%A`, and exits 0
//! when clean or 1 when a field is left in conflict (git then marks the path
//! conflicted and `mv check` names the field). A version that is not valid
//! TOML is merged line by line by `git merge-file` instead.

use super::Ctx;
use crate::error::{Context, Result};
use crate::{
    model::Cadence,
    store::{
        Tracker,
        merge::{self, DriverOutcome},
    },
    ui,
};
use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

/// Merge one record field by field (the git merge driver `mv init` sets up).
///
/// Git runs it as `microvac merge-file -- %O %A %B %P`: the merged record is
/// written over OURS. Exits 0 when the merge is clean, 1 when a field is left
/// in conflict (marked with <<<<<<< ours / ======= / >>>>>>> theirs around
/// that field alone).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The common ancestor's version (git's %O).
    pub base: PathBuf,
    /// Our version (git's %A); the merged record is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The record's path in the repository (git's %P), for messages and to
    /// find the tracker's settings.
    pub path: Option<String>,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let shown = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let every = default_cadence(ctx, args.path.as_deref());
    let outcome = merge::merge_files(&args.base, &args.ours, &args.theirs, every)
        .with_context(|| format!("could not merge {shown}"))?;
    Ok(match outcome {
        DriverOutcome::Clean => ExitCode::SUCCESS,
        DriverOutcome::Conflicts(conflicts) => {
            for c in &conflicts {
                ui::warn(&format!(
                    "{shown}: both sides changed `{}` (ours {}, theirs {}); resolve it by hand",
                    c.field,
                    c.ours.as_deref().unwrap_or("removed"),
                    c.theirs.as_deref().unwrap_or("removed"),
                ));
            }
            ExitCode::from(1)
        }
        DriverOutcome::Lines { why, conflicts } => {
            ui::note(&format!("{shown}: {why}; merged it line by line"));
            ExitCode::from(u8::try_from(conflicts.clamp(0, 127)).unwrap_or(1))
        }
    })
}

/// The tracker's `checkin_every` (for records that name none), found from
/// the record's directory or the working directory; else the default.
fn default_cadence(ctx: &Ctx, path: Option<&str>) -> Cadence {
    let record_dir = path
        .and_then(|p| ctx.cwd.join(p).parent().map(Path::to_path_buf))
        .filter(|dir| dir.is_dir());
    [record_dir, Some(ctx.cwd.clone())]
        .into_iter()
        .flatten()
        .find_map(|dir| Tracker::find(&dir).ok())
        .map_or(Cadence::DEFAULT, |tracker| tracker.default_every())
}
