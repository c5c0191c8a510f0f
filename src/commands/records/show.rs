//! `mv person|project|vacuum show`, and how each kind is described in
//! lists.

use crate::error::Result;
use crate::{
    commands::{Ctx, load},
    error::user,
    model::{Kind, Records, growth::growth, record_status},
    render::{self, Format, GridCell, Tone, printable, write_json},
    store::StoreError,
};
use serde_json::{Value as Json, json};
use std::io::Write;

/// One record as a list shows it.
pub(super) struct Described {
    /// Its handle or slug.
    pub name: String,
    /// Whether it is archived.
    pub archived: bool,
    /// As JSON.
    pub json: Json,
    /// As a table row.
    pub cells: Vec<GridCell>,
}

/// The column headers of a list of `kind`.
pub(super) fn headers(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Person => &["HANDLE", "NAME", "ROLE", "MANAGER", "STATUS"],
        Kind::Project => &["SLUG", "NAME", "NEEDS", "STATUS"],
        _ => &["SLUG", "TITLE", "STATUS"],
    }
}

fn status_cell(archived: bool, status: String) -> GridCell {
    GridCell::toned(status, if archived { Tone::Dim } else { Tone::Plain })
}

/// Every record of `kind` as JSON and as a table row.
pub(super) fn describe(records: &Records, kind: Kind) -> Vec<Described> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    match kind {
        Kind::Person => records.people.values().map(|p| {
            let status = record_status(&p.status).to_string();
            let manager = p.manager.as_ref().map(|m| m.get_ref().clone());
            Described {
                name: p.handle.clone(),
                archived: p.is_archived(),
                json: json!({"handle": p.handle, "name": p.name, "role": p.role, "manager": manager, "email": p.email, "status": status}),
                cells: vec![p.handle.as_str().into(), p.display_name().into(), opt(&p.role).into(), manager.unwrap_or_default().into(), status_cell(p.is_archived(), status)],
            }
        }).collect(),
        Kind::Project => records.projects.values().map(|p| {
            let status = record_status(&p.status).to_string();
            let needs: Vec<String> = p.needs.iter().map(|n| n.get_ref().clone()).collect();
            let needs_text = if needs.is_empty() { "(all)".to_owned() } else { needs.join(", ") };
            Described {
                name: p.slug.clone(),
                archived: p.is_archived(),
                json: json!({"slug": p.slug, "name": p.name, "needs": needs, "status": status}),
                cells: vec![p.slug.as_str().into(), p.display_name().into(), needs_text.into(), status_cell(p.is_archived(), status)],
            }
        }).collect(),
        _ => records.vacuums.values().map(|v| {
            let status = record_status(&v.status).to_string();
            Described {
                name: v.slug.clone(),
                archived: v.is_archived(),
                json: json!({"slug": v.slug, "title": v.title, "missing": v.missing, "tips": v.tips, "status": status}),
                cells: vec![v.slug.as_str().into(), v.display_title().into(), status_cell(v.is_archived(), status)],
            }
        }).collect(),
    }
}

/// Shows the record of `kind` named `slug` and the commitments about it.
pub(super) fn run(
    ctx: &Ctx,
    kind: Kind,
    slug: &str,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let tracker = ctx.tracker()?;
    tracker.require(kind, slug)?;
    let kinds: &[Kind] = match kind {
        Kind::Person => &Kind::ALL,
        _ => &[kind, Kind::Commitment],
    };
    let loaded = load(&tracker, kinds);
    let Some(described) = describe(&loaded.records, kind)
        .into_iter()
        .find(|d| d.name == slug)
    else {
        let shown = tracker.shown_record(kind, slug);
        return Err(
            match loaded.problems.into_iter().find(|p| p.file == shown) {
                Some(p) => StoreError::Broken(vec![p]).into(),
                None => user(format!("could not load {shown}")),
            },
        );
    };
    let commitments = commitments_about(&loaded.records, kind, slug);
    let mut json = described.json;
    let growth = (kind == Kind::Person).then(|| growth(&loaded.records, slug));
    if let Some(g) = growth.as_ref().filter(|g| !g.projects.is_empty()) {
        json["projects"] = json!(g.projects);
    }
    if format == Format::Json {
        json["commitments"] = Json::Array(commitments);
        if let Some(g) = &growth {
            json["growth"] = render::growth::to_json(g);
        }
        write_json(out, &json)?;
        return Ok(());
    }
    write_fields(&json, out)?;
    if let Some(g) = &growth {
        if !g.is_empty() {
            let glyphs = render::growth::Glyphs {
                unicode: ctx.table_style(false).styled,
            };
            render::growth::write_section(out, g, glyphs)?;
        }
        return Ok(());
    }
    write_commitments(&commitments, out)?;
    Ok(())
}

/// The commitments of a person, on a project or to a vacuum, as JSON.
fn commitments_about(records: &Records, kind: Kind, slug: &str) -> Vec<Json> {
    records
        .commitments
        .iter()
        .filter(|c| match kind {
            Kind::Person => c.person.get_ref() == slug,
            Kind::Project => c.project.get_ref() == slug,
            _ => c.vacuum.get_ref() == slug,
        })
        .map(|c| {
            json!({
                "id": c.id.short(), "person": c.person.get_ref(), "vacuum": c.vacuum.get_ref(),
                "project": c.project.get_ref(), "status": c.status().to_string(), "reps": c.reps(),
            })
        })
        .collect()
}

fn write_commitments(commitments: &[Json], out: &mut dyn Write) -> std::io::Result<()> {
    if commitments.is_empty() {
        return Ok(());
    }
    writeln!(out, "\ncommitments:")?;
    for c in commitments {
        let s = |k: &str| printable(c[k].as_str().unwrap_or_default()).into_owned();
        writeln!(
            out,
            "  {} {} on {} ({}, {} reps) [{}]",
            s("person"),
            s("vacuum"),
            s("project"),
            s("status"),
            c["reps"],
            s("id"),
        )?;
    }
    Ok(())
}

fn write_fields(json: &Json, out: &mut dyn Write) -> std::io::Result<()> {
    for (key, value) in json.as_object().into_iter().flatten() {
        let shown = match value {
            Json::Null => continue,
            Json::String(s) => s.clone(),
            Json::Array(items) => {
                let items: Vec<&str> = items
                    .iter()
                    .map(|i| i.as_str().unwrap_or_default())
                    .collect();
                // Names join on one line; sentences (tips) take a line each,
                // under the first.
                if items.iter().any(|i| i.contains(' ')) {
                    items.join(&format!("\n{:10}", ""))
                } else {
                    items.join(", ")
                }
            }
            other => other.to_string(),
        };
        writeln!(out, "{key:>8}: {}", printable(&shown))?;
    }
    Ok(())
}
