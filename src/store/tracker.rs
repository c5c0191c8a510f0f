//! An opened tracker: finding it from any directory (the way cargo finds
//! `Cargo.toml`), starting one, and reading its records.

use super::{
    Loaded, Problem, RecordDoc, Source, StoreError, TRACKER_FILE, layout, links, load, scan,
    schema, templates,
};
use crate::{
    git::Repo,
    model::{Action, Commitment, Kind, Person, Settings, validate_slug},
};
use std::{
    cell::OnceCell,
    path::{Path, PathBuf},
};

/// Where [`Tracker::save_rejected`] kept a text.
pub struct Rejected {
    /// The file.
    pub path: PathBuf,
    /// Whether a private note was blotted out of it.
    pub blotted: bool,
}

impl Rejected {
    /// The line that tells the user where their text is.
    pub fn notice(&self, what: &str) -> String {
        let blotted = match self.blotted {
            true => " (its private note blotted out: it is never kept in the clear)",
            false => "",
        };
        format!("{what} is saved in {}{blotted}", self.path.display())
    }
}

/// An opened tracker: its repository and where its root is inside it.
pub struct Tracker {
    pub(super) repo: Repo,
    root: PathBuf,
    prefix: String,
    settings: OnceCell<Option<Settings>>,
}

/// What `mv init` found or did.
pub struct InitOutcome {
    /// The tracker.
    pub tracker: Tracker,
    /// Whether a new tracker was committed (else one was already there and
    /// only this clone's hooks were installed).
    pub created: bool,
    /// Whether `git init` ran first.
    pub git_init: bool,
    /// The commit that started it, when `created`.
    pub committed: Option<crate::git::Committed>,
    /// What installing the hooks wants the user to know.
    pub hooks: Vec<super::hooks::HookNotice>,
    /// The commit that added the merge driver's `.gitattributes` line to
    /// a tracker that lacked it.
    pub driver_commit: Option<crate::git::Committed>,
    /// The commit that wrote the editors' schemas missing from the tracker
    /// or older than this microvac's.
    pub schema_commit: Option<crate::git::Committed>,
    /// The schema files left alone because they hold changes of the user's.
    pub schemas_kept: Vec<String>,
    /// Whether the merge driver was newly named in this clone's config.
    pub driver_registered: bool,
    /// Whether the driver named before was one a shell could be made to
    /// run a file name with (now replaced).
    pub driver_was_unsafe: bool,
}

impl Tracker {
    /// Finds the tracker containing `start`: the nearest directory at or
    /// above it holding `microvac.toml`, within the work tree. From the
    /// work tree's root, a single tracker one level down (`mv init --dir`)
    /// is found too.
    pub fn find(start: &Path) -> Result<Tracker, StoreError> {
        let start = canonical(start)?;
        let repo = Repo::discover(&start)?;
        let mut dir = Some(start.as_path());
        while let Some(d) = dir {
            if d.join(TRACKER_FILE).is_file() {
                return Ok(Tracker::at(repo, d.to_path_buf()));
            }
            if d == repo.workdir() {
                break;
            }
            dir = d.parent();
        }
        if start == repo.workdir() {
            let nested: Vec<PathBuf> = std::fs::read_dir(&start)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.join(TRACKER_FILE).is_file())
                .collect();
            if let [only] = nested.as_slice() {
                return Ok(Tracker::at(repo, only.clone()));
            }
        }
        Err(StoreError::NoTracker { start })
    }

    /// `mv init PATH`: as [`Tracker::init`] in `path`, which is created
    /// (with its parents, as `mkdir -p` would) when missing, as a new
    /// repository of its own even inside another's work tree. Refused
    /// before anything is written (no author, say), it leaves no new
    /// directory behind; anything but a directory is refused.
    pub fn init_in(
        path: &Path,
        dir: Option<&Path>,
        team: Option<&str>,
    ) -> Result<InitOutcome, StoreError> {
        let io = |source| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        let created = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => false,
            Ok(_) => return Err(StoreError::NotADirectory(path.display().to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(path).map_err(io)?;
                true
            }
            Err(e) => return Err(io(e)),
        };
        Self::init(path, dir, team, created).inspect_err(|_| {
            if created {
                // Removes only an empty directory: never one holding anything.
                let _ = std::fs::remove_dir(path);
            }
        })
    }

    /// Starts a tracker in `cwd` (or `cwd/dir`), running `git init` first
    /// when `cwd` is not in a repository (or `new_repo` says `cwd` is a
    /// directory just made for it); in a clone of an existing tracker only
    /// installs this clone's hooks.
    pub fn init(
        cwd: &Path,
        dir: Option<&Path>,
        team: Option<&str>,
        new_repo: bool,
    ) -> Result<InitOutcome, StoreError> {
        if new_repo || Repo::discover(cwd).is_err() {
            // Nothing may be written without an author: check before `git init`.
            crate::git::Identity::without_repo()?;
        }
        let (repo, git_init) = if new_repo {
            (Repo::init(cwd)?, true)
        } else {
            Repo::discover_or_init(cwd)?
        };
        let root = match dir {
            Some(dir) => canonical(cwd)?.join(dir),
            None => repo.workdir().to_path_buf(),
        };
        if root.join(TRACKER_FILE).is_file() {
            let tracker = Tracker::at(repo, canonical(&root)?);
            let hooks = tracker.install_hooks()?;
            let driver_commit = tracker.commit_attributes()?;
            let (schema_commit, schemas_kept) = tracker.commit_schemas()?;
            let driver_was_unsafe = tracker.unsafe_driver().is_some();
            let driver_registered = tracker.register_merge_driver()?;
            return Ok(InitOutcome {
                tracker,
                created: false,
                git_init,
                committed: None,
                hooks,
                driver_commit,
                schema_commit,
                schemas_kept,
                driver_registered,
                driver_was_unsafe,
            });
        }
        repo.identity()?;
        let team = match team {
            Some(team) => team.to_owned(),
            None => root
                .file_name()
                .map(|n| crate::model::text::to_one_line(&n.to_string_lossy()))
                .unwrap_or_default(),
        };
        std::fs::create_dir_all(&root).map_err(|source| StoreError::Io {
            path: root.display().to_string(),
            source,
        })?;
        let tracker = Tracker::at(repo, canonical(&root)?);
        let mut writer = tracker.begin()?;
        for (rel, text) in templates::initial_files(&team)? {
            // Never overwrite: keep whatever is already there.
            if !tracker.root.join(&rel).exists() {
                writer.put(&rel, text)?;
            }
        }
        tracker.add_attributes(&mut writer)?;
        let committed = writer.commit(&Action::Init { team })?;
        let hooks = tracker.install_hooks()?;
        let driver_was_unsafe = tracker.unsafe_driver().is_some();
        let driver_registered = tracker.register_merge_driver()?;
        Ok(InitOutcome {
            tracker,
            created: true,
            git_init,
            committed: Some(committed),
            hooks,
            driver_commit: None,
            schema_commit: None,
            schemas_kept: Vec::new(),
            driver_registered,
            driver_was_unsafe,
        })
    }

    fn at(repo: Repo, root: PathBuf) -> Tracker {
        let prefix = repo.relative(&root).unwrap_or_default();
        Tracker {
            repo,
            root,
            prefix,
            settings: OnceCell::new(),
        }
    }

    /// The tracker's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The work tree's root.
    pub fn workdir(&self) -> &Path {
        self.repo.workdir()
    }

    /// The tracker root relative to the work tree (`""` at the root).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A tracker-relative path as the user sees it (relative to the work
    /// tree).
    pub fn shown(&self, rel: &str) -> String {
        shown_under(&self.prefix, rel)
    }

    /// The file of a person, project or vacuum, as the user sees it.
    pub fn shown_record(&self, kind: Kind, name: &str) -> String {
        self.shown(&layout::record_path(kind, name))
    }

    /// `microvac.toml`, read once; `None` when it does not load.
    pub fn settings(&self) -> Option<&Settings> {
        self.settings
            .get_or_init(|| {
                let text = links::read_to_string(&self.root, TRACKER_FILE).ok()?;
                load::parse_record(TRACKER_FILE, &text).ok()
            })
            .as_ref()
    }

    /// A setting of the user's own git config (this clone's, the global
    /// or the system one: never a file of the shared tracker).
    pub fn user_config(&self, key: &str) -> Option<String> {
        self.repo
            .config_string(key)
            .filter(|v| !v.trim().is_empty())
    }

    /// The git identity changes are recorded as.
    pub fn identity(&self) -> Result<crate::git::Identity, StoreError> {
        Ok(self.repo.identity()?)
    }

    /// `microvac.toml` as a plain table, for settings of other parts of
    /// microvac (such as `[private]`); `None` when it does not parse.
    pub fn settings_table(&self) -> Option<toml::Table> {
        self.read_settings_table().ok()
    }

    /// `microvac.toml` as a plain table, read as every tracker file is
    /// (never through a link), or what is wrong with it.
    pub fn read_settings_table(&self) -> Result<toml::Table, StoreError> {
        let text = self.read_text(TRACKER_FILE)?;
        text.parse::<toml::Table>().map_err(|e| {
            StoreError::from(
                Problem::new(self.shown(TRACKER_FILE), e.message().trim_end()).at(&text, e.span()),
            )
        })
    }

    /// The default check-in cadence (`checkin_every` in microvac.toml).
    pub fn default_every(&self) -> crate::model::Cadence {
        Settings::every(self.settings())
    }

    /// Loads the records of `kinds` from the work tree. Files that do not
    /// load are in `problems`; the rest load regardless.
    pub fn load(&self, kinds: &[Kind]) -> Loaded {
        let prefix = self.prefix.as_str();
        let show = |rel: &str| shown_under(prefix, rel);
        Loaded::load(&Source::WorkTree(self.root.clone()), kinds, &show, false)
    }

    /// The handles or slugs on record (file stems), sorted; no file is
    /// parsed.
    pub fn names(&self, kind: Kind) -> Vec<String> {
        scan::work_tree(&self.root, kind)
            .sorted()
            .records
            .iter()
            .map(|rel| layout::stem(rel).to_owned())
            .collect()
    }

    /// Checks that `name` is a valid handle or slug of a record on file.
    pub fn require(&self, kind: Kind, name: &str) -> Result<(), StoreError> {
        validate_slug(kind, name)?;
        let rel = layout::record_path(kind, name);
        self.refuse_links(&rel)?;
        if links::is_file(&self.root, &rel) {
            return Ok(());
        }
        let known = self.names(kind);
        // The did-you-mean says when the name it offers is archived, and
        // how to bring it back: only that record is looked at.
        let archived = match crate::model::closest(name, known.iter().map(String::as_str)) {
            Some(near) => {
                let records = self.load(&[kind]).records;
                let is_archived = match kind {
                    Kind::Person => records.people.get(near).is_some_and(|p| p.is_archived()),
                    Kind::Project => records.projects.get(near).is_some_and(|p| p.is_archived()),
                    Kind::Vacuum => records.vacuums.get(near).is_some_and(|v| v.is_archived()),
                    Kind::Commitment | Kind::Conversation => false,
                };
                if is_archived {
                    vec![near.to_owned()]
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        };
        Err(StoreError::Missing {
            kind,
            name: name.to_owned(),
            known,
            archived,
        })
    }

    /// A person on record, read from their file.
    pub fn person(&self, handle: &str) -> Result<Person, StoreError> {
        self.require(Kind::Person, handle)?;
        let rel = layout::record_path(Kind::Person, handle);
        let text = self.read_text(&rel)?;
        let person: Person = load::parse_record(&self.shown(&rel), &text)?;
        Ok(Person {
            handle: handle.to_owned(),
            ..person
        })
    }

    /// The commitments of one person that load (the rest are `mv check`'s
    /// job).
    pub fn commitments_of(&self, person: &str) -> Vec<Commitment> {
        self.commitment_files(Some(person))
            .into_iter()
            .filter_map(|rel| {
                let text = links::read_to_string(&self.root, &rel).ok()?;
                load::parse_commitment(&rel, &rel, &text).ok()
            })
            .collect()
    }

    /// Reads the commitment an ID names.
    pub fn commitment(&self, id: &str) -> Result<Commitment, StoreError> {
        let found = self.find_commitment(id)?;
        let text = self.read_text(&found.rel)?;
        Ok(load::parse_commitment(
            &found.rel,
            &self.shown(&found.rel),
            &text,
        )?)
    }

    /// A tracker file's text, for reading.
    pub(super) fn read_text(&self, rel: &str) -> Result<String, StoreError> {
        self.refuse_links(rel)?;
        let shown = self.shown(rel);
        let bytes = links::read(&self.root, rel).map_err(|source| StoreError::Io {
            path: shown.clone(),
            source,
        })?;
        Ok(super::decode(&shown, bytes)?)
    }

    /// Refuses a tracker-relative path that passes through a symbolic
    /// link: microvac never reads or writes through one.
    pub(super) fn refuse_links(&self, rel: &str) -> Result<(), StoreError> {
        match links::first_link(&self.root, rel) {
            Some(link) => Err(StoreError::Link {
                path: self.shown(&link),
            }),
            None => Ok(()),
        }
    }

    /// A new record of `kind` from the team's template when it has one that
    /// parses, else the shipped one.
    /// It starts with the `#:schema` line that points an editor at the
    /// schema of `kind`, from where the record lies.
    pub(super) fn template(&self, kind: Kind) -> RecordDoc {
        let rel = layout::template_path(templates::file_name(kind));
        let from = |text: &str| {
            let (header, rest) = schema::new_record_header(kind, &rel, text);
            RecordDoc::from_template(&rel, &rest)
                .ok()
                .map(|doc| doc.with_header(header))
        };
        links::read_to_string(&self.root, &rel)
            .ok()
            .and_then(|text| from(&text))
            .or_else(|| from(templates::builtin(kind)))
            .unwrap_or_else(RecordDoc::empty)
    }

    /// The editor template of `mv log`: the team's copy, or the shipped one.
    pub fn log_template(&self) -> String {
        links::read_to_string(&self.root, &layout::template_path("log.toml"))
            .unwrap_or_else(|_| templates::LOG.to_owned())
    }

    /// Keeps a copy of text the user wrote that could not be used, inside
    /// the repository's private directory, so nothing typed is lost;
    /// returns where it is, and whether a private note was blotted out of
    /// it: the value of every `private` key is, wherever it sits, so a
    /// note never lies in a file in the clear. The file is the user's own
    /// (mode 0600), and a link in its place is never followed.
    pub fn save_rejected(&self, name: &str, text: &str) -> Option<Rejected> {
        use std::{io::Write, os::unix::fs::OpenOptionsExt};
        let path = self
            .repo
            .git_dir()
            .join(format!("microvac-rejected-{name}"));
        let kept = crate::model::private::blot_private(text);
        let blotted = kept != text;
        // Not replaced in place: a file an older version left readable to
        // others, or a link, goes first.
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(_) => return None,
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .ok()?;
        file.write_all(kept.as_bytes()).ok()?;
        Some(Rejected { path, blotted })
    }

    /// A warning when a sparse checkout hides tracker files: records that
    /// are not in the work tree are not seen by any command.
    pub fn sparse_notice(&self) -> Option<String> {
        let hidden = self.repo.hidden_by_sparse_checkout(self.prefix());
        (hidden > 0).then(|| {
            format!(
                "the tracker is only partly checked out ({hidden} file{} hidden by sparse checkout), so records may be missing from what microvac shows; `git sparse-checkout disable` brings them back",
                if hidden == 1 { "" } else { "s" },
            )
        })
    }

    /// Turns a problem into the error that shows it.
    pub fn broken(problem: Problem) -> StoreError {
        StoreError::Broken(vec![problem])
    }
}

fn canonical(path: &Path) -> Result<PathBuf, StoreError> {
    path.canonicalize().map_err(|source| StoreError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// A tracker-relative path as the user sees it from `prefix` (the
/// tracker's folder relative to where they stand, empty at its top).
pub(super) fn shown_under(prefix: &str, rel: &str) -> String {
    if prefix.is_empty() {
        rel.to_owned()
    } else {
        format!("{prefix}/{rel}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_with_tracker(at: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        let root = dir.path().join(at);
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::write(
            root.join(TRACKER_FILE),
            "schema = 1\ncheckin_every = \"1w\"\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn find_walks_up_from_a_subdirectory() {
        let dir = repo_with_tracker("");
        let t = Tracker::find(&dir.path().join("sub/deeper")).unwrap();
        assert_eq!(t.root(), dir.path().canonicalize().unwrap());
        assert_eq!(t.prefix(), "");
        assert_eq!(t.default_every().to_string(), "1w");
    }

    #[test]
    fn find_sees_a_nested_tracker_from_the_work_tree_root() {
        let dir = repo_with_tracker("coaching");
        let t = Tracker::find(dir.path()).unwrap();
        assert_eq!(t.prefix(), "coaching");
        assert_eq!(t.shown("people/a.toml"), "coaching/people/a.toml");
    }

    #[test]
    fn find_says_when_there_is_none() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        assert!(matches!(
            Tracker::find(dir.path()),
            Err(StoreError::NoTracker { .. })
        ));
    }
}
