//! The record merge on realistic commitments and conversations, and its
//! properties (idempotence, symmetry, identity) on generated records.

mod conversations;
mod properties;

use super::*;
use crate::model::Cadence;

const EVERY: Cadence = Cadence::DEFAULT;

/// A commitment as mv writes it, with a person's comments in it.
const BASE: &str = r#"# Alice fills sprint planning on payments, with Bob first.
person = "alice"
vacuum = "sprint-planning"
project = "payments"
status = "active" # active, done or dropped
started = 2026-11-02
# Bob ran planning on checkout last year.
buddy = "bob"
checkin_every = "2w"
next_checkin = 2026-11-23
conversation = "2026-11-02-alice-k3f9"
concerns = ["slower at first", "no time"]

[[checkin]]
date = 2026-11-09
note = "ran it with bob" # bob did most of it
comfort = 2
"#;

fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    match merge_record(base, ours, theirs, EVERY) {
        Ok(m) => m,
        Err(e) => panic!("merge failed: {e}\nbase:\n{base}\nours:\n{ours}\ntheirs:\n{theirs}"),
    }
}

/// `text` with one line replaced; fails the test when the line is missing.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in\n{text}");
    text.replacen(from, to, 1)
}

fn add_checkin(text: &str, date: &str, note: &str, comfort: i64) -> String {
    format!("{text}\n[[checkin]]\ndate = {date}\nnote = \"{note}\"\ncomfort = {comfort}\n")
}

fn parsed(text: &str) -> toml::Table {
    match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => panic!("not TOML: {e}\n{text}"),
    }
}

fn checkin_dates(text: &str) -> Vec<String> {
    parsed(text)["checkin"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    c["date"]
                        .as_datetime()
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn check_ins_added_on_both_sides_are_all_kept_in_date_order() {
    let ours = edit(
        &add_checkin(BASE, "2026-11-16", "ran it alone", 3),
        "next_checkin = 2026-11-23",
        "next_checkin = 2026-11-30",
    );
    let theirs = edit(
        &add_checkin(BASE, "2026-11-13", "bob ran it, I watched", 2),
        "next_checkin = 2026-11-23",
        "next_checkin = 2026-11-27",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean(), "{}", merged.text);
    assert_eq!(
        checkin_dates(&merged.text),
        ["2026-11-09", "2026-11-13", "2026-11-16"]
    );
    // Recomputed: two weeks after the latest check-in.
    assert!(
        merged.text.contains("next_checkin = 2026-11-30\n"),
        "{}",
        merged.text
    );
    assert!(merged.text.contains("note = \"bob ran it, I watched\""));
    assert!(
        merged
            .text
            .contains("note = \"ran it with bob\" # bob did most of it")
    );
}

#[test]
fn a_status_change_and_a_buddy_change_both_apply() {
    let ours = edit(
        &edit(BASE, "status = \"active\"", "status = \"done\""),
        "next_checkin = 2026-11-23\n",
        "ended = 2026-11-20\n",
    );
    let theirs = edit(BASE, "buddy = \"bob\"", "buddy = \"carol\"");
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean(), "{}", merged.text);
    let expected = edit(&ours, "buddy = \"bob\"", "buddy = \"carol\"");
    assert_eq!(merged.text, expected);
}

#[test]
fn the_same_field_set_differently_is_one_marked_conflict() {
    let ours = edit(
        &edit(BASE, "status = \"active\"", "status = \"done\""),
        "next_checkin = 2026-11-23\n",
        "",
    );
    let theirs = edit(
        &edit(
            BASE,
            "status = \"active\" # active, done or dropped",
            "status = \"dropped\"",
        ),
        "next_checkin = 2026-11-23\n",
        "why = \"no sprints this quarter\"\n",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert_eq!(
        merged.conflicts,
        [FieldConflict {
            field: "status".into(),
            ours: Some("\"done\"".into()),
            theirs: Some("\"dropped\"".into()),
        }]
    );
    assert!(
        merged.text.contains(
            "project = \"payments\"\n<<<<<<< ours\nstatus = \"done\" # active, done or dropped\n=======\nstatus = \"dropped\"\n>>>>>>> theirs\nstarted = 2026-11-02\n"
        ),
        "{}",
        merged.text
    );
    // Everything else merged: theirs' new `why`, and no next check-in.
    let ours_side = parsed(&resolve_conflicts(&merged.text, Side::Ours));
    assert_eq!(ours_side["status"].as_str(), Some("done"));
    assert_eq!(ours_side["why"].as_str(), Some("no sprints this quarter"));
    assert!(!ours_side.contains_key("next_checkin"));
    let found = parse_conflicts(&merged.text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fields.as_deref(), Some(&merged.conflicts[..]));
    assert_eq!(
        found[0].to_string(),
        "unresolved merge conflict in field `status`: ours `done`, theirs `dropped`"
    );
}

#[test]
fn the_same_value_on_both_sides_is_no_conflict() {
    let both = edit(BASE, "buddy = \"bob\"", "buddy = \"carol\"");
    let ours = edit(&both, "comfort = 2", "comfort = 3");
    let merged = merge(BASE, &ours, &both);
    assert!(merged.is_clean());
    assert_eq!(merged.text, ours);
}

#[test]
fn list_changes_from_both_sides_are_united() {
    let ours = edit(
        BASE,
        r#"concerns = ["slower at first", "no time"]"#,
        r#"concerns = ["slower at first", "no time", "public speaking"]"#,
    );
    let theirs = edit(
        BASE,
        r#"concerns = ["slower at first", "no time"]"#,
        r#"concerns = ["no time", "quality dips", "public speaking"]"#,
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean());
    assert!(
        merged
            .text
            .contains(r#"concerns = ["no time", "public speaking", "quality dips"]"#),
        "{}",
        merged.text
    );
}

#[test]
fn a_field_removed_on_one_side_and_unchanged_on_the_other_is_removed() {
    let ours = edit(BASE, "comfort = 2", "comfort = 3");
    let theirs = edit(BASE, "conversation = \"2026-11-02-alice-k3f9\"\n", "");
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean());
    assert_eq!(
        merged.text,
        edit(&ours, "conversation = \"2026-11-02-alice-k3f9\"\n", "")
    );
    // And the other way round.
    let merged = merge(BASE, &theirs, &ours);
    assert_eq!(
        merged.text,
        edit(&ours, "conversation = \"2026-11-02-alice-k3f9\"\n", "")
    );
}

#[test]
fn an_identical_check_in_added_on_both_sides_counts_once() {
    let both = add_checkin(BASE, "2026-11-16", "ran it alone", 3);
    let ours = edit(&both, "buddy = \"bob\"", "buddy = \"carol\"");
    let theirs = edit(&both, "comfort = 2", "comfort = 1");
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean(), "{}", merged.text);
    assert_eq!(checkin_dates(&merged.text), ["2026-11-09", "2026-11-16"]);
    let records = parsed(&merged.text);
    assert_eq!(records["buddy"].as_str(), Some("carol"));
    assert_eq!(records["checkin"][0]["comfort"].as_integer(), Some(1));
}

#[test]
fn a_check_in_removed_on_one_side_is_removed() {
    let ours = add_checkin(BASE, "2026-11-16", "ran it alone", 3);
    let theirs = edit(
        BASE,
        "\n[[checkin]]\ndate = 2026-11-09\nnote = \"ran it with bob\" # bob did most of it\ncomfort = 2\n",
        "",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean(), "{}", merged.text);
    assert_eq!(checkin_dates(&merged.text), ["2026-11-16"]);
}

#[test]
fn comments_from_both_sides_survive() {
    let ours = edit(
        BASE,
        "buddy = \"bob\"\n",
        "buddy = \"bob\"\n# Alice asked to go weekly while she learns.\n",
    );
    let ours = edit(
        &ours,
        "checkin_every = \"2w\"",
        "checkin_every = \"1w\" # for now",
    );
    let theirs = edit(
        BASE,
        "# Bob ran planning on checkout last year.\n",
        "# Bob ran planning on checkout last year, and likes to.\n",
    );
    let theirs = edit(
        &theirs,
        "conversation = \"2026-11-02-alice-k3f9\"\n",
        "conversation = \"2026-11-02-alice-k3f9\"\n# The team lead wants a demo at the all-hands.\ndemo = true # a key microvac does not know\n",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean(), "{}", merged.text);
    for line in [
        "# Alice fills sprint planning on payments, with Bob first.",
        "# Bob ran planning on checkout last year, and likes to.",
        "# Alice asked to go weekly while she learns.",
        "checkin_every = \"1w\" # for now",
        "# The team lead wants a demo at the all-hands.\ndemo = true # a key microvac does not know\n",
        "note = \"ran it with bob\" # bob did most of it",
        "status = \"active\" # active, done or dropped",
    ] {
        assert!(
            merged.text.contains(line),
            "lost {line:?} in\n{}",
            merged.text
        );
    }
    // Theirs' new key sits where theirs put it: after `conversation`.
    assert!(
        merged
            .text
            .contains("conversation = \"2026-11-02-alice-k3f9\"\n# The team lead"),
        "{}",
        merged.text
    );
}

#[test]
fn next_checkin_is_removed_when_the_merged_commitment_has_ended() {
    let ours = edit(
        &edit(BASE, "status = \"active\"", "status = \"done\""),
        "next_checkin = 2026-11-23\n",
        "ended = 2026-11-20\n",
    );
    let theirs = edit(
        &add_checkin(BASE, "2026-11-16", "ran it alone", 4),
        "next_checkin = 2026-11-23",
        "next_checkin = 2026-11-30",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(merged.is_clean(), "{}", merged.text);
    let records = parsed(&merged.text);
    assert!(!records.contains_key("next_checkin"), "{}", merged.text);
    assert_eq!(records["status"].as_str(), Some("done"));
    assert_eq!(checkin_dates(&merged.text), ["2026-11-09", "2026-11-16"]);
}

#[test]
fn next_checkin_follows_the_record_cadence_else_the_tracker_default() {
    // Hand-added check-ins on both sides, next_checkin untouched: the
    // merged record is new, so its next check-in is worked out again.
    let ours = add_checkin(BASE, "2026-11-12", "ran it alone", 3);
    let theirs = add_checkin(
        &edit(BASE, "checkin_every = \"2w\"", "checkin_every = \"10d\""),
        "2026-11-10",
        "reviewed the board",
        3,
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(
        merged.text.contains("next_checkin = 2026-11-22\n"),
        "{}",
        merged.text
    );

    let no_cadence = edit(BASE, "checkin_every = \"2w\"\n", "");
    let ours = add_checkin(&no_cadence, "2026-11-12", "ran it alone", 3);
    let theirs = add_checkin(&no_cadence, "2026-11-10", "reviewed the board", 3);
    let weekly: Cadence = "1w".parse().unwrap();
    let merged = merge_record(&no_cadence, &ours, &theirs, weekly).unwrap();
    assert!(
        merged.text.contains("next_checkin = 2026-11-19\n"),
        "{}",
        merged.text
    );
}

#[test]
fn a_next_checkin_set_by_hand_on_one_side_stays() {
    let ours = edit(BASE, "buddy = \"bob\"", "buddy = \"carol\"");
    let theirs = edit(
        BASE,
        "next_checkin = 2026-11-23",
        "next_checkin = 2026-12-14",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(
        merged.text.contains("next_checkin = 2026-12-14\n"),
        "{}",
        merged.text
    );
}

#[test]
fn a_removed_field_changed_on_the_other_side_is_a_conflict_with_one_empty_side() {
    let ours = edit(BASE, "buddy = \"bob\"\n", "");
    let theirs = edit(BASE, "buddy = \"bob\"", "buddy = \"carol\"");
    let merged = merge(BASE, &ours, &theirs);
    assert_eq!(
        merged.conflicts,
        [FieldConflict {
            field: "buddy".into(),
            ours: None,
            theirs: Some("\"carol\"".into()),
        }]
    );
    assert!(
        merged
            .text
            .contains("<<<<<<< ours\n=======\nbuddy = \"carol\"\n>>>>>>> theirs\n"),
        "{}",
        merged.text
    );
    let mirrored = merge(BASE, &theirs, &ours);
    assert!(
        mirrored
            .text
            .contains("<<<<<<< ours\nbuddy = \"carol\"\n=======\n>>>>>>> theirs\n"),
        "{}",
        mirrored.text
    );
}

#[test]
fn a_conversation_merges_its_liked_list_of_inline_tables() {
    let base = r#"date = 2026-11-02
person = "alice"
exemplar = "Falcon"
# What she liked, each mapped to a vacuum where we could.
liked = [
    { what = "a clear plan", vacuum = "project-plan" },
    "demo at the all-hands",
]
concerns = []
"#;
    let ours = edit(
        base,
        "    \"demo at the all-hands\",\n",
        "    \"demo at the all-hands\",\n    { what = \"weekly status mail\", vacuum = \"status-email\" },\n",
    );
    let theirs = edit(
        base,
        "    { what = \"a clear plan\", vacuum = \"project-plan\" },\n",
        "    { what = \"a clear plan\", vacuum = \"project-plan\" },\n    \"short standups\",\n",
    );
    let theirs = edit(&theirs, "concerns = []", "concerns = [\"no time\"]");
    let merged = merge(base, &ours, &theirs);
    assert!(merged.is_clean(), "{}", merged.text);
    assert_eq!(
        merged.text,
        r#"date = 2026-11-02
person = "alice"
exemplar = "Falcon"
# What she liked, each mapped to a vacuum where we could.
liked = [
    { what = "a clear plan", vacuum = "project-plan" },
    "demo at the all-hands",
    { what = "weekly status mail", vacuum = "status-email" },
    "short standups",
]
concerns = ["no time"]
"#
    );
}

#[test]
fn an_input_that_is_not_toml_is_named_with_its_line() {
    let broken = edit(BASE, "buddy = \"bob\"", "buddy = \"bob");
    let ours = edit(BASE, "comfort = 2", "comfort = 3");
    let err = merge_record(BASE, &ours, &broken, EVERY).unwrap_err();
    match err {
        MergeError::NotToml { input, line, .. } => {
            assert_eq!(input, Input::Theirs);
            assert_eq!(line, 8);
        }
        other => panic!("{other}"),
    }
}

#[test]
fn merging_a_version_with_itself_changes_nothing() {
    for text in [BASE, "", "# only a comment\n", "a = 1\r\nb = [1,2]\r\n"] {
        let merged = merge_documents(text, text, text, EVERY).unwrap();
        assert_eq!(merged.text, text);
        assert!(merged.is_clean());
    }
}

#[test]
fn conflict_markers_in_any_file_are_found_and_resolved() {
    let text = "a = 1\n<<<<<<< HEAD\nstatus = \"done\"\nwhy = \"shipped\"\n||||||| base\nstatus = \"active\"\n=======\nstatus = \"dropped\"\nwhy = \"shipped\"\n>>>>>>> feature\nb = 2\n<<<<<<< ours\n[[checkin]]\n=======\nnot toml at all\n>>>>>>> theirs\n";
    let found = parse_conflicts(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].line, 2);
    assert_eq!(&text[found[0].span.clone()][..12], "<<<<<<< HEAD");
    assert!(text[found[0].span.clone()].ends_with(">>>>>>> feature\n"));
    assert_eq!(
        found[0].to_string(),
        "unresolved merge conflict in field `status`: ours `done`, theirs `dropped`"
    );
    assert_eq!(found[1].line, 12);
    assert_eq!(found[1].fields, None);
    assert_eq!(found[1].to_string(), "unresolved merge conflict");
    assert_eq!(
        resolve_conflicts(text, Side::Ours),
        "a = 1\nstatus = \"done\"\nwhy = \"shipped\"\nb = 2\n[[checkin]]\n"
    );
    assert_eq!(
        resolve_conflicts(text, Side::Theirs),
        "a = 1\nstatus = \"dropped\"\nwhy = \"shipped\"\nb = 2\nnot toml at all\n"
    );
    // Not markers: too long, too short, unterminated.
    let text = "<<<<<<<< x\n=======\n>>>>>>>\n<<<<<<\n<<<<<<< ours\na = 1\n";
    assert!(parse_conflicts(text).is_empty());
    assert_eq!(resolve_conflicts(text, Side::Theirs), text);
}

#[test]
fn a_comment_one_side_moved_is_not_written_twice() {
    // Ours removed the buddy (its comment stays, above the next key); theirs
    // changed it. The conflict does not bring the comment back.
    let ours = edit(BASE, "buddy = \"bob\"\n", "");
    let theirs = edit(BASE, "buddy = \"bob\"", "buddy = \"dave\"");
    for (ours, theirs) in [(&ours, &theirs), (&theirs, &ours)] {
        let merged = merge(BASE, ours, theirs);
        assert_eq!(
            merged.text.matches("# Bob ran planning").count(),
            1,
            "{}",
            merged.text
        );
    }
}

#[test]
fn a_list_ours_laid_out_anew_takes_theirs_items_in_ours_layout() {
    let ours = edit(
        BASE,
        r#"concerns = ["slower at first", "no time"]"#,
        "concerns = [\n    \"slower at first\",\n    \"no time\", # she said it twice\n]",
    );
    let theirs = edit(
        BASE,
        r#"concerns = ["slower at first", "no time"]"#,
        r#"concerns = ["no time", "visibility"]"#,
    );
    let merged = merge(BASE, &ours, &theirs);
    assert!(
        merged.text.contains(
            "concerns = [\n    \"no time\", # she said it twice\n    \"visibility\",\n]\n"
        ),
        "{}",
        merged.text
    );
}

#[test]
fn list_layouts_survive_removals_and_additions() {
    let base = "concerns = [\"a\", \"b\", \"c\"]\n";
    // One line: a removed first item takes its space with it.
    let merged = merge(
        base,
        "concerns = [\"b\", \"c\"]\n",
        "concerns = [\"a\", \"b\", \"c\", \"d\"]\n",
    );
    assert_eq!(merged.text, "concerns = [\"b\", \"c\", \"d\"]\n");

    // One item a line without a trailing comma; comments stay on their items.
    let ours = "concerns = [\n  \"a\", # first\n  \"b\",\n  \"c\" # last\n]\n";
    let theirs = "concerns = [\"b\", \"c\", \"d\"]\n";
    let merged = merge(base, ours, theirs);
    assert_eq!(
        merged.text,
        "concerns = [\n  \"b\",\n  \"c\", # last\n  \"d\"\n]\n"
    );

    // A new item from a tall list into an empty one-line list.
    let merged = merge(
        "concerns = [\"a\"]\n",
        "concerns = []\n",
        "concerns = [\n    \"a\",\n    \"b\", # new\n]\n",
    );
    assert_eq!(
        parsed(&merged.text)["concerns"].as_array().map(Vec::len),
        Some(1)
    );
    assert!(merged.text.contains("\"b\" # new\n"), "{}", merged.text);
}

#[test]
fn a_record_added_on_both_sides_merges_against_an_empty_base() {
    let ours = add_checkin(BASE, "2026-11-16", "ran it alone", 3);
    let theirs = edit(BASE, "buddy = \"bob\"", "buddy = \"carol\"");
    let merged = merge("", &ours, &theirs);
    // Without a base every difference is a clash, but check-ins unite.
    assert_eq!(merged.conflicts.len(), 1, "{}", merged.text);
    assert_eq!(merged.conflicts[0].field, "buddy");
    let ours_side = resolve_conflicts(&merged.text, Side::Ours);
    assert_eq!(checkin_dates(&ours_side), ["2026-11-09", "2026-11-16"]);
}

#[test]
fn a_conflict_inside_a_section_is_marked_there_and_named_with_it() {
    let base = "person = \"alice\"\n\n# Shared with the skip-level.\n[review]\nrating = \"meets\"\nnote = \"\"\n";
    let ours = edit(base, "rating = \"meets\"", "rating = \"exceeds\"");
    let ours = edit(
        &ours,
        "person = \"alice\"",
        "person = \"alice\"\nlevel = \"senior\"",
    );
    let theirs = edit(
        base,
        "rating = \"meets\"",
        "rating = \"strong\" # calibrated",
    );
    let merged = merge(base, &ours, &theirs);
    assert_eq!(
        merged.text,
        "person = \"alice\"\nlevel = \"senior\"\n\n# Shared with the skip-level.\n[review]\n<<<<<<< ours\nrating = \"exceeds\"\n=======\nrating = \"strong\" # calibrated\n>>>>>>> theirs\nnote = \"\"\n"
    );
    assert_eq!(merged.conflicts[0].field, "review.rating");
    let found = parse_conflicts(&merged.text);
    assert_eq!(found[0].fields.as_deref(), Some(&merged.conflicts[..]));
    assert_eq!(found[0].line, 6);
}

#[test]
fn what_cannot_be_marked_field_by_field_goes_to_git() {
    // Both changed a dotted key: its line cannot be marked on its own.
    let err = merge_record("a.b = 1\n", "a.b = 2\n", "a.b = 3\n", EVERY).unwrap_err();
    assert!(
        matches!(err, MergeError::Unsupported { ref field, .. } if field == "a.b"),
        "{err}"
    );
    // One side made a field a table while the other changed it.
    let err = merge_record("a = 1\n", "a = 2\n", "[a]\nb = 1\n", EVERY).unwrap_err();
    assert!(matches!(err, MergeError::Unsupported { .. }), "{err}");
}

#[test]
fn next_checkin_set_by_hand_on_both_sides_is_a_conflict() {
    let ours = edit(
        BASE,
        "next_checkin = 2026-11-23",
        "next_checkin = 2027-01-05",
    );
    let theirs = edit(
        BASE,
        "next_checkin = 2026-11-23",
        "next_checkin = 2027-01-09",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert_eq!(
        merged.conflicts,
        [FieldConflict {
            field: "next_checkin".into(),
            ours: Some("2027-01-05".into()),
            theirs: Some("2027-01-09".into()),
        }]
    );
    assert_eq!(
        parsed(&resolve_conflicts(&merged.text, Side::Theirs))["next_checkin"].to_string(),
        "2027-01-09"
    );
    // By hand against worked out (a check-in on the other side): the date
    // set by hand stays, whichever side is ours.
    let theirs = edit(
        &add_checkin(BASE, "2026-11-16", "ran it alone", 3),
        "next_checkin = 2026-11-23",
        "next_checkin = 2026-11-30",
    );
    for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
        let merged = merge(BASE, o, t);
        assert!(merged.is_clean(), "{}", merged.text);
        assert!(
            merged.text.contains("next_checkin = 2027-01-05\n"),
            "{}",
            merged.text
        );
        assert_eq!(checkin_dates(&merged.text), ["2026-11-09", "2026-11-16"]);
    }
    // A date set by hand on a commitment the other side ended goes.
    let done = edit(
        &edit(BASE, "status = \"active\"", "status = \"done\""),
        "next_checkin = 2026-11-23\n",
        "ended = 2026-11-20\n",
    );
    let merged = merge(BASE, &ours, &done);
    assert!(merged.is_clean(), "{}", merged.text);
    assert!(!merged.text.contains("next_checkin"), "{}", merged.text);
}

#[test]
fn a_check_in_edited_on_both_sides_stays_one_check_in() {
    let one = "note = \"ran it with bob\" # bob did most of it\ncomfort = 2\n";
    // Comfort on one side, the note on the other, a key added, a check-in
    // added: one entry with every change.
    let ours = add_checkin(
        &edit(BASE, "comfort = 2", "comfort = 3"),
        "2026-11-16",
        "alone",
        4,
    );
    let theirs = edit(
        BASE,
        one,
        "note = \"ran it with bob, well\" # bob did most of it\ncomfort = 2\nmood = \"calm\"\n",
    );
    for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
        let merged = merge(BASE, o, t);
        assert!(merged.is_clean(), "{}", merged.text);
        assert_eq!(checkin_dates(&merged.text), ["2026-11-09", "2026-11-16"]);
        let first = &parsed(&merged.text)["checkin"][0];
        assert_eq!(first["comfort"].as_integer(), Some(3), "{}", merged.text);
        assert_eq!(first["note"].as_str(), Some("ran it with bob, well"));
        assert_eq!(first["mood"].as_str(), Some("calm"));
        assert!(
            merged.text.contains("# bob did most of it"),
            "{}",
            merged.text
        );
    }
    // The same field set differently: one conflict on that entry's field.
    let theirs = edit(BASE, "comfort = 2", "comfort = 1");
    let merged = merge(BASE, &ours, &theirs);
    assert_eq!(
        merged.conflicts,
        [FieldConflict {
            field: "checkin.comfort".into(),
            ours: Some("3".into()),
            theirs: Some("1".into()),
        }]
    );
    assert!(
        merged
            .text
            .contains("<<<<<<< ours\ncomfort = 3\n=======\ncomfort = 1\n>>>>>>> theirs\n"),
        "{}",
        merged.text
    );
    let found = parse_conflicts(&merged.text);
    assert_eq!(found[0].fields.as_deref(), Some(&merged.conflicts[..]));
    for side in [Side::Ours, Side::Theirs] {
        assert_eq!(
            checkin_dates(&resolve_conflicts(&merged.text, side)).len(),
            2
        );
    }
    // Removed on one side, edited on the other: a conflict on the whole
    // check-in, either side of which can be kept.
    let removed = add_checkin(
        &edit(
            BASE,
            &format!("\n[[checkin]]\ndate = 2026-11-09\n{one}"),
            "",
        ),
        "2026-11-16",
        "alone",
        4,
    );
    for (o, t, edited) in [
        (&removed, &theirs, Side::Theirs),
        (&theirs, &removed, Side::Ours),
    ] {
        let merged = merge(BASE, o, t);
        let entry = "{ date = 2026-11-09, note = \"ran it with bob\", comfort = 1 }";
        let (ours, theirs) = match edited {
            Side::Ours => (Some(entry.to_owned()), None),
            Side::Theirs => (None, Some(entry.to_owned())),
        };
        assert_eq!(
            merged.conflicts,
            [FieldConflict {
                field: "checkin".into(),
                ours,
                theirs,
            }],
            "{}",
            merged.text
        );
        let found = parse_conflicts(&merged.text);
        assert_eq!(found.len(), 1, "{}", merged.text);
        assert_eq!(found[0].fields.as_deref(), Some(&merged.conflicts[..]));
        let kept = resolve_conflicts(&merged.text, edited);
        assert_eq!(checkin_dates(&kept), ["2026-11-09", "2026-11-16"], "{kept}");
        assert_eq!(parsed(&kept)["checkin"][0]["comfort"].as_integer(), Some(1));
        assert!(
            kept.contains("note = \"ran it with bob\" # bob did most of it\n"),
            "{kept}"
        );
        let other = match edited {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        };
        assert_eq!(
            checkin_dates(&resolve_conflicts(&merged.text, other)),
            ["2026-11-16"]
        );
    }
}

#[test]
fn marker_lines_inside_a_string_are_text_never_markers() {
    let pasted = "pasted:\n<<<<<<< ours\nstatus = \"done\"\n=======\nstatus = \"dropped\"\n>>>>>>> theirs\nend";
    for note in [
        format!("note = \"\"\"\n{pasted}\"\"\"\n"),
        format!("note = '''\n{pasted}'''\n"),
        // An escaped quote and quotes ending the string do not end it early.
        format!("note = \"\"\"\\\"\"\"\n{pasted}\"\"\"\"\"\n"),
    ] {
        let base = add_checkin(BASE, "2026-11-16", "x", 3).replace("note = \"x\"\n", &note);
        assert!(parse_conflicts(&base).is_empty(), "{base}");
        assert_eq!(resolve_conflicts(&base, Side::Theirs), base);
        let ours = edit(&base, "status = \"active\"", "status = \"done\"");
        let theirs = edit(&base, "status = \"active\"", "status = \"dropped\"");
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts.len(), 1, "{}", merged.text);
        let found = parse_conflicts(&merged.text);
        assert_eq!(found.len(), 1, "{}", merged.text);
        assert_eq!(found[0].fields.as_deref(), Some(&merged.conflicts[..]));
        for (side, status) in [(Side::Ours, "done"), (Side::Theirs, "dropped")] {
            let kept = resolve_conflicts(&merged.text, side);
            assert!(kept.contains(&note), "{kept}");
            assert_eq!(parsed(&kept)["status"].as_str(), Some(status));
        }
    }
    // A start marker alone inside a string is not one either.
    assert_eq!(start_marker("a = '''\n<<<<<<< x\n'''\n"), None);
    assert_eq!(start_marker("a = 1\n<<<<<<< x\n"), Some(6));
}

#[test]
fn a_comment_changed_on_both_sides_keeps_both_texts() {
    let base = format!("{BASE}\n# Notes for the next review.\n");
    let base = edit(&base, "\n[[checkin]]\n", "\n# From our 1:1.\n[[checkin]]\n");
    let ours = edit(
        &base,
        "# Bob ran planning on checkout last year.",
        "# Bob ran planning on checkout, twice.",
    );
    let ours = edit(&ours, "# active, done or dropped", "# ours: nearly done");
    let ours = edit(
        &ours,
        "# Alice fills sprint planning",
        "# Alice (ours) fills sprint planning",
    );
    let ours = edit(&ours, "# From our 1:1.", "# From our 1:1, ours.");
    let ours = edit(
        &ours,
        "# Notes for the next review.",
        "# Ours for the review.",
    );
    let ours = edit(&ours, "# bob did most of it", "# bob did half");
    let theirs = edit(
        &base,
        "# Bob ran planning on checkout last year.",
        "# Bob likes to run it.",
    );
    let theirs = edit(&theirs, "# active, done or dropped", "# theirs: on track");
    let theirs = edit(
        &theirs,
        "# Alice fills sprint planning",
        "# Alice (theirs) fills sprint planning",
    );
    let theirs = edit(&theirs, "# From our 1:1.", "# From our 1:1, theirs.");
    let theirs = edit(
        &theirs,
        "# Notes for the next review.",
        "# Theirs for the review.",
    );
    let theirs = edit(&theirs, "# bob did most of it", "# bob did it all");
    for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
        let merged = merge(&base, o, t);
        assert!(merged.is_clean(), "{}", merged.text);
        for line in [
            "# Bob ran planning on checkout, twice.\n",
            "# Bob likes to run it.\n",
            "# ours: nearly done",
            "# theirs: on track",
            "# Alice (ours) fills sprint planning",
            "# Alice (theirs) fills sprint planning",
            "# From our 1:1, ours.",
            "# From our 1:1, theirs.",
            "# Ours for the review.",
            "# Theirs for the review.",
            "# bob did half",
            "# bob did it all",
        ] {
            assert!(
                merged.text.contains(line),
                "lost {line:?} in\n{}",
                merged.text
            );
        }
        assert!(merged.text.contains("[[checkin]]\n"), "{}", merged.text);
        assert_eq!(parsed(&merged.text), parsed(&ours), "{}", merged.text);
        assert!(
            !merged
                .text
                .contains("Bob ran planning on checkout last year")
        );
    }
}

#[test]
fn a_comment_on_a_list_item_changed_on_either_side_or_both_survives() {
    let base = "concerns = [\n    \"a\", # about a\n    \"b\",\n]\n";
    let ours = "concerns = [\n    \"a\", # ours about a\n    \"b\",\n]\n";
    let theirs = "concerns = [\n    \"a\", # theirs about a\n    \"b\",\n]\n";
    let merged = merge(base, ours, theirs);
    assert_eq!(
        merged.text,
        "concerns = [\n    \"a\", # ours about a # theirs about a\n    \"b\",\n]\n"
    );
    // Theirs changed the comment, ours the items: both apply.
    let added = "concerns = [\n    \"a\", # about a\n    \"b\",\n    \"c\",\n]\n";
    for (o, t) in [(added, theirs), (theirs, added)] {
        let merged = merge(base, o, t);
        assert_eq!(
            merged.text,
            "concerns = [\n    \"a\", # theirs about a\n    \"b\",\n    \"c\",\n]\n"
        );
    }
    // A comment line above an item, on both sides.
    let base = "concerns = [\n    \"a\",\n    \"b\",\n]\n";
    let ours = "concerns = [\n    \"a\",\n    # ours\n    \"b\",\n]\n";
    let theirs = "concerns = [\n    \"a\",\n    # theirs\n    \"b\",\n]\n";
    let merged = merge(base, ours, theirs);
    assert_eq!(
        merged.text,
        "concerns = [\n    \"a\",\n    # ours\n    # theirs\n    \"b\",\n]\n"
    );
}

#[test]
fn comments_above_a_field_in_conflict_survive_from_both_sides() {
    let ours = edit(
        BASE,
        "# Bob ran planning on checkout last year.\nbuddy = \"bob\"",
        "# Ours: carol knows it.\nbuddy = \"carol\"",
    );
    let theirs = edit(
        BASE,
        "# Bob ran planning on checkout last year.\nbuddy = \"bob\"",
        "# Theirs: dave knows it.\nbuddy = \"dave\"",
    );
    let merged = merge(BASE, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1, "{}", merged.text);
    assert!(
        merged.text.contains("# Ours: carol knows it.\n# Theirs: dave knows it.\n<<<<<<< ours\nbuddy = \"carol\"\n=======\nbuddy = \"dave\"\n>>>>>>> theirs\n"),
        "{}",
        merged.text
    );
}
