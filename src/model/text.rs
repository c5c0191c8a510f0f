//! Text people type, held to the two rules that keep it inert, each written
//! once: which characters are *hidden* (they act on a terminal, turn text
//! around, or take no room on screen, so a line can say something else
//! than it looks: [`is_hidden`]), and what a one-line field may hold
//! ([`check_one_line`], and [`check_prose`] for free text that may run
//! over lines), used for command-line values and, through
//! [`text_problems`], for hand-edited files.

use super::Kind;
use std::{borrow::Cow, ops::Range};

/// Whether `c` must never reach a screen, a terminal or a reader's view
/// as it is: every control character (C0, DEL, C1: carriage return,
/// escape, bell, …), every format character (the bidirectional controls
/// U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C; the zero-width
/// U+200B–U+200D, U+2060, U+FEFF; soft hyphen, tags, …) and the line and
/// paragraph separators. Newline and tab are hidden too: callers that
/// keep them say so.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Unicode's format characters (general category Cf), and the Mongolian
/// vowel separator, which used to be one.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// `c` as it is shown instead: `\r`, `\u{1b}`, `\u{202e}`.
pub fn escaped(c: char) -> String {
    c.escape_default().to_string()
}

/// Text from a record made safe for a terminal: every hidden character
/// ([`is_hidden`]: carriage return, escape, bell, delete, the bidi
/// controls, zero-width characters, …) is shown escaped (`\r`, `\u{1b}`,
/// `\u{202e}`) instead of acting on the terminal or hiding what the line
/// says; newlines and tabs stay. Every table cell, markdown and CSV cell,
/// `show`, `growth`, `report`, `mv check`'s diagnostics and the messages
/// of `ui` go through it; JSON escapes the same characters on its own
/// (`render::write_json`).
pub fn printable(text: &str) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' || c == '\t' || !is_hidden(c);
    if text.chars().all(keep) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if keep(c) {
            out.push(c);
        } else {
            out.push_str(&escaped(c));
        }
    }
    Cow::Owned(out)
}

/// The rule a text field follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRule {
    /// Names, titles, roles, the team: one line, no control character
    /// ([`check_one_line`]).
    OneLine,
    /// Free text that may run over lines: newlines (LF or CRLF) and tabs,
    /// no other control character ([`check_prose`]).
    Prose,
}

impl TextRule {
    /// The first character of `value` the rule refuses: its position
    /// (0-based, in characters), byte offset and the character.
    fn first_refused(self, value: &str) -> Option<(usize, usize, char)> {
        let mut chars = value.char_indices().enumerate().peekable();
        while let Some((at, (offset, c))) = chars.next() {
            let refused = match self {
                TextRule::OneLine => breaks_line(c),
                TextRule::Prose => match c {
                    '\n' | '\t' => false,
                    '\r' => chars.peek().is_none_or(|(_, (_, next))| *next != '\n'),
                    c => c.is_control(),
                },
            };
            if refused {
                return Some((at, offset, c));
            }
        }
        None
    }

    /// Checks `value` against the rule.
    pub fn check(self, value: &str) -> Result<(), TextError> {
        match self.first_refused(value) {
            None => Ok(()),
            Some((at, offset, c)) => Err(TextError {
                rule: self,
                shown: escaped(c),
                at: at + 1,
                offset,
            }),
        }
    }
}

/// Why a value breaks its field's [`TextRule`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} (it holds {shown} at character {at})", match rule {
    TextRule::OneLine => "must be one line, without control characters",
    TextRule::Prose => "must not hold control characters other than line breaks and tabs",
})]
pub struct TextError {
    /// The rule broken.
    pub rule: TextRule,
    /// The first offending character, escaped (`\n`, `\u{1b}`).
    pub shown: String,
    /// Its position, 1-based, in characters.
    pub at: usize,
    /// Its byte offset in the value.
    pub offset: usize,
}

/// Whether `c` may not be in a one-line field.
fn breaks_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `value` made a valid one-line field: each character
/// [`check_one_line`] refuses becomes a space (for a value microvac
/// picks itself, such as a directory's name).
pub fn to_one_line(value: &str) -> String {
    value
        .chars()
        .map(|c| if breaks_line(c) { ' ' } else { c })
        .collect()
}

/// The one rule for one-line fields (names, titles, roles, the team):
/// no newline, carriage return, tab, escape or other control character,
/// and no line or paragraph separator. Such a value would break a table
/// row, a commit message or a terminal line.
pub fn check_one_line(value: &str) -> Result<(), TextError> {
    TextRule::OneLine.check(value)
}

/// The rule for free text held to one (a vacuum's `missing`, its tips):
/// several lines are fine, other control characters not.
pub fn check_prose(value: &str) -> Result<(), TextError> {
    TextRule::Prose.check(value)
}

/// The text fields of a record of `kind` held to a rule, with the rule.
/// References to other records are held to the slug rule instead; notes
/// and other free text are shown escaped, whatever they hold.
pub fn text_fields(kind: Kind) -> &'static [(&'static str, TextRule)] {
    use TextRule::{OneLine, Prose};
    match kind {
        Kind::Person => &[("name", OneLine), ("role", OneLine), ("email", OneLine)],
        Kind::Project => &[("name", OneLine)],
        Kind::Vacuum => &[("title", OneLine), ("missing", Prose), ("tips", Prose)],
        Kind::Conversation => &[("manager", OneLine)],
        Kind::Commitment => &[],
    }
}

/// The text fields of `microvac.toml` held to a rule.
pub const SETTINGS_FIELDS: &[(&str, TextRule)] = &[("team", TextRule::OneLine)];

/// Every top-level string of `text` (a TOML file), or string in a
/// top-level array, under one of `fields` that breaks its rule: the byte
/// span of the value in the file, and what is wrong. A file that does not
/// parse yields nothing here (its parse error is reported on its own).
pub fn text_problems(fields: &[(&str, TextRule)], text: &str) -> Vec<(Range<usize>, String)> {
    match toml::de::DeTable::parse(text) {
        Ok(table) => text_problems_in(fields, table.get_ref()),
        Err(_) => Vec::new(),
    }
}

/// [`text_problems`] of a file already parsed (spans point into its text).
pub fn text_problems_in(
    fields: &[(&str, TextRule)],
    table: &toml::de::DeTable<'_>,
) -> Vec<(Range<usize>, String)> {
    use toml::de::DeValue;
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let key = key.get_ref().as_ref();
        let Some((_, rule)) = fields.iter().find(|(k, _)| *k == key) else {
            continue;
        };
        let strings: Vec<_> = match value.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![value],
        };
        for item in strings {
            if let DeValue::String(s) = item.get_ref()
                && let Err(e) = rule.check(s)
            {
                out.push((item.span(), format!("{key} {e}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_the_whole_class() {
        for c in [
            '\r',
            '\n',
            '\t',
            '\u{1b}',
            '\u{7}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{200e}',
            '\u{200f}',
            '\u{061c}',
            '\u{200b}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0041}',
        ] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in ['a', ' ', 'é', '→', '😀', '\u{05d0}', '\\'] {
            assert!(!is_hidden(c), "{c:?}");
        }
        assert_eq!(escaped('\u{202e}'), "\\u{202e}");
        assert_eq!(escaped('\r'), "\\r");
    }

    #[test]
    fn one_line_refuses_breaks_and_controls_and_says_where() {
        assert_eq!(check_one_line("Alice Liddell"), Ok(()));
        assert_eq!(check_one_line("Al\u{202e}ice"), Ok(()));
        for bad in [
            "a\nb",
            "a\rb",
            "a\tb",
            "a\u{1b}[2Jb",
            "a\u{85}b",
            "a\u{2028}b",
        ] {
            let e = check_one_line(bad).unwrap_err();
            assert_eq!((e.at, e.offset), (2, 1), "{bad:?}");
            assert!(e.to_string().contains("must be one line"), "{e}");
        }
        let e = check_one_line("Alice\rMallory").unwrap_err();
        assert!(e.to_string().contains("\\r at character 6"), "{e}");
    }

    #[test]
    fn one_line_problems_point_at_the_value() {
        let text = "# who\nname = \"Alice\\rMallory\"\nrole = \"ok\"\nnotes = \"a\\nb\"\n";
        let found = text_problems(text_fields(Kind::Person), text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].0.clone()], "\"Alice\\rMallory\"");
        assert!(found[0].1.starts_with("name must be one line"), "{found:?}");
        assert!(text_problems(SETTINGS_FIELDS, "team = [").is_empty());
        let vacuum = "missing = \"a\\r\\nb\\n\\tc\"\ntips = [\"ok\", \"x\\u001b[2J\"]\n";
        let found = text_problems(text_fields(Kind::Vacuum), vacuum);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&vacuum[found[0].0.clone()], "\"x\\u001b[2J\"");
        assert!(
            found[0].1.starts_with("tips must not hold control"),
            "{found:?}"
        );
    }
}
