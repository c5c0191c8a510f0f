//! Issue 18, part 2: the editors' schemas. Every record a generated
//! tracker holds validates against the schema `mv init` wrote, with a real
//! JSON Schema validator (boon), through the `#:schema` line each file
//! starts with; and on hand-written records, valid and broken, the schema
//! refuses a file exactly when `mv check` does (for the rules a schema can
//! say: see `src/model/schema.rs` for those it cannot).

use crate::common;

use common::TestRepo;
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

/// A TOML file's data as taplo hands it to a JSON Schema validator:
/// dates and times as their text.
fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Validates `text` (a record file at tracker-relative `rel`) against the
/// schema its `#:schema` line points at, read from the tracker at `root`
/// relative to the file, as taplo does. `Err` lists what the validator
/// refused.
fn validate(root: &Path, rel: &str, text: &str) -> Result<(), String> {
    let first = text.lines().next().unwrap_or_default();
    let target = first
        .strip_prefix("#:schema ")
        .unwrap_or_else(|| panic!("{rel} does not start with a #:schema line: {first:?}"));
    let schema_file = root.join(rel).parent().unwrap().join(target);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(&schema_file)
            .unwrap_or_else(|e| panic!("{rel}: {}: {e}", schema_file.display())),
    )
    .unwrap();
    validate_with(&schema, text)
}

fn validate_with(schema: &Value, text: &str) -> Result<(), String> {
    use std::{cell::RefCell, collections::HashMap};
    thread_local! {
        /// Compiled once each: a schema's patterns take a while to compile.
        static COMPILED: RefCell<(boon::Schemas, HashMap<String, boon::SchemaIndex>)> =
            RefCell::new((boon::Schemas::new(), HashMap::new()));
    }
    let data = toml_to_json(&toml::Value::Table(
        text.parse::<toml::Table>().expect("the file is TOML"),
    ));
    COMPILED.with(|compiled| {
        let (schemas, by_text) = &mut *compiled.borrow_mut();
        let key = schema.to_string();
        let index = match by_text.get(&key) {
            Some(index) => *index,
            None => {
                let url = format!("mem:///schema-{}.json", by_text.len());
                let mut compiler = boon::Compiler::new();
                compiler.add_resource(&url, schema.clone()).unwrap();
                let index = compiler
                    .compile(&url, schemas)
                    .unwrap_or_else(|e| panic!("the schema does not compile: {e:#}"));
                by_text.insert(key, index);
                index
            }
        };
        schemas.validate(&data, index).map_err(|e| format!("{e:#}"))
    })
}

/// Every record file of the tracker, tracker-relative.
fn record_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for dir in [
        "people",
        "projects",
        "vacuums",
        "commitments",
        "conversations",
    ] {
        walk(root, &root.join(dir), &mut out);
    }
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path.strip_prefix(root).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The commitment file `mv` wrote last.
fn last_file(repo: &TestRepo) -> String {
    repo.last_commit_files().trim().to_owned()
}

#[test]
fn every_record_of_a_generated_tracker_validates_against_its_schema() {
    let repo = TestRepo::tracker();
    for args in [
        &[
            "person",
            "add",
            "alice",
            "--name",
            "Alice Liddell",
            "--role",
            "senior",
        ][..],
        &[
            "person",
            "add",
            "bob",
            "--name",
            "Bob",
            "--email",
            "bob@example.com",
        ],
        &["project", "add", "web", "--name", "Web shop"],
        &[
            "log",
            "alice",
            "--exemplar",
            "Foo",
            "--liked",
            "clear plan=project-plan",
            "--liked",
            "short standups",
            "--concern",
            "first attempts will be slow",
            "--fill",
            "retros@web",
            "--buddy",
            "bob",
            "--notes",
            "went well",
            "--next",
            "2026-12-14",
        ],
        &["fill", "bob", "status-email@web", "--checkin-every", "1w"],
    ] {
        repo.mv(args).success();
    }
    let status_email = last_file(&repo);
    let id = status_email
        .trim_end_matches(".toml")
        .rsplit('-')
        .next()
        .unwrap()
        .to_owned();
    repo.mv(&[
        "checkin",
        &id,
        "--note",
        "first email sent",
        "--comfort",
        "2",
    ])
    .success();
    repo.mv(&["checkin", &id, "--comfort", "4"]).success();
    repo.mv(&["done", &id]).success();
    repo.mv(&["check"]).success();

    let files = record_files(repo.path());
    for kind in [
        "people",
        "projects",
        "vacuums",
        "commitments",
        "conversations",
    ] {
        assert!(
            files.iter().any(|f| f.starts_with(kind)),
            "no {kind} in {files:?}"
        );
    }
    for rel in &files {
        if let Err(e) = validate(repo.path(), rel, &repo.read(rel)) {
            panic!(
                "{rel} does not validate against its schema:\n{e}\n{}",
                repo.read(rel)
            );
        }
    }
    // The record templates start with the line to their schema, and the
    // schemas are committed with the rest of `mv init`'s files.
    for name in ["person", "project", "vacuum", "commitment", "conversation"] {
        let template = repo.read(format!("templates/{name}.toml"));
        assert!(
            template.starts_with(&format!("#:schema ../schemas/{name}.json\n")),
            "{template}"
        );
    }
    let tracked = repo.git(&["ls-files", "schemas"]);
    assert_eq!(
        tracked.lines().collect::<Vec<_>>(),
        [
            "schemas/commitment.json",
            "schemas/conversation.json",
            "schemas/person.json",
            "schemas/project.json",
            "schemas/vacuum.json"
        ]
    );
    assert_eq!(repo.status(), "");
    repo.assert_fsck_clean();
}

#[test]
fn the_schema_line_survives_a_hand_edit_and_an_edit_by_microvac() {
    let repo = TestRepo::tracker();
    repo.mv(&["person", "add", "alice", "--name", "Alice"])
        .success();
    repo.mv(&["project", "add", "web"]).success();
    repo.mv(&["fill", "alice", "retros@web"]).success();
    let rel = last_file(&repo);
    let id = rel
        .trim_end_matches(".toml")
        .rsplit('-')
        .next()
        .unwrap()
        .to_owned();
    repo.mv(&["checkin", &id, "--comfort", "3"]).success();
    repo.mv(&["drop", &id, "--why", "moved teams"]).success();
    let text = repo.read(&rel);
    assert!(
        text.starts_with("#:schema ../../schemas/commitment.json\n"),
        "{text}"
    );
    validate(repo.path(), &rel, &text).unwrap();
    // A record without the line (an older tracker's) still loads and checks.
    let person = repo.read("people/alice.toml");
    let without: String = person.lines().skip(1).map(|l| format!("{l}\n")).collect();
    repo.write("people/alice.toml", &without);
    repo.mv(&["check"]).success();
}

/// A small tracker for hand-written records to sit in: alice and bob, the
/// project web, the default catalog.
fn corpus_tracker() -> TestRepo {
    let repo = TestRepo::tracker();
    repo.mv(&["person", "add", "alice"]).success();
    repo.mv(&["person", "add", "bob"]).success();
    repo.mv(&["project", "add", "web"]).success();
    repo
}

/// Whether `mv check` refuses each of `files` (tracker-relative), written
/// into `repo` (and removed again afterwards).
fn check_refuses(repo: &TestRepo, files: &[(String, String)]) -> Vec<bool> {
    for (rel, text) in files {
        repo.write(rel, text);
    }
    let out = repo.mv(&["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&out.stdout()).unwrap_or_else(|e| {
        panic!(
            "mv check --format json: {e}\n{}\n{}",
            out.stdout(),
            out.stderr()
        )
    });
    let problems = report["problems"].as_array().unwrap();
    let refused = files
        .iter()
        .map(|(rel, _)| problems.iter().any(|p| p["file"] == rel.as_str()))
        .collect();
    for (rel, _) in files {
        std::fs::remove_file(repo.path().join(rel)).unwrap();
    }
    // Nothing else was refused: the corpus breaks only the files it writes.
    for p in problems {
        assert!(
            files.iter().any(|(rel, _)| p["file"] == rel.as_str()),
            "{p}"
        );
    }
    refused
}

const SEALED: &str = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmMKeHl6Ci0tLSBkZWYKAAECAw==\n-----END AGE ENCRYPTED FILE-----\n";

/// One record file per kind, each field a valid or a broken value; the
/// file is valid when every field is.
#[derive(Debug, Clone)]
struct Record {
    rel: &'static str,
    kind: &'static str,
    lines: Vec<(String, bool)>,
}

impl Record {
    fn valid(&self) -> bool {
        self.lines.iter().all(|(_, ok)| *ok)
    }
    fn text(&self) -> String {
        let mut text = format!("#:schema ../../schemas/{}.json\n", self.kind);
        if !self.rel.starts_with("commitments/") && !self.rel.starts_with("conversations/") {
            text = format!("#:schema ../schemas/{}.json\n", self.kind);
        }
        // Top-level keys first, then the tables.
        let (tables, keys): (Vec<_>, Vec<_>) =
            self.lines.iter().partition(|(l, _)| l.starts_with("[["));
        for (line, _) in keys.iter().chain(&tables) {
            if !line.is_empty() {
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }
}

/// A field: `(TOML line, valid)` picked among valid and broken choices,
/// a broken one about one time in eight, so that most files break one
/// rule or none (a file breaking several would hide a rule on which the
/// two disagree); an empty line leaves the key out.
fn choice(options: &'static [(&'static str, bool)]) -> BoxedStrategy<(String, bool)> {
    let pick = |ok: bool| -> Vec<(String, bool)> {
        options
            .iter()
            .filter(|(_, valid)| *valid == ok)
            .map(|(l, valid)| ((*l).to_owned(), *valid))
            .collect()
    };
    let (valid, broken) = (pick(true), pick(false));
    match (valid.is_empty(), broken.is_empty()) {
        (false, false) => prop_oneof![
            7 => prop::sample::select(valid),
            1 => prop::sample::select(broken),
        ]
        .boxed(),
        (false, true) => prop::sample::select(valid).boxed(),
        _ => prop::sample::select(broken).boxed(),
    }
}

fn checkin() -> impl Strategy<Value = (String, bool)> {
    (
        choice(&[
            ("date = 2026-11-03", true),
            ("date = \"2026-11-03\"", true),
            ("date = \"last week\"", false),
            ("", false),
        ]),
        choice(&[
            ("", true),
            ("comfort = 1", true),
            ("comfort = 5", true),
            ("comfort = 0", false),
            ("comfort = 6", false),
            ("comfort = 9", false),
            ("comfort = -1", false),
            ("comfort = \"3\"", false),
            ("comfrot = 3", false),
        ]),
        choice(&[
            ("", true),
            ("note = \"went fine\"", true),
            ("note = 4", false),
            ("notes = \"went fine\"", false),
            ("mood = \"good\"", true),
        ]),
        prop::sample::select(&[0usize, 0, 1, 1, 2, 3][..]),
    )
        .prop_map(|(date, comfort, note, private)| {
            let (private, private_ok) = match private {
                0 => (String::new(), true),
                1 => (format!("private = {SEALED:?}"), true),
                2 => ("private = \"\"".to_owned(), true),
                _ => ("private = \"she is looking elsewhere\"".to_owned(), false),
            };
            let body: Vec<&str> = [date.0.as_str(), &comfort.0, &note.0, &private]
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect();
            (
                format!("[[checkin]]\n{}", body.join("\n")),
                date.1 && comfort.1 && note.1 && private_ok,
            )
        })
}

fn commitment() -> impl Strategy<Value = Record> {
    (
        (
            choice(&[
                ("person = \"alice\"", true),
                ("person = \"Alice\"", false),
                ("person = 5", false),
                ("", false),
            ]),
            choice(&[
                ("vacuum = \"retros\"", true),
                ("vacuum = \"Retros\"", false),
                ("vacuum = [\"retros\"]", false),
            ]),
            choice(&[
                ("project = \"web\"", true),
                ("project = \"web site\"", false),
            ]),
            choice(&[
                ("status = \"active\"", true),
                ("status = \"done\"", true),
                ("status = \"dropped\"", true),
                ("status = \"finished\"", false),
                ("status = 1", false),
                ("stauts = \"active\"", false),
            ]),
            choice(&[
                ("started = 2026-11-02", true),
                ("started = \"2026-11-02\"", true),
                ("started = \"soon\"", false),
                ("started = 5", false),
                ("", false),
            ]),
        ),
        (
            choice(&[
                ("", true),
                ("buddy = \"\"", true),
                ("buddy = \"bob\"", true),
                ("buddy = \"Bob\"", false),
            ]),
            choice(&[
                ("", true),
                ("checkin_every = \"2w\"", true),
                ("checkin_every = \"10d\"", true),
                ("checkin_every = \"0d\"", false),
                ("checkin_every = \"2y\"", false),
                ("checkin_every = \"w\"", false),
            ]),
            choice(&[
                ("", true),
                ("next_checkin = 2026-11-16", true),
                ("next_checkin = \"tomorrow\"", false),
            ]),
            choice(&[
                ("", true),
                ("why = \"moved teams\"", true),
                ("why = 3", false),
                ("team = \"payments\"", true),
                ("conversation = \"\"", true),
                ("conversation = \"Some Chat\"", false),
            ]),
            prop::collection::vec(checkin(), 0..3),
        ),
    )
        .prop_map(
            |((person, vacuum, project, status, started), (buddy, every, next, why, checkins))| {
                let mut lines = vec![
                    person, vacuum, project, status, started, buddy, every, next, why,
                ];
                lines.extend(checkins);
                Record {
                    rel: "commitments/alice/retros--web-k3f9xq.toml",
                    kind: "commitment",
                    lines,
                }
            },
        )
}

fn conversation() -> impl Strategy<Value = Record> {
    (
        (
            choice(&[
                ("date = 2026-11-20", true),
                ("date = \"2026-11-20\"", true),
                ("date = \"someday\"", false),
                ("", false),
            ]),
            choice(&[("person = \"alice\"", true), ("person = \"Alice!\"", false)]),
            choice(&[
                ("", true),
                ("manager = \"Mia\"", true),
                ("manager = \"Mia\\u0007\"", false),
                ("manager = \"Mia\\nJones\"", false),
            ]),
            choice(&[
                ("", true),
                ("liked = [\"short standups\"]", true),
                ("liked = [{ what = \"a plan\", vacuum = \"project-plan\" }]", true),
                ("liked = [{ what = \"a plan\" }]", true),
                ("liked = [{ vacuum = \"project-plan\" }]", false),
                ("liked = [{ what = \"a plan\", vacuum = \"Project Plan\" }]", false),
                ("liked = \"a plan\"", false),
            ]),
        ),
        (
            choice(&[
                ("", true),
                ("comfort_with = [{ vacuum = \"retros\", project = \"web\", comfort = 3 }]", true),
                ("comfort_with = [{ vacuum = \"retros\", project = \"web\", comfort = 7 }]", false),
                ("comfort_with = [{ vacuum = \"retros\", comfort = 3 }]", false),
                ("comfort_with = [{ vacuum = \"retros\", project = \"web\", comfrot = 3, comfort = 2 }]", false),
            ]),
            choice(&[
                ("", true),
                ("notes = \"good talk\"", true),
                ("note = \"good talk\"", false),
                ("concerns = [\"slow at first\"]", true),
                ("concerns = \"slow at first\"", false),
                ("commitments = []", true),
                ("commitments = [\"Not An ID\"]", false),
            ]),
            choice(&[
                ("", true),
                ("next = 2026-12-04", true),
                ("next = \"in two weeks\"", false),
                ("logged = 2026-11-20T10:00:00Z", true),
                ("logged = \"yesterday\"", false),
            ]),
            prop::sample::select(&[0usize, 0, 1, 1, 2][..]),
        ),
    )
        .prop_map(|((date, person, manager, liked), (comfort_with, notes, next, private))| {
            let private = match private {
                0 => (String::new(), true),
                1 => (format!("private = {SEALED:?}"), true),
                _ => ("private = \"thinking of leaving\"".to_owned(), false),
            };
            Record {
                rel: "conversations/2026/2026-11-20-alice-q7w8e9.toml",
                kind: "conversation",
                lines: vec![date, person, manager, liked, comfort_with, notes, next, private],
            }
        })
}

fn person() -> impl Strategy<Value = Record> {
    (
        choice(&[
            ("", true),
            ("name = \"Carol Smith\"", true),
            ("name = \"Carol\\rSmith\"", false),
            ("name = 7", false),
            ("nmae = \"Carol\"", false),
        ]),
        choice(&[
            ("", true),
            ("manager = \"alice\"", true),
            ("manager = \"\"", true),
            ("manager = \"Alice\"", false),
            ("projects = [\"web\"]", true),
            ("projects = [\"Web\"]", false),
        ]),
        choice(&[
            ("", true),
            ("status = \"active\"", true),
            ("status = \"archived\"", true),
            ("status = \"gone\"", false),
            ("private = \"a note in the clear\"", false),
            ("hobby = \"chess\"", true),
        ]),
    )
        .prop_map(|(name, manager, status)| Record {
            rel: "people/carol.toml",
            kind: "person",
            lines: vec![name, manager, status],
        })
}

fn vacuum() -> impl Strategy<Value = Record> {
    (
        choice(&[
            ("title = \"Demo day\"", true),
            ("title = \"Demo\\tday\"", false),
            ("missing = \"Nobody shows the work.\\r\\nEver.\"", true),
            ("missing = \"Nobody\\rshows\"", false),
        ]),
        choice(&[
            ("", true),
            ("tips = [\"start small\", \"ask\\tfor help\"]", true),
            ("tips = [\"\\u001b[2J\"]", false),
            ("tips = \"start small\"", false),
            ("tip = [\"start small\"]", false),
            ("status = \"retired\"", false),
        ]),
    )
        .prop_map(|(title, tips)| Record {
            rel: "vacuums/demo-day.toml",
            kind: "vacuum",
            lines: vec![title, tips],
        })
}

fn project() -> impl Strategy<Value = Record> {
    (
        choice(&[
            ("", true),
            ("name = \"Mobile\"", true),
            ("name = \"Mo\\nbile\"", false),
        ]),
        choice(&[
            ("", true),
            ("needs = [\"retros\", \"status-email\"]", true),
            ("needs = [\"retros--x\"]", false),
            ("needs = \"retros\"", false),
            ("neds = []", false),
        ]),
    )
        .prop_map(|(name, needs)| Record {
            rel: "projects/mobile.toml",
            kind: "project",
            lines: vec![name, needs],
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// What the schema refuses, `mv check` refuses, and the other way
    /// round, on generated records valid and broken (field-level rules).
    #[test]
    fn the_schema_and_mv_check_agree(
        records in (commitment(), conversation(), person(), vacuum(), project())
    ) {
        thread_local! {
            static REPO: TestRepo = corpus_tracker();
        }
        let records = [records.0, records.1, records.2, records.3, records.4];
        REPO.with(|repo| {
            let files: Vec<(String, String)> =
                records.iter().map(|r| (r.rel.to_owned(), r.text())).collect();
            for (rel, text) in &files {
                repo.write(rel, text);
            }
            let by_schema: Vec<Result<(), String>> = files
                .iter()
                .map(|(rel, text)| validate(repo.path(), rel, text))
                .collect();
            let by_check = check_refuses(repo, &files);
            for ((record, schema), check) in records.iter().zip(&by_schema).zip(&by_check) {
                prop_assert_eq!(
                    schema.is_err(),
                    *check,
                    "schema: {:?}, mv check refused: {}\n{}",
                    schema,
                    check,
                    record.text()
                );
                prop_assert_eq!(!record.valid(), *check, "{}", record.text());
            }
            Ok(())
        })?;
    }
}

#[test]
fn a_newer_microvac_brings_the_schemas_up_to_date_in_a_commit_of_their_own() {
    let repo = corpus_tracker();
    // A tracker from before the schemas, or with an older one.
    repo.git(&["rm", "-q", "schemas/person.json", "schemas/vacuum.json"]);
    repo.write("schemas/project.json", "{\"title\": \"an older schema\"}\n");
    repo.git(&["add", "schemas/project.json"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "an older tracker"]);
    // The user's work in progress: a staged and an unstaged change, and an
    // uncommitted change of their own to a schema.
    repo.write("people/alice.toml", "name = \"Alice, being edited\"\n");
    repo.write("people/bob.toml", "name = \"Bob, staged\"\n");
    repo.git(&["add", "people/bob.toml"]);
    repo.write("schemas/commitment.json", "{\"title\": \"ours\"}\n");
    let before = repo.commit_count();

    let out = repo.mv(&["init"]).success();
    assert!(
        out.stderr()
            .contains("schemas/commitment.json has changes of yours"),
        "{out}"
    );
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(
        repo.last_commit_files().lines().collect::<Vec<_>>(),
        [
            "schemas/person.json",
            "schemas/project.json",
            "schemas/vacuum.json"
        ]
    );
    assert_eq!(
        repo.last_subject(),
        "bring the editors' schemas of the records up to date"
    );
    assert_eq!(
        repo.status(),
        " M people/alice.toml\nM  people/bob.toml\n M schemas/commitment.json\n"
    );
    assert_eq!(
        repo.read("people/alice.toml"),
        "name = \"Alice, being edited\"\n"
    );
    assert_eq!(
        repo.read("schemas/commitment.json"),
        "{\"title\": \"ours\"}\n"
    );
    // Up to date: nothing more to do.
    repo.git(&["checkout", "-q", "schemas/commitment.json"]);
    repo.mv(&["init"]).success();
    assert_eq!(repo.commit_count(), before + 1);
    repo.assert_fsck_clean();
}
