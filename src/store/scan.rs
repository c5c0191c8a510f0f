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
    /// The same, records and strays in path order.
    pub fn sorted(mut self) -> Scan {
        self.records.sort_unstable();
        self.strays.sort_unstable();
        self
    }

    fn add(&mut self, found: Found<'_>) {
        match found {
            Found::Record(rel) => self.records.push(rel.to_owned()),
            Found::Stray(rel, why) => self.strays.push((rel.to_owned(), why)),
        }
    }
}

/// One file a walk found: a record, or what no command will read.
pub enum Found<'a> {
    /// A record file, tracker-relative.
    Record(&'a str),
    /// Anything else in a record folder, tracker-relative, and why.
    Stray(&'a str, String),
}

/// Classifies one file of the folder of `kind`.
fn classify(rel: &str, kind: Kind) -> Option<Found<'_>> {
    match layout::placement(rel) {
        Placement::Record(k) if k == kind => Some(Found::Record(rel)),
        Placement::Stray(rule) => Some(Found::Stray(
            rel,
            format!("microvac does not read this file: {rule}"),
        )),
        Placement::Record(_) | Placement::Free => None,
    }
}

/// The folder of `kind` in the work tree under `root`, never following a
/// link; in directory order (see [`Scan::sorted`]).
pub fn work_tree(root: &Path, kind: Kind) -> Scan {
    let mut scan = Scan::default();
    each(root, kind, &mut |found| scan.add(found));
    scan
}

/// Visits every file of the folder of `kind` in the work tree under
/// `root` that is a record or a stray, never following a link, without
/// allocating for each (lookup by ID walks ten thousand files).
pub fn each(root: &Path, kind: Kind, visit: &mut dyn FnMut(Found<'_>)) {
    each_named(root, kind, "", visit);
}

/// [`each`], for the files whose name holds `needle` only (lookup by ID:
/// the other ten thousand names are not even classified).
pub fn each_named(root: &Path, kind: Kind, needle: &str, visit: &mut dyn FnMut(Found<'_>)) {
    let dir = layout::dir(kind);
    let mut rel = String::from(dir);
    match std::fs::symlink_metadata(root.join(dir)) {
        Ok(meta) if meta.file_type().is_symlink() => {
            visit(Found::Stray(dir, LINK_MESSAGE.to_owned()));
        }
        Ok(meta) if meta.is_dir() => walk(root, &mut rel, (kind, needle), 0, visit),
        _ => {}
    }
}

/// Walks the folder `rel` (a buffer each level appends to and restores).
fn walk(
    root: &Path,
    rel: &mut String,
    (kind, needle): (Kind, &str),
    depth: usize,
    visit: &mut dyn FnMut(Found<'_>),
) {
    let Ok(entries) = std::fs::read_dir(root.join(rel.as_str())) else {
        return;
    };
    let len = rel.len();
    for entry in entries.flatten() {
        let name = entry.file_name();
        rel.push('/');
        match name.to_str() {
            Some(name) => rel.push_str(name),
            None => rel.push_str(&name.to_string_lossy()),
        }
        match (name.to_str(), entry.file_type()) {
            // Hidden: `.gitkeep`, editor swap files; never the layout's.
            (Some(n), _) if n.starts_with('.') => {}
            (Some(n), Ok(t)) if t.is_file() && n.contains(needle) => visit_file(rel, kind, visit),
            (Some(_), Ok(t)) if t.is_file() => {}
            (Some(_), Ok(t)) if t.is_dir() && depth < MAX_DEPTH => {
                walk(root, rel, (kind, needle), depth + 1, visit);
            }
            (Some(_), Ok(t)) if t.is_symlink() && layout::placement(rel) != Placement::Free => {
                visit(Found::Stray(rel, LINK_MESSAGE.to_owned()));
            }
            (None, _) => {
                let why = "has a name that is not UTF-8, so microvac does not read it";
                visit(Found::Stray(rel, why.to_owned()));
            }
            _ => {}
        }
        rel.truncate(len);
    }
}

fn visit_file(rel: &str, kind: Kind, visit: &mut dyn FnMut(Found<'_>)) {
    if let Some(found) = classify(rel, kind) {
        visit(found);
    }
}

/// The files of `kind` among tracker-relative `paths` (a snapshot such as
/// the index).
pub fn paths<'a>(paths: impl IntoIterator<Item = &'a str>, kind: Kind) -> Scan {
    let prefix = format!("{}/", layout::dir(kind));
    let mut scan = Scan::default();
    for path in paths.into_iter().filter(|p| p.starts_with(&prefix)) {
        if let Some(found) = classify(path, kind) {
            scan.add(found);
        }
    }
    scan
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
        let scan = work_tree(root, Kind::Commitment).sorted();
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
