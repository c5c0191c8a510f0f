//! Private notes as the records hold them: a conversation or check-in can
//! carry a note for the manager's eyes only, sealed (age, ASCII armor) to
//! the manager's keys. The model tells a sealed note from cleartext and
//! carries it through the views; sealing and opening happen at the edge.

use toml::Spanned;

/// The first line of a sealed note.
pub const ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
/// The last line of a sealed note.
pub const ARMOR_END: &str = "-----END AGE ENCRYPTED FILE-----";

/// A private note in a view: sealed as on record, or opened (or not) for
/// whoever reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrivateNote {
    /// As on record, not opened.
    Sealed {
        /// The armored age message.
        armor: String,
        /// Whom it was sealed for.
        sealed_for: Vec<String>,
    },
    /// Opened with the reader's key: the note itself.
    Opened(String),
    /// Could not be opened, and why in words.
    Unreadable(String),
}

impl PrivateNote {
    /// The note of a record's `private` and `private_for` fields; `None`
    /// when there is none.
    pub fn of(private: &Option<Spanned<String>>, sealed_for: &[String]) -> Option<PrivateNote> {
        let armor = private.as_ref()?.get_ref();
        (!armor.trim().is_empty()).then(|| PrivateNote::Sealed {
            armor: armor.clone(),
            sealed_for: sealed_for.to_vec(),
        })
    }

    /// What a reader is shown: the note, why it cannot be read, or that it
    /// is sealed.
    pub fn shown(&self) -> String {
        match self {
            PrivateNote::Opened(text) => text.clone(),
            PrivateNote::Unreadable(why) => format!("({why})"),
            PrivateNote::Sealed { sealed_for, .. } if sealed_for.is_empty() => {
                "(private note, sealed)".to_owned()
            }
            PrivateNote::Sealed { sealed_for, .. } => {
                format!("(private note for {}, sealed)", sealed_for.join(", "))
            }
        }
    }
}

/// Whether `text` is a sealed note: one armored block, whatever the
/// indentation and blank lines a hand edit added around its lines.
pub fn looks_sealed(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.next() == Some(ARMOR_BEGIN) && lines.next_back() == Some(ARMOR_END)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_notes_are_told_from_cleartext() {
        assert!(looks_sealed(&format!("{ARMOR_BEGIN}\nYWdl\n{ARMOR_END}\n")));
        assert!(looks_sealed(&format!(
            "\n  {ARMOR_BEGIN}\r\n  YWdl\r\n  {ARMOR_END}\n\n"
        )));
        assert!(!looks_sealed("she is thinking of leaving"));
        assert!(!looks_sealed(&format!("{ARMOR_BEGIN}\nYWdl\n")));
        assert!(!looks_sealed(""));
    }

    #[test]
    fn a_note_shows_what_the_reader_may_see() {
        let sealed = PrivateNote::of(
            &Some(Spanned::new(
                0..1,
                format!("{ARMOR_BEGIN}\nx\n{ARMOR_END}\n"),
            )),
            &["erin".into()],
        )
        .unwrap();
        assert_eq!(sealed.shown(), "(private note for erin, sealed)");
        assert_eq!(
            PrivateNote::of(&Some(Spanned::new(0..1, " ".into())), &[]),
            None
        );
        assert_eq!(PrivateNote::of(&None, &[]), None);
        assert_eq!(PrivateNote::Opened("hi".into()).shown(), "hi");
        assert_eq!(PrivateNote::Unreadable("no key".into()).shown(), "(no key)");
    }
}
