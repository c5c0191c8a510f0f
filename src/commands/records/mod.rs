//! `mv person|project|vacuum add|list|show|edit|archive`: the records the
//! coaching refers to. Each is one TOML file; each change is one commit.

mod add;
mod archive;
mod edit;
mod fields;
mod list;
mod show;

pub(crate) use fields::{PersonFields, ProjectFields, VacuumFields};

use super::Ctx;
use crate::error::Result;
use crate::{model::Kind, render::Format};
use fields::Fields;
use std::{io::Write, process::ExitCode};

/// The subcommands of one kind of record.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum RecordCmd<F: Fields> {
    /// Add one (a file and a commit).
    Add {
        /// Handle or slug: lowercase letters, digits and `-`.
        slug: String,
        #[command(flatten)]
        fields: F,
    },
    /// List them (archived ones with --all).
    List {
        /// Include archived ones.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(super::args::GRID))]
        format: Format,
    },
    /// Show one.
    Show {
        /// Its handle or slug.
        slug: String,
        /// Output format.
        #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = super::args::formats(super::args::TABLE_OR_JSON))]
        format: Format,
    },
    /// Change one: with flags for scripts, or in your editor without.
    Edit {
        /// Its handle or slug.
        slug: String,
        #[command(flatten)]
        fields: F,
    },
    /// Archive one: it stays on record but leaves lists and the table.
    Archive {
        /// Its handle or slug.
        slug: String,
    },
}

/// `mv person …`
pub(crate) type PersonCmd = RecordCmd<PersonFields>;
/// `mv project …`
pub(crate) type ProjectCmd = RecordCmd<ProjectFields>;
/// `mv vacuum …`
pub(crate) type VacuumCmd = RecordCmd<VacuumFields>;

/// The examples in the help of `mv KIND SUB` (one generic enum serves all
/// three kinds, so they are set here rather than in its doc comments).
pub(crate) fn examples(kind: &str, sub: &str) -> Option<&'static str> {
    Some(match (kind, sub) {
        ("person", "add") => {
            "Examples:\n  mv person add alice --name \"Alice Liddell\" --role senior\n  mv person add bob --role \"tech lead\" --manager alice"
        }
        ("project", "add") => {
            "Examples:\n  mv project add payments --needs sprint-planning,status-email\n  mv project add search --name \"Search\"     (needs every vacuum in the catalog)"
        }
        ("vacuum", "add") => {
            "Example:\n  mv vacuum add on-call-review --title \"On-call review\" --tip \"start from last week's pages\""
        }
        (kind, "list") => match kind {
            "person" => "Examples:\n  mv person list\n  mv person list --all --format json",
            "project" => "Examples:\n  mv project list\n  mv project list --all",
            _ => "Examples:\n  mv vacuum list\n  mv vacuum list --format markdown",
        },
        (kind, "show") => match kind {
            "person" => "Example:\n  mv person show alice",
            "project" => "Example:\n  mv project show payments --format json",
            _ => "Example:\n  mv vacuum show sprint-planning",
        },
        (kind, "edit") => match kind {
            "person" => {
                "Examples:\n  mv person edit alice --role staff\n  mv person edit alice     (on a terminal: opens your editor)"
            }
            "project" => {
                "Examples:\n  mv project edit payments --needs sprint-planning,status-email,roadmap\n  mv project edit payments     (on a terminal: opens your editor)"
            }
            _ => {
                "Examples:\n  mv vacuum edit retros --tip \"timebox it to 45 minutes\"\n  mv vacuum edit retros     (on a terminal: opens your editor)"
            }
        },
        (kind, "archive") => match kind {
            "person" => "Example:\n  mv person archive carol",
            "project" => "Example:\n  mv project archive payments",
            _ => "Example:\n  mv vacuum archive standup",
        },
        _ => return None,
    })
}

/// Runs one subcommand on records of `F::KIND`.
pub(crate) fn run<F: Fields>(
    ctx: &Ctx,
    cmd: RecordCmd<F>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let kind: Kind = F::KIND;
    match cmd {
        RecordCmd::Add { slug, fields } => add::run(ctx, kind, &slug, &fields)?,
        RecordCmd::Edit { slug, fields } => edit::run(ctx, kind, &slug, &fields)?,
        RecordCmd::Archive { slug } => archive::run(ctx, kind, &slug)?,
        RecordCmd::List { all, format } => list::run(ctx, kind, all, format, out)?,
        RecordCmd::Show { slug, format } => show::run(ctx, kind, &slug, format, out)?,
    }
    Ok(ExitCode::SUCCESS)
}
