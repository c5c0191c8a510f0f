//! Private notes from the command line, with freshly generated SSH keys
//! (`ssh-keygen -t ed25519 -N ''`): written with `mv log --private`,
//! `mv checkin --private -` (stdin), the `mv log` editor template and the
//! `mv coach` prompt; then every object of the repository, the work tree
//! with `.git/`, and the temporary directory the commands used are searched
//! for the cleartext (never found); the right key reads the notes, a wrong
//! one gets a plain message; without recipients `--private` refuses.

use crate::common;
use crate::terminal;

use common::TestRepo;
use std::path::{Path, PathBuf};
use terminal::{ENTER, Terminal, plain};

/// The cleartexts written, each findable by a search of its own.
const SECRETS: [&str; 4] = [
    "CLEAR-flag-thinking-of-leaving",
    "CLEAR-stdin-asked-about-promotion",
    "CLEAR-editor-burnout-signs",
    "CLEAR-coach-family-matters",
];

/// The usual team, erin (the manager, with the git email) on record, and
/// keys: `erin` configured as her recipient, `stranger` not.
struct Setup {
    repo: TestRepo,
    keys: PathBuf,
    tmp: PathBuf,
}

fn keygen(dir: &Path, name: &str, passphrase: &str) -> PathBuf {
    let key = dir.join(name);
    let out = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f"])
        .arg(&key)
        .output()
        .expect("ssh-keygen runs");
    assert!(out.status.success(), "{out:?}");
    key
}

fn setup() -> Setup {
    let repo = TestRepo::team();
    let keys = repo.scratch("keys");
    let tmp = repo.scratch("tmp");
    let erin = keygen(&keys, "erin", "");
    keygen(&keys, "stranger", "");
    repo.mv(&[
        "person",
        "add",
        "erin",
        "--name",
        "Erin Manager",
        "--email",
        common::AUTHOR_EMAIL,
    ])
    .success();
    let public = std::fs::read_to_string(erin.with_extension("pub")).unwrap();
    let settings = repo.read("microvac.toml");
    repo.write(
        "microvac.toml",
        &format!(
            "{settings}\n[private]\nrecipients = {{ erin = [\"{}\"] }}\n",
            public.trim()
        ),
    );
    repo.git(&["commit", "-qam", "erin's key for private notes"]);
    Setup { repo, keys, tmp }
}

impl Setup {
    /// `mv ARGS` with the temporary directory under watch.
    fn mv(&self, args: &[&str]) -> common::Run {
        self.repo.mv_cmd(args).env("TMPDIR", &self.tmp)
    }

    fn key(&self, name: &str) -> String {
        self.keys.join(name).display().to_string()
    }
}

/// Every file under `dir`, recursively, with its bytes.
fn files(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            files(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Where each secret shows, anywhere it must not: git's objects (every
/// one, loose or packed, as `git cat-file` prints them), the work tree and
/// `.git/`, the temporary directory.
fn leaks(s: &Setup) -> Vec<String> {
    let objects = s
        .repo
        .git_cmd(&["cat-file", "--batch-all-objects", "--batch"])
        .run()
        .success();
    let objects = objects.stdout();
    assert!(
        objects.contains("BEGIN AGE ENCRYPTED FILE"),
        "the notes were stored, sealed"
    );
    let mut on_disk = Vec::new();
    files(s.repo.path(), &mut on_disk);
    files(&s.tmp, &mut on_disk);
    files(s.repo.home(), &mut on_disk);
    assert!(
        on_disk
            .iter()
            .any(|(_, b)| contains(b, "BEGIN AGE ENCRYPTED FILE")),
        "the search reads the records"
    );
    let mut found = Vec::new();
    for secret in SECRETS {
        if objects.contains(secret) {
            found.push(format!("{secret} in a git object"));
        }
        for (path, bytes) in &on_disk {
            if contains(bytes, secret) {
                found.push(format!("{secret} in {}", path.display()));
            }
        }
    }
    found
}

#[test]
fn private_notes_are_stored_only_sealed_and_read_only_with_the_right_key() {
    let s = setup();
    let repo = &s.repo;

    // 1. A flag.
    let out = s
        .mv(&[
            "log",
            "alice",
            "--exemplar",
            "Foo project",
            "--fill",
            "sprint-planning@payments",
            "--private",
            SECRETS[0],
        ])
        .run()
        .success();
    assert!(
        !out.stdout().contains("CLEAR") && !out.stderr().contains("CLEAR"),
        "{out}"
    );
    let conversation = repo.last_commit_files();
    let conversation = conversation
        .lines()
        .find(|f| f.starts_with("conversations/"))
        .unwrap()
        .to_owned();
    let text = repo.read(&conversation);
    assert!(
        text.contains(
            "private_for = [\"erin\"]\nprivate = \"\"\"\n-----BEGIN AGE ENCRYPTED FILE-----\n"
        ),
        "{text}"
    );

    // 2. Stdin, on a check-in.
    let id = repo.only_commitment_id("alice");
    s.mv(&["checkin", &id, "--comfort", "2", "--private", "-"])
        .stdin(SECRETS[1])
        .run()
        .success();

    // 3. The editor template: the editor writes the note into its field.
    let editor = repo.scratch("bin").join("write-private");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nsed -i -e 's/^exemplar = \"\"/exemplar = \"Bar\"/' -e 's/^private = \"\"\"/private = \"\"\"{}/' \"$1\"\n",
            SECRETS[2]
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let cmd = format!("{} log alice", common::mv_bin().display());
    let out = repo
        .cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("GIT_EDITOR", editor.to_str().unwrap())
        .env("TMPDIR", &s.tmp)
        .run()
        .success();
    assert!(
        out.stdout()
            .contains("recorded: 1:1 with alice about \"Bar\""),
        "{out}"
    );

    // 4. The coach's prompt, in a terminal.
    repo.mv(&["person", "edit", "bob", "--project", "payments"])
        .success();
    let mut t = Terminal::spawn(
        repo,
        common::mv_bin().as_os_str(),
        &["coach", "bob", "--date", "2026-11-24"],
        &[("TMPDIR", s.tmp.to_str().unwrap())],
    );
    t.answer("What was it called?", "Baz");
    t.answer("did they really like?", "status emails");
    t.wait_for("which vacuum did they fill?").send(ENTER);
    t.answer("Anything else they liked?", "");
    t.wait_for("Which one will they start with?").send(ENTER);
    t.answer("Any worries they raised?", "");
    // Nobody has done it before: "no buddy for now", the last choice.
    t.wait_for("no buddy for now")
        .send(terminal::DOWN)
        .send(ENTER);
    t.answer("first check-in", "");
    t.answer("next 1:1", "");
    t.answer("A private note, for your eyes only", SECRETS[3]);
    t.wait_for("private note:   sealed for erin");
    t.answer("Record this conversation and commitment?", "y");
    let (code, _) = t.finish();
    assert_eq!(code, 0, "{}", plain(&t.seen));

    // Nowhere in the clear: not in git, the work tree, .git/ or the temp dir.
    assert_eq!(leaks(&s), Vec::<String>::new());
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();
    repo.assert_fsck_clean();
    let temp_left: Vec<_> = std::fs::read_dir(&s.tmp).unwrap().collect();
    assert!(temp_left.is_empty(), "temporary files left: {temp_left:?}");

    // The right key reads every note.
    let growth = s
        .mv(&["growth", "alice", "--format", "markdown"])
        .env("MICROVAC_IDENTITY", s.key("erin"))
        .run()
        .success()
        .stdout();
    for secret in &SECRETS[..3] {
        assert!(growth.contains(secret), "{secret} not read:\n{growth}");
    }
    let show = s
        .mv(&["show", &id])
        .env("MICROVAC_IDENTITY", s.key("erin"))
        .run()
        .success()
        .stdout();
    assert!(
        show.contains(&format!("    private: {}", SECRETS[1])),
        "{show}"
    );
    let bob = s
        .mv(&["growth", "bob", "--format", "json"])
        .env("MICROVAC_IDENTITY", s.key("erin"))
        .run()
        .success()
        .json();
    assert_eq!(bob["conversations"][0]["private"]["text"], SECRETS[3]);

    // A wrong key: a plain message, no cleartext.
    let wrong = s
        .mv(&["growth", "alice", "--format", "markdown"])
        .env("MICROVAC_IDENTITY", s.key("stranger"))
        .run()
        .success()
        .stdout();
    assert!(!wrong.contains("CLEAR"), "{wrong}");
    let expected = format!(
        "(private note for erin; not decryptable with {})",
        s.key("stranger")
    );
    assert!(wrong.contains(&expected), "{expected:?} not in:\n{wrong}");
    // No key at all, by default ~/.ssh/id_ed25519.
    let none = s.mv(&["show", &id]).run().success().stdout();
    assert!(
        none.contains("    private: (private note for erin; no key at ~/.ssh/id_ed25519 to read private notes with)"),
        "{none}"
    );
}

#[test]
fn the_carry_over_opens_last_times_note_on_the_terminal_only() {
    let s = setup();
    s.mv(&["log", "alice", "--concern", "slow", "--private", SECRETS[0]])
        .run()
        .success();
    // The editor template never holds the cleartext: it is a file.
    let copy = s.repo.scratch("seen").join("template.toml");
    let editor = s.repo.scratch("bin").join("keep-a-copy");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\ncp \"$1\" {}\n", copy.display()),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let cmd = format!("{} log alice", common::mv_bin().display());
    s.repo
        .cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("GIT_EDITOR", editor.to_str().unwrap())
        .env("MICROVAC_IDENTITY", s.key("erin"))
        .run()
        .success();
    let template = std::fs::read_to_string(&copy).unwrap();
    assert!(!template.contains("CLEAR"), "{template}");
    assert!(
        template.contains("#   a private note was kept (not copied here; `mv growth` shows it)"),
        "{template}"
    );
    assert!(
        template.contains("private = \"\"\"\n\"\"\""),
        "the field is offered:\n{template}"
    );
    // `mv coach` says there is one, and shows it only when asked to: the
    // engineer may be watching the screen.
    let mut t = Terminal::spawn(
        &s.repo,
        common::mv_bin().as_os_str(),
        &["coach", "alice", "--first"],
        &[("MICROVAC_IDENTITY", &s.key("erin"))],
    );
    t.wait_for("a private note was kept (not shown; `mv coach alice --show-private` shows it)");
    t.wait_for("What was it called?").send(terminal::ESC);
    assert_eq!(t.finish().0, 130);
    assert!(!t.seen.contains("CLEAR"), "{}", plain(&t.seen));
    let mut t = Terminal::spawn(
        &s.repo,
        common::mv_bin().as_os_str(),
        &["coach", "alice", "--first", "--show-private"],
        &[("MICROVAC_IDENTITY", &s.key("erin"))],
    );
    t.wait_for(&format!("your private note: {}", SECRETS[0]));
    t.wait_for("What was it called?").send(terminal::ESC);
    assert_eq!(t.finish().0, 130);
}

#[test]
fn without_recipients_private_notes_are_refused() {
    let repo = TestRepo::team();
    let head = repo.head();
    let out = repo
        .mv(&["log", "alice", "--exemplar", "Foo", "--private", SECRETS[0]])
        .code(1);
    assert!(!out.stderr().contains("CLEAR"), "{out}");
    repo.snapshot_filters().bind(|| {
        insta::assert_snapshot!(out.stderr(), @r#"
        error: no recipients configured for erin@example.com's private notes; refusing to store one in cleartext
        hint: add the manager's public key to microvac.toml: [private] recipients = { erin = ["ssh-ed25519 AAAA… erin@laptop"] }
        "#);
    });
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    let after_fill = repo.head();
    repo.mv(&["checkin", &id, "--private", SECRETS[1]]).code(1);
    assert_eq!(repo.head(), after_fill);
    assert_ne!(head, after_fill);
    assert_eq!(repo.status(), "");
    assert!(!repo.exists(".git/microvac.lock"));
}

#[test]
fn a_private_note_written_in_the_clear_by_hand_is_flagged_not_quoted() {
    let repo = TestRepo::team();
    repo.mv(&["log", "alice", "--exemplar", "Foo"]).success();
    let file = repo.last_commit_files().trim().to_owned();
    let text = repo.read(&file);
    repo.write(&file, &format!("{text}private = \"{}\"\n", SECRETS[0]));
    let out = repo.mv(&["check"]).code(1);
    let stderr = out.stderr();
    assert!(!stderr.contains("CLEAR"), "{stderr}");
    assert!(
        stderr.contains("this private note is not encrypted"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{file}:")), "{stderr}");
}

#[test]
fn a_broken_edit_holding_a_private_note_is_kept_only_blotted_and_never_shown() {
    let s = setup();
    let editor = s.repo.scratch("bin").join("break-it");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\ngrep -q {0} \"$1\" || sed -i -e 's/^private = \"\"\"/private = \"\"\"{0}/' -e 's/^next = .*/next = 2026-13-45/' \"$1\"\n",
            SECRETS[2]
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let head = s.repo.head();
    let cmd = format!("{} log alice", common::mv_bin().display());
    let out = s
        .repo
        .cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("GIT_EDITOR", editor.to_str().unwrap())
        .env("TMPDIR", &s.tmp)
        .run();
    assert!(!out.stdout().contains("CLEAR"), "{out}");
    // The rest of the text is kept, its note blotted out.
    assert!(
        out.stdout().contains("its private note blotted out"),
        "{out}"
    );
    let kept = s.repo.read(".git/microvac-rejected-conversation.toml");
    assert!(kept.contains("next = 2026-13-45"), "{kept}");
    assert_eq!(s.repo.head(), head);
    let mut on_disk = Vec::new();
    files(&s.repo.path().join(".git"), &mut on_disk);
    files(&s.tmp, &mut on_disk);
    for (path, bytes) in on_disk {
        assert!(!contains(&bytes, SECRETS[2]), "left in {}", path.display());
    }
}

#[test]
fn a_passphrase_protected_key_asks_for_its_passphrase_at_the_terminal() {
    let repo = TestRepo::team();
    let keys = repo.scratch("keys");
    let locked = keygen(&keys, "locked", "correct horse");
    let public = std::fs::read_to_string(locked.with_extension("pub")).unwrap();
    let settings = repo.read("microvac.toml");
    repo.write(
        "microvac.toml",
        &format!(
            "{settings}\n[private]\nrecipients = {{ \"{}\" = \"{}\" }}\n",
            common::AUTHOR_EMAIL,
            public.trim()
        ),
    );
    repo.git(&["commit", "-qam", "a locked key"]);
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    repo.mv(&["checkin", &id, "--private", SECRETS[1]])
        .success();
    let identity = locked.display().to_string();
    // Off a terminal, it says what it needs.
    let out = repo
        .mv_cmd(&["show", &id])
        .env("MICROVAC_IDENTITY", &identity)
        .run()
        .success()
        .stdout();
    assert!(
        out.contains("is protected by a passphrase, and none was given)"),
        "{out}"
    );
    // At a terminal, it asks once, and reads.
    let mut t = Terminal::spawn(
        &repo,
        common::mv_bin().as_os_str(),
        &["show", &id],
        &[("MICROVAC_IDENTITY", &identity)],
    );
    t.wait_for("Passphrase for")
        .send("correct horse")
        .send(ENTER);
    t.wait_for(&format!("private: {}", SECRETS[1]));
    assert_eq!(t.finish().0, 0);
}

/// An editor (a script) that runs `body` with the file as `$1`.
fn editor(repo: &TestRepo, name: &str, body: &str) -> String {
    let path = repo.scratch("bin").join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    path.display().to_string()
}

/// `mv ARGS` in a terminal (`script`), with `editor` as the editor and
/// the temporary directory under watch.
fn in_terminal(s: &Setup, args: &str, editor: &str) -> common::Output {
    let cmd = format!("{} {args}", common::mv_bin().display());
    s.repo
        .cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("GIT_EDITOR", editor)
        .env("TMPDIR", &s.tmp)
        .run()
}

/// Every file under the repository (`.git/` included), the temporary
/// directory and `HOME`, and every git object, that holds `secret`.
fn found(s: &Setup, secret: &str) -> Vec<String> {
    let mut on_disk = Vec::new();
    files(s.repo.path(), &mut on_disk);
    files(&s.tmp, &mut on_disk);
    files(s.repo.home(), &mut on_disk);
    let mut out: Vec<String> = on_disk
        .iter()
        .filter(|(_, b)| contains(b, secret))
        .map(|(p, _)| p.display().to_string())
        .collect();
    let objects = s
        .repo
        .git_cmd(&["cat-file", "--batch-all-objects", "--batch"])
        .run()
        .success()
        .stdout();
    if objects.contains(secret) {
        out.push("a git object".into());
    }
    out
}

fn mode(path: &Path) -> u32 {
    std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(path).unwrap().permissions()) & 0o777
}

#[test]
fn mv_edit_seals_a_private_note_written_in_the_editor() {
    let s = setup();
    let repo = &s.repo;
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    // Indented, in a check-in, and in an inline table in an array: each
    // is sealed where it sits.
    let secret = "CLEAR-edit-considering-a-PIP";
    let ed = editor(
        repo,
        "add-checkin",
        &format!(
            "printf '\\n[[checkin]]\\ndate = 2026-11-23\\nnote = \"went ok\"\\n  private = \"{secret}\"\\n' >> \"$1\""
        ),
    );
    let out = in_terminal(&s, &format!("edit {id}"), &ed).success();
    assert!(!out.stdout().contains(secret), "{out}");
    assert_eq!(found(&s, secret), Vec::<String>::new());
    let file = repo.last_commit_files().trim().to_owned();
    let text = repo.read(&file);
    assert!(
        text.contains("  private = \"\"\"\n-----BEGIN AGE ENCRYPTED FILE-----"),
        "{text}"
    );
    assert!(text.contains("private_for = [\"erin\"]"), "{text}");
    repo.mv(&["check"]).success();
    assert_eq!(repo.status(), "");
    let show = s
        .mv(&["show", &id])
        .env("MICROVAC_IDENTITY", s.key("erin"))
        .run()
        .success()
        .stdout();
    assert!(show.contains(&format!("private: {secret}")), "{show}");
    // A person's or a project's file, in the editor: sealed as well.
    for (args, secret) in [
        ("person edit alice", "CLEAR-person-editor"),
        ("project edit payments", "CLEAR-project-editor"),
    ] {
        let ed = editor(
            repo,
            &format!("add-private-{}", secret.len()),
            &format!("cat >> \"$1\" <<'EOF'\n  \"private\" = \"{secret}\"\nEOF"),
        );
        let out = in_terminal(&s, args, &ed).success();
        assert!(out.stdout().contains("recorded:"), "{out}");
        assert_eq!(found(&s, secret), Vec::<String>::new(), "{args}");
    }
    repo.mv(&["check"]).success();
    assert_eq!(repo.status(), "");
    repo.assert_fsck_clean();
}

#[test]
fn without_a_key_an_edited_private_note_is_refused_and_kept_only_blotted() {
    let repo = TestRepo::team();
    let tmp = repo.scratch("tmp");
    let s = Setup {
        repo,
        keys: PathBuf::new(),
        tmp,
    };
    let repo = &s.repo;
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    let head = repo.head();
    let secret = "CLEAR-no-key-interviewing";
    let ed = editor(
        repo,
        "add-checkin",
        &format!(
            "grep -q CLEAR \"$1\" || printf '\\n[[checkin]]\\ndate = 2026-11-20\\nprivate = \"{secret}\"\\n' >> \"$1\""
        ),
    );
    let out = in_terminal(&s, &format!("edit {id}"), &ed);
    assert!(!out.status().success(), "{out}");
    assert!(
        out.stdout().contains("no recipients configured for"),
        "{out}"
    );
    assert!(!out.stdout().contains(secret), "{out}");
    assert_eq!(repo.head(), head);
    assert_eq!(repo.status(), "");
    assert_eq!(found(&s, secret), Vec::<String>::new());
    // The rest of the edit is kept, the note blotted out, for the user only.
    let rejected = std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("microvac-rejected-"))
        .expect("the edit is kept");
    let kept = std::fs::read_to_string(&rejected).unwrap();
    assert!(
        kept.contains("[[checkin]]\ndate = 2026-11-20\nprivate =*"),
        "{kept}"
    );
    assert_eq!(mode(&rejected), 0o600);
}

#[test]
fn no_microvac_commit_holds_a_file_with_a_private_note_in_the_clear() {
    let s = setup();
    let repo = &s.repo;
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    // A private note committed in the clear by hand, past the hook.
    let file = repo.last_commit_files().trim().to_owned();
    let text = repo.read(&file);
    repo.write(
        &file,
        &format!("{text}\n[[checkin]]\ndate = 2026-11-20\n\"priv\\u0061te\" = \"CLEAR-by-hand\"\n"),
    );
    repo.git(&["commit", "-qam", "by hand", "--no-verify"]);
    let head = repo.head();
    // A microvac write to that file (flags: nothing typed to seal) is
    // refused: it would record the file with the note in it once more.
    let out = repo.mv(&["edit", &id, "--buddy", "bob"]).code(1);
    assert!(!out.stderr().contains("CLEAR"), "{out}");
    assert!(
        out.stderr().contains(&format!(
            "refusing to record {file}: its checkin[0].private holds a private note in the clear"
        )),
        "{out}"
    );
    assert_eq!(repo.head(), head);
    assert_eq!(repo.status(), "");
}

#[test]
fn a_rejected_edit_never_keeps_a_private_note_in_the_clear() {
    let s = setup();
    let repo = &s.repo;
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    // Each breaks the TOML too, so nothing can be sealed: the text is
    // kept with the note blotted out, whatever its spelling.
    let spellings = [
        ("indented", r#"  private = "CLEAR-indented""#),
        ("quoted", r#""private" = "CLEAR-quoted""#),
        ("inline", r#"x = { y = 1, private = "CLEAR-inline" }"#),
        ("multi", "private = \"\"\"\nCLEAR-multi\n\"\"\""),
        ("escaped", r#""priv\u0061te" = 'CLEAR-escaped'"#),
        ("dotted", r#"a.private = "CLEAR-dotted""#),
    ];
    for (name, line) in spellings {
        let secret = format!("CLEAR-{name}");
        let ed = editor(
            repo,
            &format!("break-{name}"),
            &format!(
                "grep -q CLEAR \"$1\" || cat >> \"$1\" <<'EOF'\n\n[[checkin]]\ndate = 2026-13-45\n{line}\nEOF"
            ),
        );
        let out = in_terminal(&s, &format!("edit {id}"), &ed);
        assert!(!out.status().success(), "{name}: {out}");
        assert!(!out.stdout().contains(&secret), "{name}: {out}");
        assert!(
            out.stdout().contains("its private note blotted out"),
            "{name}: {out}"
        );
        assert_eq!(found(&s, &secret), Vec::<String>::new(), "{name}");
        // A person's file too.
        let ed = editor(
            repo,
            &format!("break-person-{name}"),
            &format!("grep -q CLEAR \"$1\" || cat >> \"$1\" <<'EOF'\n\nrole = \n{line}\nEOF"),
        );
        let out = in_terminal(&s, "person edit alice", &ed);
        assert!(!out.status().success(), "{name}: {out}");
        assert!(!out.stdout().contains(&secret), "{name}: {out}");
        assert_eq!(found(&s, &secret), Vec::<String>::new(), "{name}");
    }
    for entry in std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .flatten()
    {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("microvac-rejected-")
        {
            assert_eq!(mode(&entry.path()), 0o600, "{}", entry.path().display());
        }
    }
    // `mv log`'s editor: indented, with another mistake.
    let ed = editor(
        repo,
        "log-indented",
        "grep -q CLEAR \"$1\" || printf '\\n  private = \"CLEAR-log-indented\"\\nnext = 2026-13-45\\n' >> \"$1\"",
    );
    let out = in_terminal(&s, "log alice", &ed);
    assert!(!out.status().success(), "{out}");
    assert!(!out.stdout().contains("CLEAR-log-indented"), "{out}");
    assert_eq!(found(&s, "CLEAR-log-indented"), Vec::<String>::new());
    assert_eq!(repo.status(), "");
}

#[test]
fn a_signal_while_the_editor_is_open_leaves_no_note_behind() {
    let s = setup();
    let repo = &s.repo;
    let head = repo.head();
    // (signal, to the whole process group as a closed terminal or Ctrl-C
    // sends it, or to mv alone)
    let cases = [
        (libc::SIGHUP, true),
        (libc::SIGTERM, false),
        (libc::SIGINT, true),
        (libc::SIGHUP, false),
        (libc::SIGTERM, true),
        (libc::SIGINT, false),
        (libc::SIGQUIT, false),
    ];
    for (signal, group) in cases {
        let secret = format!("CLEAR-signal-{signal}-{group}");
        // The editor types the note, says so, and waits, holding nothing
        // of the terminal.
        let ed = editor(
            repo,
            &format!("type-and-wait-{signal}-{group}"),
            &format!(
                "printf 'notes = \"{secret}\"\\n' >> \"$1\"\necho EDITOR-OPEN\nexec sleep 300 </dev/null >/dev/null 2>&1"
            ),
        );
        let mut t = Terminal::spawn(
            repo,
            common::mv_bin().as_os_str(),
            &["log", "alice"],
            &[("GIT_EDITOR", &ed), ("TMPDIR", s.tmp.to_str().unwrap())],
        );
        t.wait_for("EDITOR-OPEN");
        let pid = t.pid();
        let target = if group { -pid } else { pid };
        // SAFETY: a signal to the process the test started.
        assert_eq!(unsafe { libc::kill(target, signal) }, 0);
        // Shown with a failure: which case it was.
        println!(
            "signal {signal} to {}",
            if group { "the group" } else { "mv" }
        );
        match t.finish_status() {
            expectrl::process::unix::WaitStatus::Signaled(_, got, _) => {
                assert_eq!(got as i32, signal, "{}", plain(&t.seen))
            }
            other => panic!("{signal}: ended with {other:?}\n{}", plain(&t.seen)),
        }
        let left: Vec<_> = std::fs::read_dir(&s.tmp).unwrap().flatten().collect();
        assert!(left.is_empty(), "{signal}: left in TMPDIR: {left:?}");
        assert_eq!(found(&s, &secret), Vec::<String>::new(), "{signal}");
        assert_eq!(repo.head(), head);
        assert_eq!(repo.status(), "");
    }
}

#[test]
fn the_identity_is_only_ever_a_small_regular_file_and_the_users_choice_comes_first() {
    let s = setup();
    let repo = &s.repo;
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    s.mv(&["checkin", &id, "--private", "CLEAR-identity-note"])
        .run()
        .success();
    let fifo = repo.scratch("odd").join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // A file far larger than any key, sparse: nothing of it needs reading.
    let huge = repo.scratch("odd").join("huge");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(4 << 30)
        .unwrap();
    let settings = repo.read("microvac.toml");
    for (path, says) in [
        ("/dev/zero", "it is a device, not a key file"),
        (
            fifo.to_str().unwrap(),
            "it is a named pipe (FIFO), not a key file",
        ),
        (
            huge.to_str().unwrap(),
            "it is larger than 64 KiB, far too large to be a key",
        ),
        (
            repo.scratch("odd").to_str().unwrap(),
            "it is a directory, not a key file",
        ),
    ] {
        // Committed by a teammate, in the shared settings.
        repo.write(
            "microvac.toml",
            &settings.replace(
                "[private]\n",
                &format!("[private]\nidentity = \"{path}\"\n"),
            ),
        );
        let out = repo
            .mv_cmd(&["show", &id])
            .env_remove("MICROVAC_IDENTITY")
            .timeout(std::time::Duration::from_secs(20))
            .run()
            .success();
        let stdout = out.stdout();
        assert!(stdout.contains(says), "{path}: {stdout}");
        assert!(!stdout.contains("CLEAR"), "{stdout}");
        // The user's own git config comes first: their key reads the note.
        repo.git(&["config", "microvac.identity", &s.key("erin")]);
        let own = repo.mv_cmd(&["show", &id]).run().success().stdout();
        assert!(own.contains("private: CLEAR-identity-note"), "{own}");
        repo.git(&["config", "--unset", "microvac.identity"]);
    }
    repo.write("microvac.toml", &settings);
}

#[test]
fn the_private_settings_are_never_read_through_a_link() {
    let s = setup();
    let repo = &s.repo;
    // microvac.toml replaced by a link to a copy elsewhere, [private]
    // and all.
    let elsewhere = repo.scratch("elsewhere").join("microvac.toml");
    std::fs::write(&elsewhere, repo.read("microvac.toml")).unwrap();
    std::fs::remove_file(repo.path().join("microvac.toml")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, repo.path().join("microvac.toml")).unwrap();
    let head = repo.head();
    let out = s
        .mv(&[
            "log",
            "alice",
            "--exemplar",
            "Foo",
            "--private",
            "CLEAR-link",
        ])
        .run();
    assert!(!out.status().success(), "{out}");
    assert!(
        out.stderr()
            .contains("microvac.toml is a symbolic link; microvac never follows links"),
        "{out}"
    );
    assert!(!out.stderr().contains("CLEAR"), "{out}");
    assert_eq!(repo.head(), head);
    assert_eq!(found(&s, "CLEAR-link"), Vec::<String>::new());
}

#[test]
fn mv_check_holds_the_private_settings_to_their_shape_and_names_whose_key_is_wrong() {
    let s = setup();
    let repo = &s.repo;
    repo.mv(&["check"]).success();
    let settings = repo.read("microvac.toml");
    let public = std::fs::read_to_string(s.keys.join("erin.pub")).unwrap();
    let base = settings.split("\n[private]\n").next().unwrap().to_owned();
    let cases = [
        (
            format!("recipients = [\"{}\"]\n", public.trim()),
            "[private] recipients is a list; it must say whose keys they are, by manager",
        ),
        (
            "recipients = { erin = [\"ssh-ed25519 AAAAnotakey\"] }\n".to_owned(),
            "[private] recipients.erin[0]: a key of erin:",
        ),
        (
            "recipients = { frank = [] }\n".to_owned(),
            "[private] recipients.frank: no key listed for frank",
        ),
        (
            "recipients = { erin = 3 }\n".to_owned(),
            "[private] recipients.erin: erin's keys must be a public key in quotes",
        ),
        (
            format!(
                "recipients = {{ erin = \"{}\" }}\nidentity = 7\n",
                public.trim()
            ),
            "[private] identity must be a path in quotes",
        ),
    ];
    for (table, says) in cases {
        repo.write("microvac.toml", &format!("{base}\n[private]\n{table}"));
        let out = repo.mv(&["check"]).code(1);
        assert!(out.stderr().contains(says), "{table}: {out}");
        assert!(out.stderr().contains("microvac.toml:"), "{table}: {out}");
    }
    // A private key pasted in place of the public one is refused, never
    // echoed.
    let secret = std::fs::read_to_string(s.keys.join("erin")).unwrap();
    let inner = secret.lines().nth(1).unwrap();
    repo.write(
        "microvac.toml",
        &format!("{base}\n[private]\nrecipients = {{ erin = '''\n{secret}''' }}\n"),
    );
    let out = repo.mv(&["check"]).code(1);
    assert!(out.stderr().contains("this is a private key"), "{out}");
    assert!(!out.stderr().contains(inner), "{out}");
    // As staged, for the hook.
    repo.write(
        "microvac.toml",
        &format!("{base}\n[private]\nrecipients = [\"x\"]\n"),
    );
    repo.git(&["add", "microvac.toml"]);
    let out = repo.mv(&["check", "--staged"]).code(1);
    assert!(
        out.stderr().contains("[private] recipients is a list"),
        "{out}"
    );
    repo.write("microvac.toml", &settings);
    repo.git(&["add", "microvac.toml"]);
    repo.mv(&["check"]).success();
    // A private note in the clear where no rule looks: a person's file.
    let alice = repo.read("people/alice.toml");
    repo.write(
        "people/alice.toml",
        &format!("{alice}private = \"CLEAR-person\"\n"),
    );
    let out = repo.mv(&["check"]).code(1);
    assert!(
        out.stderr()
            .contains("this private note is not encrypted: its private is not sealed"),
        "{out}"
    );
    assert!(!out.stderr().contains("CLEAR"), "{out}");
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "MICROVAC_FAULT is only in debug builds"
)]
fn a_write_stopped_at_each_step_leaves_no_note_in_the_clear() {
    let s = setup();
    let repo = &s.repo;
    repo.mv(&["fill", "alice", "sprint-planning@payments"])
        .success();
    let id = repo.only_commitment_id("alice");
    let steps = [
        "after-lock",
        "after-objects",
        "after-journal",
        "after-files",
        "after-index",
        "after-ref",
    ];
    for step in steps {
        let flag = format!("CLEAR-killed-flag-{step}");
        let stdin = format!("CLEAR-killed-stdin-{step}");
        let out = s
            .mv(&["log", "alice", "--exemplar", "Foo", "--private", &flag])
            .env("MICROVAC_FAULT", step)
            .run();
        assert!(!out.status().success(), "{step}: {out}");
        let out = s
            .mv(&["checkin", &id, "--private", "-"])
            .env("MICROVAC_FAULT", step)
            .stdin(stdin.clone())
            .run();
        assert!(!out.status().success(), "{step}: {out}");
        for secret in [&flag, &stdin] {
            assert_eq!(found(&s, secret), Vec::<String>::new(), "{step}");
        }
        // The next command finishes or rolls back; still nothing in the clear.
        repo.mv(&["check"]).success();
        for secret in [&flag, &stdin] {
            assert_eq!(found(&s, secret), Vec::<String>::new(), "{step}");
        }
    }
    repo.assert_fsck_clean();
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "MICROVAC_FAULT is only in debug builds"
)]
fn a_crash_leaves_no_core_dump_holding_a_note() {
    let s = setup();
    let repo = &s.repo;
    // Core dumps allowed, into the work tree (where the pattern `core`
    // puts them), and a write that aborts with the note in memory.
    let cmd = format!(
        "ulimit -c unlimited 2>/dev/null; exec {} log alice --exemplar Foo --private CLEAR-core-dump",
        common::mv_bin().display()
    );
    for step in ["after-lock", "after-objects", "after-ref"] {
        let out = repo
            .cmd("sh", &["-c", &cmd])
            .env("MICROVAC_FAULT", step)
            .env("TMPDIR", &s.tmp)
            .run();
        assert!(!out.status().success(), "{out}");
        assert_eq!(found(&s, "CLEAR-core-dump"), Vec::<String>::new(), "{step}");
    }
}

#[test]
fn a_coach_draft_never_holds_the_private_note() {
    let s = setup();
    s.mv(&[
        "log",
        "alice",
        "--concern",
        "slow",
        "--fill",
        "sprint-planning@payments",
    ])
    .run()
    .success();
    let head = s.repo.head();
    let mut t = Terminal::spawn(
        &s.repo,
        common::mv_bin().as_os_str(),
        &["coach", "alice"],
        &[("TMPDIR", s.tmp.to_str().unwrap())],
    );
    t.answer("How did the reps of sprint-planning", "went fine");
    t.answer("How comfortable does sprint-planning", "3");
    t.answer("Is sprint-planning on payments filled now", "");
    t.wait_for("Last time they worried").send(terminal::ENTER);
    t.answer("Any new worries they raised?", "");
    t.answer("next 1:1", "");
    t.answer("A private note, for your eyes only", SECRETS[3]);
    t.wait_for("private note:      sealed for erin");
    t.answer("Record this follow-up?", "n");
    let (code, _) = t.finish();
    assert_eq!(code, 0, "{}", plain(&t.seen));
    assert_eq!(s.repo.head(), head);
    assert_eq!(s.repo.status(), "");
    // The answers are kept, the note is not, in the clear or sealed.
    let draft = s.repo.read(".git/microvac-drafts/follow-up-alice.toml");
    assert!(draft.contains("went fine"), "{draft}");
    assert!(!draft.contains("CLEAR"), "{draft}");
    assert!(!draft.contains("AGE ENCRYPTED"), "{draft}");
    let mut on_disk = Vec::new();
    files(s.repo.path(), &mut on_disk);
    files(&s.tmp, &mut on_disk);
    let found: Vec<_> = on_disk
        .iter()
        .filter(|(_, bytes)| contains(bytes, SECRETS[3]))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert_eq!(found, Vec::<String>::new());
}
