//! `mv fill`: someone commits to filling a vacuum on a project, outside a
//! logged conversation.

use super::{Ctx, args::FillSpec, commitment, finish, load};
use crate::error::Result;
use crate::{
    error::{hinted, user},
    model::{Action, Cadence, Date, Kind, memory::buddies},
    store::{NewCommitment, Tracker},
    ui,
};
use std::process::ExitCode;

/// Record that PERSON commits to filling VACUUM on a project.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv fill alice sprint-planning --project payments --buddy bob
  mv fill alice status-email@payments --checkin-every 1w"#)]
pub(crate) struct Args {
    /// Who fills it (a person's handle).
    person: String,
    /// Which vacuum (a slug from vacuums/), or VACUUM@PROJECT.
    vacuum: String,
    /// On which project.
    #[arg(long, short)]
    project: Option<String>,
    /// Someone who has done it before, to do the first reps with.
    #[arg(long, short)]
    buddy: Option<String>,
    /// How often to check in: 1w, 2w, 10d, 1m (default from microvac.toml).
    #[arg(long, value_name = "CADENCE")]
    checkin_every: Option<Cadence>,
    /// When it starts (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one; default today).
    #[arg(long, value_parser = super::args::date)]
    date: Option<Date>,
}

impl Args {
    /// The vacuum and project, from `VACUUM@PROJECT` or `--project`.
    fn target(&self) -> Result<FillSpec> {
        match (self.vacuum.contains('@'), &self.project) {
            (true, Some(_)) => Err(user(
                "give the project either as VACUUM@PROJECT or with --project, not both",
            )),
            (true, None) => self.vacuum.parse().map_err(user),
            (false, Some(p)) => Ok(FillSpec {
                vacuum: self.vacuum.clone(),
                project: p.clone(),
            }),
            (false, None) => Err(hinted(
                "which project? --project is missing",
                format!(
                    "e.g. mv fill {} {} --project payments",
                    self.person, self.vacuum
                ),
            )),
        }
    }
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let FillSpec { vacuum, project } = args.target()?;
    let new = NewCommitment {
        person: args.person,
        vacuum,
        project,
        buddy: args.buddy,
        every: args.checkin_every,
        started: args.date.unwrap_or_else(crate::clock::today),
        first_checkin: None,
    };
    let tracker = ctx.tracker()?;
    let mut writer = crate::commands::begin(&tracker)?;
    commitment::check_new(&tracker, &new, &tracker.commitments_of(&new.person))?;
    let advice = commitment::advice_on(&tracker, &new, &[], &[]);
    let fill = writer.create_commitment(&new)?;
    let id = fill.id.short().to_owned();
    finish(writer, &Action::Fill(fill))?;
    ui::note(&format!("commitment ID: {id}"));
    if new.buddy.is_none() {
        suggest_buddy(&tracker, &new, &id);
    }
    commitment::advise(&advice);
    Ok(ExitCode::SUCCESS)
}

/// Without `--buddy`: names the best buddy on record and how to record them.
fn suggest_buddy(tracker: &Tracker, new: &NewCommitment, id: &str) {
    let loaded = load(tracker, &[Kind::Person, Kind::Project, Kind::Commitment]);
    let found = buddies(
        &loaded.records,
        &new.vacuum,
        Some(&new.project),
        &new.person,
    );
    match found.first() {
        Some(best) => ui::note(&format!(
            "buddy suggestion: {}; record it with `mv edit {id} --buddy {}`",
            super::suggest::describe(best),
            best.handle
        )),
        None => ui::note(&format!(
            "nobody on record has filled {} before; a tech lead makes a good buddy: `mv edit {id} --buddy HANDLE`",
            new.vacuum
        )),
    }
}
