//! `microvac merge-file`: the git merge driver that `mv init` registers for
//! the tracker's TOML files. Git runs it as `microvac merge-file %O %A %B %P`
//! when both sides of a merge changed the same record; it merges the record
//! field by field (`store::merge`), writes the result over `%A`, and exits 0
//! when clean or 1 when a field is left in conflict (git then marks the path
//! conflicted and `mv check` names the field). A version that is not valid
//! TOML is merged line by line by `git merge-file` instead.

use super::Ctx;
use crate::{
    model::Cadence,
    store::{Tracker, merge},
    ui,
};
use anyhow::{Context, Result};
use std::{
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

/// Merge one record field by field (the git merge driver `mv init` sets up).
///
/// Git runs it as `microvac merge-file %O %A %B %P`: the merged record is
/// written over OURS. Exits 0 when the merge is clean, 1 when a field is left
/// in conflict (marked with <<<<<<< ours / ======= / >>>>>>> theirs around
/// that field alone).
#[derive(Debug, clap::Args)]
pub struct Args {
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

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let shown = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let (Ok(base), Ok(ours), Ok(theirs)) = (
        String::from_utf8(base),
        String::from_utf8(ours),
        String::from_utf8(theirs),
    ) else {
        ui::note(&format!("{shown}: not UTF-8 text; merging it line by line"));
        return line_merge(&args);
    };

    let every = default_cadence(ctx, args.path.as_deref());
    // The merge is pure and should never panic; if it ever does, git's own
    // merge still does the job.
    let merged = std::panic::catch_unwind(|| merge::merge_record(&base, &ours, &theirs, every));
    match merged {
        Ok(Ok(merged)) => {
            write_atomically(&args.ours, &merged.text)?;
            if merged.is_clean() {
                return Ok(ExitCode::SUCCESS);
            }
            for c in &merged.conflicts {
                ui::warn(&format!(
                    "{shown}: both sides changed `{}` (ours {}, theirs {}); resolve it by hand",
                    c.field,
                    c.ours.as_deref().unwrap_or("removed"),
                    c.theirs.as_deref().unwrap_or("removed"),
                ));
            }
            Ok(ExitCode::from(1))
        }
        Ok(Err(e)) => {
            ui::note(&format!("{shown}: {e}; merging it line by line"));
            line_merge(&args)
        }
        Err(_) => {
            ui::note(&format!("{shown}: merging it line by line"));
            line_merge(&args)
        }
    }
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
        .map_or(Cadence::DEFAULT, |tracker| {
            super::commitment::default_cadence(&tracker)
        })
}

/// Replaces `path` with `text` in one step (a temporary file beside it,
/// renamed over it), so git never reads a half-written result.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let context = || format!("could not write the merged record to {}", path.display());
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(context)?;
    tmp.write_all(text.as_bytes()).with_context(context)?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the mode of the file replaced; a failure here is harmless.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(context)?;
    Ok(())
}

/// Git's own line-by-line merge, in place over ours; its exit status is the
/// number of conflicts (0 when clean).
fn line_merge(args: &Args) -> Result<ExitCode> {
    let status = std::process::Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(&args.ours)
        .arg(&args.base)
        .arg(&args.theirs)
        .status()
        .context("could not run `git merge-file`")?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(n) => ExitCode::from(u8::try_from(n).unwrap_or(1).max(1)),
        None => ExitCode::from(1),
    })
}
