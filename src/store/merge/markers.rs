//! Git-style conflict markers: writing them around the one field that
//! clashed, finding them again in any file (`mv check`), and keeping one
//! side of each (`mv resolve`).
//!
//! A merge result is written with toml_edit, which knows nothing of
//! markers. So a clashing field's line is first tagged with two sentinels
//! (NUL-delimited, which no valid TOML input can contain): one on a line of
//! its own before the key, one after the value. Once the document is
//! text, the lines between the sentinels are ours' side of the hunk.

use super::{FieldConflict, MergeError, plain, strings::InString};
use std::{fmt, ops::Range};
use toml_edit::{Decor, DocumentMut, InlineTable, Item, Key, Table, Value};

/// A field both sides set to different values (or one removed while the
/// other changed it). Each side's key and value as that side wrote them.
pub(super) struct Clash {
    pub field: String,
    pub ours: Option<(Key, Value)>,
    pub theirs: Option<(Key, Value)>,
}

/// The marker lines, as git writes them with `-L ours -L base -L theirs`.
pub const OURS_MARKER: &str = "<<<<<<< ours";
/// The line between the two sides of a conflict.
pub const SEPARATOR: &str = "=======";
/// The line that ends their side of a conflict.
pub const THEIRS_MARKER: &str = ">>>>>>> theirs";

/// One side of a conflict hunk, for [`resolve_conflicts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Keep our side.
    Ours,
    /// Keep their side.
    Theirs,
}

/// A conflict hunk found in a file: where it is and, when both sides are
/// plain `key = value` lines, what the two sides say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerConflict {
    /// The 1-based line of the `<<<<<<<` marker.
    pub line: usize,
    /// The bytes of the hunk, from `<<<<<<<` to the end of the `>>>>>>>` line.
    pub span: Range<usize>,
    /// The fields whose values differ between the sides (named with the
    /// table they are in: `status`, `section.key`); `None` when a side is
    /// not a list of `key = value` lines.
    pub fields: Option<Vec<FieldConflict>>,
}

impl fmt::Display for MarkerConflict {
    /// `unresolved merge conflict in field `status`: ours `done`, theirs `dropped``
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.fields.as_deref() {
            Some([one]) => write!(
                f,
                "unresolved merge conflict in field `{}`: ours {}, theirs {}",
                one.field,
                shown(one.ours.as_deref()),
                shown(one.theirs.as_deref())
            ),
            Some(many) if !many.is_empty() => {
                let names: Vec<String> = many.iter().map(|c| format!("`{}`", c.field)).collect();
                write!(
                    f,
                    "unresolved merge conflict in fields {}",
                    names.join(", ")
                )
            }
            _ => f.write_str("unresolved merge conflict"),
        }
    }
}

/// A side's value for a message: a string's text, any other value's TOML.
fn shown(value: Option<&str>) -> String {
    match value {
        None => "(removed)".to_owned(),
        Some(text) => match text.parse::<Value>() {
            Ok(Value::String(s)) => format!("`{}`", s.value()),
            _ => format!("`{text}`"),
        },
    }
}

/// Every complete conflict hunk in `text` (`<<<<<<<`, optionally
/// `|||||||` with the base, `=======`, `>>>>>>>`; markers of seven
/// characters, at the start of a line).
pub fn parse_conflicts(text: &str) -> Vec<MarkerConflict> {
    hunks(text, true)
        .into_iter()
        .map(|h| MarkerConflict {
            line: h.line,
            span: h.span,
            fields: side_fields(&text[h.ours]).and_then(|(ours, ours_entry)| {
                let (theirs, theirs_entry) = side_fields(&text[h.theirs])?;
                // A whole entry is named by its array, not the table
                // before it. The driver marks one only against nothing
                // (removed on the other side); entries on both sides are
                // git's line markers.
                let whole_entry = ours_entry || theirs_entry;
                if whole_entry && !ours.is_empty() && !theirs.is_empty() {
                    return None;
                }
                let mut fields = differences(&ours, &theirs);
                if let Some(table) = h.table.as_ref().filter(|_| !whole_entry) {
                    for f in &mut fields {
                        f.field = format!("{table}.{}", f.field);
                    }
                }
                Some(fields)
            }),
        })
        .collect()
}

/// `text` with every conflict hunk replaced by the lines of one side.
pub fn resolve_conflicts(text: &str, take: Side) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for h in hunks(text, true) {
        out.push_str(&text[done..h.span.start]);
        out.push_str(
            &text[match take {
                Side::Ours => h.ours,
                Side::Theirs => h.theirs,
            }],
        );
        done = h.span.end;
    }
    out.push_str(&text[done..]);
    out
}

struct Hunk {
    line: usize,
    /// The table the hunk is in (`section` after `[section]`), if any.
    table: Option<String>,
    span: Range<usize>,
    ours: Range<usize>,
    theirs: Range<usize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Marker {
    Start,
    Base,
    Separator,
    End,
}

/// Which marker a line is, if any: seven of `<`, `|`, `=` or `>`, then the
/// end of the line or a space and a label.
fn marker(line: &str) -> Option<Marker> {
    let line = line.trim_end_matches(['\n', '\r']);
    let first = line.chars().next()?;
    let kind = match first {
        '<' => Marker::Start,
        '|' => Marker::Base,
        '=' => Marker::Separator,
        '>' => Marker::End,
        _ => return None,
    };
    let rest = line.get(7..)?;
    let all_seven = line.bytes().take(7).all(|b| char::from(b) == first);
    (all_seven && (rest.is_empty() || rest.starts_with(' '))).then_some(kind)
}

/// Whether `text` has complete conflict hunks only when marker lines inside
/// multi-line strings count: what git's line merge writes when both sides
/// changed a multi-line string, and what a pasted note may hold. Neither
/// can be told apart from the text alone, so neither is resolved by
/// keeping a side.
pub fn markers_inside_strings(text: &str) -> bool {
    hunks(text, true).len() != hunks(text, false).len()
}

/// The marker lines of the hunks only found when marker lines inside
/// multi-line strings count (see [`markers_inside_strings`]).
pub fn marker_lines_inside_strings(text: &str) -> Vec<&str> {
    let outside: Vec<Range<usize>> = hunks(text, true).into_iter().map(|h| h.span).collect();
    let mut lines = Vec::new();
    for h in hunks(text, false) {
        if outside
            .iter()
            .any(|o| o.start <= h.span.start && h.span.end <= o.end)
        {
            continue;
        }
        lines.extend(
            text[h.span]
                .lines()
                .filter(|l| marker(l).is_some())
                .map(|l| l.trim_end_matches('\r')),
        );
    }
    lines
}

/// `text` with every hunk replaced by one side, marker lines inside
/// multi-line strings included: only for hunks known to be git's.
pub fn resolve_conflicts_in_strings(text: &str, take: Side) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for h in hunks(text, false) {
        out.push_str(&text[done..h.span.start]);
        out.push_str(
            &text[match take {
                Side::Ours => h.ours,
                Side::Theirs => h.theirs,
            }],
        );
        done = h.span.end;
    }
    out.push_str(&text[done..]);
    out
}

/// The complete conflict hunks of `text`; with `toml`, never a marker line
/// inside a multi-line string.
fn hunks(text: &str, toml: bool) -> Vec<Hunk> {
    enum State {
        Outside,
        Ours {
            start: usize,
            line: usize,
            from: usize,
        },
        Base {
            start: usize,
            line: usize,
            ours: Range<usize>,
        },
        Theirs {
            start: usize,
            line: usize,
            ours: Range<usize>,
            from: usize,
        },
    }
    let mut found = Vec::new();
    let mut state = State::Outside;
    let mut table = None;
    let mut offset = 0;
    // Whether the line starts inside a multi-line string: there a line
    // that looks like a marker or a header is the string's text.
    let mut string = InString::No;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let begin = offset;
        offset += line.len();
        let starts_outside = string == InString::No || !toml;
        let marker = if starts_outside { marker(line) } else { None };
        string = match marker {
            // Each side of a hunk starts outside any string.
            Some(_) => InString::No,
            None => string.after(line),
        };
        if marker.is_none()
            && starts_outside
            && matches!(state, State::Outside)
            && let Some(header) = header(line)
        {
            table = header;
        }
        state = match (state, marker) {
            (_, Some(Marker::Start)) => State::Ours {
                start: begin,
                line: index + 1,
                from: offset,
            },
            (State::Ours { start, line, from }, Some(Marker::Base)) => State::Base {
                start,
                line,
                ours: from..begin,
            },
            (State::Ours { start, line, from }, Some(Marker::Separator)) => State::Theirs {
                start,
                line,
                ours: from..begin,
                from: offset,
            },
            (State::Base { start, line, ours }, Some(Marker::Separator)) => State::Theirs {
                start,
                line,
                ours,
                from: offset,
            },
            (
                State::Theirs {
                    start,
                    line,
                    ours,
                    from,
                },
                Some(Marker::End),
            ) => {
                found.push(Hunk {
                    line,
                    table: table.clone(),
                    span: start..offset,
                    ours,
                    theirs: from..begin,
                });
                State::Outside
            }
            (state, _) => state,
        };
    }
    found
}

/// Where a conflict's start marker (`<<<<<<<` at the start of a line) is,
/// outside any multi-line string: the first one, even without the rest
/// of its hunk.
pub fn start_marker(text: &str) -> Option<usize> {
    let mut string = InString::No;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if string == InString::No && marker(line) == Some(Marker::Start) {
            return Some(offset);
        }
        string = string.after(line);
        offset += line.len();
    }
    None
}

/// For a table header line (`[a.b]`, `[[checkin]]`), the table's dotted
/// name (`None` when it cannot be read); for any other line, nothing.
fn header(line: &str) -> Option<Option<String>> {
    let line = line.trim();
    if !line.starts_with('[') {
        return None;
    }
    let inner = line.trim_start_matches('[');
    let end = inner.find(']')?;
    let rest = inner[end..].trim_start_matches(']').trim_start();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None; // `[1, 2],` inside a list
    }
    let name = Key::parse(&inner[..end])
        .ok()
        .map(|keys| keys.iter().map(|k| k.get()).collect::<Vec<_>>().join("."));
    Some(name)
}

/// The `key = value` lines of one side of a hunk, or `None` when it holds
/// anything else (a table header, a broken line). A side that is one
/// whole entry of an array of tables (`[[checkin]]` and its fields, as
/// the driver marks an entry removed on the other side) is that entry,
/// named by its array's dotted key.
fn side_fields(text: &str) -> Option<(Vec<(String, Value)>, bool)> {
    let doc = text.parse::<DocumentMut>().ok()?;
    if let Some(entry) = one_entry(doc.as_table(), String::new()) {
        return Some((vec![entry], true));
    }
    let fields = doc
        .iter()
        .map(|(k, item)| match item {
            Item::Value(v) => Some((k.to_owned(), v.clone())),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some((fields, false))
}

/// The one entry of an array of tables that `table` holds and nothing
/// else (through tables that only hold it), with its dotted name.
fn one_entry(table: &Table, prefix: String) -> Option<(String, Value)> {
    let mut items = table.iter();
    let (key, item) = items.next()?;
    if items.next().is_some() {
        return None;
    }
    let name = format!("{prefix}{key}");
    match item {
        Item::ArrayOfTables(a) if a.len() == 1 => {
            let entry = a.get(0)?;
            entry
                .iter()
                .all(|(_, i)| matches!(i, Item::Value(_)))
                .then(|| (name, entry_value(entry)))
        }
        Item::Table(t) if t.is_implicit() => one_entry(t, format!("{name}.")),
        _ => None,
    }
}

/// An entry of an array of tables as one value (an inline table of its
/// fields, without their comments), to name it in a conflict.
pub(super) fn entry_value(entry: &Table) -> Value {
    let mut inline = InlineTable::new();
    for (key, item) in entry.iter() {
        if let Item::Value(v) = item {
            let mut v = v.clone();
            v.decor_mut().clear();
            inline.insert(key, v);
        }
    }
    Value::InlineTable(inline)
}

/// The fields whose values differ between the two sides.
fn differences(ours: &[(String, Value)], theirs: &[(String, Value)]) -> Vec<FieldConflict> {
    let find = |side: &[(String, Value)], key: &str| {
        side.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    };
    let keys = ours.iter().map(|(k, _)| k).chain(
        theirs
            .iter()
            .map(|(k, _)| k)
            .filter(|k| find(ours, k).is_none()),
    );
    keys.filter_map(|key| {
        let (o, t) = (find(ours, key), find(theirs, key));
        let differ = o.as_ref().map(plain::of_value) != t.as_ref().map(plain::of_value);
        differ.then(|| FieldConflict {
            field: key.clone(),
            ours: o.as_ref().map(value_text),
            theirs: t.as_ref().map(value_text),
        })
    })
    .collect()
}

/// A value as TOML text, without the whitespace and comment around it.
pub(super) fn value_text(value: &Value) -> String {
    let mut value = value.clone();
    value.decor_mut().clear();
    value.to_string()
}

fn start_sentinel(id: usize) -> String {
    format!("\u{0}<{id}\u{0}")
}

fn end_sentinel(id: usize) -> String {
    format!("\u{0}>{id}\u{0}")
}

/// Tags the start of a clashing field: a sentinel line just before the key
/// (after any comment lines above it, which stay outside the hunk).
pub(super) fn mark_start(key_decor: &mut Decor, id: usize) {
    let prefix = key_decor
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned();
    let cut = prefix.rfind('\n').map_or(0, |i| i + 1);
    let (lines, indent) = prefix.split_at(cut);
    key_decor.set_prefix(format!("{lines}{}\n{indent}", start_sentinel(id)));
}

/// Tags the end of a clashing field: a sentinel after its value (and after
/// the comment on its line).
pub(super) fn mark_end(value_decor: &mut Decor, id: usize) {
    let suffix = value_decor
        .suffix()
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_owned();
    value_decor.set_suffix(format!("{suffix}{}", end_sentinel(id)));
}

/// Turns each tagged field in `text` into a conflict hunk, and lists the
/// conflicts in the order of the file.
pub(super) fn splice(
    text: &str,
    clashes: &[Clash],
) -> Result<(String, Vec<FieldConflict>), MergeError> {
    let broken = |field: &str| MergeError::Unsupported {
        field: field.to_owned(),
        why: "its conflict could not be written".to_owned(),
    };
    let mut out = String::with_capacity(text.len() + 64 * clashes.len());
    let mut conflicts = Vec::with_capacity(clashes.len());
    let mut lines = text.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let Some(clash) = clashes
            .iter()
            .enumerate()
            .find(|(id, _)| line.trim_end_matches('\n') == start_sentinel(*id))
        else {
            out.push_str(line);
            continue;
        };
        let (id, clash) = clash;
        let end = end_sentinel(id);
        let mut block = String::new();
        loop {
            let line = lines.next().ok_or_else(|| broken(&clash.field))?;
            if let Some(at) = line.find(&end) {
                block.push_str(&line[..at]);
                block.push_str(&line[at + end.len()..]);
                break;
            }
            block.push_str(line);
        }
        if !block.ends_with('\n') {
            block.push('\n');
        }
        let (ours, theirs) = match (&clash.ours, &clash.theirs) {
            (Some(_), theirs) => (block, theirs.as_ref().map(field_line).unwrap_or_default()),
            (None, _) => (String::new(), block),
        };
        out.push_str(&format!(
            "{OURS_MARKER}\n{ours}{SEPARATOR}\n{theirs}{THEIRS_MARKER}\n"
        ));
        conflicts.push(FieldConflict {
            field: clash.field.clone(),
            ours: clash.ours.as_ref().map(|(_, v)| value_text(v)),
            theirs: clash.theirs.as_ref().map(|(_, v)| value_text(v)),
        });
    }
    if out.contains('\u{0}') {
        return Err(broken(clashes.first().map_or("", |c| c.field.as_str())));
    }
    if conflicts.len() != clashes.len() {
        return Err(broken(clashes.first().map_or("", |c| c.field.as_str())));
    }
    Ok((out, conflicts))
}

/// One side's `key = value` line(s), with the comment on its line.
fn field_line((key, value): &(Key, Value)) -> String {
    let mut key = key.clone();
    key.leaf_decor_mut().set_prefix("");
    let mut doc = DocumentMut::new();
    doc.insert_formatted(&key, Item::Value(value.clone()));
    doc.to_string()
}
