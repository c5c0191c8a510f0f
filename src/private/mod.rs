//! Private notes: what a manager writes for their own eyes only, kept in the
//! shared tracker repo only as an age-encrypted, ASCII-armored block.
//!
//! This layer knows keys and bytes, never records or commands: it seals a
//! note to the recipients the team configured for a manager, and opens one
//! with the identity (private key) of whoever runs `mv`. Everything happens in
//! memory; nothing here writes a file, and no error message, `Debug` output
//! or log line carries the cleartext.
//!
//! # Settings (in `microvac.toml`)
//!
//! ```toml
//! [private]
//! # Who can read a manager's private notes, keyed by the manager's handle or
//! # git email: age public keys or SSH public keys (ssh-ed25519, ssh-rsa),
//! # so a manager can use the key they already have. Several keys per
//! # manager (laptop, desktop) are fine; each one can read the note.
//! recipients = { erin = ["ssh-ed25519 AAAA… erin@laptop"], frank = ["age1…"] }
//! # The private key used to read notes, when not ~/.ssh/id_ed25519. Any
//! # teammate can commit this file, so the user's own choice comes first:
//! # MICROVAC_IDENTITY in the environment, then git config
//! # microvac.identity; this setting only after them.
//! identity = "~/.ssh/id_ed25519"
//! ```
//!
//! # In a record
//!
//! A conversation or check-in holds the sealed note and, in the clear, whom
//! it was sealed for (so `mv show` can say whose note it cannot read):
//!
//! ```toml
//! private_for = ["erin"]
//! private = """
//! -----BEGIN AGE ENCRYPTED FILE-----
//! YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNzaC1lZDI1NTE5IC4uLgo…
//! -----END AGE ENCRYPTED FILE-----
//! """
//! ```
//!
//! The armor is base64, dashes and newlines only, so it is safe in a basic or
//! a literal multi-line TOML string; [`open`] tolerates the indentation, CRLF
//! line ends and blank lines a hand edit may add around it.

mod identity;
mod prompt;
mod recipient;
mod settings;
#[cfg(test)]
mod test_keys;
#[cfg(test)]
mod tests;

pub(crate) use identity::{
    IDENTITY_CONFIG, IDENTITY_ENV, IdentitySource, identity_path, no_passphrase,
};
pub(crate) use prompt::ask_on_terminal;
pub(crate) use recipient::Recipient;
pub(crate) use settings::{PrivateSettings, check_settings};

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use std::io::{Read, Write};
use zeroize::{Zeroize, Zeroizing};

/// Keeps this process from leaving a core dump: its memory may hold a
/// private note's cleartext (from `--private`, stdin, the editor, or an
/// opened note), and a core file is a file that outlives the process,
/// written where the process ran (often the work tree). The soft limit
/// only: children (git, the editor) inherit it.
pub(crate) fn no_core_dumps() {
    // SAFETY: reads and sets this process's own core size limit.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
            limit.rlim_cur = 0;
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
        }
    }
}

/// The first line of a sealed note.
pub(crate) const ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
/// The last line of a sealed note.
pub(crate) const ARMOR_END: &str = "-----END AGE ENCRYPTED FILE-----";

/// What can go wrong sealing or opening a private note. No variant holds the
/// note's cleartext, a passphrase or a secret key, so any of them can be
/// shown, logged or wrapped freely.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PrivateError {
    /// `seal` was given no one to seal the note to.
    #[error("no recipients for the private note; refusing to store it in cleartext")]
    NoRecipients,
    /// The settings name no recipient for this manager.
    #[error(
        "no recipients configured for {manager}'s private notes; refusing to store one in cleartext"
    )]
    NoRecipientsFor { manager: String },
    /// A configured recipient is not a public key microvac can seal to.
    /// `recipient` says where it is and shows at most its beginning.
    #[error("{recipient}: {reason}")]
    BadRecipient { recipient: String, reason: String },
    /// The `[private]` table of `microvac.toml` has the wrong shape.
    #[error("[private] in microvac.toml: {reason}")]
    BadSettings { reason: String },
    /// No file at the identity path.
    #[error("no key at {identity} to read private notes with")]
    NoIdentity { identity: String },
    /// The identity file exists but could not be read.
    #[error("could not read {identity}: {reason}")]
    UnreadableIdentity { identity: String, reason: String },
    /// The identity file is not a private key microvac can use.
    #[error("{identity} cannot read private notes: {reason}")]
    UnsupportedIdentity { identity: String, reason: String },
    /// The note was sealed to other keys than this one.
    #[error("not decryptable with {identity}")]
    NotForThisKey { identity: String },
    /// The key is passphrase-protected and no passphrase could be asked for
    /// (no terminal) or none was given.
    #[error("{identity} is protected by a passphrase, and none was given")]
    PassphraseNeeded { identity: String },
    /// The passphrases given did not unlock the key.
    #[error("wrong passphrase for {identity}")]
    WrongPassphrase { identity: String },
    /// The text is not an armored age message.
    #[error("not an encrypted private note (expected a block from {ARMOR_BEGIN} to {ARMOR_END})")]
    BadArmor,
    /// The text is an age message, but it does not decrypt as one.
    #[error("the private note is damaged: {0}")]
    Damaged(&'static str),
    /// age could not encrypt (never the case with valid recipients).
    #[error("could not encrypt the private note: {0}")]
    Seal(String),
}

impl PrivateError {
    /// How the user gets past this error, where there is something to do.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            Self::NoRecipients | Self::NoRecipientsFor { .. } => Some(
                "add the manager's public key to microvac.toml: [private] recipients = { \
                 erin = [\"ssh-ed25519 AAAA… erin@laptop\"] }"
                    .into(),
            ),
            Self::NoIdentity { .. }
            | Self::UnsupportedIdentity { .. }
            | Self::UnreadableIdentity { .. } => Some(format!(
                "point `git config --global {IDENTITY_CONFIG}` (or {IDENTITY_ENV}) at your \
                 private SSH key or age identity file"
            )),
            Self::NotForThisKey { .. } => Some(format!(
                "it was sealed to other keys; if you have one of them, point {IDENTITY_ENV} at it"
            )),
            Self::PassphraseNeeded { .. } => {
                Some("run the command at a terminal to be asked for the passphrase".into())
            }
            _ => None,
        }
    }
}

/// Seals `cleartext` to every one of `recipients`, any of whom can open it,
/// as an ASCII-armored age message with `\n` line ends (on every platform, so
/// a record reads the same in every clone). Refuses an empty recipient list
/// rather than fall back to storing the note as it is.
pub(crate) fn seal(cleartext: &str, recipients: &[Recipient]) -> Result<String, PrivateError> {
    if recipients.is_empty() {
        return Err(PrivateError::NoRecipients);
    }
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(Recipient::as_age))
        .map_err(|e| PrivateError::Seal(e.to_string()))?;
    let seal_failed = |e: std::io::Error| PrivateError::Seal(e.to_string());
    let armor = ArmoredWriter::wrap_output(Vec::new(), Format::AsciiArmor).map_err(seal_failed)?;
    let mut writer = encryptor.wrap_output(armor).map_err(seal_failed)?;
    writer
        .write_all(cleartext.as_bytes())
        .map_err(seal_failed)?;
    let armored = writer
        .finish()
        .and_then(ArmoredWriter::finish)
        .map_err(seal_failed)?;
    let armored = String::from_utf8(armored)
        .map_err(|_| PrivateError::Seal("the armor is not text".into()))?;
    Ok(armored.replace("\r\n", "\n"))
}

/// Opens a sealed note with `identity`, asking for its passphrase at most
/// once per [`IdentitySource`] and only when the note was sealed to that key.
/// The cleartext is wiped from memory when the returned value is dropped.
pub(crate) fn open(
    armored: &str,
    identity: &IdentitySource<'_>,
) -> Result<Zeroizing<String>, PrivateError> {
    let armored = normalize_armor(armored).ok_or(PrivateError::BadArmor)?;
    let decryptor =
        age::Decryptor::new(ArmoredReader::new(armored.as_bytes())).map_err(|e| match e {
            age::DecryptError::Io(_)
            | age::DecryptError::InvalidHeader
            | age::DecryptError::UnknownFormat => PrivateError::BadArmor,
            _ => PrivateError::Damaged("its header does not parse"),
        })?;
    let keys = identity.keys()?;
    let mut reader = decryptor
        .decrypt(keys.iter().map(|key| key.as_ref()))
        .map_err(|e| identity.explain(e))?;
    let mut cleartext = Zeroizing::new(Vec::new());
    reader
        .read_to_end(&mut cleartext)
        .map_err(|_| PrivateError::Damaged("its content does not authenticate"))?;
    match String::from_utf8(std::mem::take(&mut *cleartext)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(not_text) => {
            not_text.into_bytes().zeroize();
            Err(PrivateError::Damaged("it does not hold text"))
        }
    }
}

/// Whether `text` is a sealed note (an armored age message), as opposed to
/// cleartext someone typed into a `private` field by hand.
pub(crate) fn is_sealed(text: &str) -> bool {
    normalize_armor(text).is_some()
}

/// The armored block in `text` as age's strict reader wants it: no
/// indentation, `\n` line ends, no blank lines, nothing around it. `None`
/// when `text` is not one block from [`ARMOR_BEGIN`] to [`ARMOR_END`].
fn normalize_armor(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    if lines.next()? != ARMOR_BEGIN {
        return None;
    }
    let mut armored = String::with_capacity(text.len());
    armored.push_str(ARMOR_BEGIN);
    armored.push('\n');
    for line in lines.by_ref() {
        armored.push_str(line);
        armored.push('\n');
        if line == ARMOR_END {
            return lines.next().is_none().then_some(armored);
        }
    }
    None
}
