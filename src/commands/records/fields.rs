//! The fields a command line can set on a person, project or vacuum.

use crate::error::Result;
use crate::{
    error::user,
    model::{
        Kind,
        text::{check_one_line, check_prose},
    },
    store::{Field, Tracker},
};

/// The fields a command line can set on one kind of record.
pub(crate) trait Fields: clap::Args {
    /// The kind of record.
    const KIND: Kind;
    /// The fields to set, in file order, checked against the records.
    fn edits(&self, tracker: &Tracker) -> Result<Vec<Field>>;
}

/// A person's fields.
#[derive(Debug, clap::Args)]
pub(crate) struct PersonFields {
    /// Display name, e.g. "Alice Liddell".
    #[arg(long)]
    name: Option<String>,
    /// Role or level, e.g. senior, staff, tech lead.
    #[arg(long)]
    role: Option<String>,
    /// Handle of their manager (a person on record).
    #[arg(long)]
    manager: Option<String>,
    /// Their email address.
    #[arg(long)]
    email: Option<String>,
    /// The projects they work on (comma-separated slugs); without it,
    /// those of their commitments.
    #[arg(long = "project", value_name = "PROJECT", value_delimiter = ',', num_args = 1..)]
    projects: Option<Vec<String>>,
}

/// A project's fields.
#[derive(Debug, clap::Args)]
pub(crate) struct ProjectFields {
    /// Display name, e.g. "Payments platform".
    #[arg(long)]
    name: Option<String>,
    /// The vacuums this project needs (comma-separated slugs); none means all.
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    needs: Option<Vec<String>>,
}

/// A vacuum's fields.
#[derive(Debug, clap::Args)]
pub(crate) struct VacuumFields {
    /// Title, e.g. "Weekly status email to senior leaders".
    #[arg(long)]
    title: Option<String>,
    /// What a project looks like when nobody fills it.
    #[arg(long)]
    missing: Option<String>,
    /// A tip for the first reps (repeat for more).
    #[arg(long = "tip")]
    tips: Vec<String>,
}

/// A single-line text field: no newline or other control character, which
/// could break a table row or a commit message (the rule `mv check` holds
/// hand edits to: [`check_one_line`]).
fn text(v: &Option<String>, field: fn(String) -> Field, out: &mut Vec<Field>) -> Result<()> {
    if let Some(v) = v {
        let field = field(v.clone());
        if let Err(e) = check_one_line(v) {
            return Err(user(format!("--{} {e}", field.key())));
        }
        out.push(field);
    }
    Ok(())
}

/// A free-text field: several lines are fine, other control characters not
/// (the rule `mv check` holds hand edits to: [`check_prose`]).
fn prose(v: &Option<String>, field: fn(String) -> Field, out: &mut Vec<Field>) -> Result<()> {
    if let Some(v) = v {
        let field = field(v.clone());
        if let Err(e) = check_prose(v) {
            return Err(user(format!("--{} {e}", field.key())));
        }
        out.push(field);
    }
    Ok(())
}

impl Fields for PersonFields {
    const KIND: Kind = Kind::Person;
    fn edits(&self, tracker: &Tracker) -> Result<Vec<Field>> {
        let mut out = Vec::new();
        text(&self.name, Field::Name, &mut out)?;
        text(&self.role, Field::Role, &mut out)?;
        if let Some(m) = &self.manager {
            tracker.require(Kind::Person, m)?;
        }
        text(&self.manager, Field::Manager, &mut out)?;
        text(&self.email, Field::Email, &mut out)?;
        if let Some(projects) = &self.projects {
            for p in projects {
                tracker.require(Kind::Project, p)?;
            }
            out.push(Field::Projects(projects.clone()));
        }
        Ok(out)
    }
}

impl Fields for ProjectFields {
    const KIND: Kind = Kind::Project;
    fn edits(&self, tracker: &Tracker) -> Result<Vec<Field>> {
        let mut out = Vec::new();
        text(&self.name, Field::Name, &mut out)?;
        if let Some(needs) = &self.needs {
            for v in needs {
                tracker.require(Kind::Vacuum, v)?;
            }
            out.push(Field::Needs(needs.clone()));
        }
        Ok(out)
    }
}

impl Fields for VacuumFields {
    const KIND: Kind = Kind::Vacuum;
    fn edits(&self, _: &Tracker) -> Result<Vec<Field>> {
        let mut out = Vec::new();
        text(&self.title, Field::Title, &mut out)?;
        prose(&self.missing, Field::Missing, &mut out)?;
        if !self.tips.is_empty() {
            for tip in &self.tips {
                check_prose(tip).map_err(|e| user(format!("--tip {e}")))?;
            }
            out.push(Field::Tips(self.tips.clone()));
        }
        Ok(out)
    }
}
