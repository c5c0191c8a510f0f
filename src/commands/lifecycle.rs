//! How a commitment ends or changes: `mv done`, `mv drop` (allowed, and
//! recorded kindly), `mv reopen`, `mv edit` and `mv show`.

use super::{Ctx, commitment, editor, lookup, record, today};
use crate::{
    cli::Format,
    error::{hinted, user},
    model::{Action, Cadence, CommitmentStatus, parse_date},
    render::write_json,
};
use anyhow::Result;
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// Mark a commitment done: the vacuum is filled.
#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// A closing word on how it went.
    #[arg(long, short)]
    note: Option<String>,
    /// When it ended (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
}

/// Drop a commitment. Allowed and forgiven: say why, so the next
/// conversation can start from it.
#[derive(Debug, clap::Args)]
pub struct DropArgs {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// Why it is dropped (e.g. "took on the on-call rotation instead").
    #[arg(long)]
    why: String,
    /// When (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
}

/// Reopen a done or dropped commitment, so it takes check-ins again.
#[derive(Debug, clap::Args)]
pub struct ReopenArgs {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
}

/// Change a commitment: with flags for scripts, or in your editor without.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// A new buddy (a person's handle); "" removes the buddy.
    #[arg(long)]
    buddy: Option<String>,
    /// A new check-in cadence: 1w, 2w, 10d, 1m.
    #[arg(long, value_name = "CADENCE")]
    checkin_every: Option<Cadence>,
    /// The date of the next check-in.
    #[arg(long, value_name = "DATE")]
    next_checkin: Option<String>,
}

/// Show a commitment and its check-ins.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
}

fn end(
    ctx: &Ctx,
    id: &str,
    date: Option<&str>,
    status: CommitmentStatus,
    why: Option<&str>,
) -> Result<ExitCode> {
    let date = match date {
        Some(d) => parse_date(d, today()).map_err(user)?,
        None => today(),
    };
    if let Some(why) = why
        && why.trim().is_empty()
    {
        return Err(hinted(
            "--why is empty",
            "a few words are enough; dropping is allowed",
        ));
    }
    let tracker = ctx.tracker()?;
    let tx = tracker.repo.begin()?;
    let mut opened = commitment::open(&tracker, &tx, id)?;
    let c = &opened.commitment;
    if c.status() == &status {
        crate::ui::note(&format!("commitment {} is already {status}", c.suffix()));
        return Ok(ExitCode::SUCCESS);
    }
    if date < c.started {
        return Err(user(format!(
            "{date} is before the commitment started ({})",
            c.started
        )));
    }
    let reps = c.reps();
    let fill = opened.fill();
    opened
        .doc
        .set_str("status", status.as_str())
        .set_date("ended", date)
        .set_opt_str("why", why)
        .remove("next_checkin");
    let action = match status {
        CommitmentStatus::Done => Action::Done { fill, reps },
        _ => Action::Drop {
            fill,
            why: why.unwrap_or_default().to_owned(),
        },
    };
    opened.save(&tracker, tx, &action)?;
    Ok(ExitCode::SUCCESS)
}

pub fn done(ctx: &Ctx, args: DoneArgs) -> Result<ExitCode> {
    end(
        ctx,
        &args.id,
        args.date.as_deref(),
        CommitmentStatus::Done,
        args.note.as_deref(),
    )
}

pub fn drop(ctx: &Ctx, args: DropArgs) -> Result<ExitCode> {
    end(
        ctx,
        &args.id,
        args.date.as_deref(),
        CommitmentStatus::Dropped,
        Some(&args.why),
    )
}

pub fn reopen(ctx: &Ctx, args: ReopenArgs) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let tx = tracker.repo.begin()?;
    let mut opened = commitment::open(&tracker, &tx, &args.id)?;
    let c = &opened.commitment;
    if !c.status().is_ended() {
        crate::ui::note(&format!(
            "commitment {} is already {}",
            c.suffix(),
            c.status()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let every = c
        .checkin_every
        .unwrap_or_else(|| commitment::default_cadence(&tracker));
    let fill = opened.fill();
    opened
        .doc
        .set_str("status", "active")
        .remove("ended")
        .remove("why")
        .set_date("next_checkin", every.after(today()));
    opened.save(&tracker, tx, &Action::Reopen { fill })?;
    Ok(ExitCode::SUCCESS)
}

pub fn edit(ctx: &Ctx, args: EditArgs) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let has_flags =
        args.buddy.is_some() || args.checkin_every.is_some() || args.next_checkin.is_some();
    let next = match &args.next_checkin {
        Some(d) => Some(parse_date(d, today()).map_err(user)?),
        None => None,
    };
    let tx = tracker.repo.begin()?;
    let mut opened = commitment::open(&tracker, &tx, &args.id)?;
    let shown = tracker.repo_path(&opened.rel);
    let after = if has_flags {
        if let Some(buddy) = args.buddy.as_deref().filter(|b| !b.is_empty()) {
            lookup::existing(&tracker, crate::store::Kind::Person, buddy)?;
            if buddy == opened.commitment.person.get_ref() {
                return Err(user(format!("{buddy} cannot be their own buddy")));
            }
        }
        let doc = &mut opened.doc;
        doc.set_opt_str("buddy", args.buddy.as_deref().filter(|b| !b.is_empty()));
        if let Some(every) = args.checkin_every {
            doc.set_str("checkin_every", &every.to_string());
        }
        if let Some(next) = next {
            doc.set_date("next_checkin", next);
        }
        opened.doc.to_string()
    } else if editor::interactive() {
        editor::edit(
            tracker.root(),
            &format!("{}.toml", opened.commitment.stem),
            &opened.text,
        )?
    } else {
        return Err(hinted(
            format!("nothing to change in {shown}"),
            "pass --buddy, --checkin-every or --next-checkin, or run it on a terminal to use your editor",
        ));
    };
    if after == opened.text {
        crate::ui::note(&format!("no changes to {shown}; nothing recorded"));
        return Ok(ExitCode::SUCCESS);
    }
    let edited = match commitment::parse(&tracker, &opened.rel, &after) {
        Ok(c) => c,
        Err(e) => {
            if let Some(saved) = editor::save_rejected(
                tracker.repo.git_dir(),
                &format!("{}.toml", opened.commitment.stem),
                &after,
            ) {
                crate::ui::note(&format!("your edit is saved in {}", saved.display()));
            }
            return Err(e);
        }
    };
    let key_changed = edited.person.get_ref() != opened.commitment.person.get_ref()
        || edited.vacuum.get_ref() != opened.commitment.vacuum.get_ref()
        || edited.project.get_ref() != opened.commitment.project.get_ref();
    if key_changed {
        return Err(hinted(
            format!("{shown}: person, vacuum and project name the commitment and cannot change"),
            "drop this one (`mv drop ID --why …`) and make a new one with `mv fill`",
        ));
    }
    let rel = opened.rel.clone();
    let fill = commitment::Opened {
        commitment: edited,
        ..opened
    }
    .fill();
    record(
        &tracker,
        tx,
        vec![(rel, Some(after))],
        &Action::EditCommitment { fill },
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(ctx: &Ctx, args: ShowArgs, out: &mut dyn Write) -> Result<ExitCode> {
    let format = ctx.table_or_json()?;
    let tracker = ctx.tracker()?;
    let found = lookup::commitment(&tracker, &args.id)?;
    let text = std::fs::read_to_string(tracker.abs(&found.rel))?;
    let c = commitment::parse(&tracker, &found.rel, &text)?;
    let every = c
        .checkin_every
        .unwrap_or_else(|| commitment::default_cadence(&tracker));
    let due = c.due_on(every);
    let checkins: Vec<_> = c
        .checkins
        .iter()
        .map(|k| json!({"date": k.date.to_string(), "note": k.note, "comfort": k.comfort()}))
        .collect();
    if format == Format::Json {
        write_json(
            out,
            &json!({
                "id": c.suffix(), "file": tracker.repo_path(&c.file), "person": c.person.get_ref(),
                "vacuum": c.vacuum.get_ref(), "project": c.project.get_ref(), "status": c.status().as_str(),
                "buddy": c.buddy.as_ref().map(|b| b.get_ref()), "started": c.started.to_string(),
                "checkin_every": every.to_string(), "next_checkin": due.map(|d| d.to_string()),
                "ended": c.ended.map(|d| d.to_string()), "why": c.why, "reps": c.reps(),
                "comfort": c.last_comfort(), "checkins": checkins,
            }),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{} fills {} on {} [{}]",
        c.person.get_ref(),
        c.vacuum.get_ref(),
        c.project.get_ref(),
        c.suffix()
    )?;
    writeln!(out, "  status:  {}", c.status())?;
    if let Some(b) = c.buddy.as_ref().filter(|b| !b.get_ref().is_empty()) {
        writeln!(out, "  buddy:   {}", b.get_ref())?;
    }
    writeln!(out, "  started: {} (check in every {every})", c.started)?;
    if let Some(due) = due {
        writeln!(out, "  next:    {due}")?;
    }
    if let Some(ended) = c.ended {
        writeln!(
            out,
            "  ended:   {ended}{}",
            c.why
                .as_ref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default()
        )?;
    }
    writeln!(out, "  file:    {}", tracker.repo_path(&c.file))?;
    for (i, k) in c.checkins.iter().enumerate() {
        let comfort = k
            .comfort()
            .map(|c| format!(", comfort {c}/5"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} rep, {}{comfort}: {}",
            crate::model::ordinal(i + 1),
            k.date,
            k.note.as_deref().unwrap_or("")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
