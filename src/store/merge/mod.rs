//! The three-way merge of one TOML record, field by field: the core of the
//! git merge driver `mv init` registers. Two people changing different
//! fields of a record, or both adding check-ins, merge cleanly; only the
//! same field set to different values on both sides is a conflict, written
//! with git's markers around that field's line alone so the file stays
//! readable, and so `mv check` can name it.
//!
//! Pure: text in, text out. The rules:
//! - A field changed (added, removed) on one side only takes that side's
//!   value; the same change on both sides is no conflict.
//! - Arrays of tables (`[[checkin]]`): each side's entries are matched
//!   with the base's by where they sit there, not by content, so an entry
//!   edited on either side or both stays one entry, whose fields merge
//!   (a clash inside it is named `checkin.comfort`). Entries added on
//!   either side are all kept (one added on both counts once), in `date`
//!   order; an entry removed on one side goes, and is a conflict on the
//!   whole entry when the other edited it.
//! - Lists (`concerns = [...]`): both sides' additions and removals apply;
//!   ours' order first, then theirs' new items.
//! - The result starts from ours' document: ours' comments, key order and
//!   formatting stay; keys theirs adds come with theirs' comments; a
//!   comment only theirs changed takes theirs' text; a comment both sides
//!   changed keeps both texts (theirs' line after ours', or, at the end of
//!   a line that has ours', on a line of its own above it).
//! - `[sections]` merge field by field; a conflict inside one is named
//!   `section.key`.
//! - `next_checkin` is derived: worked out again where nobody set it by
//!   hand; a date set by hand stays, and dates set by hand to different
//!   values on both sides are a conflict like any field (see
//!   `schedule.rs`).
//! - Merging a version with itself changes nothing, byte for byte.
//!
//! What it cannot mark field by field it hands back as a [`MergeError`],
//! and the driver falls back to git's line merge: an input that is not
//! TOML, a clash on a dotted key (`a.b = 1`), a field one side turned into
//! a table while the other changed it.

mod align;
mod driver;
mod entries;
pub use driver::{DriverOutcome, merge_files};
mod derived;
mod fields;
mod list;
mod markers;
mod placement;
mod plain;
mod schedule;
mod strings;
#[cfg(test)]
mod tests;

pub use markers::{
    MarkerConflict, OURS_MARKER, SEPARATOR, Side, THEIRS_MARKER, marker_lines_inside_strings,
    markers_inside_strings, parse_conflicts, resolve_conflicts, resolve_conflicts_in_strings,
    start_marker,
};

use crate::model::Cadence;
use std::fmt;
use toml_edit::DocumentMut;

/// The outcome of a merge: the merged file, and the fields left in conflict
/// (marked in `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The merged record.
    pub text: String,
    /// The fields that clash, marked in `text`.
    pub conflicts: Vec<FieldConflict>,
}

impl Merged {
    fn clean(text: &str) -> Merged {
        Merged {
            text: text.to_owned(),
            conflicts: Vec::new(),
        }
    }

    /// Whether the merge left no conflict.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

/// A field both sides set to different values. The values are TOML text
/// (`"done"`, `2026-11-23`); `None` where that side removed the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    /// The field's dotted path: `status`, or `section.key` inside a table.
    pub field: String,
    /// Ours, as TOML text (`None`: removed).
    pub ours: Option<String>,
    /// Theirs, as TOML text (`None`: removed).
    pub theirs: Option<String>,
}

/// One of the three versions a merge reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The common ancestor.
    Base,
    /// Our side.
    Ours,
    /// Their side.
    Theirs,
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Input::Base => "base",
            Input::Ours => "ours",
            Input::Theirs => "theirs",
        })
    }
}

/// Why a record cannot be merged field by field. Either way the caller
/// falls back to git's own line-by-line merge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("the {input} version is not valid TOML (line {line}, column {column}): {message}")]
    /// An input is not TOML.
    NotToml {
        /// Which one.
        input: Input,
        /// Where (1-based line).
        line: usize,
        /// Where (1-based column).
        column: usize,
        /// What the parser said.
        message: String,
    },
    #[error("field `{field}` cannot be merged field by field: {why}")]
    /// A shape the field merge does not handle.
    Unsupported {
        /// Which field.
        field: String,
        /// Why.
        why: String,
    },
}

/// Merges `theirs`' changes since `base` into `ours`. `default_every` is
/// the tracker's check-in cadence, for records that do not name their own.
pub fn merge_record(
    base: &str,
    ours: &str,
    theirs: &str,
    default_every: Cadence,
) -> Result<Merged, MergeError> {
    // The trivial merges, as git does them: whatever changed on one side.
    if ours == theirs || base == theirs {
        return Ok(Merged::clean(ours));
    }
    if base == ours {
        return Ok(Merged::clean(theirs));
    }
    merge_documents(base, ours, theirs, default_every)
}

/// The field-by-field merge proper, without the shortcuts.
fn merge_documents(
    base: &str,
    ours: &str,
    theirs: &str,
    default_every: Cadence,
) -> Result<Merged, MergeError> {
    let (base_text, ours_text) = (base, ours);
    let base = parse(Input::Base, base)?;
    let ours = parse(Input::Ours, ours)?;
    let theirs = parse(Input::Theirs, theirs)?;

    let mut out = ours.clone();
    let mut merger = fields::Merger::new(base_text, ours_text, default_every);
    merger.merge_table(
        "",
        base.as_table(),
        ours.as_table(),
        theirs.as_table(),
        out.as_table_mut(),
    )?;
    schedule::settle(
        &mut out,
        [&base, &ours, &theirs],
        &mut merger,
        default_every,
    );
    let text = |d: &DocumentMut| d.trailing().as_str().unwrap_or("").to_owned();
    let trailing = if base.trailing() == ours.trailing() {
        text(&theirs)
    } else if base.trailing() == theirs.trailing() {
        text(&ours)
    } else {
        // Both changed the comments at the end: both are kept.
        placement::union_comment_lines(&text(&base), &text(&ours), &text(&theirs))
    };
    let trailing = format!("{}{trailing}", merger.orphan_comments);
    out.set_trailing(trailing);

    let (mut text, conflicts) = markers::splice(&out.to_string(), &merger.clashes)?;
    if ours_text.contains("\r\n") {
        // toml_edit writes `\n`; a file written with `\r\n` keeps them.
        text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    // The safety net: each side of the result must be a valid record, or
    // git's own merge does the job.
    for side in [Side::Ours, Side::Theirs] {
        let resolved = resolve_conflicts(&text, side);
        if let Err(e) = resolved.parse::<DocumentMut>() {
            return Err(MergeError::Unsupported {
                field: conflicts
                    .first()
                    .map(|c| c.field.clone())
                    .unwrap_or_default(),
                why: format!(
                    "the merged file would not be valid TOML ({})",
                    e.message().trim()
                ),
            });
        }
    }
    Ok(Merged { text, conflicts })
}

fn parse(input: Input, text: &str) -> Result<DocumentMut, MergeError> {
    text.parse::<DocumentMut>().map_err(|e| {
        let at = e.span().map_or(0, |s| s.start).min(text.len());
        let before = text.get(..at).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        MergeError::NotToml {
            input,
            line,
            column,
            message: e.message().trim_end().to_owned(),
        }
    })
}
