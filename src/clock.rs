//! The clock. `MICROVAC_NOW` (an RFC 3339 timestamp or a date) fixes it, so
//! tests and "what if" runs are reproducible; otherwise it is the system's.
//!
//! The local time zone is looked up only when a date is asked for
//! ([`now`], [`today`]), once per process, and without the zone database's
//! walk of every file under `/usr/share/zoneinfo` (a quarter of a small
//! tracker's write): the one zone file `TZ` or `/etc/localtime` names is
//! read, as the C library reads it. A moment alone
//! ([`timestamp`]) needs no zone.

use crate::model::Date;
use jiff::{Timestamp, ZonedDateTime as Zoned, tz::TimeZone};
use std::{
    path::{Path, PathBuf},
    sync::OnceLock,
};

/// Where the system keeps the local time zone.
const LOCALTIME: &str = "/etc/localtime";

/// Where zone files are, unless `TZDIR` says otherwise.
const ZONEINFO: &str = "/usr/share/zoneinfo";

/// The current moment, in the local time zone.
pub fn now() -> Zoned {
    let tz = zone();
    if let Some(fixed) = fixed() {
        if let Ok(ts) = fixed.parse::<Timestamp>() {
            return ts.to_zoned_datetime(tz);
        }
        if let Ok(date) = fixed.parse::<Date>()
            && let Ok(z) = date.to_zoned_datetime(tz.clone())
        {
            return z;
        }
    }
    Zoned::now().with_time_zone(tz)
}

/// The current moment, with no time-zone lookup unless `MICROVAC_NOW`
/// fixes it to a date (whose midnight is local).
pub fn timestamp() -> Timestamp {
    match fixed() {
        Some(fixed) => match fixed.parse::<Timestamp>() {
            Ok(ts) => ts,
            Err(_) => now().timestamp(),
        },
        None => Timestamp::now(),
    }
}

/// Today's date, in the local time zone.
pub fn today() -> Date {
    now().date()
}

fn fixed() -> Option<String> {
    std::env::var("MICROVAC_NOW").ok()
}

/// The local time zone, looked up once.
fn zone() -> TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        let found = match std::env::var_os("TZ") {
            Some(tz) => tz.to_str().and_then(from_tz),
            None => localtime(),
        };
        // Anything else (a name not under the zone folder, a file that is
        // not a zone) is jiff's to settle, as it always was.
        found.unwrap_or_else(TimeZone::system)
    })
    .clone()
}

/// The zone `TZ` names, read as the C library reads it: empty is UTC; a
/// leading `:` is dropped; an absolute path is a zone file; a POSIX rule
/// (`EST5EDT`) is itself; otherwise a name under `TZDIR` (by default
/// `/usr/share/zoneinfo`).
fn from_tz(tz: &str) -> Option<TimeZone> {
    let tz = tz.strip_prefix(':').unwrap_or(tz);
    if tz.is_empty() {
        return Some(TimeZone::UTC);
    }
    if tz.starts_with('/') {
        return zone_file(Path::new(tz));
    }
    if let Ok(rule) = TimeZone::posix(tz) {
        return Some(rule);
    }
    if tz.split('/').any(|part| part == "..") {
        return None;
    }
    let dir = std::env::var_os("TZDIR").map_or_else(|| PathBuf::from(ZONEINFO), PathBuf::from);
    zone_file(&dir.join(tz))
}

/// `/etc/localtime` read as a zone file, named after the zone its link
/// points at (`…/zoneinfo/Europe/Paris`) when it is one: no database
/// lookup by that name, which would first list every zone on the system.
fn localtime() -> Option<TimeZone> {
    zone_file(Path::new(LOCALTIME))
}

/// A zone file, named after the path it is (or links to) below a
/// `zoneinfo/` folder.
fn zone_file(path: &Path) -> Option<TimeZone> {
    let data = std::fs::read(path).ok()?;
    let target = std::fs::read_link(path).unwrap_or_else(|_| path.to_path_buf());
    let name = target
        .to_str()
        .and_then(|t| t.rsplit_once("zoneinfo/"))
        .map_or("Local", |(_, name)| name);
    TimeZone::tzif(name, &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_zone_is_the_one_the_system_names() {
        // Where both can be had, reading the file directly gives the zone
        // jiff's own lookup gives, moment for moment.
        let (Some(ours), Ok(system)) = (localtime(), TimeZone::try_system()) else {
            return;
        };
        for ts in ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"] {
            let ts: Timestamp = ts.parse().unwrap();
            assert_eq!(ours.to_offset(ts), system.to_offset(ts), "{ts}");
        }
    }
}
