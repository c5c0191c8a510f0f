//! `next_checkin` is derived: one cadence after the latest check-in (or the
//! start), none once the commitment has ended. A side set it by hand when
//! it changed it to a date other than the one its own record works out to
//! (`mv edit --next-checkin`); else microvac worked it out. Set by hand on
//! both sides to different dates, it is a conflict like any field (see
//! `fields.rs`); set by hand on one side, that date stays (unless the
//! merged commitment has ended). When nobody set it by hand and the merged
//! record is one that neither side wrote (both sides changed what it
//! derives from, or both changed it differently), it is worked out again
//! from the merged record; otherwise it is merged like any field.

use super::{
    derived::{DERIVED, date_of, ended, latest_checkin, set_by_hand},
    fields::Merger,
    placement,
    plain::{self, Plain},
};
use crate::model::{Cadence, CommitmentStatus, Date, toml_date};
use crate::store::format::{checkin as checkin_keys, commitment as keys};
use toml_edit::{DocumentMut, Item, Table, Value};

/// The fields `next_checkin` is derived from.
const INPUTS: [&str; 4] = [
    keys::STATUS,
    keys::STARTED,
    keys::CHECKIN_EVERY,
    keys::CHECKIN,
];

/// Settles `next_checkin` in the merged document `out`.
pub(super) fn settle(
    out: &mut DocumentMut,
    [base, ours, theirs]: [&DocumentMut; 3],
    merger: &mut Merger,
    default_every: Cadence,
) {
    if ![base, ours, theirs].iter().any(|d| d.contains_key(DERIVED)) {
        return;
    }
    let clashed = |key: &str| merger.clashed_root.iter().any(|c| c == key);
    if clashed(DERIVED) {
        return;
    }
    let every = merger.default_every;
    let by_hand: Vec<&DocumentMut> = [ours, theirs]
        .into_iter()
        .filter(|side| set_by_hand(base, side, every))
        .collect();
    if !by_hand.is_empty() {
        // The field merge kept the date set by hand; a commitment the other
        // side ended has none.
        if !clashed(keys::STATUS) && ended(out) && !by_hand.iter().any(|side| ended(side)) {
            remove(out, &mut merger.orphan_comments);
        }
        return;
    }
    let merged = inputs(out);
    let new_state =
        INPUTS.iter().any(|k| clashed(k)) || (merged != inputs(ours) && merged != inputs(theirs));
    if !merger.next_checkin_contested && !new_state {
        return;
    }

    // Where a field it depends on is in conflict, either side may win: the
    // earliest date any outcome gives is kept (a check-in too early is
    // harmless; one forgotten is not).
    let choices = |key: &str| -> Vec<Option<Item>> {
        if clashed(key) {
            vec![ours.get(key).cloned(), theirs.get(key).cloned()]
        } else {
            vec![out.get(key).cloned()]
        }
    };
    let latest_checkin = latest_checkin(out.as_table());
    let mut active = false;
    let mut due: Option<Date> = None;
    for status in choices(keys::STATUS) {
        let status = status
            .as_ref()
            .and_then(Item::as_str)
            .map(CommitmentStatus::parse);
        if status.is_some_and(|s| s.is_ended()) {
            continue;
        }
        active = true;
        for started in choices(keys::STARTED) {
            let Some(from) = latest_checkin.or_else(|| date_of(started.as_ref())) else {
                continue;
            };
            for every in choices(keys::CHECKIN_EVERY) {
                let every = every
                    .as_ref()
                    .and_then(Item::as_str)
                    .and_then(|s| s.parse::<Cadence>().ok())
                    .unwrap_or(default_every);
                let date = every.after(from);
                due = Some(due.map_or(date, |d| d.min(date)));
            }
        }
    }
    if !active {
        remove(out, &mut merger.orphan_comments);
        return;
    }
    // A record it cannot be worked out from (no start, no check-ins) keeps
    // the earlier of the two sides' dates.
    let due = due.or_else(|| {
        [ours, theirs]
            .iter()
            .filter_map(|d| date_of(d.get(DERIVED)))
            .min()
    });
    if let Some(due) = due {
        set(out, [base, theirs], merger, due);
    }
}

/// What `next_checkin` is derived from, by meaning: check-ins count by
/// their dates only (a reworded note moves nothing).
fn inputs(doc: &Table) -> [Option<Plain>; 4] {
    INPUTS.map(|key| match (key, doc.get(key)) {
        (keys::CHECKIN, Some(Item::ArrayOfTables(a))) => {
            let mut dates: Vec<Plain> = a
                .iter()
                .filter_map(|c| plain::of_item(c.get(checkin_keys::DATE)))
                .collect();
            dates.sort();
            Some(Plain::Array(dates))
        }
        (_, item) => plain::of_item(item),
    })
}

/// Sets `next_checkin`, keeping the comment on its line; where ours has
/// none it goes where theirs (else base) has it.
fn set(out: &mut DocumentMut, [base, theirs]: [&DocumentMut; 2], merger: &Merger, due: Date) {
    let value = Value::from(toml_date(due));
    match out.get_mut(DERIVED) {
        Some(Item::Value(old)) => {
            if plain::of_value(old) != plain::of_value(&value) {
                let decor = old.decor().clone();
                *old = value;
                *old.decor_mut() = decor;
            }
        }
        _ => {
            let like = if theirs.contains_key(DERIVED) {
                theirs
            } else {
                base
            };
            let mut value = value;
            if let Some(Item::Value(v)) = like.get(DERIVED) {
                *value.decor_mut() = v.decor().clone();
            }
            merger.place(
                out.as_table_mut(),
                like.as_table(),
                DERIVED,
                Item::Value(value),
            );
        }
    }
}

/// Removes `next_checkin`; comment lines above it move to the next key.
fn remove(out: &mut DocumentMut, orphans: &mut String) {
    let comments = out
        .key(DERIVED)
        .and_then(|k| placement::comment_lines(k.leaf_decor()));
    let next = placement::key_after(out.as_table(), DERIVED);
    if out.remove(DERIVED).is_none() {
        return;
    }
    if let Some(comments) = comments {
        let placed =
            next.is_some_and(|n| placement::prepend_comments(out.as_table_mut(), &n, &comments));
        if !placed {
            orphans.push_str(&comments);
        }
    }
}
