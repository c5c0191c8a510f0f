//! The clock. `MICROVAC_NOW` (an RFC 3339 timestamp or a date) fixes it, so
//! tests and "what if" runs are reproducible; otherwise it is the system's.

use crate::model::Date;
use jiff::{Timestamp, ZonedDateTime as Zoned, tz::TimeZone};

/// The current moment, in the local time zone.
pub fn now() -> Zoned {
    let tz = TimeZone::system();
    if let Ok(fixed) = std::env::var("MICROVAC_NOW") {
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

/// Today's date, in the local time zone.
pub fn today() -> Date {
    now().date()
}
