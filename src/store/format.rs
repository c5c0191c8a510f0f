//! The record format: the one place each kind of record's TOML keys are
//! spelled for writing, and the typed edits commands ask of the store (a
//! conversation logged, a check-in added, a commitment ended or reopened, a
//! field set). Every edit goes through [`RecordDoc`], so the comments, the
//! order of keys and the keys microvac does not know in a hand-edited file
//! survive it. (The loader reads the same keys through the serde structs of
//! `model::records`; a unit test below writes each key here and reads it
//! back there.)

use super::{OpenCommitment, OpenRecord, RecordDoc};
use crate::model::{
    Cadence, CommitmentStatus, Date, Kind, Liked, RecordStatus, toml_date, toml_timestamp,
};
use std::cmp::Reverse;
use toml_edit::{Array, InlineTable, Value};

/// A commitment about to be made.
#[derive(Debug, Clone)]
pub struct NewCommitment {
    /// Who fills the vacuum.
    pub person: String,
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    /// Who has done it before and does the first reps with them.
    pub buddy: Option<String>,
    /// How often to check in, when not the tracker's default.
    pub every: Option<Cadence>,
    /// When it starts.
    pub started: Date,
    /// When the first check-in is due, when not one cadence after the
    /// start.
    pub first_checkin: Option<Date>,
}

/// The keys of a person, project or vacuum file.
mod named {
    pub const NAME: &str = "name";
    pub const TITLE: &str = "title";
    pub const ROLE: &str = "role";
    pub const MANAGER: &str = "manager";
    pub const EMAIL: &str = "email";
    pub const PROJECTS: &str = "projects";
    pub const NEEDS: &str = "needs";
    pub const MISSING: &str = "missing";
    pub const TIPS: &str = "tips";
    pub const STATUS: &str = "status";
}

/// The keys of a commitment file.
pub(super) mod commitment {
    pub const PERSON: &str = "person";
    pub const VACUUM: &str = "vacuum";
    pub const PROJECT: &str = "project";
    pub const STATUS: &str = "status";
    pub const STARTED: &str = "started";
    pub const BUDDY: &str = "buddy";
    pub const BUDDY_UNTIL: &str = "buddy_until";
    pub const CHECKIN_EVERY: &str = "checkin_every";
    pub const NEXT_CHECKIN: &str = "next_checkin";
    pub const CONVERSATION: &str = "conversation";
    pub const ENDED: &str = "ended";
    pub const WHY: &str = "why";
    /// The array of tables of its reps.
    pub const CHECKIN: &str = "checkin";
}

/// The keys of one `[[checkin]]` of a commitment.
pub(super) mod checkin {
    pub const DATE: &str = "date";
    pub const NOTE: &str = "note";
    pub const COMFORT: &str = "comfort";
}

/// The keys of a conversation file.
mod conversation {
    pub const DATE: &str = "date";
    pub const PERSON: &str = "person";
    pub const MANAGER: &str = "manager";
    pub const EXEMPLAR: &str = "exemplar";
    pub const LIKED: &str = "liked";
    pub const CONCERNS: &str = "concerns";
    pub const CONCERNS_EASED: &str = "concerns_eased";
    pub const CONCERNS_CAME_TRUE: &str = "concerns_came_true";
    pub const FOLLOWS: &str = "follows";
    pub const COMFORT_WITH: &str = "comfort_with";
    pub const NOTES: &str = "notes";
    pub const COMMITMENTS: &str = "commitments";
    pub const NEXT: &str = "next";
    pub const LOGGED: &str = "logged";
}

/// The keys of an entry of a conversation's `liked`.
mod liked {
    pub const WHAT: &str = "what";
    pub const VACUUM: &str = "vacuum";
}

/// The keys of an entry of a conversation's `comfort_with`.
mod comfort_with {
    pub const VACUUM: &str = "vacuum";
    pub const PROJECT: &str = "project";
    pub const COMFORT: &str = "comfort";
}

/// The keys of a private note, wherever one sits (a record, a check-in).
pub(super) mod private {
    /// The sealed note.
    pub const PRIVATE: &str = "private";
    /// Whom it is sealed for.
    pub const PRIVATE_FOR: &str = "private_for";
}

/// A private note sealed for a manager, ready to be written.
#[derive(Debug, Clone)]
pub struct SealedNote {
    /// The armored age message.
    pub armor: String,
    /// Whom it is sealed for (a handle or an email).
    pub sealed_for: String,
}

impl SealedNote {
    fn who(&self) -> Array {
        let mut who = Array::new();
        who.push(self.sealed_for.as_str());
        who
    }
}

/// A field of a person, project or vacuum that a command sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A person's or project's display name.
    Name(String),
    /// A vacuum's title.
    Title(String),
    /// A person's role.
    Role(String),
    /// A person's manager (a handle).
    Manager(String),
    /// A person's email.
    Email(String),
    /// The projects a person works on.
    Projects(Vec<String>),
    /// The vacuums a project needs.
    Needs(Vec<String>),
    /// What is missing when nobody fills a vacuum.
    Missing(String),
    /// Tips for filling a vacuum.
    Tips(Vec<String>),
}

impl Field {
    /// Its key in the record's file (also what a commit message names).
    pub fn key(&self) -> &'static str {
        match self {
            Field::Name(_) => named::NAME,
            Field::Title(_) => named::TITLE,
            Field::Role(_) => named::ROLE,
            Field::Manager(_) => named::MANAGER,
            Field::Email(_) => named::EMAIL,
            Field::Projects(_) => named::PROJECTS,
            Field::Needs(_) => named::NEEDS,
            Field::Missing(_) => named::MISSING,
            Field::Tips(_) => named::TIPS,
        }
    }

    fn set(&self, doc: &mut RecordDoc) {
        let key = self.key();
        match self {
            Field::Name(t)
            | Field::Title(t)
            | Field::Role(t)
            | Field::Manager(t)
            | Field::Email(t)
            | Field::Missing(t) => doc.set_str(key, t),
            Field::Projects(l) | Field::Needs(l) | Field::Tips(l) => doc.set_strings(key, l),
        };
    }
}

/// A new person, project or vacuum: its template with `fields` set, and the
/// template's placeholders nobody filled in left out.
pub(super) fn new_named(mut doc: RecordDoc, fields: &[Field]) -> RecordDoc {
    for field in fields {
        field.set(&mut doc);
    }
    for key in [
        named::NAME,
        named::TITLE,
        named::ROLE,
        named::MANAGER,
        named::EMAIL,
        named::MISSING,
    ] {
        if doc.get_str(key) == Some("") {
            doc.remove(key);
        }
    }
    if doc.is_empty_array(named::PROJECTS) {
        doc.remove(named::PROJECTS);
    }
    doc
}

impl OpenRecord {
    /// Sets `fields` on the record, each where it is in the file.
    pub fn set_fields(&mut self, fields: &[Field]) {
        for field in fields {
            field.set(&mut self.doc);
        }
    }

    /// Whether the record is archived.
    pub fn is_archived(&self) -> bool {
        self.doc
            .get_str(named::STATUS)
            .is_some_and(|s| s == RecordStatus::Archived.as_str())
    }

    /// Archives the record: it stays on record, out of lists and tables.
    pub fn archive(&mut self) {
        self.doc
            .set_str(named::STATUS, RecordStatus::Archived.as_str());
    }

    /// The record's text with the edits made so far.
    pub fn edited(&self) -> String {
        self.doc.to_string()
    }
}

/// One rep of a commitment, as `mv checkin` or a follow-up records it.
#[derive(Debug, Clone, Copy)]
pub struct Rep<'a> {
    /// When it happened.
    pub date: Date,
    /// How it went.
    pub note: Option<&'a str>,
    /// How comfortable it felt, 1 to 5.
    pub comfort: Option<i64>,
    /// The manager's sealed note on it.
    pub private: Option<&'a SealedNote>,
}

impl OpenCommitment {
    /// Adds a rep at the end of the file, and moves the next check-in to
    /// one cadence after the latest rep.
    pub fn add_checkin(&mut self, rep: &Rep<'_>) {
        let mut entries: Vec<(&str, Value)> = vec![(checkin::DATE, toml_date(rep.date).into())];
        if let Some(note) = rep.note {
            entries.push((checkin::NOTE, note.into()));
        }
        if let Some(comfort) = rep.comfort {
            entries.push((checkin::COMFORT, comfort.into()));
        }
        if let Some(sealed) = rep.private {
            entries.push((private::PRIVATE_FOR, sealed.who().into()));
            entries.push((private::PRIVATE, sealed.armor.as_str().into()));
        }
        let c = &self.commitment;
        let latest = c.checkins.iter().map(|k| k.date).max().unwrap_or(rep.date);
        let next = c.every(self.default_every).after(rep.date.max(latest));
        let doc = &mut self.file.doc;
        doc.set_date(commitment::NEXT_CHECKIN, next);
        doc.push_table(commitment::CHECKIN, entries);
    }

    /// Ends the commitment (done or dropped) on `date`, with a closing
    /// word or reason (none removes an earlier one): no check-in is due.
    pub fn end(&mut self, status: CommitmentStatus, date: Date, why: Option<&str>) {
        self.mark_ended(status, date);
        self.file.doc.set_opt_str(commitment::WHY, why);
    }

    /// Marks the commitment done on `date`, as a follow-up does (a closing
    /// word written before is left as it is).
    pub fn mark_done(&mut self, date: Date) {
        self.mark_ended(CommitmentStatus::Done, date);
    }

    fn mark_ended(&mut self, status: CommitmentStatus, date: Date) {
        self.file
            .doc
            .set_str(commitment::STATUS, status.as_str())
            .set_date(commitment::ENDED, date)
            .remove(commitment::NEXT_CHECKIN);
    }

    /// The buddy's part ends on `date` (they no longer sit in on reps).
    pub fn end_buddy(&mut self, date: Date) {
        self.file.doc.set_date(commitment::BUDDY_UNTIL, date);
    }

    /// Takes an ended commitment up again on `today`: active, the end and
    /// its reason gone, the next check-in one cadence away.
    pub fn reopen(&mut self, today: Date) {
        let next = self.commitment.every(self.default_every).after(today);
        self.file
            .doc
            .set_str(commitment::STATUS, CommitmentStatus::Active.as_str())
            .remove(commitment::ENDED)
            .remove(commitment::WHY)
            .set_date(commitment::NEXT_CHECKIN, next);
    }

    /// Sets the buddy (`None` removes it).
    pub fn set_buddy(&mut self, buddy: Option<&str>) {
        self.file.doc.set_opt_str(commitment::BUDDY, buddy);
    }

    /// Sets how often to check in.
    pub fn set_checkin_every(&mut self, every: Cadence) {
        self.file
            .doc
            .set_str(commitment::CHECKIN_EVERY, &every.to_string());
    }

    /// Sets the date of the next check-in.
    pub fn set_next_checkin(&mut self, next: Date) {
        self.file.doc.set_date(commitment::NEXT_CHECKIN, next);
    }

    /// The commitment's text with the edits made so far.
    pub fn edited(&self) -> String {
        self.file.edited()
    }
}

/// A new commitment's record: its template with `new`'s values, made in
/// the conversation `conversation` (its ID) if any; a check-in is due one
/// cadence (`every` when it sets none) after the start, or on its first
/// check-in's date.
pub(super) fn new_commitment(
    mut doc: RecordDoc,
    new: &NewCommitment,
    every: Cadence,
    conversation: Option<&str>,
) -> RecordDoc {
    let every = new.every.unwrap_or(every);
    doc.set_str(commitment::PERSON, &new.person)
        .set_str(commitment::VACUUM, &new.vacuum)
        .set_str(commitment::PROJECT, &new.project)
        .set_str(commitment::STATUS, CommitmentStatus::Active.as_str())
        .set_date(commitment::STARTED, new.started)
        .set_opt_str(commitment::BUDDY, new.buddy.as_deref())
        .set_opt_str(
            commitment::CHECKIN_EVERY,
            new.every.map(|c| c.to_string()).as_deref(),
        )
        .set_date(
            commitment::NEXT_CHECKIN,
            new.first_checkin
                .unwrap_or_else(|| every.after(new.started)),
        )
        .set_opt_str(commitment::CONVERSATION, conversation);
    doc
}

/// How comfortable the engineer said they feel about one candidate vacuum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateFelt {
    /// Which vacuum.
    pub vacuum: String,
    /// On which project.
    pub project: String,
    /// 1 (very uncomfortable) to 5 (at ease).
    pub comfort: i64,
}

/// A coaching conversation about to be recorded (the commitments made in
/// it go beside it: [`super::Writer::log_conversation`]).
#[derive(Debug, Clone, Default)]
pub struct NewConversation {
    /// When it was held.
    pub date: Date,
    /// Who it was with.
    pub person: String,
    /// Who held it (`None`: the author's git name).
    pub manager: Option<String>,
    /// "The best run project you've ever seen."
    pub exemplar: Option<String>,
    /// What they liked about it.
    pub liked: Vec<Liked>,
    /// Worries raised.
    pub concerns: Vec<String>,
    /// In a follow-up: last time's worries that eased.
    pub concerns_eased: Vec<String>,
    /// In a follow-up: last time's worries that came true.
    pub concerns_came_true: Vec<String>,
    /// In a follow-up: the conversation it follows up (its ID).
    pub follows: Option<String>,
    /// How comfortable they feel about the candidate vacuums.
    pub comfort_with: Vec<CandidateFelt>,
    /// Free notes.
    pub notes: Option<String>,
    /// The next 1:1.
    pub next: Option<Date>,
    /// The manager's sealed note.
    pub private: Option<SealedNote>,
}

/// A new conversation's record: its template with `c`'s values, by
/// `manager`, naming the commitments made in it (their IDs).
pub(super) fn new_conversation(
    mut doc: RecordDoc,
    c: &NewConversation,
    manager: &str,
    commitments: &[&str],
) -> RecordDoc {
    let notes = c.notes.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let exemplar = c.exemplar.as_deref().filter(|s| !s.trim().is_empty());
    doc.set_date(conversation::DATE, c.date)
        .set_str(conversation::PERSON, &c.person)
        .set_str(conversation::MANAGER, manager)
        .set_opt_str(conversation::EXEMPLAR, exemplar)
        .set(conversation::LIKED, liked_array(&c.liked))
        .set_strings(conversation::CONCERNS, &c.concerns)
        .set_opt_str(conversation::NOTES, notes)
        .set_strings(conversation::COMMITMENTS, commitments);
    match c.next {
        Some(next) => doc.set_date(conversation::NEXT, next),
        None => doc.remove(conversation::NEXT),
    };
    // A follow-up's: what became of last time's worries, and which 1:1 it
    // follows up.
    for (key, worries) in [
        (conversation::CONCERNS_EASED, &c.concerns_eased),
        (conversation::CONCERNS_CAME_TRUE, &c.concerns_came_true),
    ] {
        if !worries.is_empty() {
            doc.set_strings(key, worries);
        }
    }
    let follows = c.follows.as_deref().filter(|s| !s.trim().is_empty());
    if follows.is_some() {
        doc.set_opt_str(conversation::FOLLOWS, follows);
    }
    // Orders two conversations of one day (`mv due` takes the latest).
    doc.set(
        conversation::LOGGED,
        toml_timestamp(crate::clock::timestamp()),
    );
    if !c.comfort_with.is_empty() {
        doc.set(conversation::COMFORT_WITH, comfort_array(&c.comfort_with));
    }
    if let Some(sealed) = &c.private {
        doc.set(private::PRIVATE_FOR, sealed.who());
        doc.set(private::PRIVATE, sealed.armor.as_str());
    }
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
                table.insert(liked::WHAT, what.as_str().into());
                table.insert(liked::VACUUM, v.as_str().into());
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

/// `comfort_with = [{ vacuum = "…", project = "…", comfort = 4 }]`, most
/// comfortable first.
fn comfort_array(felt: &[CandidateFelt]) -> Array {
    let mut sorted: Vec<&CandidateFelt> = felt.iter().collect();
    sorted.sort_by_key(|f| Reverse(f.comfort));
    let mut array = Array::new();
    for f in sorted {
        let mut entry = InlineTable::new();
        entry.insert(comfort_with::VACUUM, f.vacuum.as_str().into());
        entry.insert(comfort_with::PROJECT, f.project.as_str().into());
        entry.insert(comfort_with::COMFORT, f.comfort.into());
        array.push(entry);
    }
    array
}

/// The text of a new record of `kind`: every record microvac creates (a
/// person, project, vacuum, commitment or conversation) is rendered here,
/// the one place a line every new record starts with would go.
pub(super) fn new_record_text(_kind: Kind, doc: RecordDoc) -> String {
    doc.into_string()
}

/// Seals, in a text the user edited, every `private` field written in the
/// clear (not empty, not sealed already), wherever it sits: at the top, in
/// a `[[checkin]]`, in an inline table; `private_for` beside it says for
/// whom. `seal` seals one note. A text that does not parse is returned as
/// it is; so is one with nothing to seal.
pub fn seal_clear_notes<E>(
    text: &str,
    seal: &mut dyn FnMut(&str) -> Result<SealedNote, E>,
) -> Result<String, E> {
    let Ok(mut doc) = text.parse::<toml_edit::DocumentMut>() else {
        return Ok(text.to_owned());
    };
    let mut changed = false;
    seal_in_table(doc.as_table_mut(), seal, &mut changed)?;
    Ok(match changed {
        true => doc.to_string(),
        false => text.to_owned(),
    })
}

fn seal_in_table<E>(
    table: &mut dyn toml_edit::TableLike,
    seal: &mut dyn FnMut(&str) -> Result<SealedNote, E>,
    changed: &mut bool,
) -> Result<(), E> {
    for (_, item) in table.iter_mut() {
        match item {
            toml_edit::Item::Table(t) => seal_in_table(t, seal, changed)?,
            toml_edit::Item::ArrayOfTables(tables) => {
                for t in tables.iter_mut() {
                    seal_in_table(t, seal, changed)?;
                }
            }
            toml_edit::Item::Value(value) => seal_in_value(value, seal, changed)?,
            toml_edit::Item::None => {}
        }
    }
    let clear = table
        .get(private::PRIVATE)
        .and_then(toml_edit::Item::as_str)
        .filter(|note| !note.trim().is_empty() && !crate::model::private::looks_sealed(note))
        .map(|note| zeroize::Zeroizing::new(note.to_owned()));
    if let Some(note) = clear {
        let sealed = seal(note.trim())?;
        if let Some(toml_edit::Item::Value(old)) = table.get_mut(private::PRIVATE) {
            let decor = old.decor().clone();
            let mut armor = Value::from(sealed.armor.as_str());
            *armor.decor_mut() = decor;
            *old = armor;
        }
        let who = sealed.who();
        match table.get_mut(private::PRIVATE_FOR) {
            Some(toml_edit::Item::Value(old)) => {
                let decor = old.decor().clone();
                let mut who = Value::Array(who);
                *who.decor_mut() = decor;
                *old = who;
            }
            _ => {
                table.insert(
                    private::PRIVATE_FOR,
                    toml_edit::Item::Value(Value::Array(who)),
                );
            }
        }
        *changed = true;
    }
    Ok(())
}

fn seal_in_value<E>(
    value: &mut Value,
    seal: &mut dyn FnMut(&str) -> Result<SealedNote, E>,
    changed: &mut bool,
) -> Result<(), E> {
    match value {
        Value::InlineTable(t) => seal_in_table(t, seal, changed),
        Value::Array(items) => {
            for item in items.iter_mut() {
                seal_in_value(item, seal, changed)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    //! Each key spelled here is the key the loader reads: every typed edit
    //! is written from a shipped template and read back through the serde
    //! structs of `model::records`.

    use super::*;
    use crate::{
        model::{Commitment, Conversation, Person, Project, Vacuum},
        store::{load, templates},
    };
    use jiff::civil::date;

    const REL: &str = "commitments/alice/retros--payments-abc123.toml";

    fn template(kind: Kind) -> RecordDoc {
        RecordDoc::from_template("template.toml", templates::builtin(kind)).unwrap()
    }

    fn sealed() -> SealedNote {
        SealedNote {
            armor: "-----BEGIN AGE ENCRYPTED FILE-----\nx\n-----END AGE ENCRYPTED FILE-----\n"
                .into(),
            sealed_for: "erin".into(),
        }
    }

    fn read(text: &str) -> Commitment {
        load::parse_commitment(REL, REL, text)
            .unwrap_or_else(|p| panic!("{}: {text}", p.headline()))
    }

    #[test]
    fn a_commitment_reads_back_every_key_each_edit_writes() {
        let new = NewCommitment {
            person: "alice".into(),
            vacuum: "retros".into(),
            project: "payments".into(),
            buddy: Some("bob".into()),
            every: Some("1w".parse::<Cadence>().unwrap()),
            started: date(2026, 11, 2),
            first_checkin: Some(date(2026, 11, 5)),
        };
        let every = Cadence::DEFAULT;
        let doc = new_commitment(template(Kind::Commitment), &new, every, Some("conv-1"));
        let text = new_record_text(Kind::Commitment, doc);
        let c = read(&text);
        assert_eq!(
            (c.person.get_ref(), c.vacuum.get_ref(), c.project.get_ref()),
            (
                &"alice".to_owned(),
                &"retros".to_owned(),
                &"payments".to_owned()
            )
        );
        assert_eq!(c.status(), &CommitmentStatus::Active);
        assert_eq!(c.started, date(2026, 11, 2));
        assert_eq!(c.buddy(), Some("bob"));
        assert_eq!(
            c.checkin_every.map(|e| e.to_string()).as_deref(),
            Some("1w")
        );
        assert_eq!(c.next_checkin, Some(date(2026, 11, 5)));
        assert_eq!(
            c.conversation.as_ref().map(|s| s.get_ref().as_str()),
            Some("conv-1")
        );

        let mut opened = OpenCommitment::from_text(REL, &text, every);
        let note = sealed();
        opened.add_checkin(&Rep {
            date: date(2026, 11, 9),
            note: Some("ran it with bob"),
            comfort: Some(2),
            private: Some(&note),
        });
        opened.end_buddy(date(2026, 11, 9));
        let c = read(&opened.edited());
        let rep = &c.checkins[0];
        assert_eq!(rep.date, date(2026, 11, 9));
        assert_eq!(rep.note.as_deref(), Some("ran it with bob"));
        assert_eq!(rep.comfort(), Some(2));
        assert!(rep.private.is_some());
        assert_eq!(rep.private_for, ["erin"]);
        assert_eq!(c.next_checkin, Some(date(2026, 11, 16)));
        assert_eq!(c.buddy_until, Some(date(2026, 11, 9)));

        opened.end(CommitmentStatus::Dropped, date(2026, 11, 10), Some("reorg"));
        let c = read(&opened.edited());
        assert_eq!(c.status(), &CommitmentStatus::Dropped);
        assert_eq!(c.ended, Some(date(2026, 11, 10)));
        assert_eq!(c.why.as_deref(), Some("reorg"));
        assert_eq!(c.next_checkin, None);

        opened.reopen(date(2026, 11, 20));
        opened.set_buddy(None);
        opened.set_checkin_every("10d".parse::<Cadence>().unwrap());
        opened.set_next_checkin(date(2026, 11, 27));
        let c = read(&opened.edited());
        assert_eq!(c.status(), &CommitmentStatus::Active);
        assert_eq!((c.ended, c.why.as_deref(), c.buddy()), (None, None, None));
        assert_eq!(
            c.checkin_every.map(|e| e.to_string()).as_deref(),
            Some("10d")
        );
        assert_eq!(c.next_checkin, Some(date(2026, 11, 27)));

        opened.mark_done(date(2026, 11, 28));
        let c = read(&opened.edited());
        assert_eq!(c.status(), &CommitmentStatus::Done);
        assert_eq!(c.ended, Some(date(2026, 11, 28)));
    }

    #[test]
    fn a_conversation_reads_back_every_key_it_is_written_with() {
        let c = NewConversation {
            date: date(2026, 11, 23),
            person: "alice".into(),
            manager: None,
            exemplar: Some("Foo".into()),
            liked: vec![
                Liked::Text("demos".into()),
                Liked::Mapped {
                    what: "clear plan".into(),
                    vacuum: Some("project-plan".into()),
                },
            ],
            concerns: vec!["slow at first".into()],
            concerns_eased: vec!["no time".into()],
            concerns_came_true: vec!["nerves".into()],
            follows: Some("2026-11-09-alice-abc123".into()),
            comfort_with: vec![
                CandidateFelt {
                    vacuum: "retros".into(),
                    project: "payments".into(),
                    comfort: 2,
                },
                CandidateFelt {
                    vacuum: "standup".into(),
                    project: "payments".into(),
                    comfort: 4,
                },
            ],
            notes: Some(" keen ".into()),
            next: Some(date(2026, 12, 7)),
            private: Some(sealed()),
        };
        let doc = new_conversation(template(Kind::Conversation), &c, "erin", &["x-1"]);
        let text = new_record_text(Kind::Conversation, doc);
        let read: Conversation = load::parse_record("c.toml", &text).unwrap();
        assert_eq!(read.date, date(2026, 11, 23));
        assert_eq!(read.person.get_ref(), "alice");
        assert_eq!(read.manager.as_deref(), Some("erin"));
        assert_eq!(read.exemplar.as_deref(), Some("Foo"));
        assert_eq!(read.liked.len(), 2);
        assert_eq!(read.liked[1].get_ref().vacuum(), Some("project-plan"));
        assert_eq!(read.concerns, ["slow at first"]);
        assert_eq!(read.concerns_eased, ["no time"]);
        assert_eq!(read.concerns_came_true, ["nerves"]);
        assert_eq!(read.follows.as_deref(), Some("2026-11-09-alice-abc123"));
        let felt: Vec<(&str, i64)> = read
            .comfort_with
            .iter()
            .map(|f| (f.vacuum.as_str(), *f.comfort.get_ref()))
            .collect();
        assert_eq!(felt, [("standup", 4), ("retros", 2)]);
        assert_eq!(read.notes.as_deref(), Some("keen"));
        let ids: Vec<&str> = read
            .commitments
            .iter()
            .map(|s| s.get_ref().as_str())
            .collect();
        assert_eq!(ids, ["x-1"]);
        assert_eq!(read.next, Some(date(2026, 12, 7)));
        assert!(read.logged.is_some());
        assert!(read.private.is_some());
        assert_eq!(read.private_for, ["erin"]);
    }

    #[test]
    fn people_projects_and_vacuums_read_back_every_field() {
        let person = new_named(
            template(Kind::Person),
            &[
                Field::Name("Alice".into()),
                Field::Role("senior".into()),
                Field::Manager("erin".into()),
                Field::Email("a@x.org".into()),
                Field::Projects(vec!["payments".into()]),
            ],
        );
        let p: Person = load::parse_record("p.toml", &person.to_string()).unwrap();
        assert_eq!(p.name.as_deref(), Some("Alice"));
        assert_eq!(p.role.as_deref(), Some("senior"));
        assert_eq!(p.manager.map(|m| m.into_inner()).as_deref(), Some("erin"));
        assert_eq!(p.email.as_deref(), Some("a@x.org"));
        assert_eq!(p.projects.len(), 1);

        let project = new_named(
            template(Kind::Project),
            &[
                Field::Name("Payments".into()),
                Field::Needs(vec!["retros".into()]),
            ],
        );
        let p: Project = load::parse_record("p.toml", &project.to_string()).unwrap();
        assert_eq!(p.name.as_deref(), Some("Payments"));
        assert_eq!(p.needs.len(), 1);

        let vacuum = new_named(
            template(Kind::Vacuum),
            &[
                Field::Title("Retros".into()),
                Field::Missing("nobody looks back".into()),
                Field::Tips(vec!["timebox it".into()]),
            ],
        );
        let mut open = OpenRecord::from_text("v.toml", &vacuum.to_string());
        open.archive();
        assert!(open.is_archived());
        let v: Vacuum = load::parse_record("v.toml", &open.edited()).unwrap();
        assert_eq!(v.title.as_deref(), Some("Retros"));
        assert_eq!(v.missing.as_deref(), Some("nobody looks back"));
        assert_eq!(v.tips, ["timebox it"]);
        assert!(v.is_archived());
    }

    #[test]
    fn a_template_placeholder_nobody_filled_is_left_out() {
        let text = new_named(template(Kind::Person), &[Field::Role("staff".into())]).to_string();
        let table: toml::Table = toml::from_str(&text).unwrap();
        assert!(!table.contains_key(named::NAME), "{text}");
        assert!(!table.contains_key(named::PROJECTS), "{text}");
        assert_eq!(table[named::ROLE].as_str(), Some("staff"));
    }

    #[test]
    fn a_note_typed_in_the_clear_is_sealed_where_it_is_with_its_comment() {
        let text = "a = 1\nprivate = \"she may leave\" # mine\n\n[[checkin]]\ndate = 2026-11-09\nprivate = \"\"\n";
        let mut seen = Vec::new();
        let out = seal_clear_notes(text, &mut |note: &str| -> Result<SealedNote, ()> {
            seen.push(note.to_owned());
            Ok(sealed())
        })
        .unwrap();
        assert_eq!(seen, ["she may leave"]);
        assert!(!out.contains("she may leave"), "{out}");
        assert!(
            out.contains("\"\"\" # mine\nprivate_for = [\"erin\"]"),
            "{out}"
        );
        assert!(
            out.ends_with("[[checkin]]\ndate = 2026-11-09\nprivate = \"\"\n"),
            "{out}"
        );
        let untouched = "a = 1\n";
        let out = seal_clear_notes(untouched, &mut |_: &str| -> Result<SealedNote, ()> {
            Err(())
        });
        assert_eq!(out.as_deref(), Ok(untouched));
    }
}
