//! A tracker the whole team shares: three clones work offline on the same
//! commitments, then all `mv sync` in turn, twice, through a real remote
//! (a bare repository over the file system, and a real `git daemon` on
//! 127.0.0.1). Every check-in survives exactly once, every clone ends on
//! the same tree, and the only conflict is where the same field really
//! clashed, which `mv resolve` and another `mv sync` settle.

use crate::common;
use crate::remote;

use common::{Team, TestRepo};
use remote::{Clone, Remote, id_of, publish};
use std::collections::BTreeMap;

/// The commitments the team starts with, by name: A (alice,
/// sprint-planning, buddy bob), B (bob, status-email), C (alice,
/// status-email); all started 2026-11-02.
struct Start {
    origin: TestRepo,
    ids: BTreeMap<&'static str, String>,
}

fn start() -> Start {
    let mut origin = Team::new().build();
    let fills: [(&str, &[&str]); 3] = [
        ("A", &["alice", "sprint-planning", "--buddy", "bob"]),
        ("B", &["bob", "status-email"]),
        ("C", &["alice", "status-email"]),
    ];
    let mut ids = BTreeMap::new();
    for (name, args) in fills {
        let before = all_commitments(&origin);
        let mut cmd = vec!["fill"];
        cmd.extend(args);
        cmd.extend(["--project", "payments", "--date", "2026-11-02"]);
        origin.mv(&cmd).success();
        let after = all_commitments(&origin);
        let new = after
            .into_iter()
            .find(|f| !before.contains(f))
            .expect("a new commitment");
        ids.insert(name, id_of(&new));
    }
    publish(&mut origin);
    Start { origin, ids }
}

fn all_commitments(repo: &TestRepo) -> Vec<String> {
    let mut out = Vec::new();
    for person in std::fs::read_dir(repo.path().join("commitments"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for file in std::fs::read_dir(person.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            out.push(file.path().display().to_string());
        }
    }
    out
}

/// Every check-in note in a clone's commitments, with how often it occurs.
fn check_in_notes(clone: &Clone<'_>) -> BTreeMap<String, usize> {
    let mut notes = BTreeMap::new();
    for person in ["alice", "bob"] {
        for file in clone.commitments_of(person) {
            let record: toml::Table =
                toml::from_str(&clone.read(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            for checkin in record
                .get("checkin")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
            {
                let note = checkin["note"].as_str().expect("a note").to_owned();
                *notes.entry(note).or_insert(0) += 1;
            }
        }
    }
    notes
}

fn status_of(clone: &Clone<'_>, id: &str) -> String {
    let out = clone.mv(&["show", id, "--format", "json"]).success();
    out.json()["status"].as_str().expect("a status").to_owned()
}

/// The scenario, over `remote`.
fn three_clones_converge(start: &Start, remote: &Remote) {
    let [a, b, c] = ["A", "B", "C"].map(|n| start.ids[n].as_str());
    let origin = &start.origin;
    let c1 = Clone::new(origin, remote, "c1", "Erin Manager", "erin@example.com");
    let c2 = Clone::new(origin, remote, "c2", "Bob Lead", "bob@example.com");
    let c3 = Clone::new(origin, remote, "c3", "Alice Liddell", "alice@example.com");

    // Offline, each on their own.
    c1.mv(&[
        "person", "add", "carol", "--name", "Carol", "--role", "senior",
    ])
    .success();
    c1.mv(&[
        "log",
        "carol",
        "--exemplar",
        "Apollo",
        "--liked",
        "clear plan",
        "--concern",
        "no time",
    ])
    .success();
    c1.mv(&[
        "checkin",
        a,
        "--note",
        "c1: bob watched alice plan",
        "--comfort",
        "2",
        "--date",
        "2026-11-16",
    ])
    .success();
    c1.mv(&["done", b]).success();
    c1.mv(&["fill", "alice", "retros", "--project", "payments"])
        .success();

    c2.mv(&[
        "person", "add", "dave", "--name", "Dave", "--role", "senior",
    ])
    .success();
    c2.mv(&[
        "checkin",
        a,
        "--note",
        "c2: co-ran planning",
        "--comfort",
        "3",
        "--date",
        "2026-11-18",
    ])
    .success();
    c2.mv(&[
        "checkin",
        b,
        "--note",
        "c2: first status email",
        "--comfort",
        "3",
        "--date",
        "2026-11-17",
    ])
    .success();
    c2.mv(&["drop", c, "--why", "no status emails this quarter"])
        .success();
    c2.mv(&["fill", "alice", "retros", "--project", "payments"])
        .success();

    c3.mv(&[
        "log",
        "alice",
        "--exemplar",
        "Gemini",
        "--liked",
        "the all-hands demo",
    ])
    .success();
    c3.mv(&[
        "checkin",
        a,
        "--note",
        "c3: ran it alone",
        "--comfort",
        "4",
        "--date",
        "2026-11-21",
    ])
    .success();
    c3.mv(&[
        "checkin",
        c,
        "--note",
        "c3: sent the first email",
        "--comfort",
        "3",
        "--date",
        "2026-11-19",
    ])
    .success();
    c3.mv(&["done", c]).success();

    // Two managers committed alice to retros offline, on the same day at
    // the same moment: two records, never one path.
    let retros = |clone: &Clone<'_>| -> Vec<String> {
        clone
            .commitments_of("alice")
            .into_iter()
            .filter(|f| f.contains("/retros--payments-"))
            .collect()
    };
    let (r1, r2) = (retros(&c1), retros(&c2));
    assert_eq!((r1.len(), r2.len()), (1, 1));
    assert_ne!(r1, r2, "the same path invented in two clones");

    // Round one.
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pushed 5\n");
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 5, pushed 5\n");
    // c2 dropped C, c3 finished it: the one real clash.
    let stopped = c3.mv(&["sync"]).code(1);
    let file_c = c3
        .commitments_of("alice")
        .into_iter()
        .find(|f| f.ends_with(&format!("-{c}.toml")))
        .expect("C's file");
    let err = stopped.stderr();
    assert!(err.contains("sync stopped (pulled 10 so far)"), "{stopped}");
    assert!(
        err.contains(&format!(
            "{file_c}: unresolved merge conflict in field `status`: ours `done`, theirs `dropped`"
        )),
        "{stopped}"
    );
    assert_eq!(
        err.matches("unresolved merge conflict").count(),
        1,
        "{stopped}"
    );
    assert!(err.contains("`mv resolve --ours` keeps yours"), "{stopped}");
    // A merge, never a rebase: finishing it cannot drop a commit.
    assert!(err.contains("git merge --abort"), "{stopped}");
    assert_eq!(
        c3.git(&["diff", "--name-only", "--diff-filter=U"]),
        format!("{file_c}\n"),
        "only C is in conflict"
    );
    // `mv check` names it too, with the command.
    let check = c3.mv(&["check"]).code(1);
    assert!(
        check.stderr().contains(&format!(
            "unresolved merge conflict in field `status`: ours `done`, theirs `dropped`; keep one side with `mv resolve {file_c} --ours` or `--theirs`"
        )),
        "{check}"
    );

    // Alice keeps her own side (in a merge, ours), and syncs again.
    let resolved = c3.mv(&["resolve", c, "--ours"]).success();
    assert_eq!(
        resolved.stdout(),
        format!("resolved {file_c}: kept ours: status = \"done\"; staged\n")
    );
    assert!(
        resolved.stderr().contains("run `mv sync` again"),
        "{resolved}"
    );
    assert_eq!(c3.mv(&["sync"]).success().stdout(), "pulled 10, pushed 4\n");

    // Round two.
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pulled 9\n");
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 4\n");
    assert_eq!(c3.mv(&["sync"]).success().stdout(), "nothing to do\n");

    let expected: BTreeMap<String, usize> = [
        "c1: bob watched alice plan",
        "c2: co-ran planning",
        "c3: ran it alone",
        "c2: first status email",
        "c3: sent the first email",
    ]
    .into_iter()
    .map(|n| (n.to_owned(), 1))
    .collect();
    for clone in [&c1, &c2, &c3] {
        assert_eq!(
            check_in_notes(clone),
            expected,
            "{}",
            clone.path().display()
        );
        assert_eq!(clone.tree(), c1.tree());
        assert_eq!(clone.head(), c1.head());
        assert_eq!(clone.git(&["status", "--porcelain"]), "");
        clone.mv(&["check"]).success();
        clone.assert_fsck_clean();
        assert_eq!(status_of(clone, b), "done");
        assert_eq!(status_of(clone, c), "done");
        assert_eq!(retros(clone).len(), 2);
    }
    let people = c1.git(&["ls-files", "people"]);
    assert!(people.contains("people/carol.toml") && people.contains("people/dave.toml"));
    // microvac's own commits were replayed: the shared history is a line
    // but for the one merge a person settled.
    assert_eq!(c1.git(&["rev-list", "--merges", "--count", "HEAD"]), "1\n");
    assert_eq!(c1.git(&["rev-list", "--count", "HEAD"]).trim(), "22");
}

#[test]
fn three_clones_converge_through_a_bare_repository_on_disk() {
    let start = start();
    let remote = Remote::file(&start.origin);
    three_clones_converge(&start, &remote);
}

#[test]
fn three_clones_converge_through_git_daemon() {
    let start = start();
    let Some(remote) = Remote::daemon(&start.origin) else {
        return;
    };
    three_clones_converge(&start, &remote);
}

#[test]
fn records_made_offline_in_two_clones_at_the_same_moment_never_share_a_path() {
    let start = start();
    let remote = Remote::file(&start.origin);
    let origin = &start.origin;
    let c1 = Clone::new(origin, &remote, "c1", "Erin Manager", "erin@example.com");
    let c2 = Clone::new(origin, &remote, "c2", "Bob Lead", "bob@example.com");
    // Same person, vacuum, project and day, under the same MICROVAC_NOW.
    for clone in [&c1, &c2] {
        clone
            .mv(&[
                "log",
                "alice",
                "--exemplar",
                "Apollo",
                "--fill",
                "retros@payments",
            ])
            .success();
    }
    let made = |clone: &Clone<'_>| clone.git(&["show", "--name-only", "--format=", "HEAD"]);
    let (m1, m2) = (made(&c1), made(&c2));
    assert_eq!(m1.lines().count(), 2, "{m1}");
    for (a, b) in m1.lines().zip(m2.lines()) {
        assert_ne!(a, b, "both clones made {a}");
        assert_eq!(a.rsplit_once('-').unwrap().0, b.rsplit_once('-').unwrap().0);
    }
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pushed 1\n");
    assert_eq!(c2.mv(&["sync"]).success().stdout(), "pulled 1, pushed 1\n");
    assert_eq!(c1.mv(&["sync"]).success().stdout(), "pulled 1\n");
    for file in m1.lines().chain(m2.lines()) {
        assert!(c1.path().join(file).is_file(), "{file}");
    }
    c1.mv(&["check"]).success();
}

/// Git for Windows' default: the work tree has CRLF line ends, the
/// repository LF. microvac compares a file with what is committed as git
/// does (after its filters), so such a clone writes like any other, and
/// what it commits is the LF text git itself would.
#[test]
fn a_clone_with_core_autocrlf_writes_and_git_status_stays_clean() {
    let start = start();
    let origin = &start.origin;
    let a = start.ids["A"].as_str();
    let dir = origin.base().join("windows");
    origin.git(&[
        "clone",
        "-q",
        "-c",
        "core.autocrlf=true",
        &Remote::file(origin).url(),
        dir.to_str().unwrap(),
    ]);
    let mv = |args: &[&str]| origin.mv_cmd(args).current_dir(&dir).run();
    mv(&["init"]).success();
    let file = origin
        .git_in(&dir, &["ls-files", "commitments/alice"])
        .lines()
        .find(|f| f.ends_with(&format!("-{a}.toml")))
        .expect("A's file")
        .to_owned();
    let on_disk = std::fs::read_to_string(dir.join(&file)).unwrap();
    assert!(
        on_disk.contains("\r\n"),
        "git checked out CRLF: {on_disk:?}"
    );

    mv(&["checkin", a, "--note", "from windows", "--comfort", "3"]).success();
    // C's file, still as git checked it out (CRLF).
    mv(&["edit", &start.ids["C"], "--next-checkin", "2027-01-05"]).success();
    mv(&["person", "add", "dora"]).success();
    assert_eq!(origin.git_in(&dir, &["status", "--porcelain"]), "");
    for rev in ["HEAD", "HEAD~1", "HEAD~2"] {
        let changed = origin.git_in(&dir, &["show", "--format=", "-p", rev]);
        assert!(!changed.contains('\r'), "{rev} commits CR: {changed:?}");
    }
    let committed = origin.git_in(&dir, &["show", &format!("HEAD~2:{file}")]);
    assert!(!committed.contains('\r'), "{committed:?}");
    assert!(committed.contains("note = \"from windows\""), "{committed}");
    mv(&["check"]).success();
    mv(&["sync"]).success();
    assert_eq!(origin.git_in(&dir, &["status", "--porcelain"]), "");
    // A hand edit is still the user's work, CRLF or not.
    let text = std::fs::read_to_string(dir.join(&file)).unwrap();
    std::fs::write(dir.join(&file), text.replace("from windows", "edited")).unwrap();
    let out = mv(&["checkin", a, "--note", "again"]).code(1);
    assert!(
        out.stderr().contains("has changes that are not committed"),
        "{out}"
    );
}

/// The reproductions through `mv sync`, on two clones of the
/// shared tracker: one check-in edited by hand in both stays one (REPS
/// stays 1), and a next check-in set by hand to different dates in both
/// is a conflict that sync names, never a date neither wrote.
#[test]
fn two_clones_editing_one_check_in_and_next_checkin_by_hand_sync_as_one() {
    let start = start();
    let origin = &start.origin;
    let remote = Remote::file(origin);
    let a = start.ids["A"].as_str();
    let c1 = Clone::new(origin, &remote, "c1", "Erin Manager", "erin@example.com");
    c1.mv(&["checkin", a, "--note", "ran it with bob", "--comfort", "2"])
        .success();
    c1.mv(&["sync"]).success();
    let c2 = Clone::new(origin, &remote, "c2", "Bob Lead", "bob@example.com");
    let file = c1
        .commitments_of("alice")
        .into_iter()
        .find(|f| f.ends_with(&format!("-{a}.toml")))
        .expect("A's file");
    let reps = |clone: &Clone<'_>| {
        let out = clone.mv(&["show", a, "--format", "json"]).success();
        out.json()["checkins"].as_array().map(Vec::len)
    };
    assert_eq!(reps(&c2), Some(1));

    let text = c1.read(&file);
    c1.write(&file, &text.replace("comfort = 2", "comfort = 3"));
    c1.git(&["commit", "-qam", "comfort by hand"]);
    c1.mv(&["sync"]).success();
    c2.write(
        &file,
        &text.replace(
            "note = \"ran it with bob\"",
            "note = \"ran it with bob, who led\"",
        ),
    );
    c2.git(&["commit", "-qam", "note by hand"]);
    c2.mv(&["sync"]).success();
    c1.mv(&["sync"]).success();
    for clone in [&c1, &c2] {
        assert_eq!(reps(clone), Some(1), "{}", clone.read(&file));
        let record: toml::Table = toml::from_str(&clone.read(&file)).expect("TOML");
        assert_eq!(record["checkin"][0]["comfort"].as_integer(), Some(3));
        assert_eq!(
            record["checkin"][0]["note"].as_str(),
            Some("ran it with bob, who led")
        );
    }

    c1.mv(&["edit", a, "--next-checkin", "2027-01-05"])
        .success();
    c1.mv(&["sync"]).success();
    c2.mv(&["edit", a, "--next-checkin", "2027-01-09"])
        .success();
    let out = c2.mv(&["sync"]).code(1);
    assert!(
        out.stderr().contains(
            "unresolved merge conflict in field `next_checkin`: ours `2027-01-05`, theirs `2027-01-09`"
        ) || out.stderr().contains(
            "unresolved merge conflict in field `next_checkin`: ours `2027-01-09`, theirs `2027-01-05`"
        ),
        "{out}"
    );
    assert!(
        !c2.read(&file).contains("next_checkin = 2026-"),
        "{}",
        c2.read(&file)
    );
}
