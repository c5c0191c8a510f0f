//! Properties of the merge on generated commitments: a base record and two
//! sides that each change some of its fields, the way people do.

use super::super::*;
use proptest::{prelude::*, sample::select};

/// A commitment, reduced to what the generator varies.
#[derive(Debug, Clone)]
struct Rec {
    status: &'static str,
    status_comment: Option<&'static str>,
    buddy: Option<&'static str>,
    every: Option<&'static str>,
    next: Option<u8>,
    concerns: Vec<&'static str>,
    /// Concerns one a line, `no time` with a comment on its line.
    tall_list: bool,
    /// Each check-in's day of November, note and comfort.
    checkins: Vec<(u8, &'static str, Option<u8>)>,
}

impl Rec {
    fn render(&self) -> String {
        let mut s = String::from(
            "# Alice fills sprint planning on payments.\nperson = \"alice\"\nvacuum = \"sprint-planning\"\nproject = \"payments\"\n",
        );
        s += &format!("status = \"{}\"", self.status);
        if let Some(c) = self.status_comment {
            s += &format!(" {c}");
        }
        s += "\nstarted = 2026-11-02\n";
        if let Some(b) = self.buddy {
            s += &format!("# Has done it before.\nbuddy = \"{b}\"\n");
        }
        if let Some(e) = self.every {
            s += &format!("checkin_every = \"{e}\"\n");
        }
        if let Some(d) = self.next {
            s += &format!("next_checkin = 2026-12-{d:02}\n");
        }
        let concerns: Vec<String> = self.concerns.iter().map(|c| format!("\"{c}\"")).collect();
        if self.tall_list {
            s += "concerns = [\n";
            for c in &concerns {
                let comment = if c == "\"no time\"" {
                    " # said it twice"
                } else {
                    ""
                };
                s += &format!("    {c},{comment}\n");
            }
            s += "]\n";
        } else {
            s += &format!("concerns = [{}]\n", concerns.join(", "));
        }
        for (day, note, comfort) in &self.checkins {
            // A note of several lines goes in a multi-line string.
            let note = match note.contains('\n') {
                true => format!("\"\"\"\n{note}\"\"\""),
                false => format!("\"{note}\""),
            };
            s += &format!("\n[[checkin]]\ndate = 2026-11-{day:02}\nnote = {note} # how it went\n");
            if let Some(comfort) = comfort {
                s += &format!("comfort = {comfort}\n");
            }
        }
        s
    }
}

const CONCERNS: [&str; 4] = [
    "slower at first",
    "no time",
    "public speaking",
    "quality dips",
];
/// Check-in notes, one of them pasted text that looks like a conflict.
const NOTES: [&str; 4] = [
    "ran it",
    "watched bob",
    "ran it alone",
    "pasted:\n<<<<<<< ours\nstatus = \"done\"\n=======\nstatus = \"dropped\"\n>>>>>>> theirs\nend",
];

fn checkin() -> impl Strategy<Value = (u8, &'static str, Option<u8>)> {
    (
        3u8..28,
        select(NOTES.to_vec()),
        proptest::option::of(1u8..6),
    )
}

/// A hand edit of one check-in: which one, and its new note or comfort
/// (or both).
type EditCheckin = (
    prop::sample::Index,
    Option<&'static str>,
    Option<Option<u8>>,
);

fn record() -> impl Strategy<Value = Rec> {
    (
        select(vec!["active", "done", "dropped"]),
        proptest::option::of(select(vec!["# keep going", "# nearly there"])),
        proptest::option::of(select(vec!["bob", "carol"])),
        proptest::option::of(select(vec!["1w", "2w", "10d"])),
        proptest::option::of(1u8..28),
        proptest::sample::subsequence(CONCERNS.to_vec(), 0..=4),
        any::<bool>(),
        proptest::collection::vec(checkin(), 0..3),
    )
        .prop_map(
            |(status, status_comment, buddy, every, next, concerns, tall_list, checkins)| Rec {
                status,
                status_comment,
                buddy,
                every,
                next,
                concerns,
                tall_list,
                checkins,
            },
        )
}

/// One side's edit of a record: each field changed or left alone.
#[derive(Debug, Clone)]
struct Change {
    fields: Rec,
    mask: [bool; 6],
    drop_concern: Option<prop::sample::Index>,
    add_concern: Option<&'static str>,
    drop_checkin: Option<prop::sample::Index>,
    add_checkins: Vec<(u8, &'static str, Option<u8>)>,
    edit_checkin: Option<EditCheckin>,
}

fn change() -> impl Strategy<Value = Change> {
    (
        record(),
        any::<[bool; 6]>(),
        proptest::option::of(any::<prop::sample::Index>()),
        proptest::option::of(select(CONCERNS.to_vec())),
        proptest::option::of(any::<prop::sample::Index>()),
        proptest::collection::vec(checkin(), 0..3),
        proptest::option::of((
            any::<prop::sample::Index>(),
            proptest::option::of(select(vec!["reworded", "ran it, mostly", NOTES[3]])),
            proptest::option::of(proptest::option::of(1u8..6)),
        )),
    )
        .prop_map(
            |(
                fields,
                mask,
                drop_concern,
                add_concern,
                drop_checkin,
                add_checkins,
                edit_checkin,
            )| {
                Change {
                    fields,
                    mask,
                    drop_concern,
                    add_concern,
                    drop_checkin,
                    add_checkins,
                    edit_checkin,
                }
            },
        )
}

impl Change {
    fn apply(&self, base: &Rec) -> Rec {
        let mut r = base.clone();
        let f = &self.fields;
        let [status, comment, buddy, every, next, tall_list] = self.mask;
        if status {
            r.status = f.status;
        }
        if comment {
            r.status_comment = f.status_comment;
        }
        if buddy {
            r.buddy = f.buddy;
        }
        if every {
            r.every = f.every;
        }
        if next {
            r.next = f.next;
        }
        if tall_list {
            r.tall_list = f.tall_list;
        }
        if let Some(i) = &self.drop_concern
            && !r.concerns.is_empty()
        {
            r.concerns.remove(i.index(r.concerns.len()));
        }
        if let Some(c) = self.add_concern
            && !r.concerns.contains(&c)
        {
            r.concerns.push(c);
        }
        if let Some((i, note, comfort)) = &self.edit_checkin
            && !r.checkins.is_empty()
        {
            let n = r.checkins.len();
            let entry = &mut r.checkins[i.index(n)];
            if let Some(note) = note {
                entry.1 = note;
            }
            if let Some(comfort) = comfort {
                entry.2 = *comfort;
            }
        }
        if let Some(i) = &self.drop_checkin
            && !r.checkins.is_empty()
        {
            r.checkins.remove(i.index(r.checkins.len()));
        }
        r.checkins.extend(&self.add_checkins);
        r
    }
}

/// The records of a file, with lists of strings sorted: the merge puts
/// ours' items first, so their order depends on which side is ours.
fn records(text: &str) -> toml::Table {
    fn sort_lists(value: &mut toml::Value) {
        match value {
            toml::Value::Array(items) => {
                items.iter_mut().for_each(sort_lists);
                if items.iter().all(toml::Value::is_str) {
                    items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                }
            }
            toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| sort_lists(v)),
            _ => {}
        }
    }
    let mut table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => panic!("not TOML: {e}\n{text}"),
    };
    table.iter_mut().for_each(|(_, v)| sort_lists(v));
    table
}

fn exact(text: &str) -> toml::Table {
    match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => panic!("not TOML: {e}\n{text}"),
    }
}

fn mirrored(conflicts: &[FieldConflict]) -> Vec<FieldConflict> {
    let mut m: Vec<FieldConflict> = conflicts
        .iter()
        .map(|c| FieldConflict {
            field: c.field.clone(),
            ours: c.theirs.clone(),
            theirs: c.ours.clone(),
        })
        .collect();
    m.sort_by(|a, b| a.field.cmp(&b.field));
    m
}

fn sorted(conflicts: &[FieldConflict]) -> Vec<FieldConflict> {
    let mut s = conflicts.to_vec();
    s.sort_by(|a, b| a.field.cmp(&b.field));
    s
}

fn merged(base: &str, ours: &str, theirs: &str) -> Result<Merged, TestCaseError> {
    merge_documents(base, ours, theirs, Cadence::DEFAULT).map_err(|e| {
        TestCaseError::fail(format!(
            "{e}\nbase:\n{base}\nours:\n{ours}\ntheirs:\n{theirs}"
        ))
    })
}

/// Checks what every merge result must be: clean TOML, or conflicts that
/// `parse_conflicts` finds again and whose sides are each valid TOML.
fn well_formed(m: &Merged) -> Result<(), TestCaseError> {
    prop_assert!(!m.text.contains('\u{0}'), "a sentinel is left");
    let hunks = parse_conflicts(&m.text);
    prop_assert_eq!(hunks.len(), m.conflicts.len(), "{}", m.text);
    for (hunk, conflict) in hunks.iter().zip(&m.conflicts) {
        prop_assert_eq!(hunk.fields.as_deref(), Some(std::slice::from_ref(conflict)));
    }
    if m.is_clean() {
        records(&m.text);
    } else {
        records(&resolve_conflicts(&m.text, Side::Ours));
        records(&resolve_conflicts(&m.text, Side::Theirs));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// merge(X, X, X) is X, byte for byte, even without the shortcut.
    #[test]
    fn merging_a_record_with_itself_is_the_record(x in record()) {
        let text = x.render();
        let m = merged(&text, &text, &text)?;
        prop_assert!(m.is_clean());
        prop_assert_eq!(m.text, text);
    }

    /// One side's changes alone give that side: merge(base, A, base) is A
    /// (byte for byte) and merge(base, base, B) has B's records.
    #[test]
    fn one_sided_changes_give_that_side(base in record(), edit in change()) {
        let (base, side) = (base.render(), edit.apply(&base).render());
        let m = merged(&base, &side, &base)?;
        prop_assert!(m.is_clean());
        prop_assert_eq!(&m.text, &side);
        let m = merged(&base, &base, &side)?;
        prop_assert!(m.is_clean());
        prop_assert_eq!(exact(&m.text), exact(&side), "{}", m.text);
    }

    /// The same change on both sides is that change, without conflict,
    /// even without the shortcut for identical sides.
    #[test]
    fn the_same_change_on_both_sides_is_that_change(base in record(), edit in change()) {
        let side = edit.apply(&base).render();
        let m = merged(&base.render(), &side, &side)?;
        prop_assert!(m.is_clean(), "{}", m.text);
        prop_assert_eq!(exact(&m.text), exact(&side), "{}", m.text);
    }

    /// merge(base, A, B) and merge(base, B, A) agree: the same records, and
    /// the same conflicts, mirrored.
    #[test]
    fn the_merge_is_symmetric(base in record(), a in change(), b in change()) {
        let (a, b) = (a.apply(&base).render(), b.apply(&base).render());
        let base = base.render();
        let ab = merged(&base, &a, &b)?;
        let ba = merged(&base, &b, &a)?;
        well_formed(&ab)?;
        well_formed(&ba)?;
        prop_assert_eq!(sorted(&ab.conflicts), mirrored(&ba.conflicts));
        prop_assert_eq!(
            records(&resolve_conflicts(&ab.text, Side::Ours)),
            records(&resolve_conflicts(&ba.text, Side::Theirs)),
            "\n{}\n---\n{}", ab.text, ba.text
        );
        prop_assert_eq!(
            records(&resolve_conflicts(&ab.text, Side::Theirs)),
            records(&resolve_conflicts(&ba.text, Side::Ours))
        );
    }

    /// Check-ins added on either side are all there, and only the
    /// conflicting fields are in conflict.
    #[test]
    fn every_check_in_added_is_kept(base in record(), a in change(), b in change()) {
        let (ra, rb) = (a.apply(&base), b.apply(&base));
        let m = merged(&base.render(), &ra.render(), &rb.render())?;
        let count = |side: Side| {
            let merged = exact(&resolve_conflicts(&m.text, side));
            merged.get("checkin").and_then(|c| c.as_array()).map_or(0, Vec::len)
        };
        let added = |r: &Rec| r.checkins.iter().filter(|c| !base.checkins.contains(c)).count();
        // Each side of the result has at least what that side added or
        // edited (an entry one side edited and the other removed is a
        // conflict, kept on the side that edited it).
        prop_assert!(count(Side::Ours) >= added(&ra), "{}", m.text);
        prop_assert!(count(Side::Theirs) >= added(&rb), "{}", m.text);
        let dropped = a.drop_checkin.is_some() || b.drop_checkin.is_some();
        // `next_checkin` is in conflict only where both sides set it.
        let both_set_next = ra.next != base.next && rb.next != base.next && ra.next != rb.next;
        // A check-in removed and another added in its place with only its
        // date different, on both sides, is its date corrected twice.
        let replaced = a.drop_checkin.is_some() && b.drop_checkin.is_some();
        for c in &m.conflicts {
            let next = c.field == "next_checkin" && both_set_next;
            let date = c.field == "checkin.date" && replaced;
            let removed = c.field == "checkin" && dropped;
            let fields = ["status", "buddy", "checkin_every", "checkin.note", "checkin.comfort"];
            prop_assert!(next || date || removed || fields.contains(&c.field.as_str()), "{:?}", c);
        }
    }

    /// A check-in edited on one side or both (its note reworded, its
    /// comfort set, changed or removed) stays one check-in: the merge has
    /// the base's check-ins plus those added on either side (one added on
    /// both counting once), whichever side is ours, and a clash is on
    /// that check-in's field.
    #[test]
    fn an_edited_check_in_stays_one_check_in(base in record(), a in change(), b in change()) {
        let (mut a, mut b) = (a, b);
        a.drop_checkin = None;
        b.drop_checkin = None;
        let (ra, rb) = (a.apply(&base), b.apply(&base));
        let mut common = 0;
        let mut theirs_new = b.add_checkins.clone();
        for c in &a.add_checkins {
            if let Some(at) = theirs_new.iter().position(|t| t == c) {
                theirs_new.remove(at);
                common += 1;
            }
        }
        let expected = base.checkins.len() + a.add_checkins.len() + b.add_checkins.len() - common;
        for (o, t) in [(&ra, &rb), (&rb, &ra)] {
            let m = merged(&base.render(), &o.render(), &t.render())?;
            well_formed(&m)?;
            for side in [Side::Ours, Side::Theirs] {
                let text = resolve_conflicts(&m.text, side);
                let count = exact(&text).get("checkin").and_then(|c| c.as_array()).map_or(0, Vec::len);
                prop_assert_eq!(count, expected, "{}", m.text);
            }
            for c in m.conflicts.iter().filter(|c| c.field.starts_with("checkin.")) {
                prop_assert!(["checkin.note", "checkin.comfort"].contains(&c.field.as_str()), "{:?}", c);
            }
        }
    }

    /// Unrelated versions merge without a panic or an error: at worst,
    /// conflicts.
    #[test]
    fn any_three_records_merge(x in record(), y in record(), z in record()) {
        let m = merged(&x.render(), &y.render(), &z.render())?;
        well_formed(&m)?;
    }
}

/// A field a person sets by hand (`mv edit`, or in the file), and two
/// different values for it. A `next_checkin` in 2027 is never the one a
/// record of the generator works out to.
fn two_values() -> impl Strategy<Value = (&'static str, String, String)> {
    prop_oneof![
        Just(("buddy", "\"dave\"".to_owned(), "\"erin\"".to_owned())),
        Just(("checkin_every", "\"3w\"".to_owned(), "\"4d\"".to_owned())),
        Just(("status", "\"done\"".to_owned(), "\"dropped\"".to_owned())),
        Just(("started", "2026-10-01".to_owned(), "2026-10-15".to_owned())),
        (1u8..28, 1u8..28)
            .prop_filter("two dates", |(a, b)| a != b)
            .prop_map(|(a, b)| (
                "next_checkin",
                format!("2027-01-{a:02}"),
                format!("2027-01-{b:02}")
            )),
    ]
}

/// `text` with `key` set to `value`: its line replaced, else one added
/// after `started`.
fn with_field(text: &str, key: &str, value: &str) -> String {
    let has = text.lines().any(|l| l.starts_with(&format!("{key} = ")));
    let mut done = false;
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with(&format!("{key} = ")) {
            out += &format!("{key} = {value}\n");
            done = true;
        } else {
            out += line;
            if !has && !done && line.starts_with("started = ") {
                out += &format!("{key} = {value}\n");
                done = true;
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A field set on both sides to different values is one conflict on
    /// that field, whatever else either side changed: never a value
    /// neither side wrote. Each side of the conflict is that side's value.
    #[test]
    fn a_field_set_differently_on_both_sides_is_a_conflict(
        base in record(),
        a in change(),
        b in change(),
        (key, va, vb) in two_values(),
    ) {
        let was = exact(&base.render()).get(key).map(|v| v.to_string());
        prop_assume!(was.as_deref() != Some(va.as_str()) && was.as_deref() != Some(vb.as_str()));
        let (ra, rb) = (a.apply(&base), b.apply(&base));
        let ours = with_field(&ra.render(), key, &va);
        let theirs = with_field(&rb.render(), key, &vb);
        let m = merged(&base.render(), &ours, &theirs)?;
        well_formed(&m)?;
        prop_assert!(m.conflicts.iter().any(|c| c.field == key), "{}", m.text);
        let value = |side: Side| {
            exact(&resolve_conflicts(&m.text, side))
                .get(key)
                .map(|v| v.to_string())
        };
        prop_assert_eq!(value(Side::Ours), Some(va.clone()), "{}", m.text);
        prop_assert_eq!(value(Side::Theirs), Some(vb.clone()), "{}", m.text);
    }
}

/// A value of any shape a hand-edited record might hold under one key.
fn any_item() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..3).prop_map(|n| format!("= {n}")),
        select(vec!["x", "y"]).prop_map(|s| format!("= \"{s}\" # a note")),
        proptest::collection::vec(0i64..3, 0..3).prop_map(|v| format!("= {v:?}")),
        (0i64..3).prop_map(|n| format!("= {{ n = {n}, m = 1 }}")),
        (0i64..3).prop_map(|n| format!("table x = {n}")),
        proptest::collection::vec(3u8..6, 1..3).prop_map(|days| {
            let days: Vec<String> = days.iter().map(|d| format!("{d}")).collect();
            format!("entries {}", days.join(","))
        }),
        (0i64..3).prop_map(|n| format!("dotted {n}")),
    ]
}

/// A document from keys `a`..`d`, each absent or holding `any_item`.
fn any_document() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::option::of(any_item()), 4).prop_map(|items| {
        let (mut top, mut tables) = (String::new(), String::new());
        for (key, item) in ["a", "b", "c", "d"].iter().zip(items) {
            let Some(item) = item else { continue };
            if let Some(value) = item.strip_prefix("= ") {
                top += &format!("{key} = {value}\n");
            } else if let Some(x) = item.strip_prefix("table x = ") {
                tables += &format!("\n# section {key}\n[{key}]\nx = {x}\n");
            } else if let Some(days) = item.strip_prefix("entries ") {
                for day in days.split(',') {
                    tables += &format!("\n[[{key}]]\ndate = 2026-11-0{day}\n");
                }
            } else if let Some(n) = item.strip_prefix("dotted ") {
                top += &format!("{key}.inner = {n}\n");
            }
        }
        format!("{top}{tables}")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever shapes the three versions have, the merge gives a well
    /// formed result or says why git's line merge must do it; it never
    /// panics and never writes broken TOML.
    #[test]
    fn arbitrary_documents_merge_or_fall_back(
        base in any_document(),
        ours in any_document(),
        theirs in any_document(),
    ) {
        match merge_documents(&base, &ours, &theirs, Cadence::DEFAULT) {
            Ok(m) => well_formed(&m)?,
            Err(MergeError::Unsupported { .. }) => {}
            Err(e) => prop_assert!(false, "{e}\nbase:\n{base}\nours:\n{ours}\ntheirs:\n{theirs}"),
        }
    }
}
