//! The JSON Schema of each kind of record, for editors that validate TOML
//! against one (taplo, and through it Even Better TOML, Helix, Neovim).
//! It is generated from the field table below, whose rules are the model's
//! own ([`COMFORT_RANGE`], the status values, the slug rule, the text rules
//! of [`text_fields`], the armor of a sealed note), and a test holds the
//! table's keys to those the records' `Deserialize` reads, so schema and
//! `mv check` cannot drift apart; the store writes it into the tracker.
//!
//! What a schema says is the field-level part of what `mv check` enforces:
//! types, required keys, status values, the comfort scale, dates, cadences,
//! the shape of a handle or slug, one-line text, sealed private notes. What
//! it cannot say stays `mv check`'s alone: whether a reference names a
//! record on file, whether a file is named for what it holds (its person,
//! date, vacuum and project), duplicate IDs, a real calendar day
//! (`2026-02-30`), the base64 inside a sealed note, a comfort written
//! `3.0` (since draft 6, JSON Schema counts 3.0 as an integer), keys in
//! tables of the user's own, and git's state.
//!
//! Keys microvac does not know stay allowed, as `mv check` allows them
//! (`additionalProperties` is true); a key one edit away from a known key
//! of four letters or more (`comfrot`, `stauts`, `note` for `notes`) is a
//! slip, not a key of the team's own: both the schema and `mv check` refuse
//! it, naming the key meant ([`misspelled`]).

use super::{
    COMFORT_RANGE, Kind, MAX_SLUG_LEN,
    private::{ARMOR_BEGIN, ARMOR_END},
    text::{TextRule, text_fields},
};
use serde_json::{Map, Value, json};

/// The JSON Schema draft the schemas declare. Taplo validates with every
/// keyword of draft 4; the schemas use no keyword newer than that, and
/// declare draft-07 so that current validators read them as written.
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// What a field holds, as the loader and `mv check` read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A string (held to the kind's text rule when [`text_fields`] names it).
    Text,
    /// Strings (each held to the kind's text rule when it names the key).
    Texts,
    /// A person's handle or a project's or vacuum's slug: it must name a
    /// record, and records are named by the slug rule.
    Slug,
    /// A slug, or empty for none.
    SlugOrEmpty,
    /// Slugs.
    Slugs,
    /// A conversation's ID (`<date>-<person>-<id>`), or empty for none.
    ConversationOrEmpty,
    /// Commitment file stems (`<vacuum>--<project>-<id>`).
    CommitmentIds,
    /// A date, `2026-11-23`.
    Date,
    /// A moment with its offset, `2026-11-23T10:00:00Z`.
    Moment,
    /// A check-in cadence, `2w`.
    Cadence,
    /// A comfort score, 1 to 5.
    Comfort,
    /// A person's, project's or vacuum's status.
    RecordStatus,
    /// A commitment's status.
    CommitmentStatus,
    /// A private note: sealed (age armor) or blank.
    Private,
    /// What the engineer liked: strings or `{ what, vacuum }` tables.
    Liked,
    /// `{ vacuum, project, comfort }` tables.
    ComfortWith,
    /// A commitment's `[[checkin]]` tables.
    Checkins,
}

/// One key of a record file.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key as written in the file.
    pub key: &'static str,
    /// What it holds.
    pub shape: Shape,
    /// Whether the record does not load without it.
    pub required: bool,
    /// What it is, for an editor's hover.
    pub about: &'static str,
}

const fn field(key: &'static str, shape: Shape, about: &'static str) -> Field {
    Field {
        key,
        shape,
        required: false,
        about,
    }
}

const fn required(key: &'static str, shape: Shape, about: &'static str) -> Field {
    Field {
        key,
        shape,
        required: true,
        about,
    }
}

use Shape::*;

const PERSON: &[Field] = &[
    field("name", Text, "Display name."),
    field(
        "role",
        Text,
        "Role or level, e.g. senior, staff, tech lead.",
    ),
    field(
        "manager",
        SlugOrEmpty,
        "The handle of their manager, if they are on record here.",
    ),
    field(
        "projects",
        Slugs,
        "The projects they work on (slugs from projects/); none: those of their commitments.",
    ),
    field("email", Text, "Email address."),
    field(
        "status",
        RecordStatus,
        "active or archived (absent: active).",
    ),
];

const PROJECT: &[Field] = &[
    field("name", Text, "Display name."),
    field(
        "status",
        RecordStatus,
        "active or archived (absent: active).",
    ),
    field(
        "needs",
        Slugs,
        "The vacuums this project needs filled (slugs from vacuums/); empty means all of them.",
    ),
];

const VACUUM: &[Field] = &[
    field(
        "title",
        Text,
        "Title, e.g. \"Weekly status email to senior leaders\".",
    ),
    field(
        "missing",
        Text,
        "What a project looks like when nobody fills it.",
    ),
    field("tips", Texts, "Advice for the first reps."),
    field(
        "status",
        RecordStatus,
        "active or archived (absent: active).",
    ),
];

const CONVERSATION: &[Field] = &[
    required(
        "date",
        Date,
        "When (YYYY-MM-DD); the file name starts with it.",
    ),
    required(
        "person",
        Slug,
        "Who: a person's handle; the file name holds it.",
    ),
    field("manager", Text, "Who held the conversation."),
    field(
        "exemplar",
        Text,
        "The best run project they have ever seen.",
    ),
    field(
        "liked",
        Liked,
        "What they liked about it: text, or { what = \"…\", vacuum = \"<slug>\" }.",
    ),
    field("concerns", Texts, "Worries they raised."),
    field(
        "concerns_eased",
        Texts,
        "In a follow-up: last time's worries that eased.",
    ),
    field(
        "concerns_came_true",
        Texts,
        "In a follow-up: last time's worries that came true.",
    ),
    field(
        "follows",
        Text,
        "In a follow-up: the conversation it followed up (its ID).",
    ),
    field(
        "comfort_with",
        ComfortWith,
        "How comfortable they feel about each candidate: { vacuum, project, comfort = 1..5 }.",
    ),
    field("notes", Text, "Free notes."),
    field(
        "commitments",
        CommitmentIds,
        "The commitments made in this conversation (their file names without .toml).",
    ),
    field("next", Date, "The next 1:1 (YYYY-MM-DD)."),
    field(
        "private",
        Private,
        "A note for the manager's eyes only, sealed by `mv log --private`; never in the clear.",
    ),
    field(
        "private_for",
        Texts,
        "Whom the private note was sealed for.",
    ),
    field("logged", Moment, "When `mv log` recorded it."),
];

const COMMITMENT: &[Field] = &[
    required(
        "person",
        Slug,
        "Who: a person's handle; the file lies under commitments/<person>/.",
    ),
    required(
        "vacuum",
        Slug,
        "Which vacuum (a slug from vacuums/); the file name starts with it.",
    ),
    required("project", Slug, "On which project (a slug from projects/)."),
    required("status", CommitmentStatus, "active, done or dropped."),
    required("started", Date, "When it started (YYYY-MM-DD)."),
    field(
        "buddy",
        SlugOrEmpty,
        "Someone who has done it before (a handle), to do the first reps with.",
    ),
    field(
        "buddy_until",
        Date,
        "From when the buddy no longer needs to be there for the reps.",
    ),
    field(
        "checkin_every",
        Cadence,
        "How often to check in: 1w, 2w, 10d, 1m.",
    ),
    field("next_checkin", Date, "When the next check-in is due."),
    field(
        "conversation",
        ConversationOrEmpty,
        "The conversation it came from (its ID).",
    ),
    field("ended", Date, "When it ended."),
    field("why", Text, "Why it ended."),
    field(
        "checkin",
        Checkins,
        "Its check-ins (\"reps\"), oldest first.",
    ),
];

/// The keys of one `[[checkin]]` of a commitment.
pub const CHECKIN: &[Field] = &[
    required("date", Date, "When (YYYY-MM-DD)."),
    field("note", Text, "How it went."),
    field(
        "comfort",
        Comfort,
        "How comfortable it felt: 1 (very uncomfortable) to 5 (at ease).",
    ),
    field(
        "private",
        Private,
        "A note for the manager's eyes only, sealed by `mv checkin --private`; never in the clear.",
    ),
    field(
        "private_for",
        Texts,
        "Whom the private note was sealed for.",
    ),
];

/// The keys of one `{ what, vacuum }` of a conversation's `liked`.
pub const LIKED: &[Field] = &[
    required("what", Text, "What they liked."),
    field(
        "vacuum",
        Slug,
        "The vacuum someone filled to make it happen (a slug).",
    ),
];

/// The keys of one entry of a conversation's `comfort_with`.
pub const COMFORT_WITH: &[Field] = &[
    required("vacuum", Text, "Which vacuum."),
    required("project", Text, "On which project."),
    required("comfort", Comfort, "1 (very uncomfortable) to 5 (at ease)."),
];

/// The keys of a record of `kind`.
pub fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Person => PERSON,
        Kind::Project => PROJECT,
        Kind::Vacuum => VACUUM,
        Kind::Conversation => CONVERSATION,
        Kind::Commitment => COMMITMENT,
    }
}

/// The slug rule as a pattern (length apart: `maxLength`).
const SLUG: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// A date as records write it.
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The schema of a record of `kind`, as a JSON value.
pub fn json_schema(kind: Kind) -> Value {
    let mut schema = object_schema(fields(kind), Some(kind));
    let head = json!({
        "$schema": DRAFT,
        "title": format!("microvac {kind}"),
        "description": format!(
            "A microvac {kind} record. Written by microvac; `mv check` holds the records to the same rules, and to those between records that a schema cannot say."
        ),
    });
    if let (Value::Object(head), Value::Object(body)) = (head, &mut schema) {
        let mut out = head;
        out.append(body);
        return Value::Object(out);
    }
    schema
}

/// The schema of `kind` as the file microvac writes, indented. (Not
/// through `render::write_json`, the writer of JSON for users: a schema
/// holds no text of theirs, only microvac's own keys and patterns.)
pub fn schema_text(kind: Kind) -> String {
    format!("{:#}\n", json_schema(kind))
}

/// The schema of a table holding `fields`; `kind` names the record whose
/// text rules apply to its top-level strings (as `mv check` applies them).
fn object_schema(fields: &[Field], kind: Option<Kind>) -> Value {
    let mut properties = Map::new();
    for f in fields {
        let rule = kind.and_then(|k| {
            text_fields(k)
                .iter()
                .find(|(key, _)| *key == f.key)
                .map(|(_, rule)| *rule)
        });
        let mut value = shape_schema(f.shape, rule);
        if let Value::Object(map) = &mut value {
            map.insert("description".into(), f.about.into());
        }
        properties.insert(f.key.into(), value);
    }
    let mut patterns = Map::new();
    // A private note in the clear is refused under any key spelled
    // `private` (`Private`, ` private `), as `mv check` refuses it.
    if !fields.iter().any(|f| f.key == "private") {
        patterns.insert(PRIVATE_KEY.into(), private_schema(true));
    }
    if let Some(typos) = misspelling_pattern(fields) {
        patterns.insert(
            typos,
            json!({ "not": {}, "description": "One letter away from a key microvac knows: a slip? (mv check refuses it too.)" }),
        );
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut out = json!({
        "type": "object",
        "properties": properties,
        "patternProperties": patterns,
        "additionalProperties": true,
    });
    if !required.is_empty()
        && let Value::Object(map) = &mut out
    {
        map.insert("required".into(), json!(required));
    }
    out
}

/// Any key that reads as `private` (case and spaces aside).
const PRIVATE_KEY: &str = "^\\s*[Pp][Rr][Ii][Vv][Aa][Tt][Ee]\\s*$";

fn string_with(pattern: String) -> Value {
    json!({ "type": "string", "pattern": pattern })
}

fn shape_schema(shape: Shape, rule: Option<TextRule>) -> Value {
    let text = || match rule {
        Some(rule) => string_with(rule_pattern(rule)),
        None => json!({ "type": "string" }),
    };
    let slug = json!({ "type": "string", "pattern": SLUG, "maxLength": MAX_SLUG_LEN });
    match shape {
        Text => text(),
        Texts => json!({ "type": "array", "items": text() }),
        Slug => slug,
        SlugOrEmpty => json!({ "anyOf": [slug, { "type": "string", "maxLength": 0 }] }),
        Slugs => json!({ "type": "array", "items": slug }),
        ConversationOrEmpty => string_with(
            "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+-[a-z0-9-]+$".into(),
        ),
        CommitmentIds => json!({ "type": "array", "items": string_with("^[a-z0-9-]+$".into()) }),
        Date => string_with(DATE.into()),
        Moment => string_with(
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
                .into(),
        ),
        // A count of days, weeks or months, at least one and at most
        // 65535 (the loader's bound), spaces around allowed.
        Cadence => string_with(
            "^\\s*0*([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])[dwm]\\s*$"
                .into(),
        ),
        Comfort => json!({
            "type": "integer",
            "minimum": COMFORT_RANGE.start(),
            "maximum": COMFORT_RANGE.end(),
        }),
        RecordStatus => json!({ "type": "string", "enum": super::RecordStatus::KNOWN }),
        CommitmentStatus => json!({ "type": "string", "enum": super::CommitmentStatus::KNOWN }),
        Private => private_schema(false),
        Liked => json!({
            "type": "array",
            "items": { "anyOf": [{ "type": "string" }, object_schema(LIKED, None)] },
        }),
        ComfortWith => json!({ "type": "array", "items": object_schema(COMFORT_WITH, None) }),
        Checkins => json!({ "type": "array", "items": object_schema(CHECKIN, None) }),
    }
}

/// A private note: blank, or sealed (the age armor around base64 that
/// starts as every age message does); under a key the loader does not
/// read as a note, an empty list too (what `mv check` lets pass).
fn private_schema(or_empty_list: bool) -> Value {
    let mut any = vec![
        string_with("^\\s*$".into()),
        string_with(format!(
            "^\\s*{ARMOR_BEGIN}[ \\t\\r]*\\n\\s*{SEALED_START}[A-Za-z0-9+/=\\s]*\\n[ \\t]*{ARMOR_END}\\s*$"
        )),
    ];
    if or_empty_list {
        any.push(json!({ "type": "array", "maxItems": 0 }));
    }
    json!({ "anyOf": any })
}

/// How the base64 of every age message starts: `age-encryption.org/v1`.
const SEALED_START: &str = "YWdlLWVuY3J5cHRpb24ub3JnL3Yx";

/// A text rule as a pattern: what [`TextRule::check`] accepts.
fn rule_pattern(rule: TextRule) -> String {
    match rule {
        // No control character (C0, DEL, C1), no line or paragraph separator.
        TextRule::OneLine => "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$".into(),
        // Line breaks (LF, CRLF) and tabs, no other control character.
        TextRule::Prose => "^([^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]|\\r\\n)*$".into(),
    }
}

/// Known keys shorter than this are not guarded against slips: at three
/// letters, a key one edit away (`who` for `why`) is as likely a key of the
/// team's own.
const GUARDED_LEN: usize = 4;

/// The known key that `key`, unknown itself, is one edit away from (a
/// letter added, dropped or changed, or two neighbours swapped), among
/// `fields`' keys of [`GUARDED_LEN`] letters or more.
pub fn misspelled(fields: &[Field], key: &str) -> Option<&'static str> {
    if fields.iter().any(|f| f.key == key) {
        return None;
    }
    fields
        .iter()
        .filter(|f| f.key.chars().count() >= GUARDED_LEN)
        .find(|f| one_edit(f.key, key))
        .map(|f| f.key)
}

/// Whether `b` is one edit away from `a` (and not `a`).
fn one_edit(a: &str, b: &str) -> bool {
    // Most pairs differ in length by more than a character can.
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() == b.len() {
        let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        return match diffs.as_slice() {
            [_] => true,
            [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
            _ => false,
        };
    }
    let (long, short) = if a.len() > b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() != short.len() + 1 {
        return false;
    }
    let p = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    long[p + 1..] == short[p..]
}

/// Every key of a record of `kind` (`text`, a TOML file) one edit away
/// from a key microvac knows ([`misspelled`]), at the top level and in the
/// tables of a known key (a `[[checkin]]`, a `liked` or `comfort_with`
/// entry): the byte span of the key in the file, and what is wrong. A file
/// that does not parse yields nothing here (its parse error is reported on
/// its own).
pub fn key_slips(kind: Kind, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    match toml::de::DeTable::parse(text) {
        Ok(table) => key_slips_in(kind, table.get_ref()),
        Err(_) => Vec::new(),
    }
}

/// [`key_slips`] of a file already parsed (spans point into its text).
pub fn key_slips_in(
    kind: Kind,
    table: &toml::de::DeTable<'_>,
) -> Vec<(std::ops::Range<usize>, String)> {
    use toml::de::{DeTable, DeValue};
    let mut out = Vec::new();
    let mut check = |fields: &[Field], table: &DeTable<'_>| {
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if let Some(meant) = misspelled(fields, name) {
                out.push((
                    key.span(),
                    format!(
                        "{name:?} is one letter away from {meant:?}: a slip? (microvac reads only {meant:?}; rename it, or name your own key further from microvac's)"
                    ),
                ));
            }
        }
    };
    check(fields(kind), table);
    for (key, value) in table.iter() {
        let nested = match (kind, key.get_ref().as_ref()) {
            (Kind::Commitment, "checkin") => CHECKIN,
            (Kind::Conversation, "liked") => LIKED,
            (Kind::Conversation, "comfort_with") => COMFORT_WITH,
            _ => continue,
        };
        if let DeValue::Array(items) = value.get_ref() {
            for item in items {
                if let DeValue::Table(t) = item.get_ref() {
                    check(nested, t);
                }
            }
        }
    }
    out
}

/// One pattern matching every key [`misspelled`] refuses among `fields`,
/// spelled out so that it never matches a known key: a letter added (any
/// character), dropped, changed (any other character) or two neighbours
/// swapped. `None` when no key is guarded.
fn misspelling_pattern(fields: &[Field]) -> Option<String> {
    let known: Vec<Vec<char>> = fields.iter().map(|f| f.key.chars().collect()).collect();
    let is_known = |candidate: &[char]| known.iter().any(|k| k.as_slice() == candidate);
    let mut alternatives: Vec<String> = Vec::new();
    for key in known.iter().filter(|k| k.len() >= GUARDED_LEN) {
        let lit = |s: &[char]| escape(&s.iter().collect::<String>());
        for i in 0..=key.len() {
            // A letter added at i: any character but one making a known key.
            let excluded: String = known
                .iter()
                .filter(|k| {
                    k.len() == key.len() + 1 && k[..i] == key[..i] && k[i + 1..] == key[i..]
                })
                .map(|k| escape_class(k[i]))
                .collect();
            let any = if excluded.is_empty() {
                "[\\s\\S]".to_owned()
            } else {
                format!("[^{excluded}]")
            };
            alternatives.push(format!("{}{any}{}", lit(&key[..i]), lit(&key[i..])));
        }
        for i in 0..key.len() {
            // A letter dropped at i.
            let mut dropped = key.clone();
            dropped.remove(i);
            if !dropped.is_empty() && !is_known(&dropped) {
                alternatives.push(lit(&dropped));
            }
            // A letter changed at i: any other character but one making a known key.
            let mut excluded = escape_class(key[i]);
            for k in known.iter().filter(|k| {
                *k != key
                    && k.len() == key.len()
                    && k[..i] == key[..i]
                    && k[i + 1..] == key[i + 1..]
            }) {
                excluded.push_str(&escape_class(k[i]));
            }
            alternatives.push(format!(
                "{}[^{excluded}]{}",
                lit(&key[..i]),
                lit(&key[i + 1..])
            ));
            // Two neighbours swapped.
            if i + 1 < key.len() && key[i] != key[i + 1] {
                let mut swapped = key.clone();
                swapped.swap(i, i + 1);
                if !is_known(&swapped) {
                    alternatives.push(lit(&swapped));
                }
            }
        }
    }
    alternatives.sort();
    alternatives.dedup();
    (!alternatives.is_empty()).then(|| format!("^({})$", alternatives.join("|")))
}

/// `s` as a regular expression matching it literally (keys are letters,
/// digits and `_`, but any key is escaped).
fn escape(s: &str) -> String {
    s.chars().map(escape_class).collect()
}

fn escape_class(c: char) -> String {
    if c.is_ascii_alphanumeric() || c == '_' {
        c.to_string()
    } else {
        format!("\\u{:04x}", u32::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_is_one_edit() {
        for (a, b) in [
            ("comfort", "comfrot"),
            ("comfort", "comfor"),
            ("comfort", "comforts"),
            ("comfort", "Comfort"),
            ("status", "stauts"),
            ("notes", "note"),
            ("date", "data"),
            ("date", "xdate"),
        ] {
            assert!(one_edit(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("comfort", "comfort"),
            ("comfort", "cmfrot"),
            ("status", "state"),
            ("date", "day"),
            ("notes", "nodes_"),
        ] {
            assert!(!one_edit(a, b), "{a} {b}");
        }
    }

    #[test]
    fn a_slip_names_the_key_meant_and_a_known_key_is_no_slip() {
        assert_eq!(misspelled(CHECKIN, "comfrot"), Some("comfort"));
        assert_eq!(misspelled(CHECKIN, "notes"), Some("note"));
        assert_eq!(misspelled(CONVERSATION, "note"), Some("notes"));
        assert_eq!(misspelled(COMMITMENT, "stauts"), Some("status"));
        assert_eq!(misspelled(COMMITMENT, "who"), None);
        assert_eq!(misspelled(COMMITMENT, "team"), None);
        for kind in Kind::ALL {
            for f in fields(kind) {
                assert_eq!(misspelled(fields(kind), f.key), None, "{}", f.key);
            }
        }
    }

    /// The keys serde reads for `T`, as its derived `Deserialize` names
    /// them (renames applied, skipped fields left out).
    fn serde_keys<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
        use serde::de::{Error, Visitor, value::Error as E};
        struct Probe<'a>(&'a mut Vec<&'static str>);
        impl<'de> serde::Deserializer<'de> for Probe<'_> {
            type Error = E;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
                Err(E::custom("a probe"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, E> {
                self.0.extend(fields);
                Err(E::custom("a probe"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct newtype_struct seq tuple
                tuple_struct map enum identifier ignored_any
            }
        }
        let mut keys = Vec::new();
        let _ = T::deserialize(Probe(&mut keys));
        keys.sort_unstable();
        keys
    }

    fn table_keys(fields: &[Field]) -> Vec<&'static str> {
        let mut keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys
    }

    /// The field table is the loader's: a key added to a record's struct
    /// and not to the table (or the other way round) fails here, so the
    /// schema cannot drift from what `mv check` reads. (`liked`'s
    /// `{ what, vacuum }` is an untagged enum serde cannot list.)
    #[test]
    fn the_field_table_names_every_key_the_loader_reads() {
        use crate::model::{
            CandidateComfort, Checkin, Commitment, Conversation, Person, Project, Vacuum,
        };
        assert_eq!(table_keys(PERSON), serde_keys::<Person>());
        assert_eq!(table_keys(PROJECT), serde_keys::<Project>());
        assert_eq!(table_keys(VACUUM), serde_keys::<Vacuum>());
        assert_eq!(table_keys(CONVERSATION), serde_keys::<Conversation>());
        assert_eq!(table_keys(COMMITMENT), serde_keys::<Commitment>());
        assert_eq!(table_keys(CHECKIN), serde_keys::<Checkin>());
        assert_eq!(table_keys(COMFORT_WITH), serde_keys::<CandidateComfort>());
    }

    #[test]
    fn every_schema_is_json_naming_its_draft() {
        for kind in Kind::ALL {
            let text = schema_text(kind);
            let value: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(value["$schema"], DRAFT);
            assert_eq!(value["additionalProperties"], true);
        }
        let commitment = json_schema(Kind::Commitment);
        assert_eq!(
            commitment["properties"]["status"]["enum"],
            json!(crate::model::CommitmentStatus::KNOWN)
        );
        assert_eq!(
            commitment["properties"]["checkin"]["items"]["properties"]["comfort"]["maximum"],
            json!(5)
        );
    }
}
