//! The merge driver's file work: git hands it three versions of one record
//! as files (`%O %A %B`); the merged text replaces ours (`%A`) in one step.
//! A version that is not UTF-8 TOML is merged line by line by git instead.

use super::{FieldConflict, merge_record};
use crate::{git, model::Cadence};
use std::{io::Write, path::Path};

/// How a driver run ended.
pub enum DriverOutcome {
    /// Merged field by field, cleanly.
    Clean,
    /// Merged field by field; these fields clash and are marked in the file.
    Conflicts(Vec<FieldConflict>),
    /// Merged line by line by git (why, and how many conflicts git left).
    Lines {
        /// Why the field merge did not apply.
        why: String,
        /// git merge-file's count of conflicts (0 when clean).
        conflicts: i32,
    },
}

/// Merges the record in `ours` with `theirs` against `base`, writing the
/// result over `ours`.
pub fn merge_files(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    every: Cadence,
) -> std::io::Result<DriverOutcome> {
    let text = |path: &Path| -> std::io::Result<Option<String>> {
        Ok(String::from_utf8(std::fs::read(path)?).ok())
    };
    let (Some(b), Some(o), Some(t)) = (text(base)?, text(ours)?, text(theirs)?) else {
        return lines(base, ours, theirs, "not UTF-8 text".into());
    };
    // The merge is pure and should never panic; if it ever does, git's own
    // merge still does the job.
    match std::panic::catch_unwind(|| merge_record(&b, &o, &t, every)) {
        Ok(Ok(merged)) => {
            write_atomically(ours, &merged.text)?;
            Ok(match merged.conflicts.is_empty() {
                true => DriverOutcome::Clean,
                false => DriverOutcome::Conflicts(merged.conflicts),
            })
        }
        Ok(Err(e)) => lines(base, ours, theirs, e.to_string()),
        Err(_) => lines(base, ours, theirs, "the field merge failed".into()),
    }
}

fn lines(base: &Path, ours: &Path, theirs: &Path, why: String) -> std::io::Result<DriverOutcome> {
    let conflicts = git::merge_file_lines(base, ours, theirs)?;
    Ok(DriverOutcome::Lines { why, conflicts })
}

/// Replaces `path` with `text` in one step (a temporary file beside it,
/// renamed over it), so git never reads a half-written result.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the mode of the file replaced; a failure here is harmless.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
