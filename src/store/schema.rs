//! The editors' schemas in a tracker: `schemas/<kind>.json`, generated
//! from the model's field table ([`crate::model::schema`]), and the
//! `#:schema` line that points a record or template at its schema. Taplo
//! (and the editors built on it) reads a relative target from the file's
//! own folder, so the line depends on where the file lies.

use super::{StoreError, Tracker, layout, links};
use crate::{
    git::Committed,
    model::{Action, Kind, schema},
};

/// How taplo's schema directive starts.
const DIRECTIVE: &str = "#:schema";

/// The schema files a tracker holds, by tracker-relative path.
pub fn files() -> Vec<(String, String)> {
    Kind::ALL
        .iter()
        .map(|kind| (layout::schema_path(*kind), schema::schema_text(*kind)))
        .collect()
}

/// The `#:schema` line of a file of `kind` at tracker-relative `rel`.
pub fn directive(kind: Kind, rel: &str) -> String {
    format!(
        "{DIRECTIVE} {}{}",
        up_to_root(rel),
        layout::schema_path(kind)
    )
}

/// `../` once for each folder `rel` lies in.
fn up_to_root(rel: &str) -> String {
    "../".repeat(rel.matches('/').count())
}

/// Where a new record of `kind` lies, as far as its depth goes.
fn record_sample(kind: Kind) -> String {
    match kind {
        Kind::Commitment => layout::commitment_path("p", "v--p-x"),
        Kind::Conversation => layout::conversation_path("2026-01-01-p-x"),
        named => layout::record_path(named, "x"),
    }
}

/// The `#:schema` target of `text`'s header (its leading comments), and
/// `text` without that line.
fn split_header(text: &str) -> (Option<&str>, String) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(target) = trimmed.strip_prefix(DIRECTIVE)
            && (target.is_empty() || target.starts_with(char::is_whitespace))
        {
            let rest = format!("{}{}", &text[..offset], &text[offset + line.len()..]);
            return (Some(target.trim()), rest);
        }
        if !(trimmed.is_empty() || trimmed.starts_with('#')) {
            break;
        }
        offset += line.len();
    }
    (None, text.to_owned())
}

/// `target`, read from a file at `from` (tracker-relative), as read from
/// a file at `to`; `None` for a URL, an absolute path or a path leaving
/// the tracker (kept as written).
fn rebase(target: &str, from: &str, to: &str) -> Option<String> {
    if target.contains("://") || target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(format!("{}{}", up_to_root(to), parts.join("/")))
}

/// A template's text (found at tracker-relative `template`) split into
/// the `#:schema` line a new record of `kind` starts with and the rest:
/// the template's own line, read from the record's folder, or the line
/// to the tracker's schema when it has none.
pub fn new_record_header(kind: Kind, template: &str, text: &str) -> (String, String) {
    let record = record_sample(kind);
    let (target, rest) = split_header(text);
    let line = match target {
        Some(target) => match rebase(target, template, &record) {
            Some(rebased) => format!("{DIRECTIVE} {rebased}"),
            None => format!("{DIRECTIVE} {target}"),
        },
        None => directive(kind, &record),
    };
    (line, rest)
}

/// `text` (a file of `kind` at tracker-relative `rel`) starting with its
/// `#:schema` line, in place of any it had.
pub fn with_directive(kind: Kind, rel: &str, text: &str) -> String {
    let (_, rest) = split_header(text);
    format!("{}\n{rest}", directive(kind, rel))
}

impl Tracker {
    /// Writes the schema files that are missing or differ from this
    /// microvac's, in a commit of their own (nothing else goes in it);
    /// returns it, and the files left alone because the user changed them
    /// and has not committed the change.
    pub(super) fn commit_schemas(&self) -> Result<(Option<Committed>, Vec<String>), StoreError> {
        let staged: std::collections::BTreeMap<String, Vec<u8>> = self
            .repo
            .staged_paths(&self.shown(layout::SCHEMAS))?
            .into_iter()
            .collect();
        let mut due = Vec::new();
        let mut kept = Vec::new();
        for (rel, text) in files() {
            let on_disk = links::read_to_string(self.root(), &rel).ok();
            if on_disk.as_deref() == Some(text.as_str()) {
                continue;
            }
            let in_index = staged.get(&self.shown(&rel));
            let untouched = match (&on_disk, in_index) {
                (None, None) => true,
                (Some(disk), Some(index)) => disk.as_bytes() == index.as_slice(),
                _ => false,
            };
            if untouched {
                due.push((rel, text));
            } else {
                kept.push(self.shown(&rel));
            }
        }
        if due.is_empty() {
            return Ok((None, kept));
        }
        let mut writer = self.begin()?;
        for (rel, text) in due {
            writer.put(&rel, text)?;
        }
        Ok((Some(writer.commit(&Action::Schemas)?), kept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_points_at_the_schema_from_the_file_s_folder() {
        assert_eq!(
            directive(Kind::Person, "people/alice.toml"),
            "#:schema ../schemas/person.json"
        );
        let (line, rest) = new_record_header(
            Kind::Commitment,
            "templates/commitment.toml",
            "# c\nperson = \"\"\n",
        );
        assert_eq!(line, "#:schema ../../schemas/commitment.json");
        assert_eq!(rest, "# c\nperson = \"\"\n");
        let team = "# ours\n#:schema ../schemas/conversation.json\ndate = 2026-01-01\n";
        let (line, rest) =
            new_record_header(Kind::Conversation, "templates/conversation.toml", team);
        assert_eq!(line, "#:schema ../../schemas/conversation.json");
        assert_eq!(rest, "# ours\ndate = 2026-01-01\n");
        let url = "#:schema https://example.com/s.json\nname = \"\"\n";
        let (line, _) = new_record_header(Kind::Person, "templates/person.toml", url);
        assert_eq!(line, "#:schema https://example.com/s.json");
        let (line, _) =
            new_record_header(Kind::Vacuum, "templates/vacuum.toml", "#:schema ./v.json\n");
        assert_eq!(line, "#:schema ../templates/v.json");
        // Only the header counts: a line after the first key is a comment.
        let later = "name = \"\"\n#:schema x.json\n";
        assert_eq!(split_header(later), (None, later.to_owned()));
        assert_eq!(
            with_directive(
                Kind::Vacuum,
                "vacuums/retros.toml",
                "#:schema old.json\ntitle = \"\"\n"
            ),
            "#:schema ../schemas/vacuum.json\ntitle = \"\"\n"
        );
    }
}
