//! `mv check`'s work: every file of the tracker, loaded and held to the
//! model's rules, each problem pointing at its file, line and column.

use super::{
    LINK_MESSAGE, Loaded, Problem, Source, StoreError, Tracker,
    layout::{self, PathOf},
};
use crate::model::{Kind, rules};
use std::collections::BTreeMap;

/// What a check found.
pub struct CheckReport {
    /// How many files were read.
    pub files: usize,
    /// Every problem, sorted by file and position.
    pub problems: Vec<Problem>,
}

impl Tracker {
    /// Checks every tracker file in the work tree, or as staged in the
    /// index (what `git commit` would record) when `staged`.
    pub fn check(&self, staged: bool) -> Result<CheckReport, StoreError> {
        let (source, links) = if staged {
            (self.staged_source()?, self.staged_links()?)
        } else {
            (Source::WorkTree(self.root().to_path_buf()), Vec::new())
        };
        let mut report = self.check_source(&source);
        report.problems.extend(links);
        report.problems.sort_by(|a, b| {
            (&a.file, a.span.as_ref().map(|s| s.start))
                .cmp(&(&b.file, b.span.as_ref().map(|s| s.start)))
        });
        Ok(report)
    }

    /// A staged symbolic link is refused as in the work tree.
    fn staged_links(&self) -> Result<Vec<Problem>, StoreError> {
        let links = self.repo.staged_links(self.prefix())?;
        Ok(links
            .into_iter()
            .map(|path| Problem::new(path, LINK_MESSAGE))
            .collect())
    }

    fn staged_source(&self) -> Result<Source, StoreError> {
        let prefix = self.prefix();
        let files: BTreeMap<String, Vec<u8>> = self
            .repo
            .staged_paths(prefix)?
            .into_iter()
            .map(|(path, bytes)| {
                let rel = match prefix {
                    "" => path,
                    _ => path[prefix.len() + 1..].to_owned(),
                };
                (rel, bytes)
            })
            .collect();
        Ok(Source::Snapshot(files))
    }

    fn check_source(&self, source: &Source) -> CheckReport {
        let show = |rel: &str| self.shown(rel);
        let loaded = Loaded::load(source, &Kind::ALL, &show, true);
        let mut problems = loaded.problems.clone();
        let file_of = |kind: Kind, name: &str| layout::record_path(kind, name);
        for v in rules::check_records(&loaded.records, &file_of) {
            let text = loaded.texts.get(&v.file).map_or("", String::as_str);
            let text = if v.secret {
                redacted(text, &v.span)
            } else {
                text.to_owned()
            };
            problems.push(Problem::new(self.shown(&v.file), v.message).at(&text, Some(v.span)));
        }
        problems.extend(self.duplicate_ids(&loaded.listed));
        CheckReport {
            files: loaded.files_read,
            problems,
        }
    }

    /// Two commitment files with the same ID: `mv show ID` and every
    /// command taking an ID can no longer tell them apart.
    fn duplicate_ids(&self, listed: &[String]) -> Vec<Problem> {
        let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for rel in listed {
            if let PathOf::Commitment { stem, .. } = layout::path_of(rel) {
                by_id.entry(layout::suffix(stem)).or_default().push(rel);
            }
        }
        let mut out = Vec::new();
        for (id, files) in by_id.into_iter().filter(|(_, f)| f.len() > 1) {
            for file in &files {
                let others: Vec<String> = files
                    .iter()
                    .filter(|f| *f != file)
                    .map(|f| self.shown(f))
                    .collect();
                out.push(Problem::new(
                    self.shown(file),
                    format!(
                        "the ID {id} is also the ID of {}, so no command can tell them apart; give one of them another ID (the code before .toml, also where a conversation names it)",
                        others.join(", ")
                    ),
                ));
            }
        }
        out
    }
}

/// `text` with the value at `span` blotted out (same bytes and lines, so
/// the line and column still point at it), for a value that must not be
/// shown.
fn redacted(text: &str, span: &std::ops::Range<usize>) -> String {
    let span = span.start.min(text.len())..span.end.min(text.len());
    text.char_indices()
        .map(|(i, c)| match c {
            '\n' | '\r' => c.to_string(),
            _ if span.contains(&i) => "*".repeat(c.len_utf8()),
            _ => c.to_string(),
        })
        .collect()
}
