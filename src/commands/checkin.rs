//! `mv checkin`: one rep — an attempt at filling the vacuum, how it went
//! and how comfortable it felt.

use super::{
    Ctx, commitment, finish,
    private_note::{self, Secret},
};
use crate::error::Result;
use crate::{
    error::hinted,
    model::{Action, Date, Kind, Step, rules},
    store::Rep,
};
use std::process::ExitCode;

/// Record a rep: how the latest attempt went and how comfortable it felt.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv checkin k3f9xq --note "co-ran planning with bob" --comfort 2
  mv checkin k3f --comfort 4 --date yesterday"#)]
pub(crate) struct Args {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// How it went.
    #[arg(long, short)]
    note: Option<String>,
    /// How comfortable it felt, 1 (very uncomfortable) to 5 (at ease).
    #[arg(long, short, value_parser = super::args::comfort)]
    comfort: Option<i64>,
    /// When it happened (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one; default today).
    #[arg(long, value_parser = super::args::date)]
    date: Option<Date>,
    /// A note for your eyes only, stored encrypted to your key ([private]
    /// recipients in microvac.toml); `-` reads it from stdin.
    #[arg(long, value_name = "NOTE")]
    private: Option<String>,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    if args.note.is_none() && args.comfort.is_none() && args.private.is_none() {
        return Err(hinted(
            "a check-in needs --note, --comfort or both",
            format!(
                "e.g. mv checkin {} --note \"how the rep went\" --comfort 3",
                args.id
            ),
        ));
    }
    let date = args.date.unwrap_or_else(crate::clock::today);
    let tracker = ctx.tracker()?;
    let private = args.private.as_deref().map(Secret::from_arg).transpose()?;
    let sealed = match private.filter(|p| !p.is_blank()) {
        Some(note) => {
            let records = tracker.load(&[Kind::Person]).records;
            Some(private_note::seal(&tracker, &records, None, &note)?)
        }
        None => None,
    };
    let mut writer = crate::commands::begin(&tracker)?;
    let mut opened = writer.open_commitment(&args.id)?;
    let c = &opened.commitment;
    commitment::allowed(c, Step::Checkin)?;
    rules::check_not_before_start(c, date)?;
    let action = Action::Checkin {
        fill: c.fill(),
        rep: c.reps() + 1,
        comfort: args.comfort,
    };
    opened.add_checkin(&Rep {
        date,
        note: args.note.as_deref(),
        comfort: args.comfort,
        private: sealed.as_ref(),
    });
    writer.save_edited(opened.file);
    finish(writer, &action)?;
    let advice = crate::model::advice::on_checkin(date, crate::clock::today());
    commitment::advise(advice.as_slice());
    Ok(ExitCode::SUCCESS)
}
