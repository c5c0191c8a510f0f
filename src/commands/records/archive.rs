//! `mv person|project|vacuum archive`: it stays on record, out of the way.

use crate::error::Result;
use crate::{
    commands::{Ctx, finish},
    model::{Action, Kind},
    ui,
};

/// Archives the record of `kind` named `slug`.
pub(super) fn run(ctx: &Ctx, kind: Kind, slug: &str) -> Result<()> {
    let tracker = ctx.tracker()?;
    let mut writer = crate::commands::begin(&tracker)?;
    let mut record = writer.open_record(kind, slug)?;
    if record.is_archived() {
        ui::note(&format!("{kind} {slug} is already archived"));
        return Ok(());
    }
    record.archive();
    writer.save_edited(record);
    let action = Action::Archive {
        kind,
        slug: slug.to_owned(),
    };
    finish(writer, &action)
}
