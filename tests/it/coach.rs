//! `mv coach` in a real (pseudo-)terminal: the whole coaching script,
//! question by question, recorded in one commit after the final yes; and
//! every way out before that (Ctrl-C, Esc, an empty required answer, a
//! "no") leaves the repository exactly as it was.

use crate::common;
use crate::terminal;

use common::{Team, TestRepo};
use terminal::{CTRL_C, DOWN, ENTER, ESC, Terminal, plain};

/// The usual team, alice and bob on payments; carol has run sprint
/// planning on web (two reps, done), so she is the buddy to suggest.
fn team() -> TestRepo {
    let repo = Team::new()
        .person("carol", "Carol Danvers", "senior")
        .project("web", &["sprint-planning"])
        .build();
    repo.mv(&["person", "edit", "alice", "--project", "payments"])
        .success();
    repo.mv(&["person", "edit", "bob", "--project", "payments"])
        .success();
    repo.mv(&[
        "fill",
        "carol",
        "sprint-planning@web",
        "--date",
        "2026-10-05",
    ])
    .success();
    let id = repo.only_commitment_id("carol");
    for (date, comfort) in [("2026-10-12", "2"), ("2026-10-26", "4")] {
        repo.mv(&["checkin", &id, "--comfort", comfort, "--date", date])
            .success();
    }
    repo.mv(&["done", &id, "--date", "2026-11-02"]).success();
    repo
}

/// Answers the script up to (not including) the buddy question.
fn up_to_the_buddy(t: &mut Terminal) {
    t.answer("What was it called?", "Foo project");
    t.answer("did they really like?", "well-run sprint planning");
    // The best match is offered first: Enter takes it.
    t.wait_for("sprint-planning (Sprint planning)").send(ENTER);
    t.answer("Anything else they liked?", "senior leadership was excited");
    t.wait_for("status-email (Weekly status email to senior leaders)")
        .send(ENTER);
    t.answer("Anything else they liked?", "");
    t.wait_for("Which one will they start with?").send(ENTER);
    t.answer("Any worries they raised?", "it will be slow");
    t.answer("Another worry?", "");
}

#[test]
fn the_whole_script_records_the_conversation_and_the_commitment_in_one_commit() {
    let repo = team();
    let before = repo.commit_count();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    up_to_the_buddy(&mut t);
    // Carol has done it (2 reps, comfort 4); bob is the tech lead.
    t.wait_for("carol (2 reps, last comfort 4/5, 1 done)")
        .wait_for("bob (tech lead on payments)")
        .send(ENTER);
    t.answer("first check-in", "2026-11-30");
    let seen = record(&mut t, "Record this conversation and commitment?", "y");

    // What the manager was shown along the way.
    for shown in [
        "sprint-planning on payments [liked] [new to alice] buddy: carol",
        "status-email on payments [liked] [new to alice]",
        "the first attempts will be slower and less polished",
        "Promise support",
        "Discomfort is the feeling of growing",
        "starts with:    sprint-planning on payments, with carol as buddy",
        "worries:        it will be slow",
        "next 1:1:       2026-12-07",
        "recorded: 1:1 with alice about \"Foo project\"; commits to sprint-planning on payments",
    ] {
        assert!(seen.contains(shown), "{shown:?} not shown:\n{seen}");
    }
    // Wrapped at words to the terminal's width, wherever the break falls.
    let words = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("Promise support and forgiveness."), "{seen}");

    // One commit, holding exactly the conversation and the commitment.
    assert_eq!(repo.commit_count(), before + 1);
    let files = repo.last_commit_files();
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("conversations/2026/2026-11-23-alice-"))
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("commitments/alice/sprint-planning--payments-"))
    );
    assert_eq!(repo.last_trailer("Microvac-Action"), "log");
    assert_eq!(repo.last_trailer("Microvac-Buddy"), "carol");

    let commitment = repo.read(files.iter().find(|f| f.starts_with("commitments")).unwrap());
    assert!(commitment.contains("buddy = \"carol\""), "{commitment}");
    assert!(
        commitment.contains("next_checkin = 2026-11-30"),
        "{commitment}"
    );
    let conversation = repo.read(
        files
            .iter()
            .find(|f| f.starts_with("conversations"))
            .unwrap(),
    );
    for part in [
        "exemplar = \"Foo project\"",
        "{ what = \"well-run sprint planning\", vacuum = \"sprint-planning\" }",
        "{ what = \"senior leadership was excited\", vacuum = \"status-email\" }",
        "concerns = [\"it will be slow\"]",
        "next = 2026-12-07",
        "manager = \"Erin Manager\"",
    ] {
        assert!(
            conversation.contains(part),
            "{part:?} missing:\n{conversation}"
        );
    }
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();
    repo.assert_fsck_clean();
}

/// At 80 columns the script's lines break between words, never inside
/// one: a long note is wrapped under its indentation, a long question says
/// its opening above the prompt. The questions speak of the engineer in
/// one voice, and a weekday typed for a date is echoed as the date it
/// means.
#[test]
fn at_80_columns_lines_break_between_words_and_a_weekday_is_echoed_as_its_date() {
    let repo = team();
    let mut t = Terminal::mv_sized(&repo, &["coach", "alice"], 80);
    up_to_the_buddy(&mut t);
    t.wait_for("carol (2 reps, last comfort 4/5, 1 done)")
        .send(ENTER);
    t.answer("first check-in", "friday");
    let seen = record(&mut t, "Record this conversation and commitment?", "y");

    // The pick list names the buddy without their record, to fit.
    assert!(
        seen.contains("sprint-planning on payments [liked] [new to alice] buddy: carol\n"),
        "{seen}"
    );
    // One voice: the manager is asked about "them", never "you".
    assert!(
        seen.contains("1. Ask them to think of the best run project they have ever seen.\n"),
        "{seen}"
    );
    assert!(!seen.contains("you've"), "{seen}");
    // The long question's opening stands above its prompt, whole.
    assert!(
        seen.contains(
            "   Someone led in a small way to make \"well-run sprint planning\" happen:\n"
        ),
        "{seen}"
    );
    // The reassurance is wrapped at words, under its indentation.
    let reassurance: Vec<&str> = seen
        .lines()
        .skip_while(|l| !l.contains("The script, for their worries"))
        .take_while(|l| l.starts_with("   ") && !l.contains("4. Any worries"))
        .collect();
    assert!(reassurance.len() >= 4, "{seen}");
    for line in &reassurance {
        assert!(
            line.chars().count() <= 80,
            "{line:?} is wider than 80:\n{seen}"
        );
    }
    let joined = reassurance
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains(
            "the first attempts will be slower and less polished, and a temporary drop in quality is how anyone iterates. Promise support and forgiveness. Discomfort is the feeling of growing"
        ),
        "{joined}"
    );
    // "friday" is echoed as the Friday it means, and recorded so.
    assert!(seen.contains("2026-11-27 (friday)"), "{seen}");
    let files = repo.last_commit_files();
    let commitment = repo.read(
        files
            .lines()
            .find(|f| f.starts_with("commitments/"))
            .expect("a commitment"),
    );
    assert!(
        commitment.contains("next_checkin = 2026-11-27"),
        "{commitment}"
    );
}

#[test]
fn asked_for_the_first_script_it_still_starts_from_the_last_one() {
    let repo = team();
    repo.mv(&[
        "log",
        "alice",
        "--exemplar",
        "Foo project",
        "--concern",
        "too many meetings",
        "--fill",
        "status-email@payments",
        "--next",
        "2026-11-30",
        "--date",
        "2026-11-09",
    ])
    .success();
    let id = repo.only_commitment_id("alice");
    for comfort in ["2", "3"] {
        repo.mv(&["checkin", &id, "--comfort", comfort, "--date", "2026-11-16"])
            .success();
    }
    let mut t = Terminal::mv(&repo, &["coach", "alice", "--first"]);
    // Last time's exemplar is the default: Enter keeps it.
    t.wait_for("What was it called?").send(ENTER);
    t.wait_for("did they really like?").send(ESC);
    let (code, _) = t.finish();
    let seen = plain(&t.seen);
    assert_eq!(code, 130, "{seen}");
    for shown in [
        "Last time (2026-11-09, about \"Foo project\"):",
        "worries raised (ask how they went):",
        "- too many meetings",
        "the next 1:1 was planned for 2026-11-30",
        &format!("status-email on payments: 2 reps, comfort 2→3; next check-in 2026-11-30 [{id}]"),
        "Foo project",
        "Esc pressed: nothing recorded",
    ] {
        assert!(seen.contains(shown), "{shown:?} not shown:\n{seen}");
    }
}

/// Alice's first 1:1 on 2026-11-09: she liked a weekly status email,
/// worried it will be slow and about too many meetings, and took on sprint
/// planning on payments with carol; one rep since, comfort 2. Returns the
/// commitment's ID and the conversation's.
fn after_a_first_conversation() -> (TestRepo, String, String) {
    let repo = team();
    repo.mv(&[
        "log",
        "alice",
        "--exemplar",
        "Foo project",
        "--liked",
        "a weekly status email=status-email",
        "--concern",
        "it will be slow",
        "--concern",
        "too many meetings",
        "--fill",
        "sprint-planning@payments",
        "--buddy",
        "carol",
        "--next",
        "2026-11-23",
        "--date",
        "2026-11-09",
    ])
    .success();
    let id = repo.only_commitment_id("alice");
    repo.mv(&["checkin", &id, "--comfort", "2", "--date", "2026-11-16"])
        .success();
    let conversation = repo
        .git(&["ls-files", "conversations"])
        .trim()
        .rsplit('/')
        .next()
        .expect("a conversation")
        .trim_end_matches(".toml")
        .to_owned();
    (repo, id, conversation)
}

/// Leaves the next 1:1 at its default, answers the last question,
/// `record`, with `yes_or_no`, and returns what was shown, after a clean
/// exit.
#[track_caller]
fn record(t: &mut Terminal, record: &str, yes_or_no: &str) -> String {
    t.answer("next 1:1", "");
    t.answer(record, yes_or_no);
    let (code, _) = t.finish();
    let seen = plain(&t.seen);
    assert_eq!(code, 0, "{seen}");
    seen
}

/// The file of the last commit whose path starts with `prefix`.
fn committed(files: &str, prefix: &str) -> String {
    files
        .lines()
        .find(|f| f.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}* in {files}"))
        .to_owned()
}

#[test]
fn a_second_coach_is_a_follow_up_recording_comfort_worries_and_the_next_vacuum() {
    let (repo, id, first) = after_a_first_conversation();
    let before = repo.commit_count();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer(
        "How did the reps of sprint-planning on payments go since last time?",
        "ran planning twice, carol watched",
    );
    t.answer("How comfortable does sprint-planning feel to them now", "4");
    t.answer("Is sprint-planning on payments filled now", "y");
    // "it eased" is the second choice; the second worry stays one.
    t.wait_for("Last time they worried: \"it will be slow\"")
        .wait_for("still a worry")
        .send(DOWN)
        .send(ENTER);
    t.wait_for("Last time they worried: \"too many meetings\"")
        .wait_for("still a worry")
        .send(ENTER);
    t.answer("Any new worries they raised?", "on-call clashes");
    t.answer("Another worry?", "");
    // Liked last time, so first; bob is the tech lead.
    t.wait_for("Which vacuum is next?")
        .wait_for("status-email on payments [liked] [new to alice]")
        .send(ENTER);
    t.wait_for("Who does the first reps with them")
        .wait_for("bob (tech lead on payments)")
        .send(ENTER);
    t.answer("first check-in", "2026-11-30");
    let seen = record(&mut t, "Record this follow-up?", "y");
    for shown in [
        "Last time (2026-11-09, about \"Foo project\"):",
        "- it will be slow",
        "sprint-planning on payments with carol: 1 rep, comfort 2; next check-in",
        "Follow-up 1:1 with Alice Liddell on 2026-11-23.",
        "sprint-planning on payments: a rep recorded, comfort 4/5, \"ran planning twice, carol watched\", filled: done",
        "worries eased:     it will be slow",
        "still worries:     too many meetings",
        "new worries:       on-call clashes",
        "next vacuum:       status-email on payments, with bob as buddy; first check-in 2026-11-30",
        "next 1:1:          2026-12-07",
        "recorded: follow-up 1:1 with alice: sprint-planning on payments filled; commits to status-email on payments",
    ] {
        assert!(seen.contains(shown), "{shown:?} not shown:\n{seen}");
    }
    assert!(!seen.contains("best run project"), "{seen}");

    // One commit: the conversation, the done commitment, the new one.
    assert_eq!(repo.commit_count(), before + 1);
    let files = repo.last_commit_files();
    assert_eq!(files.lines().count(), 3, "{files}");
    assert_eq!(repo.last_trailer("Microvac-Action"), "follow-up");
    let filled = repo.read(committed(
        &files,
        &format!("commitments/alice/sprint-planning--payments-{id}.toml"),
    ));
    for part in [
        "status = \"done\"",
        "ended = 2026-11-23",
        "[[checkin]]\ndate = 2026-11-23\nnote = \"ran planning twice, carol watched\"\ncomfort = 4\n",
    ] {
        assert!(filled.contains(part), "{part:?} missing:\n{filled}");
    }
    assert!(!filled.contains("next_checkin"), "{filled}");
    let next = repo.read(committed(
        &files,
        "commitments/alice/status-email--payments-",
    ));
    let conversation = committed(&files, "conversations/2026/2026-11-23-alice-");
    let conversation_id = conversation
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".toml");
    for part in [
        "buddy = \"bob\"",
        "next_checkin = 2026-11-30",
        &format!("conversation = \"{conversation_id}\""),
    ] {
        assert!(next.contains(part), "{part:?} missing:\n{next}");
    }
    let conversation = repo.read(&conversation);
    for part in [
        "concerns = [\"too many meetings\", \"on-call clashes\"]",
        "concerns_eased = [\"it will be slow\"]",
        &format!("follows = \"{first}\""),
        "next = 2026-12-07",
        "commitments = [\"status-email--payments-",
    ] {
        assert!(
            conversation.contains(part),
            "{part:?} missing:\n{conversation}"
        );
    }
    assert!(!conversation.contains("exemplar"), "{conversation}");
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();
    repo.assert_fsck_clean();

    // The next follow-up asks about the worry still open, not the eased one.
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.wait_for("worries raised (ask how they went):")
        .wait_for("- too many meetings")
        .wait_for("- on-call clashes")
        .wait_for("status-email on payments with bob: 0 reps");
    t.wait_for("How did the reps of status-email on payments go")
        .send(ESC);
    let (code, _) = t.finish();
    assert_eq!(code, 130);
    assert!(
        !plain(&t.seen).contains("- it will be slow"),
        "{}",
        plain(&t.seen)
    );
}

#[test]
fn esc_keeps_the_answers_as_a_draft_that_the_next_coach_offers_back() {
    let repo = team();
    let head = repo.head();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    up_to_the_buddy(&mut t);
    t.wait_for("Who does the first reps with them").send(ESC);
    let (code, _) = t.finish();
    let seen = plain(&t.seen);
    assert_eq!(code, 130, "{seen}");
    for shown in [
        "Esc pressed: nothing recorded",
        "your answers are kept as a draft: the next `mv coach alice` offers them back",
    ] {
        assert!(seen.contains(shown), "{shown:?} not shown:\n{seen}");
    }
    // Outside the shared files: git sees nothing, nothing was committed.
    assert_eq!(repo.head(), head);
    assert_eq!(repo.status(), "");
    let kept = repo.read(".git/microvac-drafts/coach-alice.toml");
    assert!(kept.contains("Foo project"), "{kept}");

    // Taken up again, Enter keeps every answer.
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer(
        "was stopped before it was recorded (for a 1:1 on 2026-11-23). Take its answers up again?",
        "y",
    );
    t.wait_for("What was it called?")
        .wait_for("Foo project")
        .send(ENTER);
    t.wait_for("did they really like?")
        .wait_for("well-run sprint planning")
        .send(ENTER);
    t.wait_for("which vacuum did they fill?").send(ENTER);
    t.wait_for("Anything else they liked?")
        .wait_for("senior leadership was excited")
        .send(ENTER);
    // The draft's pick comes first.
    t.wait_for("which vacuum did they fill?")
        .wait_for("status-email (Weekly status email to senior leaders)")
        .send(ENTER);
    t.answer("Anything else they liked?", "");
    t.wait_for("Which one will they start with?").send(ENTER);
    t.wait_for("Any worries they raised?")
        .wait_for("it will be slow")
        .send(ENTER);
    t.answer("Another worry?", "");
    t.wait_for("Who does the first reps with them").send(ENTER);
    t.answer("first check-in", "");
    record(&mut t, "Record this conversation and commitment?", "y");
    let files = repo.last_commit_files();
    let conversation = repo.read(committed(&files, "conversations/2026/2026-11-23-alice-"));
    for part in [
        "exemplar = \"Foo project\"",
        "{ what = \"well-run sprint planning\", vacuum = \"sprint-planning\" }",
        "{ what = \"senior leadership was excited\", vacuum = \"status-email\" }",
        "concerns = [\"it will be slow\"]",
    ] {
        assert!(
            conversation.contains(part),
            "{part:?} missing:\n{conversation}"
        );
    }
    // Recorded: the draft is gone, and the next coach is a follow-up.
    assert!(!repo.exists(".git/microvac-drafts/coach-alice.toml"));
    assert_eq!(repo.status(), "");
}

#[test]
fn a_draft_turned_down_is_dropped() {
    let repo = team();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("What was it called?", "Foo project");
    t.wait_for("did they really like?").send(CTRL_C);
    assert_eq!(t.finish().0, 130);
    assert!(repo.exists(".git/microvac-drafts/coach-alice.toml"));
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("Take its answers up again?", "n");
    // A fresh start: no default offered.
    t.wait_for("What was it called?").send(ESC);
    assert_eq!(t.finish().0, 130);
    assert!(!plain(&t.seen).contains("Enter keeps the draft's"));
    // Esc before any answer keeps no draft.
    assert!(!repo.exists(".git/microvac-drafts/coach-alice.toml"));
}

/// Runs `mv coach alice`, lets `leave` end it halfway, and checks that
/// nothing at all was written.
fn leaves_nothing(leave: impl FnOnce(&mut Terminal), expected_code: i32, said: &str) {
    let repo = team();
    let (head, count) = (repo.head(), repo.commit_count());
    let microvac_files = || -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(repo.path().join(".git"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                // The draft of answers is meant to be kept (see below).
                (name.contains("microvac") && name != "microvac-drafts")
                    .then(|| (name, std::fs::read(e.path()).unwrap_or_default()))
            })
            .collect();
        files.sort();
        files
    };
    let before = microvac_files();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    leave(&mut t);
    let (code, _) = t.finish();
    let seen = plain(&t.seen);
    assert_eq!(code, expected_code, "{seen}");
    assert!(seen.contains(said), "{said:?} not shown:\n{seen}");
    assert_eq!(repo.head(), head);
    assert_eq!(repo.commit_count(), count);
    assert_eq!(repo.status(), "", "git status must be unchanged");
    assert!(!repo.exists(".git/microvac.lock"), "a lock was left behind");
    assert!(
        !repo.exists("commitments/alice"),
        "a commitment was written"
    );
    assert_eq!(microvac_files(), before, "microvac's files in .git changed");
}

#[test]
fn ctrl_c_halfway_leaves_nothing_written() {
    leaves_nothing(
        |t| {
            up_to_the_buddy(t);
            t.wait_for("Who does the first reps with them").send(CTRL_C);
        },
        130,
        "Ctrl-C pressed: nothing recorded",
    );
}

#[test]
fn esc_at_a_pick_list_leaves_nothing_written() {
    leaves_nothing(
        |t| {
            t.answer("What was it called?", "Foo project");
            t.answer("did they really like?", "a clear plan");
            t.wait_for("which vacuum did they fill?")
                .send(DOWN)
                .send(ESC);
        },
        130,
        "Esc pressed: nothing recorded",
    );
}

#[test]
fn an_empty_required_answer_asks_again() {
    leaves_nothing(
        |t| {
            t.answer("What was it called?", "");
            t.wait_for("an answer is needed here (Esc stops without recording anything)");
            t.send("Foo project").send(ENTER);
            t.wait_for("did they really like?").send(ESC);
        },
        130,
        "Esc pressed: nothing recorded",
    );
}

#[test]
fn an_empty_buddy_handle_goes_back_to_the_list() {
    let repo = team();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    up_to_the_buddy(&mut t);
    // carol, bob, then "someone else".
    t.wait_for("no buddy for now")
        .send(DOWN)
        .send(DOWN)
        .send(ENTER);
    t.answer("Their buddy's handle:", "");
    t.wait_for("No handle typed: back to the list.");
    t.wait_for("Who does the first reps with them")
        .wait_for("no buddy for now")
        .send(DOWN)
        .send(ENTER);
    t.answer("first check-in", "");
    record(&mut t, "Record this conversation and commitment?", "y");
    assert_eq!(repo.last_trailer("Microvac-Buddy"), "bob");
    assert_eq!(repo.status(), "");
}

/// A buddy's handle typed with a slip gets a did-you-mean, which says so
/// when the person it names is archived.
#[test]
fn a_mistyped_buddy_handle_gets_a_did_you_mean() {
    let repo = team();
    repo.mv(&["person", "add", "dave"]).success();
    repo.mv(&["person", "archive", "dave"]).success();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    up_to_the_buddy(&mut t);
    t.wait_for("no buddy for now")
        .send(DOWN)
        .send(DOWN)
        .send(ENTER);
    t.answer("Their buddy's handle:", "dve");
    t.wait_for("did you mean \"dave\"? They are archived");
    t.send("\x7f\x7f\x7f").send("bbo").send(ENTER);
    t.wait_for("did you mean \"bob\"?");
    t.send("\x7f\x7f\x7f").send("bob").send(ENTER);
    t.answer("first check-in", "");
    record(&mut t, "Record this conversation and commitment?", "y");
    assert_eq!(repo.last_trailer("Microvac-Buddy"), "bob");
    assert_eq!(repo.status(), "");
}

#[test]
fn with_nothing_vacant_the_conversation_is_recorded_without_a_commitment() {
    let repo = team();
    for fill in ["sprint-planning@payments", "status-email@payments"] {
        repo.mv(&["fill", "alice", fill, "--date", "2026-11-02"])
            .success();
    }
    let before = repo.commit_count();
    let mut t = Terminal::mv(&repo, &["coach", "alice", "--first"]);
    t.answer("What was it called?", "Foo project");
    t.answer("did they really like?", "a clear plan");
    t.wait_for("which vacuum did they fill?").send(ENTER);
    t.answer("Anything else they liked?", "");
    t.wait_for("Nothing is vacant or needed on their projects");
    t.wait_for("no commitment this time (record the conversation only)")
        .send(ENTER);
    t.answer("Any worries they raised?", "");
    let seen = record(&mut t, "Record this conversation (no commitment)?", "y");
    assert!(!seen.contains("could not ask"), "{seen}");
    assert!(
        seen.contains("starts with:    no commitment this time"),
        "{seen}"
    );
    assert_eq!(repo.commit_count(), before + 1);
    let files = repo.last_commit_files();
    assert_eq!(files.lines().count(), 1, "{files}");
    let conversation = repo.read(committed(&files, "conversations/2026/2026-11-23-alice-"));
    assert!(
        conversation.contains("exemplar = \"Foo project\""),
        "{conversation}"
    );
    assert!(conversation.contains("commitments = []"), "{conversation}");
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();
}

#[test]
fn no_at_the_end_leaves_nothing_written() {
    leaves_nothing(
        |t| {
            up_to_the_buddy(t);
            t.wait_for("Who does the first reps with them").send(ENTER);
            t.answer("first check-in", "");
            t.answer("next 1:1", "");
            t.wait_for("Record this conversation and commitment?")
                .send("n")
                .send(ENTER);
        },
        0,
        "nothing recorded",
    );
}

#[test]
fn off_a_terminal_it_refuses_and_names_mv_log() {
    let repo = team();
    let head = repo.head();
    let out = repo.mv(&["coach", "alice"]).code(1);
    repo.snapshot_filters().bind(|| {
        insta::assert_snapshot!(out.stderr(), @r#"
        error: mv coach asks its questions at a terminal, and there is none here
        hint: record the conversation with flags instead: mv log alice --exemplar "Foo project" --liked "what they liked=sprint-planning" --concern "first attempts will be slow" --fill sprint-planning@payments --buddy carol --next 2026-12-07
        "#);
    });
    assert_eq!(repo.head(), head);
    let out = repo.mv(&["coach", "zed"]).code(1);
    assert!(out.stderr().contains("no person named \"zed\""), "{out}");
}

#[test]
fn a_follow_up_without_a_filled_vacuum_records_the_rep_and_lets_the_buddy_go() {
    let (repo, id, _) = after_a_first_conversation();
    let mut t = Terminal::mv(&repo, &["coach", "alice", "--date", "2026-11-24"]);
    t.answer(
        "How did the reps of sprint-planning on payments go since last time?",
        "ran it alone once",
    );
    // Enter skips the comfort: the rep is kept with its word only.
    t.answer("How comfortable does sprint-planning feel to them now", "");
    t.answer("Is sprint-planning on payments filled now", "");
    t.answer("Does carol still need to be there for the reps?", "n");
    t.wait_for("Last time they worried: \"it will be slow\"")
        .wait_for("it came true")
        .send(DOWN)
        .send(DOWN)
        .send(ENTER);
    t.wait_for("Last time they worried: \"too many meetings\"")
        .wait_for("it came true")
        .send(DOWN)
        .send(ENTER);
    t.answer("Any new worries they raised?", "");
    // Nothing was filled: no next vacuum is asked for.
    t.answer("next 1:1", "2026-12-01");
    t.wait_for("Record this follow-up?").send("y").send(ENTER);
    let (code, _) = t.finish();
    let seen = plain(&t.seen);
    assert_eq!(code, 0, "{seen}");
    assert!(!seen.contains("Which vacuum is next?"), "{seen}");
    for shown in [
        "sprint-planning on payments: a rep recorded, \"ran it alone once\", carol no longer needed for the reps",
        "worries eased:     too many meetings",
        "worries came true: it will be slow",
        "The script, when a worry came true: a temporary drop in quality is how anyone iterates",
        "recorded: follow-up 1:1 with alice: reps reviewed",
    ] {
        assert!(seen.contains(shown), "{shown:?} not shown:\n{seen}");
    }
    let files = repo.last_commit_files();
    assert_eq!(files.lines().count(), 2, "{files}");
    let commitment = repo.read(committed(
        &files,
        &format!("commitments/alice/sprint-planning--payments-{id}.toml"),
    ));
    for part in [
        "status = \"active\"",
        "buddy = \"carol\"",
        "buddy_until = 2026-11-24",
        "[[checkin]]\ndate = 2026-11-24\nnote = \"ran it alone once\"\n",
    ] {
        assert!(commitment.contains(part), "{part:?} missing:\n{commitment}");
    }
    let conversation = repo.read(committed(&files, "conversations/2026/2026-11-24-alice-"));
    for part in [
        "concerns = []",
        "concerns_eased = [\"too many meetings\"]",
        "concerns_came_true = [\"it will be slow\"]",
        "next = 2026-12-01",
        "commitments = []",
    ] {
        assert!(
            conversation.contains(part),
            "{part:?} missing:\n{conversation}"
        );
    }
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();

    // Next time the buddy question is not asked again.
    let mut t = Terminal::mv(&repo, &["coach", "alice", "--date", "2026-12-01"]);
    t.answer("How did the reps of sprint-planning", "");
    t.answer("How comfortable does sprint-planning", "");
    t.answer("Is sprint-planning on payments filled now", "");
    t.wait_for("Any new worries they raised?").send(ESC);
    assert_eq!(t.finish().0, 130);
    assert!(
        !plain(&t.seen).contains("still need to be there"),
        "{}",
        plain(&t.seen)
    );

    // One command, one undo: the rep, the buddy's end and the conversation go together.
    let out = repo.mv(&["undo"]).success();
    assert!(
        out.stdout()
            .contains("follow-up 1:1 with alice: reps reviewed"),
        "{out}"
    );
    let commitment = repo.read(format!(
        "commitments/alice/sprint-planning--payments-{id}.toml"
    ));
    assert!(!commitment.contains("buddy_until"), "{commitment}");
    assert!(!commitment.contains("ran it alone once"), "{commitment}");
    assert_eq!(repo.git(&["ls-files", "conversations"]).lines().count(), 1);
    assert_eq!(repo.status(), "");
}

#[test]
fn esc_or_no_in_a_follow_up_leaves_nothing_written() {
    let (repo, _, _) = after_a_first_conversation();
    let (head, count) = (repo.head(), repo.commit_count());
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("How did the reps of sprint-planning", "fine");
    t.answer("How comfortable does sprint-planning", "3");
    t.answer("Is sprint-planning on payments filled now", "y");
    t.wait_for("Last time they worried").send(ESC);
    let (code, _) = t.finish();
    assert_eq!(code, 130);
    assert!(plain(&t.seen).contains("Esc pressed: nothing recorded"));
    assert_eq!((repo.head(), repo.commit_count()), (head.clone(), count));
    assert_eq!(repo.status(), "");

    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    // The answers before Esc were kept; this time, a fresh start.
    t.answer("Take its answers up again?", "n");
    t.answer("How did the reps of sprint-planning", "fine");
    t.answer("How comfortable does sprint-planning", "3");
    t.answer("Is sprint-planning on payments filled now", "n");
    t.answer("Does carol still need to be there", "");
    t.wait_for("Last time they worried").send(ENTER);
    t.wait_for("Last time they worried").send(ENTER);
    t.answer("Any new worries they raised?", "");
    record(&mut t, "Record this follow-up?", "n");
    assert!(plain(&t.seen).contains("nothing recorded"));
    assert_eq!((repo.head(), repo.commit_count()), (head, count));
    assert_eq!(repo.status(), "");
}

#[test]
fn a_follow_up_stopped_halfway_is_offered_back() {
    let (repo, id, _) = after_a_first_conversation();
    let head = repo.head();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("How did the reps of sprint-planning", "ran it twice");
    t.answer("How comfortable does sprint-planning", "4");
    t.answer("Is sprint-planning on payments filled now", "y");
    t.wait_for("Last time they worried: \"it will be slow\"")
        .wait_for("still a worry")
        .send(DOWN)
        .send(ENTER);
    t.wait_for("Last time they worried: \"too many meetings\"")
        .send(CTRL_C);
    let (code, _) = t.finish();
    let seen = plain(&t.seen);
    assert_eq!(code, 130, "{seen}");
    assert!(seen.contains("your answers are kept as a draft"), "{seen}");
    assert_eq!(repo.head(), head);
    assert_eq!(repo.status(), "");
    assert!(repo.exists(".git/microvac-drafts/follow-up-alice.toml"));

    // Taken up again: Enter keeps each answer kept.
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("Take its answers up again?", "y");
    t.wait_for("How did the reps of sprint-planning")
        .wait_for("ran it twice")
        .send(ENTER);
    t.wait_for("How comfortable does sprint-planning")
        .wait_for("(4)")
        .send(ENTER);
    t.wait_for("Is sprint-planning on payments filled now")
        .wait_for("(Y/n)")
        .send(ENTER);
    t.wait_for("Last time they worried: \"it will be slow\"")
        .send(ENTER);
    t.wait_for("Last time they worried: \"too many meetings\"")
        .send(ENTER);
    t.answer("Any new worries they raised?", "");
    t.wait_for("Which vacuum is next?")
        .wait_for("none for now")
        .send(ENTER);
    t.wait_for("Who does the first reps with them").send(ENTER);
    t.answer("first check-in", "");
    let seen = record(&mut t, "Record this follow-up?", "y");
    for shown in [
        "sprint-planning on payments: a rep recorded, comfort 4/5, \"ran it twice\", filled: done",
        "worries eased:     it will be slow",
        "still worries:     too many meetings",
    ] {
        assert!(seen.contains(shown), "{shown:?} not shown:\n{seen}");
    }
    let files = repo.last_commit_files();
    let filled = repo.read(committed(
        &files,
        &format!("commitments/alice/sprint-planning--payments-{id}.toml"),
    ));
    assert!(filled.contains("status = \"done\""), "{filled}");
    assert!(!repo.exists(".git/microvac-drafts/follow-up-alice.toml"));
    assert_eq!(repo.status(), "");
}

#[test]
fn how_comfortable_they_feel_about_each_candidate_orders_the_list() {
    let repo = team();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("What was it called?", "Foo project");
    t.answer("did they really like?", "well-run sprint planning");
    t.wait_for("sprint-planning (Sprint planning)").send(ENTER);
    t.answer("Anything else they liked?", "");
    // Liked first: sprint-planning, then status-email, none, and the ask.
    t.wait_for("Which one will they start with?")
        .wait_for("(first ask how comfortable they feel about each)")
        .send(DOWN)
        .send(DOWN)
        .send(DOWN)
        .send(ENTER);
    t.answer(
        "How comfortable do they feel about sprint-planning on payments, 1 to 5?",
        "2",
    );
    t.answer(
        "How comfortable do they feel about status-email on payments, 1 to 5?",
        "4",
    );
    // Back to the list, most comfortable first: Enter takes status-email.
    t.wait_for("Which one will they start with?")
        .wait_for("status-email on payments [new to alice] buddy: bob (tech lead on payments) [comfort 4/5]")
        .send(ENTER);
    t.answer("Any worries they raised?", "");
    t.wait_for("Who does the first reps with them")
        .wait_for("no buddy for now")
        .send(ENTER);
    t.answer("first check-in", "");
    let seen = record(&mut t, "Record this conversation and commitment?", "y");
    for shown in [
        "sprint-planning on payments [liked] [new to alice] buddy: carol (2 reps, last comfort 4/5, 1 done) [comfort 2/5]",
        "starts with:    status-email on payments",
        "comfort with:   status-email on payments 4/5; sprint-planning on payments 2/5",
    ] {
        assert!(seen.contains(shown), "{shown:?} not shown:\n{seen}");
    }
    let files = repo.last_commit_files();
    assert!(
        files.contains("commitments/alice/status-email--payments-"),
        "{files}"
    );
    let conversation = repo.read(committed(&files, "conversations/2026/2026-11-23-alice-"));
    assert!(
        conversation.contains(
            "comfort_with = [{ vacuum = \"status-email\", project = \"payments\", comfort = 4 }, { vacuum = \"sprint-planning\", project = \"payments\", comfort = 2 }]"
        ),
        "{conversation}"
    );
    assert_eq!(repo.status(), "");
    repo.mv(&["check"]).success();
    // mv check holds the comfort to 1-5 there too.
    let path = committed(&files, "conversations/2026/2026-11-23-alice-");
    repo.write(
        &path,
        &conversation.replace("comfort = 4 }", "comfort = 9 }"),
    );
    let out = repo.mv(&["check"]).code(1);
    assert!(
        out.stderr().contains("comfort must be 1 to 5, not 9"),
        "{out}"
    );
}

#[test]
fn comfort_said_before_esc_comes_back_with_the_draft() {
    let repo = team();
    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("What was it called?", "Foo project");
    t.answer("did they really like?", "well-run sprint planning");
    t.wait_for("sprint-planning (Sprint planning)").send(ENTER);
    t.answer("Anything else they liked?", "");
    t.wait_for("(first ask how comfortable they feel about each)")
        .send(DOWN)
        .send(DOWN)
        .send(DOWN)
        .send(ENTER);
    t.answer("about sprint-planning on payments", "2");
    t.answer("about status-email on payments", "5");
    t.wait_for("Which one will they start with?").send(ESC);
    assert_eq!(t.finish().0, 130);
    let kept = repo.read(".git/microvac-drafts/coach-alice.toml");
    assert!(kept.contains("comfort = 5"), "{kept}");

    let mut t = Terminal::mv(&repo, &["coach", "alice"]);
    t.answer("Take its answers up again?", "y");
    t.wait_for("What was it called?").send(ENTER);
    t.wait_for("did they really like?").send(ENTER);
    t.wait_for("which vacuum did they fill?").send(ENTER);
    t.answer("Anything else they liked?", "");
    // Most comfortable first, at once.
    t.wait_for("Which one will they start with?")
        .wait_for("> status-email on payments [new to alice] buddy: bob (tech lead on payments) [comfort 5/5]")
        .send(ESC);
    assert_eq!(t.finish().0, 130);
}

#[test]
fn mv_log_s_editor_takes_a_follow_ups_keys_too() {
    let repo = team();
    let editor = repo.scratch("bin").join("follow-up");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i -e 's/^exemplar = \"\"/exemplar = \"Foo\"/' -e 's/^concerns = \\[/concerns_eased = [\"slow\"]\\nconcerns_came_true = [\"meetings\"]\\nconcerns = [/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let cmd = format!("{} log alice", common::mv_bin().display());
    let out = repo
        .cmd("script", &["-qec", &cmd, "/dev/null"])
        .env("GIT_EDITOR", editor.to_str().unwrap())
        .run();
    assert!(out.stdout().contains("recorded: 1:1 with alice"), "{out}");
    let files = repo.last_commit_files();
    let conversation = repo.read(committed(&files, "conversations/2026/"));
    for part in [
        "concerns_eased = [\"slow\"]",
        "concerns_came_true = [\"meetings\"]",
    ] {
        assert!(
            conversation.contains(part),
            "{part:?} missing:\n{conversation}"
        );
    }
    repo.mv(&["check"]).success();
}
