//! `mv edit`: change a commitment — its buddy, cadence or next check-in —
//! with flags, or in the editor.

use super::{
    Ctx, commitment,
    editing::{self, Editing},
    finish, private_note,
};
use crate::error::Result;
use crate::{
    editor,
    error::hinted,
    model::{Action, COMFORT_RANGE, Cadence, Commitment, Date, rules},
    store::{OpenCommitment, Problem, StoreError, Tracker},
    ui,
};
use std::process::ExitCode;

/// Change a commitment: with flags for scripts, or in your editor without.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv edit k3f9xq --buddy carol
  mv edit k3f9xq --checkin-every 1w --next-checkin friday"#)]
pub(crate) struct Args {
    /// The commitment's ID (or a unique prefix of it).
    id: String,
    /// A new buddy (a person's handle); "" removes the buddy.
    #[arg(long)]
    buddy: Option<String>,
    /// A new check-in cadence: 1w, 2w, 10d, 1m.
    #[arg(long, value_name = "CADENCE")]
    checkin_every: Option<Cadence>,
    /// The date of the next check-in (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one).
    #[arg(long, value_name = "DATE", value_parser = super::args::date)]
    next_checkin: Option<Date>,
}

impl Args {
    fn has_flags(&self) -> bool {
        self.buddy.is_some() || self.checkin_every.is_some() || self.next_checkin.is_some()
    }
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let mut writer = crate::commands::begin(&tracker)?;
    let mut opened = writer.open_commitment(&args.id)?;
    let name = format!("{}.toml", opened.commitment.id);
    let accepted = if args.has_flags() {
        let after = with_flags(&tracker, &args, &mut opened)?;
        match after == opened.file.text {
            true => None,
            false => Some(checked(&tracker, &opened, after.clone()).inspect_err(|_| {
                if let Some(saved) = tracker.save_rejected(&name, &after) {
                    ui::note(&saved.notice("your edit"));
                }
            })?),
        }
    } else if editor::interactive() {
        let editing = Editing {
            tracker: &tracker,
            name: &name,
            text: &opened.file.text,
            comments_recorded: true,
        };
        editing::until_accepted(&editing, |edited| {
            // What the user typed in a `private` field is sealed before
            // anything else happens to it.
            let after = private_note::sealed_edit(&tracker, &name, edited)?;
            checked(&tracker, &opened, after)
        })?
    } else {
        return Err(hinted(
            format!("nothing to change in {}", opened.file.shown()),
            "pass --buddy, --checkin-every or --next-checkin, or run it on a terminal to use your editor",
        ));
    };
    let Some((after, edited)) = accepted else {
        ui::note(&format!(
            "no changes to {}; nothing recorded",
            opened.file.shown()
        ));
        return Ok(ExitCode::SUCCESS);
    };
    writer.save(opened.file, after);
    finish(
        writer,
        &Action::EditCommitment {
            fill: edited.fill(),
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The commitment `after` describes, when it may replace the opened one:
/// it reads, names the same person, vacuum and project, and any new buddy
/// is one.
fn checked(
    tracker: &Tracker,
    opened: &OpenCommitment,
    after: String,
) -> Result<(String, Commitment)> {
    let edited = opened.reparse(&after)?;
    let before = &opened.commitment;
    if (
        edited.person.get_ref(),
        edited.vacuum.get_ref(),
        edited.project.get_ref(),
    ) != (
        before.person.get_ref(),
        before.vacuum.get_ref(),
        before.project.get_ref(),
    ) {
        return Err(hinted(
            format!(
                "{}: person, vacuum and project name the commitment and cannot change",
                opened.file.shown()
            ),
            "drop this one (`mv drop ID --why …`) and make a new one with `mv fill`",
        ));
    }
    if let Some(buddy) = edited.buddy().filter(|b| Some(*b) != before.buddy()) {
        commitment::check_buddy(tracker, edited.person.get_ref(), buddy)?;
    }
    // A check-in written in the editor meets the rules `mv checkin` holds
    // it to (those on file are left as they are).
    let added = edited.checkins.iter().filter(|k| {
        !before
            .checkins
            .iter()
            .any(|b| b.date == k.date && b.comfort() == k.comfort())
    });
    for checkin in added {
        if let Some(comfort) = checkin
            .comfort
            .as_ref()
            .filter(|c| !COMFORT_RANGE.contains(c.get_ref()))
        {
            let message = format!("comfort must be 1 to 5, not {}", comfort.get_ref());
            let problem =
                Problem::new(opened.file.shown(), message).at(&after, Some(comfort.span()));
            return Err(StoreError::Broken(vec![problem]).into());
        }
        rules::check_not_before_start(&edited, checkin.date)?;
    }
    Ok((after, edited))
}

/// Applies the flags to the opened file; returns its new text.
fn with_flags(tracker: &Tracker, args: &Args, opened: &mut OpenCommitment) -> Result<String> {
    let buddy = args.buddy.as_deref().filter(|b| !b.is_empty());
    if let Some(buddy) = buddy {
        commitment::check_buddy(tracker, opened.commitment.person.get_ref(), buddy)?;
    }
    if args.buddy.is_some() {
        opened.set_buddy(buddy);
    }
    if let Some(every) = args.checkin_every {
        opened.set_checkin_every(every);
    }
    if let Some(next) = args.next_checkin {
        opened.set_next_checkin(next);
    }
    Ok(opened.edited())
}
