//! The rules records follow, each written once: who may buddy, which
//! references must resolve, what a new commitment may not repeat. Commands
//! apply them before writing; `mv check` applies them to every file.

use super::{
    COMFORT_RANGE, Commitment, CommitmentStatus, Conversation, Date, Kind, Known, Person,
    RecordStatus, Records, closest, private::looks_sealed,
};
use std::ops::Range;
use toml::Spanned;

/// A rule a change would break, with what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// Someone named as their own buddy.
    #[error("{0} cannot be their own buddy")]
    OwnBuddy(String),
    /// A person, project or vacuum that is archived, named for new work.
    #[error("{role} {name} is archived")]
    Archived {
        /// What the record would be: "person", "buddy", "project", …
        role: &'static str,
        /// Its handle or slug.
        name: String,
    },
    /// The same person, vacuum and project already have an open commitment.
    #[error("{person} already fills {vacuum} on {project} (commitment {id})")]
    AlreadyFills {
        /// Who.
        person: String,
        /// Which vacuum.
        vacuum: String,
        /// On which project.
        project: String,
        /// The open commitment's short ID.
        id: String,
    },
    /// A date before the commitment started.
    #[error("{date} is before the commitment started ({started})")]
    BeforeStart {
        /// The date given.
        date: Date,
        /// When the commitment started.
        started: Date,
    },
}

impl RuleError {
    /// How to get past it.
    pub fn hint(&self) -> Option<String> {
        match self {
            RuleError::OwnBuddy(_) => {
                Some("a buddy is someone who has done it before, e.g. the tech lead".into())
            }
            RuleError::Archived { name, .. } => Some(format!(
                "pick someone active, or bring {name} back: set status = \"active\" in their file (`mv person edit {name}` opens it)"
            )),
            RuleError::AlreadyFills { id, .. } => {
                Some(format!("check in on it with `mv checkin {id} --note …`"))
            }
            RuleError::BeforeStart { .. } => None,
        }
    }
}

/// Checks that `buddy` may buddy `person`: someone else, and active.
pub fn check_buddy(person: &str, buddy: &Person) -> Result<(), RuleError> {
    if buddy.handle == person {
        return Err(RuleError::OwnBuddy(person.to_owned()));
    }
    check_active("buddy", buddy)
}

/// Checks that a person named for new work is active.
pub fn check_active(role: &'static str, person: &Person) -> Result<(), RuleError> {
    if person.is_archived() {
        return Err(RuleError::Archived {
            role,
            name: person.handle.clone(),
        });
    }
    Ok(())
}

/// Checks that `person` has no open commitment to `vacuum` on `project`.
pub fn check_not_filling(
    existing: &[Commitment],
    person: &str,
    vacuum: &str,
    project: &str,
) -> Result<(), RuleError> {
    match existing.iter().find(|c| {
        !c.status().is_ended()
            && c.person.get_ref() == person
            && c.vacuum.get_ref() == vacuum
            && c.project.get_ref() == project
    }) {
        Some(same) => Err(RuleError::AlreadyFills {
            person: person.to_owned(),
            vacuum: vacuum.to_owned(),
            project: project.to_owned(),
            id: same.id.short().to_owned(),
        }),
        None => Ok(()),
    }
}

/// Checks that a dated event on a commitment is not before its start.
pub fn check_not_before_start(c: &Commitment, date: Date) -> Result<(), RuleError> {
    if date < c.started {
        return Err(RuleError::BeforeStart {
            date,
            started: c.started,
        });
    }
    Ok(())
}

/// A rule a file on record breaks: where (tracker-relative file and byte
/// span) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The tracker-relative path of the file.
    pub file: String,
    /// The byte range of the offending value.
    pub span: Range<usize>,
    /// What is wrong, in words.
    pub message: String,
    /// Whether the value must not be shown (a private note in the clear):
    /// a report points at it without quoting it.
    pub secret: bool,
}

/// Every reference between `records` that does not resolve, every unknown
/// status and every value off its scale.
pub fn check_records(records: &Records, file_of: &dyn Fn(Kind, &str) -> String) -> Vec<Violation> {
    let mut v = Checker {
        records,
        known: records.known(),
        out: Vec::new(),
    };
    for p in records.people.values() {
        let file = file_of(Kind::Person, &p.handle);
        v.record_status(&file, &p.status);
        if let Some(m) = p.manager.as_ref().filter(|m| !m.get_ref().is_empty()) {
            v.exists(&file, Kind::Person, m);
        }
        for project in &p.projects {
            v.exists(&file, Kind::Project, project);
        }
    }
    for p in records.projects.values() {
        let file = file_of(Kind::Project, &p.slug);
        v.record_status(&file, &p.status);
        for need in &p.needs {
            v.exists(&file, Kind::Vacuum, need);
        }
    }
    for vac in records.vacuums.values() {
        v.record_status(&file_of(Kind::Vacuum, &vac.slug), &vac.status);
    }
    for c in &records.commitments {
        v.commitment(c);
    }
    for conv in &records.conversations {
        v.conversation_named_for(conv);
        v.exists(&conv.file, Kind::Person, &conv.person);
        v.private(&conv.file, &conv.private);
        for liked in &conv.liked {
            if let Some(vac) = liked.get_ref().vacuum() {
                v.exists(
                    &conv.file,
                    Kind::Vacuum,
                    &Spanned::new(liked.span(), vac.to_owned()),
                );
            }
        }
        for id in &conv.commitments {
            if !v.known.contains(Kind::Commitment, id.get_ref()) {
                v.at(
                    &conv.file,
                    id.span(),
                    format!("no commitment {:?}", id.get_ref()),
                );
            }
        }
        for felt in &conv.comfort_with {
            if !COMFORT_RANGE.contains(felt.comfort.get_ref()) {
                let message = format!("comfort must be 1 to 5, not {}", felt.comfort.get_ref());
                v.at(&conv.file, felt.comfort.span(), message);
            }
        }
    }
    v.out
}

/// How a private note written in the clear is flagged.
pub const CLEAR_PRIVATE: &str = "this private note is not encrypted";

struct Checker<'a> {
    records: &'a Records,
    known: Known<'a>,
    out: Vec<Violation>,
}

impl Checker<'_> {
    fn at(&mut self, file: &str, span: Range<usize>, message: String) {
        self.out.push(Violation {
            file: file.to_owned(),
            span,
            message,
            secret: false,
        });
    }

    /// A private note written in the clear: named, never quoted.
    fn private(&mut self, file: &str, note: &Option<Spanned<String>>) {
        if let Some(note) = note
            && !note.get_ref().trim().is_empty()
            && !looks_sealed(note.get_ref())
        {
            self.out.push(Violation {
                file: file.to_owned(),
                span: note.span(),
                message: format!("{CLEAR_PRIVATE}; remove it from the file and record it with --private, which seals it to the manager's key"),
                secret: true,
            });
        }
    }

    fn exists(&mut self, file: &str, kind: Kind, value: &Spanned<String>) {
        let name = value.get_ref();
        if self.known.contains(kind, name) {
            return;
        }
        let hint = closest(name, self.records.names(kind))
            .map(|n| format!(" (did you mean {n:?}?)"))
            .unwrap_or_default();
        self.at(
            file,
            value.span(),
            format!("no {kind} named {name:?}{hint}"),
        );
    }

    /// A commitment's file is named for its vacuum and project
    /// (`<vacuum>--<project>-<id>.toml`): a name that says otherwise
    /// misleads whoever looks for it.
    fn commitment_named_for(&mut self, c: &Commitment) {
        let (vacuum, project) = (c.vacuum.get_ref(), c.project.get_ref());
        let named = c.id.named_for();
        // `named == format!("{vacuum}--{project}")`, without writing it out
        // for each of thousands of commitments.
        let matches = named
            .strip_prefix(vacuum)
            .and_then(|rest| rest.strip_prefix("--"))
            == Some(project);
        if matches {
            return;
        }
        let span = match named.split_once("--") {
            Some((v, _)) if v == vacuum => c.project.span(),
            _ => c.vacuum.span(),
        };
        let message = format!(
            "the file is named {named}-… but holds vacuum {vacuum:?} on project {project:?}; a commitment's file is <vacuum>--<project>-<id>.toml"
        );
        self.at(&c.file, span, message);
    }

    /// A conversation's file is named for its date and person.
    fn conversation_named_for(&mut self, conv: &Conversation) {
        let expected = format!("{}-{}-", conv.date, conv.person.get_ref());
        if !conv.id.starts_with(&expected) {
            let message = format!(
                "the file is named {} but holds a conversation with {:?} on {}; a conversation's file is <date>-<person>-<id>.toml",
                conv.id,
                conv.person.get_ref(),
                conv.date
            );
            self.at(&conv.file, conv.person.span(), message);
        }
    }

    fn record_status(&mut self, file: &str, status: &Option<Spanned<RecordStatus>>) {
        if let Some(s) = status
            && let RecordStatus::Unknown(v) = s.get_ref()
        {
            let known = RecordStatus::KNOWN.join(", ");
            self.at(
                file,
                s.span(),
                format!("unknown status {v:?}: expected one of {known}"),
            );
        }
    }

    fn commitment(&mut self, c: &Commitment) {
        let file = c.file.as_str();
        self.exists(file, Kind::Person, &c.person);
        self.exists(file, Kind::Vacuum, &c.vacuum);
        self.exists(file, Kind::Project, &c.project);
        if let Some(b) = c.buddy.as_ref().filter(|b| !b.get_ref().is_empty()) {
            self.exists(file, Kind::Person, b);
            if b.get_ref() == c.person.get_ref() {
                self.at(file, b.span(), "a buddy must be someone else".into());
            }
        }
        self.commitment_named_for(c);
        let dir = file.split('/').nth(1).unwrap_or_default();
        if dir != c.person.get_ref() {
            let message = format!(
                "the file is under commitments/{dir}/ but names person {:?}",
                c.person.get_ref()
            );
            self.at(file, c.person.span(), message);
        }
        if let CommitmentStatus::Unknown(s) = c.status() {
            let known = CommitmentStatus::KNOWN.join(", ");
            self.at(
                file,
                c.status.span(),
                format!("unknown status {s:?}: expected one of {known}"),
            );
        }
        if let Some(conv) = c.conversation.as_ref().filter(|c| !c.get_ref().is_empty())
            && !self.known.contains(Kind::Conversation, conv.get_ref())
        {
            self.at(
                file,
                conv.span(),
                format!("no conversation {:?}", conv.get_ref()),
            );
        }
        for checkin in &c.checkins {
            self.private(file, &checkin.private);
        }
        for comfort in c.checkins.iter().filter_map(|k| k.comfort.as_ref()) {
            if !COMFORT_RANGE.contains(comfort.get_ref()) {
                let message = format!("comfort must be 1 to 5, not {}", comfort.get_ref());
                self.at(file, comfort.span(), message);
            }
        }
    }
}
