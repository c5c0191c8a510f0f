//! Private notes at the command edge: a note for the manager's eyes only
//! is sealed to the manager's keys (the `[private]` recipients of
//! `microvac.toml`) before anything is written, and opened for whoever
//! reads it with their own key. The cleartext lives only in memory, in a
//! [`Secret`] that never prints and is wiped when dropped.

use crate::error::{CommandError, Context, Result};
use crate::{
    error::hinted,
    model::{Kind, Records, private::PrivateNote},
    private::{self, IdentitySource, PrivateSettings},
    store::{SealedNote, Tracker, seal_clear_notes},
};
use serde::Deserialize;
use zeroize::Zeroizing;

/// A private note's cleartext: never shown by `Debug`, wiped on drop.
#[derive(Default)]
pub(crate) struct Secret(Zeroizing<String>);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        String::deserialize(d).map(|s| Secret(Zeroizing::new(s)))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// Takes the text of `--private`: `-` reads it from stdin, so it stays
    /// out of the shell's history.
    pub(crate) fn from_arg(arg: &str) -> Result<Secret> {
        if arg != "-" {
            return Ok(Secret(Zeroizing::new(arg.to_owned())));
        }
        let mut text = Zeroizing::new(String::new());
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .context("could not read the private note from stdin")?;
        Ok(Secret(text))
    }

    /// Whether there is nothing to keep.
    pub(crate) fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// Wraps text typed at a prompt.
    pub(crate) fn typed(text: String) -> Secret {
        Secret(Zeroizing::new(text))
    }
}

/// A note sealed for a manager, ready to be written (the store writes it:
/// the conversation's, a check-in's).
pub(crate) type Sealed = SealedNote;

/// The tracker's `[private]` settings.
/// `microvac.toml` is read as every tracker file is (never through a
/// link); when it cannot be, no note is sealed, and the error says why.
fn settings(tracker: &Tracker) -> Result<PrivateSettings> {
    let table = tracker.read_settings_table()?;
    PrivateSettings::from_tracker(&table).map_err(CommandError::from)
}

/// Whose notes these are: `--manager` as given, else the person on record
/// with the git email, else the git email; and the email to look keys up
/// by too.
fn manager(
    tracker: &Tracker,
    records: &Records,
    named: Option<&str>,
) -> Result<(String, Option<String>)> {
    if let Some(named) = named {
        return Ok((named.to_owned(), None));
    }
    let email = tracker.identity()?.email;
    let handle = records
        .people
        .values()
        .find(|p| {
            p.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(&email))
        })
        .map_or_else(|| email.clone(), |p| p.handle.clone());
    Ok((handle, Some(email)))
}

/// Seals `note` for the manager (see [`manager`]); refuses when the team
/// configured no key for them, rather than store cleartext.
pub(crate) fn seal(
    tracker: &Tracker,
    records: &Records,
    named: Option<&str>,
    note: &Secret,
) -> Result<Sealed> {
    let (who, email) = manager(tracker, records, named)?;
    let recipients = settings(tracker)?
        .recipients_for(&who, email.as_deref())
        .map_err(CommandError::from)?;
    let armor = private::seal(note.0.trim(), &recipients).map_err(CommandError::from)?;
    Ok(Sealed {
        armor,
        sealed_for: who,
    })
}

/// Whether the manager has keys to seal a note to (the question is asked,
/// or the field offered, only then).
pub(crate) fn can_seal(tracker: &Tracker, records: &Records, named: Option<&str>) -> bool {
    let Ok((who, email)) = manager(tracker, records, named) else {
        return false;
    };
    settings(tracker).is_ok_and(|s| s.recipients_for(&who, email.as_deref()).is_ok())
}

/// Opens private notes with the reader's identity (`MICROVAC_IDENTITY`,
/// `[private] identity`, else `~/.ssh/id_ed25519`), asking for a
/// passphrase at most once, and only at a terminal.
pub(crate) struct Opener {
    identity: IdentitySource<'static>,
}

impl Opener {
    /// The opener for this tracker's settings.
    pub(crate) fn new(tracker: &Tracker) -> Opener {
        let user_config = tracker.user_config(private::IDENTITY_CONFIG);
        let path = match settings(tracker) {
            Ok(s) => s.identity_path(user_config.as_deref()),
            Err(_) => private::identity_path(user_config.as_deref(), None),
        };
        Opener {
            identity: IdentitySource::new(path, &private::ask_on_terminal),
        }
    }

    /// The note opened, or why it cannot be, in words.
    pub(crate) fn open(&self, note: &PrivateNote) -> PrivateNote {
        let PrivateNote::Sealed { armor, sealed_for } = note else {
            return note.clone();
        };
        match private::open(armor, &self.identity) {
            Ok(text) => PrivateNote::Opened(text.as_str().to_owned()),
            Err(e) => {
                let whose = match sealed_for.as_slice() {
                    [] => String::new(),
                    names => format!(" for {}", names.join(", ")),
                };
                PrivateNote::Unreadable(format!("private note{whose}; {e}"))
            }
        }
    }

    /// Opens every note of `notes` in place.
    pub(crate) fn open_all<'n>(&self, notes: impl IntoIterator<Item = &'n mut PrivateNote>) {
        for note in notes {
            *note = self.open(note);
        }
    }
}

/// Seals, in a text the user edited (`mv edit`, `mv person edit`…),
/// every `private` field they wrote in the clear, for them (see
/// [`manager`]), wherever it sits: at the top, in a `[[checkin]]`, in an
/// inline table; `private_for` beside it says for whom. A text that does
/// not parse is returned as it is (it will be refused, and kept only with
/// its private notes blotted out). Refuses, writing nothing, when the
/// manager has no key to seal to.
pub(crate) fn seal_edited(tracker: &Tracker, text: &str) -> Result<String> {
    let mut records = None;
    let mut sealer = |note: &str| -> Result<Sealed> {
        let records = records.get_or_insert_with(|| tracker.load(&[Kind::Person]).records);
        seal(tracker, records, None, &Secret::typed(note.to_owned()))
    };
    seal_clear_notes(text, &mut sealer)
}

/// Makes a text the user edited ready to record: its private notes sealed
/// ([`seal_edited`]), and none left in the clear (what the commit would
/// refuse, e.g. a key spelled `Private`). When it cannot be, the text is
/// kept with every private note blotted out, the user is told where, and
/// nothing is written.
pub(crate) fn sealed_edit(tracker: &Tracker, name: &str, text: &str) -> Result<String> {
    let refused = |e: CommandError| {
        if let Some(saved) = tracker.save_rejected(name, text) {
            crate::ui::note(&saved.notice("your edit"));
        }
        e
    };
    let sealed = seal_edited(tracker, text).map_err(refused)?;
    if let Some(key) = crate::model::private::cleartext_private(&sealed) {
        return Err(refused(hinted(
            format!(
                "{name}: its {key} holds a private note in the clear, and microvac cannot seal it there"
            ),
            "a private note goes in a `private` field of the record or of a [[checkin]], as a string; nothing was recorded",
        )));
    }
    Ok(sealed)
}

/// `body` with the value of every `private` key blotted out (same lines
/// and columns), for a text that cannot be parsed but must not be shown or
/// kept; `body` itself when it holds no private note.
pub(crate) fn blotted(body: &str) -> String {
    crate::model::private::blot_private(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_note_in_broken_text_is_blotted_out_line_for_line() {
        let body = "exemplar = \"Foo\"\nprivate = \"\"\"\nshe may leave\nsoon\n\"\"\"\nnext = 2026-13-01\n";
        let out = blotted(body);
        assert!(!out.contains("leave") && !out.contains("soon"), "{out}");
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(out.len(), body.len());
        assert!(out.ends_with("next = 2026-13-01\n"), "{out}");
        let single = "private = 'she may leave'\nnext = x\n";
        assert_eq!(blotted(single), "private =****************\nnext = x\n");
        let unterminated = "private = \"\"\"\nshe may leave\n";
        assert!(!blotted(unterminated).contains("leave"));
        // An empty field, or none, leaves the text as it is.
        for kept in [
            "private = \"\"\"\n\"\"\"\nx = 1\n",
            "notes = \"a private talk\"\n",
            "a = 1\n",
        ] {
            assert_eq!(blotted(kept), kept);
        }
    }
}
