//! The shipped assets: record templates, the default vacuum catalog and the
//! documentation of the git hooks, compiled into the binary. `mv init` writes editable copies of
//! the templates into the tracker's `templates/`; new records start from the
//! team's copy when there is one.

use super::{RecordDoc, StoreError, TRACKER_FILE, layout};
use crate::model::Kind;

/// The tracker's settings file as `mv init` writes it.
pub const SETTINGS: &str = include_str!("../../templates/microvac.toml");

/// The editor template of `mv log`, with the coaching script's questions.
pub const LOG: &str = include_str!("../../templates/log.toml");

/// Templates a team may edit, by file name under `templates/`.
pub const EDITABLE: &[(&str, &str)] = &[
    ("person.toml", include_str!("../../templates/person.toml")),
    ("project.toml", include_str!("../../templates/project.toml")),
    ("vacuum.toml", include_str!("../../templates/vacuum.toml")),
    (
        "commitment.toml",
        include_str!("../../templates/commitment.toml"),
    ),
    (
        "conversation.toml",
        include_str!("../../templates/conversation.toml"),
    ),
    ("log.toml", LOG),
];

/// The default vacuum catalog: slug and file content.
pub const CATALOG: &[(&str, &str)] = &[
    (
        "project-plan",
        include_str!("../../templates/catalog/project-plan.toml"),
    ),
    (
        "sprint-planning",
        include_str!("../../templates/catalog/sprint-planning.toml"),
    ),
    (
        "status-email",
        include_str!("../../templates/catalog/status-email.toml"),
    ),
    (
        "all-hands",
        include_str!("../../templates/catalog/all-hands.toml"),
    ),
    (
        "retros",
        include_str!("../../templates/catalog/retros.toml"),
    ),
    (
        "design-review",
        include_str!("../../templates/catalog/design-review.toml"),
    ),
    (
        "onboarding-docs",
        include_str!("../../templates/catalog/onboarding-docs.toml"),
    ),
    (
        "incident-review",
        include_str!("../../templates/catalog/incident-review.toml"),
    ),
    (
        "stakeholder-demo",
        include_str!("../../templates/catalog/stakeholder-demo.toml"),
    ),
    (
        "roadmap",
        include_str!("../../templates/catalog/roadmap.toml"),
    ),
    (
        "release-notes",
        include_str!("../../templates/catalog/release-notes.toml"),
    ),
    (
        "standup",
        include_str!("../../templates/catalog/standup.toml"),
    ),
];

/// What `hooks/` in a new tracker holds: for each hook `mv init`
/// installs, a plain (not executable) file documenting the stub. Nothing
/// runs these files.
pub const HOOK_DOCS: &[(&str, &str)] = &[
    ("pre-commit", include_str!("../../hooks/pre-commit")),
    ("post-merge", include_str!("../../hooks/post-merge")),
    ("post-checkout", include_str!("../../hooks/post-checkout")),
];

/// The files a new tracker starts with, by tracker-relative path.
pub fn initial_files(team: &str) -> Result<Vec<(String, String)>, StoreError> {
    let mut settings = RecordDoc::from_template(TRACKER_FILE, SETTINGS)?;
    settings.set_str("team", team);
    let mut files = vec![(TRACKER_FILE.to_owned(), settings.into_string())];
    for (slug, text) in CATALOG {
        let rel = layout::record_path(Kind::Vacuum, slug);
        let text = super::schema::with_directive(Kind::Vacuum, &rel, text);
        files.push((rel, text));
    }
    for (name, text) in EDITABLE {
        let rel = layout::template_path(name);
        // Each record template starts with the line to its schema (the
        // editor template of `mv log` is no record).
        let text = match Kind::ALL.into_iter().find(|k| file_name(*k) == *name) {
            Some(kind) => super::schema::with_directive(kind, &rel, text),
            None => (*text).to_owned(),
        };
        files.push((rel, text));
    }
    files.extend(super::schema::files());
    for (name, text) in HOOK_DOCS {
        files.push((layout::hook_path(name), (*text).to_owned()));
    }
    Ok(files)
}

/// The shipped template a new record of `kind` starts from.
pub fn builtin(kind: Kind) -> &'static str {
    let name = file_name(kind);
    EDITABLE
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, text)| text)
}

/// The template's file name under `templates/`.
pub fn file_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "person.toml",
        Kind::Project => "project.toml",
        Kind::Vacuum => "vacuum.toml",
        Kind::Commitment => "commitment.toml",
        Kind::Conversation => "conversation.toml",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_record_template_is_valid_toml() {
        for (name, text) in EDITABLE.iter().filter(|(n, _)| *n != "log.toml") {
            assert!(text.parse::<toml_edit::DocumentMut>().is_ok(), "{name}");
        }
        for (slug, text) in CATALOG {
            let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{slug}: {e}"));
            assert!(
                table["title"].as_str().is_some_and(|t| !t.is_empty()),
                "{slug}"
            );
        }
        assert!(
            CATALOG
                .iter()
                .filter(|(_, t)| t.contains("script = true"))
                .count()
                == 4
        );
    }
}
