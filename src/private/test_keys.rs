//! Real keys for the tests: SSH keys made by the real `ssh-keygen` and age
//! keys made by age, all in a temp dir, so no test touches the machine's
//! own `~/.ssh`.

use super::*;
use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

pub(super) const NOTE: &str = "Erin worries Alice is burning out; ask about the on-call load.";

/// A temp dir standing in for a home with keys in it.
pub(super) struct Keys {
    pub(super) dir: tempfile::TempDir,
}

/// A private key on disk and its public line.
pub(super) struct KeyPair {
    pub(super) private: PathBuf,
    pub(super) public: String,
}

impl Keys {
    pub(super) fn new() -> Keys {
        Keys {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    /// A fresh SSH key made by `ssh-keygen` (`kind` is `ed25519` or `rsa`).
    pub(super) fn ssh(&self, name: &str, kind: &str, passphrase: &str) -> KeyPair {
        let private = self.dir.path().join(name);
        let mut keygen = Command::new("ssh-keygen");
        keygen
            .args([
                "-q",
                "-t",
                kind,
                "-N",
                passphrase,
                "-C",
                "test@microvac",
                "-f",
            ])
            .arg(&private)
            .env_clear()
            .env("HOME", self.dir.path())
            .stdin(Stdio::null());
        if kind == "rsa" {
            keygen.args(["-b", "2048"]);
        }
        let status = keygen
            .status()
            .expect("ssh-keygen must be installed to run these tests");
        assert!(status.success(), "ssh-keygen failed: {status}");
        let public = std::fs::read_to_string(private.with_extension("pub")).expect("a .pub file");
        KeyPair {
            private,
            public: public.trim().to_owned(),
        }
    }

    /// A fresh age identity file, with the comments age-keygen writes.
    pub(super) fn age(&self, name: &str) -> KeyPair {
        use age::secrecy::ExposeSecret;
        let identity = age::x25519::Identity::generate();
        let public = identity.to_public().to_string();
        let private = self.dir.path().join(name);
        let file = format!(
            "# created: 2026-01-01T00:00:00Z\n# public key: {public}\n{}\n",
            identity.to_string().expose_secret()
        );
        std::fs::write(&private, file).expect("an identity file");
        KeyPair { private, public }
    }
}

pub(super) fn recipients(keys: &[&KeyPair]) -> Vec<Recipient> {
    keys.iter()
        .map(|key| Recipient::parse(&key.public).expect("a valid public key"))
        .collect()
}

/// Opens `armored` with the key at `path` and no passphrase.
pub(super) fn open_with(armored: &str, path: &Path) -> Result<String, PrivateError> {
    let identity = IdentitySource::new(path.to_owned(), &no_passphrase);
    open(armored, &identity).map(|note| note.to_string())
}

/// Neither the message nor the debug form of `error` holds `secret`.
pub(super) fn assert_no_leak(error: &PrivateError, secret: &str) {
    assert!(!error.to_string().contains(secret), "{error} leaks");
    assert!(!format!("{error:?}").contains(secret), "{error:?} leaks");
    if let Some(hint) = error.hint() {
        assert!(!hint.contains(secret), "{hint} leaks");
    }
}
