//! Finding commitments by the ID a user typed: the 6-character suffix, the
//! full file stem (with or without `person/`), or a unique prefix of either.

use super::{
    StoreError, Tracker,
    layout::{self, Placement},
    scan,
};
use crate::model::Kind;
use std::collections::HashSet;

/// A commitment found by its ID.
#[derive(Debug, Clone)]
pub struct CommitmentRef {
    /// Tracker-relative path of its file.
    pub(super) rel: String,
    /// Whose it is.
    pub person: String,
    /// Its file stem, e.g. `sprint-planning--payments-k3f9xq`.
    pub stem: String,
}

impl Tracker {
    /// The tracker-relative paths of the commitment files (of one person,
    /// or everyone's), from directory listings only: no file is read.
    pub(super) fn commitment_files(&self, person: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        self.each_commitment_file(|who, stem| {
            if person.is_none_or(|p| p == who) {
                out.push(layout::commitment_path(who, stem));
            }
        });
        out
    }

    /// Visits `(person, stem)` of every commitment file where the layout
    /// puts one (the same files the loader reads), never through a link.
    fn each_commitment_file(&self, visit: impl FnMut(&str, &str)) {
        self.each_commitment_file_named("", visit);
    }

    /// [`Tracker::each_commitment_file`], for the files whose name holds
    /// `needle` only.
    fn each_commitment_file_named(&self, needle: &str, mut visit: impl FnMut(&str, &str)) {
        scan::each_named(self.root(), Kind::Commitment, needle, &mut |found| {
            // A record here is `commitments/<person>/<stem>.toml`.
            let parts = match found {
                scan::Found::Record(rel) => rel
                    .split_once('/')
                    .and_then(|(_, rest)| rest.split_once('/'))
                    .and_then(|(person, file)| Some((person, file.strip_suffix(".toml")?))),
                scan::Found::Stray(..) => None,
            };
            if let Some((person, stem)) = parts {
                visit(person, stem);
            }
        });
    }

    /// Every commitment suffix in use in this clone.
    pub(super) fn taken_suffixes(&self) -> HashSet<String> {
        let mut taken = HashSet::new();
        self.each_commitment_file(|_, stem| {
            taken.insert(crate::model::short_of(stem).to_owned());
        });
        taken
    }

    /// Finds a commitment by its ID.
    pub fn find_commitment(&self, id: &str) -> Result<CommitmentRef, StoreError> {
        let id = id.trim().trim_end_matches(".toml");
        if id.is_empty() || id.chars().any(char::is_control) {
            return Err(StoreError::NoCommitment(id.to_owned()));
        }
        let (person_part, stem_part) = match id.split_once('/') {
            Some((person, stem)) => (Some(person), stem),
            None => (None, id),
        };
        let mut found = match self.found_in_index(person_part, stem_part) {
            Some(one) => vec![one],
            None => {
                let mut matches = Matches::new(person_part, stem_part);
                // A match holds what was typed in its file name: only those
                // names are classified.
                self.each_commitment_file_named(stem_part, |person, stem| {
                    matches.offer(person, stem);
                });
                matches.found()
            }
        };
        found.sort();
        match found.as_slice() {
            [(person, stem)] => Ok(CommitmentRef {
                rel: layout::commitment_path(person, stem),
                person: person.clone(),
                stem: stem.clone(),
            }),
            [] => Err(StoreError::NoCommitment(id.to_owned())),
            many => Err(StoreError::AmbiguousId {
                id: id.to_owned(),
                matches: many
                    .iter()
                    .map(|(p, s)| (crate::model::short_of(s).to_owned(), format!("{p}/{s}")))
                    .collect(),
            }),
        }
    }

    /// The one commitment an ID names among the files git's index lists,
    /// when that file is in the work tree where the index says, as the
    /// walk would find it (no link on the way); `None` (then the work tree
    /// is walked, which also finds files git does not track yet) when
    /// there is no such one.
    fn found_in_index(
        &self,
        person_part: Option<&str>,
        stem_part: &str,
    ) -> Option<(String, String)> {
        let dir = self.shown(layout::dir(Kind::Commitment));
        let tracked = self.repo.tracked_under(&dir)?;
        let mut matches = Matches::new(person_part, stem_part);
        for path in &tracked {
            let rel = match self.prefix().is_empty() {
                true => path.as_str(),
                false => path.strip_prefix(self.prefix())?.strip_prefix('/')?,
            };
            let Some((person, file)) = rel.split_once('/').and_then(|(_, r)| r.split_once('/'))
            else {
                continue;
            };
            if file.contains(stem_part)
                && layout::placement(rel) == Placement::Record(Kind::Commitment)
                && let Some(stem) = file.strip_suffix(".toml")
            {
                matches.offer(person, stem);
            }
        }
        let [(person, stem)] = <[_; 1]>::try_from(matches.found()).ok()?;
        let rel = layout::commitment_path(&person, &stem);
        let on_disk = |rel: &str, dir: bool| {
            std::fs::symlink_metadata(self.root().join(rel))
                .is_ok_and(|m| if dir { m.is_dir() } else { m.is_file() })
        };
        let person_dir = format!("{}/{person}", layout::dir(Kind::Commitment));
        (on_disk(layout::dir(Kind::Commitment), true)
            && on_disk(&person_dir, true)
            && on_disk(&rel, false))
        .then_some((person, stem))
    }
}

/// The commitments an ID matches: exactly (its suffix or its stem), or by
/// a prefix of either.
struct Matches<'a> {
    person_part: Option<&'a str>,
    stem_part: &'a str,
    exact: Vec<(String, String)>,
    prefixed: Vec<(String, String)>,
}

impl<'a> Matches<'a> {
    fn new(person_part: Option<&'a str>, stem_part: &'a str) -> Matches<'a> {
        Matches {
            person_part,
            stem_part,
            exact: Vec::new(),
            prefixed: Vec::new(),
        }
    }

    /// Considers the commitment file `stem` of `person`.
    fn offer(&mut self, person: &str, stem: &str) {
        if self.person_part.is_some_and(|p| p != person) {
            return;
        }
        let short = crate::model::short_of(stem);
        let found = || (person.to_owned(), stem.to_owned());
        if short == self.stem_part || stem == self.stem_part {
            self.exact.push(found());
        } else if short.starts_with(self.stem_part) || stem.starts_with(self.stem_part) {
            self.prefixed.push(found());
        }
    }

    /// The one exact match, else every match.
    fn found(mut self) -> Vec<(String, String)> {
        if self.exact.len() != 1 {
            self.exact.extend(self.prefixed);
        }
        self.exact
    }
}
