//! How often a commitment is checked in on: `1w`, `2w`, `10d`, `1m`.

use super::Date;
use std::{fmt, str::FromStr};

/// A check-in cadence: a count of days, weeks or months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    count: u16,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
}

impl Cadence {
    /// The cadence used when neither the command nor `microvac.toml` names one.
    pub const DEFAULT: Cadence = Cadence {
        count: 2,
        unit: Unit::Week,
    };

    /// The date one cadence after `from`.
    pub fn after(self, from: Date) -> Date {
        let n = i64::from(self.count);
        let span = match self.unit {
            Unit::Day => jiff::Span::new().days(n),
            Unit::Week => jiff::Span::new().weeks(n),
            Unit::Month => jiff::Span::new().months(n),
        };
        from.checked_add(span).unwrap_or(Date::MAX)
    }
}

impl FromStr for Cadence {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad =
            || format!("{s:?} is not a cadence; write a count and a unit, e.g. 1w, 2w, 10d or 1m");
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (digits, unit) = s.split_at(split);
        let count: u16 = digits.parse().map_err(|_| bad())?;
        let unit = match unit {
            "d" => Unit::Day,
            "w" => Unit::Week,
            "m" => Unit::Month,
            _ => return Err(bad()),
        };
        if count == 0 {
            return Err(format!("{s:?}: a cadence must be at least one day"));
        }
        Ok(Cadence { count, unit })
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Day => 'd',
            Unit::Week => 'w',
            Unit::Month => 'm',
        };
        write!(f, "{}{unit}", self.count)
    }
}

impl<'de> serde::Deserialize<'de> for Cadence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_and_steps() {
        let c: Cadence = "2w".parse().unwrap();
        assert_eq!(c.after(date(2026, 11, 23)), date(2026, 12, 7));
        let m: Cadence = "1m".parse().unwrap();
        assert_eq!(m.after(date(2026, 1, 31)), date(2026, 2, 28));
        assert_eq!("10d".parse::<Cadence>().unwrap().to_string(), "10d");
        for bad in ["", "w", "2", "0d", "2y", "-1w"] {
            assert!(bad.parse::<Cadence>().is_err(), "{bad}");
        }
    }
}
