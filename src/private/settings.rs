//! The `[private]` table of `microvac.toml`: whose keys each manager's
//! private notes are sealed to, and which identity this clone opens them
//! with. The format is documented on the module above.

use super::{PrivateError, Recipient, identity_path};
use serde::Deserialize;
use std::{collections::BTreeMap, ops::Range, path::PathBuf};

/// The tracker's private-note settings.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct PrivateSettings {
    /// Public keys per manager handle or git email, as written.
    #[serde(default)]
    recipients: BTreeMap<String, Keys>,
    /// The identity file to open notes with, when not the default.
    #[serde(default)]
    identity: Option<String>,
}

/// One key or a list of keys: `erin = "ssh-ed25519 …"` reads as well as
/// `erin = ["ssh-ed25519 …"]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

impl Keys {
    fn as_slice(&self) -> &[String] {
        match self {
            Keys::One(key) => std::slice::from_ref(key),
            Keys::Many(keys) => keys,
        }
    }
}

impl PrivateSettings {
    /// The `[private]` table of a parsed `microvac.toml`; the defaults (no
    /// recipients, so no private notes) when there is none. Other keys in
    /// the table are left for newer versions.
    pub(crate) fn from_tracker(tracker: &toml::Table) -> Result<Self, PrivateError> {
        match tracker.get("private") {
            None => Ok(Self::default()),
            Some(table) => {
                table
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| PrivateError::BadSettings {
                        reason: e.message().to_owned(),
                    })
            }
        }
    }

    /// The keys to seal a note by `handle` (whose git email, when known, is
    /// `email`) to: those configured under the handle and under the email,
    /// without repeats. An error when there are none, so that `--private`
    /// refuses rather than store cleartext, or when one of them is not a
    /// usable public key.
    pub(crate) fn recipients_for(
        &self,
        handle: &str,
        email: Option<&str>,
    ) -> Result<Vec<Recipient>, PrivateError> {
        let configured = self.recipients.iter().filter(|(name, _)| {
            name.as_str() == handle || email.is_some_and(|email| name.eq_ignore_ascii_case(email))
        });
        let mut recipients: Vec<Recipient> = Vec::new();
        for (name, keys) in configured {
            for (index, text) in keys.as_slice().iter().enumerate() {
                let recipient = Recipient::parse(text).map_err(|e| match e {
                    PrivateError::BadRecipient { recipient, reason } => {
                        PrivateError::BadRecipient {
                            recipient: format!(
                                "[private] recipients.{name}[{index}] in microvac.toml \
                                 ({recipient})"
                            ),
                            reason,
                        }
                    }
                    other => other,
                })?;
                if !recipients.contains(&recipient) {
                    recipients.push(recipient);
                }
            }
        }
        if recipients.is_empty() {
            return Err(PrivateError::NoRecipientsFor {
                manager: handle.to_owned(),
            });
        }
        Ok(recipients)
    }

    /// The identity this clone opens notes with: `$MICROVAC_IDENTITY`, else
    /// the user's own `user_config` (git config `microvac.identity`), else
    /// the one this shared table names, else `~/.ssh/id_ed25519`.
    pub(crate) fn identity_path(&self, user_config: Option<&str>) -> PathBuf {
        identity_path(user_config, self.identity.as_deref())
    }
}

/// One thing wrong with the `[private]` table: where in `microvac.toml`
/// (a byte range, when known) and what.
pub(crate) type SettingsProblem = (Option<Range<usize>>, String);

/// Checks the `[private]` table of `microvac.toml` (its text) as `mv
/// check` checks a record: `recipients` maps each manager (a handle or a
/// git email) to one public key or a list of them, each one a key microvac
/// can seal to; `identity` is a path. Each problem names the manager the
/// key belongs to and shows at most the beginning of a key. A text that
/// does not parse has its own problem already, so it gets none here.
pub(crate) fn check_settings(text: &str) -> Vec<SettingsProblem> {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(private) = doc.get("private") else {
        return out;
    };
    let Some(table) = private.as_table_like() else {
        out.push((
            private.span(),
            "[private] must be a table: [private] with recipients = { erin = [\"ssh-ed25519 AAAA… erin@laptop\"] }".into(),
        ));
        return out;
    };
    if let Some(identity) = table.get("identity")
        && identity.as_str().is_none()
    {
        out.push((
            identity.span(),
            "[private] identity must be a path in quotes, such as \"~/.ssh/id_ed25519\" (better: set it in your own git config, `git config --global microvac.identity PATH`)".into(),
        ));
    }
    let Some(recipients) = table.get("recipients") else {
        return out;
    };
    let Some(by_manager) = recipients.as_table_like() else {
        let what = match recipients {
            toml_edit::Item::Value(toml_edit::Value::Array(_)) => "a list",
            toml_edit::Item::Value(toml_edit::Value::String(_)) => "a single string",
            _ => "not a table",
        };
        out.push((
            recipients.span(),
            format!(
                "[private] recipients is {what}; it must say whose keys they are, by manager (a handle or a git email): recipients = {{ erin = [\"ssh-ed25519 AAAA… erin@laptop\"] }}"
            ),
        ));
        return out;
    };
    for (manager, keys) in by_manager.iter() {
        let place = format!("[private] recipients.{manager}");
        let listed: Vec<(&toml_edit::Value, String)> = match keys {
            toml_edit::Item::Value(toml_edit::Value::String(_)) => keys
                .as_value()
                .map(|v| (v, place.clone()))
                .into_iter()
                .collect(),
            toml_edit::Item::Value(toml_edit::Value::Array(array)) => {
                if array.is_empty() {
                    out.push((
                        keys.span(),
                        format!("{place}: no key listed for {manager}, so no private note can be sealed for them"),
                    ));
                }
                array
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v, format!("{place}[{i}]")))
                    .collect()
            }
            _ => {
                out.push((
                    keys.span(),
                    format!("{place}: {manager}'s keys must be a public key in quotes, or a list of them"),
                ));
                continue;
            }
        };
        for (value, at) in listed {
            let Some(key) = value.as_str() else {
                out.push((
                    value.span(),
                    format!("{at}: a key of {manager} must be a public key in quotes"),
                ));
                continue;
            };
            if let Err(e) = Recipient::parse(key) {
                out.push((value.span(), format!("{at}: a key of {manager}: {e}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_keys::{Keys, recipients};
    use super::*;

    fn tracker(text: &str) -> toml::Table {
        text.parse().expect("valid TOML")
    }

    #[test]
    fn settings_give_a_managers_recipients_by_handle_or_email() {
        let keys = Keys::new();
        let laptop = keys.ssh("laptop", "ed25519", "");
        let frank = keys.age("frank.txt");
        let settings = PrivateSettings::from_tracker(&tracker(&format!(
            "team = \"payments\"\n\
             [private]\n\
             recipients = {{ erin = [\"{}\"], \"Frank@Example.com\" = \"{}\" }}\n\
             future-setting = true\n",
            laptop.public, frank.public
        )))
        .expect("valid settings");
        let erin = settings.recipients_for("erin", None).expect("erin's keys");
        assert_eq!(erin, recipients(&[&laptop]));
        let by_email = settings
            .recipients_for("frank", Some("frank@example.com"))
            .expect("frank's keys");
        assert_eq!(by_email, recipients(&[&frank]));
        assert_eq!(
            settings.recipients_for("grace", Some("grace@example.com")),
            Err(PrivateError::NoRecipientsFor {
                manager: "grace".into()
            })
        );
    }

    #[test]
    fn a_key_under_both_handle_and_email_is_sealed_to_once() {
        let keys = Keys::new();
        let laptop = keys.ssh("laptop", "ed25519", "");
        let settings = PrivateSettings::from_tracker(&tracker(&format!(
            "[private.recipients]\nerin = [\"{0}\"]\n\"erin@example.com\" = [\"{0}\"]\n",
            laptop.public
        )))
        .expect("valid settings");
        let erin = settings
            .recipients_for("erin", Some("erin@example.com"))
            .expect("erin's keys");
        assert_eq!(erin.len(), 1);
    }

    #[test]
    fn without_a_private_table_nobody_has_recipients() {
        let settings = PrivateSettings::from_tracker(&tracker("team = \"payments\"\n"))
            .expect("valid settings");
        let error = settings
            .recipients_for("erin", None)
            .expect_err("no recipients");
        assert!(error.to_string().contains("refusing to store"), "{error}");
        assert!(error.hint().is_some());
    }

    #[test]
    fn a_bad_recipient_in_the_settings_names_its_place() {
        let settings = PrivateSettings::from_tracker(&tracker(
            "[private]\nrecipients = { erin = [\"age1zzz\"] }\n",
        ))
        .expect("valid settings");
        let error = settings.recipients_for("erin", None).expect_err("bad key");
        assert!(
            error
                .to_string()
                .starts_with("[private] recipients.erin[0] in microvac.toml"),
            "{error}"
        );
        let error = PrivateSettings::from_tracker(&tracker("[private]\nrecipients = 3\n"))
            .expect_err("wrong shape");
        assert!(matches!(error, PrivateError::BadSettings { .. }), "{error}");
    }

    #[test]
    fn the_identity_setting_is_read() {
        let settings = PrivateSettings::from_tracker(&tracker("[private]\nidentity = \"/k/id\"\n"))
            .expect("valid settings");
        assert_eq!(settings.identity.as_deref(), Some("/k/id"));
        let unset = PrivateSettings::from_tracker(&tracker("[private]\n")).expect("valid");
        assert_eq!(unset.identity, None);
    }
}
