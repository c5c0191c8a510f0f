//! Handles and slugs: the names that become file names, so they are checked
//! before any file is touched.

use std::fmt;

/// What a slug names, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugKind {
    Person,
    Project,
    Vacuum,
}

impl fmt::Display for SlugKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SlugKind::Person => "person handle",
            SlugKind::Project => "project slug",
            SlugKind::Vacuum => "vacuum slug",
        })
    }
}

/// Why a handle or slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} {shown}: {reason}")]
pub struct SlugError {
    pub kind: SlugKind,
    shown: String,
    reason: &'static str,
}

/// The longest handle or slug accepted; it keeps file names and table cells short.
pub const MAX_SLUG_LEN: usize = 64;

/// Checks that `value` is a lowercase ASCII handle or slug: letters, digits and
/// `-`, at most 64 characters, not starting or ending with `-` and without
/// `--` (which separates vacuum and project in commitment file names).
pub fn validate_slug(kind: SlugKind, value: &str) -> Result<(), SlugError> {
    let refuse = |reason| {
        Err(SlugError {
            kind,
            shown: format!("{value:?}"),
            reason,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_slugs() {
        for ok in ["alice", "sprint-planning", "a1", "x", &"a".repeat(64)] {
            assert_eq!(validate_slug(SlugKind::Person, ok), Ok(()), "{ok}");
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
            assert!(validate_slug(SlugKind::Vacuum, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn error_names_the_kind_and_reason() {
        let err = validate_slug(SlugKind::Project, "Pay Ments").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"invalid project slug "Pay Ments": use lowercase letters only"#
        );
    }
}
