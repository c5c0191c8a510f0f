//! Format-preserving edits of a record file (toml_edit, as `cargo add`
//! does): setting a key keeps the comments around it, the order of keys,
//! keys microvac does not know, and the rest of the file byte for byte.

use super::Problem;
use crate::model::{Date, toml_date};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// A record file open for editing.
pub struct RecordDoc {
    doc: DocumentMut,
    /// A new record from a template: a key left out goes with the comment
    /// that explains it (in a person's file, such comments stay).
    from_template: bool,
    /// A line the text starts with, above everything else: a new record's
    /// `#:schema` line.
    header: Option<String>,
}

impl RecordDoc {
    /// Parses a record's text; a syntax error becomes a [`Problem`]. (Read
    /// the file with [`super::read_record_file`] to get one for bytes that
    /// are not UTF-8 too.)
    pub fn parse(shown_path: &str, text: &str) -> Result<RecordDoc, Problem> {
        super::text::check_size(shown_path, text.len())?;
        text.parse::<DocumentMut>()
            .map(|doc| RecordDoc {
                doc,
                from_template: false,
                header: None,
            })
            .map_err(|e| {
                super::text::syntax_problem(shown_path, text, e.message().trim_end(), e.span())
            })
    }

    /// An empty document.
    pub fn empty() -> RecordDoc {
        RecordDoc {
            doc: DocumentMut::new(),
            from_template: true,
            header: None,
        }
    }

    /// Starts a new record from a template's text.
    pub fn from_template(shown_path: &str, text: &str) -> Result<RecordDoc, Problem> {
        let mut doc = Self::parse(shown_path, text)?;
        doc.from_template = true;
        Ok(doc)
    }

    /// Sets a top-level key, keeping the comment before the key and after
    /// the value when the key already exists. New keys go after the
    /// existing top-level keys (before any `[[table]]`).
    pub fn set(&mut self, key: &str, value: impl Into<Value>) -> &mut Self {
        let mut value = value.into();
        match self.doc.get_mut(key) {
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                *value.decor_mut() = decor;
                *old = value;
            }
            _ => {
                self.doc.insert(key, Item::Value(value));
            }
        }
        self
    }

    /// Sets a top-level string.
    pub fn set_str(&mut self, key: &str, value: &str) -> &mut Self {
        self.set(key, value)
    }

    /// Sets a top-level date.
    pub fn set_date(&mut self, key: &str, date: Date) -> &mut Self {
        self.set(key, toml_date(date))
    }

    /// Sets a top-level array of strings.
    pub fn set_strings<S: AsRef<str>>(&mut self, key: &str, values: &[S]) -> &mut Self {
        let array: toml_edit::Array = values.iter().map(|s| s.as_ref()).collect();
        self.set(key, array)
    }

    /// Sets `key` when `value` is given, removes it otherwise.
    pub fn set_opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.set_str(key, v),
            None => self.remove(key),
        }
    }

    /// Removes a top-level key. Comment lines a person wrote above it are
    /// not removed with it: they move to the key (or table) that follows.
    pub fn remove(&mut self, key: &str) -> &mut Self {
        let comments = self
            .doc
            .key(key)
            .and_then(|k| k.leaf_decor().prefix())
            .and_then(|p| p.as_str())
            .filter(|p| p.contains('#'))
            .map(str::to_owned);
        let next = {
            let keys: Vec<&str> = self.doc.iter().map(|(k, _)| k).collect();
            keys.iter()
                .position(|k| *k == key)
                .and_then(|i| keys.get(i + 1))
                .map(|k| (*k).to_owned())
        };
        if self.doc.remove(key).is_none() || self.from_template {
            return self;
        }

        let Some(comments) = comments else {
            return self;
        };
        let prepend = |decor: &mut toml_edit::Decor| {
            let old = decor
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_owned();
            decor.set_prefix(format!("{comments}{old}"));
        };
        match next {
            Some(next) => match self.doc.get_mut(&next) {
                Some(Item::ArrayOfTables(array)) => {
                    if let Some(first) = array.get_mut(0) {
                        prepend(first.decor_mut());
                    }
                }
                Some(Item::Table(table)) => prepend(table.decor_mut()),
                _ => {
                    if let Some(mut k) = self.doc.key_mut(&next) {
                        prepend(k.leaf_decor_mut());
                    }
                }
            },
            None => {
                let trailing = self.doc.trailing().as_str().unwrap_or("").to_owned();
                self.doc.set_trailing(format!("{comments}{trailing}"));
            }
        }
        self
    }

    /// The string value of a top-level key.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.doc.get(key).and_then(Item::as_str)
    }

    /// Whether a top-level key holds an empty array.
    pub fn is_empty_array(&self, key: &str) -> bool {
        self.doc
            .get(key)
            .and_then(Item::as_array)
            .is_some_and(toml_edit::Array::is_empty)
    }

    /// Appends a table to the array of tables `key` (`[[key]]`), creating
    /// it when missing; the new table goes at the end of the file.
    pub fn push_table(&mut self, key: &str, entries: Vec<(&str, Value)>) -> &mut Self {
        let mut table = Table::new();
        for (k, v) in entries {
            table.insert(k, Item::Value(v));
        }
        match self.doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
            Some(array) => array.push(table),
            None => {
                let mut array = ArrayOfTables::new();
                array.push(table);
                self.doc.insert(key, Item::ArrayOfTables(array));
            }
        }
        self
    }

    /// The document as text.
    pub fn into_string(self) -> String {
        self.to_string()
    }

    /// The document, starting with the line `header` (a new record's
    /// `#:schema` line).
    pub fn with_header(mut self, header: String) -> RecordDoc {
        self.header = Some(header);
        self
    }
}

impl std::fmt::Display for RecordDoc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(header) = &self.header {
            writeln!(f, "{header}")?;
        }
        self.doc.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HAND_EDITED: &str = r#"# Alice's commitment. She asked for Bob as her buddy.
person = "alice"
vacuum = "sprint-planning"   # the one she felt best about
project = "payments"
status = "active" # keep going!
started = 2026-11-02
custom_key = { mood = "keen" }

[[checkin]]
date = 2026-11-09
note = "ran it with bob"   # bob did most of it
comfort = 2
"#;

    #[test]
    fn setting_a_key_keeps_its_comments_and_everything_else() {
        let mut doc = RecordDoc::parse("x.toml", HAND_EDITED).unwrap();
        doc.set_str("status", "done");
        let out = doc.into_string();
        assert_eq!(
            out,
            HAND_EDITED.replace(r#"status = "active" # keep"#, r#"status = "done" # keep"#)
        );
    }

    #[test]
    fn new_keys_go_before_the_checkins_and_new_checkins_at_the_end() {
        let mut doc = RecordDoc::parse("x.toml", HAND_EDITED).unwrap();
        doc.set_date("ended", jiff::civil::date(2026, 12, 1));
        doc.push_table(
            "checkin",
            vec![
                ("date", toml_date(jiff::civil::date(2026, 11, 16)).into()),
                ("comfort", 3i64.into()),
            ],
        );
        let out = doc.into_string();
        let parsed: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(
            parsed["ended"].as_datetime().unwrap().to_string(),
            "2026-12-01"
        );
        assert_eq!(parsed["checkin"].as_array().unwrap().len(), 2);
        assert!(out.contains("note = \"ran it with bob\"   # bob did most of it"));
        assert!(
            out.ends_with("[[checkin]]\ndate = 2026-11-16\ncomfort = 3\n"),
            "{out}"
        );
    }

    #[test]
    fn removing_a_key_keeps_the_comment_above_it() {
        let text =
            "a = 1\n# about b\nb = 2\nc = 3\n# about d\nd = 4\n\n# the table\n[[t]]\nx = 1\n";
        let mut doc = RecordDoc::parse("x.toml", text).unwrap();
        doc.remove("b").remove("d");
        assert_eq!(
            doc.into_string(),
            "a = 1\n# about b\nc = 3\n# about d\n\n# the table\n[[t]]\nx = 1\n"
        );
    }

    #[test]
    fn syntax_errors_point_at_the_spot() {
        let err = RecordDoc::parse("people/a.toml", "name = \"A\nrole = 1\n")
            .err()
            .unwrap();
        assert!(
            err.headline().starts_with("people/a.toml:1:"),
            "{}",
            err.headline()
        );
    }

    fn comment() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9 ,.!?'-]{0,30}".prop_map(|s| format!("# {s}"))
    }

    proptest! {
        /// Whatever comments and spacing a person wrote, setting known keys
        /// keeps every comment and every unknown key.
        #[test]
        fn edits_keep_every_comment(
            comments in proptest::collection::vec(comment(), 5),
            pad in "[ ]{0,4}",
            status in "(active|done|dropped)",
            note in "[a-z ]{0,20}",
        ) {
            let text = format!(
                "{}\nperson = \"alice\"{pad}{}\nstatus = \"active\"\n{}\nzz_unknown = 7{pad}\n\n[[checkin]]\n{}\ndate = 2026-11-09\n",
                comments[0], comments[1], comments[2], comments[3],
            );
            let mut doc = RecordDoc::parse("x.toml", &text).unwrap();
            doc.set_str("status", &status).set_str("why", &note);
            doc.push_table("checkin", vec![("note", note.as_str().into())]);
            let out = doc.into_string();
            for c in &comments[..4] {
                prop_assert!(out.contains(c.as_str()), "lost {c:?} in {out}");
            }
            let parsed: toml::Table = toml::from_str(&out).unwrap();
            prop_assert_eq!(parsed["status"].as_str(), Some(status.as_str()));
            prop_assert_eq!(parsed["zz_unknown"].as_integer(), Some(7));
            prop_assert_eq!(parsed["checkin"].as_array().unwrap().len(), 2);
        }
    }
}
