//! Where things live in a tracker: the one place that spells the layout.

use crate::model::Kind;

/// The file that marks a tracker's root.
pub const TRACKER_FILE: &str = "microvac.toml";
/// The folder of the team's templates.
const TEMPLATES: &str = "templates";
/// The folder of the versioned hooks.
const HOOKS: &str = "hooks";

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

/// How many directory levels lie between `dir(kind)` and the files.
pub fn depth(kind: Kind) -> usize {
    match kind {
        Kind::Conversation | Kind::Commitment => 1,
        _ => 0,
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

/// The versioned hook `name`.
pub fn hook_path(name: &str) -> String {
    format!("{HOOKS}/{name}")
}

/// The tracker's own top-level files and folders: every file microvac
/// writes is one of them or inside one.
pub fn owned() -> Vec<&'static str> {
    let mut out = vec![TRACKER_FILE, TEMPLATES, HOOKS];
    out.extend(Kind::ALL.iter().map(|kind| dir(*kind)));
    out
}

/// The file stem of a tracker-relative path (`a/b/c.toml` → `c`).
pub fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".toml").unwrap_or(name)
}

/// The short ID of a commitment or conversation: the suffix after the
/// last `-` of its stem.
pub fn suffix(stem: &str) -> &str {
    stem.rsplit('-').next().unwrap_or(stem)
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
    let parts: Vec<&str> = rel.split('/').collect();
    let Some(stem) = parts.last().and_then(|n| n.strip_suffix(".toml")) else {
        return PathOf::Other;
    };
    match parts.as_slice() {
        [d, _] => Kind::NAMED
            .into_iter()
            .find(|k| dir(*k) == *d)
            .map_or(PathOf::Other, |k| PathOf::Named(k, stem)),
        [d, person, _] if *d == dir(Kind::Commitment) => PathOf::Commitment { person, stem },
        [d, _, _] if *d == dir(Kind::Conversation) => PathOf::Conversation(stem),
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
        assert_eq!(suffix("sprint-planning--payments-k3f9xq"), "k3f9xq");
    }
}
