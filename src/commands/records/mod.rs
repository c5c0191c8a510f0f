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
use crate::model::Kind;
use anyhow::Result;
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
    },
    /// Show one.
    Show {
        /// Its handle or slug.
        slug: String,
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
        RecordCmd::List { all } => list::run(ctx, kind, all, out)?,
        RecordCmd::Show { slug } => show::run(ctx, kind, &slug, out)?,
    }
    Ok(ExitCode::SUCCESS)
}
