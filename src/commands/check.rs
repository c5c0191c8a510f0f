//! `mv check`: validates every record file (TOML syntax, schema, values) and
//! every reference between records, reporting each problem with file, line,
//! column and a caret. `--staged` checks what is about to be committed
//! (the pre-commit hook uses it).

use super::Ctx;
use crate::{
    cli::Format,
    error::Problems,
    model::{COMFORT_RANGE, CommitmentStatus, RecordStatus},
    render::write_json,
    store::{Kind, Problem, Records, Source, Tracker},
};
use anyhow::Result;
use serde_json::json;
use std::{collections::BTreeMap, io::Write, process::ExitCode};
use toml::Spanned;

/// Validate every tracker file and every reference between records.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check the files as staged in the index (what `git commit` would
    /// record) instead of the work tree.
    #[arg(long)]
    staged: bool,
    /// Print nothing when there is no problem.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let format = ctx.table_or_json()?;
    let tracker = ctx.tracker()?;
    let source = if args.staged {
        staged_source(&tracker)?
    } else {
        Source::WorkTree(tracker.root().to_path_buf())
    };
    let (files, problems) = check(&tracker, &source);
    if format == Format::Json {
        let list: Vec<_> = problems
            .iter()
            .map(|p| {
                let (line, column) = p.line_col().unzip();
                json!({"file": p.file, "line": line, "column": column, "message": p.message})
            })
            .collect();
        write_json(out, &json!({"files": files, "problems": list}))?;
        return Ok(if problems.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    if !problems.is_empty() {
        return Err(Problems(problems).into());
    }
    if !args.quiet {
        writeln!(out, "checked {files} files: no problems")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The tracker's files as staged in the index.
fn staged_source(tracker: &Tracker) -> Result<Source> {
    let prefix = tracker.prefix();
    let files: BTreeMap<String, Vec<u8>> = tracker
        .repo
        .staged_paths(prefix)?
        .into_iter()
        .map(|(path, bytes)| {
            let rel = if prefix.is_empty() {
                path
            } else {
                path[prefix.len() + 1..].to_owned()
            };
            (rel, bytes)
        })
        .collect();
    Ok(Source::Snapshot(files))
}

/// Checks every file of `source`; returns how many files were read and
/// the problems found.
pub fn check(tracker: &Tracker, source: &Source) -> (usize, Vec<Problem>) {
    let show = |rel: &str| tracker.repo_path(rel);
    let records = Records::load(source, &Kind::ALL, &show, true);
    let files = records.files_read;
    let mut problems = records.problems.clone();
    References {
        records: &records,
        show: &show,
        problems: &mut problems,
    }
    .check_all();
    problems.sort_by(|a, b| {
        (&a.file, a.span.as_ref().map(|s| s.start))
            .cmp(&(&b.file, b.span.as_ref().map(|s| s.start)))
    });
    (files, problems)
}

struct References<'a> {
    records: &'a Records,
    show: &'a dyn Fn(&str) -> String,
    problems: &'a mut Vec<Problem>,
}

impl References<'_> {
    fn at(&mut self, rel: &str, span: std::ops::Range<usize>, message: String) {
        let text = self.records.texts.get(rel).map_or("", String::as_str);
        self.problems
            .push(Problem::new((self.show)(rel), message).at(text, Some(span)));
    }

    fn exists(&mut self, rel: &str, kind: Kind, value: &Spanned<String>) {
        let name = value.get_ref();
        let found = match kind {
            Kind::Person => self.records.people.contains_key(name),
            Kind::Project => self.records.projects.contains_key(name),
            _ => self.records.vacuums.contains_key(name),
        };
        if !found {
            let known: Vec<&str> = match kind {
                Kind::Person => self.records.people.keys().map(String::as_str).collect(),
                Kind::Project => self.records.projects.keys().map(String::as_str).collect(),
                _ => self.records.vacuums.keys().map(String::as_str).collect(),
            };
            let hint = super::lookup::closest(name, known)
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            self.at(
                rel,
                value.span(),
                format!("no {} named {name:?}{hint}", kind.noun()),
            );
        }
    }

    fn record_status(&mut self, rel: &str, status: &Option<Spanned<RecordStatus>>) {
        if let Some(s) = status
            && let RecordStatus::Unknown(v) = s.get_ref()
        {
            self.at(
                rel,
                s.span(),
                format!(
                    "unknown status {v:?}: expected one of {}",
                    RecordStatus::KNOWN.join(", ")
                ),
            );
        }
    }

    fn check_all(&mut self) {
        let r = self.records;
        for p in r.people.values() {
            let rel = format!("people/{}.toml", p.handle);
            self.record_status(&rel, &p.status);
            if let Some(m) = &p.manager
                && !m.get_ref().is_empty()
            {
                self.exists(&rel, Kind::Person, m);
            }
        }
        for p in r.projects.values() {
            let rel = format!("projects/{}.toml", p.slug);
            self.record_status(&rel, &p.status);
            for need in &p.needs {
                self.exists(&rel, Kind::Vacuum, need);
            }
        }
        for v in r.vacuums.values() {
            self.record_status(&format!("vacuums/{}.toml", v.slug), &v.status);
        }
        let commitment_ids: std::collections::HashSet<&str> =
            r.commitments.iter().map(|c| c.stem.as_str()).collect();
        let conversation_ids: std::collections::HashSet<&str> =
            r.conversations.iter().map(|c| c.id.as_str()).collect();
        for c in &r.commitments {
            let rel = c.file.clone();
            self.exists(&rel, Kind::Person, &c.person);
            self.exists(&rel, Kind::Vacuum, &c.vacuum);
            self.exists(&rel, Kind::Project, &c.project);
            if let Some(b) = &c.buddy
                && !b.get_ref().is_empty()
            {
                self.exists(&rel, Kind::Person, b);
                if b.get_ref() == c.person.get_ref() {
                    self.at(&rel, b.span(), "a buddy must be someone else".into());
                }
            }
            let dir = rel.split('/').nth(1).unwrap_or_default();
            if dir != c.person.get_ref() {
                self.at(
                    &rel,
                    c.person.span(),
                    format!(
                        "the file is under commitments/{dir}/ but names person {:?}",
                        c.person.get_ref()
                    ),
                );
            }
            if let CommitmentStatus::Unknown(v) = c.status() {
                self.at(
                    &rel,
                    c.status.span(),
                    format!(
                        "unknown status {v:?}: expected one of {}",
                        CommitmentStatus::KNOWN.join(", ")
                    ),
                );
            }
            if let Some(conv) = &c.conversation
                && !conv.get_ref().is_empty()
                && !conversation_ids.contains(conv.get_ref().as_str())
            {
                self.at(
                    &rel,
                    conv.span(),
                    format!("no conversation {:?}", conv.get_ref()),
                );
            }
            for checkin in &c.checkins {
                if let Some(comfort) = &checkin.comfort
                    && !COMFORT_RANGE.contains(comfort.get_ref())
                {
                    self.at(
                        &rel,
                        comfort.span(),
                        format!("comfort must be 1 to 5, not {}", comfort.get_ref()),
                    );
                }
            }
        }
        for conv in &r.conversations {
            let rel = conv.file.clone();
            self.exists(&rel, Kind::Person, &conv.person);
            for liked in &conv.liked {
                if let Some(v) = liked.get_ref().vacuum() {
                    let spanned = Spanned::new(liked.span(), v.to_owned());
                    self.exists(&rel, Kind::Vacuum, &spanned);
                }
            }
            for id in &conv.commitments {
                if !commitment_ids.contains(id.get_ref().as_str()) {
                    self.at(&rel, id.span(), format!("no commitment {:?}", id.get_ref()));
                }
            }
        }
    }
}
