//! `mv fill`: someone commits to filling a vacuum on a project, outside a
//! logged conversation.

use super::{
    Ctx,
    commitment::{self, NewCommitment},
    record, today,
};
use crate::{
    model::{Action, Cadence, Commitment, parse_date},
    store::Tracker,
};
use anyhow::Result;
use std::process::ExitCode;

/// Record that PERSON commits to filling VACUUM on a project.
#[derive(Debug, clap::Args)]
pub struct Args {
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
    /// When it starts (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let (vacuum, project) = match (args.vacuum.split_once('@'), args.project) {
        (Some(_), Some(_)) => {
            return Err(crate::error::user(
                "give the project either as VACUUM@PROJECT or with --project, not both",
            ));
        }
        (Some(_), None) => commitment::parse_fill(&args.vacuum)?,
        (None, Some(p)) => (args.vacuum, p),
        (None, None) => {
            return Err(crate::error::hinted(
                "which project? --project is missing",
                format!(
                    "e.g. mv fill {} {} --project payments",
                    args.person, args.vacuum
                ),
            ));
        }
    };
    let started = match &args.date {
        Some(d) => parse_date(d, today()).map_err(crate::error::user)?,
        None => today(),
    };
    let new = NewCommitment {
        person: args.person,
        vacuum,
        project,
        buddy: args.buddy,
        every: args.checkin_every,
        started,
        conversation: None,
    };
    let tracker = ctx.tracker()?;
    let tx = tracker.repo.begin()?;
    commitment::check_new(&tracker, &new, &person_commitments(&tracker, &new.person))?;
    let mut taken = commitment::taken_suffixes(&tracker);
    let (rel, text, fill) = commitment::create(
        &tracker,
        &tx.identity().email,
        &new,
        &mut taken,
        commitment::default_cadence(&tracker),
    );
    let id = fill.id.clone();
    record(&tracker, tx, vec![(rel, Some(text))], &Action::Fill(fill))?;
    crate::ui::note(&format!("commitment ID: {}", super::lookup::suffix(&id)));
    Ok(ExitCode::SUCCESS)
}

/// The commitments of one person that load (others are `mv check`'s job).
pub fn person_commitments(tracker: &Tracker, person: &str) -> Vec<Commitment> {
    let dir = format!("commitments/{person}");
    std::fs::read_dir(tracker.abs(&dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".toml")?;
            let rel = format!("{dir}/{name}");
            let text = std::fs::read_to_string(tracker.abs(&rel)).ok()?;
            commitment::parse(tracker, &rel, &text).ok()
        })
        .collect()
}
