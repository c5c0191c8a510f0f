//! Values the command line takes, parsed once, at the boundary, with the
//! model's rules: dates (bounded), comfort scores, `VACUUM@PROJECT`.

use crate::model::{Date, parse_comfort, parse_date};

/// A date as a user types it: `YYYY-MM-DD`, `today`, `yesterday`,
/// `tomorrow` or a weekday name (the next such day), 1970 to 2200.
pub(crate) fn date(input: &str) -> Result<Date, String> {
    parse_date(input, crate::clock::today()).map_err(|e| e.to_string())
}

/// A comfort score: one digit, 1 to 5.
pub(crate) fn comfort(input: &str) -> Result<i64, String> {
    parse_comfort(input).map_err(|e| e.to_string())
}

/// A commitment as `VACUUM@PROJECT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FillSpec {
    /// The vacuum's slug.
    pub vacuum: String,
    /// The project's slug.
    pub project: String,
}

impl std::str::FromStr for FillSpec {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        match spec.split_once('@') {
            Some((v, p)) if !v.is_empty() && !p.is_empty() => Ok(FillSpec {
                vacuum: v.to_owned(),
                project: p.to_owned(),
            }),
            _ => Err(format!(
                "{spec:?} should be VACUUM@PROJECT, e.g. sprint-planning@payments"
            )),
        }
    }
}
