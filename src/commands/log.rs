//! `mv log`: record one coaching conversation and the commitments made in
//! it, as one commit. With no content flags on a terminal it opens the
//! editor on the conversation template, whose comments carry the coaching
//! script's questions; off a terminal it never waits for input.

use super::{
    Ctx,
    commitment::{self, NewCommitment},
    editor,
    fill::person_commitments,
    lookup, record, today,
};
use crate::{
    error::{Problems, hinted, user},
    model::{Action, Date, SlugKind, parse_date, validate_slug},
    store::{Kind, Problem, Tracker, templates},
};
use anyhow::Result;
use serde::Deserialize;
use std::process::ExitCode;
use toml_edit::{Array, InlineTable, Value};

/// Record a coaching conversation (after a 1:1) and any commitments made.
///
/// With no content flags, on a terminal, opens your editor on a template
/// that walks through the coaching script.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Who the conversation was with (a person's handle).
    person: String,
    /// When (YYYY-MM-DD; default today).
    #[arg(long)]
    date: Option<String>,
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
    /// The next 1:1 (YYYY-MM-DD).
    #[arg(long)]
    next: Option<String>,
    /// A commitment made: VACUUM@PROJECT (repeat for more).
    #[arg(long, value_name = "VACUUM@PROJECT")]
    fill: Vec<String>,
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
    liked: Vec<LikedIn>,
    #[serde(default)]
    concerns: Vec<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default, deserialize_with = "crate::model::date::deserialize_opt")]
    next: Option<Date>,
    #[serde(default)]
    fill: Vec<FillIn>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LikedIn {
    Text(String),
    Mapped {
        what: String,
        #[serde(default)]
        vacuum: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FillIn {
    vacuum: String,
    project: String,
    #[serde(default)]
    buddy: Option<String>,
    #[serde(default)]
    checkin_every: Option<crate::model::Cadence>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode> {
    let date = match &args.date {
        Some(d) => parse_date(d, today()).map_err(user)?,
        None => today(),
    };
    validate_slug(SlugKind::Person, &args.person).map_err(|e| user(e.to_string()))?;
    let tracker = ctx.tracker()?;
    lookup::existing(&tracker, Kind::Person, &args.person)?;
    let content = if args.has_content() {
        from_flags(&args, date)?
    } else if editor::interactive() {
        match from_editor(&tracker, &args.person, date)? {
            Some(content) => content,
            None => {
                crate::ui::note("empty or unchanged conversation; nothing recorded");
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
    let tx = tracker.repo.begin()?;
    let existing = person_commitments(&tracker, &args.person);
    for liked in &content.liked {
        if let LikedIn::Mapped {
            vacuum: Some(v), ..
        } = liked
        {
            lookup::existing(&tracker, Kind::Vacuum, v)?;
        }
    }
    let author = tx.identity().email.clone();
    let manager = args
        .manager
        .clone()
        .unwrap_or_else(|| tx.identity().name.clone());
    // Never reuse a conversation's name, even for a second 1:1 on the same
    // day under a fixed clock.
    let prefix = format!("{date}-{}-", args.person);
    let year_dir = tracker.abs(
        Tracker::conversation_path(&prefix)
            .rsplit_once('/')
            .map_or("", |(d, _)| d),
    );
    let same_day: std::collections::HashSet<String> = std::fs::read_dir(year_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            Some(
                name.strip_prefix(&prefix)?
                    .strip_suffix(".toml")?
                    .to_owned(),
            )
        })
        .collect();
    let suffix = commitment::fresh_suffix(&author, &format!("conversation {prefix}"), &same_day);
    let conversation_id = format!("{prefix}{suffix}");

    let default_every = commitment::default_cadence(&tracker);
    let mut taken = commitment::taken_suffixes(&tracker);
    let mut changes = Vec::new();
    let mut fills = Vec::new();
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
        commitment::check_new(&tracker, &new, &existing)?;
        if fills
            .iter()
            .any(|x: &crate::model::Fill| x.vacuum == new.vacuum && x.project == new.project)
        {
            return Err(user(format!(
                "--fill {}@{} is given twice",
                new.vacuum, new.project
            )));
        }
        let (rel, text, fill) =
            commitment::create(&tracker, &author, &new, &mut taken, default_every);
        changes.push((rel, Some(text)));
        fills.push(fill);
    }
    let mut doc = super::records::template(&tracker, Kind::Conversation);
    doc.set_date("date", date)
        .set_str("person", &args.person)
        .set_str("manager", &manager)
        .set_opt_str(
            "exemplar",
            content.exemplar.as_deref().filter(|s| !s.trim().is_empty()),
        )
        .set("liked", liked_array(&content.liked))
        .set_strings("concerns", &content.concerns)
        .set_opt_str(
            "notes",
            content
                .notes
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
        )
        .set_strings(
            "commitments",
            &fills.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        );
    match content.next {
        Some(next) => doc.set_date("next", next),
        None => doc.remove("next"),
    };
    let rel = Tracker::conversation_path(&conversation_id);
    changes.insert(0, (rel, Some(doc.into_string())));
    let action = Action::Log {
        person: args.person.clone(),
        exemplar: content.exemplar.filter(|s| !s.trim().is_empty()),
        fills: fills.clone(),
    };
    record(&tracker, tx, changes, &action)?;
    for f in &fills {
        crate::ui::note(&format!(
            "commitment ID: {} ({} on {})",
            lookup::suffix(&f.id),
            f.vacuum,
            f.project
        ));
    }
    Ok(ExitCode::SUCCESS)
}

fn liked_array(liked: &[LikedIn]) -> Array {
    let mut array = Array::new();
    for l in liked {
        match l {
            LikedIn::Text(t)
            | LikedIn::Mapped {
                what: t,
                vacuum: None,
            } => array.push(t.as_str()),
            LikedIn::Mapped {
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

fn from_flags(args: &Args, date: Date) -> Result<Content> {
    let liked = args
        .liked
        .iter()
        .map(|l| match l.rsplit_once('=') {
            Some((what, v)) if validate_slug(SlugKind::Vacuum, v.trim()).is_ok() => {
                LikedIn::Mapped {
                    what: what.trim().to_owned(),
                    vacuum: Some(v.trim().to_owned()),
                }
            }
            _ => LikedIn::Text(l.trim().to_owned()),
        })
        .collect();
    let fill = args
        .fill
        .iter()
        .map(|spec| {
            let (vacuum, project) = commitment::parse_fill(spec)?;
            Ok(FillIn {
                vacuum,
                project,
                buddy: None,
                checkin_every: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let next = match &args.next {
        Some(n) => Some(parse_date(n, date).map_err(user)?),
        None => None,
    };
    if args.buddy.is_some() && fill.is_empty() {
        return Err(user("--buddy goes with --fill: whose buddy would they be?"));
    }
    Ok(Content {
        exemplar: args.exemplar.clone(),
        liked,
        concerns: args.concern.clone(),
        notes: args.notes.clone(),
        next,
        fill,
    })
}

/// The editor template for a conversation with `person`, with what was
/// said last time carried over as comments.
fn template_text(tracker: &Tracker, person: &str, date: Date) -> String {
    let team = std::fs::read_to_string(tracker.abs("templates/log.toml")).ok();
    let text = team.as_deref().unwrap_or(templates::LOG);
    let name = std::fs::read_to_string(tracker.abs(&Tracker::record_path(Kind::Person, person)))
        .ok()
        .and_then(|t| crate::store::parse_record::<crate::model::Person>("", &t).ok())
        .and_then(|p| p.name)
        .unwrap_or_else(|| person.to_owned());
    let vacuums = lookup::slugs(tracker, Kind::Vacuum).join(", ");
    let projects = lookup::slugs(tracker, Kind::Project);
    let open: Vec<String> = person_commitments(tracker, person)
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
    text.replace("{name}", &name)
        .replace("{handle}", person)
        .replace("{date}", &date.to_string())
        .replace("{vacuums}", &vacuums)
        .replace("{projects}", &projects.join(", "))
        .replace(
            "{project}",
            projects.first().map_or("payments", String::as_str),
        )
        .replace(
            "{next}",
            &crate::model::Cadence::DEFAULT.after(date).to_string(),
        )
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
            let saved = editor::save_rejected(tracker.repo.git_dir(), "conversation.toml", &edited);
            if let Some(saved) = saved {
                crate::ui::note(&format!("your text is saved in {}", saved.display()));
            }
            let problem = Problem::new(
                "conversation (edited, # lines removed)",
                e.message().trim_end(),
            )
            .at(&body, e.span());
            Err(Problems(vec![problem]).into())
        }
    }
}
