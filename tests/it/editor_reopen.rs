//! Every editor-driven command (`mv log`, `mv edit`, `mv person|project|
//! vacuum edit`) behaves one way on text it cannot record, whether the
//! problem is TOML syntax or meaning (an unknown slug, handle or project,
//! a bad value): the editor opens again on the text as typed with the
//! problem (and its hint) on top at the edited file's line; a fix records
//! it in one commit; saving it unchanged or empty gives up, recording
//! nothing, and keeps the typed text where the user is told.

use crate::common;
use common::TestRepo;
use std::{os::unix::fs::PermissionsExt, path::PathBuf};

/// An editor (a script) that runs `first` on its first run and `second`
/// on its second, on the file it is given. It keeps what it was shown
/// (`seen.N`) and what it left (`left.N`) each time.
struct Scripted {
    dir: PathBuf,
    script: PathBuf,
}

impl Scripted {
    fn new(repo: &TestRepo, name: &str, first: &str, second: &str) -> Scripted {
        let dir = repo.scratch(name);
        let script = dir.join("editor");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nn=$(cat {d}/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > {d}/count\n\
                 cp \"$1\" {d}/seen.$n\n\
                 case $n in\n  1) {first} ;;\n  2) {second} ;;\nesac\n\
                 cp \"$1\" {d}/left.$n\n",
                d = dir.display()
            ),
        )
        .expect("the editor script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
            .expect("make it executable");
        Scripted { dir, script }
    }

    fn file(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn runs(&self) -> usize {
        self.file("count").trim().parse().expect("a count")
    }

    /// `mv ARGS` on a terminal (`script` gives it one), with this editor.
    fn run(&self, repo: &TestRepo, args: &str) -> common::Output {
        let cmd = format!("{} {args}", common::mv_bin().display());
        repo.cmd("script", &["-qec", &cmd, "/dev/null"])
            .env("GIT_EDITOR", &self.script)
            .run()
    }

    /// Asserts that the second run showed the text the first left, with
    /// the problem `message` on top naming the line of `typo` in it.
    fn assert_reopened_on(&self, typo: &str, message: &str, hint: Option<&str>) {
        let typed = self.file("left.1");
        let second = self.file("seen.2");
        let header = second
            .lines()
            .take_while(|l| l.starts_with("# microvac: "))
            .count();
        assert!(header >= 2, "the problem is on top:\n{second}");
        let body: String = second.split_inclusive('\n').skip(header).collect();
        assert_eq!(body, typed, "the text as typed is shown again");
        let line = second
            .lines()
            .position(|l| l.contains(typo) && !l.starts_with('#'))
            .expect("the typo is in the reopened text")
            + 1;
        let first = second.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("# microvac: line {line}, column ")),
            "line {line} named:\n{second}"
        );
        assert!(first.ends_with(message), "{message}:\n{second}");
        if let Some(hint) = hint {
            assert!(
                second.contains(&format!("# microvac:   hint: {hint}")),
                "{hint}:\n{second}"
            );
        }
    }
}

fn commitment_id(out: &common::Output) -> String {
    let all = format!("{}{}", out.stdout(), out.stderr());
    all.split("commitment ID: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("fill names the commitment ID")
        .to_owned()
}

#[test]
fn log_reopens_on_an_unknown_vacuum_project_or_buddy_and_records_the_fix() {
    let cases = [
        (
            "vacuum",
            r#"sed -i 's/^liked = \[$/liked = [{ what = "status emails", vacuum = "status-emial" }/' "$1""#,
            "status-emial",
            "status-email",
            r#"no vacuum named "status-emial""#,
            "did you mean \"status-email\"?",
        ),
        (
            "project",
            r#"sed -i 's/^fill = \[$/fill = [{ vacuum = "status-email", project = "ledgr" }/' "$1""#,
            "ledgr",
            "payments",
            r#"no project named "ledgr""#,
            "known projects: payments",
        ),
        (
            "buddy",
            r#"sed -i 's/^fill = \[$/fill = [{ vacuum = "status-email", project = "payments", buddy = "bobb" }/' "$1""#,
            "bobb",
            "bob",
            r#"no person named "bobb""#,
            "did you mean \"bob\"?",
        ),
        (
            "own-buddy",
            r#"sed -i 's/^fill = \[$/fill = [{ vacuum = "status-email", project = "payments", buddy = "alice" }/' "$1""#,
            "alice",
            "bob",
            "alice cannot be their own buddy",
            "a buddy is someone who has done it before",
        ),
    ];
    for (what, typo, wrong, right, message, hint) in cases {
        let repo = TestRepo::team();
        let editor = Scripted::new(
            &repo,
            what,
            typo,
            &format!("sed -i 's/\"{wrong}\"/\"{right}\"/' \"$1\""),
        );
        let before = repo.commit_count();
        let out = editor.run(&repo, "log alice").success();
        assert!(
            out.stdout().contains("reopening the editor"),
            "{what}: {out}"
        );
        assert_eq!(editor.runs(), 2, "{what}: {out}");
        editor.assert_reopened_on(wrong, message, Some(hint));
        assert_eq!(repo.commit_count(), before + 1, "{what}: {out}");
        let files = repo.last_commit_files();
        assert!(files.contains("conversations/"), "{what}: {files}");
        let recorded = repo.git(&["show", "HEAD"]);
        assert!(recorded.contains(right), "{what}: {recorded}");
        assert!(
            !recorded.contains(&format!("buddy = \"{wrong}\"")),
            "{what}: {recorded}"
        );
        assert!(!recorded.contains("status-emial"), "{what}: {recorded}");
        assert_eq!(repo.status(), "");
        repo.assert_fsck_clean();
    }
}

/// An unknown buddy, and what `mv check` refuses in a commitment file on
/// its own (a key one letter from microvac's): the editor opens again
/// rather than recording a file the next check names.
#[test]
fn edit_reopens_on_an_unknown_buddy_or_a_slip_of_a_key_and_records_the_fix() {
    let cases = [
        (
            "buddy",
            r#"sed -i '/^vacuum = /a buddy = "bobb"' "$1""#,
            r#"sed -i 's/"bobb"/"bob"/' "$1""#,
            "bobb",
            r#"no person named "bobb""#,
            Some("did you mean \"bob\"?"),
            "+buddy = \"bob\"",
        ),
        (
            "slip",
            r#"sed -i '/^vacuum = /a projct = "payments"' "$1""#,
            r#"sed -i 's/^projct = /project_code = /' "$1""#,
            "projct",
            r#""projct" is one letter away from "project": a slip? (microvac reads only "project"; rename it, or name your own key further from microvac's)"#,
            None,
            "+project_code = \"payments\"",
        ),
    ];
    for (what, typo, fix, wrong, message, hint, recorded) in cases {
        let repo = TestRepo::team();
        let id = commitment_id(
            &repo
                .mv(&["fill", "alice", "status-email@payments"])
                .success(),
        );
        let editor = Scripted::new(&repo, what, typo, fix);
        let before = repo.commit_count();
        let out = editor.run(&repo, &format!("edit {id}")).success();
        assert_eq!(editor.runs(), 2, "{what}: {out}");
        editor.assert_reopened_on(wrong, message, hint);
        assert_eq!(repo.commit_count(), before + 1, "{what}: {out}");
        let show = repo.git(&["show", "HEAD"]);
        assert!(show.contains(recorded), "{what}: {show}");
        assert!(
            !show.contains("microvac:"),
            "{what}: no problem line is recorded: {show}"
        );
        assert_eq!(repo.status(), "");
        repo.microvac(&["check", "--quiet"]).success();
    }
}

#[test]
fn edit_reopens_on_a_bad_comfort_or_a_date_before_the_start() {
    for (what, wrong, right) in [
        ("comfort", "comfort = 9", "comfort = 3"),
        ("date", "date = 2020-01-01", "date = 2026-12-01"),
    ] {
        let repo = TestRepo::team();
        let id = commitment_id(
            &repo
                .mv_cmd(&["fill", "alice", "status-email@payments"])
                .env("MICROVAC_NOW", "2026-11-23T09:00:00Z")
                .run()
                .success(),
        );
        let (date, comfort) = match what {
            "comfort" => ("date = 2026-12-01", wrong),
            _ => (wrong, "comfort = 3"),
        };
        let editor = Scripted::new(
            &repo,
            what,
            &format!("printf '\\n[[checkin]]\\n{date}\\n{comfort}\\n' >> \"$1\""),
            &format!("sed -i 's/^{wrong}$/{right}/' \"$1\""),
        );
        let before = repo.commit_count();
        let out = editor.run(&repo, &format!("edit {id}")).success();
        assert_eq!(editor.runs(), 2, "{what}: {out}");
        let second = editor.file("seen.2");
        let line = second
            .lines()
            .position(|l| l == wrong)
            .expect("the typed line is shown again")
            + 1;
        assert!(
            second.starts_with(&format!("# microvac: line {line}, column ")),
            "{what}: line {line}:\n{second}"
        );
        assert_eq!(repo.commit_count(), before + 1, "{what}: {out}");
        let show = repo.git(&["show", "HEAD"]);
        assert!(show.contains(&format!("+{right}")), "{what}: {show}");
        assert_eq!(repo.status(), "");
    }
}

#[test]
fn person_and_project_edit_reopen_on_an_unknown_name_and_record_the_fix() {
    let repo = TestRepo::team();
    let cases = [
        (
            "person edit alice",
            r#"sed -i '/^role = /a projects = ["paymnts"]' "$1""#,
            "paymnts",
            "payments",
            r#"no project named "paymnts""#,
        ),
        (
            "project edit payments",
            r#"sed -i 's/"status-email"\]/"status-email", "retors"]/' "$1""#,
            "retors",
            "retros",
            r#"no vacuum named "retors""#,
        ),
    ];
    for (args, typo, wrong, right, message) in cases {
        let editor = Scripted::new(
            &repo,
            &args.replace(' ', "-"),
            typo,
            &format!("sed -i 's/\"{wrong}\"/\"{right}\"/' \"$1\""),
        );
        let before = repo.commit_count();
        let out = editor.run(&repo, args).success();
        assert_eq!(editor.runs(), 2, "{args}: {out}");
        editor.assert_reopened_on(wrong, message, Some(&format!("did you mean \"{right}\"?")));
        assert_eq!(repo.commit_count(), before + 1, "{args}: {out}");
        let show = repo.git(&["show", "HEAD"]);
        assert!(
            show.contains(right) && !show.contains(wrong),
            "{args}: {show}"
        );
        assert!(!show.contains("microvac:"), "{args}: {show}");
        assert_eq!(repo.status(), "");
    }
}

#[test]
fn vacuum_edit_reopens_on_a_bad_value_and_records_the_fix() {
    let repo = TestRepo::team();
    let editor = Scripted::new(
        &repo,
        "vacuum",
        r#"sed -i 's/^title = .*/title = 5/' "$1""#,
        r#"sed -i 's/^title = 5/title = "Retros"/' "$1""#,
    );
    let before = repo.commit_count();
    let out = editor.run(&repo, "vacuum edit retros").success();
    assert_eq!(editor.runs(), 2, "{out}");
    let second = editor.file("seen.2");
    let line = second
        .lines()
        .position(|l| l == "title = 5")
        .expect("the typo is shown again")
        + 1;
    assert!(
        second.starts_with(&format!("# microvac: line {line}, column ")),
        "{second}"
    );
    assert_eq!(repo.commit_count(), before + 1, "{out}");
    assert!(
        repo.read("vacuums/retros.toml")
            .contains("title = \"Retros\"\n")
    );
    assert_eq!(repo.status(), "");
}

#[test]
fn giving_up_records_nothing_and_keeps_the_typed_text() {
    let typo = r#"sed -i 's/^liked = \[$/liked = [{ what = "status emails", vacuum = "status-emial" }/' "$1""#;
    // Saved unchanged: the problem stands (exit 1); saved empty: nothing
    // to record (exit 0). Either way the text typed is kept.
    for (how, second, code) in [("unchanged", "true", 1), ("empty", ": > \"$1\"", 0)] {
        let repo = TestRepo::team();
        let editor = Scripted::new(&repo, how, typo, second);
        let before = repo.commit_count();
        let out = editor.run(&repo, "log alice");
        assert_eq!(out.status().code(), Some(code), "{how}: {out}");
        assert_eq!(editor.runs(), 2, "{how}: {out}");
        assert!(
            out.stdout().contains("your text is saved in"),
            "{how}: {out}"
        );
        let kept = repo.read(".git/microvac-rejected-conversation.toml");
        assert_eq!(kept, editor.file("left.1"), "{how}: the text as typed");
        assert!(kept.contains("status-emial"), "{how}: {kept}");
        assert_eq!(repo.commit_count(), before, "{how}: {out}");
        assert_eq!(repo.status(), "", "{how}");
    }
    // The same for a record file.
    let repo = TestRepo::team();
    let id = commitment_id(
        &repo
            .mv(&["fill", "alice", "status-email@payments"])
            .success(),
    );
    let editor = Scripted::new(
        &repo,
        "edit",
        r#"sed -i '/^vacuum = /a buddy = "bobb"' "$1""#,
        ": > \"$1\"",
    );
    let before = repo.commit_count();
    let out = editor.run(&repo, &format!("edit {id}")).success();
    assert_eq!(editor.runs(), 2, "{out}");
    let kept = std::fs::read_dir(repo.path().join(".git"))
        .expect("the git dir")
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("microvac-rejected-")
        })
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .expect("the edit is kept");
    assert_eq!(kept, editor.file("left.1"));
    assert_eq!(repo.commit_count(), before, "{out}");
    assert_eq!(repo.status(), "");
}
