//! `mv person|project|vacuum add|list|show|edit|archive`: the records the
//! coaching refers to. Each is one TOML file; each change is one commit.

use super::{Ctx, editor, load, lookup, record};
use crate::{
    cli::Format,
    error::{Problems, hinted, user},
    model::{Action, Person, Project, SlugKind, Vacuum, record_status, validate_slug},
    render::{Grid, GridCell, Tone, write_json},
    store::{Kind, RecordDoc, Records, Tracker, parse_record, templates},
};
use anyhow::Result;
use serde_json::{Value as Json, json};
use std::{io::Write, process::ExitCode};

/// The fields a command line can set on one kind of record.
pub trait Fields: clap::Args {
    const KIND: Kind;
    /// `(key, value)` edits in file order; `None` removes the key.
    fn edits(&self, tracker: &Tracker) -> Result<Vec<(&'static str, FieldValue)>>;
}

/// A value a flag sets.
pub enum FieldValue {
    Text(String),
    List(Vec<String>),
}

#[derive(Debug, clap::Args)]
pub struct PersonFields {
    /// Display name, e.g. "Alice Liddell".
    #[arg(long)]
    name: Option<String>,
    /// Role or level, e.g. senior, staff, tech lead.
    #[arg(long)]
    role: Option<String>,
    /// Handle of their manager (a person on record).
    #[arg(long)]
    manager: Option<String>,
    #[arg(long)]
    email: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ProjectFields {
    /// Display name, e.g. "Payments platform".
    #[arg(long)]
    name: Option<String>,
    /// The vacuums this project needs (comma-separated slugs); none means all.
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    needs: Option<Vec<String>>,
}

#[derive(Debug, clap::Args)]
pub struct VacuumFields {
    /// Title, e.g. "Weekly status email to senior leaders".
    #[arg(long)]
    title: Option<String>,
    /// What a project looks like when nobody fills it.
    #[arg(long)]
    missing: Option<String>,
    /// A tip for the first reps (repeat for more).
    #[arg(long = "tip")]
    tips: Vec<String>,
}

fn text(
    key: &'static str,
    v: &Option<String>,
    out: &mut Vec<(&'static str, FieldValue)>,
) -> Result<()> {
    if let Some(v) = v {
        if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(user(format!("--{key} contains a control character")));
        }
        out.push((key, FieldValue::Text(v.clone())));
    }
    Ok(())
}

impl Fields for PersonFields {
    const KIND: Kind = Kind::Person;
    fn edits(&self, tracker: &Tracker) -> Result<Vec<(&'static str, FieldValue)>> {
        let mut out = Vec::new();
        text("name", &self.name, &mut out)?;
        text("role", &self.role, &mut out)?;
        if let Some(m) = &self.manager {
            lookup::existing(tracker, Kind::Person, m)?;
        }
        text("manager", &self.manager, &mut out)?;
        text("email", &self.email, &mut out)?;
        Ok(out)
    }
}

impl Fields for ProjectFields {
    const KIND: Kind = Kind::Project;
    fn edits(&self, tracker: &Tracker) -> Result<Vec<(&'static str, FieldValue)>> {
        let mut out = Vec::new();
        text("name", &self.name, &mut out)?;
        if let Some(needs) = &self.needs {
            for v in needs {
                lookup::existing(tracker, Kind::Vacuum, v)?;
            }
            out.push(("needs", FieldValue::List(needs.clone())));
        }
        Ok(out)
    }
}

impl Fields for VacuumFields {
    const KIND: Kind = Kind::Vacuum;
    fn edits(&self, _: &Tracker) -> Result<Vec<(&'static str, FieldValue)>> {
        let mut out = Vec::new();
        text("title", &self.title, &mut out)?;
        text("missing", &self.missing, &mut out)?;
        if !self.tips.is_empty() {
            out.push(("tips", FieldValue::List(self.tips.clone())));
        }
        Ok(out)
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum RecordCmd<F: Fields> {
    /// Add one (a file and a commit).
    Add {
        /// Handle or slug: lowercase letters, digits and `-`.
        slug: String,
        #[command(flatten)]
        fields: F,
    },
    /// List them (archived ones with --all).
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
    },
    /// Show one.
    Show { slug: String },
    /// Change one: with flags for scripts, or in your editor without.
    Edit {
        slug: String,
        #[command(flatten)]
        fields: F,
    },
    /// Archive one: it stays on record but leaves lists and the table.
    Archive { slug: String },
}

pub type PersonCmd = RecordCmd<PersonFields>;
pub type ProjectCmd = RecordCmd<ProjectFields>;
pub type VacuumCmd = RecordCmd<VacuumFields>;

pub fn run_person(ctx: &Ctx, cmd: PersonCmd, out: &mut dyn Write) -> Result<ExitCode> {
    run_kind(ctx, cmd, out)
}
pub fn run_project(ctx: &Ctx, cmd: ProjectCmd, out: &mut dyn Write) -> Result<ExitCode> {
    run_kind(ctx, cmd, out)
}
pub fn run_vacuum(ctx: &Ctx, cmd: VacuumCmd, out: &mut dyn Write) -> Result<ExitCode> {
    run_kind(ctx, cmd, out)
}

fn run_kind<F: Fields>(ctx: &Ctx, cmd: RecordCmd<F>, out: &mut dyn Write) -> Result<ExitCode> {
    let kind = F::KIND;
    match cmd {
        RecordCmd::Add { slug, fields } => add(ctx, kind, &slug, &fields)?,
        RecordCmd::Edit { slug, fields } => edit(ctx, kind, &slug, &fields)?,
        RecordCmd::Archive { slug } => archive(ctx, kind, &slug)?,
        RecordCmd::List { all } => list(ctx, kind, all, out)?,
        RecordCmd::Show { slug } => show(ctx, kind, &slug, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn slug_kind(kind: Kind) -> SlugKind {
    match kind {
        Kind::Person => SlugKind::Person,
        Kind::Project => SlugKind::Project,
        _ => SlugKind::Vacuum,
    }
}

/// The team's template for `kind` when it has one that parses, else the
/// shipped one.
pub fn template(tracker: &Tracker, kind: Kind) -> RecordDoc {
    let rel = format!("templates/{}", templates::file_name(kind));
    std::fs::read_to_string(tracker.abs(&rel))
        .ok()
        .and_then(|text| RecordDoc::from_template(&rel, &text).ok())
        .or_else(|| RecordDoc::from_template(&rel, templates::builtin(kind)).ok())
        .unwrap_or_else(RecordDoc::empty)
}

fn apply(doc: &mut RecordDoc, edits: &[(&'static str, FieldValue)]) {
    for (key, value) in edits {
        match value {
            FieldValue::Text(t) => doc.set_str(key, t),
            FieldValue::List(l) => doc.set_strings(key, l),
        };
    }
}

/// Validates a record's new text as the loader will read it.
fn validate(kind: Kind, shown: &str, text: &str) -> Result<(), crate::store::Problem> {
    match kind {
        Kind::Person => parse_record::<Person>(shown, text).map(drop),
        Kind::Project => parse_record::<Project>(shown, text).map(drop),
        _ => parse_record::<Vacuum>(shown, text).map(drop),
    }
}

fn add<F: Fields>(ctx: &Ctx, kind: Kind, slug: &str, fields: &F) -> Result<()> {
    validate_slug(slug_kind(kind), slug).map_err(|e| user(e.to_string()))?;
    let tracker = ctx.tracker()?;
    let rel = Tracker::record_path(kind, slug);
    if tracker.abs(&rel).exists() {
        return Err(hinted(
            format!(
                "{} {slug} already exists ({})",
                kind.noun(),
                tracker.repo_path(&rel)
            ),
            format!("change it with `mv {} edit {slug}`", kind.noun()),
        ));
    }
    let edits = fields.edits(&tracker)?;
    let tx = tracker.repo.begin()?;
    let mut doc = template(&tracker, kind);
    apply(&mut doc, &edits);
    for key in ["name", "title", "role", "manager", "email", "missing"] {
        if doc.get_str(key) == Some("") {
            doc.remove(key);
        }
    }
    let text = doc.into_string();
    validate(kind, &tracker.repo_path(&rel), &text).map_err(|p| Problems(vec![p]))?;
    let name = edits.iter().find_map(|(k, v)| match (k, v) {
        (&"name" | &"title", FieldValue::Text(t)) => Some(t.clone()),
        _ => None,
    });
    let action = Action::Add {
        kind: kind.noun(),
        slug: slug.to_owned(),
        name,
    };
    record(&tracker, tx, vec![(rel, Some(text))], &action)
}

/// Reads a record's file for editing, refusing when the user has
/// uncommitted work on it.
pub fn read_for_edit(
    tracker: &Tracker,
    tx: &crate::git::Transaction<'_>,
    rel: &str,
) -> Result<(String, RecordDoc)> {
    tx.ensure_clean(&tracker.repo_path(rel))?;
    let text = std::fs::read_to_string(tracker.abs(rel))?;
    let doc = RecordDoc::parse(&tracker.repo_path(rel), &text).map_err(|p| Problems(vec![p]))?;
    Ok((text, doc))
}

fn edit<F: Fields>(ctx: &Ctx, kind: Kind, slug: &str, fields: &F) -> Result<()> {
    let tracker = ctx.tracker()?;
    lookup::existing(&tracker, kind, slug)?;
    let edits = fields.edits(&tracker)?;
    let rel = Tracker::record_path(kind, slug);
    let shown = tracker.repo_path(&rel);
    let tx = tracker.repo.begin()?;
    let (before, mut doc) = read_for_edit(&tracker, &tx, &rel)?;
    let (after, changed) = if edits.is_empty() {
        if !editor::interactive() {
            return Err(hinted(
                format!("nothing to change in {shown}"),
                format!(
                    "pass the fields to set (see `mv {} edit --help`), or run it on a terminal to use your editor",
                    kind.noun()
                ),
            ));
        }
        let after = editor::edit(tracker.root(), &format!("{slug}.toml"), &before)?;
        (after, Vec::new())
    } else {
        apply(&mut doc, &edits);
        (
            doc.into_string(),
            edits.iter().map(|(k, _)| (*k).to_owned()).collect(),
        )
    };
    if after == before {
        crate::ui::note(&format!("no changes to {shown}; nothing recorded"));
        return Ok(());
    }
    if let Err(p) = validate(kind, &shown, &after) {
        if let Some(saved) =
            editor::save_rejected(tracker.repo.git_dir(), &format!("{slug}.toml"), &after)
        {
            crate::ui::note(&format!("your edit is saved in {}", saved.display()));
        }
        return Err(Problems(vec![p]).into());
    }
    let action = Action::Update {
        kind: kind.noun(),
        slug: slug.to_owned(),
        fields: changed,
    };
    record(&tracker, tx, vec![(rel, Some(after))], &action)
}

fn archive(ctx: &Ctx, kind: Kind, slug: &str) -> Result<()> {
    let tracker = ctx.tracker()?;
    lookup::existing(&tracker, kind, slug)?;
    let rel = Tracker::record_path(kind, slug);
    let tx = tracker.repo.begin()?;
    let (_, mut doc) = read_for_edit(&tracker, &tx, &rel)?;
    if doc.get_str("status") == Some("archived") {
        crate::ui::note(&format!("{} {slug} is already archived", kind.noun()));
        return Ok(());
    }
    doc.set_str("status", "archived");
    let action = Action::Archive {
        kind: kind.noun(),
        slug: slug.to_owned(),
    };
    record(&tracker, tx, vec![(rel, Some(doc.into_string()))], &action)
}

/// A record as JSON and as a table row.
fn describe(records: &Records, kind: Kind) -> Vec<(bool, Json, Vec<GridCell>)> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let status_cell = |archived: bool, s: &str| {
        GridCell::toned(s, if archived { Tone::Dim } else { Tone::Plain })
    };
    match kind {
        Kind::Person => records
            .people
            .values()
            .map(|p| {
                let status = record_status(&p.status).to_string();
                let manager = p.manager.as_ref().map(|m| m.get_ref().clone());
                (
                    p.is_archived(),
                    json!({"handle": p.handle, "name": p.name, "role": p.role, "manager": manager, "email": p.email, "status": status}),
                    vec![p.handle.as_str().into(), p.display_name().into(), opt(&p.role).into(), manager.unwrap_or_default().into(), status_cell(p.is_archived(), &status)],
                )
            })
            .collect(),
        Kind::Project => records
            .projects
            .values()
            .map(|p| {
                let status = record_status(&p.status).to_string();
                let needs: Vec<String> = p.needs.iter().map(|n| n.get_ref().clone()).collect();
                let needs_text = if needs.is_empty() { "(all)".to_owned() } else { needs.join(", ") };
                (
                    p.is_archived(),
                    json!({"slug": p.slug, "name": p.name, "needs": needs, "status": status}),
                    vec![p.slug.as_str().into(), p.display_name().into(), needs_text.into(), status_cell(p.is_archived(), &status)],
                )
            })
            .collect(),
        _ => records
            .vacuums
            .values()
            .map(|v| {
                let status = record_status(&v.status).to_string();
                (
                    v.is_archived(),
                    json!({"slug": v.slug, "title": v.title, "missing": v.missing, "tips": v.tips, "status": status}),
                    vec![v.slug.as_str().into(), v.display_title().into(), status_cell(v.is_archived(), &status)],
                )
            })
            .collect(),
    }
}

fn headers(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Person => &["HANDLE", "NAME", "ROLE", "MANAGER", "STATUS"],
        Kind::Project => &["SLUG", "NAME", "NEEDS", "STATUS"],
        _ => &["SLUG", "TITLE", "STATUS"],
    }
}

fn list(ctx: &Ctx, kind: Kind, all: bool, out: &mut dyn Write) -> Result<()> {
    let tracker = ctx.tracker()?;
    let records = load(&tracker, &[kind]);
    let rows: Vec<_> = describe(&records, kind)
        .into_iter()
        .filter(|(archived, ..)| all || !archived)
        .collect();
    if ctx.format == Format::Json {
        let values: Vec<&Json> = rows.iter().map(|(_, j, _)| j).collect();
        write_json(out, &values)?;
        return Ok(());
    }
    let mut grid = Grid::new(headers(kind).iter().copied());
    for (_, _, cells) in rows {
        grid.push(cells);
    }
    grid.write(out, ctx.format, ctx.table_style(false))?;
    Ok(())
}

fn show(ctx: &Ctx, kind: Kind, slug: &str, out: &mut dyn Write) -> Result<()> {
    let tracker = ctx.tracker()?;
    lookup::existing(&tracker, kind, slug)?;
    let format = ctx.table_or_json()?;
    let records = load(&tracker, &[kind, Kind::Commitment]);

    let Some((_, json, _)) = describe(&records, kind).into_iter().find(|(_, j, _)| {
        j.get(if kind == Kind::Person {
            "handle"
        } else {
            "slug"
        }) == Some(&json!(slug))
    }) else {
        let rel = Tracker::record_path(kind, slug);
        return Err(records
            .problems
            .into_iter()
            .find(|p| p.file == tracker.repo_path(&rel))
            .map_or_else(
                || user(format!("could not load {}", tracker.repo_path(&rel))),
                |p| Problems(vec![p]).into(),
            ));
    };
    let commitments: Vec<Json> = records
        .commitments
        .iter()
        .filter(|c| match kind {
            Kind::Person => c.person.get_ref() == slug,
            Kind::Project => c.project.get_ref() == slug,
            _ => c.vacuum.get_ref() == slug,
        })
        .map(|c| {
            json!({
                "id": c.suffix(), "person": c.person.get_ref(), "vacuum": c.vacuum.get_ref(),
                "project": c.project.get_ref(), "status": c.status().to_string(), "reps": c.reps(),
            })
        })
        .collect();
    if format == Format::Json {
        let mut json = json;
        json["commitments"] = Json::Array(commitments);
        write_json(out, &json)?;
        return Ok(());
    }
    for (key, value) in json.as_object().into_iter().flatten() {
        let shown = match value {
            Json::Null => continue,
            Json::String(s) => s.clone(),
            Json::Array(items) => items
                .iter()
                .map(|i| i.as_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        writeln!(out, "{key:>8}: {shown}")?;
    }
    if !commitments.is_empty() {
        writeln!(out, "\ncommitments:")?;
        for c in &commitments {
            writeln!(
                out,
                "  {} {} on {} ({}, {} reps) [{}]",
                c["person"].as_str().unwrap_or_default(),
                c["vacuum"].as_str().unwrap_or_default(),
                c["project"].as_str().unwrap_or_default(),
                c["status"].as_str().unwrap_or_default(),
                c["reps"],
                c["id"].as_str().unwrap_or_default(),
            )?;
        }
    }
    Ok(())
}
