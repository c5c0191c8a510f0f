//! Merging a list (`concerns = [...]`, `liked = [...]`): both sides'
//! additions and removals apply, ours' order first, then theirs' new items.
//! The list keeps ours' layout, and each item the comment on its line.

use super::{
    markers,
    plain::{self, Plain, pair},
};
use toml_edit::{Array, Item, Value};

/// Whether base's item is written exactly as ours' list (bar the space
/// and comment around it).
pub(super) fn same_text(base: Option<&Item>, ours: &Array) -> bool {
    base.and_then(Item::as_value)
        .is_some_and(|b| markers::value_text(b) == markers::value_text(&Value::Array(ours.clone())))
}

/// An inline array, absent (`Some(None)`), or something else (`None`).
pub(super) fn as_list(item: Option<&Item>) -> Option<Option<&Array>> {
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
pub(super) fn merge_list(
    base: Option<&Array>,
    ours: Option<&Array>,
    theirs: Option<&Array>,
) -> Array {
    let plains = |a: Option<&Array>| -> Vec<Plain> {
        a.map(|a| a.iter().map(plain::of_value).collect())
            .unwrap_or_default()
    };
    let (bp, op, tp) = (plains(base), plains(ours), plains(theirs));
    let ours_in_theirs = pair(&op, &tp);
    let ours_in_base = pair(&op, &bp);
    let theirs_in_base = pair(&tp, &bp);
    let added_by_theirs =
        |j: usize| !ours_in_theirs.contains(&Some(j)) && theirs_in_base[j].is_none();

    let empty = Array::new();
    let theirs = theirs.unwrap_or(&empty);
    let (theirs_items, theirs_closing) = ListItem::split(theirs);
    let base_items = base.map(|b| ListItem::split(b).0).unwrap_or_default();
    let (layout, mut items, closing, head) = match ours {
        Some(ours) => {
            let (items, closing) = ListItem::split(ours);
            let head = items.last().map(ListItem::layout);
            let kept = items
                .into_iter()
                .enumerate()
                .filter(|(i, _)| ours_in_theirs[*i].is_some() || ours_in_base[*i].is_none())
                .map(|(i, item)| {
                    // The comments of an item both sides kept merge too.
                    match (ours_in_base[i], ours_in_theirs[i]) {
                        (Some(b), Some(t)) => match (base_items.get(b), theirs_items.get(t)) {
                            (Some(b), Some(t)) => item.with_comments_of(b, t),
                            _ => item,
                        },
                        _ => item,
                    }
                });
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
    fn split(list: &Array) -> (Vec<ListItem>, String) {
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

    /// This item (ours) with the comments theirs wrote on it since `base`:
    /// comment lines above it that only theirs has join ours'; the comment
    /// after it is theirs' where ours left base's, and both where both
    /// changed it.
    fn with_comments_of(self, base: &ListItem, theirs: &ListItem) -> ListItem {
        let head = super::placement::union_comment_lines(&base.head, &self.head, &theirs.head);
        let comment = |tail: &str| tail.find('#').map(|at| tail[at..].trim_end().to_owned());
        let tail = if self.tail == base.tail {
            theirs.tail.clone()
        } else {
            match comment(&theirs.tail) {
                Some(c) if theirs.tail != base.tail && Some(&c) != comment(&self.tail).as_ref() => {
                    match comment(&self.tail) {
                        Some(_) => format!("{} {c}", self.tail.trim_end()),
                        None => format!(" {c}"),
                    }
                }
                _ => self.tail.clone(),
            }
        };
        ListItem { head, tail, ..self }
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
