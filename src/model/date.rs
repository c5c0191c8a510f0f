//! Dates: records hold TOML dates (`2026-11-23`), the program works with
//! `jiff::civil::Date`. This is the small adapter between the two, and the
//! one place a date a user typed is understood and bounded.

use serde::{Deserialize, Deserializer};

/// A calendar date, as written in records.
pub type Date = jiff::civil::Date;

/// The years a coaching record can plausibly be about. A date outside is a
/// slip (`0000-01-01`, `9999-12-31`) that would, for instance, keep a
/// commitment from ever coming due.
pub const YEARS: std::ops::RangeInclusive<i16> = 1970..=2200;

/// Why a date a user typed was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not a date at all.
    #[error(
        "{0:?} is not a real date; write YYYY-MM-DD (e.g. 2026-11-23), today, yesterday, tomorrow or a weekday (monday … sunday: the next one)"
    )]
    Unreadable(String),
    /// A real date, but outside [`YEARS`].
    #[error("{0} is out of range: dates must lie between 1970 and 2200")]
    OutOfRange(Date),
}

/// Parses a date a user typed: `YYYY-MM-DD`, `today`, `yesterday`,
/// `tomorrow`, or a weekday name (the next such day after `today`), within
/// [`YEARS`].
pub fn parse_date(input: &str, today: Date) -> Result<Date, DateError> {
    let text = input.trim().to_ascii_lowercase();
    let day = |n: i64| today.checked_add(jiff::Span::new().days(n)).ok();
    let date = match text.as_str() {
        "today" => Some(today),
        "yesterday" => day(-1),
        "tomorrow" => day(1),
        word => match weekday(word) {
            Some(target) => {
                let ahead = (target.to_monday_zero_offset()
                    - today.weekday().to_monday_zero_offset())
                .rem_euclid(7);
                day(if ahead == 0 { 7 } else { i64::from(ahead) })
            }
            None => strict_iso(word),
        },
    };
    let date = date.ok_or_else(|| DateError::Unreadable(input.trim().to_owned()))?;
    in_range(date)
}

/// Checks that `date` lies within [`YEARS`].
pub fn in_range(date: Date) -> Result<Date, DateError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange(date))
    }
}

/// `YYYY-MM-DD` exactly: four-digit year, no sign, no time.
fn strict_iso(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    text.parse().ok()
}

fn weekday(word: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::*;
    Some(match word {
        "monday" | "mon" => Monday,
        "tuesday" | "tue" => Tuesday,
        "wednesday" | "wed" => Wednesday,
        "thursday" | "thu" => Thursday,
        "friday" | "fri" => Friday,
        "saturday" | "sat" => Saturday,
        "sunday" | "sun" => Sunday,
        _ => return None,
    })
}

/// Turns a date into a TOML date value for writing. Years outside TOML's
/// 0..=9999 cannot occur for dates from [`parse_date`]; they are clamped
/// rather than wrapped.
pub fn toml_date(date: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year().clamp(0, 9999) as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

/// Serde adapter: reads a TOML date (or a `YYYY-MM-DD` string) into a [`Date`].
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    use serde::de::Error;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Raw::deserialize(d)? {
        Raw::Toml(dt) => match (dt.date, dt.time) {
            (Some(date), None) => {
                let year =
                    i16::try_from(date.year).map_err(|_| Error::custom("year out of range"))?;
                return Date::new(year, date.month as i8, date.day as i8)
                    .map_err(|_| Error::custom(format!("{dt} is not a real date")));
            }
            _ => dt.to_string(),
        },
        Raw::Text(s) => s,
    };
    text.parse::<Date>()
        .map_err(|_| Error::custom(format!("expected a date like 2026-11-23, found {text:?}")))
}

/// Serde adapter for an optional date.
pub fn deserialize_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "deserialize")] Date);
    Ok(Option::<Wrap>::deserialize(d)?.map(|Wrap(d)| d))
}

/// A moment as a TOML offset date-time in UTC, to the second, e.g.
/// `2026-11-23T10:00:00Z`.
pub fn toml_timestamp(at: jiff::Timestamp) -> toml_edit::Datetime {
    let text = at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    text.parse().unwrap_or(toml_edit::Datetime {
        date: None,
        time: None,
        offset: None,
    })
}

/// Serde adapter: an optional TOML offset date-time (or RFC 3339 string)
/// as a moment.
pub fn deserialize_timestamp_opt<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<jiff::Timestamp>, D::Error> {
    use serde::de::Error;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Option::<Raw>::deserialize(d)? {
        None => return Ok(None),
        Some(Raw::Toml(dt)) => dt.to_string(),
        Some(Raw::Text(s)) => s,
    };
    text.parse::<jiff::Timestamp>().map(Some).map_err(|_| {
        Error::custom(format!(
            "expected a moment with its offset, like 2026-11-23T10:00:00Z, found {text:?}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn moments_round_trip_through_toml() {
        let at: jiff::Timestamp = "2026-11-23T10:00:00.5Z".parse().unwrap();
        assert_eq!(toml_timestamp(at).to_string(), "2026-11-23T10:00:00Z");
        #[derive(Deserialize)]
        struct Doc {
            #[serde(default, deserialize_with = "deserialize_timestamp_opt")]
            at: Option<jiff::Timestamp>,
        }
        let doc: Doc = toml::from_str("at = 2026-11-23T11:00:00+01:00").unwrap();
        assert_eq!(doc.at, Some("2026-11-23T10:00:00Z".parse().unwrap()));
        let doc: Doc = toml::from_str("").unwrap();
        assert_eq!(doc.at, None);
        assert!(toml::from_str::<Doc>("at = 2026-11-23").is_err());
    }

    #[test]
    fn parses_words_dates_and_weekdays() {
        let today = date(2026, 11, 23); // a Monday
        assert_eq!(parse_date("today", today), Ok(today));
        assert_eq!(parse_date("tomorrow", today), Ok(date(2026, 11, 24)));
        assert_eq!(parse_date("Friday", today), Ok(date(2026, 11, 27)));
        assert_eq!(parse_date("monday", today), Ok(date(2026, 11, 30)));
        assert_eq!(parse_date("2026-02-28", today), Ok(date(2026, 2, 28)));
        assert!(parse_date("2026-02-30", today).is_err());
        assert!(parse_date("next week", today).is_err());
    }

    #[test]
    fn refuses_years_outside_the_bounds_and_odd_shapes() {
        let today = date(2026, 11, 23);
        for bad in ["9999-12-31", "0000-01-01", "1969-12-31", "2201-01-01"] {
            assert!(
                matches!(parse_date(bad, today), Err(DateError::OutOfRange(_))),
                "{bad}"
            );
        }
        for bad in [
            "-000001-01-01",
            "+002026-01-01",
            "2026-1-5",
            "2026-11-23T10:00",
        ] {
            assert!(
                matches!(parse_date(bad, today), Err(DateError::Unreadable(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn converts_to_toml() {
        assert_eq!(toml_date(date(2026, 1, 5)).to_string(), "2026-01-05");
    }
}
