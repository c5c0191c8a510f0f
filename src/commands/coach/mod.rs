//! `mv coach`: the coaching script at the terminal, question by question:
//! the first conversation with someone new, the follow-up with someone who
//! has history (a past conversation or an open commitment). Nothing is
//! written until the manager has seen the summary and said yes; then
//! everything answered is one commit, as `mv log` makes it.

mod candidates;
mod draft;
mod follow_up;
mod script;
mod start;

use super::{Ctx, commitment, load, log};
use crate::error::{CommandError, Result};
use crate::{
    error::hinted,
    model::{Action, Date, Kind, Liked, Step, carry::carry_over, rules, validate_slug},
    prompt,
    store::{NewCommitment, NewConversation, Rep, Tracker},
    ui,
};
use draft::Kept;
use follow_up::FollowUp;
use script::Talk;
use std::process::ExitCode;

/// Walk through the coaching script with PERSON, at the terminal.
///
/// The first conversation asks, one at a time: the best run project they
/// have seen, what they liked about it (each mapped to a vacuum), which
/// vacant vacuum on their project(s) to start with, their worries, a buddy
/// who has done it before, the first check-in and the next 1:1.
///
/// With history (a past conversation or an open commitment) it is a
/// follow-up: for each open commitment, how the reps went and how
/// comfortable it feels (recorded as a rep), whether it is filled (done)
/// and whether the buddy still needs to be there; whether last time's
/// worries came true or eased; which vacuum is next once one is filled.
///
/// Shows a summary and records everything in one commit after a final
/// yes. Esc or Ctrl-C at any question records nothing.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv coach alice --show-private   (last time's private note on screen too)
  mv coach alice --first --date yesterday   (the first conversation's script, even with history)"#)]
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
    /// Run the first conversation's script (the best run project they have
    /// seen, a vacuum to start with) even when there is history to follow
    /// up.
    #[arg(long)]
    first: bool,
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
                "record the conversation with flags instead: {}",
                super::log::example(
                    &tracker,
                    &args.person,
                    args.date.unwrap_or_else(crate::clock::today)
                )
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
    let carried = carry_over(&records, &args.person);
    if !args.first && !carried.is_empty() {
        let mut kept = draft::FollowUpDraft {
            date: Some(date.to_string()),
            ..draft::FollowUpDraft::default()
        };
        let asked = resume::<draft::FollowUpDraft>(&tracker, &args.person)
            .and_then(|resumed| {
                follow_up::ask(
                    &setting,
                    &person,
                    carried,
                    (date, every),
                    &resumed,
                    &mut kept,
                )
            })
            .and_then(|talk| {
                follow_up::summary(&talk, person.display_name(), date);
                let yes = prompt::confirm("Record this follow-up?", true)?;
                Ok(yes.then_some(talk))
            });
        return keep_unless_recorded(&tracker, &args.person, &kept, asked, |talk| {
            record_follow_up(&tracker, &args, date, talk)
        });
    }
    let mut kept = draft::Draft {
        date: Some(date.to_string()),
        ..draft::Draft::default()
    };
    let asked = resume::<draft::Draft>(&tracker, &args.person)
        .and_then(|resumed| script::ask(&setting, &person, (date, every), &resumed, &mut kept))
        .and_then(|talk| {
            script::summary(&talk, person.display_name(), date);
            let question = match talk.start {
                Some(_) => "Record this conversation and commitment?",
                None => "Record this conversation (no commitment)?",
            };
            let yes = prompt::confirm(question, true)?;
            Ok(yes.then_some(talk))
        });
    keep_unless_recorded(&tracker, &args.person, &kept, asked, |talk| {
        record(&tracker, &args, date, talk)
    })
}

/// Records what was answered after a yes and drops the draft; keeps the
/// draft when nothing was recorded (a no, Esc, Ctrl-C, a refusal).
fn keep_unless_recorded<T, D: Kept>(
    tracker: &Tracker,
    person: &str,
    kept: &D,
    asked: Result<Option<T>>,
    record: impl FnOnce(T) -> Result<ExitCode>,
) -> Result<ExitCode> {
    let answered = matches!(asked, Ok(Some(_)));
    let outcome = settle(asked, record);
    match &outcome {
        Ok(_) if answered => draft::drop::<D>(tracker, person),
        _ => draft::keep(tracker, person, kept),
    }
    outcome
}

/// The answers kept from a conversation that was stopped, when the
/// manager takes them up again; a draft turned down is dropped.
fn resume<D: Kept>(tracker: &Tracker, person: &str) -> Result<D> {
    let Some(kept) = draft::kept::<D>(tracker, person).filter(|d| !d.is_empty()) else {
        return Ok(D::default());
    };
    let of = kept
        .date()
        .map(|d| format!(" (for a 1:1 on {})", crate::render::printable(d)))
        .unwrap_or_default();
    let question = format!(
        "A conversation with {person} was stopped before it was recorded{of}. Take its answers up again?"
    );
    if prompt::confirm(&question, true)? {
        Ok(kept)
    } else {
        draft::drop::<D>(tracker, person);
        Ok(D::default())
    }
}

/// Records what was answered after a yes; says that nothing was recorded
/// after a no, Esc or Ctrl-C.
fn settle<T>(
    asked: Result<Option<T>>,
    record: impl FnOnce(T) -> Result<ExitCode>,
) -> Result<ExitCode> {
    match asked {
        Ok(Some(talk)) => record(talk),
        Ok(None) => {
            ui::note("nothing recorded");
            Ok(ExitCode::SUCCESS)
        }
        Err(CommandError::Aborted(aborted)) => {
            ui::note(&format!("{aborted}: nothing recorded"));
            Ok(ExitCode::from(aborted.code))
        }
        Err(e) => Err(e),
    }
}

/// Writes the conversation and its commitment as one commit, with the
/// job `mv log` records with.
fn record(tracker: &Tracker, args: &Args, date: Date, talk: Talk) -> Result<ExitCode> {
    let writer = crate::commands::begin(tracker)?;
    let made = talk
        .start
        .iter()
        .map(|start| NewCommitment {
            person: args.person.clone(),
            vacuum: start.vacuum.clone(),
            project: start.project.clone(),
            buddy: start.buddy.clone(),
            every: None,
            started: date,
            first_checkin: Some(start.first_checkin),
        })
        .collect();
    let conversation = NewConversation {
        date,
        person: args.person.clone(),
        manager: args.manager.clone(),
        exemplar: Some(talk.exemplar.clone()),
        liked: talk.liked,
        concerns: talk.concerns,
        next: Some(talk.next),
        comfort_with: candidates::on_record(&talk.felt),
        private: talk.private,
        ..NewConversation::default()
    };
    log::record_conversation(tracker, writer, &conversation, made, &[], |fills| {
        Action::Log {
            person: args.person.clone(),
            exemplar: Some(talk.exemplar),
            fills,
        }
    })
}

/// Writes a follow-up as one commit: a rep, the buddy's part and the end
/// on each commitment reviewed, the next commitment, and the
/// conversation.
fn record_follow_up(
    tracker: &Tracker,
    args: &Args,
    date: Date,
    talk: FollowUp,
) -> Result<ExitCode> {
    let mut writer = crate::commands::begin(tracker)?;
    let (mut reviewed, mut done) = (Vec::new(), Vec::new());
    for r in talk.reviews.iter().filter(|r| r.changes()) {
        let mut opened = writer.open_commitment(&r.work.id)?;
        if r.rep() {
            commitment::allowed(&opened.commitment, Step::Checkin)?;
            rules::check_not_before_start(&opened.commitment, date)?;
            opened.add_checkin(&Rep {
                date,
                note: r.note.as_deref(),
                comfort: r.comfort,
                private: None,
            });
        }
        if r.buddy_ends {
            opened.end_buddy(date);
        }
        let fill = opened.commitment.fill();
        if r.done && commitment::allowed(&opened.commitment, Step::Done)? {
            rules::check_not_before_start(&opened.commitment, date)?;
            opened.mark_done(date);
            done.push(fill.clone());
        }
        writer.save_edited(opened.file);
        reviewed.push(fill);
    }
    let made = talk
        .next_vacuum
        .iter()
        .map(|next| NewCommitment {
            person: args.person.clone(),
            vacuum: next.vacuum.clone(),
            project: next.project.clone(),
            buddy: next.buddy.clone(),
            every: None,
            started: date,
            first_checkin: Some(next.first_checkin),
        })
        .collect();
    let conversation = NewConversation {
        date,
        person: args.person.clone(),
        manager: args.manager.clone(),
        concerns: talk.concerns(),
        concerns_eased: talk.worries(follow_up::Worry::Eased),
        concerns_came_true: talk.worries(follow_up::Worry::CameTrue),
        follows: talk.follows.clone(),
        next: Some(talk.next),
        comfort_with: candidates::on_record(&talk.felt),
        private: talk.private,
        ..NewConversation::default()
    };
    let ending: Vec<String> = done.iter().map(|f| f.id.stem().to_owned()).collect();
    let ending: Vec<&str> = ending.iter().map(String::as_str).collect();
    log::record_conversation(tracker, writer, &conversation, made, &ending, |fills| {
        Action::FollowUp {
            person: args.person.clone(),
            reviewed,
            done,
            fills,
        }
    })
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
