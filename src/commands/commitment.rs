//! What the commitment commands share: checking a new commitment against
//! the records and the rules, and ending one (done or dropped).

use super::{Ctx, finish};
use crate::error::{CommandError, Result};
use crate::{
    error::hinted,
    model::{
        Action, Commitment, CommitmentStatus, Date, Kind, Step, StepCheck,
        advice::{self, Advice, Planned},
        rules,
    },
    store::{NewCommitment, Tracker},
    ui,
};
use std::process::ExitCode;

/// Checks a new commitment's references and the rules before anything is
/// written: an active person, a vacuum and project on record, a buddy who
/// is someone else and active, no open commitment to the same thing.
pub(crate) fn check_new(
    tracker: &Tracker,
    new: &NewCommitment,
    existing: &[Commitment],
) -> Result<()> {
    rules::check_active("person", &tracker.person(&new.person)?)?;
    tracker.require(Kind::Vacuum, &new.vacuum)?;
    tracker.require(Kind::Project, &new.project)?;
    if let Some(buddy) = &new.buddy {
        check_buddy(tracker, &new.person, buddy)?;
    }
    rules::check_not_filling(existing, &new.person, &new.vacuum, &new.project)?;
    Ok(())
}

/// What the method says of `new` (recorded in one command with the
/// commitments `alongside`, as `(vacuum, project)`, and with the ending of
/// the commitments `ending`, file stems, as if they were ended already),
/// from the records before it: computed before the write, shown after it by
/// [`advise`].
pub(crate) fn advice_on(
    tracker: &Tracker,
    new: &NewCommitment,
    alongside: &[(&str, &str)],
    ending: &[&str],
) -> Vec<Advice> {
    let mut records = tracker
        .load(&[Kind::Person, Kind::Project, Kind::Commitment])
        .records;
    records
        .commitments
        .retain(|c| !ending.contains(&c.id.stem()));
    let planned = Planned {
        person: &new.person,
        vacuum: &new.vacuum,
        project: &new.project,
        buddy: new.buddy.as_deref(),
    };
    advice::on_commitment(&records, planned, alongside)
}

/// Shows advice as warnings, each with its way on.
pub(crate) fn advise(advice: &[Advice]) {
    for a in advice {
        ui::warn(&a.message);
        ui::hint(&a.hint);
    }
}

/// Checks that `buddy` may buddy `person`.
pub(crate) fn check_buddy(tracker: &Tracker, person: &str, buddy: &str) -> Result<()> {
    if buddy == person {
        return Err(rules::RuleError::OwnBuddy(person.to_owned()).into());
    }
    rules::check_buddy(person, &tracker.person(buddy)?)?;
    Ok(())
}

/// Refuses `step` where the commitment's status does not allow it; `Ok(false)`
/// when it is already where the step leads (nothing to record).
pub(crate) fn allowed(c: &Commitment, step: Step) -> Result<bool> {
    match c.status().check(step) {
        StepCheck::Allowed => Ok(true),
        StepCheck::AlreadyThere => {
            ui::note(&format!(
                "commitment {} is already {}",
                c.id.short(),
                c.status()
            ));
            Ok(false)
        }
        StepCheck::Ended(status) => Err(ended(c, &status, step)),
    }
}

fn ended(c: &Commitment, status: &CommitmentStatus, step: Step) -> CommandError {
    let what = match step {
        Step::Checkin => "it takes no check-ins".to_owned(),
        Step::Done => "it cannot also be done".to_owned(),
        Step::Drop => "it cannot also be dropped".to_owned(),
        Step::Reopen => "it cannot be reopened".to_owned(),
    };
    let then = match step {
        Step::Done => format!(", then `mv done {}`", c.id.short()),
        Step::Drop => format!(", then `mv drop {} --why …`", c.id.short()),
        _ => String::new(),
    };
    hinted(
        format!(
            "{}'s commitment to {} on {} is {status}; {what}",
            c.person.get_ref(),
            c.vacuum.get_ref(),
            c.project.get_ref(),
        ),
        format!(
            "if that is what you mean, reopen it first with `mv reopen {}`{then}",
            c.id.short()
        ),
    )
}

/// How a commitment ends.
pub(crate) struct Ending<'a> {
    /// Done or dropped.
    pub step: Step,
    /// When (default today).
    pub date: Option<Date>,
    /// A closing word (done) or the reason (dropped).
    pub why: Option<&'a str>,
}

/// Ends the commitment `id` as done or dropped.
pub(crate) fn end(ctx: &Ctx, id: &str, ending: Ending<'_>) -> Result<ExitCode> {
    let date = ending.date.unwrap_or_else(crate::clock::today);
    let tracker = ctx.tracker()?;
    let mut writer = crate::commands::begin(&tracker)?;
    let mut opened = writer.open_commitment(id)?;
    let c = &opened.commitment;
    if !allowed(c, ending.step)? {
        return Ok(ExitCode::SUCCESS);
    }
    rules::check_not_before_start(c, date)?;
    let (status, action) = match ending.step {
        Step::Done => (
            CommitmentStatus::Done,
            Action::Done {
                fill: c.fill(),
                reps: c.reps(),
            },
        ),
        _ => (
            CommitmentStatus::Dropped,
            Action::Drop {
                fill: c.fill(),
                why: ending.why.unwrap_or_default().to_owned(),
            },
        ),
    };
    opened.end(status, date, ending.why);
    writer.save_edited(opened.file);
    finish(writer, &action)?;
    Ok(ExitCode::SUCCESS)
}
