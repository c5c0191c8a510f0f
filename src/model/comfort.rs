//! The comfort scale of a check-in: how it felt to do the job, 1 (very
//! uncomfortable) to 5 (at ease). Discomfort turning into comfort over the
//! reps is the point of the whole exercise.

/// The scale's range.
pub const COMFORT_RANGE: std::ops::RangeInclusive<i64> = 1..=5;

/// Why a comfort score was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComfortError {
    /// A number, but off the scale.
    #[error("{0} is not in 1..=5: comfort goes from 1 (very uncomfortable) to 5 (at ease)")]
    OffScale(i64),
    /// Not written as one plain digit (`+3`, `03`, `3.0`, `three`).
    #[error("{0:?} is not a comfort score: write one digit from 1 to 5")]
    Unreadable(String),
}

/// Parses a comfort score as a user types it: exactly one digit, 1 to 5.
pub fn parse_comfort(input: &str) -> Result<i64, ComfortError> {
    let text = input.trim();
    match text.as_bytes() {
        [d] if d.is_ascii_digit() => check_comfort(i64::from(d - b'0')),
        _ => match text.parse::<i64>() {
            Ok(n) if !COMFORT_RANGE.contains(&n) && n.to_string() == text => {
                Err(ComfortError::OffScale(n))
            }
            _ => Err(ComfortError::Unreadable(text.to_owned())),
        },
    }
}

/// Checks a comfort score read from a file.
pub fn check_comfort(value: i64) -> Result<i64, ComfortError> {
    if COMFORT_RANGE.contains(&value) {
        Ok(value)
    } else {
        Err(ComfortError::OffScale(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_digit_on_the_scale_only() {
        assert_eq!(parse_comfort("3"), Ok(3));
        assert_eq!(parse_comfort("6"), Err(ComfortError::OffScale(6)));
        assert_eq!(parse_comfort("0"), Err(ComfortError::OffScale(0)));
        assert_eq!(parse_comfort("-1"), Err(ComfortError::OffScale(-1)));
        for bad in ["+3", "03", "3.0", "three", ""] {
            assert!(
                matches!(parse_comfort(bad), Err(ComfortError::Unreadable(_))),
                "{bad}"
            );
        }
    }
}
