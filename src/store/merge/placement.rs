//! Where things go in the merged document: a key theirs added goes where
//! theirs has it, comment lines above a removed key move to the next one,
//! and tables taken from theirs are placed by ours' file, not theirs'.

use toml_edit::{Decor, Item, Key, Table};

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
pub(super) fn fresh(item: &Item) -> Item {
    let mut item = item.clone();
    match &mut item {
        Item::Table(t) => clear_positions(t),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(clear_positions),
        _ => {}
    }
    item
}

pub(super) fn clear_positions(table: &mut Table) {
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
pub(super) fn place(out: &mut Table, theirs: &Table, formatted: &Key, item: Item) {
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
