//! Writing: a [`Writer`] holds the clone's writer lock from the first read
//! of a record it will change to the one commit that records the change.
//! Starting one puts right what microvac itself left behind (a write a
//! kill interrupted, temporary files, index entries of tracker files that
//! no longer match HEAD) and says so.

use super::{
    Problem, RecordDoc, StoreError, Tracker,
    format::{self, Field, NewCommitment, NewConversation},
    layout, load,
};
use crate::{
    git::{Change, Committed, Identity, Transaction},
    model::{Action, Cadence, Commitment, Date, Fill, IdSource, Kind, new_suffix},
};
use std::collections::HashSet;

/// A change in the making: the files it writes, committed together.
pub struct Writer<'t> {
    tracker: &'t Tracker,
    tx: Transaction<'t>,
    changes: Vec<Change>,
    taken: Option<HashSet<String>>,
    notices: Vec<String>,
    /// For an undo or redo: the entry of the clone's undo stack it reverts.
    reverts: Option<usize>,
}

/// A record file open for a format-preserving edit (the edits:
/// [`super::format`]).
pub struct OpenRecord {
    rel: String,
    shown: String,
    /// The file's text as it is on disk.
    pub text: String,
    /// The document the edits go to.
    pub(super) doc: RecordDoc,
}

/// A commitment open for editing (the edits: [`super::format`]).
pub struct OpenCommitment {
    /// Its file.
    pub file: OpenRecord,
    /// As it reads now.
    pub commitment: Commitment,
    /// The tracker's check-in cadence, for a commitment that sets none.
    pub(super) default_every: Cadence,
}

impl Tracker {
    /// Starts a change: checks the identity first (so nothing is written
    /// without an author) and that HEAD is on a branch with no rebase or
    /// merge in progress, takes the writer lock, finishes or rolls back a
    /// write a kill interrupted, and restores the index entries of tracker
    /// files that no longer match HEAD ([`Writer::take_notices`] says what
    /// it did).
    pub fn begin(&self) -> Result<Writer<'_>, StoreError> {
        let tx = self.repo.begin()?;
        let mut notices: Vec<String> = tx.recovered().iter().map(|r| r.to_string()).collect();
        notices.extend(super::check::restored_notice(
            &tx.restore_in_step(&self.own_paths())?,
        ));
        Ok(Writer {
            tracker: self,
            tx,
            changes: Vec::new(),
            taken: None,
            notices,
            reverts: None,
        })
    }
}

impl OpenRecord {
    /// A record's text open for editing, as if read from `rel`.
    #[cfg(test)]
    pub(super) fn from_text(rel: &str, text: &str) -> OpenRecord {
        OpenRecord {
            rel: rel.to_owned(),
            shown: rel.to_owned(),
            text: text.to_owned(),
            doc: RecordDoc::parse(rel, text).unwrap_or_else(|p| panic!("{}", p.headline())),
        }
    }

    /// The file as the user sees it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Checks `text` as the loader will read a file of `kind`.
    pub fn validate(&self, kind: Kind, text: &str) -> Result<(), StoreError> {
        Ok(load::validate_named(kind, &self.shown, text)?)
    }
}

impl OpenCommitment {
    /// A commitment's text open for editing, as if read from `rel`.
    #[cfg(test)]
    pub(super) fn from_text(rel: &str, text: &str, default_every: Cadence) -> OpenCommitment {
        let commitment =
            load::parse_commitment(rel, rel, text).unwrap_or_else(|p| panic!("{}", p.headline()));
        OpenCommitment {
            file: OpenRecord::from_text(rel, text),
            commitment,
            default_every,
        }
    }

    /// Parses a new text of this commitment (an edit) as the loader would,
    /// held to what `mv check` holds the file to.
    pub fn reparse(&self, text: &str) -> Result<Commitment, StoreError> {
        Ok(load::validate_commitment(
            &self.file.rel,
            &self.file.shown,
            text,
        )?)
    }
}

impl<'t> Writer<'t> {
    /// What starting the change put right, one line each, to tell the
    /// user; taken once.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Who the commit will be by.
    pub fn identity(&self) -> &Identity {
        self.tx.identity()
    }

    fn open(&self, rel: String) -> Result<OpenRecord, StoreError> {
        let shown = self.tracker.shown(&rel);
        self.tx.ensure_clean(&shown)?;
        let text = self.tracker.read_text(&rel)?;
        let doc = RecordDoc::parse(&shown, &text)?;
        Ok(OpenRecord {
            rel,
            shown,
            text,
            doc,
        })
    }

    /// Opens a person, project or vacuum for editing; refuses when the user
    /// has uncommitted work on its file.
    pub fn open_record(&self, kind: Kind, name: &str) -> Result<OpenRecord, StoreError> {
        self.tracker.require(kind, name)?;
        self.open(layout::record_path(kind, name))
    }

    /// Opens the commitment an ID names for editing.
    pub fn open_commitment(&self, id: &str) -> Result<OpenCommitment, StoreError> {
        let found = self.tracker.find_commitment(id)?;
        let file = self.open(found.rel)?;
        let commitment = load::parse_commitment(&file.rel, &file.shown, &file.text)?;
        Ok(OpenCommitment {
            file,
            commitment,
            default_every: self.tracker.default_every(),
        })
    }

    /// Writes `text` as the new content of an opened record.
    pub fn save(&mut self, record: OpenRecord, text: String) {
        self.push(record.shown, Some(text));
    }

    /// Writes the opened record with the edits made to it.
    pub fn save_edited(&mut self, record: OpenRecord) {
        let text = record.edited();
        self.save(record, text);
    }

    /// Creates a person, project or vacuum from the team's template with
    /// `fields` set; refuses when one is there.
    pub fn create_named(
        &mut self,
        kind: Kind,
        name: &str,
        fields: &[Field],
    ) -> Result<(), StoreError> {
        crate::model::validate_slug(kind, name)?;
        let rel = layout::record_path(kind, name);
        let shown = self.tracker.shown(&rel);
        if self.tracker.root().join(&rel).exists() {
            return Err(StoreError::Exists {
                kind,
                name: name.to_owned(),
                path: shown,
            });
        }
        let doc = format::new_named(self.tracker.template(kind), fields);
        let text = format::new_record_text(kind, doc);
        load::validate_named(kind, &shown, &text)
            .map_err(|p: Problem| StoreError::Broken(vec![p]))?;
        self.put(&rel, text)
    }

    /// Adds a tracker-relative file to the change.
    pub(super) fn put(&mut self, rel: &str, text: String) -> Result<(), StoreError> {
        self.tracker.refuse_links(rel)?;
        let shown = self.tracker.shown(rel);
        self.tx.ensure_clean(&shown)?;
        self.push(shown, Some(text));
        Ok(())
    }

    fn push(&mut self, shown: String, text: Option<String>) {
        self.changes.push(Change {
            // Nothing in a tracker is a program: hooks/ is documentation.
            executable: false,
            path: shown,
            content: text.map(String::into_bytes),
        });
    }

    /// A fresh record suffix from who creates it, when, and what it is
    /// about, not in `taken`.
    fn fresh_suffix(&self, subject: &str, taken: &HashSet<String>) -> String {
        let nanos = crate::clock::timestamp().as_nanosecond();
        let author = &self.identity().email;
        (0..)
            .map(|attempt| {
                new_suffix(&IdSource {
                    author,
                    nanos,
                    subject,
                    attempt,
                })
            })
            .find(|s| !taken.contains(s))
            .unwrap_or_default()
    }

    /// Adds a new commitment's file, from the team's template, to the
    /// change; returns the [`Fill`] naming it.
    pub fn create_commitment(&mut self, new: &NewCommitment) -> Result<Fill, StoreError> {
        self.create_commitment_in(new, None)
    }

    fn create_commitment_in(
        &mut self,
        new: &NewCommitment,
        conversation: Option<&str>,
    ) -> Result<Fill, StoreError> {
        let mut taken = match self.taken.take() {
            Some(taken) => taken,
            None => self.tracker.taken_suffixes(),
        };
        let subject = format!("{} {} {}", new.person, new.vacuum, new.project);
        let suffix = self.fresh_suffix(&subject, &taken);
        taken.insert(suffix.clone());
        self.taken = Some(taken);
        let stem = format!("{}--{}-{suffix}", new.vacuum, new.project);
        let doc = format::new_commitment(
            self.tracker.template(Kind::Commitment),
            new,
            self.tracker.default_every(),
            conversation,
        );
        self.put(
            &layout::commitment_path(&new.person, &stem),
            format::new_record_text(Kind::Commitment, doc),
        )?;
        Ok(Fill {
            person: new.person.clone(),
            vacuum: new.vacuum.clone(),
            project: new.project.clone(),
            buddy: new.buddy.clone(),
            id: crate::model::CommitmentId::new(stem),
        })
    }

    /// Adds a conversation and the commitments made in it (`made`, each
    /// naming the conversation, which names them) to the change; returns
    /// the [`Fill`] of each commitment, in order.
    pub fn log_conversation(
        &mut self,
        conversation: &NewConversation,
        made: &[NewCommitment],
    ) -> Result<Vec<Fill>, StoreError> {
        let id = self.new_conversation_id(conversation.date, &conversation.person);
        let fills = made
            .iter()
            .map(|new| self.create_commitment_in(new, Some(&id)))
            .collect::<Result<Vec<Fill>, StoreError>>()?;
        let manager = match &conversation.manager {
            Some(manager) => manager.clone(),
            None => self.identity().name.clone(),
        };
        let ids: Vec<&str> = fills.iter().map(|f| f.id.stem()).collect();
        let doc = format::new_conversation(
            self.tracker.template(Kind::Conversation),
            conversation,
            &manager,
            &ids,
        );
        let text = format::new_record_text(Kind::Conversation, doc);
        self.put(&layout::conversation_path(&id), text)?;
        Ok(fills)
    }

    /// The ID of a new conversation with `person` on `date`, never one
    /// already used, even for a second 1:1 on the same day.
    fn new_conversation_id(&self, date: Date, person: &str) -> String {
        let prefix = format!("{date}-{person}-");
        let dir = layout::conversation_path(&prefix);
        let dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        let same_day: HashSet<String> = std::fs::read_dir(self.tracker.root().join(dir))
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
        let suffix = self.fresh_suffix(&format!("conversation {prefix}"), &same_day);
        format!("{prefix}{suffix}")
    }

    /// Records the change as one commit, and remembers it as this clone's
    /// newest microvac command (for `mv undo` and `mv redo`).
    pub fn commit(self, action: &Action) -> Result<Committed, StoreError> {
        let Writer {
            tracker,
            tx,
            changes,
            reverts,
            ..
        } = self;
        refuse_clear_private(&changes)?;
        let committed = tx.commit(&changes, &action.message())?;
        tracker.repo.remember_command(committed.id, reverts);
        Ok(committed)
    }

    /// Marks the change as the undo (or redo) of entry `index` of the
    /// clone's undo stack.
    pub(super) fn reverting(&mut self, index: usize) {
        self.reverts = Some(index);
    }

    /// Sets a tracker file back to `content` (`None`: deletes it), as
    /// `mv undo` does; refuses when the user has uncommitted work on it.
    pub(super) fn restore(&mut self, rel: &str, content: Option<String>) -> Result<(), StoreError> {
        let shown = self.tracker.shown(rel);
        self.tx.ensure_clean(&shown)?;
        self.push(shown, content);
        Ok(())
    }
}

/// The one gate every microvac commit passes: no file of the change may
/// hold a private note in the clear (what `mv check` flags), whoever put
/// it there (a flag, an editor, a template, a restore), so the note never
/// reaches a git object.
fn refuse_clear_private(changes: &[Change]) -> Result<(), StoreError> {
    for change in changes {
        let Some(bytes) = &change.content else {
            continue;
        };
        if !change.path.ends_with(".toml") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        if let Some(key) = crate::model::private::cleartext_private(&text) {
            return Err(StoreError::ClearPrivate {
                path: change.path.clone(),
                key,
            });
        }
    }
    Ok(())
}
