//! Who a private note is sealed to: an age public key (`age1…`) or an SSH
//! public key (`ssh-ed25519 …`, `ssh-rsa …`) as it appears in a `.pub` file
//! or an `authorized_keys` line.

use super::PrivateError;
use std::fmt;

/// A public key a private note can be sealed to.
#[derive(Clone, Debug)]
pub(crate) struct Recipient {
    key: Key,
}

#[derive(Clone, Debug)]
enum Key {
    Age(age::x25519::Recipient),
    Ssh(age::ssh::Recipient),
}

/// How much of a rejected key an error message shows: enough to find it in
/// the settings, not a whole line of base64.
const SHOWN_CHARS: usize = 24;

impl Recipient {
    /// Reads a public key as the team wrote it in the settings. A trailing
    /// comment (`erin@laptop`) is allowed and ignored.
    pub(crate) fn parse(text: &str) -> Result<Self, PrivateError> {
        let text = text.trim();
        let bad = |reason: &str| PrivateError::BadRecipient {
            recipient: shown(text),
            reason: reason.to_owned(),
        };
        if looks_secret(text) {
            return Err(PrivateError::BadRecipient {
                recipient: "a recipient".into(),
                reason: "this is a private key; configure its public key instead (the .pub \
                         file, or `age-keygen -y`), and never commit a private one"
                    .into(),
            });
        }
        if text.starts_with("age1") {
            return text
                .parse::<age::x25519::Recipient>()
                .map(|key| Recipient { key: Key::Age(key) })
                .map_err(|_| bad("not a valid age public key (age1… x25519 keys are supported)"));
        }
        // age reads "TYPE BASE64" with exactly one space between them; a
        // hand-written line may have tabs or more spaces, and a comment.
        let mut fields = text.split_whitespace();
        let (Some(key_type), Some(base64)) = (fields.next(), fields.next()) else {
            return Err(bad(
                "expected an age public key (age1…) or an SSH public key \
                 (ssh-ed25519 AAAA…, ssh-rsa AAAA…)",
            ));
        };
        match format!("{key_type} {base64}").parse::<age::ssh::Recipient>() {
            Ok(key) => Ok(Recipient { key: Key::Ssh(key) }),
            Err(age::ssh::ParseRecipientKeyError::RsaModulusTooSmall) => {
                Err(bad("an ssh-rsa key under 2048 bits is too weak"))
            }
            Err(age::ssh::ParseRecipientKeyError::RsaModulusTooLarge) => {
                Err(bad("an ssh-rsa key over 4096 bits is not supported"))
            }
            Err(age::ssh::ParseRecipientKeyError::Unsupported(key_type)) => Err(bad(&format!(
                "{key_type} keys are not supported; use ssh-ed25519, ssh-rsa or an age key"
            ))),
            Err(_) if key_type.starts_with("ssh-") => Err(bad("not a valid SSH public key")),
            Err(_) => Err(bad(
                "expected an age public key (age1…) or an SSH public key \
                 (ssh-ed25519 AAAA…, ssh-rsa AAAA…)",
            )),
        }
    }

    /// The key as age's encryptor takes it.
    pub(super) fn as_age(&self) -> &dyn age::Recipient {
        match &self.key {
            Key::Age(key) => key,
            Key::Ssh(key) => key,
        }
    }
}

/// The key in its canonical form (`age1…`, or `ssh-ed25519 AAAA…` without
/// the comment), fit to compare two configured keys.
impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Key::Age(key) => key.fmt(f),
            Key::Ssh(key) => key.fmt(f),
        }
    }
}

impl PartialEq for Recipient {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Recipient {}

/// Whether someone pasted a private key where a public one belongs; such a
/// value is never echoed back.
fn looks_secret(text: &str) -> bool {
    text.to_ascii_uppercase().contains("SECRET-KEY") || text.contains("PRIVATE KEY")
}

/// The beginning of a rejected key, for the error message.
fn shown(text: &str) -> String {
    if text.chars().count() <= SHOWN_CHARS {
        format!("`{text}`")
    } else {
        let start: String = text.chars().take(SHOWN_CHARS).collect();
        format!("`{start}…`")
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_keys::{Keys, assert_no_leak};
    use super::*;

    #[test]
    fn recipients_parse_with_or_without_a_comment() {
        let keys = Keys::new();
        let ed = keys.ssh("ed", "ed25519", "");
        let rsa = keys.ssh("rsa", "rsa", "");
        let age_key = keys.age("age.txt");
        for key in [&ed, &rsa, &age_key] {
            let with_comment = Recipient::parse(&key.public).expect("valid");
            let bare: Vec<&str> = key.public.split_whitespace().take(2).collect();
            let bare = bare.join(" ");
            let without = Recipient::parse(&bare).expect("valid without a comment");
            assert_eq!(with_comment, without);
            let spaced = Recipient::parse(&format!("  {}\t", bare.replace(' ', "\t  ")));
            assert_eq!(spaced.ok(), Some(without));
        }
    }

    #[test]
    fn bad_recipients_say_what_is_wrong() {
        let reason = |text: &str| match Recipient::parse(text) {
            Err(PrivateError::BadRecipient { reason, .. }) => reason,
            other => panic!("{text}: expected a bad recipient, got {other:?}"),
        };
        assert!(reason("").contains("expected an age public key"));
        assert!(reason("erin").contains("expected an age public key"));
        assert!(reason("age1notakey").contains("not a valid age public key"));
        assert!(reason("ssh-ed25519 AAAAnotbase64!").contains("not a valid SSH public key"));
        let ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBHFliOyIZs1gxGF3fmDxFykQhE88wy6AKDGFBfn0R6ZuvRmENABZQa9+pj9hMki+LX0qDJbmHTiWDbYv/cmFt/Q=";
        assert!(reason(ecdsa).contains("ecdsa-sha2-nistp256 keys are not supported"));
    }

    #[test]
    fn a_pasted_private_key_is_refused_without_echoing_it() {
        let keys = Keys::new();
        let age_key = keys.age("age.txt");
        let ssh_key = keys.ssh("id_ed25519", "ed25519", "");
        for secret_file in [&age_key.private, &ssh_key.private] {
            let secret = std::fs::read_to_string(secret_file).expect("read");
            let secret_line = secret
                .lines()
                .find(|l| l.starts_with("AGE-SECRET-KEY") || l.contains("PRIVATE KEY"))
                .expect("a secret line");
            let error = Recipient::parse(secret_line).expect_err("a private key");
            assert!(
                error.to_string().contains("this is a private key"),
                "{error}"
            );
            let body = secret_line.trim_start_matches("AGE-SECRET-KEY-1");
            assert_no_leak(&error, body);
        }
    }

    #[test]
    fn a_rejected_key_is_shown_only_by_its_beginning() {
        let long = format!("ssh-ed25519 {}", "A".repeat(80));
        match Recipient::parse(&long) {
            Err(PrivateError::BadRecipient { recipient, .. }) => {
                assert!(recipient.chars().count() < 30, "{recipient}");
            }
            other => panic!("expected a bad recipient, got {other:?}"),
        }
    }
}
