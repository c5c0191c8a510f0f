//! Listing a record folder: the record files where the layout puts them,
//! and everything else in the folder that microvac will not read (a file
//! moved or renamed out of the layout, a symbolic link), so that no record
//! ever disappears without `mv check` naming it. Loading, lookup by ID and
//! `mv check` all list through here, so they agree on what a record is.

use super::{
    layout::{self, Placement},
    links::LINK_MESSAGE,
};
use crate::model::Kind;
use std::path::Path;

/// How deep a walk goes below a record folder; records lie at most two
/// levels down, so anything deeper is named at the first level past that.
const MAX_DEPTH: usize = 8;

/// What a record folder holds.
#[derive(Debug, Default)]
pub struct Scan {
    /// Record files where the layout puts them, tracker-relative, sorted.
    pub records: Vec<String>,
    /// Files no command reads, tracker-relative, each with why.
    pub strays: Vec<(String, String)>,
}

impl Scan {
    fn sort(mut self) -> Scan {
        self.records.sort();
        self.strays.sort();
        self
    }

    fn file(&mut self, rel: String, kind: Kind) {
        match layout::placement(&rel) {
            Placement::Record(k) if k == kind => self.records.push(rel),
            Placement::Stray(rule) => {
                let why = format!("microvac does not read this file: {rule}");
                self.strays.push((rel, why));
            }
            Placement::Record(_) | Placement::Free => {}
        }
    }
}

/// The folder of `kind` in the work tree under `root`, never following a
/// link.
pub fn work_tree(root: &Path, kind: Kind) -> Scan {
    let dir = layout::dir(kind);
    let mut scan = Scan::default();
    match std::fs::symlink_metadata(root.join(dir)) {
        Ok(meta) if meta.file_type().is_symlink() => {
            scan.strays.push((dir.to_owned(), LINK_MESSAGE.to_owned()));
        }
        Ok(meta) if meta.is_dir() => walk(root, dir, kind, 0, &mut scan),
        _ => {}
    }
    scan.sort()
}

fn walk(root: &Path, rel: &str, kind: Kind, depth: usize, scan: &mut Scan) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let child = format!("{rel}/{}", name.to_string_lossy());
        let Ok(kind_of) = entry.file_type() else {
            continue;
        };
        if layout::placement(&child) == Placement::Free {
            continue;
        }
        if kind_of.is_symlink() {
            scan.strays.push((child, LINK_MESSAGE.to_owned()));
        } else if kind_of.is_dir() && depth < MAX_DEPTH {
            walk(root, &child, kind, depth + 1, scan);
        } else if kind_of.is_file() && name.to_str().is_some() {
            scan.file(child, kind);
        } else if kind_of.is_file() {
            let why = "has a name that is not UTF-8, so microvac does not read it";
            scan.strays.push((child, why.to_owned()));
        }
    }
}

/// The files of `kind` among tracker-relative `paths` (a snapshot such as
/// the index).
pub fn paths<'a>(paths: impl IntoIterator<Item = &'a str>, kind: Kind) -> Scan {
    let prefix = format!("{}/", layout::dir(kind));
    let mut scan = Scan::default();
    for path in paths.into_iter().filter(|p| p.starts_with(&prefix)) {
        scan.file(path.to_owned(), kind);
    }
    scan.sort()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_lists_its_records_and_names_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let put = |rel: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        };
        put("commitments/bob/retros--web-k3f9xq.toml");
        put("commitments/bob/notes.toml");
        put("commitments/bob/.gitkeep");
        put("commitments/jb4a48.toml");
        put("commitments/alice/x--y-abcdef.TOML");
        std::fs::create_dir_all(root.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("commitments/carol")).unwrap();
        let scan = work_tree(root, Kind::Commitment);
        assert_eq!(scan.records, ["commitments/bob/retros--web-k3f9xq.toml"]);
        let strays: Vec<&str> = scan.strays.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            strays,
            [
                "commitments/alice/x--y-abcdef.TOML",
                "commitments/bob/notes.toml",
                "commitments/carol",
                "commitments/jb4a48.toml",
            ]
        );
        assert_eq!(scan.strays[2].1, LINK_MESSAGE);
    }
}
