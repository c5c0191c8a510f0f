//! `mv due`: check-ins due or overdue (from each commitment's cadence and
//! last check-in) and 1:1s whose next date has passed, as of today or
//! `--on DATE`.

use super::{Ctx, commitment, load, today};
use crate::{
    cli::Format,
    model::{Date, parse_date},
    render::{Grid, GridCell, Tone, write_json},
    store::Kind,
};
use anyhow::Result;
use serde_json::json;
use std::{collections::BTreeMap, io::Write, process::ExitCode};

/// What is due: check-ins and 1:1s.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Answer as of this day (YYYY-MM-DD), e.g. "what is due by Friday?".
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Exit with status 1 when anything is due (for cron or CI).
    #[arg(long)]
    exit_code: bool,
    /// Print nothing when nothing is due.
    #[arg(long, short)]
    quiet: bool,
}

struct Due {
    date: Date,
    what: String,
    who: String,
    id: String,
    kind: &'static str,
}

pub fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let on = match &args.on {
        Some(d) => parse_date(d, today()).map_err(crate::error::user)?,
        None => today(),
    };
    let tracker = ctx.tracker()?;
    let records = load(&tracker, &[Kind::Commitment, Kind::Conversation]);
    let every = commitment::default_cadence(&tracker);
    let mut due = Vec::new();
    for c in &records.commitments {
        if let Some(date) = c.due_on(every).filter(|d| *d <= on) {
            let rep = crate::model::ordinal(c.reps() + 1);
            due.push(Due {
                date,
                what: format!(
                    "{rep} rep of {} on {}",
                    c.vacuum.get_ref(),
                    c.project.get_ref()
                ),
                who: c.person.get_ref().clone(),
                id: c.suffix().to_owned(),
                kind: "checkin",
            });
        }
    }
    let mut latest: BTreeMap<&str, &crate::model::Conversation> = BTreeMap::new();
    for conv in &records.conversations {
        let slot = latest.entry(conv.person.get_ref()).or_insert(conv);
        if (conv.date, &conv.id) > (slot.date, &slot.id) {
            *slot = conv;
        }
    }
    for (person, conv) in latest {
        if let Some(next) = conv.next.filter(|n| *n <= on) {
            due.push(Due {
                date: next,
                what: format!("1:1 (last one {})", conv.date),
                who: person.to_owned(),
                id: conv.id.clone(),
                kind: "one-on-one",
            });
        }
    }
    due.sort_by(|a, b| (a.date, &a.who, &a.what).cmp(&(b.date, &b.who, &b.what)));
    if ctx.format == Format::Json {
        let list: Vec<_> = due
            .iter()
            .map(|d| json!({"kind": d.kind, "due": d.date.to_string(), "days_overdue": (on - d.date).get_days(), "person": d.who, "what": d.what, "id": d.id}))
            .collect();
        write_json(out, &json!({"on": on.to_string(), "due": list}))?;
    } else if due.is_empty() {
        if !args.quiet {
            writeln!(out, "nothing due on {on}")?;
        }
    } else {
        let mut grid = Grid::new(["DUE", "WHO", "WHAT", "ID"]);
        for d in &due {
            let late = (on - d.date).get_days();
            let when = match late {
                0 => format!("{} (today)", d.date),
                n => format!("{} ({n}d late)", d.date),
            };
            let tone = if late > 0 { Tone::Alert } else { Tone::Plain };
            grid.push([
                GridCell::toned(when, tone),
                d.who.as_str().into(),
                d.what.as_str().into(),
                d.id.as_str().into(),
            ]);
        }
        grid.write(out, ctx.format, ctx.table_style(false))?;
    }
    Ok(if args.exit_code && !due.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
