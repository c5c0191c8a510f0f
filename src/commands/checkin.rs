//! `mv checkin`: one rep — an attempt at filling the vacuum, how it went and
//! how comfortable it felt.

use super::{Ctx, commitment, today};
use crate::{
    error::hinted,
    model::{Action, COMFORT_RANGE, parse_date, toml_date},
};
use anyhow::Result;
use std::process::ExitCode;

/// Record a rep: how the latest attempt went and how comfortable it felt.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// How it went.
    #[arg(long, short)]
    note: Option<String>,
    /// How comfortable it felt, 1 (very uncomfortable) to 5 (at ease).
    #[arg(long, short, value_parser = clap::value_parser!(i64).range(COMFORT_RANGE))]
    comfort: Option<i64>,
    /// When it happened (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    if args.note.is_none() && args.comfort.is_none() {
        return Err(hinted(
            "a check-in needs --note, --comfort or both",
            format!(
                "e.g. mv checkin {} --note \"ran planning with bob\" --comfort 3",
                args.id
            ),
        ));
    }

    let date = match &args.date {
        Some(d) => parse_date(d, today()).map_err(crate::error::user)?,
        None => today(),
    };
    let tracker = ctx.tracker()?;
    let tx = tracker.repo.begin()?;
    let mut opened = commitment::open(&tracker, &tx, &args.id)?;
    let c = &opened.commitment;
    if c.status().is_ended() {
        return Err(hinted(
            format!(
                "{}'s commitment to {} on {} is {}; it takes no check-ins",
                c.person.get_ref(),
                c.vacuum.get_ref(),
                c.project.get_ref(),
                c.status()
            ),
            format!("reopen it first with `mv reopen {}`", c.suffix()),
        ));
    }
    if date < c.started {
        return Err(crate::error::user(format!(
            "{date} is before the commitment started ({})",
            c.started
        )));
    }
    let every = c
        .checkin_every
        .unwrap_or_else(|| commitment::default_cadence(&tracker));
    let mut entries = vec![("date", toml_date(date).into())];
    if let Some(note) = &args.note {
        entries.push(("note", note.as_str().into()));
    }
    if let Some(comfort) = args.comfort {
        entries.push(("comfort", comfort.into()));
    }
    let rep = c.reps() + 1;
    let fill = opened.fill();
    let next = every.after(date.max(c.checkins.iter().map(|c| c.date).max().unwrap_or(date)));
    opened.doc.set_date("next_checkin", next);
    opened.doc.push_table("checkin", entries);
    let action = Action::Checkin {
        fill,
        rep,
        comfort: args.comfort,
    };
    opened.save(&tracker, tx, &action)?;
    Ok(ExitCode::SUCCESS)
}
