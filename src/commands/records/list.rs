//! `mv person|project|vacuum list`.

use super::show::{describe, headers};
use crate::error::Result;
use crate::{
    commands::{Ctx, load},
    model::Kind,
    render::{Format, Grid, write_json},
};
use std::io::Write;

/// Lists the records of `kind` (archived ones with `all`).
pub(super) fn run(
    ctx: &Ctx,
    kind: Kind,
    all: bool,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let tracker = ctx.tracker()?;
    let loaded = load(&tracker, &[kind]);
    let rows: Vec<_> = describe(&loaded.records, kind)
        .into_iter()
        .filter(|d| all || !d.archived)
        .collect();
    if format == Format::Json {
        let values: Vec<&serde_json::Value> = rows.iter().map(|d| &d.json).collect();
        write_json(out, &values)?;
        return Ok(());
    }
    let mut grid = Grid::new(headers(kind).iter().copied());
    for d in rows {
        grid.push(d.cells);
    }
    grid.write(out, format, ctx.table_style(false))?;
    Ok(())
}
