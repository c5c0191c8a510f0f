//! Files the user asks for outside any tracker (the man pages of `mv man
//! DIR`): the one place, besides the store, that writes files.

use crate::error::{Context, Result};
use std::path::{Path, PathBuf};

/// Writes each `(file name, content)` into `dir`, creating it (and its
/// parents) when missing; returns the paths written. Existing files of the
/// same name are replaced.
pub(crate) fn write_into(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    files
        .iter()
        .map(|(name, content)| {
            let path = dir.join(name);
            std::fs::write(&path, content)
                .with_context(|| format!("could not write {}", path.display()))?;
            Ok(path)
        })
        .collect()
}
