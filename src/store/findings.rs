//! What `mv check` finds in one file on its own, beyond what loading it
//! finds: fields that break their text rule, keys one letter away from
//! one microvac reads, a private note in the clear. Read off the table the
//! loader parsed the file into (on the loader's threads, so each file is
//! parsed once), and held apart until the checks of the whole tracker are
//! in, which decide where these go among them.

use super::{
    Problem, TRACKER_FILE,
    layout::{self, PathOf},
};
use crate::model::{Kind, schema, text};

/// What `mv check` finds in one file on its own (see the module).
#[derive(Debug, Default)]
pub struct Findings {
    /// Fields that break their text rule, and keys one letter away from
    /// one microvac reads, as problems pointing into the file, in the
    /// file's order of checks.
    pub text: Vec<Problem>,
    /// The key path of a private note held in the clear anywhere in the
    /// file (see [`cleartext_private`](crate::model::private::cleartext_private)).
    pub clear_private: Option<String>,
}

impl Findings {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.clear_private.is_none()
    }
}

/// What `mv check` finds in the file `rel` (shown as `shown`) on its own,
/// read off `table`, its `text` as parsed once by the loader (on the
/// loader's threads):
///
/// - every one-line field (a name, a title, the team) that holds a line
///   break or another control character, and every field of free text held
///   to a rule that holds a control character: what a hand edit can write
///   and the command line refuses, by the same rules
///   ([`text::text_fields`]);
/// - every key one letter away from a key microvac reads
///   ([`schema::key_slips`]);
/// - where it holds a private note in the clear (reported unless the
///   rules already flag the file).
pub fn findings_in(rel: &str, shown: &str, text: &str, table: &toml::de::DeTable<'_>) -> Findings {
    let clear_private = crate::model::private::cleartext_private_parsed(text, table);
    let kind = match layout::path_of(rel) {
        _ if rel == TRACKER_FILE => None,
        PathOf::Named(kind, _) => Some(kind),
        PathOf::Commitment { .. } => Some(Kind::Commitment),
        PathOf::Conversation(_) => Some(Kind::Conversation),
        PathOf::Other => {
            return Findings {
                text: Vec::new(),
                clear_private,
            };
        }
    };
    Findings {
        text: rule_problems(kind, shown, text, table),
        clear_private,
    }
}

/// The fields of a file of `kind` (`None`: `microvac.toml`) that break
/// their text rule, then its keys one letter away from one microvac reads,
/// read off `table`, its `text` parsed: what `mv check` holds the file to
/// on its own, and every command that writes a person's text too
/// ([`super::load::file_rules`]).
pub fn rule_problems(
    kind: Option<Kind>,
    shown: &str,
    text: &str,
    table: &toml::de::DeTable<'_>,
) -> Vec<Problem> {
    let keys = kind.map_or(text::SETTINGS_FIELDS, text::text_fields);
    let mut found = text::text_problems_in(keys, table);
    // A key one letter away from one microvac reads (the schema flags it
    // in an editor too).
    found.extend(
        kind.map(|k| schema::key_slips_in(k, table))
            .unwrap_or_default(),
    );
    found
        .into_iter()
        .map(|(span, message)| Problem::new(shown, message).at(text, Some(span)))
        .collect()
}

/// [`findings_in`] of a text not parsed yet (`microvac.toml`, checked
/// whether or not its settings load): a text that is not TOML has no
/// field or key to hold to a rule, and is searched for a private note as
/// [`cleartext_private`](crate::model::private::cleartext_private) does.
pub fn findings_in_text(rel: &str, shown: &str, text: &str) -> Findings {
    match toml::de::DeTable::parse(text) {
        Ok(table) => findings_in(rel, shown, text, table.get_ref()),
        Err(_) => Findings {
            text: Vec::new(),
            clear_private: crate::model::private::cleartext_private(text),
        },
    }
}
