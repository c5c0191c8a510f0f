//! Finding commitments by the ID a user typed: the 6-character suffix, the
//! full file stem (with or without `person/`), or a unique prefix of either.

use super::{StoreError, Tracker, layout, scan};
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
            taken.insert(layout::suffix(stem).to_owned());
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
        let (mut exact, mut prefixed) = (Vec::new(), Vec::new());
        // A match holds what was typed in its file name: only those names
        // are classified.
        self.each_commitment_file_named(stem_part, |person, stem| {
            if person_part.is_some_and(|p| p != person) {
                return;
            }
            let short = layout::suffix(stem);
            let found = || (person.to_owned(), stem.to_owned());
            if short == stem_part || stem == stem_part {
                exact.push(found());
            } else if short.starts_with(stem_part) || stem.starts_with(stem_part) {
                prefixed.push(found());
            }
        });
        let mut found = if exact.len() == 1 {
            exact
        } else {
            exact.extend(prefixed);
            exact
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
                    .map(|(p, s)| (layout::suffix(s).to_owned(), format!("{p}/{s}")))
                    .collect(),
            }),
        }
    }
}
