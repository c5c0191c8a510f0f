//! Loading records. Each file is parsed on its own, so one broken file
//! becomes a [`Problem`] and never stops the others from loading.

use super::{Kind, Problem, TRACKER_FILE};
use crate::model::{
    Commitment, Conversation, Person, Project, Settings, SlugKind, Vacuum, validate_slug,
};
use serde::de::DeserializeOwned;
use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

/// Where record files are read from: the work tree, or a snapshot such as
/// the staged files a pre-commit hook validates.
pub enum Source {
    WorkTree(PathBuf),
    /// Tracker-relative path → content.
    Snapshot(BTreeMap<String, Vec<u8>>),
}

impl Source {
    /// The tracker-relative paths of the `.toml` files of `kind`, sorted.
    pub fn files(&self, kind: Kind) -> Vec<String> {
        let mut out = match self {
            Source::WorkTree(root) => {
                let mut out = Vec::new();
                list_toml(root, kind.dir(), kind.depth(), &mut out);
                out
            }
            Source::Snapshot(files) => {
                let prefix = format!("{}/", kind.dir());
                files
                    .keys()
                    .filter(|p| {
                        p.strip_prefix(&prefix).is_some_and(|rest| {
                            rest.ends_with(".toml") && rest.matches('/').count() == kind.depth()
                        })
                    })
                    .cloned()
                    .collect()
            }
        };
        out.sort();
        out
    }

    /// The content of a tracker-relative file.
    pub fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Source::WorkTree(root) => std::fs::read(root.join(rel)),
            Source::Snapshot(files) => files.get(rel).cloned().ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "not in the snapshot")
            }),
        }
    }
}

fn list_toml(root: &Path, rel: &str, depth: usize, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') {
            continue;
        }
        let child = format!("{rel}/{name}");
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if depth > 0 && is_dir {
            list_toml(root, &child, depth - 1, out);
        } else if depth == 0 && !is_dir && name.ends_with(".toml") {
            out.push(child);
        }
    }
}

/// Parses one record's text, turning a TOML or schema error into a
/// [`Problem`] pointing at the offending spot.
pub fn parse_record<T: DeserializeOwned>(shown_path: &str, text: &str) -> Result<T, Problem> {
    super::text::check_size(shown_path, text.len())?;
    toml::from_str(text).map_err(|e| {
        super::text::syntax_problem(shown_path, text, e.message().trim_end(), e.span())
    })
}

/// Everything loaded from a tracker, and what could not be.
#[derive(Default)]
pub struct Records {
    pub settings: Option<Settings>,
    pub people: BTreeMap<String, Person>,
    pub projects: BTreeMap<String, Project>,
    pub vacuums: BTreeMap<String, Vacuum>,
    pub commitments: Vec<Commitment>,
    pub conversations: Vec<Conversation>,
    /// Files that could not be loaded, with where and why.
    pub problems: Vec<Problem>,
    /// How many files were read, `microvac.toml` included.
    pub files_read: usize,
    /// Texts of the loaded files by tracker-relative path, kept only when
    /// asked for (reference checks point into them).
    pub texts: BTreeMap<String, String>,
}

/// Turns a tracker-relative path into the path shown to the user.
pub type ShowPath<'a> = &'a dyn Fn(&str) -> String;

impl Records {
    /// Loads the records of `kinds` (and the settings) from `source`.
    pub fn load(source: &Source, kinds: &[Kind], show: ShowPath<'_>, keep_texts: bool) -> Records {
        let mut records = Records {
            files_read: 1,
            ..Records::default()
        };
        match read_text(source, TRACKER_FILE, show) {
            Ok(text) => match parse_record::<Settings>(&show(TRACKER_FILE), &text) {
                Ok(settings) => records.settings = Some(settings),
                Err(p) => records.problems.push(p),
            },
            Err(p) => records.problems.push(p),
        }
        for &kind in kinds {
            let files = source.files(kind);
            records.files_read += files.len();
            let parsed = parse_all(source, kind, &files, show);

            for (rel, result) in files.into_iter().zip(parsed) {
                match result {
                    Ok((record, text)) => {
                        records.insert(record);
                        if keep_texts {
                            records.texts.insert(rel, text);
                        }
                    }
                    Err(p) => records.problems.push(p),
                }
            }
        }
        records
    }

    fn insert(&mut self, record: Loaded) {
        match record {
            Loaded::Person(p) => {
                self.people.insert(p.handle.clone(), p);
            }
            Loaded::Project(p) => {
                self.projects.insert(p.slug.clone(), p);
            }
            Loaded::Vacuum(v) => {
                self.vacuums.insert(v.slug.clone(), v);
            }
            Loaded::Commitment(c) => self.commitments.push(*c),
            Loaded::Conversation(c) => self.conversations.push(*c),
        }
    }
}

/// One parsed record of any kind.
enum Loaded {
    Person(Person),
    Project(Project),
    Vacuum(Vacuum),
    Commitment(Box<Commitment>),
    Conversation(Box<Conversation>),
}

type Parsed = Result<(Loaded, String), Problem>;

/// Parses `files`, split across the machine's cores when there are many.
fn parse_all(source: &Source, kind: Kind, files: &[String], show: ShowPath<'_>) -> Vec<Parsed> {
    const PER_THREAD: usize = 256;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if files.len() < 2 * PER_THREAD || threads == 1 {
        return files
            .iter()
            .map(|f| parse_one(source, kind, f, show))
            .collect();
    }
    let chunk = files.len().div_ceil(threads);
    let shown: Vec<String> = files.iter().map(|f| show(f)).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .zip(shown.chunks(chunk))
            .map(|(files, shown)| {
                scope.spawn(move || {
                    files
                        .iter()
                        .zip(shown)
                        .map(|(f, s)| parse_one(source, kind, f, &|_| s.clone()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn read_text(source: &Source, rel: &str, show: ShowPath<'_>) -> Result<String, Problem> {
    let bytes = source
        .read(rel)
        .map_err(|e| Problem::new(show(rel), format!("could not read the file: {e}")))?;
    super::decode(&show(rel), bytes)
}

fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".toml").unwrap_or(name)
}

fn parse_one(source: &Source, kind: Kind, rel: &str, show: ShowPath<'_>) -> Parsed {
    let text = read_text(source, rel, show)?;
    let shown = show(rel);
    let stem = stem(rel).to_owned();
    let slug_kind = match kind {
        Kind::Person => Some(SlugKind::Person),
        Kind::Project => Some(SlugKind::Project),
        Kind::Vacuum => Some(SlugKind::Vacuum),
        _ => None,
    };
    if let Some(slug_kind) = slug_kind {
        validate_slug(slug_kind, &stem)
            .map_err(|e| Problem::new(&shown, format!("bad file name: {e}")))?;
    }
    let record = match kind {
        Kind::Person => Loaded::Person(Person {
            handle: stem,
            ..parse_record(&shown, &text)?
        }),
        Kind::Project => Loaded::Project(Project {
            slug: stem,
            ..parse_record(&shown, &text)?
        }),
        Kind::Vacuum => Loaded::Vacuum(Vacuum {
            slug: stem,
            ..parse_record(&shown, &text)?
        }),
        Kind::Commitment => Loaded::Commitment(Box::new(Commitment {
            stem,
            file: rel.to_owned(),
            ..parse_record(&shown, &text)?
        })),
        Kind::Conversation => Loaded::Conversation(Box::new(Conversation {
            id: stem,
            file: rel.to_owned(),
            ..parse_record(&shown, &text)?
        })),
    };
    Ok((record, text))
}
