//! `mv coach`: the coaching script at the terminal, question by question,
//! starting from what the last conversation left to follow up. Nothing is
//! written until the manager has seen the summary and said yes; then the
//! conversation and the commitment are one commit, as `mv log` makes it.

mod script;
mod start;

use super::{Ctx, commitment, finish, load, log};
use crate::{
    error::hinted,
    model::{Action, Date, Kind, Liked, rules, validate_slug},
    prompt::{self, Aborted},
    store::{NewCommitment, Tracker, suffix},
    ui,
};
use anyhow::Result;
use script::Talk;
use std::process::ExitCode;

/// Walk through the coaching script with PERSON, at the terminal.
///
/// Asks, one at a time: the best run project they have seen, what they
/// liked about it (each mapped to a vacuum), which vacant vacuum on their
/// project(s) to start with, their worries, a buddy who has done it
/// before, the first check-in and the next 1:1. Shows a summary and
/// records the conversation and the commitment in one commit after a final
/// yes. Esc or Ctrl-C at any question records nothing.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv coach alice --date yesterday
  mv coach alice --show-private   (last time's private note on screen too)"#)]
pub(crate) struct Args {
    /// Who the conversation is with (a person's handle).
    person: String,
    /// When (YYYY-MM-DD, today, yesterday; default today).
    #[arg(long, value_parser = super::args::date)]
    date: Option<Date>,
    /// Who holds it (default: your git name).
    #[arg(long)]
    manager: Option<String>,
    /// Show last time's private note on screen (opened with your key). By
    /// default the coach only says that there is one: the engineer may be
    /// watching.
    #[arg(long)]
    show_private: bool,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    validate_slug(Kind::Person, &args.person)?;
    let tracker = ctx.tracker()?;
    let person = tracker.person(&args.person)?;
    rules::check_active("person", &person)?;
    if !prompt::interactive() {
        return Err(hinted(
            "mv coach asks its questions at a terminal, and there is none here",
            format!(
                "record the conversation with flags instead: mv log {} --exemplar \"Foo project\" --liked \"clear plan=project-plan\" --concern \"…\" --fill sprint-planning@payments --buddy bob --next 2026-12-07",
                args.person
            ),
        ));
    }
    let date = args.date.unwrap_or_else(crate::clock::today);
    let records = load(&tracker, &Kind::ALL).records;
    let every = tracker.default_every();
    let setting = script::Setting {
        tracker: &tracker,
        records: &records,
        manager: args.manager.as_deref(),
        show_private: args.show_private,
    };
    let asked = script::ask(&setting, &person, date, every).and_then(|talk| {
        script::summary(&talk, person.display_name(), date);
        let yes = prompt::confirm("Record this conversation and commitment?", true)?;
        Ok(yes.then_some(talk))
    });
    match asked {
        Ok(Some(talk)) => record(&tracker, &args, date, talk),
        Ok(None) => {
            ui::note("nothing recorded");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => match e.downcast_ref::<Aborted>() {
            Some(aborted) => {
                ui::note(&format!("{aborted}: nothing recorded"));
                Ok(ExitCode::from(aborted.code))
            }
            None => Err(e),
        },
    }
}

/// Writes the conversation and its commitment as one commit, with the same
/// store calls as `mv log`.
fn record(tracker: &Tracker, args: &Args, date: Date, talk: Talk) -> Result<ExitCode> {
    let mut writer = crate::commands::begin(tracker)?;
    let manager = args
        .manager
        .clone()
        .unwrap_or_else(|| writer.identity().name.clone());
    let conversation_id = writer.new_conversation_id(date, &args.person);
    let new = NewCommitment {
        person: args.person.clone(),
        vacuum: talk.vacuum.clone(),
        project: talk.project.clone(),
        buddy: talk.buddy.clone(),
        every: None,
        started: date,
        conversation: Some(conversation_id.clone()),
    };
    commitment::check_new(tracker, &new, &tracker.commitments_of(&args.person))?;
    let advice = commitment::advice_on(tracker, &new, &[]);
    let fill = writer.create_commitment_first(&new, talk.first_checkin)?;
    let content = log::Content {
        exemplar: Some(talk.exemplar.clone()),
        liked: talk.liked,
        concerns: talk.concerns,
        next: Some(talk.next),
        ..log::Content::default()
    };
    let fills = vec![fill];
    let mut doc = log::conversation_doc(tracker, date, &args.person, &manager, &content, &fills);
    if let Some(sealed) = &talk.private {
        sealed.put(&mut doc);
    }
    writer.create_conversation(&conversation_id, doc.into_string())?;
    let action = Action::Log {
        person: args.person.clone(),
        exemplar: Some(talk.exemplar),
        fills: fills.clone(),
    };
    finish(writer, &action)?;
    for f in &fills {
        ui::note(&format!(
            "commitment ID: {} ({} on {}); first check-in {}",
            suffix(&f.id),
            f.vacuum,
            f.project,
            talk.first_checkin
        ));
    }
    commitment::advise(&advice);
    Ok(ExitCode::SUCCESS)
}

/// What they liked, as the summary shows it.
fn liked_text(liked: &Liked) -> String {
    match liked {
        Liked::Text(t) => t.clone(),
        Liked::Mapped { what, vacuum } => match vacuum {
            Some(v) => format!("{what} ({v})"),
            None => what.clone(),
        },
    }
}
