//! Properties of the merge on generated conversations, whose `liked` list
//! mixes plain strings and inline tables, and of the same change made on
//! both sides (the merge without its shortcuts).

use super::super::*;
use proptest::{prelude::*, sample::select};
use std::collections::BTreeSet;

/// What people say they liked: plain or mapped to a vacuum.
const LIKED: [&str; 5] = [
    "\"demo at the all-hands\"",
    "{ what = \"a clear plan\", vacuum = \"project-plan\" }",
    "\"short standups\"",
    "{ what = \"weekly status mail\", vacuum = \"status-email\" }",
    "{ what = \"planning that ran on time\", vacuum = \"sprint-planning\" }",
];
const CONCERNS: [&str; 3] = ["no time", "public speaking", "quality dips"];

/// A conversation, reduced to what the generator varies.
#[derive(Debug, Clone)]
struct Conv {
    liked: Vec<usize>,
    concerns: Vec<&'static str>,
    notes: &'static str,
    next: u8,
}

impl Conv {
    fn render(&self) -> String {
        let liked: String = self
            .liked
            .iter()
            .map(|i| format!("    {},\n", LIKED[*i]))
            .collect();
        let concerns: Vec<String> = self.concerns.iter().map(|c| format!("\"{c}\"")).collect();
        format!(
            "date = 2026-11-02\nperson = \"alice\"\nexemplar = \"Falcon\"\n# What she liked.\nliked = [\n{liked}]\nconcerns = [{}]\nnotes = \"{}\"\n# The next 1:1.\nnext = 2026-12-{:02}\n",
            concerns.join(", "),
            self.notes,
            self.next
        )
    }
}

fn conversation() -> impl Strategy<Value = Conv> {
    (
        proptest::sample::subsequence((0..LIKED.len()).collect::<Vec<_>>(), 0..=3),
        proptest::sample::subsequence(CONCERNS.to_vec(), 0..=2),
        select(vec!["", "went well", "tired"]),
        1u8..28,
    )
        .prop_map(|(liked, concerns, notes, next)| Conv {
            liked,
            concerns,
            notes,
            next,
        })
}

/// One side's edit: items added and removed, fields changed or not.
#[derive(Debug, Clone)]
struct Edit {
    add_liked: Option<usize>,
    drop_liked: Option<prop::sample::Index>,
    add_concern: Option<&'static str>,
    notes: Option<&'static str>,
    next: Option<u8>,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        proptest::option::of(0..LIKED.len()),
        proptest::option::of(any::<prop::sample::Index>()),
        proptest::option::of(select(CONCERNS.to_vec())),
        proptest::option::of(select(vec!["", "went well", "tired", "asked for a buddy"])),
        proptest::option::of(1u8..28),
    )
        .prop_map(|(add_liked, drop_liked, add_concern, notes, next)| Edit {
            add_liked,
            drop_liked,
            add_concern,
            notes,
            next,
        })
}

impl Edit {
    fn apply(&self, base: &Conv) -> Conv {
        let mut c = base.clone();
        if let Some(i) = &self.drop_liked
            && !c.liked.is_empty()
        {
            c.liked.remove(i.index(c.liked.len()));
        }
        if let Some(add) = self.add_liked
            && !base.liked.contains(&add)
        {
            c.liked.push(add);
        }
        if let Some(add) = self.add_concern
            && !c.concerns.contains(&add)
        {
            c.concerns.push(add);
        }
        c.notes = self.notes.unwrap_or(c.notes);
        c.next = self.next.unwrap_or(c.next);
        c
    }
}

/// A record with every list sorted by its items' text: the merge puts
/// ours' items first, so the order depends on which side is ours.
fn records(text: &str) -> toml::Table {
    fn sort_lists(value: &mut toml::Value) {
        match value {
            toml::Value::Array(items) => {
                items.iter_mut().for_each(sort_lists);
                items.sort_by_key(|v| v.to_string());
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

fn merged(base: &str, ours: &str, theirs: &str) -> Result<Merged, TestCaseError> {
    merge_documents(base, ours, theirs, Cadence::DEFAULT).map_err(|e| {
        TestCaseError::fail(format!(
            "{e}\nbase:\n{base}\nours:\n{ours}\ntheirs:\n{theirs}"
        ))
    })
}

/// The `liked` items of a record, as the generator's indexes.
fn liked_of(text: &str) -> BTreeSet<usize> {
    let table = records(text);
    let items = table["liked"].as_array().expect("liked");
    items
        .iter()
        .map(|item| {
            let shown: toml::Value = item.clone();
            (0..LIKED.len())
                .find(|i| {
                    let wanted: toml::Table =
                        toml::from_str(&format!("x = {}", LIKED[*i])).unwrap();
                    wanted["x"] == shown
                })
                .expect("a known item")
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// merge(base, A, B) and merge(base, B, A) give the same records, and
    /// the same conflicts mirrored.
    #[test]
    fn conversations_merge_the_same_either_way(base in conversation(), a in edit(), b in edit()) {
        let (ca, cb) = (a.apply(&base), b.apply(&base));
        let (base, a, b) = (base.render(), ca.render(), cb.render());
        let ab = merged(&base, &a, &b)?;
        let ba = merged(&base, &b, &a)?;
        prop_assert_eq!(ab.conflicts.len(), ba.conflicts.len());
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

    /// What either side liked anew is kept, what either side took out is
    /// gone, and lists never conflict: only `notes` and `next` can.
    #[test]
    fn liked_items_are_the_union_of_both_sides_changes(base in conversation(), a in edit(), b in edit()) {
        let (ca, cb) = (a.apply(&base), b.apply(&base));
        let m = merged(&base.render(), &ca.render(), &cb.render())?;
        for c in &m.conflicts {
            prop_assert!(["notes", "next"].contains(&c.field.as_str()), "{:?}", c);
        }
        let set = |c: &Conv| c.liked.iter().copied().collect::<BTreeSet<usize>>();
        let (b0, sa, sb) = (set(&base), set(&ca), set(&cb));
        let added: BTreeSet<usize> = sa.union(&sb).filter(|i| !b0.contains(i)).copied().collect();
        let kept: BTreeSet<usize> = b0.iter().filter(|i| sa.contains(i) && sb.contains(i)).copied().collect();
        let expected: BTreeSet<usize> = added.union(&kept).copied().collect();
        prop_assert_eq!(liked_of(&resolve_conflicts(&m.text, Side::Ours)), expected, "{}", m.text);
    }

    /// The same change on both sides is that change, and no conflict, even
    /// without the merge's shortcut for identical sides.
    #[test]
    fn the_same_change_on_both_sides_is_that_change(base in conversation(), a in edit()) {
        let side = a.apply(&base).render();
        let m = merged(&base.render(), &side, &side)?;
        prop_assert!(m.is_clean(), "{}", m.text);
        prop_assert_eq!(&m.text, &side);
    }
}
