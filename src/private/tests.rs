//! Sealing and opening notes with real keys (see `test_keys`).

use super::test_keys::{Keys, NOTE, assert_no_leak, open_with, recipients};
use super::*;
use std::cell::Cell;

#[test]
fn ssh_ed25519_round_trip() {
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    assert!(
        armored.starts_with(&format!("{ARMOR_BEGIN}\n")),
        "{armored}"
    );
    assert!(armored.ends_with(&format!("{ARMOR_END}\n")), "{armored}");
    assert!(!armored.contains(NOTE) && !armored.contains("burning"));
    assert!(!armored.contains('\r'));
    assert!(is_sealed(&armored));
    assert_eq!(open_with(&armored, &erin.private).as_deref(), Ok(NOTE));
}

#[test]
fn ssh_rsa_round_trip() {
    let keys = Keys::new();
    let erin = keys.ssh("id_rsa", "rsa", "");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    assert!(!armored.contains(NOTE));
    assert_eq!(open_with(&armored, &erin.private).as_deref(), Ok(NOTE));
}

#[test]
fn age_x25519_round_trip() {
    let keys = Keys::new();
    let frank = keys.age("frank.txt");
    let armored = seal(NOTE, &recipients(&[&frank])).expect("sealed");
    assert!(!armored.contains(NOTE));
    assert_eq!(open_with(&armored, &frank.private).as_deref(), Ok(NOTE));
}

#[test]
fn every_recipient_can_open_a_note_sealed_to_several() {
    let keys = Keys::new();
    let laptop = keys.ssh("laptop", "ed25519", "");
    let desktop = keys.ssh("desktop", "rsa", "");
    let age_key = keys.age("age.txt");
    let armored = seal(NOTE, &recipients(&[&laptop, &desktop, &age_key])).expect("sealed");
    for key in [&laptop, &desktop, &age_key] {
        assert_eq!(open_with(&armored, &key.private).as_deref(), Ok(NOTE));
    }
}

#[test]
fn a_note_for_someone_else_is_not_decryptable_with_my_key() {
    let keys = Keys::new();
    let erin = keys.ssh("erin", "ed25519", "");
    let frank = keys.ssh("frank", "ed25519", "");
    let frank_rsa = keys.ssh("frank_rsa", "rsa", "");
    let grace = keys.age("grace.txt");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    for other in [&frank, &frank_rsa, &grace] {
        let error = open_with(&armored, &other.private).expect_err("not frank's");
        assert_eq!(
            error,
            PrivateError::NotForThisKey {
                identity: other.private.display().to_string()
            }
        );
        assert_eq!(
            error.to_string(),
            format!("not decryptable with {}", other.private.display())
        );
        assert_no_leak(&error, NOTE);
    }
}

#[test]
fn a_passphrase_protected_key_asks_once_per_run() {
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "secret");
    let asked = Cell::new(0);
    let ask = |prompt: &str| {
        assert!(prompt.contains("id_ed25519"), "{prompt}");
        asked.set(asked.get() + 1);
        Some("secret".to_owned())
    };
    let identity = IdentitySource::new(erin.private.clone(), &ask);
    let first = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    let second = seal("second note", &recipients(&[&erin])).expect("sealed");
    assert_eq!(
        open(&first, &identity).as_deref().map(String::as_str),
        Ok(NOTE)
    );
    assert_eq!(
        open(&second, &identity).as_deref().map(String::as_str),
        Ok("second note")
    );
    assert_eq!(asked.get(), 1);
}

#[test]
fn a_locked_key_is_not_asked_for_a_note_sealed_to_others() {
    let keys = Keys::new();
    let erin = keys.ssh("erin", "ed25519", "secret");
    let frank = keys.ssh("frank", "ed25519", "");
    let frank_rsa = keys.ssh("frank_rsa", "rsa", "");
    let armored = seal(NOTE, &recipients(&[&frank, &frank_rsa])).expect("sealed");
    let asked = Cell::new(0);
    let ask = |_: &str| {
        asked.set(asked.get() + 1);
        Some("secret".to_owned())
    };
    let identity = IdentitySource::new(erin.private.clone(), &ask);
    let error = open(&armored, &identity).expect_err("not erin's");
    assert!(
        matches!(error, PrivateError::NotForThisKey { .. }),
        "{error}"
    );
    assert_eq!(asked.get(), 0);
}

#[test]
fn a_locked_rsa_key_opens_with_its_passphrase() {
    let keys = Keys::new();
    let erin = keys.ssh("id_rsa", "rsa", "secret");
    let ask = |_: &str| Some("secret".to_owned());
    let identity = IdentitySource::new(erin.private.clone(), &ask);
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    assert_eq!(
        open(&armored, &identity).as_deref().map(String::as_str),
        Ok(NOTE)
    );
}

#[test]
fn a_wrong_passphrase_is_asked_three_times_then_refused() {
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "secret");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    let asked = Cell::new(0);
    let ask = |_: &str| {
        asked.set(asked.get() + 1);
        Some("wrong horse".to_owned())
    };
    let identity = IdentitySource::new(erin.private.clone(), &ask);
    let error = open(&armored, &identity).expect_err("wrong passphrase");
    assert_eq!(
        error,
        PrivateError::WrongPassphrase {
            identity: erin.private.display().to_string()
        }
    );
    assert_no_leak(&error, NOTE);
    assert_no_leak(&error, "wrong horse");
    // The next note of the same run does not ask again.
    assert_eq!(open(&armored, &identity), Err(error));
    assert_eq!(asked.get(), 3);
}

#[test]
fn a_locked_key_without_a_terminal_needs_a_passphrase() {
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "secret");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    let error = open_with(&armored, &erin.private).expect_err("locked");
    assert!(
        matches!(error, PrivateError::PassphraseNeeded { .. }),
        "{error}"
    );
    assert!(error.hint().is_some());
    assert_no_leak(&error, NOTE);
}

#[test]
fn sealing_to_no_one_is_refused() {
    let error = seal(NOTE, &[]).expect_err("no recipients");
    assert_eq!(error, PrivateError::NoRecipients);
    assert_no_leak(&error, NOTE);
}

#[test]
fn cleartext_in_a_private_field_is_not_a_sealed_note() {
    assert!(!is_sealed(NOTE));
    assert!(!is_sealed(""));
    assert!(!is_sealed(&format!("{ARMOR_BEGIN}\nYWdl\n")));
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "");
    let error = open_with(NOTE, &erin.private).expect_err("not armored");
    assert_eq!(error, PrivateError::BadArmor);
    assert_no_leak(&error, NOTE);
    // Text around the block is not part of a note either.
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    let smuggled = format!("{armored}{NOTE}\n");
    assert!(!is_sealed(&smuggled));
    assert_eq!(
        open_with(&smuggled, &erin.private),
        Err(PrivateError::BadArmor)
    );
}

#[test]
fn a_hand_edited_block_still_opens() {
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    let indented: String = armored.lines().map(|l| format!("    {l}\r\n")).collect();
    let edited = format!("\n\n{indented}\n  ");
    assert!(is_sealed(&edited));
    assert_eq!(open_with(&edited, &erin.private).as_deref(), Ok(NOTE));
}

#[test]
fn a_damaged_note_is_an_error_not_a_panic() {
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    let lines: Vec<&str> = armored.lines().collect();
    for line in 1..lines.len() - 1 {
        for at in [0, lines[line].len() / 2, lines[line].len() - 1] {
            let mut damaged: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
            let mut bytes = damaged[line].clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            damaged[line] = String::from_utf8(bytes).expect("ascii");
            let damaged = damaged.join("\n") + "\n";
            if damaged == armored {
                continue;
            }
            let error = open_with(&damaged, &erin.private).expect_err("damaged");
            assert!(
                matches!(
                    error,
                    PrivateError::Damaged(_)
                        | PrivateError::BadArmor
                        | PrivateError::NotForThisKey { .. }
                ),
                "line {line}, byte {at}: {error}"
            );
            assert_no_leak(&error, NOTE);
        }
    }
}

#[test]
fn identity_files_that_cannot_open_notes_say_why() {
    let keys = Keys::new();
    let erin = keys.ssh("id_ed25519", "ed25519", "");
    let armored = seal(NOTE, &recipients(&[&erin])).expect("sealed");
    let missing = keys.dir.path().join("nowhere");
    assert_eq!(
        open_with(&armored, &missing),
        Err(PrivateError::NoIdentity {
            identity: missing.display().to_string()
        })
    );
    let public = erin.private.with_extension("pub");
    let error = open_with(&armored, &public).expect_err("a public key");
    assert!(error.to_string().contains("is a public key"), "{error}");
    // Whatever the file holds is never echoed back.
    let junk = keys.dir.path().join("junk");
    std::fs::write(&junk, "not-a-key but maybe someone's secret\n").expect("written");
    let error = open_with(&armored, &junk).expect_err("not a key");
    assert!(
        matches!(error, PrivateError::UnsupportedIdentity { .. }),
        "{error}"
    );
    assert_no_leak(&error, "someone's secret");
    assert_no_leak(&error, NOTE);
    let error = open_with(&armored, keys.dir.path()).expect_err("a directory");
    assert!(
        matches!(error, PrivateError::UnreadableIdentity { .. }),
        "{error}"
    );
}
