//! `mv person|project|vacuum edit`: with flags, or in the editor.

use super::fields::Fields;
use crate::error::Result;
use crate::{
    commands::{
        Ctx,
        editing::{self, Editing},
        finish, private_note,
    },
    editor,
    error::hinted,
    model::{Action, Kind, Person, Project},
    store::Tracker,
    ui,
};

/// Changes the record of `kind` named `slug`.
pub(super) fn run<F: Fields>(ctx: &Ctx, kind: Kind, slug: &str, fields: &F) -> Result<()> {
    let tracker = ctx.tracker()?;
    tracker.require(kind, slug)?;
    let edits = fields.edits(&tracker)?;
    let mut writer = crate::commands::begin(&tracker)?;
    let mut record = writer.open_record(kind, slug)?;
    let name = format!("{slug}.toml");
    let (after, changed) = if edits.is_empty() {
        if !editor::interactive() {
            return Err(hinted(
                format!("nothing to change in {}", record.shown()),
                format!(
                    "pass the fields to set (see `mv {kind} edit --help`), or run it on a terminal to use your editor"
                ),
            ));
        }
        let editing = Editing {
            tracker: &tracker,
            name: &name,
            text: &record.text,
            comments_recorded: true,
        };
        let accepted = editing::until_accepted(&editing, |edited| {
            // What the user typed in a `private` field is sealed before
            // anything else happens to it.
            let after = private_note::sealed_edit(&tracker, &name, edited)?;
            record.validate(kind, &after)?;
            require_new_names(&tracker, kind, &record.text, &after)?;
            Ok(after)
        })?;
        (accepted.unwrap_or_else(|| record.text.clone()), Vec::new())
    } else {
        record.set_fields(&edits);
        let changed = edits.iter().map(|f| f.key().to_owned()).collect();
        let after = record.edited();
        if let Err(e) = record.validate(kind, &after) {
            if let Some(saved) = tracker.save_rejected(&name, &after) {
                ui::note(&saved.notice("your edit"));
            }
            return Err(e.into());
        }
        (after, changed)
    };
    if after == record.text {
        ui::note(&format!(
            "no changes to {}; nothing recorded",
            record.shown()
        ));
        return Ok(());
    }
    writer.save(record, after);
    let action = Action::Update {
        kind,
        slug: slug.to_owned(),
        fields: changed,
    };
    finish(writer, &action)
}

/// The records a person or project file names (its manager, projects,
/// needed vacuums); none where the text does not read.
fn names(kind: Kind, text: &str) -> Vec<(Kind, String)> {
    let spelled = |list: Vec<toml::Spanned<String>>| {
        list.into_iter()
            .map(toml::Spanned::into_inner)
            .collect::<Vec<_>>()
    };
    match kind {
        Kind::Person => toml::from_str::<Person>(text).map_or_else(
            |_| Vec::new(),
            |p| {
                let manager = p.manager.map(toml::Spanned::into_inner);
                let projects = spelled(p.projects);
                manager
                    .into_iter()
                    .map(|m| (Kind::Person, m))
                    .chain(projects.into_iter().map(|p| (Kind::Project, p)))
                    .collect()
            },
        ),
        Kind::Project => toml::from_str::<Project>(text).map_or_else(
            |_| Vec::new(),
            |p| {
                spelled(p.needs)
                    .into_iter()
                    .map(|v| (Kind::Vacuum, v))
                    .collect()
            },
        ),
        _ => Vec::new(),
    }
}

/// Refuses an edit that names a record not on file, as the flags do
/// (names the file already held are left as they are).
fn require_new_names(tracker: &Tracker, kind: Kind, before: &str, after: &str) -> Result<()> {
    let known = names(kind, before);
    for (kind, name) in names(kind, after) {
        if !known.contains(&(kind, name.clone())) {
            tracker.require(kind, &name)?;
        }
    }
    Ok(())
}
