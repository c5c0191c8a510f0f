//! `mv show`: one commitment and its check-ins.

use super::{Ctx, private_note::Opener};
use crate::error::Result;
use crate::{
    model::{Commitment, ordinal, private::PrivateNote},
    render::{Format, growth::private_json, printable as p, write_json},
    store::Tracker,
};
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// Show a commitment and its check-ins.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv show k3f9xq
  mv show k3f --format json"#)]
pub(crate) struct Args {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(super::args::TABLE_OR_JSON))]
    format: Format,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = args.format;
    let tracker = ctx.tracker()?;
    let c = tracker.commitment(&args.id)?;
    let opener = Opener::new(&tracker);
    let private: Vec<Option<PrivateNote>> = c
        .checkins
        .iter()
        .map(|k| PrivateNote::of(&k.private, &k.private_for).map(|n| opener.open(&n)))
        .collect();
    if format == Format::Json {
        write_json(out, &as_json(&tracker, &c, &private))?;
    } else {
        as_text(&tracker, &c, &private, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn as_json(
    tracker: &Tracker,
    c: &Commitment,
    private: &[Option<PrivateNote>],
) -> serde_json::Value {
    let every = c.every(tracker.default_every());
    let checkins: Vec<_> = c
        .checkins
        .iter()
        .zip(private)
        .map(|(k, p)| {
            let mut one =
                json!({"date": k.date.to_string(), "note": k.note, "comfort": k.comfort()});
            if p.is_some() {
                one["private"] = private_json(p);
            }
            one
        })
        .collect();
    json!({
        "id": c.id.short(), "file": tracker.shown(&c.file), "person": c.person.get_ref(),
        "vacuum": c.vacuum.get_ref(), "project": c.project.get_ref(), "status": c.status().as_str(),
        "buddy": c.buddy.as_ref().map(|b| b.get_ref()), "started": c.started.to_string(),
        "checkin_every": every.to_string(), "next_checkin": c.due_on(every).map(|d| d.to_string()),
        "ended": c.ended.map(|d| d.to_string()), "why": c.why, "reps": c.reps(),
        "comfort": c.last_comfort(), "checkins": checkins,
    })
}

fn as_text(
    tracker: &Tracker,
    c: &Commitment,
    private: &[Option<PrivateNote>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let every = c.every(tracker.default_every());
    writeln!(
        out,
        "{} fills {} on {} [{}]",
        p(c.person.get_ref()),
        p(c.vacuum.get_ref()),
        p(c.project.get_ref()),
        p(c.id.short())
    )?;
    writeln!(out, "  status:  {}", p(c.status().as_str()))?;
    if let Some(b) = c.buddy() {
        writeln!(out, "  buddy:   {}", p(b))?;
    }
    writeln!(out, "  started: {} (check in every {every})", c.started)?;
    if let Some(due) = c.due_on(every) {
        writeln!(out, "  next:    {due}")?;
    }
    if let Some(ended) = c.ended {
        let why = c
            .why
            .as_deref()
            .map(|w| format!(" ({})", p(w)))
            .unwrap_or_default();
        writeln!(out, "  ended:   {ended}{why}")?;
    }
    writeln!(out, "  file:    {}", p(&tracker.shown(&c.file)))?;
    for (i, k) in c.checkins.iter().enumerate() {
        let comfort = k
            .comfort()
            .map(|c| format!(", comfort {c}/5"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} rep, {}{comfort}: {}",
            ordinal(i + 1),
            k.date,
            p(k.note.as_deref().unwrap_or(""))
        )?;
        if let Some(note) = private.get(i).and_then(Option::as_ref) {
            writeln!(out, "    private: {}", p(&note.shown()))?;
        }
    }
    Ok(())
}
