//! Arrays of tables (`[[checkin]]`), merged entry by entry: each side's
//! entries are matched with the base's (see `align.rs`), so an entry
//! edited on one side or both stays one entry whose fields merge; entries
//! added on either side are kept; one removed on one side and edited on
//! the other is a conflict on the whole entry.

use super::{
    MergeError, Side,
    align::align,
    fields::Merger,
    markers::{self, Clash},
    placement::clear_positions,
    plain::{self, Plain, pair},
};
use crate::store::format::checkin as checkin_keys;
use toml_edit::{ArrayOfTables, Item, Key, Table};

impl Merger {
    /// Merges an array of tables entry by entry. Each side's entries are
    /// first matched with the base's (see `align.rs`), so an entry edited
    /// on one side or both stays one entry: its fields merge like any
    /// table's, and a field both sides set differently is a clash named
    /// `checkin.comfort`. Entries added on either side are kept (one added
    /// on both counts once); one removed on one side goes when the other
    /// left it as it was, and is a conflict on the whole entry when the
    /// other edited it.
    pub(super) fn merge_entries(
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

        let ours_in_base = align(&bp, &op);
        let theirs_in_base = align(&bp, &tp);
        let side_of =
            |matched: &[Option<usize>], b: usize| matched.iter().position(|m| *m == Some(b));
        // Entries new on both sides with the same content count once.
        let ours_new: Vec<usize> = (0..oe.len())
            .filter(|i| ours_in_base[*i].is_none())
            .collect();
        let theirs_new: Vec<usize> = (0..te.len())
            .filter(|j| theirs_in_base[*j].is_none())
            .collect();
        let new_pairs = pair(
            &ours_new.iter().map(|&i| op[i].clone()).collect::<Vec<_>>(),
            &theirs_new
                .iter()
                .map(|&j| tp[j].clone())
                .collect::<Vec<_>>(),
        );
        let theirs_also = |i: usize| {
            let n = ours_new.iter().position(|&x| x == i)?;
            new_pairs[n].map(|m| theirs_new[m])
        };

        // (ours index, theirs index, base index) of each kept entry: ours'
        // in ours' order, then those only theirs has.
        let mut kept: Vec<(Option<usize>, Option<usize>, Option<usize>)> = Vec::new();
        for (i, b) in ours_in_base.iter().enumerate() {
            match *b {
                Some(b) => match side_of(&theirs_in_base, b) {
                    Some(j) => kept.push((Some(i), Some(j), Some(b))),
                    // Theirs removed it: it goes, unless ours edited it (a conflict).
                    None if op[i] != bp[b] => kept.push((Some(i), None, Some(b))),
                    None => {}
                },
                None => kept.push((Some(i), theirs_also(i), None)),
            }
        }
        for (j, b) in theirs_in_base.iter().enumerate() {
            match *b {
                // Ours removed it: it goes, unless theirs edited it (a conflict).
                Some(b) if side_of(&ours_in_base, b).is_none() && tp[j] != bp[b] => {
                    kept.push((None, Some(j), Some(b)));
                }
                None if !kept.iter().any(|(_, t, _)| *t == Some(j)) => {
                    kept.push((None, Some(j), None));
                }
                _ => {}
            }
        }

        let mut merged: Vec<(Table, Option<usize>, Option<Plain>)> = Vec::new();
        for (o, t, b) in kept {
            let entry = match (o, t, b) {
                (Some(i), Some(j), Some(b)) => {
                    let mut entry = oe[i].clone();
                    self.merge_table(&format!("{field}."), &be[b], &oe[i], &te[j], &mut entry)?;
                    entry
                }
                (Some(i), Some(j), None) => {
                    // Added on both sides alike: only the comments can differ.
                    let mut entry = oe[i].clone();
                    self.merge_table(
                        &format!("{field}."),
                        &Table::new(),
                        &oe[i],
                        &te[j],
                        &mut entry,
                    )?;
                    entry
                }
                (Some(i), None, _) => oe[i].clone(),
                (None, Some(j), _) => {
                    let mut entry = te[j].clone();
                    *entry.decor_mut() = self.adopt(te[j].decor(), None);
                    entry
                }
                (None, None, _) => continue,
            };
            // Removed on one side and edited on the other: a conflict on
            // the whole entry, either side of which can be kept.
            let mut entry = entry;
            match (o, t, b) {
                (Some(_), None, Some(_)) => self.mark_entry(field, &mut entry, Side::Ours)?,
                (None, Some(_), Some(_)) => self.mark_entry(field, &mut entry, Side::Theirs)?,
                _ => {}
            }
            // Sorted by date, then by what it is (the base's entry, or the
            // new one), so that the order does not depend on which side
            // is ours.
            let identity = b
                .map(|b| bp[b].clone())
                .or_else(|| o.map(|i| op[i].clone()))
                .or_else(|| t.map(|j| tp[j].clone()));
            merged.push((entry, t, identity));
        }

        let reorder = if op == tp || tp == bp {
            false
        } else if op == bp {
            merged.sort_by_key(|(_, t, _)| *t);
            true
        } else {
            let date = |(entry, _, identity): &(Table, Option<usize>, Option<Plain>)| {
                let content = plain::of_table(entry);
                Some((
                    plain::of_item(entry.get(checkin_keys::DATE))?,
                    identity.clone(),
                    content,
                ))
            };
            let keys: Option<Vec<_>> = merged.iter().map(date).collect();
            if let Some(keys) = keys {
                let mut order: Vec<usize> = (0..merged.len()).collect();
                order.sort_by(|&x, &y| keys[x].cmp(&keys[y]));
                let mut slots: Vec<Option<_>> = merged.into_iter().map(Some).collect();
                merged = order.into_iter().filter_map(|n| slots[n].take()).collect();
            }
            true
        };

        let mut entries = ArrayOfTables::new();
        for (entry, _, _) in merged {
            entries.push(entry);
        }
        if reorder {
            // Written in array order, where ours' entries began.
            let start = oe.iter().filter_map(Table::position).min();
            for (n, entry) in entries.iter_mut().enumerate() {
                clear_positions(entry);
                if n == 0 {
                    entry.set_position(start);
                }
            }
        }

        if entries.is_empty() {
            out.remove(key);
        } else if let Some(slot) = out.get_mut(key) {
            *slot = Item::ArrayOfTables(entries);
        } else {
            self.place(out, theirs_table, key, Item::ArrayOfTables(entries));
        }
        Ok(())
    }

    /// Records a clash on an entry of an array of tables that one side
    /// removed and `edited_by` changed, and marks the whole entry (its
    /// header to its last field) in the merged file.
    fn mark_entry(
        &mut self,
        field: &str,
        entry: &mut Table,
        edited_by: Side,
    ) -> Result<(), MergeError> {
        let unsupported = |why: &str| MergeError::Unsupported {
            field: field.to_owned(),
            why: why.to_owned(),
        };
        if entry
            .iter()
            .any(|(_, item)| !matches!(item, Item::Value(_)))
        {
            return Err(unsupported(
                "one side removed an entry with tables in it that the other changed",
            ));
        }
        let last = entry.iter().map(|(k, _)| k.to_owned()).last();
        let id = self.clashes.len();
        let text = markers::entry_value(entry);
        let Some(Item::Value(value)) = last.as_deref().and_then(|k| entry.get_mut(k)) else {
            return Err(unsupported("an empty entry cannot be marked"));
        };
        markers::mark_end(value.decor_mut(), id);
        markers::mark_start(entry.decor_mut(), id);
        let side = Some((Key::new(field), text));
        let (ours, theirs) = match edited_by {
            Side::Ours => (side, None),
            Side::Theirs => (None, side),
        };
        self.clashes.push(Clash {
            field: field.to_owned(),
            ours,
            theirs,
        });
        Ok(())
    }
}
