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
    let bad = |f: fn(&char) -> bool| value.chars().any(|c| f(&c));
    let upper = bad(char::is_ascii_uppercase);
    let space = bad(|c| *c == ' ');
    let other = bad(|c| {
        !(c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || c.is_ascii_uppercase()
            || *c == '-'
            || *c == ' ')
    });
    match (upper, space, other) {
        (false, false, false) => {}
        (true, false, false) => return refuse(ONLY_NOT_UPPERCASE),
        (false, true, false) => return refuse(ONLY_NOT_SPACES),
        (true, true, false) => return refuse(ONLY_NOT_UPPERCASE_OR_SPACES),
        _ => return refuse(ONLY),
    }
    if value.starts_with('-') || value.ends_with('-') {
        return refuse("it must not start or end with `-`");
    }
    if value.contains("--") {
        return refuse("it must not contain `--` (it separates vacuum and project in file names)");
    }
    Ok(())
}

const ONLY: &str = "only lowercase ASCII letters, digits and `-` are allowed";
const ONLY_NOT_UPPERCASE: &str =
    "only lowercase ASCII letters, digits and `-` are allowed, not uppercase letters";
const ONLY_NOT_SPACES: &str =
    "only lowercase ASCII letters, digits and `-` are allowed, not spaces";
const ONLY_NOT_UPPERCASE_OR_SPACES: &str =
    "only lowercase ASCII letters, digits and `-` are allowed, not uppercase letters or spaces";

impl SlugError {
    /// How to get past it: a valid name close to what was typed.
    pub fn hint(&self) -> Option<String> {
        self.suggestion.as_ref().map(|s| format!("try {s:?}"))
    }

    /// Whether what was typed looks like a display name ("Carol Smith")
    /// rather than a mistyped handle.
    pub fn looks_like_a_name(&self) -> bool {
        self.reason == ONLY_NOT_UPPERCASE_OR_SPACES
            || self.reason == ONLY_NOT_SPACES
            || self.reason == ONLY_NOT_UPPERCASE
    }
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
            "invalid person handle \"Carol Smith\": only lowercase ASCII letters, digits and `-` are allowed, not uppercase letters or spaces"
        );
        assert_eq!(err.suggestion.as_deref(), Some("carol-smith"));
        assert_eq!(err.hint().as_deref(), Some("try \"carol-smith\""));
        assert!(err.looks_like_a_name());
        let err = validate_slug(Kind::Vacuum, "a--b").unwrap_err();
        assert_eq!(err.hint().as_deref(), Some("try \"a-b\""));
        assert!(!err.looks_like_a_name());
        assert_eq!(suggest_slug("  !!  "), None);
    }
}
