//! `mv log`: record one coaching conversation and the commitments made in
//! it, as one commit. With no content flags on a terminal it opens the
//! editor on the conversation template, whose comments carry the coaching
//! script's questions; off a terminal it never waits for input.

use super::{
    Ctx,
    args::FillSpec,
    commitment,
    editing::{self, Editing},
    finish,
    private_note::{self, Secret},
};
use crate::error::Result;
use crate::{
    editor,
    error::{hinted, user},
    model::{Action, Cadence, Date, Fill, Kind, Liked, carry::carry_over, validate_slug},
    store::{NewCommitment, NewConversation, Problem, StoreError, Tracker, Writer},
    ui,
};
use serde::Deserialize;
use std::process::ExitCode;

/// Record a coaching conversation (after a 1:1) and any commitments made.
///
/// With no content flags, on a terminal, opens your editor on a template
/// that walks through the coaching script.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Examples:
  mv log alice --exemplar "Foo project" --liked "clear plan=project-plan" \
      --concern "first attempts will be slow" --fill sprint-planning@payments --buddy bob
  mv log alice        (on a terminal: opens your editor on the coaching script)"#)]
pub(crate) struct Args {
    /// Who the conversation was with (a person's handle).
    person: String,
    /// When (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one; default today).
    #[arg(long, value_parser = super::args::date)]
    date: Option<Date>,
    /// Who held it (default: your git name).
    #[arg(long)]
    manager: Option<String>,
    /// "The best run project you've ever seen": its name.
    #[arg(long)]
    exemplar: Option<String>,
    /// Something they liked about it; `TEXT=VACUUM` maps it to a vacuum.
    #[arg(long, value_name = "TEXT[=VACUUM]")]
    liked: Vec<String>,
    /// A worry they raised.
    #[arg(long)]
    concern: Vec<String>,
    /// Free notes.
    #[arg(long)]
    notes: Option<String>,
    /// The next 1:1 (YYYY-MM-DD, today, yesterday, tomorrow or a weekday such as friday, meaning the next one).
    #[arg(long, value_parser = super::args::date)]
    next: Option<Date>,
    /// A commitment made: VACUUM@PROJECT (repeat for more).
    #[arg(long, value_name = "VACUUM@PROJECT")]
    fill: Vec<FillSpec>,
    /// The buddy for the commitments made (someone who has done it before).
    #[arg(long)]
    buddy: Option<String>,
    /// A note for your eyes only, stored encrypted to your key ([private]
    /// recipients in microvac.toml); `-` reads it from stdin.
    #[arg(long, value_name = "NOTE")]
    private: Option<String>,
}

impl Args {
    fn has_content(&self) -> bool {
        self.exemplar.is_some()
            || !self.liked.is_empty()
            || !self.concern.is_empty()
            || self.notes.is_some()
            || self.next.is_some()
            || !self.fill.is_empty()
            || self.private.is_some()
    }
}

/// What a conversation records, from flags or from the edited template.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    #[serde(default)]
    exemplar: Option<String>,
    #[serde(default)]
    liked: Vec<Liked>,
    #[serde(default)]
    concerns: Vec<String>,
    /// In a follow-up: last time's worries that eased.
    #[serde(default)]
    concerns_eased: Vec<String>,
    /// In a follow-up: last time's worries that came true.
    #[serde(default)]
    concerns_came_true: Vec<String>,
    /// In a follow-up: the conversation it follows up (its ID).
    #[serde(default)]
    follows: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default, deserialize_with = "crate::model::date::deserialize_opt")]
    next: Option<Date>,
    #[serde(default)]
    fill: Vec<FillIn>,
    #[serde(default)]
    private: Option<Secret>,
}

/// A commitment as the editor template writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FillIn {
    vacuum: String,
    project: String,
    #[serde(default)]
    buddy: Option<String>,
    #[serde(default)]
    checkin_every: Option<Cadence>,
}

pub(crate) fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let date = args.date.unwrap_or_else(crate::clock::today);
    // The tracker first: outside one, `mv log logs` was likely a file move,
    // and the error says how to make it one.
    let tracker = ctx.tracker()?;
    tracker.require(Kind::Person, &args.person)?;
    let content = if args.has_content() {
        from_flags(&args)?
    } else if editor::interactive() {
        match from_editor(&tracker, &args, date)? {
            Some(content) => content,
            None => {
                ui::note("empty or unchanged conversation; nothing recorded");
                return Ok(ExitCode::SUCCESS);
            }
        }
    } else {
        return Err(hinted(
            "nothing to record: no --exemplar, --liked, --concern, --notes, --next or --fill was given, and there is no terminal to open an editor on",
            format!("e.g. {}", example(&tracker, &args.person, date)),
        ));
    };
    check(&tracker, &args, date, &content)?;
    record(&tracker, &args, date, content)
}

/// Refuses content that names what is not on record, or that a rule
/// forbids, before anything is written.
fn check(tracker: &Tracker, args: &Args, date: Date, content: &Content) -> Result<()> {
    for vacuum in content.liked.iter().filter_map(Liked::vacuum) {
        tracker.require(Kind::Vacuum, vacuum)?;
    }
    let existing = tracker.commitments_of(&args.person);
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for f in &content.fill {
        let new = planned(args, date, f);
        commitment::check_new(tracker, &new, &existing)?;
        if seen.contains(&(f.vacuum.as_str(), f.project.as_str())) {
            return Err(user(format!(
                "--fill {}@{} is given twice",
                new.vacuum, new.project
            )));
        }
        seen.push((f.vacuum.as_str(), f.project.as_str()));
    }
    Ok(())
}

/// The commitment `f` makes, as the store takes it.
fn planned(args: &Args, date: Date, f: &FillIn) -> NewCommitment {
    NewCommitment {
        person: args.person.clone(),
        vacuum: f.vacuum.clone(),
        project: f.project.clone(),
        buddy: f.buddy.clone().or_else(|| args.buddy.clone()),
        every: f.checkin_every,
        started: date,
        first_checkin: None,
    }
}

/// Writes the conversation and its commitments as one commit (what
/// [`check`] let through).
fn record(tracker: &Tracker, args: &Args, date: Date, content: Content) -> Result<ExitCode> {
    let writer = crate::commands::begin(tracker)?;
    let private = match content.private.as_ref().filter(|n| !n.is_blank()) {
        Some(note) => {
            let records = tracker.load(&[Kind::Person]).records;
            Some(private_note::seal(
                tracker,
                &records,
                args.manager.as_deref(),
                note,
            )?)
        }
        None => None,
    };
    let made = content
        .fill
        .iter()
        .map(|f| planned(args, date, f))
        .collect();
    let exemplar = content.exemplar.clone().filter(|s| !s.trim().is_empty());
    let conversation = NewConversation {
        date,
        person: args.person.clone(),
        manager: args.manager.clone(),
        exemplar: content.exemplar,
        liked: content.liked,
        concerns: content.concerns,
        concerns_eased: content.concerns_eased,
        concerns_came_true: content.concerns_came_true,
        follows: content.follows,
        notes: content.notes,
        next: content.next,
        private,
        ..NewConversation::default()
    };
    record_conversation(tracker, writer, &conversation, made, &[], |fills| {
        Action::Log {
            person: args.person.clone(),
            exemplar,
            fills,
        }
    })
}

/// The one job behind `mv log` and `mv coach`: records a conversation and
/// the commitments `made` in it, with whatever `writer` holds already (a
/// follow-up's reviews), as one commit; then names each new commitment's
/// ID and gives the method's advice on it. Each commitment is checked
/// again under the writer's lock; its advice is taken from the records
/// before the change, with the commitments `ending` in it (file stems) as
/// ended already.
pub(super) fn record_conversation(
    tracker: &Tracker,
    mut writer: Writer<'_>,
    conversation: &NewConversation,
    made: Vec<NewCommitment>,
    ending: &[&str],
    action: impl FnOnce(Vec<Fill>) -> Action,
) -> Result<ExitCode> {
    let existing = tracker.commitments_of(&conversation.person);
    let mut advice = Vec::new();
    for (i, new) in made.iter().enumerate() {
        commitment::check_new(tracker, new, &existing)?;
        let alongside: Vec<(&str, &str)> = made[..i]
            .iter()
            .map(|x| (x.vacuum.as_str(), x.project.as_str()))
            .collect();
        advice.extend(commitment::advice_on(tracker, new, &alongside, ending));
    }
    let fills = writer.log_conversation(conversation, &made)?;
    finish(writer, &action(fills.clone()))?;
    for (f, new) in fills.iter().zip(&made) {
        let first = new
            .first_checkin
            .map(|d| format!("; first check-in {d}"))
            .unwrap_or_default();
        ui::note(&format!(
            "commitment ID: {} ({} on {}){first}",
            f.id.short(),
            f.vacuum,
            f.project
        ));
    }
    commitment::advise(&advice);
    Ok(ExitCode::SUCCESS)
}

fn from_flags(args: &Args) -> Result<Content> {
    let liked = args
        .liked
        .iter()
        .map(|l| match l.rsplit_once('=') {
            Some((what, v)) if validate_slug(Kind::Vacuum, v.trim()).is_ok() => Liked::Mapped {
                what: what.trim().to_owned(),
                vacuum: Some(v.trim().to_owned()),
            },
            _ => Liked::Text(l.trim().to_owned()),
        })
        .collect();
    if args.buddy.is_some() && args.fill.is_empty() {
        return Err(user("--buddy goes with --fill: whose buddy would they be?"));
    }
    let fill = args
        .fill
        .iter()
        .map(|spec| FillIn {
            vacuum: spec.vacuum.clone(),
            project: spec.project.clone(),
            buddy: None,
            checkin_every: None,
        })
        .collect();
    Ok(Content {
        exemplar: args.exemplar.clone(),
        liked,
        concerns: args.concern.clone(),
        notes: args.notes.clone(),
        next: args.next,
        fill,
        private: args.private.as_deref().map(Secret::from_arg).transpose()?,
        ..Content::default()
    })
}

/// The editor template for a conversation with `person`, with what was
/// said last time carried over as comments.
fn template_text(tracker: &Tracker, person: &str, date: Date) -> String {
    let name = tracker
        .person(person)
        .ok()
        .and_then(|p| p.name)
        .unwrap_or_else(|| person.to_owned());
    let projects = tracker.names(Kind::Project);
    let carried = carried_comments(tracker, person, date);
    tracker
        .log_template()
        .replace("{name}", &name)
        .replace("{handle}", person)
        .replace("{date}", &date.to_string())
        .replace("{vacuums}", &tracker.names(Kind::Vacuum).join(", "))
        .replace("{projects}", &projects.join(", "))
        .replace(
            "{project}",
            projects.first().map_or("payments", String::as_str),
        )
        .replace("{next}", &Cadence::DEFAULT.after(date).to_string())
        .replace("{carried}", &carried)
        .replace("{private}", &private_field(tracker))
}

/// The template's private-note field, offered when the manager has a key to
/// seal it to; otherwise a word on how to get one.
fn private_field(tracker: &Tracker) -> String {
    let records = tracker.load(&[Kind::Person]).records;
    if private_note::can_seal(tracker, &records, None) {
        "\n# For your eyes only: stored encrypted to your key, never in the clear.\nprivate = \"\"\"\n\"\"\"\n".to_owned()
    } else {
        "\n# Private notes need your public key under [private] recipients in\n# microvac.toml, so they are stored encrypted.\n".to_owned()
    }
}

/// What the last conversation left to follow up, as template comments.
fn carried_comments(tracker: &Tracker, person: &str, date: Date) -> String {
    let records = tracker.load(&Kind::ALL).records;
    let glyphs = crate::render::growth::Glyphs { unicode: true };
    let lines = super::carried::lines(
        &carry_over(&records, person),
        date,
        glyphs,
        "not copied here; `mv growth` shows it",
    );
    if lines.is_empty() {
        return String::new();
    }
    // Every line a comment, also the lines of a note that runs over
    // several: text from a record never becomes a field of the template.
    let lines: Vec<String> = lines
        .iter()
        .flat_map(|l| l.split('\n'))
        .map(|l| format!("# {l}"))
        .collect();
    format!("\n{}\n", lines.join("\n"))
}

/// Opens the editor on the template until what is saved can be recorded
/// (see [`editing`]), or is saved empty or unchanged.
fn from_editor(tracker: &Tracker, args: &Args, date: Date) -> Result<Option<Content>> {
    let template = template_text(tracker, &args.person, date);
    let editing = Editing {
        tracker,
        name: "conversation.toml",
        text: &template,
        comments_recorded: false,
    };
    editing::until_accepted(&editing, |body| {
        // Comment lines blanked, not removed: the line and column of a
        // problem are those of the file the user edited.
        let content = toml::from_str::<Content>(&editor::blank_comments(body)).map_err(|e| {
            let problem = Problem::new("conversation.toml (as edited)", e.message().trim_end())
                .at(body, e.span());
            StoreError::Broken(vec![problem])
        })?;
        check(tracker, args, date, &content)?;
        Ok(content)
    })
}

/// An example `mv log` line for `person` that names only what is on
/// record (placeholders where the tracker has nothing to name), for hints.
pub(crate) fn example(tracker: &Tracker, person: &str, today: Date) -> String {
    let records = super::load(tracker, &Kind::ALL).records;
    let next = records.default_every().after(today);
    crate::model::advice::log_example(&records, person, next)
}
