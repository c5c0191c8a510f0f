//! Handles and slugs: the names that become file names, so they are checked
//! before any file is touched.

use super::Kind;

/// Why a handle or slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {} {shown}: {reason}", kind.name_word())]
pub struct SlugError {
    /// What the name would have named.
    pub kind: Kind,
    shown: String,
    reason: &'static str,
    /// A valid name close to what was typed, e.g. `carol-smith` for
    /// `Carol Smith`.
    pub suggestion: Option<String>,
}

/// The longest handle or slug accepted; it keeps file names and table cells short.
pub const MAX_SLUG_LEN: usize = 64;

/// The rule, in words, for messages.
pub const SLUG_RULE: &str =
    "lowercase ASCII letters, digits and `-` (not at either end, no `--`), at most 64 characters";

/// Checks that `value` is a lowercase ASCII handle or slug: letters, digits and
/// `-`, at most 64 characters, not starting or ending with `-` and without
/// `--` (which separates vacuum and project in commitment file names).
pub fn validate_slug(kind: Kind, value: &str) -> Result<(), SlugError> {
    let refuse = |reason| {
        let suggestion = suggest_slug(value).filter(|s| s != value);
        Err(SlugError {
            kind,
            shown: format!("{value:?}"),
            reason,
            suggestion,
        })
    };
    if value.is_empty() {
        return refuse("it is empty");
    }
    if value.len() > MAX_SLUG_LEN {
        return refuse("it is longer than 64 characters");
    }
    if value.chars().any(|c| c.is_control()) {
        return refuse("it contains a control character");
    }
    if value.contains('/') || value.contains('\\') || value.contains("..") {
        return refuse("it must not contain `/`, `\\` or `..`");
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return if c.is_ascii_uppercase() {
            refuse("use lowercase letters only")
        } else if c == ' ' {
            refuse("it must not contain spaces (use `-`)")
        } else {
            refuse("only lowercase ASCII letters, digits and `-` are allowed")
        };
    }
    if value.starts_with('-') || value.ends_with('-') {
        return refuse("it must not start or end with `-`");
    }
    if value.contains("--") {
        return refuse("it must not contain `--`");
    }
    Ok(())
}

/// A valid slug made from free text: lowercase, runs of anything else
/// turned into one `-`. `None` when nothing usable is left.
pub fn suggest_slug(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out
        .trim_end_matches('-')
        .chars()
        .take(MAX_SLUG_LEN)
        .collect();
    let out = out.trim_end_matches('-').to_owned();
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_slugs() {
        for ok in ["alice", "sprint-planning", "a1", "x", &"a".repeat(64)] {
            assert_eq!(validate_slug(Kind::Person, ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_what_would_escape_or_confuse_a_path() {
        for bad in [
            "",
            "..",
            "a/b",
            "../x",
            "Alice",
            "a b",
            "a\u{7}",
            "-a",
            "a-",
            "a--b",
            "é",
            &"a".repeat(65),
        ] {
            assert!(validate_slug(Kind::Vacuum, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn error_names_the_kind_the_rule_and_a_suggestion() {
        let err = validate_slug(Kind::Person, "Carol Smith").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid person handle "Carol Smith": use lowercase letters only"#
        );
        assert_eq!(err.suggestion.as_deref(), Some("carol-smith"));
        assert_eq!(suggest_slug("  !!  "), None);
    }
}
