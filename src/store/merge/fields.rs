//! The three-way merge of one table, field by field. The result starts as a
//! copy of ours (so ours' comments, key order and formatting stay) and takes
//! in what theirs changed since base. A field both sides changed differently
//! is a clash: ours' line stays in place, marked so that the caller can
//! surround it with conflict markers once the document is written out.

use super::{
    MergeError, markers,
    plain::{self, Plain, pair},
};
use std::collections::HashSet;
use toml_edit::{ArrayOfTables, Decor, Item, Key, Table, Value};

/// The one derived field: recomputed after the merge, never a clash.
pub(super) const DERIVED: &str = "next_checkin";

/// A field both sides set to different values (or one removed while the
/// other changed it). Each side's key and value as that side wrote them.
pub(super) struct Clash {
    pub field: String,
    pub ours: Option<(Key, Value)>,
    pub theirs: Option<(Key, Value)>,
}

/// The state of one merge: the clashes found so far and what the
/// `next_checkin` step needs to know.
#[derive(Default)]
pub(super) struct Merger {
    pub clashes: Vec<Clash>,
    /// Top-level fields left in conflict.
    pub clashed_root: Vec<String>,
    /// Both sides changed `next_checkin` differently: it is recomputed.
    pub next_checkin_contested: bool,
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
    pub(super) fn new(base: &str, ours: &str) -> Merger {
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
            ..Merger::default()
        }
    }

    /// Three-way merge of a decor (whitespace and comments around a key,
    /// value or table): theirs' when ours left base's, else ours'.
    fn merge_decor(&self, base: Option<&Decor>, ours: &Decor, theirs: &Decor) -> Decor {
        if base == Some(ours) {
            self.adopt(theirs, Some(ours))
        } else {
            ours.clone()
        }
    }

    /// Theirs' decor for the result, less the comment lines theirs only
    /// moved there that ours still has (`kept` is what the result had).
    fn adopt(&self, theirs: &Decor, kept: Option<&Decor>) -> Decor {
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
        *out.decor_mut() = self.merge_decor(Some(base.decor()), ours.decor(), theirs.decor());
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
            Outcome::KeepOurs => {}
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
                } else if prefix.is_empty() && key == DERIVED {
                    self.next_checkin_contested = true;
                } else {
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

    /// Merges an array of tables: entries added on either side are kept
    /// (one added on both counts once), entries removed on either side go.
    /// An entry's content is its identity: an edited entry is the old one
    /// removed and a new one added.
    fn merge_entries(
        &mut self,
        field: &str,
        key: &str,
        [base, ours, theirs]: [Option<&ArrayOfTables>; 3],
        theirs_table: &Table,
        out: &mut Table,
    ) -> Result<(), MergeError> {
        let tables = |a: Option<&ArrayOfTables>| -> Vec<Table> {
            a.map(|a| a.iter().cloned().collect()).unwrap_or_default()
        };
        let (be, oe, te) = (tables(base), tables(ours), tables(theirs));
        let plains = |e: &[Table]| -> Vec<Plain> { e.iter().map(plain::of_table).collect() };
        let (bp, op, tp) = (plains(&be), plains(&oe), plains(&te));

        let ours_in_theirs = pair(&op, &tp);
        let ours_in_base = pair(&op, &bp);
        let theirs_in_base = pair(&tp, &bp);
        // (ours index, theirs index, base index) of each kept entry.
        let mut kept: Vec<(Option<usize>, Option<usize>, Option<usize>)> = Vec::new();
        for (i, (t, b)) in ours_in_theirs.iter().zip(&ours_in_base).enumerate() {
            // Kept unless theirs removed it (it was in base, theirs lacks it).
            if t.is_some() || b.is_none() {
                kept.push((Some(i), *t, *b));
            }
        }
        for (j, b) in theirs_in_base.iter().enumerate() {
            if !ours_in_theirs.contains(&Some(j)) && b.is_none() {
                kept.push((None, Some(j), None));
            }
        }

        let reorder = if op == tp || tp == bp {
            false
        } else if op == bp {
            kept.sort_by_key(|(_, t, _)| *t);
            true
        } else {
            let date = |&(o, t, _): &(Option<usize>, Option<usize>, Option<usize>)| {
                let entry = o
                    .and_then(|i| op.get(i))
                    .or_else(|| t.and_then(|j| tp.get(j)));
                entry.and_then(|e| Some((e.get("date")?.clone(), e.clone())))
            };
            let keys: Option<Vec<(Plain, Plain)>> = kept.iter().map(date).collect();
            if let Some(keys) = keys {
                let mut order: Vec<usize> = (0..kept.len()).collect();
                order.sort_by(|&x, &y| keys[x].cmp(&keys[y]));
                kept = order.into_iter().map(|i| kept[i]).collect();
            }
            true
        };

        let mut merged = ArrayOfTables::new();
        for (o, t, b) in kept {
            let entry = match (o, t) {
                (Some(i), t) => {
                    let mut entry = oe[i].clone();
                    if let (Some(j), Some(b)) = (t, b) {
                        // Same content: only the comments can differ.
                        let prefix = format!("{field}.");
                        self.merge_table(&prefix, &be[b], &oe[i], &te[j], &mut entry)?;
                    }
                    entry
                }
                (None, Some(j)) => {
                    let mut entry = te[j].clone();
                    *entry.decor_mut() = self.adopt(te[j].decor(), None);
                    entry
                }
                (None, None) => continue,
            };
            merged.push(entry);
        }
        if reorder {
            // Written in array order, where ours' entries began.
            let start = oe.iter().filter_map(Table::position).min();
            for (n, entry) in merged.iter_mut().enumerate() {
                clear_positions(entry);
                if n == 0 {
                    entry.set_position(start);
                }
            }
        }

        if merged.is_empty() {
            out.remove(key);
        } else if let Some(slot) = out.get_mut(key) {
            *slot = Item::ArrayOfTables(merged);
        } else {
            self.place(out, theirs_table, key, Item::ArrayOfTables(merged));
        }
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
        let key_decor = self.merge_decor(
            b.map(|(k, _)| k.leaf_decor()),
            ok.leaf_decor(),
            tk.leaf_decor(),
        );
        let value_decor = self.merge_decor(
            b.and_then(|(_, i)| i.as_value()).map(Value::decor),
            ov.decor(),
            tv.decor(),
        );
        if let Some((mut k, Item::Value(v))) = out.get_key_value_mut(key) {
            *k.leaf_decor_mut() = key_decor;
            *v.decor_mut() = value_decor;
        }
    }
}

/// Whether base's item is written exactly as ours' list (bar the space
/// and comment around it).
fn same_text(base: Option<&Item>, ours: &toml_edit::Array) -> bool {
    base.and_then(Item::as_value)
        .is_some_and(|b| markers::value_text(b) == markers::value_text(&Value::Array(ours.clone())))
}

/// An array of tables, absent (`Some(None)`), or something else (`None`).
fn as_entries(item: Option<&Item>) -> Option<Option<&ArrayOfTables>> {
    match item {
        None => Some(None),
        Some(Item::ArrayOfTables(a)) => Some(Some(a)),
        Some(_) => None,
    }
}

/// An inline array, absent (`Some(None)`), or something else (`None`).
fn as_list(item: Option<&Item>) -> Option<Option<&toml_edit::Array>> {
    match item {
        None => Some(None),
        Some(Item::Value(Value::Array(a))) => Some(Some(a)),
        Some(_) => None,
    }
}

/// The union of both sides' changes to a list: ours' items in ours' order
/// (less those theirs removed), then the items theirs added, in theirs'
/// order. An item added on both sides counts once. The list keeps ours'
/// layout (theirs' where ours removed the list), each item the comment on
/// its line.
fn merge_list(
    base: Option<&toml_edit::Array>,
    ours: Option<&toml_edit::Array>,
    theirs: Option<&toml_edit::Array>,
) -> toml_edit::Array {
    let plains = |a: Option<&toml_edit::Array>| -> Vec<Plain> {
        a.map(|a| a.iter().map(plain::of_value).collect())
            .unwrap_or_default()
    };
    let (bp, op, tp) = (plains(base), plains(ours), plains(theirs));
    let ours_in_theirs = pair(&op, &tp);
    let ours_in_base = pair(&op, &bp);
    let theirs_in_base = pair(&tp, &bp);
    let added_by_theirs =
        |j: usize| !ours_in_theirs.contains(&Some(j)) && theirs_in_base[j].is_none();

    let empty = toml_edit::Array::new();
    let theirs = theirs.unwrap_or(&empty);
    let (theirs_items, theirs_closing) = ListItem::split(theirs);
    let (layout, mut items, closing, head) = match ours {
        Some(ours) => {
            let (items, closing) = ListItem::split(ours);
            let head = items.last().map(ListItem::layout);
            let kept = items
                .into_iter()
                .enumerate()
                .filter(|(i, _)| ours_in_theirs[*i].is_some() || ours_in_base[*i].is_none())
                .map(|(_, item)| item);
            (ours, kept.collect::<Vec<_>>(), closing, head)
        }
        None => (theirs, Vec::new(), theirs_closing, None),
    };
    let head = head
        .or_else(|| theirs_items.last().map(ListItem::layout))
        .unwrap_or_default();
    for (j, item) in theirs_items.into_iter().enumerate() {
        if added_by_theirs(j) {
            // Theirs' comment lines above it come along; else ours' layout.
            let head = if item.head.contains('#') {
                item.head.clone()
            } else {
                head.clone()
            };
            items.push(ListItem { head, ..item });
        }
    }
    if let Some(first) = items.first_mut()
        && !first.head.contains('\n')
    {
        // `["a", "b"]`: no space before the first item.
        first.head.clear();
    }

    let mut list = layout.clone();
    list.clear();
    let mut tail = String::new();
    for item in items {
        let mut value = item.value;
        value.decor_mut().set_prefix(end_line(&tail, &item.head));
        list.push_formatted(value);
        tail = item.tail;
    }
    list.set_trailing(end_line(&tail, &closing));
    list
}

/// `tail` then `next`, with a line break between them when `tail` ends in
/// a comment and `next` does not start a new line.
fn end_line(tail: &str, next: &str) -> String {
    if tail.contains('#') && !next.starts_with(['\n', '\r']) {
        format!("{tail}\n{next}")
    } else {
        format!("{tail}{next}")
    }
}

/// A list item with the comment on its line. toml_edit keeps a comment
/// written after an item's comma in the next item's prefix (or the list's
/// trailing); here it goes with the item it is about.
struct ListItem {
    value: Value,
    /// What comes before the value on its own line(s): the line break,
    /// comment lines above it, the indent.
    head: String,
    /// The rest of its line after the comma: ` # a comment`.
    tail: String,
}

impl ListItem {
    /// The items of `list`, and what closes it after the last item's line.
    fn split(list: &toml_edit::Array) -> (Vec<ListItem>, String) {
        let text = |r: Option<&toml_edit::RawString>| r.and_then(|r| r.as_str()).map(str::to_owned);
        let first_line = |s: String| -> (String, String) {
            match s.find('\n') {
                Some(i) => (s[..i].to_owned(), s[i..].to_owned()),
                None => (String::new(), s),
            }
        };
        let mut items: Vec<ListItem> = Vec::new();
        let count = list.len();
        for (i, value) in list.iter().enumerate() {
            let default = if i == 0 { "" } else { " " };
            let prefix = text(value.decor().prefix()).unwrap_or_else(|| default.to_owned());
            let (tail, head) = if i == 0 {
                (String::new(), prefix)
            } else {
                first_line(prefix)
            };
            if let Some(previous) = items.last_mut() {
                previous.tail = tail;
            }
            let mut value = value.clone();
            let mut suffix = text(value.decor().suffix()).unwrap_or_default();
            if i + 1 == count && !list.trailing_comma() && suffix.contains('\n') {
                // `"b" # c\n]`: written as `"b", # c\n]`, so that an item
                // can follow it.
                suffix = String::new();
                let (line, rest) = first_line(text(value.decor().suffix()).unwrap_or_default());
                items.push(ListItem {
                    value: {
                        value.decor_mut().set_suffix(suffix);
                        value
                    },
                    head,
                    tail: line,
                });
                let trailing = text(Some(list.trailing())).unwrap_or_default();
                return (items, format!("{rest}{trailing}"));
            }
            value.decor_mut().set_suffix(suffix);
            items.push(ListItem {
                value,
                head,
                tail: String::new(),
            });
        }
        let (tail, closing) = first_line(text(Some(list.trailing())).unwrap_or_default());
        match items.last_mut() {
            Some(last) => last.tail = tail,
            None => return (items, format!("{tail}{closing}")),
        }
        (items, closing)
    }

    /// The whitespace this item is laid out with, for a new item: its
    /// line break and indent, or the space of a one-line list.
    fn layout(&self) -> String {
        match self.head.rfind('\n') {
            Some(i) => format!("\n{}", &self.head[i + 1..]),
            None => " ".to_owned(),
        }
    }
}

/// The comment lines of a key's prefix, if it has any.
pub(super) fn comment_lines(decor: &Decor) -> Option<String> {
    decor
        .prefix()
        .and_then(|p| p.as_str())
        .filter(|p| p.contains('#'))
        .map(str::to_owned)
}

/// The key after `key` in `table`'s order.
pub(super) fn key_after(table: &Table, key: &str) -> Option<String> {
    let mut keys = table.iter().map(|(k, _)| k);
    keys.position(|k| k == key)?;
    keys.next().map(str::to_owned)
}

/// Puts comment lines in front of `key` (or the table it names). False when
/// there is no such key.
pub(super) fn prepend_comments(table: &mut Table, key: &str, comments: &str) -> bool {
    let prepend = |decor: &mut Decor| {
        let old = decor.prefix().and_then(|p| p.as_str()).unwrap_or("");
        let new = format!("{comments}{old}");
        decor.set_prefix(new);
    };
    match table.get_mut(key) {
        Some(Item::ArrayOfTables(a)) => match a.get_mut(0) {
            Some(first) => prepend(first.decor_mut()),
            None => return false,
        },
        Some(Item::Table(t)) => prepend(t.decor_mut()),
        Some(_) => match table.key_mut(key) {
            Some(mut k) => prepend(k.leaf_decor_mut()),
            None => return false,
        },
        None => return false,
    }
    true
}

/// An item of theirs, ready to go into ours' document: its tables take
/// their place in the file from where they are put, not from theirs' file.
fn fresh(item: &Item) -> Item {
    let mut item = item.clone();
    match &mut item {
        Item::Table(t) => clear_positions(t),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(clear_positions),
        _ => {}
    }
    item
}

fn clear_positions(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => clear_positions(t),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(clear_positions),
            _ => {}
        }
    }
}

/// See [`Merger::place`].
fn place(out: &mut Table, theirs: &Table, formatted: &Key, item: Item) {
    let key = formatted.get();
    if out.contains_key(key) {
        out.insert_formatted(formatted, item);
        return;
    }
    let theirs_keys: Vec<&str> = theirs.iter().map(|(k, _)| k).collect();
    let out_keys: Vec<String> = out.iter().map(|(k, _)| k.to_owned()).collect();
    let at = theirs_keys.iter().position(|k| *k == key);
    let index_in_out = |k: &&str| out_keys.iter().position(|o| o == k);
    let index = at.and_then(|at| {
        let before = theirs_keys[..at].iter().rev().find_map(index_in_out);
        before
            .map(|i| i + 1)
            .or_else(|| theirs_keys[at + 1..].iter().find_map(index_in_out))
    });
    out.insert_formatted(formatted, item);
    if let Some(index) = index {
        for moved in &out_keys[index..] {
            if let Some((k, item)) = out.remove_entry(moved) {
                out.insert_formatted(&k, item);
            }
        }
    }
}
