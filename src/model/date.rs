//! Dates: records hold TOML dates (`2026-11-23`), the program works with
//! `jiff::civil::Date`. This is the small adapter between the two.

use serde::{Deserialize, Deserializer};

/// A calendar date, as written in records.
pub type Date = jiff::civil::Date;

/// Parses a date a user typed: `YYYY-MM-DD`, or `today`, `yesterday`,
/// `tomorrow` relative to `today`.
pub fn parse_date(input: &str, today: Date) -> Result<Date, String> {
    let day = |n: i64| {
        today
            .checked_add(jiff::Span::new().days(n))
            .map_err(|e| e.to_string())
    };
    match input.trim() {
        "today" => Ok(today),
        "yesterday" => day(-1),
        "tomorrow" => day(1),
        s => s.parse::<Date>().map_err(|_| {
            format!("{s:?} is not a real date; write it as YYYY-MM-DD, e.g. 2026-11-23")
        }),
    }
}

/// Turns a date into a TOML date value for writing.
pub fn toml_date(date: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year() as u16,
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
                return Date::new(date.year as i16, date.month as i8, date.day as i8)
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

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_words_and_dates() {
        let today = date(2026, 11, 23);
        assert_eq!(parse_date("today", today), Ok(today));
        assert_eq!(parse_date("tomorrow", today), Ok(date(2026, 11, 24)));
        assert_eq!(parse_date("2026-02-28", today), Ok(date(2026, 2, 28)));
        assert!(parse_date("2026-02-30", today).is_err());
        assert!(parse_date("next week", today).is_err());
    }

    #[test]
    fn converts_to_toml() {
        assert_eq!(toml_date(date(2026, 1, 5)).to_string(), "2026-01-05");
    }
}
