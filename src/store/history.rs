//! The coaching log, read from git history. Commits microvac made are
//! recognised by their trailers; hand edits committed with plain git
//! appear too, matched by the tracker files they touched.

use super::{
    StoreError, Tracker,
    layout::{self, PathOf},
};
use crate::{
    git::{LoggedCommit, trailers},
    model::Kind,
};

/// What a history query is about.
#[derive(Debug, Clone)]
pub enum Target {
    /// Everything.
    All,
    /// A person, project or vacuum.
    Named(Kind, String),
    /// One commitment.
    Commitment {
        /// Whose.
        person: String,
        /// Its file stem.
        stem: String,
    },
}

/// One entry of the coaching log.
pub struct HistoryEntry {
    /// The commit.
    pub commit: LoggedCommit,
    /// Its `Microvac-*` trailers (key without the prefix, value).
    pub trailers: Vec<(String, String)>,
    /// Whether it was committed by hand rather than by microvac.
    pub by_hand: bool,
    /// For a hand edit: the tracker files it touched.
    pub files: Vec<String>,
}

impl HistoryEntry {
    /// The value of the trailer `Microvac-<key>`, if there is one.
    pub fn trailer(&self, key: &str) -> Option<&str> {
        self.trailers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The commit's subject line.
    pub fn subject(&self) -> &str {
        self.commit.message.lines().next().unwrap_or_default()
    }
}

/// The `Microvac-*` trailers of a message, without the prefix.
fn microvac_trailers(message: &str) -> Vec<(String, String)> {
    // Most of a big history is microvac's own; a hand commit without any
    // `Microvac-` line skips the trailer parser altogether.
    if !message.contains("\nMicrovac-") {
        return Vec::new();
    }
    trailers(message)
        .into_iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("Microvac-")?.to_owned(), v)))
        .collect()
}

impl Target {
    /// A cheap test that a message could name the target at all.
    fn may_match(&self, message: &str) -> bool {
        match self {
            Target::All => true,
            Target::Named(_, name) => message.contains(name.as_str()),
            Target::Commitment { stem, .. } => message.contains(stem.as_str()),
        }
    }

    fn matches_trailers(&self, trailers: &[(String, String)]) -> bool {
        trailers.iter().any(|(key, value)| match self {
            Target::All => true,
            Target::Named(Kind::Person, p) => (key == "Person" || key == "Buddy") && value == p,
            Target::Named(kind, name) => {
                kind.trailer().strip_prefix("Microvac-") == Some(key.as_str()) && value == name
            }
            Target::Commitment { stem, .. } => key == "Commitment" && value == stem,
        })
    }

    fn matches_path(&self, rel: &str) -> bool {
        match (self, layout::path_of(rel)) {
            (Target::All, _) => true,
            (Target::Named(kind, name), PathOf::Named(k, stem)) => k == *kind && stem == name,
            (Target::Named(Kind::Person, p), PathOf::Commitment { person, .. }) => person == p,
            (Target::Named(Kind::Person, p), PathOf::Conversation(id)) => {
                id.contains(&format!("-{p}-"))
            }
            (Target::Named(Kind::Project, p), PathOf::Commitment { stem, .. }) => {
                stem.contains(&format!("--{p}-"))
            }
            (Target::Named(Kind::Vacuum, v), PathOf::Commitment { stem, .. }) => {
                stem.starts_with(&format!("{v}--"))
            }
            (Target::Commitment { person: p, stem: s }, PathOf::Commitment { person, stem }) => {
                person == p && stem == s
            }
            _ => false,
        }
    }
}

impl Tracker {
    /// What `input` names: a person, project or vacuum, or a commitment ID.
    pub fn history_target(&self, input: &str) -> Option<Target> {
        for kind in Kind::NAMED {
            if self.require(kind, input).is_ok() {
                return Some(Target::Named(kind, input.to_owned()));
            }
        }
        let found = self.find_commitment(input).ok()?;
        Some(Target::Commitment {
            person: found.person,
            stem: found.stem,
        })
    }

    /// The coaching log about `target`, newest first, at most `limit`
    /// entries.
    pub fn history(
        &self,
        target: &Target,
        limit: Option<usize>,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let prefix = self.prefix().to_owned();
        let strip = |p: &str| -> String {
            match prefix.as_str() {
                "" => p.to_owned(),
                _ => p
                    .strip_prefix(&format!("{prefix}/"))
                    .unwrap_or(p)
                    .to_owned(),
            }
        };
        let mut hand_files: Vec<Vec<String>> = Vec::new();
        let mut limit = limit.unwrap_or(usize::MAX);
        let commits = self.repo.log(&prefix, |message, paths| {
            if limit == 0 {
                return false;
            }
            // Parsing trailers is the cost of a long history: skip it for
            // microvac's commits that cannot be about the target.
            let looks_ours = message.contains("\nMicrovac-Action: ");
            if looks_ours && !target.may_match(message) {
                return false;
            }
            let trailers = match looks_ours {
                true => microvac_trailers(message),
                false => Vec::new(),
            };
            let keep = if trailers.iter().any(|(k, _)| k == "Action") {
                matches!(target, Target::All) || target.matches_trailers(&trailers)
            } else {
                let touched: Vec<String> = paths().iter().map(|p| strip(p)).collect();
                let keep = touched.iter().any(|p| target.matches_path(p));
                if keep {
                    hand_files.push(touched);
                }
                keep
            };
            limit -= usize::from(keep);
            keep
        })?;
        let mut hand = hand_files.into_iter();
        Ok(commits
            .into_iter()
            .map(|commit| {
                let trailers = microvac_trailers(&commit.message);
                let by_hand = !trailers.iter().any(|(k, _)| k == "Action");
                let files = if by_hand {
                    hand.next().unwrap_or_default()
                } else {
                    Vec::new()
                };
                HistoryEntry {
                    commit,
                    trailers,
                    by_hand,
                    files,
                }
            })
            .collect())
    }
}
