//! Private notes as the records hold them: a conversation or check-in can
//! carry a note for the manager's eyes only, sealed (age, ASCII armor) to
//! the manager's keys. The model tells a sealed note from cleartext and
//! carries it through the views; sealing and opening happen at the edge.

mod scan;

pub use scan::private_spans;
use toml::Spanned;

/// The first line of a sealed note.
pub const ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
/// The last line of a sealed note.
pub const ARMOR_END: &str = "-----END AGE ENCRYPTED FILE-----";

/// A private note in a view: sealed as on record, or opened (or not) for
/// whoever reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrivateNote {
    /// As on record, not opened.
    Sealed {
        /// The armored age message.
        armor: String,
        /// Whom it was sealed for.
        sealed_for: Vec<String>,
    },
    /// Opened with the reader's key: the note itself.
    Opened(String),
    /// Could not be opened, and why in words.
    Unreadable(String),
}

impl PrivateNote {
    /// The note of a record's `private` and `private_for` fields; `None`
    /// when there is none.
    pub fn of(private: &Option<Spanned<String>>, sealed_for: &[String]) -> Option<PrivateNote> {
        let armor = private.as_ref()?.get_ref();
        (!armor.trim().is_empty()).then(|| PrivateNote::Sealed {
            armor: armor.clone(),
            sealed_for: sealed_for.to_vec(),
        })
    }

    /// What a reader is shown: the note, why it cannot be read, or that it
    /// is sealed.
    pub fn shown(&self) -> String {
        match self {
            PrivateNote::Opened(text) => text.clone(),
            PrivateNote::Unreadable(why) => format!("({why})"),
            PrivateNote::Sealed { sealed_for, .. } if sealed_for.is_empty() => {
                "(private note, sealed)".to_owned()
            }
            PrivateNote::Sealed { sealed_for, .. } => {
                format!("(private note for {}, sealed)", sealed_for.join(", "))
            }
        }
    }
}

/// Whether `text` is a sealed note: one armored block, whatever the
/// indentation and blank lines a hand edit added around its lines, whose
/// lines are base64 that decodes to an age message (it starts with age's
/// header line). Cleartext typed between the armor lines is not one.
pub fn looks_sealed(text: &str) -> bool {
    use base64::Engine;
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some(ARMOR_BEGIN) || lines.next_back() != Some(ARMOR_END) {
        return false;
    }
    let body: String = lines.collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .is_ok_and(|bytes| bytes.starts_with(AGE_HEADER))
}

/// The first line of every age message.
const AGE_HEADER: &[u8] = b"age-encryption.org/v1\n";

/// Whether `key` (one segment of a TOML key, decoded) names a private
/// note. Lenient on purpose: `Private` or ` private ` is not what the
/// loader reads, but it is what the user meant, and it is never kept or
/// shown in the clear either.
fn is_private_key(key: &str) -> bool {
    key.trim().eq_ignore_ascii_case("private")
}

/// `text` with the value of every `private` key (see [`private_spans`])
/// blotted out with `*`, line ends kept, so it has the same bytes and
/// lines and a problem's line and column still point into it. `text`
/// itself when it holds no such value.
pub fn blot_private(text: &str) -> String {
    let spans = private_spans(text);
    if spans.is_empty() {
        return text.to_owned();
    }
    let mut spans = spans.iter().peekable();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        while spans.next_if(|s| s.end <= i).is_some() {}
        let inside = spans.peek().is_some_and(|s| s.contains(&i));
        match c {
            '\n' | '\r' => out.push(c),
            _ if inside => out.extend(std::iter::repeat_n('*', c.len_utf8())),
            _ => out.push(c),
        }
    }
    out
}

/// Where a private note is held in the clear in `text` (a tracker file),
/// as a key path such as `checkin[1].private`; `None` when every
/// `private` value is sealed or blank. A text that reads as TOML is read
/// as TOML reads it, every table, array and inline table; one that does
/// not is held to [`private_spans`].
pub fn cleartext_private(text: &str) -> Option<String> {
    match toml::de::DeTable::parse(text) {
        Ok(table) => cleartext_private_parsed(text, table.get_ref()),
        Err(_) => cleartext_scanned(text),
    }
}

/// [`cleartext_private`] of a text already parsed (`table` is `text` as
/// [`toml::de::DeTable::parse`] read it), without parsing it again. A
/// table that TOML cannot hold as a [`toml::Table`] (an integer past
/// `i64`, a float it cannot read, a key it reserves for dates) is one the
/// rest of microvac cannot read either: its text is scanned, as a text
/// that does not parse.
pub fn cleartext_private_parsed(text: &str, table: &toml::de::DeTable<'_>) -> Option<String> {
    if !reads_as_table(table) {
        return cleartext_scanned(text);
    }
    cleartext_in_detable(table, &mut String::new())
}

/// [`cleartext_private`] of a text TOML cannot read: each value
/// [`private_spans`] finds that is neither blank nor sealed, by line.
fn cleartext_scanned(text: &str) -> Option<String> {
    private_spans(text).into_iter().find_map(|span| {
        let value = text[span.clone()].trim();
        let inner = value
            .trim_matches('"')
            .trim_matches('\'')
            .replace("\\n", "\n");
        (!inner.trim().is_empty() && !looks_sealed(&inner)).then(|| {
            let line = text[..span.start].matches('\n').count() + 1;
            format!("private (line {line})")
        })
    })
}

/// Whether `text.parse::<toml::Table>()` succeeds on the text `table` was
/// parsed from: every integer fits an `i64`, every float reads as an
/// `f64` (as toml reads them), and no key is toml's hidden date key.
fn reads_as_table(table: &toml::de::DeTable<'_>) -> bool {
    table
        .iter()
        .all(|(key, value)| key.get_ref() != DATETIME_KEY && reads_as_value(value.get_ref()))
}

/// The key toml's deserializer reads a date through (`toml_datetime`'s
/// private field): a table whose first key it is reads as a date, not a
/// table.
const DATETIME_KEY: &str = "$__toml_private_datetime";

fn reads_as_value(value: &toml::de::DeValue<'_>) -> bool {
    use toml::de::DeValue;
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).is_ok(),
        // As toml's own reading: an infinity only where the text says so.
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .is_ok_and(|x| !x.is_infinite() || f.as_str().contains("inf")),
        DeValue::Array(items) => items.iter().all(|v| reads_as_value(v.get_ref())),
        DeValue::Table(t) => reads_as_table(t),
        DeValue::String(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => true,
    }
}

/// [`cleartext_in_table`] over a parsed table (keys in the same, sorted,
/// order), with the key path so far in `path`: pushed to and popped
/// from, so that no key path is written out but the one found.
fn cleartext_in_detable(table: &toml::de::DeTable<'_>, path: &mut String) -> Option<String> {
    use toml::de::DeValue;
    let top = path.is_empty();
    let len = path.len();
    for (key, value) in table.iter() {
        let key: &str = key.get_ref();
        if !top {
            path.push('.');
        }
        path.push_str(key);
        if is_private_key(key) {
            let clear = match value.get_ref() {
                DeValue::String(s) => !s.trim().is_empty() && !looks_sealed(s),
                DeValue::Array(a) => !a.is_empty(),
                // `[private]` at the top is microvac.toml's settings table:
                // its two settings are public; anything else in it, or a
                // table named private anywhere else, holds a note.
                DeValue::Table(t) if top => {
                    if let Some(other) = t
                        .keys()
                        .map(|k| -> &str { k.get_ref() })
                        .find(|k| !matches!(*k, "recipients" | "identity"))
                    {
                        return Some(format!("{path}.{other}"));
                    }
                    false
                }
                DeValue::Table(t) => !t.is_empty(),
                _ => true,
            };
            if clear {
                return Some(path.clone());
            }
        }
        if let Some(found) = cleartext_in_devalue(value.get_ref(), path) {
            return Some(found);
        }
        path.truncate(len);
    }
    None
}

fn cleartext_in_devalue(value: &toml::de::DeValue<'_>, path: &mut String) -> Option<String> {
    use toml::de::DeValue;
    match value {
        DeValue::Table(t) => cleartext_in_detable(t, path),
        DeValue::Array(items) => {
            let len = path.len();
            for (i, v) in items.iter().enumerate() {
                use std::fmt::Write;
                let _ = write!(path, "[{i}]");
                if let Some(found) = cleartext_in_devalue(v.get_ref(), path) {
                    return Some(found);
                }
                path.truncate(len);
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `age-encryption.org/v1` and a line end, in base64: how every sealed
    /// note's armor begins.
    const AGE: &str = "YWdlLWVuY3J5cHRpb24ub3JnL3YxCg==";

    #[test]
    fn sealed_notes_are_told_from_cleartext() {
        assert!(looks_sealed(&format!(
            "{ARMOR_BEGIN}\n{AGE}\n{ARMOR_END}\n"
        )));
        assert!(looks_sealed(&format!(
            "\n  {ARMOR_BEGIN}\r\n  {AGE}\r\n  {ARMOR_END}\n\n"
        )));
        // Armor around what is not an age message: cleartext after all.
        assert!(!looks_sealed(&format!(
            "{ARMOR_BEGIN}\nSECRET\n{ARMOR_END}\n"
        )));
        assert!(!looks_sealed(&format!(
            "{ARMOR_BEGIN}\nYWdl\n{ARMOR_END}\n"
        )));
        assert!(!looks_sealed("she is thinking of leaving"));
        assert!(!looks_sealed(&format!("{ARMOR_BEGIN}\nYWdl\n")));
        assert!(!looks_sealed(""));
    }

    #[test]
    fn a_note_shows_what_the_reader_may_see() {
        let sealed = PrivateNote::of(
            &Some(Spanned::new(
                0..1,
                format!("{ARMOR_BEGIN}\nx\n{ARMOR_END}\n"),
            )),
            &["erin".into()],
        )
        .unwrap();
        assert_eq!(sealed.shown(), "(private note for erin, sealed)");
        assert_eq!(
            PrivateNote::of(&Some(Spanned::new(0..1, " ".into())), &[]),
            None
        );
        assert_eq!(PrivateNote::of(&None, &[]), None);
        assert_eq!(PrivateNote::Opened("hi".into()).shown(), "hi");
        assert_eq!(PrivateNote::Unreadable("no key".into()).shown(), "(no key)");
    }
    #[test]
    fn every_private_value_is_blotted_wherever_it_sits() {
        let cases = [
            "private = \"SECRET\"\n",
            "  private = \"SECRET\"\nnext = 2026-13-01\n",
            "\tprivate='SECRET'",
            "[[checkin]]\ndate = 2026-01-01\n    private = \"\"\"\nSECRET\nmore\n\"\"\"\nx = 1\n",
            "private = '''\nSECRET\n'''\n",
            "checkin = [{ date = 2026-01-01, private = \"SECRET\" }]\n",
            "a = { b = { private = \"SECRET\" } }\n",
            "\"private\" = \"SECRET\"\n",
            "'private' = \"SECRET\"\n",
            "\"priv\\u0061te\" = \"SECRET\"\n",
            "checkin.private = \"SECRET\"\n",
            "Private = \"SECRET\"\n",
            "private = [\"SECRET\", \"more\"]\n",
            "private = \"\"\"\nSECRET never closed\n",
            "private = \"SECRET never closed\nnext = 1\n",
            "x = [1, 2\nprivate = \"SECRET\"\n",
            "x = \"\"\"\nprivate = \"SECRET\"\n",
            "private = \"a \\\" SECRET\"\n",
            "private = \"\"\"\n\\\"\"\"SECRET\"\"\"\n",
            "private.note = \"SECRET\"\n",
            "[checkin.private]\nnote = \"SECRET\"\n",
            "[[checkin]]\n[checkin.private]\nnote = \"SECRET\"\n",
            "[private]\nnote = \"SECRET\"\n",
            "[private.x]\nnote = \"SECRET\"\n",
            "private = SECRET\n",
            "private=\"SECRET\"\r\nnext = 1\r\n",
            "exemplar = \"x\" ; private = \"SECRET\"\n",
        ];
        for case in cases {
            let out = blot_private(case);
            assert!(!out.contains("SECRET"), "{case:?} -> {out:?}");
            assert_eq!(out.len(), case.len(), "{case:?}");
            assert_eq!(out.lines().count(), case.lines().count(), "{case:?}");
        }
        // Nothing else is touched.
        for kept in [
            "notes = \"a private talk\"\n",
            "[private]\nrecipients = { erin = \"ssh-ed25519 AAAA\" }\nidentity = \"~/.ssh/k\"\n[other]\nx = 1\n",
            "private_for = [\"erin\"]\n",
        ] {
            assert_eq!(blot_private(kept), kept);
        }
        let mixed = "exemplar = \"Foo\"\nprivate = \"SECRET\"\nnext = 2026-13-01\n";
        assert!(blot_private(mixed).ends_with("\nnext = 2026-13-01\n"));
        assert!(blot_private(mixed).starts_with("exemplar = \"Foo\"\nprivate ="));
    }

    #[test]
    fn deep_nesting_is_read_without_recursing_deeply() {
        let deep = format!("private = {}\"SECRET\"\n", "[{ a = ".repeat(100_000));
        assert!(!blot_private(&deep).contains("SECRET"));
        let deep = format!("a = {}\nprivate = \"SECRET\"\n", "[".repeat(100_000));
        assert!(!blot_private(&deep).contains("SECRET"));
        assert!(cleartext_private(&deep).is_some());
        // Values that never end, line after line: read once, not once per
        // line (which would take hours here).
        for line in [
            "private = [\n",
            "a = [\n",
            "private = \"\"\"\n",
            "x = { private = 'S\n",
        ] {
            let many = format!("{}private = \"SECRET\"\n", line.repeat(50_000));
            assert!(!blot_private(&many).contains("SECRET"), "{line:?}");
        }
    }

    #[test]
    fn a_cleartext_private_value_is_found_by_its_key_path() {
        let sealed = format!("{ARMOR_BEGIN}\n{AGE}\n{ARMOR_END}\n");
        assert_eq!(cleartext_private("a = 1\n"), None);
        assert_eq!(
            cleartext_private(&format!("private = \"\"\"\n{sealed}\"\"\"\n")),
            None
        );
        assert_eq!(cleartext_private("private = \"  \"\n"), None);
        assert_eq!(
            cleartext_private("[private]\nrecipients = { erin = \"ssh-ed25519 AAAA\" }\n"),
            None
        );
        assert_eq!(
            cleartext_private(
                "[[checkin]]\ndate = 2026-01-01\n[[checkin]]\nprivate = \"SECRET\"\n"
            ),
            Some("checkin[1].private".into())
        );
        assert_eq!(
            cleartext_private("a = [{ \"priv\\u0061te\" = \"SECRET\" }]\n"),
            Some("a[0].private".into())
        );
        assert_eq!(cleartext_private("private = 3\n"), Some("private".into()));
        assert_eq!(
            cleartext_private("[[checkin]]\n[checkin.private]\nnote = \"SECRET\"\n"),
            Some("checkin[0].private".into())
        );
        assert_eq!(
            cleartext_private("[private]\nidentity = \"k\"\nnote = \"SECRET\"\n"),
            Some("private.note".into())
        );
        // Armor lines with more than base64 in them are not a sealed note.
        for inside in ["considering a PIP", "SECRET", "U0VDUkVU"] {
            let forged = format!("{ARMOR_BEGIN}\n{inside}\n{ARMOR_END}\n");
            assert_eq!(
                cleartext_private(&format!("private = \"\"\"\n{forged}\"\"\"\n")),
                Some("private".into()),
                "{inside}"
            );
        }
        // A text that does not parse is read as far as it goes.
        assert_eq!(
            cleartext_private("x = [\nprivate = \"SECRET\"\n"),
            Some("private (line 2)".into())
        );
        assert_eq!(cleartext_private("x = [\nnotes = \"fine\"\n"), None);
    }

    /// A parsed text is walked exactly where toml can hold it as a
    /// `toml::Table`, and scanned where it cannot (as a text that does not
    /// parse); every case finds its note or none as the rules say.
    #[test]
    fn a_parsed_text_is_scanned_exactly_where_toml_cannot_hold_it() {
        let sealed = format!("{ARMOR_BEGIN}\n{AGE}\n{ARMOR_END}\n");
        let texts = [
            "a = 1\n".to_owned(),
            format!("private = \"\"\"\n{sealed}\"\"\"\n"),
            "private = \"  \"\nb = [1, 2.5, true, 2026-01-01]\n".to_owned(),
            "[private]\nrecipients = { erin = \"ssh-ed25519 AAAA\" }\nidentity = \"k\"\n"
                .to_owned(),
            "[private]\nrecipients = {}\nnote = \"x\"\n".to_owned(),
            "[[checkin]]\ndate = 2026-01-01\n[[checkin]]\nprivate = \"SECRET\"\n".to_owned(),
            "z = 1\na = [{ \"priv\\u0061te\" = \"SECRET\" }]\n".to_owned(),
            "x = { Private = [] }\ny = { private = [1] }\n".to_owned(),
            "private = 3\n".to_owned(),
            "[[checkin]]\n[checkin.private]\nnote = \"SECRET\"\n".to_owned(),
            "[a.b.c]\nd = [[{ private = \"s\" }]]\n".to_owned(),
            // Past what a toml::Table holds: the text is scanned instead.
            "big = 99999999999999999999\nx = { private = \"s\" }\n".to_owned(),
            "big = 18446744073709551615\n[extra]\nprivate = \"note\"\n".to_owned(),
            "f = 1e999\nprivate = \"s\"\n".to_owned(),
            "f = inf\ng = -inf\nh = nan\nprivate = \"s\"\n".to_owned(),
            "d = { \"$__toml_private_datetime\" = \"x\" }\nprivate = \"s\"\n".to_owned(),
        ];
        for text in &texts {
            let table = toml::de::DeTable::parse(text).unwrap();
            assert_eq!(
                reads_as_table(table.get_ref()),
                text.parse::<toml::Table>().is_ok(),
                "{text:?}"
            );
            let found = cleartext_private_parsed(text, table.get_ref());
            assert_eq!(found, cleartext_private(text), "{text:?}");
            let holds_a_note = text.contains("SECRET")
                || text.contains("= \"s\"")
                || text.contains("note")
                || text.contains("private = 3")
                || text.contains("private = [1]");
            assert_eq!(found.is_some(), holds_a_note, "{text:?}: {found:?}");
        }
    }
    /// Fragments of TOML, whole or broken, to put around a private note.
    const AROUND: &[&str] = &[
        "a = 1",
        "x = [",
        "y = \"",
        "[[checkin]]",
        "[t]",
        "# private = comment",
        "z = {",
        "w = '''",
        "v = \"\"\"",
        "\"q\" = 2",
        "]",
        "}",
        "",
        "u = [1, 2,",
        "[checkin.private]",
        "[private]",
        "p = \"\\\"",
    ];

    /// The fragments of [`AROUND`] that leave nothing open.
    const WHOLE: &[&str] = &[
        "a = 1",
        "[[checkin]]",
        "[t]",
        "# private = comment",
        "\"q\" = 2",
        "",
        "[checkin.private]",
        "[private]",
    ];

    /// How a private key is written, and what closes around its value.
    const KEYS: &[(&str, &str)] = &[
        ("private = ", ""),
        ("  private=", ""),
        ("\"private\" = ", ""),
        ("'private' = ", ""),
        ("\"priv\\u0061te\" = ", ""),
        ("checkin.private = ", ""),
        ("private.note = ", ""),
        ("x = { a = 1, private = ", " }"),
        ("a = [{ private = ", " }]"),
        ("Private = ", ""),
        ("\tprivate  =  ", ""),
        ("note = ", ""),
    ];

    /// How its value is written.
    const VALUES: &[&str] = &[
        "\"SECRET\"",
        "'SECRET'",
        "\"\"\"\nSECRET\n\"\"\"",
        "'''SECRET'''",
        "\"a\\\"SECRET\"",
        "[\"SECRET\"]",
        "SECRET",
        "\"SECRET",
        "\"\"\"SECRET",
        "'''\nSECRET",
    ];

    proptest::proptest! {
        #[test]
        fn a_private_note_never_survives_blotting(
            before in proptest::collection::vec(proptest::sample::select(AROUND), 0..6),
            key in proptest::sample::select(KEYS),
            value in proptest::sample::select(VALUES),
            after in proptest::collection::vec(proptest::sample::select(AROUND), 0..4),
        ) {
            let (open, close) = key;
            // `note = ` is private only under a private table header.
            let under_private = before
                .iter()
                .rev()
                .find(|l| l.starts_with('['))
                .is_some_and(|h| h.contains("private"));
            let text = format!(
                "{}\n{open}{value}{close}\n{}\n",
                before.join("\n"),
                after.join("\n")
            );
            if let Ok(table) = toml::de::DeTable::parse(&text) {
                proptest::prop_assert_eq!(
                    reads_as_table(table.get_ref()),
                    text.parse::<toml::Table>().is_ok()
                );
            }
            let out = blot_private(&text);
            proptest::prop_assert_eq!(out.len(), text.len());
            proptest::prop_assert_eq!(out.lines().count(), text.lines().count());
            if open != "note = " || under_private {
                proptest::prop_assert!(!out.contains("SECRET"), "{:?} -> {:?}", text, out);
            }
            // A text that parses, with the note in a private place (no
            // string or array left open around it), is one the commit
            // refuses.
            let whole = |l: &&str| WHOLE.contains(l);
            if (open != "note = " || under_private)
                && before.iter().all(whole)
                && after.iter().all(whole)
                && text.parse::<toml::Table>().is_ok()
            {
                proptest::prop_assert!(cleartext_private(&text).is_some(), "{:?}", text);
            }
        }
    }
}
