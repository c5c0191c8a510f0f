//! The three-way merge of one table, field by field. The result starts as a
//! copy of ours (so ours' comments, key order and formatting stay) and takes
//! in what theirs changed since base. A field both sides changed differently
//! is a clash: ours' line stays in place, marked so that the caller can
//! surround it with conflict markers once the document is written out.

use super::{
    MergeError,
    list::{as_list, merge_list, same_text},
    markers,
    placement::{comment_lines, fresh, key_after, place, prepend_comments},
    plain, schedule,
};
use crate::model::Cadence;
use std::collections::HashSet;
use toml_edit::{ArrayOfTables, Decor, Item, Key, Table, Value};

/// The one derived field: recomputed after the merge where nobody set it
/// by hand; set by hand to different dates on both sides, a clash.
pub(super) const DERIVED: &str = crate::store::format::commitment::NEXT_CHECKIN;

/// A field both sides set to different values (or one removed while the
/// other changed it). Each side's key and value as that side wrote them.
pub(super) struct Clash {
    pub field: String,
    pub ours: Option<(Key, Value)>,
    pub theirs: Option<(Key, Value)>,
}

/// The state of one merge: the clashes found so far and what the
/// `next_checkin` step needs to know.
pub(super) struct Merger {
    pub clashes: Vec<Clash>,
    /// Top-level fields left in conflict.
    pub clashed_root: Vec<String>,
    /// Both sides changed `next_checkin` differently, neither by hand: it
    /// is recomputed.
    pub next_checkin_contested: bool,
    /// The tracker's cadence, to tell a `next_checkin` set by hand from
    /// one worked out.
    pub default_every: Cadence,
    /// Comment lines above a removed top-level key that had no key after
    /// them to move to; they go to the end of the file.
    pub orphan_comments: String,
    /// Comment lines (trimmed) that both base and ours have. Where theirs
    /// has one in a new place, theirs moved it (say, from above a field it
    /// removed); ours still has it, so it is not added a second time.
    pub shared_comments: HashSet<String>,
}

/// What the three-way rule decides for one field.
enum Outcome {
    KeepOurs,
    TakeTheirs,
    BothChanged,
}

impl Merger {
    /// A merger for these versions of the file.
    pub(super) fn new(base: &str, ours: &str, default_every: Cadence) -> Merger {
        let comments = |text: &str| -> HashSet<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| l.starts_with('#'))
                .map(str::to_owned)
                .collect()
        };
        let ours = comments(ours);
        Merger {
            shared_comments: comments(base).intersection(&ours).cloned().collect(),
            default_every,
            clashes: Vec::new(),
            clashed_root: Vec::new(),
            next_checkin_contested: false,
            orphan_comments: String::new(),
        }
    }

    /// Three-way merge of a decor (whitespace and comments around a key,
    /// value or table): theirs' when ours left base's, ours' when theirs
    /// did. When both changed it, neither side's comments are lost: the
    /// comment lines above that only theirs wrote join ours' (after them),
    /// and a comment at the end of the line that only theirs wrote is
    /// handed back, to go on a line of its own above.
    fn merge_decor(
        &self,
        base: Option<&Decor>,
        ours: &Decor,
        theirs: &Decor,
    ) -> (Decor, Option<String>) {
        if base == Some(ours) {
            return (self.adopt(theirs, Some(ours)), None);
        }
        if base == Some(theirs) || ours == theirs {
            return (ours.clone(), None);
        }
        let text = |d: Option<&Decor>, prefix: bool| -> String {
            d.and_then(|d| if prefix { d.prefix() } else { d.suffix() })
                .and_then(|r| r.as_str())
                .unwrap_or("")
                .to_owned()
        };
        let mut decor = ours.clone();
        let prefix = union_comment_lines(
            &text(base, true),
            &text(Some(ours), true),
            &text(Some(theirs), true),
        );
        decor.set_prefix(prefix);
        let (base_end, ours_end, theirs_end) = (
            text(base, false),
            text(Some(ours), false),
            text(Some(theirs), false),
        );
        let comment = |end: &str| end.find('#').map(|at| end[at..].trim_end().to_owned());
        let moved = comment(&theirs_end).filter(|c| {
            Some(c) != comment(&ours_end).as_ref() && Some(c) != comment(&base_end).as_ref()
        });
        (decor, moved)
    }

    /// Theirs' decor for the result, less the comment lines theirs only
    /// moved there that ours still has (`kept` is what the result had).
    pub(super) fn adopt(&self, theirs: &Decor, kept: Option<&Decor>) -> Decor {
        let Some(prefix) = theirs.prefix().and_then(|p| p.as_str()) else {
            return theirs.clone();
        };
        let kept: HashSet<&str> = kept
            .and_then(|d| d.prefix())
            .and_then(|p| p.as_str())
            .map(|p| p.lines().map(str::trim).collect())
            .unwrap_or_default();
        let moved = |line: &str| {
            let line = line.trim();
            line.starts_with('#') && !kept.contains(line) && self.shared_comments.contains(line)
        };
        if !prefix.lines().any(moved) {
            return theirs.clone();
        }
        let prefix: String = prefix.split_inclusive('\n').filter(|l| !moved(l)).collect();
        let mut decor = theirs.clone();
        decor.set_prefix(prefix);
        decor
    }

    /// Inserts (or replaces) `key` in `out` with `item`, where theirs has
    /// it: after the nearest key before it in theirs that `out` has, else
    /// before the nearest one after it, else at the end. The key keeps
    /// theirs' comments (less those ours has elsewhere).
    pub(super) fn place(&self, out: &mut Table, theirs: &Table, key: &str, item: Item) {
        let mut formatted = theirs.key(key).cloned().unwrap_or_else(|| Key::new(key));
        let decor = self.adopt(formatted.leaf_decor(), None);
        *formatted.leaf_decor_mut() = decor;
        place(out, theirs, &formatted, item);
    }

    /// Merges `theirs`' changes since `base` into `out`, a copy of `ours`.
    /// `prefix` is the dotted path of the table (`""` at the top).
    pub(super) fn merge_table(
        &mut self,
        prefix: &str,
        base: &Table,
        ours: &Table,
        theirs: &Table,
        out: &mut Table,
    ) -> Result<(), MergeError> {
        let mut moves = Vec::new();
        let keys: Vec<String> = ours
            .iter()
            .chain(theirs.iter().filter(|(k, _)| !ours.contains_key(k)))
            .map(|(k, _)| k.to_owned())
            .collect();
        for key in &keys {
            self.merge_field(prefix, key, [base, ours, theirs], out, &mut moves)?;
        }
        for (next, comments) in moves {
            let placed = next.is_some_and(|next| prepend_comments(out, &next, &comments));
            if !placed && prefix.is_empty() {
                self.orphan_comments.push_str(&comments);
            }
        }
        let (mut decor, moved) = self.merge_decor(Some(base.decor()), ours.decor(), theirs.decor());
        if let Some(comment) = moved {
            add_comment_line(&mut decor, &comment);
        }
        *out.decor_mut() = decor;
        Ok(())
    }

    fn merge_field(
        &mut self,
        prefix: &str,
        key: &str,
        [base, ours, theirs]: [&Table; 3],
        out: &mut Table,
        moves: &mut Vec<(Option<String>, String)>,
    ) -> Result<(), MergeError> {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        let field = format!("{prefix}{key}");

        // Sections (`[name]`) on both sides merge field by field.
        if let (Some(Item::Table(ot)), Some(Item::Table(tt))) = (o, t) {
            let empty = Table::new();
            let bt = b.and_then(Item::as_table).unwrap_or(&empty);
            if let Some(Item::Table(out_t)) = out.get_mut(key) {
                return self.merge_table(&format!("{field}."), bt, ot, tt, out_t);
            }
        }
        // Arrays of tables (`[[checkin]]`) merge entry by entry.
        if let (Some(ba), Some(oa), Some(ta)) = (as_entries(b), as_entries(o), as_entries(t))
            && (oa.is_some() || ta.is_some())
        {
            return self.merge_entries(&field, key, [ba, oa, ta], theirs, out);
        }

        let (pb, po, pt) = (plain::of_item(b), plain::of_item(o), plain::of_item(t));
        let outcome = if po == pt || pb == pt {
            Outcome::KeepOurs
        } else if pb == po {
            Outcome::TakeTheirs
        } else {
            Outcome::BothChanged
        };
        match outcome {
            Outcome::KeepOurs => {
                // The same items, but theirs rewrote the list's text (a
                // comment on an item): the comments merge.
                if let (Some(Item::Value(Value::Array(ol))), Some(Item::Value(Value::Array(tl)))) =
                    (o, t)
                    && !same_text(b, tl)
                    && b.and_then(Item::as_array).is_some()
                {
                    let list = merge_list(b.and_then(Item::as_array), Some(ol), Some(tl));
                    if let Some(Item::Value(v)) = out.get_mut(key) {
                        let decor = v.decor().clone();
                        *v = Value::Array(list);
                        *v.decor_mut() = decor;
                    }
                }
            }
            Outcome::TakeTheirs => match (o, t) {
                (_, None) => {
                    let next = key_after(out, key);
                    out.remove(key);
                    // A comment ours wrote above the field stays; one it
                    // shares with base went with the field on theirs.
                    let ours_prefix = ours.key(key).map(|k| k.leaf_decor());
                    let base_prefix = base.key(key).map(|k| k.leaf_decor());
                    if ours_prefix != base_prefix
                        && let Some(comments) = ours_prefix.and_then(comment_lines)
                    {
                        moves.push((next, comments));
                    }
                }
                (Some(Item::Value(Value::Array(ol))), Some(Item::Value(Value::Array(tl))))
                    if !same_text(b, ol) =>
                {
                    // Ours laid the list out anew (one item a line, a
                    // comment): theirs' changes go into ours' layout.
                    let list = merge_list(b.and_then(Item::as_array), Some(ol), Some(tl));
                    if let Some(Item::Value(v)) = out.get_mut(key) {
                        let decor = v.decor().clone();
                        *v = Value::Array(list);
                        *v.decor_mut() = decor;
                    }
                }
                (Some(Item::Value(_)), Some(Item::Value(tv))) => {
                    if let Some(Item::Value(v)) = out.get_mut(key) {
                        *v = tv.clone();
                    }
                }
                (_, Some(item)) => self.place(out, theirs, key, fresh(item)),
            },
            Outcome::BothChanged => {
                if let (Some(bl), Some(ol), Some(tl)) = (as_list(b), as_list(o), as_list(t))
                    && (ol.is_some() || tl.is_some())
                {
                    let list = merge_list(bl, ol, tl);
                    match out.get_mut(key) {
                        Some(Item::Value(v)) => {
                            let decor = v.decor().clone();
                            *v = Value::Array(list);
                            *v.decor_mut() = decor;
                        }
                        _ if !list.is_empty() => {
                            self.place(out, theirs, key, Item::Value(Value::Array(list)))
                        }
                        _ => {}
                    }
                } else if prefix.is_empty()
                    && key == DERIVED
                    && let Some(hand) = self.by_hand([base, ours, theirs])
                {
                    match hand {
                        Hand::Neither => self.next_checkin_contested = true,
                        Hand::Ours => {}
                        Hand::Theirs => match (out.get_mut(key), t) {
                            (Some(Item::Value(v)), Some(Item::Value(tv))) => {
                                let decor = v.decor().clone();
                                *v = tv.clone();
                                *v.decor_mut() = decor;
                            }
                            (_, Some(item)) => self.place(out, theirs, key, fresh(item)),
                            (_, None) => {
                                out.remove(key);
                            }
                        },
                    }
                } else {
                    // The comment lines above it merge as for any field
                    // (the two lines in conflict show each side's own
                    // comment at the end of the line).
                    if let (Some(ok), Some(tk)) = (ours.key(key), theirs.key(key)) {
                        let (decor, _) = self.merge_decor(
                            base.key(key).map(Key::leaf_decor),
                            ok.leaf_decor(),
                            tk.leaf_decor(),
                        );
                        if let Some(mut k) = out.key_mut(key) {
                            *k.leaf_decor_mut() = decor;
                        }
                    }
                    self.clash(field, key, ours, theirs, out)?;
                    if prefix.is_empty() {
                        self.clashed_root.push(key.to_owned());
                    }
                    return Ok(());
                }
            }
        }
        self.merge_field_decor(key, [base, ours, theirs], out);
        Ok(())
    }

    /// Records a clash on `key` and marks its line in `out`: ours' line, or
    /// theirs' where ours removed the field.
    fn clash(
        &mut self,
        field: String,
        key: &str,
        ours: &Table,
        theirs: &Table,
        out: &mut Table,
    ) -> Result<(), MergeError> {
        let unsupported = |why: &str| MergeError::Unsupported {
            field: field.clone(),
            why: why.to_owned(),
        };
        let side = |table: &Table| match table.get_key_value(key) {
            None => Ok(None),
            Some((k, Item::Value(v))) => Ok(Some((k.clone(), v.clone()))),
            Some(_) => Err(unsupported("both sides changed it and one made it a table")),
        };
        let (o, t) = (side(ours)?, side(theirs)?);
        if out.is_dotted() {
            return Err(unsupported("both sides changed a dotted key"));
        }
        if let (None, Some((_, v))) = (&o, &t) {
            self.place(out, theirs, key, Item::Value(v.clone()));
        }
        let id = self.clashes.len();
        let Some((mut k, Item::Value(v))) = out.get_key_value_mut(key) else {
            return Err(unsupported("it could not be marked"));
        };
        markers::mark_start(k.leaf_decor_mut(), id);
        markers::mark_end(v.decor_mut(), id);
        self.clashes.push(Clash {
            field,
            ours: o,
            theirs: t,
        });
        Ok(())
    }
}

impl Merger {
    /// Merges the comments around a plain `key = value` field that both
    /// sides still have, into `out`'s copy of it.
    fn merge_field_decor(&self, key: &str, [base, ours, theirs]: [&Table; 3], out: &mut Table) {
        let (Some((ok, Item::Value(ov))), Some((tk, Item::Value(tv)))) =
            (ours.get_key_value(key), theirs.get_key_value(key))
        else {
            return;
        };
        let b = base.get_key_value(key);
        let (mut key_decor, _) = self.merge_decor(
            b.map(|(k, _)| k.leaf_decor()),
            ok.leaf_decor(),
            tk.leaf_decor(),
        );
        let (value_decor, moved) = self.merge_decor(
            b.and_then(|(_, i)| i.as_value()).map(Value::decor),
            ov.decor(),
            tv.decor(),
        );
        // Theirs' comment at the end of the line, where ours has its own:
        // on a line of its own above the field.
        if let Some(comment) = moved {
            add_comment_line(&mut key_decor, &comment);
        }
        if let Some((mut k, Item::Value(v))) = out.get_key_value_mut(key) {
            *k.leaf_decor_mut() = key_decor;
            *v.decor_mut() = value_decor;
        }
    }
}

/// The comment lines (and blank lines) of ours' `prefix`, with the comment
/// lines only theirs has (neither ours nor base) added after them, before
/// ours' indent: what both sides wrote above a key or a table.
pub(super) fn union_comment_lines(base: &str, ours: &str, theirs: &str) -> String {
    let lines = |text: &str| -> std::collections::HashSet<String> {
        text.lines().map(|l| l.trim().to_owned()).collect()
    };
    let (known_base, known_ours) = (lines(base), lines(ours));
    let added: String = theirs
        .split_inclusive('\n')
        .filter(|l| {
            let l = l.trim();
            l.starts_with('#') && !known_base.contains(l) && !known_ours.contains(l)
        })
        .map(|l| l.trim_end_matches(['\n', '\r']).trim_start().to_owned() + "\n")
        .collect();
    if added.is_empty() {
        return ours.to_owned();
    }
    let cut = ours.rfind('\n').map_or(0, |at| at + 1);
    let (head, indent) = ours.split_at(cut);
    let added: String = added.lines().map(|l| format!("{indent}{l}\n")).collect();
    format!("{head}{added}{indent}")
}

/// Puts `comment` on a line of its own at the end of `decor`'s prefix
/// (just above the key or table it belongs to).
fn add_comment_line(decor: &mut Decor, comment: &str) {
    let prefix = decor
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_owned();
    let cut = prefix.rfind('\n').map_or(0, |at| at + 1);
    let (head, indent) = prefix.split_at(cut);
    decor.set_prefix(format!("{head}{indent}{comment}\n{indent}"));
}

/// Which side set `next_checkin` by hand, when both changed it.
enum Hand {
    Neither,
    Ours,
    Theirs,
}

impl Merger {
    /// When both sides changed `next_checkin` differently: which one set
    /// it by hand (a date other than the one its own record works out
    /// to); `None` when both did, which is a clash.
    fn by_hand(&self, [base, ours, theirs]: [&Table; 3]) -> Option<Hand> {
        let o = schedule::set_by_hand(base, ours, self.default_every);
        let t = schedule::set_by_hand(base, theirs, self.default_every);
        match (o, t) {
            (true, true) => None,
            (true, false) => Some(Hand::Ours),
            (false, true) => Some(Hand::Theirs),
            (false, false) => Some(Hand::Neither),
        }
    }
}

/// An array of tables, absent (`Some(None)`), or something else (`None`).
fn as_entries(item: Option<&Item>) -> Option<Option<&ArrayOfTables>> {
    match item {
        None => Some(None),
        Some(Item::ArrayOfTables(a)) => Some(Some(a)),
        Some(_) => None,
    }
}
