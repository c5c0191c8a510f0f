//! Property tests of everything that reads a record a person may have
//! broken: the loader's steps (`decode`, then `parse_record` as each of the
//! six record types; `Records::load` itself runs on the toml-test corpus),
//! format-preserving edits (`RecordDoc`) and the diagnostics
//! (`Problem::render`, `headline`, `line_col`).
//!
//! Inputs: arbitrary bytes; TOML-ish text built from fragments (keys, `=`,
//! quotes, brackets, `[[checkin]]`, dates, comments, NUL, `\r`, merge
//! conflict markers, invalid UTF-8, a BOM); real records with bytes
//! spliced in; nesting thousands deep; files of megabytes; arbitrary text
//! and spans for the renderer. A panic anywhere fails the property (the
//! runner catches it and shrinks the input); a stack overflow would abort
//! the whole test binary, which is why deep nesting has its own property.
//!
//! By default the five properties run 44 800 cases, about 35 s of CPU
//! in a debug build (20 s on two idle cores), to keep `cargo test` short;
//! `MICROVAC_FUZZ_CASES=20000` runs 20 000 for each, 100 000 in all
//! (about 150 s of CPU, most of it nesting thousands deep). Each property
//! prints how many cases it ran (`cargo test --test it loader_fuzz:: --
//! --nocapture`).

use microvac::{
    model::{Commitment, Conversation, Person, Project, Settings, Vacuum},
    store::{MAX_RECORD_BYTES, Problem, RecordDoc, decode, parse_record},
};
use proptest::{
    prelude::*,
    sample::select,
    test_runner::{Config, TestCaseResult, TestRunner},
};
use std::{
    collections::BTreeMap,
    sync::atomic::{AtomicUsize, Ordering},
    time::Instant,
};

/// Cases for a property: `MICROVAC_FUZZ_CASES` for every property when
/// set, else `default`, sized by what a case costs in a debug build:
/// rendering and arbitrary bytes about 0.4 ms, TOML-ish text and edits
/// about 1 ms, nesting thousands deep about 7 ms.
fn cases(default: u32) -> u32 {
    match std::env::var("MICROVAC_FUZZ_CASES") {
        Ok(n) => n
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("MICROVAC_FUZZ_CASES={n:?} is not a number")),
        Err(_) => default,
    }
}

/// Runs `test` on `cases` inputs from `strategy`, prints how many ran, and
/// fails with the smallest failing input if any failed or panicked.
fn run<S: Strategy>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> TestCaseResult)
where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let ran = AtomicUsize::new(0);
    let started = Instant::now();
    let result = TestRunner::new(config).run(&strategy, |input| {
        ran.fetch_add(1, Ordering::Relaxed);
        test(input)
    });
    println!(
        "{name}: {} cases in {:.1?}",
        ran.load(Ordering::Relaxed),
        started.elapsed()
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// A problem must name its file, and render without panicking; when it
/// has a place, the rendering names the same `file:line:col` as the
/// headline.
fn check_problem(p: &Problem) -> TestCaseResult {
    let headline = p.headline();
    prop_assert!(headline.starts_with(&p.file), "{headline}");
    let plain = p.render(false);
    let styled = p.render(true);
    prop_assert!(!styled.is_empty());
    if let Some((line, col)) = p.line_col() {
        let at = format!("{}:{line}:{col}", p.file);
        prop_assert!(headline.starts_with(&at), "{headline} vs {at}");
        prop_assert!(
            plain.contains(&at),
            "rendering does not name {at}:\n{plain}"
        );
    }
    Ok(())
}

/// Reads `bytes` as the loader reads a file (`decode`, then
/// `parse_record`) as each of the six record types, then edits it as
/// `mv` does if it is TOML. Every problem on the way must render.
fn exercise(bytes: &[u8]) -> TestCaseResult {
    const FILE: &str = "people/alice.toml";
    let text = match decode(FILE, bytes.to_vec()) {
        Ok(text) => text,
        Err(p) => return check_problem(&p),
    };
    let problems = [
        parse_record::<Settings>(FILE, &text).err(),
        parse_record::<Person>(FILE, &text).err(),
        parse_record::<Project>(FILE, &text).err(),
        parse_record::<Vacuum>(FILE, &text).err(),
        parse_record::<Conversation>(FILE, &text).err(),
        parse_record::<Commitment>(FILE, &text).err(),
    ];
    for p in problems.iter().flatten() {
        check_problem(p)?;
    }
    edit(&text, &standard_edits())
}

/// One format-preserving edit.
#[derive(Debug, Clone)]
enum Edit {
    SetStr(String, String),
    SetInt(String, i64),
    SetFloat(String, f64),
    SetDate(String, (i16, i8, i8)),
    SetStrings(String, Vec<String>),
    Remove(String),
    PushTable(String, Vec<(String, String)>),
    PushToArray(String, String),
}

impl Edit {
    fn key(&self) -> &str {
        match self {
            Edit::SetStr(k, _)
            | Edit::SetInt(k, _)
            | Edit::SetFloat(k, _)
            | Edit::SetDate(k, _)
            | Edit::SetStrings(k, _)
            | Edit::Remove(k)
            | Edit::PushTable(k, _)
            | Edit::PushToArray(k, _) => k,
        }
    }
}

/// What `mv` itself does to a record: set, remove, add a check-in.
fn standard_edits() -> Vec<Edit> {
    vec![
        Edit::SetStr("status".into(), "done".into()),
        Edit::SetDate("ended".into(), (2026, 11, 23)),
        Edit::Remove("why".into()),
        Edit::PushTable("checkin".into(), vec![("note".into(), "ran it".into())]),
    ]
}

/// Applies `edits` to `text` if it parses: the result must parse again
/// (as an edit document and as TOML), and hold what was last set or
/// removed.
fn edit(text: &str, edits: &[Edit]) -> TestCaseResult {
    let mut doc = match RecordDoc::parse("people/alice.toml", text) {
        Ok(doc) => doc,
        Err(p) => return check_problem(&p),
    };
    // A date jiff refuses is not set: its key is removed instead.
    let edits: Vec<Edit> = edits
        .iter()
        .map(|e| match e {
            Edit::SetDate(k, (y, m, d)) if jiff::civil::Date::new(*y, *m, *d).is_err() => {
                Edit::Remove(k.clone())
            }
            other => other.clone(),
        })
        .collect();
    for e in &edits {
        match e {
            Edit::SetStr(k, v) => doc.set_str(k, v),
            Edit::SetInt(k, v) => doc.set(k, *v),
            Edit::SetFloat(k, v) => doc.set(k, *v),
            Edit::SetDate(k, (y, m, d)) => match jiff::civil::Date::new(*y, *m, *d) {
                Ok(date) => doc.set_date(k, date),
                Err(_) => doc.remove(k),
            },
            Edit::SetStrings(k, v) => doc.set_strings(k, v),
            Edit::Remove(k) => doc.remove(k),
            Edit::PushTable(k, entries) => doc.push_table(
                k,
                entries
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str().into()))
                    .collect(),
            ),
            Edit::PushToArray(k, v) => doc.set_strings(k, &[v.as_str()]),
        };
    }
    let out = doc.to_string();
    if let Err(p) = RecordDoc::parse("people/alice.toml", &out) {
        return Err(TestCaseError::fail(format!(
            "an edit broke the file: {}\n--- before ---\n{text}\n--- after ---\n{out}",
            p.headline()
        )));
    }
    let table = match parse_record::<toml::Table>("people/alice.toml", &out) {
        Ok(table) => table,
        Err(p) => {
            return Err(TestCaseError::fail(format!(
                "an edit broke the file for the loader: {}\n--- after ---\n{out}",
                p.headline()
            )));
        }
    };
    // The last edit of each key decides what it holds.
    let mut last: BTreeMap<&str, &Edit> = BTreeMap::new();
    for e in &edits {
        last.insert(e.key(), e);
    }
    for (key, e) in last {
        match e {
            Edit::SetStr(_, v) => prop_assert_eq!(
                table.get(key).and_then(toml::Value::as_str),
                Some(v.as_str()),
                "{} in\n{}",
                key,
                out
            ),
            Edit::Remove(_) => prop_assert!(table.get(key).is_none(), "{key} kept in\n{out}"),
            Edit::SetInt(_, v) => {
                prop_assert_eq!(table.get(key).and_then(toml::Value::as_integer), Some(*v))
            }
            _ => prop_assert!(table.contains_key(key), "{key} missing in\n{out}"),
        }
    }
    Ok(())
}

/// Pieces of TOML and of what breaks it.
#[rustfmt::skip]
const TEXT: &[&str] = &[
    // keys
    "name", "status", "person", "vacuum", "project", "started", "checkin", "date", "comfort",
    "note", "schema", "team", "checkin_every", "liked", "a", "b.c", "\"q k\"", "'lit'", "\"\"",
    "ключ", "a . b",
    // punctuation and whitespace
    " = ", "=", "\n", "\r\n", "\r", "\t", " ", ",", ".", "[", "]", "[[", "]]", "{", "}",
    "[[checkin]]\n", "[checkin]\n", "[a.b]\n", "[[a.b]]\n",
    // values
    "\"alice\"", "\"active\"", "\"done\"", "\"dropped\"", "\"actve\"", "'lit'",
    "\"\"\"\nm\n\"\"\"", "'''\nm\n'''", "\"\"\"\"", "1", "-0", "3", "0", "6", "-1", "1e400", "nan",
    "-inf", "0x1F", "0b2", "true", "99999999999999999999", "2026-11-23", "2026-02-30",
    "2026-11-23T10:00:00Z", "10:00", "1979-05-27T07:32:00-08:00", "9999-12-31", "0000-01-01",
    "\"2026-11-23\"", "\"2w\"", "\"0d\"", "\"99999999999m\"", "\"\\u0000\"", "\"\\x41\"",
    "\"\\uD800\"", "\"\\", "\\", "[\"x\", {what=\"y\", vacuum=\"z\"}]", "{what=\"y\"}", "{}", "[]",
    // comments
    "# c\n", "#", "# é\n",
    // whole lines of real records
    "person = \"alice\"\n", "vacuum = \"sprint-planning\"\n", "project = \"payments\"\n",
    "status = \"active\"\n", "started = 2026-11-02\n", "schema = 1\n", "date = 2026-11-23\n",
    "comfort = 3\n", "checkin_every = \"2w\"\n",
    // what is not TOML
    "\0", "<<<<<<< HEAD\n", "=======\n", ">>>>>>> theirs\n", "\u{FEFF}", "\u{2028}", "é", "😀",
    "\u{7F}", "\u{1B}[31m",
];
/// Bytes that are not UTF-8 (or are another encoding's byte-order mark).
const BYTES: &[&[u8]] = &[
    b"\xC3",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\xED\xA0\x80",
    b"\xF4\x90\x80\x80",
    b"\xC0\xAF",
    b"\x80",
    b"\xE2\x82",
];
/// The fragment numbered `n`: mostly text, one in ten not UTF-8. (Picking
/// by number is much cheaper than a union of strategies per fragment.)
fn fragment(n: u16) -> &'static [u8] {
    let n = usize::from(n);
    if n % 10 == 0 {
        BYTES[n / 10 % BYTES.len()]
    } else {
        TEXT[n % TEXT.len()].as_bytes()
    }
}

/// A record as `mv` writes it, to mutate.
const COMMITMENT: &str = r#"# Alice's commitment.
person = "alice"
vacuum = "sprint-planning"   # the one she felt best about
project = "payments"
status = "active"
started = 2026-11-02
checkin_every = "2w"
liked = ["plan", { what = "demo", vacuum = "all-hands" }]

[[checkin]]
date = 2026-11-09
note = "ran it with bob"
comfort = 2
"#;

/// TOML-ish bytes: fragments strung together, or a real record with
/// fragments spliced in and bytes cut out.
fn tomlish() -> impl Strategy<Value = Vec<u8>> {
    let strung = prop::collection::vec(any::<u16>(), 0..60)
        .prop_map(|parts| parts.into_iter().flat_map(fragment).copied().collect());
    let spliced = (
        prop::collection::vec((any::<prop::sample::Index>(), any::<u16>()), 0..6),
        prop::option::of((any::<prop::sample::Index>(), 0usize..20)),
    )
        .prop_map(|(inserts, cut)| {
            let mut bytes = COMMITMENT.as_bytes().to_vec();
            for (at, part) in inserts {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, fragment(part).iter().copied());
            }
            if let Some((at, len)) = cut {
                let at = at.index(bytes.len() + 1);
                bytes.drain(at..(at + len).min(bytes.len()));
            }
            bytes
        });
    prop_oneof![strung, spliced]
}

/// Nesting thousands deep, in each way TOML nests, closed or left open.
fn deep() -> impl Strategy<Value = Vec<u8>> {
    const OPEN: &[(&str, &str)] = &[
        ("[", "]"),
        ("{a=", "}"),
        ("[{a=", "}]"),
        ("{a=[", "]}"),
        ("a.", ""),
        ("[", ""),
        ("'a'.", ""),
    ];
    const FRAME: &[(&str, &str)] = &[
        ("a = ", "\n"),
        ("", " = 1\n"),
        ("[", "]\nx = 1\n"),
        ("[[", "]]\nx = 1\n"),
        ("x = {b = ", "}\n"),
        ("", ""),
    ];
    (
        select(OPEN),
        select(FRAME),
        prop_oneof![3 => 1usize..200, 1 => 200usize..5000],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|((open, close), (before, after), depth, closed, tail)| {
            let mut text = String::from(before);
            text.push_str(&open.repeat(depth));
            text.push_str(if open.ends_with('.') { "z" } else { "1" });
            if closed {
                text.push_str(&close.repeat(depth));
            }
            text.push_str(after);
            if tail {
                text.push_str(COMMITMENT);
            }
            text.into_bytes()
        })
}

/// A short string of any characters, awkward ones often (cheaper to make
/// than `any::<String>()`).
fn short_text() -> impl Strategy<Value = String> + Clone {
    const AWKWARD: &[char] = &[
        '\n', '\r', '\t', '\0', '"', '\'', '\\', '#', '=', '[', ']', '{', '}', '.', ' ', '\u{7F}',
        '\u{FEFF}', '\u{2028}', 'é', '😀', 'a', 'z', '-', '_',
    ];
    prop::collection::vec(any::<u32>(), 0..12).prop_map(|codes| {
        codes
            .into_iter()
            .map(|code| match code % 4 {
                0 => char::from_u32(code / 4 % 0x11_0000).unwrap_or('\u{FFFD}'),
                _ => AWKWARD[(code / 4) as usize % AWKWARD.len()],
            })
            .collect()
    })
}

/// One edit on keys a record has, or may have.
fn an_edit() -> impl Strategy<Value = Edit> {
    let key = prop_oneof![
        select(
            &[
                "status", "note", "checkin", "liked", "person", "a", "b", "why", "ended", "schema",
                "comment", "ключ", "", "a.b", "\"q\"",
            ][..]
        )
        .prop_map(str::to_owned),
        short_text(),
    ];
    let text = short_text();
    prop_oneof![
        (key.clone(), text.clone()).prop_map(|(k, v)| Edit::SetStr(k, v)),
        (key.clone(), any::<i64>()).prop_map(|(k, v)| Edit::SetInt(k, v)),
        (key.clone(), any::<f64>()).prop_map(|(k, v)| Edit::SetFloat(k, v)),
        // Years TOML can write (see `negative_years_...` below).
        (key.clone(), (0i16..=9999, 0i8..14, 0i8..33)).prop_map(|(k, d)| Edit::SetDate(k, d)),
        (key.clone(), prop::collection::vec(text.clone(), 0..4))
            .prop_map(|(k, v)| Edit::SetStrings(k, v)),
        key.clone().prop_map(Edit::Remove),
        (
            key.clone(),
            prop::collection::vec((short_text(), text.clone()), 0..3)
        )
            .prop_map(|(k, v)| Edit::PushTable(k, v)),
        (key, text).prop_map(|(k, v)| Edit::PushToArray(k, v)),
    ]
}

#[test]
fn arbitrary_bytes_never_panic_the_loader() {
    run(
        "arbitrary bytes",
        cases(16_000),
        prop::collection::vec(any::<u8>(), 0..600),
        |bytes| exercise(&bytes),
    );
}

#[test]
fn tomlish_text_never_panics_the_loader() {
    run("TOML-ish text", cases(6_000), tomlish(), |bytes| {
        exercise(&bytes)
    });
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    run("deep nesting", cases(800), deep(), |bytes| exercise(&bytes));
}

#[test]
fn edits_keep_a_record_parseable() {
    let text = prop_oneof![
        Just(COMMITMENT.to_owned()),
        tomlish().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    run(
        "edits",
        cases(6_000),
        (text, prop::collection::vec(an_edit(), 0..8)),
        |(text, edits)| edit(&text, &edits),
    );
}

/// Text a renderer may choke on: control characters, lone `\r`, tabs,
/// wide and combining characters, right-to-left marks, a BOM, U+FFFD, and
/// any character at all.
fn awkward_text() -> impl Strategy<Value = String> {
    const AWKWARD: &[char] = &[
        '\n',
        '\r',
        '\t',
        '\0',
        '\u{7}',
        '\u{1B}',
        '\u{7F}',
        '\u{85}',
        '\u{200B}',
        '\u{200F}',
        '\u{202E}',
        '\u{2028}',
        '\u{FEFF}',
        '\u{FFFD}',
        'é',
        'e',
        '\u{301}',
        '字',
        '😀',
        '\u{1F468}',
        '\u{200D}',
        ' ',
        '=',
        '"',
        'a',
        'b',
        '\n',
    ];
    prop::collection::vec(any::<u32>(), 0..300).prop_map(|codes| {
        codes
            .into_iter()
            .map(|code| match code % 3 {
                0 => char::from_u32(code / 3 % 0x11_0000).unwrap_or('\u{FFFD}'),
                _ => AWKWARD[(code / 3) as usize % AWKWARD.len()],
            })
            .collect()
    })
}

#[test]
fn problems_render_whatever_the_text_and_span() {
    let span = prop::option::of((0usize..400, 0usize..400, any::<bool>()));
    run(
        "render",
        cases(16_000),
        (awkward_text(), span, "[a-z/.]{0,12}", ".{0,40}"),
        |(text, span, file, message)| {
            // Spans anywhere: past the end, reversed, inside a character.
            let span = span.map(|(a, b, huge)| if huge { a..usize::MAX } else { a..b });
            let mut p = Problem::new(file, message).at(&text, span);
            check_problem(&p)?;
            p.text = None;
            check_problem(&p)
        },
    );
}

#[test]
fn huge_files_are_refused_or_loaded_in_bounded_time() {
    let row = "[[checkin]]\ndate = 2026-11-09\nnote = \"ran it\"\ncomfort = 2\n\n";
    let just_under = format!(
        "{COMMITMENT}{}",
        row.repeat((MAX_RECORD_BYTES - COMMITMENT.len() - 4096) / row.len())
    );
    assert!(just_under.len() <= MAX_RECORD_BYTES);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a record just under the limit", just_under.into_bytes()),
        ("one line of 3 MiB", vec![b'a'; 3 << 20]),
        (
            "8 MiB of fragments",
            "x = [1, {a = \"\0\"}] # <<<<<<<\n"
                .repeat((8 << 20) / 32)
                .into_bytes(),
        ),
        (
            "an unclosed string of 2 MiB",
            format!("note = \"{}", "é".repeat(1 << 20)).into_bytes(),
        ),
    ];
    let mut runner = TestRunner::new(Config {
        cases: 1,
        failure_persistence: None,
        ..Config::default()
    });
    for (what, bytes) in cases {
        let started = Instant::now();
        let result = runner.run(&Just(bytes.clone()), |bytes| exercise(&bytes));
        println!(
            "huge: {what} ({} bytes) in {:.1?}",
            bytes.len(),
            started.elapsed()
        );
        if let Err(e) = result {
            panic!("{what}: {e}");
        }
    }
}

/// Found by `edits_keep_a_record_parseable`: `model::toml_date` cast the
/// year to `u16`, so year -1 was written `65535-01-01`, which no TOML
/// parser reads. Dates typed by users are now bounded to 1970..=2200, and
/// `toml_date` clamps rather than wraps.
#[test]
fn negative_years_are_never_written_as_an_unreadable_date() {
    let mut doc = RecordDoc::parse("x.toml", COMMITMENT).expect("the record parses");
    let date = jiff::civil::Date::new(-1, 1, 1).expect("jiff allows year -1");
    doc.set_date("started", date);
    let out = doc.to_string();
    assert!(
        parse_record::<toml::Table>("x.toml", &out).is_ok(),
        "wrote an unreadable date:\n{out}"
    );
}
