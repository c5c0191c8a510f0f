//! `mv check`'s work: every file of the tracker, loaded and held to the
//! model's rules, each problem pointing at its file, line and column; and
//! the state git keeps of the tracker: an interrupted write of microvac's
//! is finished or rolled back, and index entries of tracker files that no
//! longer match HEAD are named (and, on request, restored).

use super::{
    LINK_MESSAGE, Loaded, Problem, Source, StoreError, Tracker,
    layout::{self, PathOf},
};
use crate::{
    git::{Leftover, OutOfStep},
    model::{Kind, rules},
};
use std::{
    collections::{BTreeMap, HashSet},
    path::PathBuf,
};

/// What a check found.
pub struct CheckReport {
    /// How many files were read.
    pub files: usize,
    /// Every problem, sorted by file and position.
    pub problems: Vec<Problem>,
    /// What the check put right of microvac's own leftovers, one line each.
    pub notices: Vec<String>,
    /// The text of `microvac.toml` as checked (work tree or index), for
    /// checks of settings other layers own (such as `[private]`).
    pub tracker_text: Option<String>,
}

impl Tracker {
    /// Checks every tracker file in the work tree, or as staged in the
    /// index (what `git commit` would record) when `staged`. A work-tree
    /// check first finishes or rolls back a write a kill interrupted.
    pub fn check(&self, staged: bool) -> Result<CheckReport, StoreError> {
        let (source, links, notices) = if staged {
            (self.staged_source()?, self.staged_links()?, Vec::new())
        } else {
            let tidied = self.repo.tidy(&self.own_paths(), &self.own_dirs(), false)?;
            let notices = tidied.recovered.iter().map(|r| r.to_string()).collect();
            (
                Source::WorkTree(self.root().to_path_buf()),
                Vec::new(),
                notices,
            )
        };
        let mut report = self.check_source(&source);
        report.notices = notices;
        if !staged {
            // What a killed command left, which blocks git or microvac.
            report
                .problems
                .extend(self.repo.leftovers().iter().map(|l| {
                    let file = match l {
                        Leftover::StaleLock { shown, .. } => shown.clone(),
                        Leftover::Rebase { .. } => ".git/rebase-merge".to_owned(),
                    };
                    Problem::new(file, format!("{l}; {}", l.fix()))
                }));
            if self.sync_stopped() && self.conflicted_files()?.is_empty() {
                report.problems.push(Problem::new(
                    ".git/MERGE_HEAD",
                    "the merge `mv sync` left for you has no conflict left: finish it with `mv sync` (or give it up with `git merge --abort`)",
                ));
            }
        }
        report.problems.extend(links);
        let out_of_step = self.repo.out_of_step(&self.own_paths(), staged)?;
        report
            .problems
            .extend(out_of_step.iter().map(|f| out_of_step_problem(f, staged)));
        if !staged {
            report.problems.extend(self.unmarked_conflicts()?);
        }
        if !staged && let Some(message) = self.unsafe_driver() {
            let config = self.repo.common_dir().join("config");
            report
                .problems
                .push(Problem::new(config.display().to_string(), message));
        }
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

    /// `mv check --repair`: finishes or rolls back an interrupted write and
    /// restores the index entries of tracker files that no longer match
    /// HEAD (never the user's other staged work, never a file whose work
    /// tree differs from HEAD); returns what it did, one line each.
    pub fn repair(&self) -> Result<Vec<String>, StoreError> {
        let tidied = self.repo.tidy(&self.own_paths(), &self.own_dirs(), true)?;
        let mut notices: Vec<String> = tidied.recovered.iter().map(|r| r.to_string()).collect();
        notices.extend(restored_notice(&tidied.restored));
        Ok(notices)
    }

    /// The tracker's own files and folders, relative to the work tree.
    pub(super) fn own_paths(&self) -> Vec<String> {
        layout::owned().into_iter().map(|p| self.shown(p)).collect()
    }

    /// The tracker's own folders, on disk.
    fn own_dirs(&self) -> Vec<PathBuf> {
        layout::owned()
            .into_iter()
            .map(|p| self.root().join(p))
            .filter(|p| p.is_dir())
            .collect()
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
        let prefix = self.prefix();
        let show = |rel: &str| super::tracker::shown_under(prefix, rel);
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
        // Each file's own problems, found as it loaded (the sort below
        // puts the files in order, and keeps each file's own order).
        problems.extend(
            loaded
                .findings
                .iter()
                .flat_map(|(_, f)| f.text.iter().cloned()),
        );
        problems.extend(self.duplicate_ids(&loaded.listed));
        problems.extend(self.clear_private_elsewhere(&loaded, &problems));
        let report = CheckReport {
            files: loaded.files_read,
            problems,
            notices: Vec::new(),
            tracker_text: loaded.texts.get(super::TRACKER_FILE).cloned(),
        };
        // Every record and text of the tracker is freed on a thread of its
        // own, beside the checks that follow (at 15,000 files, freeing
        // them took longer than those checks).
        std::thread::spawn(move || drop(loaded));
        report
    }

    /// A private note in the clear where the rules do not look for one (a
    /// person's file, a `private` key spelled otherwise): no microvac
    /// commit would record the file, so `mv check` says so too.
    fn clear_private_elsewhere(&self, loaded: &Loaded, found: &[Problem]) -> Vec<Problem> {
        // One set, not a scan of every problem for every file.
        let flagged: HashSet<&str> = found
            .iter()
            .filter(|p| p.message.starts_with(rules::CLEAR_PRIVATE))
            .map(|p| p.file.as_str())
            .collect();
        loaded
            .findings
            .iter()
            .filter_map(|(rel, f)| Some((rel, f.clear_private.as_ref()?)))
            .filter(|(rel, _)| !flagged.contains(self.shown(rel).as_str()))
            .filter_map(|(rel, key)| {
                let text = loaded.texts.get(rel)?;
                Some(
                    Problem::new(
                        self.shown(rel),
                        format!("{}: its {key} is not sealed; remove it from the file, and record it with --private, which seals it to the manager's key", rules::CLEAR_PRIVATE),
                    )
                    .at(text, None),
                )
            })
            .collect()
    }

    /// Two commitment files with the same ID: `mv show ID` and every
    /// command taking an ID can no longer tell them apart.
    fn duplicate_ids(&self, listed: &[String]) -> Vec<Problem> {
        // Sorted by ID, each ID's files in the order listed (a stable
        // sort): one list, not a list per ID.
        let mut ids: Vec<(&str, &str)> = listed
            .iter()
            .filter_map(|rel| match layout::path_of(rel) {
                PathOf::Commitment { stem, .. } => {
                    Some((crate::model::short_of(stem), rel.as_str()))
                }
                _ => None,
            })
            .collect();
        ids.sort_by_key(|(id, _)| *id);
        let mut out = Vec::new();
        for same in ids.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
            let id = same[0].0;
            let files: Vec<&str> = same.iter().map(|(_, rel)| *rel).collect();
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

/// A tracker file whose index entry does not match HEAD, as a problem.
fn out_of_step_problem(file: &OutOfStep, staged: bool) -> Problem {
    let how = if file.deleted {
        "staged deletion"
    } else {
        "staged content differs from HEAD"
    };
    let message = if staged {
        format!(
            "this commit would {} it although the work tree has it as HEAD does: the index does not match HEAD ({how}); run `mv check --repair` (to really {} it, change the work tree too)",
            if file.deleted { "delete" } else { "revert" },
            if file.deleted { "delete" } else { "change" },
        )
    } else {
        format!(
            "the index does not match HEAD ({how}), so the next `git commit` would record it; run `mv check --repair`"
        )
    };
    Problem::new(file.path.clone(), message)
}

/// The one line saying which index entries were restored, if any.
pub(super) fn restored_notice(files: &[OutOfStep]) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    let list: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    Some(format!(
        "restored the index to HEAD for {} tracker file(s) that no longer matched it: {}",
        files.len(),
        list.join(", ")
    ))
}
