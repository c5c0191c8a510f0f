//! Values the command line takes, parsed once, at the boundary, with the
//! model's rules: dates (bounded), comfort scores, `VACUUM@PROJECT`, and
//! the `--format` of the commands that print records.

use crate::{
    model::{Date, parse_comfort, parse_date},
    render::Format,
};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// The formats of a command that prints one record or a check: a terminal
/// table, or JSON for scripts.
pub(crate) const TABLE_OR_JSON: &[Format] = &[Format::Table, Format::Json];

/// The formats of a command that prints a table of rows.
pub(crate) const GRID: &[Format] = &[Format::Table, Format::Json, Format::Markdown, Format::Csv];

/// The `--format` of a command that prints in `allowed` formats. A command
/// that prints records flattens it in its `Args`:
///
/// ```ignore
/// /// Output format.
/// #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = formats(super::args::GRID))]
/// format: Format,
/// ```
///
/// so its help lists only those formats and clap refuses any other; a
/// command without the field refuses `--format` altogether.
pub(crate) fn formats(allowed: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    let values = allowed
        .iter()
        .map(|f| PossibleValue::new(f.name()).help(described(*f)));
    PossibleValuesParser::new(values).map(move |name| {
        allowed
            .iter()
            .copied()
            .find(|f| f.name() == name)
            .unwrap_or(Format::Table)
    })
}

/// What a format is for, in `--help`.
fn described(format: Format) -> &'static str {
    match format {
        Format::Table => "A table sized to the terminal, plain ASCII when piped",
        Format::Json => "For scripts",
        Format::Markdown => "To paste into a document or an email",
        Format::Csv => "For spreadsheets",
        Format::Html => "One self-contained page",
        Format::Ics => "An iCalendar file, to import or subscribe to",
    }
}

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
