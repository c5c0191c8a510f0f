//! Where things live in a tracker: the one place that spells the layout.

use crate::model::Kind;

/// The file that marks a tracker's root.
pub const TRACKER_FILE: &str = "microvac.toml";
/// The folder of the team's templates.
const TEMPLATES: &str = "templates";
/// The folder of the versioned hooks.
const HOOKS: &str = "hooks";
/// The folder of the editors' JSON Schemas, one per kind of record.
pub const SCHEMAS: &str = "schemas";

/// The directory (relative to the tracker root) holding records of `kind`.
pub fn dir(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "people",
        Kind::Project => "projects",
        Kind::Vacuum => "vacuums",
        Kind::Conversation => "conversations",
        Kind::Commitment => "commitments",
    }
}

/// The file of a person, project or vacuum.
pub fn record_path(kind: Kind, slug: &str) -> String {
    format!("{}/{slug}.toml", dir(kind))
}

/// The file of a commitment of `person` whose file stem is `stem`.
pub fn commitment_path(person: &str, stem: &str) -> String {
    format!("{}/{person}/{stem}.toml", dir(Kind::Commitment))
}

/// The file of a conversation; its ID starts with its date.
pub fn conversation_path(id: &str) -> String {
    format!(
        "{}/{}/{id}.toml",
        dir(Kind::Conversation),
        id.get(..4).unwrap_or(id)
    )
}

/// The team's copy of a template, by file name.
pub fn template_path(name: &str) -> String {
    format!("{TEMPLATES}/{name}")
}

/// The JSON Schema of the records of `kind`.
pub fn schema_path(kind: Kind) -> String {
    format!("{SCHEMAS}/{}.json", kind.noun())
}

/// The versioned hook `name`.
pub fn hook_path(name: &str) -> String {
    format!("{HOOKS}/{name}")
}

/// The tracker's own top-level files and folders: every file microvac
/// writes is one of them or inside one.
pub fn owned() -> Vec<&'static str> {
    let mut out = vec![TRACKER_FILE, TEMPLATES, HOOKS, SCHEMAS];
    out.extend(Kind::ALL.iter().map(|kind| dir(*kind)));
    out
}

/// The tracker's own top-level entries: its settings file and folders.
/// Inside a tracker, `mv` never hands a call naming one of them to the
/// system `mv` (a typo away from renaming `people/`).
pub const TOP_LEVEL: &[&str] = &[
    TRACKER_FILE,
    "people",
    "projects",
    "vacuums",
    "conversations",
    "commitments",
    "templates",
    "hooks",
    "schemas",
];

/// What a file under the tracker is, by where it lies and how it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// A record of this kind, where the layout puts one.
    Record(Kind),
    /// Under a record folder but not where, or not named as, the layout
    /// says: no command reads it, so `mv check` names it. The text is where
    /// such a record belongs.
    Stray(&'static str),
    /// None of the layout's business: files outside the record folders
    /// (`microvac.toml`, `templates/`, `hooks/`, `schemas/`, the repo's other content),
    /// hidden files (`.gitkeep`, editor swap files) and READMEs.
    Free,
}

/// Where a record of `kind` belongs, in words.
pub fn rule(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "a person is people/<handle>.toml",
        Kind::Project => "a project is projects/<slug>.toml",
        Kind::Vacuum => "a vacuum is vacuums/<slug>.toml",
        Kind::Conversation => {
            "a conversation is conversations/<yyyy>/<yyyy-mm-dd>-<person>-<id>.toml"
        }
        Kind::Commitment => "a commitment is commitments/<person>/<vacuum>--<project>-<id>.toml",
    }
}

/// Classifies a tracker-relative file path (`/`-separated) by the layout.
/// It runs for every file of a tracker (ten thousand for `mv show ID`), so
/// it reads the path once, byte by byte, and allocates nothing.
pub fn placement(rel: &str) -> Placement {
    let bytes = rel.as_bytes();
    let mut slashes = [0usize; 3];
    let mut count = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'/' {
            if bytes.get(i + 1) == Some(&b'.') {
                // Hidden: `.gitkeep`, editor swap files; never the layout's.
                return Placement::Free;
            }
            if count < slashes.len() {
                slashes[count] = i;
            }
            count += 1;
        }
    }
    let Some(kind) = (count > 0)
        .then(|| kind_of_dir(&rel[..slashes[0]]))
        .flatten()
    else {
        return Placement::Free;
    };
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name
        .get(..6)
        .is_some_and(|n| n.eq_ignore_ascii_case("readme"))
    {
        return Placement::Free;
    }
    let folder = || &rel[slashes[0] + 1..slashes[1]];
    let placed = match (kind, count, name.strip_suffix(".toml")) {
        (_, 1, Some(_)) => Kind::NAMED.contains(&kind),
        (Kind::Commitment, 2, Some(stem)) => is_slug(folder()) && commitment_parts(stem).is_some(),
        (Kind::Conversation, 2, Some(stem)) => {
            let year = folder();
            year.len() == 4 && stem.starts_with(year) && conversation_parts(stem).is_some()
        }
        _ => false,
    };
    if placed {
        Placement::Record(kind)
    } else {
        Placement::Stray(rule(kind))
    }
}

/// The kind whose records live in the folder `name`.
fn kind_of_dir(name: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| dir(*k) == name)
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_slug_byte)
}

fn is_slug_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
}

/// `(vacuum, project, id)` of a commitment's file stem,
/// `<vacuum>--<project>-<id>`, when it has that shape (read in one pass).
pub fn commitment_parts(stem: &str) -> Option<(&str, &str, &str)> {
    let bytes = stem.as_bytes();
    let (mut first_pair, mut last_dash) = (None, None);
    for (i, b) in bytes.iter().enumerate() {
        if !is_slug_byte(*b) {
            return None;
        }
        if *b == b'-' {
            if first_pair.is_none() && i > 0 && bytes[i - 1] == b'-' {
                first_pair = Some(i - 1);
            }
            last_dash = Some(i);
        }
    }
    let (sep, dash) = (first_pair?, last_dash?);
    let (vacuum, project, id) = (&stem[..sep], stem.get(sep + 2..dash)?, &stem[dash + 1..]);
    let shaped = !vacuum.is_empty() && !project.is_empty() && !id.is_empty();
    shaped.then_some((vacuum, project, id))
}

/// `(date, person, id)` of a conversation's file stem,
/// `<yyyy-mm-dd>-<person>-<id>`, when it has that shape.
pub fn conversation_parts(stem: &str) -> Option<(&str, &str, &str)> {
    let date = stem.get(..10)?;
    let rest = stem.get(10..)?.strip_prefix('-')?;
    let (person, id) = rest.rsplit_once('-')?;
    let date_shaped = date.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    (date_shaped && is_slug(person) && is_slug(id)).then_some((date, person, id))
}

/// The file stem of a tracker-relative path (`a/b/c.toml` → `c`).
pub fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".toml").unwrap_or(name)
}

/// What a tracker-relative path is about, for history: the record it is
/// the file of, where the layout says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathOf<'a> {
    /// `people/x.toml`, `projects/x.toml`, `vacuums/x.toml`.
    Named(Kind, &'a str),
    /// `commitments/<person>/<stem>.toml`.
    Commitment {
        /// Whose.
        person: &'a str,
        /// The file stem.
        stem: &'a str,
    },
    /// `conversations/<yyyy>/<id>.toml`.
    Conversation(&'a str),
    /// Anything else.
    Other,
}

/// Reads what `rel` is the file of.
pub fn path_of(rel: &str) -> PathOf<'_> {
    let Some((first, rest)) = rel.split_once('/') else {
        return PathOf::Other;
    };
    let (folder, name) = match rest.split_once('/') {
        Some((folder, name)) if !name.contains('/') => (Some(folder), name),
        Some(_) => return PathOf::Other,
        None => (None, rest),
    };
    let Some(stem) = name.strip_suffix(".toml") else {
        return PathOf::Other;
    };
    match (kind_of_dir(first), folder) {
        (Some(kind), None) if Kind::NAMED.contains(&kind) => PathOf::Named(kind, stem),
        (Some(Kind::Commitment), Some(person)) => PathOf::Commitment { person, stem },
        (Some(Kind::Conversation), Some(_)) => PathOf::Conversation(stem),
        _ => PathOf::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        assert_eq!(record_path(Kind::Person, "alice"), "people/alice.toml");
        assert_eq!(
            conversation_path("2026-11-23-alice-k3f9xq"),
            "conversations/2026/2026-11-23-alice-k3f9xq.toml"
        );
        let rel = commitment_path("alice", "sprint-planning--payments-k3f9xq");
        assert_eq!(
            path_of(&rel),
            PathOf::Commitment {
                person: "alice",
                stem: "sprint-planning--payments-k3f9xq"
            }
        );
        assert_eq!(
            path_of("people/alice.toml"),
            PathOf::Named(Kind::Person, "alice")
        );
        assert_eq!(path_of("templates/person.toml"), PathOf::Other);
    }

    #[test]
    fn placement_names_what_the_layout_does_not_hold() {
        use Placement::*;
        let cases = [
            ("microvac.toml", Free),
            ("README.md", Free),
            ("templates/person.toml", Free),
            ("hooks/pre-commit", Free),
            ("people/alice.toml", Record(Kind::Person)),
            ("people/.gitkeep", Free),
            ("people/README.md", Free),
            ("commitments/bob/old/stuff/readme.txt", Free),
            ("people/.alice.toml.swp", Free),
            ("people/alice.TOML", Stray(rule(Kind::Person))),
            ("people/old/alice.toml", Stray(rule(Kind::Person))),
            ("people/notes.txt", Stray(rule(Kind::Person))),
            (
                "commitments/bob/retros--web-k3f9xq.toml",
                Record(Kind::Commitment),
            ),
            (
                "commitments/bob/sprint-planning--pay-ments-k3f9xq.toml",
                Record(Kind::Commitment),
            ),
            ("commitments/jb4a48.toml", Stray(rule(Kind::Commitment))),
            ("commitments/bob/notes.toml", Stray(rule(Kind::Commitment))),
            (
                "commitments/bob/x/a--b-c.toml",
                Stray(rule(Kind::Commitment)),
            ),
            ("commitments/Bob/a--b-c.toml", Stray(rule(Kind::Commitment))),
            (
                "conversations/2026/2026-11-23-alice-k3f9xq.toml",
                Record(Kind::Conversation),
            ),
            (
                "conversations/2025/2026-11-23-alice-k3f9xq.toml",
                Stray(rule(Kind::Conversation)),
            ),
            (
                "conversations/2026-11-23-alice-k3f9xq.toml",
                Stray(rule(Kind::Conversation)),
            ),
        ];
        for (rel, want) in cases {
            assert_eq!(placement(rel), want, "{rel}");
        }
        assert_eq!(
            conversation_parts("2026-11-23-mary-jane-k3f9xq"),
            Some(("2026-11-23", "mary-jane", "k3f9xq"))
        );
    }

    #[test]
    fn top_level_names_every_record_folder() {
        for kind in Kind::ALL {
            assert!(TOP_LEVEL.contains(&dir(kind)), "{kind:?}");
        }
        assert!(TOP_LEVEL.contains(&hook_path("").trim_end_matches('/')));
        let schemas = schema_path(Kind::Person);
        assert!(TOP_LEVEL.contains(&schemas.split('/').next().unwrap_or("")));
    }
}
