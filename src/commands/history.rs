//! `mv history`: the coaching log, read from git history. Commits microvac
//! made are recognised by their trailers; hand edits committed with plain
//! git appear too, matched by the tracker files they touched.

use super::{Ctx, lookup};
use crate::{
    cli::Format,
    error::hinted,
    git::LoggedCommit,
    render::{Grid, write_json},
    store::{Kind, Tracker},
};
use anyhow::Result;
use serde_json::json;
use std::{io::Write, process::ExitCode};

/// The coaching log from git history: who did what, when.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only what concerns this person, project, vacuum or commitment ID.
    target: Option<String>,
    /// Show at most this many entries.
    #[arg(long, short = 'n')]
    limit: Option<usize>,
}

/// What a history query is about.
#[derive(Debug, Clone)]
enum Target {
    All,
    Person(String),
    Project(String),
    Vacuum(String),
    Commitment { person: String, stem: String },
}

fn resolve(tracker: &Tracker, input: &str) -> Result<Target> {
    for kind in [Kind::Person, Kind::Project, Kind::Vacuum] {
        if crate::model::validate_slug(crate::model::SlugKind::Person, input).is_ok()
            && tracker.abs(&Tracker::record_path(kind, input)).is_file()
        {
            return Ok(match kind {
                Kind::Person => Target::Person(input.to_owned()),
                Kind::Project => Target::Project(input.to_owned()),
                _ => Target::Vacuum(input.to_owned()),
            });
        }
    }
    match lookup::commitment(tracker, input) {
        Ok(found) => Ok(Target::Commitment {
            person: found.person,
            stem: found.stem,
        }),
        Err(_) => Err(hinted(
            format!("{input:?} is not a person, project, vacuum or commitment ID"),
            "try `mv person list`, `mv project list` or `mv table --by person`",
        )),
    }
}

/// The `Microvac-*` trailers of a message, as (key suffix, value).
fn trailers(message: &str) -> impl Iterator<Item = (&str, &str)> {
    message.lines().filter_map(|l| {
        let rest = l.strip_prefix("Microvac-")?;
        let (key, value) = rest.split_once(": ")?;
        Some((key, value.trim()))
    })
}

fn matches_trailers(target: &Target, message: &str) -> bool {
    trailers(message).any(|(key, value)| match target {
        Target::All => true,
        Target::Person(p) => (key == "Person" || key == "Buddy") && value == p,
        Target::Project(p) => key == "Project" && value == p,
        Target::Vacuum(v) => key == "Vacuum" && value == v,
        Target::Commitment { stem, .. } => key == "Commitment" && value == stem,
    })
}

fn matches_path(target: &Target, rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    let stem = parts
        .last()
        .and_then(|n| n.strip_suffix(".toml"))
        .unwrap_or_default();
    match (target, parts.as_slice()) {
        (Target::All, _) => true,
        (Target::Person(p), ["people", _]) => stem == p,
        (Target::Person(p), ["commitments", who, _]) => who == p,
        (Target::Person(p), ["conversations", _, _]) => stem.contains(&format!("-{p}-")),
        (Target::Project(p), ["projects", _]) => stem == p,
        (Target::Project(p), ["commitments", _, _]) => stem.contains(&format!("--{p}-")),
        (Target::Vacuum(v), ["vacuums", _]) => stem == v,
        (Target::Vacuum(v), ["commitments", _, _]) => stem.starts_with(&format!("{v}--")),
        (Target::Commitment { person, stem: s }, ["commitments", who, _]) => {
            who == person && stem == s
        }
        _ => false,
    }
}

pub fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let tracker = ctx.tracker()?;
    let target = match &args.target {
        Some(t) => resolve(&tracker, t)?,
        None => Target::All,
    };
    let prefix = tracker.prefix().to_owned();
    let strip = |p: &str| -> String {
        if prefix.is_empty() {
            p.to_owned()
        } else {
            p.strip_prefix(&format!("{prefix}/"))
                .unwrap_or(p)
                .to_owned()
        }
    };
    let mut hand_files: Vec<Vec<String>> = Vec::new();
    let mut limit = args.limit.unwrap_or(usize::MAX);
    let commits = tracker.repo.log(&prefix, |message, paths| {
        if limit == 0 {
            return false;
        }
        let keep = if trailers(message).any(|(k, _)| k == "Action") {
            matches!(target, Target::All) || matches_trailers(&target, message)
        } else {
            let touched: Vec<String> = paths().iter().map(|p| strip(p)).collect();
            let keep = !touched.is_empty() && touched.iter().any(|p| matches_path(&target, p));
            if keep {
                hand_files.push(touched);
            }
            keep
        };
        if keep {
            limit -= 1;
        }
        keep
    })?;
    let mut hand = hand_files.into_iter();
    let entries: Vec<Entry> = commits
        .into_iter()
        .map(|c| {
            let by_hand = !trailers(&c.message).any(|(k, _)| k == "Action");
            let files = if by_hand {
                hand.next().unwrap_or_default()
            } else {
                Vec::new()
            };
            Entry {
                commit: c,
                by_hand,
                files,
            }
        })
        .collect();
    match ctx.format {
        Format::Json => write_json(out, &entries.iter().map(Entry::json).collect::<Vec<_>>())?,
        format => {
            let mut grid = Grid::new(["DATE", "AUTHOR", "WHAT"]);
            for e in &entries {
                grid.push([e.date(), e.commit.author.clone(), e.what()]);
            }
            grid.write(out, format, ctx.table_style(false))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

struct Entry {
    commit: LoggedCommit,
    by_hand: bool,
    files: Vec<String>,
}

impl Entry {
    fn subject(&self) -> &str {
        self.commit.message.lines().next().unwrap_or_default()
    }

    fn date(&self) -> String {
        let ts = jiff::Timestamp::from_second(self.commit.seconds).unwrap_or_default();
        let offset = jiff::tz::Offset::from_seconds(self.commit.offset_minutes * 60)
            .unwrap_or(jiff::tz::Offset::UTC);
        ts.to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
            .date()
            .to_string()
    }

    fn what(&self) -> String {
        if self.by_hand {
            format!(
                "{} (edited by hand: {})",
                self.subject(),
                self.files.join(", ")
            )
        } else {
            self.subject().to_owned()
        }
    }

    fn json(&self) -> serde_json::Value {
        let get = |key: &str| {
            trailers(&self.commit.message)
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.to_owned())
        };
        json!({
            "commit": self.commit.id, "date": self.date(), "author": self.commit.author,
            "subject": self.subject(), "action": get("Action"), "person": get("Person"),
            "project": get("Project"), "vacuum": get("Vacuum"), "commitment": get("Commitment"),
            "by_hand": self.by_hand, "files": self.files,
        })
    }
}
