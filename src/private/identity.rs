//! The manager's identity: the private key that opens private notes, where
//! it is found, and how a passphrase-protected SSH key is unlocked (once per
//! run, and only for a note actually sealed to it).

use super::PrivateError;
use age_core::format::{FileKey, Stanza};
use base64::{Engine, prelude::BASE64_STANDARD_NO_PAD};
use sha2::{Digest, Sha256};
use std::{
    cell::OnceCell,
    ffi::OsString,
    path::{Path, PathBuf},
};
use zeroize::Zeroizing;

/// The environment variable that names the identity file, over any setting.
pub(crate) const IDENTITY_ENV: &str = "MICROVAC_IDENTITY";

/// The identity used when nothing else is configured: the SSH key most
/// people already have.
const DEFAULT_IDENTITY: &str = "~/.ssh/id_ed25519";

/// How many passphrases to try before giving up, as ssh does.
const PASSPHRASE_ATTEMPTS: usize = 3;

/// The git config key (the user's own config, never the shared tracker)
/// that names the identity file.
pub(crate) const IDENTITY_CONFIG: &str = "microvac.identity";

/// Identity files are a few kilobytes (a 16384-bit RSA key is about 12);
/// anything larger is not one, and is not read past this.
const MAX_IDENTITY_BYTES: u64 = 64 * 1024;

/// The identity to open notes with: `$MICROVAC_IDENTITY`, else
/// `user_config` (git config `microvac.identity`: the user's own choice),
/// else `shared` (the tracker's `[private] identity`, which any teammate
/// can commit), else `~/.ssh/id_ed25519`; a leading `~/` is the user's
/// `$HOME`.
pub(crate) fn identity_path(user_config: Option<&str>, shared: Option<&str>) -> PathBuf {
    resolve_identity_path(
        std::env::var_os(IDENTITY_ENV),
        user_config.or(shared),
        std::env::var_os("HOME"),
    )
}

/// [`identity_path`] without the environment, so it can be tested.
pub(super) fn resolve_identity_path(
    from_env: Option<OsString>,
    configured: Option<&str>,
    home: Option<OsString>,
) -> PathBuf {
    let chosen = match from_env.filter(|value| !value.is_empty()) {
        Some(value) => PathBuf::from(value),
        None => PathBuf::from(
            configured
                .filter(|c| !c.trim().is_empty())
                .unwrap_or(DEFAULT_IDENTITY),
        ),
    };
    match (chosen.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => chosen,
    }
}

/// `path` as a user would write it, with `~` for `home`.
pub(super) fn shown_path(path: &Path, home: Option<&Path>) -> String {
    let home = home.filter(|home| !home.as_os_str().is_empty());
    match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) => Path::new("~").join(rest).display().to_string(),
        None => path.display().to_string(),
    }
}

/// A passphrase prompt that never has an answer: for scripts, hooks and
/// tests where no one is at a terminal.
pub(crate) fn no_passphrase(_prompt: &str) -> Option<String> {
    None
}

/// The key a manager opens private notes with: an age identity file
/// (`AGE-SECRET-KEY-1…`) or an OpenSSH private key (ed25519 or rsa). It is
/// read on first use and kept for the rest of the run, so opening every note
/// of `mv growth` asks for a passphrase once at most.
pub(crate) struct IdentitySource<'a> {
    path: PathBuf,
    shown: String,
    ask_passphrase: &'a dyn Fn(&str) -> Option<String>,
    loaded: OnceCell<Result<Loaded, PrivateError>>,
}

/// What the identity file turned out to hold.
enum Loaded {
    Age(Vec<Box<dyn age::Identity + Send + Sync>>),
    Ssh(age::ssh::Identity),
    LockedSsh(LockedSsh),
}

/// A passphrase-protected SSH key, unlocked on demand.
struct LockedSsh {
    key: age::ssh::EncryptedKey,
    /// The stanza type the key's notes carry (`ssh-ed25519` or `ssh-rsa`).
    stanza_type: &'static str,
    /// The key's short ID in those stanzas, to tell its notes from others'
    /// without asking for the passphrase.
    stanza_key_id: String,
    unlocked: OnceCell<Result<age::ssh::Identity, PrivateError>>,
}

impl<'a> IdentitySource<'a> {
    /// The identity at `path`; `ask_passphrase` is called with a prompt
    /// when it is a passphrase-protected SSH key (see
    /// [`super::ask_on_terminal`] and [`no_passphrase`]).
    pub(crate) fn new(path: PathBuf, ask_passphrase: &'a dyn Fn(&str) -> Option<String>) -> Self {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let shown = shown_path(&path, home.as_deref());
        IdentitySource {
            path,
            shown,
            ask_passphrase,
            loaded: OnceCell::new(),
        }
    }

    /// The identity file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The path as messages show it (`~/.ssh/id_ed25519`).
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }

    /// The keys to try on a note, loading the file on first use.
    pub(super) fn keys(&self) -> Result<Vec<Box<dyn age::Identity + '_>>, PrivateError> {
        let loaded = self.loaded.get_or_init(|| self.load()).as_ref();
        Ok(match loaded.map_err(Clone::clone)? {
            Loaded::Age(keys) => keys
                .iter()
                .map(|key| Box::new(Borrowed(key.as_ref())) as Box<dyn age::Identity>)
                .collect(),
            Loaded::Ssh(key) => vec![Box::new(Borrowed(key))],
            Loaded::LockedSsh(locked) => vec![Box::new(Unlocking {
                source: self,
                locked,
            })],
        })
    }

    /// Turns age's decryption failure into what happened, in the user's terms.
    pub(super) fn explain(&self, error: age::DecryptError) -> PrivateError {
        match error {
            age::DecryptError::NoMatchingKeys => PrivateError::NotForThisKey {
                identity: self.shown.clone(),
            },
            // A locked key that met its own stanza but could not be unlocked
            // says so with this error; the reason is in its cache.
            age::DecryptError::KeyDecryptionFailed => match self.loaded.get() {
                Some(Ok(Loaded::LockedSsh(locked))) => match locked.unlocked.get() {
                    Some(Err(unlock_failure)) => unlock_failure.clone(),
                    _ => PrivateError::Damaged("its key stanza does not decrypt"),
                },
                _ => PrivateError::Damaged("its key stanza does not decrypt"),
            },
            age::DecryptError::InvalidMac => PrivateError::Damaged("its header was altered"),
            age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => {
                PrivateError::BadArmor
            }
            _ => PrivateError::Damaged("it does not decrypt"),
        }
    }

    fn load(&self) -> Result<Loaded, PrivateError> {
        let identity = self.shown.clone();
        let unsupported = |reason: &str| PrivateError::UnsupportedIdentity {
            identity: identity.clone(),
            reason: reason.to_owned(),
        };
        let unreadable = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => PrivateError::NoIdentity {
                identity: identity.clone(),
            },
            _ => PrivateError::UnreadableIdentity {
                identity: identity.clone(),
                reason: e.to_string(),
            },
        };
        let bytes = read_key_file(&self.path).map_err(|e| match e {
            KeyFileError::Io(e) => unreadable(e),
            KeyFileError::NotAFile(what) => PrivateError::UnreadableIdentity {
                identity: identity.clone(),
                reason: format!("it is {what}, not a key file"),
            },
            KeyFileError::TooLarge => unsupported(&format!(
                "it is larger than {} KiB, far too large to be a key",
                MAX_IDENTITY_BYTES / 1024
            )),
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|_| unsupported("it is not text"))?;
        let start = text.trim_start();
        if text
            .lines()
            .any(|line| line.starts_with("AGE-SECRET-KEY-1"))
        {
            let keys = age::IdentityFile::from_buffer(bytes.as_slice())
                .map_err(|e| unsupported(&e.to_string()))?
                .into_identities()
                .map_err(|e| unsupported(&e.to_string()))?;
            Ok(Loaded::Age(keys))
        } else if start.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
            || start.starts_with("-----BEGIN RSA PRIVATE KEY-----")
        {
            let key = age::ssh::Identity::from_buffer(bytes.as_slice(), Some(self.shown.clone()))
                .map_err(|_| unsupported("it is not a valid OpenSSH private key"))?;
            match key {
                age::ssh::Identity::Unencrypted(_) => Ok(Loaded::Ssh(key)),
                age::ssh::Identity::Encrypted(locked) => LockedSsh::new(locked)
                    .map(Loaded::LockedSsh)
                    .ok_or_else(|| unsupported("its public key is not ssh-ed25519 or ssh-rsa")),
                age::ssh::Identity::Unsupported(why) => Err(unsupported(&unsupported_ssh(&why))),
            }
        } else if start.starts_with(super::ARMOR_BEGIN) {
            Err(unsupported(
                "it is a passphrase-encrypted age identity, which microvac cannot unlock; \
                 use an SSH key or a plain age identity file",
            ))
        } else if start.starts_with("ssh-") || start.starts_with("age1") {
            Err(unsupported(
                "it is a public key; point to the private key (without .pub)",
            ))
        } else {
            Err(unsupported(
                "it is neither an age identity (AGE-SECRET-KEY-1…) nor an OpenSSH private key",
            ))
        }
    }
}

/// Why a key file could not be read.
enum KeyFileError {
    Io(std::io::Error),
    /// Not a regular file: what it is instead.
    NotAFile(&'static str),
    TooLarge,
}

/// Reads a key file: only a regular file (a FIFO is opened without
/// waiting for a writer, a device or a directory is refused before a byte
/// is read), and at most [`MAX_IDENTITY_BYTES`], whatever it is.
fn read_key_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, KeyFileError> {
    use std::{io::Read, os::unix::fs::FileTypeExt, os::unix::fs::OpenOptionsExt};
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(KeyFileError::Io)?;
    let kind = file.metadata().map_err(KeyFileError::Io)?.file_type();
    if !kind.is_file() {
        return Err(KeyFileError::NotAFile(if kind.is_fifo() {
            "a named pipe (FIFO)"
        } else if kind.is_char_device() || kind.is_block_device() {
            "a device"
        } else if kind.is_dir() {
            "a directory"
        } else if kind.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        }));
    }
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_IDENTITY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(KeyFileError::Io)?;
    if bytes.len() as u64 > MAX_IDENTITY_BYTES {
        return Err(KeyFileError::TooLarge);
    }
    Ok(bytes)
}

/// Why age cannot use an SSH key, without age's localized text.
fn unsupported_ssh(why: &age::ssh::UnsupportedKey) -> String {
    match why {
        age::ssh::UnsupportedKey::Type(key_type) => {
            format!("{key_type} keys are not supported; use ssh-ed25519 or ssh-rsa")
        }
        age::ssh::UnsupportedKey::Hardware(key_type) => {
            format!("{key_type} is a hardware key, which age cannot use directly")
        }
        age::ssh::UnsupportedKey::EncryptedPem => {
            "a passphrase-protected PEM key is not supported; convert it with \
             `ssh-keygen -p -f KEY` (which writes the OpenSSH format)"
                .into()
        }
        age::ssh::UnsupportedKey::EncryptedSsh(cipher) => {
            format!("it is encrypted with {cipher}, which age cannot decrypt")
        }
    }
}

impl LockedSsh {
    fn new(key: age::ssh::EncryptedKey) -> Option<Self> {
        let public =
            age::ssh::Recipient::try_from(age::ssh::Identity::Encrypted(key.clone())).ok()?;
        let (stanza_type, wire_key) = match &public {
            age::ssh::Recipient::SshEd25519(wire_key, _) => ("ssh-ed25519", wire_key),
            age::ssh::Recipient::SshRsa(wire_key, _) => ("ssh-rsa", wire_key),
        };
        Some(LockedSsh {
            key,
            stanza_type,
            stanza_key_id: ssh_key_id(wire_key),
            unlocked: OnceCell::new(),
        })
    }

    /// Whether `stanza` was written for this key.
    fn matches(&self, stanza: &Stanza) -> bool {
        stanza.tag == self.stanza_type && stanza.args.first() == Some(&self.stanza_key_id)
    }

    /// The unlocked key, asking for the passphrase the first time.
    fn unlock(&self, source: &IdentitySource<'_>) -> &Result<age::ssh::Identity, PrivateError> {
        self.unlocked.get_or_init(|| {
            let prompt = format!("Passphrase for {}", source.shown);
            for _ in 0..PASSPHRASE_ATTEMPTS {
                let Some(passphrase) = (source.ask_passphrase)(&prompt) else {
                    return Err(PrivateError::PassphraseNeeded {
                        identity: source.shown.clone(),
                    });
                };
                // Copied into age's own wiped box; ours is wiped on drop.
                let passphrase = Zeroizing::new(passphrase);
                let passphrase = age::secrecy::SecretString::from(passphrase.as_str());
                if let Ok(key) = self.key.decrypt(passphrase) {
                    return Ok(age::ssh::Identity::from(key));
                }
            }
            Err(PrivateError::WrongPassphrase {
                identity: source.shown.clone(),
            })
        })
    }
}

/// The short key ID age puts in an SSH recipient stanza: the first four
/// bytes of the SHA-256 of the key in SSH wire format, in unpadded base64
/// (age-encryption.org/v1, "ssh-ed25519" and "ssh-rsa" recipient types).
fn ssh_key_id(wire_key: &[u8]) -> String {
    BASE64_STANDARD_NO_PAD.encode(&Sha256::digest(wire_key)[..4])
}

/// A loaded key lent to age's decryptor.
struct Borrowed<'k, K: age::Identity + ?Sized>(&'k K);

impl<K: age::Identity + ?Sized> age::Identity for Borrowed<'_, K> {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        self.0.unwrap_stanza(stanza)
    }

    fn unwrap_stanzas(&self, stanzas: &[Stanza]) -> Option<Result<FileKey, age::DecryptError>> {
        self.0.unwrap_stanzas(stanzas)
    }
}

/// A locked SSH key that asks for its passphrase only when it meets a
/// stanza of its own.
struct Unlocking<'s, 'a> {
    source: &'s IdentitySource<'a>,
    locked: &'s LockedSsh,
}

impl age::Identity for Unlocking<'_, '_> {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, age::DecryptError>> {
        if !self.locked.matches(stanza) {
            return None;
        }
        match self.locked.unlock(self.source) {
            Ok(key) => key.unwrap_stanza(stanza),
            // `explain` reports the cached unlock failure itself.
            Err(_) => Some(Err(age::DecryptError::KeyDecryptionFailed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identity_is_the_environments_then_the_settings_then_id_ed25519() {
        let home = Some("/home/erin".into());
        assert_eq!(
            resolve_identity_path(None, None, home.clone()),
            PathBuf::from("/home/erin/.ssh/id_ed25519")
        );
        assert_eq!(
            resolve_identity_path(None, Some("~/keys/age.txt"), home.clone()),
            PathBuf::from("/home/erin/keys/age.txt")
        );
        assert_eq!(
            resolve_identity_path(Some("/keys/id".into()), Some("~/x"), home.clone()),
            PathBuf::from("/keys/id")
        );
        assert_eq!(
            resolve_identity_path(Some("".into()), None, home),
            PathBuf::from("/home/erin/.ssh/id_ed25519")
        );
        assert_eq!(
            resolve_identity_path(None, None, None),
            PathBuf::from("~/.ssh/id_ed25519")
        );
    }

    #[test]
    fn messages_show_the_identity_under_home_with_a_tilde() {
        let home = Path::new("/home/erin");
        assert_eq!(
            shown_path(Path::new("/home/erin/.ssh/id_ed25519"), Some(home)),
            "~/.ssh/id_ed25519"
        );
        assert_eq!(shown_path(Path::new("/keys/id"), Some(home)), "/keys/id");
        assert_eq!(shown_path(Path::new("/keys/id"), None), "/keys/id");
        let identity = IdentitySource::new("/keys/id".into(), &no_passphrase);
        assert_eq!(identity.path(), Path::new("/keys/id"));
        assert!(identity.shown().ends_with("id"));
    }
}
