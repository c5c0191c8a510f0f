//! Which entry of a side's array of tables (`[[checkin]]`) is which entry
//! of the base: the same entry unchanged, or edited (a comfort changed, a
//! note reworded, a key added). Entries have no ID, so an entry is known by
//! where it sits in the base: the entries both versions have unchanged
//! anchor the two lists (their longest common subsequence); between two
//! anchors, an entry of the side is the edited version of a base entry
//! there when they have the same date, or when only the date differs and
//! the gap is one entry for one (a date corrected by hand). An entry of
//! the side matched with none is new; a base entry matched with none was
//! removed. Last, an entry moved elsewhere in the list is matched with
//! the base entry it equals (or, edited, shares its date and more with).

use super::plain::Plain;
use crate::store::format::checkin as checkin_keys;

/// For each entry of `side`, the index of the base entry it is (unchanged
/// or edited), `None` for a new one. No base entry is matched twice.
pub(super) fn align(base: &[Plain], side: &[Plain]) -> Vec<Option<usize>> {
    let mut matched = vec![None; side.len()];
    let anchors = common_subsequence(base, side);
    let mut from = (0, 0);
    for &(b, s) in anchors
        .iter()
        .chain(std::iter::once(&(base.len(), side.len())))
    {
        pair_edited(base, side, from.0..b, from.1..s, &mut matched);
        if s < side.len() {
            matched[s] = Some(b);
        }
        from = (b + 1, s + 1);
    }
    // An entry moved (say, removed and written again further down) is
    // still the base's: first those unchanged, then those edited (the
    // same date and a field in common).
    let mut taken = vec![false; base.len()];
    for b in matched.iter().flatten() {
        taken[*b] = true;
    }
    for exact in [true, false] {
        for s in 0..side.len() {
            if matched[s].is_some() {
                continue;
            }
            let found = (0..base.len()).find(|&b| {
                !taken[b]
                    && if exact {
                        base[b] == side[s]
                    } else {
                        base[b].get(checkin_keys::DATE).is_some()
                            && base[b].get(checkin_keys::DATE) == side[s].get(checkin_keys::DATE)
                            && shared_fields(&base[b], &side[s]) > 1
                    }
            });
            if let Some(b) = found {
                taken[b] = true;
                matched[s] = Some(b);
            }
        }
    }
    matched
}

/// The longest common subsequence of equal entries, as (base, side) index
/// pairs in order.
fn common_subsequence(base: &[Plain], side: &[Plain]) -> Vec<(usize, usize)> {
    let (n, m) = (base.len(), side.len());
    // lengths[i][j]: the LCS of base[i..] and side[j..].
    let mut lengths = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[i][j] = if base[i] == side[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if base[i] == side[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Between two anchors: pairs each base entry with the side entry that
/// most likely is it, edited (most fields in common, then nearest).
fn pair_edited(
    base: &[Plain],
    side: &[Plain],
    bases: std::ops::Range<usize>,
    sides: std::ops::Range<usize>,
    matched: &mut [Option<usize>],
) {
    let one_for_one = bases.len() == sides.len();
    let mut candidates = Vec::new();
    for b in bases.clone() {
        for s in sides.clone() {
            let shared = shared_fields(&base[b], &side[s]);
            let same_date = match (
                base[b].get(checkin_keys::DATE),
                side[s].get(checkin_keys::DATE),
            ) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            };
            // Another date: it is the entry with its date corrected only
            // when nothing else around it changed and little else in it.
            let corrected = one_for_one && fields(&base[b]).max(fields(&side[s])) <= shared + 1;
            if shared > 0 && (same_date || corrected) {
                let distance = (b - bases.start).abs_diff(s - sides.start);
                candidates.push((std::cmp::Reverse(shared), distance, b, s));
            }
        }
    }
    candidates.sort();
    let mut base_taken = vec![false; bases.len()];
    for (_, _, b, s) in candidates {
        if !base_taken[b - bases.start] && matched[s].is_none() {
            base_taken[b - bases.start] = true;
            matched[s] = Some(b);
        }
    }
}

/// How many keys a table has.
fn fields(entry: &Plain) -> usize {
    match entry {
        Plain::Table(map) => map.len(),
        _ => 0,
    }
}

/// How many keys two tables hold with the same value.
fn shared_fields(a: &Plain, b: &Plain) -> usize {
    match (a, b) {
        (Plain::Table(a), Plain::Table(b)) => {
            a.iter().filter(|(k, v)| b.get(*k) == Some(v)).count()
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn entry(date: u8, note: &str, comfort: i64) -> Plain {
        let mut map = BTreeMap::new();
        map.insert(
            checkin_keys::DATE.to_owned(),
            Plain::Datetime(format!("2026-11-{date:02}")),
        );
        map.insert(checkin_keys::NOTE.to_owned(), Plain::Str(note.to_owned()));
        map.insert(checkin_keys::COMFORT.to_owned(), Plain::Int(comfort));
        Plain::Table(map)
    }

    #[test]
    fn an_edited_entry_is_the_base_entry_wherever_new_ones_go() {
        let base = [entry(9, "ran it", 2), entry(16, "alone", 3)];
        // Comfort of the first changed, one added before and one after.
        let side = [
            entry(5, "new", 1),
            entry(9, "ran it", 4),
            entry(16, "alone", 3),
            entry(20, "newer", 1),
        ];
        assert_eq!(align(&base, &side), [None, Some(0), Some(1), None]);
        // One for one: an entry whose date alone was corrected is still it;
        // one with another date and another note is another.
        let side = [entry(10, "ran it", 2), entry(16, "alone", 3)];
        assert_eq!(align(&base, &side), [Some(0), Some(1)]);
        let side = [entry(10, "ran it with bob", 2), entry(16, "alone", 3)];
        assert_eq!(align(&base, &side), [None, Some(1)]);
        // Moved to the end, unchanged or edited.
        let side = [entry(16, "alone", 3), entry(9, "ran it", 2)];
        assert_eq!(align(&base, &side), [Some(1), Some(0)]);
        let side = [entry(16, "alone", 3), entry(9, "ran it", 5)];
        assert_eq!(align(&base, &side), [Some(1), Some(0)]);
        // Removed, and another added in its place sharing nothing.
        let side = [entry(16, "alone", 3), entry(30, "later", 5)];
        assert_eq!(align(&base, &side), [Some(1), None]);
        // Two identical entries stay two.
        let base = [entry(9, "x", 1), entry(9, "x", 1)];
        assert_eq!(align(&base, &base), [Some(0), Some(1)]);
    }
}
