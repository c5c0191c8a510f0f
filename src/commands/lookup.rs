//! Resolving what a user typed to records: existence with a "did you mean"
//! hint, and commitment IDs by unique prefix.

use crate::{
    error::{hinted, user},
    model::{SlugKind, validate_slug},
    store::{Kind, Tracker},
};
use anyhow::Result;

/// The slugs of the records of `kind` on disk (file stems), sorted; no file
/// is parsed.
pub fn slugs(tracker: &Tracker, kind: Kind) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(tracker.abs(kind.dir()))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".toml").map(str::to_owned)
        })
        .collect();
    out.sort();
    out
}

/// The closest of `candidates` to `input`, if close enough to suggest.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(input, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3) || c.starts_with(input))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn slug_kind(kind: Kind) -> SlugKind {
    match kind {
        Kind::Person => SlugKind::Person,
        Kind::Project => SlugKind::Project,
        _ => SlugKind::Vacuum,
    }
}

/// Checks that `slug` is valid and names an existing record of `kind`.
pub fn existing(tracker: &Tracker, kind: Kind, slug: &str) -> Result<()> {
    validate_slug(slug_kind(kind), slug).map_err(|e| user(e.to_string()))?;
    if tracker.abs(&Tracker::record_path(kind, slug)).is_file() {
        return Ok(());
    }
    let all = slugs(tracker, kind);
    let message = format!("no {} named {slug:?}", kind.noun());
    Err(match closest(slug, all.iter().map(String::as_str)) {
        Some(near) => hinted(message, format!("did you mean {near:?}?")),
        None if all.is_empty() => hinted(
            message,
            format!("add one with `mv {} add {slug}`", kind.noun()),
        ),
        None => hinted(
            message,
            format!(
                "known {}s: {}; add one with `mv {} add {slug}`",
                kind.noun(),
                all.join(", "),
                kind.noun()
            ),
        ),
    })
}

/// A commitment found by the ID a user typed.
pub struct FoundCommitment {
    /// Tracker-relative path of its file.
    pub rel: String,
    pub person: String,
    pub stem: String,
}

/// Calls `visit(person, stem)` for every commitment file, from directory
/// listings only (no file is read), in no particular order.
pub fn each_commitment_file(tracker: &Tracker, mut visit: impl FnMut(&str, &str)) {
    let people = std::fs::read_dir(tracker.abs("commitments"));
    for person in people.into_iter().flatten().flatten() {
        let Ok(handle) = person.file_name().into_string() else {
            continue;
        };
        for file in std::fs::read_dir(person.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = file.file_name();
            if let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".toml")) {
                visit(&handle, stem);
            }
        }
    }
}

/// The suffix of a commitment stem: the short ID.
pub fn suffix(stem: &str) -> &str {
    stem.rsplit('-').next().unwrap_or(stem)
}

/// Finds a commitment by its ID: the suffix or the full file stem (with or
/// without `person/`), or a unique prefix of either.
pub fn commitment(tracker: &Tracker, id: &str) -> Result<FoundCommitment> {
    let id = id.trim().trim_end_matches(".toml");
    if id.is_empty() || id.chars().any(char::is_control) {
        return Err(user("a commitment ID cannot be empty"));
    }
    let (person_part, stem_part) = match id.split_once('/') {
        Some((person, stem)) => (Some(person), stem),
        None => (None, id),
    };
    let (mut exact, mut prefixed) = (Vec::new(), Vec::new());
    each_commitment_file(tracker, |person, stem| {
        if person_part.is_some_and(|p| p != person) {
            return;
        }
        let short = suffix(stem);
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
        [(person, stem)] => Ok(FoundCommitment {
            rel: Tracker::commitment_path(person, stem),
            person: person.clone(),
            stem: stem.clone(),
        }),
        [] => Err(hinted(
            format!("no commitment with ID {id:?}"),
            "`mv table --by person` or `mv due` shows the IDs",
        )),
        many => Err(hinted(
            format!("the ID {id:?} matches {} commitments", many.len()),
            format!(
                "type more of it: {}",
                many.iter()
                    .take(6)
                    .map(|(p, s)| format!("{} ({p}/{s})", suffix(s)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let known = ["sprint-planning", "status-email", "roadmap"];
        assert_eq!(closest("sprint-planing", known), Some("sprint-planning"));
        assert_eq!(closest("status", known), Some("status-email"));
        assert_eq!(closest("hiring", known), None);
    }
}
