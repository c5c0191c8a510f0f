//! What `next_checkin` works out to on a record's own terms (one cadence
//! after its latest check-in, else its start; none once it has ended), and
//! whether a side set it by hand: read by the field merge and by the step
//! that settles `next_checkin` afterwards (`schedule.rs`).

use super::plain;
use crate::model::{Cadence, CommitmentStatus, Date};
use crate::store::format::{checkin as checkin_keys, commitment as keys};
use toml_edit::{Item, Table, Value};

/// The one derived field: recomputed after the merge where nobody set it
/// by hand; set by hand to different dates on both sides, a clash.
pub(super) const DERIVED: &str = keys::NEXT_CHECKIN;

/// Whether `side` set `next_checkin` by hand: changed it from `base`'s to
/// something other than what its own record works out to.
pub(super) fn set_by_hand(base: &Table, side: &Table, default_every: Cadence) -> bool {
    let value = side.get(DERIVED);
    if plain::of_item(value) == plain::of_item(base.get(DERIVED)) {
        return false;
    }
    match value {
        None => derived(side, default_every).is_some(),
        Some(item) => date_of(Some(item)).is_none_or(|d| derived(side, default_every) != Some(d)),
    }
}

/// The date of a record's latest check-in, if it has one.
pub(super) fn latest_checkin(doc: &Table) -> Option<Date> {
    doc.get(keys::CHECKIN)
        .and_then(Item::as_array_of_tables)
        .and_then(|a| {
            a.iter()
                .filter_map(|c| date_of(c.get(checkin_keys::DATE)))
                .max()
        })
}

/// The `next_checkin` a record works out to on its own: one cadence after
/// its latest check-in, else its start; `None` once it has ended or when
/// there is nothing to count from.
fn derived(doc: &Table, default_every: Cadence) -> Option<Date> {
    if ended(doc) {
        return None;
    }
    let from = latest_checkin(doc).or_else(|| date_of(doc.get(keys::STARTED)))?;
    let every = doc
        .get(keys::CHECKIN_EVERY)
        .and_then(Item::as_str)
        .and_then(|s| s.parse::<Cadence>().ok())
        .unwrap_or(default_every);
    Some(every.after(from))
}

/// Whether a record's status says the commitment has ended.
pub(super) fn ended(doc: &Table) -> bool {
    let status = doc.get(keys::STATUS).and_then(Item::as_str);
    status.is_some_and(|s| CommitmentStatus::parse(s).is_ended())
}

/// A date field's value: a TOML date, or a `YYYY-MM-DD` string.
pub(super) fn date_of(item: Option<&Item>) -> Option<Date> {
    match item?.as_value()? {
        Value::Datetime(dt) => {
            let d = dt.value().date?;
            if dt.value().time.is_some() {
                return None;
            }
            Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
        }
        Value::String(s) => s.value().parse().ok(),
        _ => None,
    }
}
