//! `mv person|project|vacuum edit`: with flags, or in the editor.

use super::fields::{Fields, apply};
use crate::{
    commands::{Ctx, finish, private_note},
    editor,
    error::hinted,
    model::{Action, Kind},
    ui,
};
use anyhow::Result;

/// Changes the record of `kind` named `slug`.
pub(super) fn run<F: Fields>(ctx: &Ctx, kind: Kind, slug: &str, fields: &F) -> Result<()> {
    let tracker = ctx.tracker()?;
    tracker.require(kind, slug)?;
    let edits = fields.edits(&tracker)?;
    let mut writer = crate::commands::begin(&tracker)?;
    let mut record = writer.open_record(kind, slug)?;
    let (after, changed) = if edits.is_empty() {
        if !editor::interactive() {
            return Err(hinted(
                format!("nothing to change in {}", record.shown()),
                format!(
                    "pass the fields to set (see `mv {kind} edit --help`), or run it on a terminal to use your editor"
                ),
            ));
        }
        let name = format!("{slug}.toml");
        let edited = editor::edit(tracker.root(), &name, &record.text)?;
        // What the user typed in a `private` field is sealed before
        // anything else happens to it.
        let after = match edited == record.text {
            true => edited,
            false => private_note::sealed_edit(&tracker, &name, &edited)?,
        };
        (after, Vec::new())
    } else {
        apply(&mut record.doc, &edits);
        let changed = edits.iter().map(|(k, _)| (*k).to_owned()).collect();
        (record.doc.to_string(), changed)
    };
    if after == record.text {
        ui::note(&format!(
            "no changes to {}; nothing recorded",
            record.shown()
        ));
        return Ok(());
    }
    if let Err(e) = record.validate(kind, &after) {
        if let Some(saved) = tracker.save_rejected(&format!("{slug}.toml"), &after) {
            ui::note(&saved.notice("your edit"));
        }
        return Err(e.into());
    }
    writer.save(record, after);
    let action = Action::Update {
        kind,
        slug: slug.to_owned(),
        fields: changed,
    };
    finish(writer, &action)
}
