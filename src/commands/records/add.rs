//! `mv person|project|vacuum add`.

use super::fields::Fields;
use crate::error::Result;
use crate::{
    commands::{Ctx, finish},
    error::hinted,
    model::{Action, Kind, validate_slug},
    store::Field,
};

/// Adds a record of `kind` named `slug` from the team's template.
pub(super) fn run<F: Fields>(ctx: &Ctx, kind: Kind, slug: &str, fields: &F) -> Result<()> {
    if let Err(e) = validate_slug(kind, slug) {
        // "Carol Smith" is a name: say where names go.
        return Err(match &e.suggestion {
            Some(handle) if e.looks_like_a_name() => {
                let flag = if kind == Kind::Vacuum {
                    "--title"
                } else {
                    "--name"
                };
                hinted(
                    e.to_string(),
                    format!("mv {kind} add {handle} {flag} {slug:?}"),
                )
            }
            _ => e.into(),
        });
    }
    let tracker = ctx.tracker()?;
    let edits = fields.edits(&tracker)?;
    let mut writer = crate::commands::begin(&tracker)?;
    writer.create_named(kind, slug, &edits)?;
    let name = edits.iter().find_map(|field| match field {
        Field::Name(t) | Field::Title(t) => Some(t.clone()),
        _ => None,
    });
    let action = Action::Add {
        kind,
        slug: slug.to_owned(),
        name,
    };
    finish(writer, &action)
}
