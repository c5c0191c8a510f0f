//! Loading records. Each file is parsed on its own, so one broken file
//! becomes a [`Problem`] and never stops the others from loading.

use super::{
    Problem, TRACKER_FILE,
    findings::{self, Findings},
    layout, links,
    scan::{self, Scan},
};
use crate::model::{
    Commitment, Conversation, Kind, Person, Project, Records, Settings, Vacuum, validate_slug,
};
use serde::de::DeserializeOwned;
use std::{
    collections::{BTreeMap, HashMap},
    path::PathBuf,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
};
use toml::{Spanned, de::DeTable};

/// Where record files are read from: the work tree, or a snapshot such as
/// the staged files a pre-commit hook validates.
pub enum Source {
    /// The tracker's directory in the work tree.
    WorkTree(PathBuf),
    /// Tracker-relative path → content.
    Snapshot(BTreeMap<String, Vec<u8>>),
}

impl Source {
    /// The tracker-relative paths of the record files of `kind`, sorted.
    pub fn files(&self, kind: Kind) -> Vec<String> {
        self.scan(kind).records
    }

    /// The folder of `kind`: its record files, and the files in it that
    /// are not records (see [`scan`](super::scan)).
    pub fn scan(&self, kind: Kind) -> Scan {
        match self {
            Source::WorkTree(root) => scan::work_tree(root, kind),
            Source::Snapshot(files) => scan::paths(files.keys().map(String::as_str), kind),
        }
        .sorted()
    }

    /// The content of a tracker-relative file: `microvac.toml` or one that
    /// [`Source::scan`] listed (never through a link).
    pub fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Source::WorkTree(root) => links::read_listed(root, rel),
            Source::Snapshot(files) => files.get(rel).cloned().ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "not in the snapshot")
            }),
        }
    }
}

/// Parses one record's text, turning a TOML or schema error into a
/// [`Problem`] pointing at the offending spot.
pub fn parse_record<T: DeserializeOwned>(shown_path: &str, text: &str) -> Result<T, Problem> {
    record_from(shown_path, text, parse_table(shown_path, text)?)
}

/// Parses a record's text as a TOML table, the first half of
/// [`parse_record`]: a text too large or not TOML is a [`Problem`].
fn parse_table<'t>(shown_path: &str, text: &'t str) -> Result<Spanned<DeTable<'t>>, Problem> {
    super::text::check_size(shown_path, text.len())?;
    DeTable::parse(text).map_err(|e| toml_problem(shown_path, text, &e))
}

/// Reads a record from the table [`parse_table`] parsed out of `text`, the
/// second half of [`parse_record`]: a value of the wrong shape is a
/// [`Problem`] pointing at it (as `toml::from_str` reports it: the same
/// message and span).
fn record_from<T: DeserializeOwned>(
    shown_path: &str,
    text: &str,
    table: Spanned<DeTable<'_>>,
) -> Result<T, Problem> {
    T::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| toml_problem(shown_path, text, &e))
}

fn toml_problem(shown_path: &str, text: &str, e: &toml::de::Error) -> Problem {
    super::text::syntax_problem(shown_path, text, e.message().trim_end(), e.span())
}

/// Records as loaded, and what could not be.
#[derive(Default)]
pub struct Loaded {
    /// The records that loaded.
    pub records: Records,
    /// Files that could not be loaded, with where and why.
    pub problems: Vec<Problem>,
    /// How many files were read, `microvac.toml` included.
    pub files_read: usize,
    /// Texts of the loaded files (`microvac.toml` too) by tracker-relative
    /// path, kept only when asked for (reference checks point into them).
    pub texts: HashMap<String, String>,
    /// What `mv check` finds in those files on their own (see
    /// [`Findings`]), found in the parse that loaded each, on the loader's
    /// threads: the tracker-relative path of every file with a finding, in
    /// the order loaded; only when texts are kept.
    pub findings: Vec<(String, Findings)>,
    /// Every record file listed, loaded or not, tracker-relative.
    pub listed: Vec<String>,
}

/// Turns a tracker-relative path into the path shown to the user.
pub type ShowPath<'a> = &'a (dyn Fn(&str) -> String + Sync);

impl Loaded {
    /// Loads the records of `kinds` (and the settings) from `source`; with
    /// `keep_texts` (`mv check`), keeps every loaded file's text and what
    /// [`Findings`] it holds.
    pub fn load(source: &Source, kinds: &[Kind], show: ShowPath<'_>, keep_texts: bool) -> Loaded {
        let mut loaded = Loaded {
            files_read: 1,
            ..Loaded::default()
        };
        match read_text(source, TRACKER_FILE, show).and_then(|text| {
            let shown = show(TRACKER_FILE);
            if keep_texts {
                // Checked whether or not the settings load (parsed on its
                // own: one file).
                let findings = findings::findings_in_text(TRACKER_FILE, &shown, &text);
                if !findings.is_empty() {
                    loaded.findings.push((TRACKER_FILE.to_owned(), findings));
                }
                loaded.texts.insert(TRACKER_FILE.to_owned(), text.clone());
            }
            parse_record::<Settings>(&shown, &text)
        }) {
            Ok(settings) => loaded.records.settings = Some(settings),
            Err(p) => loaded.problems.push(p),
        }
        // Each kind's folder is listed while the files of the kind before
        // it are parsed, and each kind is taken in (in order) while the
        // kinds after it are parsed; the kinds too small to split are
        // parsed here when taken in, beside the threads of the others.
        std::thread::scope(|scope| {
            let pending: Vec<_> = kinds
                .iter()
                .map(|&kind| {
                    let scan = source.scan(kind);
                    let records = scan.records.clone();
                    (
                        scan,
                        parse_all(scope, source, kind, records, show, keep_texts),
                    )
                })
                .collect();
            for (&kind, (scan, parsing)) in kinds.iter().zip(pending) {
                let parsed = parsing.results(source, show, keep_texts);
                loaded.take_in(kind, scan, parsed, show, keep_texts);
            }
        });
        loaded
    }

    /// Takes in the folder of `kind` as listed and its files as parsed
    /// (in the folder's order).
    fn take_in(
        &mut self,
        kind: Kind,
        scan: Scan,
        parsed: Vec<(String, Parsed)>,
        show: ShowPath<'_>,
        keep_texts: bool,
    ) {
        for (rel, why) in scan.strays {
            self.problems.push(Problem::new(show(&rel), why));
        }
        self.files_read += scan.records.len();
        self.listed.extend(scan.records);
        match kind {
            Kind::Commitment => self.records.commitments.reserve(parsed.len()),
            Kind::Conversation => self.records.conversations.reserve(parsed.len()),
            _ => {}
        }
        if keep_texts {
            self.texts.reserve(parsed.len());
        }
        for (rel, parsed) in parsed {
            match parsed {
                Ok(file) => {
                    if let Some(findings) = file.findings.filter(|f| !f.is_empty()) {
                        self.findings.push((rel.clone(), findings));
                    }
                    if keep_texts {
                        self.texts.insert(rel, file.text);
                    }
                    self.insert(file.record);
                }
                Err(p) => self.problems.push(p),
            }
        }
    }

    fn insert(&mut self, record: Record) {
        let r = &mut self.records;
        match record {
            Record::Person(p) => {
                r.people.insert(p.handle.clone(), p);
            }
            Record::Project(p) => {
                r.projects.insert(p.slug.clone(), p);
            }
            Record::Vacuum(v) => {
                r.vacuums.insert(v.slug.clone(), v);
            }
            Record::Commitment(c) => r.commitments.push(*c),
            Record::Conversation(c) => r.conversations.push(*c),
        }
    }
}

/// One parsed record of any kind.
enum Record {
    Person(Person),
    Project(Project),
    Vacuum(Vacuum),
    Commitment(Box<Commitment>),
    Conversation(Box<Conversation>),
}

fn read_text(source: &Source, rel: &str, show: ShowPath<'_>) -> Result<String, Problem> {
    let bytes = source
        .read(rel)
        .map_err(|e| Problem::new(show(rel), format!("could not read the file: {e}")))?;
    super::decode(&show(rel), bytes)
}

/// One file loaded: its record and text, and with `mv check` what it
/// holds on its own.
struct ParsedFile {
    record: Record,
    text: String,
    findings: Option<Findings>,
}

/// One file parsed, or what is wrong with it.
type Parsed = Result<ParsedFile, Problem>;

/// Below this many files, one thread parses them all (starting threads
/// would cost more than it saves).
const PARALLEL_FROM: usize = 256;

/// Files handed to a worker at a time: few enough that the workers finish
/// together when one of them is slowed (by another process on its core),
/// enough that taking them costs nothing.
const BATCH: usize = 32;

/// The files of one kind, parsed by the workers as `(index, parsed)`.
type Parts<'scope> = Vec<std::thread::ScopedJoinHandle<'scope, Vec<(usize, Parsed)>>>;

/// Files of one kind to parse: too few to split (left to the loader's
/// own thread), or shared among threads of the loader's scope.
enum Parsing<'scope> {
    Here(Kind, Vec<String>),
    Shared(Arc<Vec<String>>, Parts<'scope>),
}

impl Parsing<'_> {
    /// The files as parsed (with their [`Findings`] when `find`), in the
    /// order given. A worker that panicked is a bug and stops the program
    /// as it would have on one thread: no file is dropped in silence.
    fn results(self, source: &Source, show: ShowPath<'_>, find: bool) -> Vec<(String, Parsed)> {
        match self {
            Parsing::Here(kind, records) => records
                .into_iter()
                .map(|rel| {
                    let parsed = parse_one(source, kind, &rel, show, find);
                    (rel, parsed)
                })
                .collect(),
            Parsing::Shared(records, parts) => {
                let mut parsed: Vec<Option<Parsed>> = records.iter().map(|_| None).collect();
                for part in parts {
                    let part = part.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    for (i, file) in part {
                        if let Some(slot) = parsed.get_mut(i) {
                            *slot = Some(file);
                        }
                    }
                }
                let records = Arc::try_unwrap(records).unwrap_or_else(|shared| (*shared).clone());
                records
                    .into_iter()
                    .zip(parsed)
                    .map(|(rel, file)| {
                        // Every file is taken by one worker, which ran to
                        // the end: never missing (but never dropped).
                        let file = file.unwrap_or_else(|| {
                            Err(Problem::new(
                                show(&rel),
                                "the loader skipped this file (a bug)",
                            ))
                        });
                        (rel, file)
                    })
                    .collect()
            }
        }
    }
}

/// Parses `records` (files of `kind`), keeping their order, each with its
/// [`Findings`] when `find`: shared among threads of `scope`, one per
/// core, when there are many (each file is read and parsed on its own, so
/// the work divides cleanly; each worker takes the next [`BATCH`] files
/// until none are left), the caller going on meanwhile; else left to the
/// caller's thread ([`Parsing::results`]).
fn parse_all<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    source: &'env Source,
    kind: Kind,
    records: Vec<String>,
    show: ShowPath<'env>,
    find: bool,
) -> Parsing<'scope> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if workers < 2 || records.len() < PARALLEL_FROM {
        return Parsing::Here(kind, records);
    }
    let records = Arc::new(records);
    let next = Arc::new(AtomicUsize::new(0));
    let parts = (0..workers)
        .map(|_| {
            let (records, next) = (Arc::clone(&records), Arc::clone(&next));
            scope.spawn(move || {
                let mut out = Vec::new();
                loop {
                    let start = next.fetch_add(BATCH, Ordering::Relaxed);
                    if start >= records.len() {
                        return out;
                    }
                    for (i, rel) in records.iter().enumerate().skip(start).take(BATCH) {
                        out.push((i, parse_one(source, kind, rel, show, find)));
                    }
                }
            })
        })
        .collect();
    Parsing::Shared(records, parts)
}

/// Parses one file as a record of `kind`, named after its path, with its
/// [`Findings`] when `find` (read off the same parse).
fn parse_one(source: &Source, kind: Kind, rel: &str, show: ShowPath<'_>, find: bool) -> Parsed {
    let text = read_text(source, rel, show)?;
    let (record, findings) = parse_as(kind, rel, &show(rel), &text, find)?;
    Ok(ParsedFile {
        record,
        text,
        findings,
    })
}

/// Parses `text` once: [`Findings`] (when `find`) are read off the table
/// before the record is; they count only if the record loads.
fn parse_as(
    kind: Kind,
    rel: &str,
    shown: &str,
    text: &str,
    find: bool,
) -> Result<(Record, Option<Findings>), Problem> {
    let stem = layout::stem(rel).to_owned();
    if Kind::NAMED.contains(&kind) {
        validate_slug(kind, &stem)
            .map_err(|e| Problem::new(shown, format!("bad file name: {e}")))?;
    }
    let table = parse_table(shown, text)?;
    let findings = find.then(|| findings::findings_in(rel, shown, text, table.get_ref()));
    let record = match kind {
        Kind::Person => Record::Person(Person {
            handle: stem,
            ..record_from(shown, text, table)?
        }),
        Kind::Project => Record::Project(Project {
            slug: stem,
            ..record_from(shown, text, table)?
        }),
        Kind::Vacuum => Record::Vacuum(Vacuum {
            slug: stem,
            ..record_from(shown, text, table)?
        }),
        Kind::Commitment => Record::Commitment(Box::new(Commitment {
            id: crate::model::CommitmentId::new(stem),
            file: rel.to_owned(),
            ..record_from(shown, text, table)?
        })),
        Kind::Conversation => Record::Conversation(Box::new(Conversation {
            id: stem,
            file: rel.to_owned(),
            ..record_from(shown, text, table)?
        })),
    };
    Ok((record, findings))
}

/// Parses a commitment's text, with its stem and file set from `rel`.
pub fn parse_commitment(rel: &str, shown: &str, text: &str) -> Result<Commitment, Problem> {
    Ok(Commitment {
        id: crate::model::CommitmentId::new(layout::stem(rel)),
        file: rel.to_owned(),
        ..parse_record(shown, text)?
    })
}

/// Parses a person, project or vacuum file's text, to check an edit before
/// it is written: as the loader reads it, and held to what `mv check`
/// holds the file to on its own ([`file_rules`]).
pub fn validate_named(kind: Kind, shown: &str, text: &str) -> Result<(), Problem> {
    match kind {
        Kind::Person => parse_record::<Person>(shown, text).map(drop),
        Kind::Project => parse_record::<Project>(shown, text).map(drop),
        _ => parse_record::<Vacuum>(shown, text).map(drop),
    }?;
    file_rules(Some(kind), shown, text)
}

/// Parses a commitment's text, to check an edit before it is written: as
/// the loader reads it, and held to what `mv check` holds the file to on
/// its own ([`file_rules`]).
pub fn validate_commitment(rel: &str, shown: &str, text: &str) -> Result<Commitment, Problem> {
    let commitment = parse_commitment(rel, shown, text)?;
    file_rules(Some(Kind::Commitment), shown, text)?;
    Ok(commitment)
}

/// What `mv check` says of a record file of `kind` (`None`:
/// `microvac.toml`) on its own, beyond parsing: a field that breaks its
/// text rule, then a key one letter away from one microvac reads
/// ([`super::findings::rule_problems`]); the first, as a problem. Every command that
/// writes a person's text (an edit, a resolved conflict) holds it to this,
/// so nothing it records is named by the next check.
pub fn file_rules(kind: Option<Kind>, shown: &str, text: &str) -> Result<(), Problem> {
    // A text that does not parse has been refused before this is asked.
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return Ok(());
    };
    match super::findings::rule_problems(kind, shown, text, table.get_ref())
        .into_iter()
        .next()
    {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[(&str, &str)]) -> Source {
        Source::Snapshot(
            files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
                .collect(),
        )
    }

    #[test]
    fn one_broken_file_does_not_stop_the_others() {
        let source = snapshot(&[
            ("microvac.toml", "schema = 1\n"),
            ("people/alice.toml", "name = \"Alice\"\n"),
            ("people/bob.toml", "name = \"Bob\n"),
            ("people/Bad.toml", "name = \"x\"\n"),
            (
                "commitments/alice/retros--web-abc123.toml",
                "person = \"alice\"\nvacuum = \"retros\"\nproject = \"web\"\nstatus = \"active\"\nstarted = 2026-11-02\n",
            ),
        ]);
        let loaded = Loaded::load(&source, &Kind::ALL, &|p| p.to_owned(), false);
        assert_eq!(loaded.files_read, 5);
        assert_eq!(loaded.records.names(Kind::Person), ["alice"]);
        assert_eq!(loaded.records.commitments[0].id.short(), "abc123");
        let headlines: Vec<String> = loaded.problems.iter().map(Problem::headline).collect();
        assert_eq!(headlines.len(), 2, "{headlines:?}");
        assert!(
            headlines[0].starts_with("people/Bad.toml: bad file name"),
            "{headlines:?}"
        );
        assert!(
            headlines[1].starts_with("people/bob.toml:1:"),
            "{headlines:?}"
        );
    }

    /// Enough files to be split among threads: every one is loaded or
    /// named as a problem, in the order the folder lists them, as on one
    /// thread.
    #[test]
    fn many_files_load_in_order_with_every_broken_one_named() {
        let n = PARALLEL_FROM * 3 + 7;
        let texts: Vec<(String, String)> = (0..n)
            .map(|i| {
                let text = if i % 97 == 5 {
                    format!("name = \"P{i}\n")
                } else {
                    format!("name = \"P{i}\"\n")
                };
                (format!("people/p{i:05}.toml"), text)
            })
            .collect();
        let mut files: Vec<(&str, &str)> = vec![("microvac.toml", "schema = 1\n")];
        files.extend(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        let loaded = Loaded::load(&snapshot(&files), &[Kind::Person], &|p| p.to_owned(), false);
        let broken: Vec<usize> = (0..n).filter(|i| i % 97 == 5).collect();
        assert_eq!(loaded.records.people.len(), n - broken.len());
        let named: Vec<String> = loaded.problems.iter().map(Problem::headline).collect();
        assert_eq!(named.len(), broken.len(), "{named:?}");
        for (headline, i) in named.iter().zip(&broken) {
            assert!(
                headline.starts_with(&format!("people/p{i:05}.toml:1:")),
                "{named:?}"
            );
        }
        let listed: Vec<&String> = loaded.listed.iter().collect();
        assert!(listed.windows(2).all(|w| w[0] < w[1]), "in order");
    }
}
