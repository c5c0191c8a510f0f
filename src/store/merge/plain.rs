//! What a TOML item means, without how it is written: the merge compares
//! versions of a field by meaning, so re-spacing a line, quoting a string
//! differently or reordering an inline table is not a change.

use std::collections::BTreeMap;
use toml_edit::{Item, Table, Value};

/// A TOML value stripped of formatting and comments. Ordered, so that
/// entries can be sorted into one canonical order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Plain {
    Bool(bool),
    Int(i64),
    /// The bits of the float, so `Plain` can be `Eq` and `Ord`.
    Float(u64),
    /// The date or date-time as written (`2026-11-09`), which sorts by time.
    Datetime(String),
    Str(String),
    Array(Vec<Plain>),
    Table(BTreeMap<String, Plain>),
}

/// The meaning of an item, `None` for an absent one.
pub(super) fn of_item(item: Option<&Item>) -> Option<Plain> {
    match item? {
        Item::None => None,
        Item::Value(v) => Some(of_value(v)),
        Item::Table(t) => Some(of_table(t)),
        Item::ArrayOfTables(a) => Some(Plain::Array(a.iter().map(of_table).collect())),
    }
}

pub(super) fn of_value(value: &Value) -> Plain {
    match value {
        Value::String(s) => Plain::Str(s.value().clone()),
        Value::Integer(i) => Plain::Int(*i.value()),
        Value::Float(f) => Plain::Float(f.value().to_bits()),
        Value::Boolean(b) => Plain::Bool(*b.value()),
        Value::Datetime(d) => Plain::Datetime(d.value().to_string()),
        Value::Array(a) => Plain::Array(a.iter().map(of_value).collect()),
        Value::InlineTable(t) => {
            Plain::Table(t.iter().map(|(k, v)| (k.to_owned(), of_value(v))).collect())
        }
    }
}

pub(super) fn of_table(table: &Table) -> Plain {
    Plain::Table(
        table
            .iter()
            .filter_map(|(k, item)| Some((k.to_owned(), of_item(Some(item))?)))
            .collect(),
    )
}

impl Plain {
    /// The value of `key` when this is a table.
    pub(super) fn get(&self, key: &str) -> Option<&Plain> {
        match self {
            Plain::Table(map) => map.get(key),
            _ => None,
        }
    }
}

/// Pairs each of `left` with an equal, not yet paired one of `right`: the
/// k-th copy of a value with the k-th copy. Entries of a list have no ID,
/// so equal content is the identity.
pub(super) fn pair(left: &[Plain], right: &[Plain]) -> Vec<Option<usize>> {
    let mut taken = vec![false; right.len()];
    left.iter()
        .map(|l| {
            let found = right
                .iter()
                .enumerate()
                .position(|(j, r)| !taken[j] && r == l)?;
            taken[found] = true;
            Some(found)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_is_not_meaning() {
        let a: toml_edit::DocumentMut = "x = { b = 1, a = 'q' }\ny = [ 1,2 ]\n".parse().unwrap();
        let b: toml_edit::DocumentMut = "x = {a = \"q\", b = 1}\ny = [1, 2] # two\n"
            .parse()
            .unwrap();
        assert_eq!(of_item(a.get("x")), of_item(b.get("x")));
        assert_eq!(of_item(a.get("y")), of_item(b.get("y")));
        assert_eq!(of_item(a.get("z")), None);
    }

    #[test]
    fn pairs_copies_in_order() {
        let p = |s: &str| Plain::Str(s.into());
        assert_eq!(
            pair(&[p("a"), p("b"), p("a")], &[p("a"), p("c")]),
            vec![Some(0), None, None]
        );
    }
}
