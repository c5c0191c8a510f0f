//! `mv log`: record one coaching conversation and the commitments made in
//! it, as one commit. With no content flags on a terminal it opens the
//! editor on the conversation template, whose comments carry the coaching
//! script's questions; off a terminal it never waits for input.

use super::{Ctx, args::FillSpec, commitment, finish};
use crate::{
    editor,
    error::{hinted, user},
    model::{Action, Cadence, Date, Fill, Kind, Liked, validate_slug},
    store::{NewCommitment, Problem, RecordDoc, StoreError, Tracker, suffix},
    ui,
};
use anyhow::Result;
use serde::Deserialize;
use std::process::ExitCode;
use toml_edit::{Array, InlineTable, Value};

/// Record a coaching conversation (after a 1:1) and any commitments made.
///
/// With no content flags, on a terminal, opens your editor on a template
/// that walks through the coaching script.
///
/// Examples:
///   mv log alice --exemplar "Foo project" --liked "clear plan=project-plan" \
///       --concern "first attempts will be slow" --fill sprint-planning@payments --buddy bob
///   mv log alice        (on a terminal: opens your editor on the coaching script)
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Who the conversation was with (a person's handle).
    person: String,
    /// When (YYYY-MM-DD, today, yesterday; default today).
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
    /// The next 1:1 (YYYY-MM-DD, a weekday, tomorrow).
    #[arg(long, value_parser = super::args::date)]
    next: Option<Date>,
    /// A commitment made: VACUUM@PROJECT (repeat for more).
    #[arg(long, value_name = "VACUUM@PROJECT")]
    fill: Vec<FillSpec>,
    /// The buddy for the commitments made (someone who has done it before).
    #[arg(long)]
    buddy: Option<String>,
}

impl Args {
    fn has_content(&self) -> bool {
        self.exemplar.is_some()
            || !self.liked.is_empty()
            || !self.concern.is_empty()
            || self.notes.is_some()
            || self.next.is_some()
            || !self.fill.is_empty()
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
    #[serde(default)]
    notes: Option<String>,
    #[serde(default, deserialize_with = "crate::model::date::deserialize_opt")]
    next: Option<Date>,
    #[serde(default)]
    fill: Vec<FillIn>,
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
    validate_slug(Kind::Person, &args.person)?;
    let tracker = ctx.tracker()?;
    tracker.require(Kind::Person, &args.person)?;
    let content = if args.has_content() {
        from_flags(&args)?
    } else if editor::interactive() {
        match from_editor(&tracker, &args.person, date)? {
            Some(content) => content,
            None => {
                ui::note("empty or unchanged conversation; nothing recorded");
                return Ok(ExitCode::SUCCESS);
            }
        }
    } else {
        return Err(hinted(
            "nothing to record: no --exemplar, --liked, --concern, --notes, --next or --fill was given, and there is no terminal to open an editor on",
            format!(
                "e.g. mv log {} --exemplar \"Foo project\" --liked \"clear plan=project-plan\" --fill sprint-planning@payments --buddy bob",
                args.person
            ),
        ));
    };
    record(&tracker, &args, date, content)
}

/// Writes the conversation and its commitments as one commit.
fn record(tracker: &Tracker, args: &Args, date: Date, content: Content) -> Result<ExitCode> {
    let mut writer = crate::commands::begin(tracker)?;
    for vacuum in content.liked.iter().filter_map(Liked::vacuum) {
        tracker.require(Kind::Vacuum, vacuum)?;
    }
    let manager = args
        .manager
        .clone()
        .unwrap_or_else(|| writer.identity().name.clone());
    let conversation_id = writer.new_conversation_id(date, &args.person);
    let existing = tracker.commitments_of(&args.person);
    let mut fills: Vec<Fill> = Vec::new();
    for f in &content.fill {
        let new = NewCommitment {
            person: args.person.clone(),
            vacuum: f.vacuum.clone(),
            project: f.project.clone(),
            buddy: f.buddy.clone().or_else(|| args.buddy.clone()),
            every: f.checkin_every,
            started: date,
            conversation: Some(conversation_id.clone()),
        };
        commitment::check_new(tracker, &new, &existing)?;
        if fills
            .iter()
            .any(|x| x.vacuum == new.vacuum && x.project == new.project)
        {
            return Err(user(format!(
                "--fill {}@{} is given twice",
                new.vacuum, new.project
            )));
        }
        fills.push(writer.create_commitment(&new)?);
    }
    let doc = conversation_doc(tracker, date, &args.person, &manager, &content, &fills);
    writer.create_conversation(&conversation_id, doc.into_string())?;
    let action = Action::Log {
        person: args.person.clone(),
        exemplar: content.exemplar.filter(|s| !s.trim().is_empty()),
        fills: fills.clone(),
    };
    finish(writer, &action)?;
    for f in &fills {
        ui::note(&format!(
            "commitment ID: {} ({} on {})",
            suffix(&f.id),
            f.vacuum,
            f.project
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn conversation_doc(
    tracker: &Tracker,
    date: Date,
    person: &str,
    manager: &str,
    content: &Content,
    fills: &[Fill],
) -> RecordDoc {
    let mut doc = tracker.template(Kind::Conversation);
    let notes = content
        .notes
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let exemplar = content.exemplar.as_deref().filter(|s| !s.trim().is_empty());
    doc.set_date("date", date)
        .set_str("person", person)
        .set_str("manager", manager)
        .set_opt_str("exemplar", exemplar)
        .set("liked", liked_array(&content.liked))
        .set_strings("concerns", &content.concerns)
        .set_opt_str("notes", notes)
        .set_strings(
            "commitments",
            &fills.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        );
    match content.next {
        Some(next) => doc.set_date("next", next),
        None => doc.remove("next"),
    };
    doc
}

fn liked_array(liked: &[Liked]) -> Array {
    let mut array = Array::new();
    for l in liked {
        match l {
            Liked::Text(t)
            | Liked::Mapped {
                what: t,
                vacuum: None,
            } => array.push(t.as_str()),
            Liked::Mapped {
                what,
                vacuum: Some(v),
            } => {
                let mut table = InlineTable::new();
                table.insert("what", what.as_str().into());
                table.insert("vacuum", v.as_str().into());
                array.push(Value::InlineTable(table));
            }
        }
    }
    if array.len() > 1 {
        for v in array.iter_mut() {
            v.decor_mut().set_prefix("\n  ");
        }
        array.set_trailing("\n");
        array.set_trailing_comma(true);
    }
    array
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
    let open: Vec<String> = tracker
        .commitments_of(person)
        .iter()
        .filter(|c| !c.status().is_ended())
        .map(|c| {
            format!(
                "#   - {} on {} ({} reps) [{}]",
                c.vacuum.get_ref(),
                c.project.get_ref(),
                c.reps(),
                c.suffix()
            )
        })
        .collect();
    let carried = if open.is_empty() {
        String::new()
    } else {
        format!(
            "\n# Open commitments to review (check in with `mv checkin ID`):\n{}\n",
            open.join("\n")
        )
    };
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
}

fn from_editor(tracker: &Tracker, person: &str, date: Date) -> Result<Option<Content>> {
    let template = template_text(tracker, person, date);
    let edited = editor::edit(tracker.root(), "conversation.toml", &template)?;
    let body = editor::strip_comments(&edited);
    if body.trim().is_empty() || body.trim() == editor::strip_comments(&template).trim() {
        return Ok(None);
    }
    match toml::from_str::<Content>(&body) {
        Ok(content) => Ok(Some(content)),
        Err(e) => {
            if let Some(saved) = tracker.save_rejected("conversation.toml", &edited) {
                ui::note(&format!("your text is saved in {}", saved.display()));
            }
            let problem = Problem::new(
                "conversation (edited, # lines removed)",
                e.message().trim_end(),
            )
            .at(&body, e.span());
            Err(StoreError::Broken(vec![problem]).into())
        }
    }
}
