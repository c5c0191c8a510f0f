//! Where things live in a tracker, and finding the tracker from any
//! directory, the way cargo finds `Cargo.toml`.

use super::StoreError;
use crate::git::Repo;
use std::path::{Path, PathBuf};

/// The file that marks a tracker's root.
pub const TRACKER_FILE: &str = "microvac.toml";

/// The kinds of record, each in its own directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Project,
    Vacuum,
    Conversation,
    Commitment,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Person,
        Kind::Project,
        Kind::Vacuum,
        Kind::Conversation,
        Kind::Commitment,
    ];

    /// The directory (relative to the tracker root) holding this kind.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Project => "projects",
            Kind::Vacuum => "vacuums",
            Kind::Conversation => "conversations",
            Kind::Commitment => "commitments",
        }
    }

    /// How many directory levels lie between `dir()` and the files.
    pub fn depth(self) -> usize {
        match self {
            Kind::Conversation | Kind::Commitment => 1,
            _ => 0,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Project => "project",
            Kind::Vacuum => "vacuum",
            Kind::Conversation => "conversation",
            Kind::Commitment => "commitment",
        }
    }
}

/// An opened tracker: its repository and where its root is inside it.
pub struct Tracker {
    pub repo: Repo,
    root: PathBuf,
    prefix: String,
}

impl Tracker {
    /// Finds the tracker containing `start`: the nearest directory at or
    /// above it holding `microvac.toml`, within the work tree. From the
    /// work tree's root, a single tracker one level down (`mv init --dir`)
    /// is found too.
    pub fn find(start: &Path) -> Result<Tracker, StoreError> {
        let start = start.canonicalize().map_err(|source| StoreError::Io {
            path: start.display().to_string(),
            source,
        })?;
        let repo = Repo::discover(&start)?;
        let mut dir = Some(start.as_path());
        while let Some(d) = dir {
            if d.join(TRACKER_FILE).is_file() {
                return Ok(Tracker::at(repo, d.to_path_buf()));
            }
            if d == repo.workdir() {
                break;
            }
            dir = d.parent();
        }
        if start == repo.workdir() {
            let nested: Vec<PathBuf> = std::fs::read_dir(&start)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.join(TRACKER_FILE).is_file())
                .collect();
            if let [only] = nested.as_slice() {
                return Ok(Tracker::at(repo, only.clone()));
            }
        }
        Err(StoreError::NoTracker { start })
    }

    /// A tracker rooted at `root` (canonical) inside `repo`.
    pub fn at(repo: Repo, root: PathBuf) -> Tracker {
        let prefix = repo.relative(&root).unwrap_or_default();
        Tracker { repo, root, prefix }
    }

    /// The tracker's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The tracker root relative to the work tree (`""` at the root).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A tracker-relative path as a repo-relative one.
    pub fn repo_path(&self, rel: &str) -> String {
        if self.prefix.is_empty() {
            rel.to_owned()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }

    /// A tracker-relative path as an absolute one.
    pub fn abs(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The file of a person, project or vacuum.
    pub fn record_path(kind: Kind, slug: &str) -> String {
        format!("{}/{slug}.toml", kind.dir())
    }

    /// The file of a commitment.
    pub fn commitment_path(person: &str, stem: &str) -> String {
        format!("commitments/{person}/{stem}.toml")
    }

    /// The file of a conversation; `stem` starts with its date.
    pub fn conversation_path(stem: &str) -> String {
        format!("conversations/{}/{stem}.toml", &stem[..4.min(stem.len())])
    }
}
