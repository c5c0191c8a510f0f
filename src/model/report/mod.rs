//! What `mv report` says about a period: commitments started, reps,
//! commitments ended, conversations held and vacuums still vacant, gathered
//! from the records as plain data that `render::report` writes in every
//! format. Private notes never get here: the conversation summary has no
//! field for a conversation's notes or concerns.

mod view;

pub use view::{
    ConversationHeld, Ended, NewCommitment, PersonSummary, Rep, ReportView, VacantOnProject,
};

use super::{Commitment, CommitmentStatus, Conversation, Date, Records};
use std::collections::{BTreeMap, BTreeSet};

/// The period and scope of a report.
#[derive(Debug, Clone)]
pub struct Period<'a> {
    /// First day covered (inclusive).
    pub since: Date,
    /// Last day covered (inclusive).
    pub until: Date,
    /// Only this project (its commitments, the conversations that made
    /// them, its vacuums).
    pub project: Option<&'a str>,
}

/// A period that ends before it starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the period ends ({until}) before it starts ({since})")]
pub struct BackwardsPeriod {
    /// The first day asked for.
    pub since: Date,
    /// The last day asked for.
    pub until: Date,
}

impl<'a> Period<'a> {
    /// The period a report covers: seven days up to `until` (default
    /// today) unless `since` says where it starts.
    pub fn new(
        since: Option<Date>,
        until: Option<Date>,
        today: Date,
        project: Option<&'a str>,
    ) -> Result<Period<'a>, BackwardsPeriod> {
        let until = until.unwrap_or(today);
        let since = since.unwrap_or_else(|| until.saturating_sub(jiff::Span::new().days(6)));
        if since > until {
            return Err(BackwardsPeriod { since, until });
        }
        Ok(Period {
            since,
            until,
            project,
        })
    }

    fn covers(&self, date: Date) -> bool {
        self.since <= date && date <= self.until
    }

    fn wants(&self, c: &Commitment) -> bool {
        self.project.is_none_or(|p| c.project.get_ref() == p)
    }
}

/// Gathers what happened in `period` from `records` (people, projects,
/// vacuums, commitments and conversations loaded).
pub fn gather(records: &Records, period: &Period<'_>) -> ReportView {
    let commitments: Vec<&Commitment> = records
        .commitments
        .iter()
        .filter(|c| period.wants(c))
        .collect();
    let reps = reps(&commitments, period);
    ReportView {
        team: records
            .settings
            .as_ref()
            .and_then(|s| s.team.clone())
            .unwrap_or_default(),
        since: period.since,
        until: period.until,
        project: period.project.map(str::to_owned),
        new_commitments: new_commitments(&commitments, period),
        finished: ended(&commitments, period, &CommitmentStatus::Done),
        dropped: ended(&commitments, period, &CommitmentStatus::Dropped),
        conversations: conversations(records, &commitments, period),
        vacant: vacant(records, period),
        people: people(records, &reps),
        reps,
    }
}

fn new_commitments(commitments: &[&Commitment], period: &Period<'_>) -> Vec<NewCommitment> {
    let mut out: Vec<NewCommitment> = commitments
        .iter()
        .filter(|c| period.covers(c.started))
        .map(|c| NewCommitment {
            id: c.id.short().to_owned(),
            person: c.person.get_ref().clone(),
            vacuum: c.vacuum.get_ref().clone(),
            project: c.project.get_ref().clone(),
            buddy: c.buddy().map(str::to_owned),
            started: c.started,
        })
        .collect();
    out.sort_by(|a, b| (a.started, &a.person, &a.id).cmp(&(b.started, &b.person, &b.id)));
    out
}

/// Check-ins dated in the period, each numbered among all of its
/// commitment's check-ins by date.
fn reps(commitments: &[&Commitment], period: &Period<'_>) -> Vec<Rep> {
    let mut out = Vec::new();
    for c in commitments {
        let mut dates: Vec<_> = c.checkins.iter().enumerate().collect();
        dates.sort_by_key(|(i, k)| (k.date, *i));
        for (number, (_, checkin)) in dates.into_iter().enumerate() {
            if !period.covers(checkin.date) {
                continue;
            }
            out.push(Rep {
                commitment: c.id.short().to_owned(),
                person: c.person.get_ref().clone(),
                vacuum: c.vacuum.get_ref().clone(),
                project: c.project.get_ref().clone(),
                date: checkin.date,
                number: number + 1,
                comfort: checkin.comfort(),
                note: checkin.note.clone().filter(|n| !n.trim().is_empty()),
            });
        }
    }
    out.sort_by(|a, b| (a.date, &a.person).cmp(&(b.date, &b.person)));
    out
}

/// Commitments that ended with `status` in the period (one without an end
/// date cannot be placed in a period, so it is left out).
fn ended(
    commitments: &[&Commitment],
    period: &Period<'_>,
    status: &CommitmentStatus,
) -> Vec<Ended> {
    let mut out: Vec<Ended> = commitments
        .iter()
        .filter(|c| c.status() == status)
        .filter_map(|c| {
            let ended = c.ended.filter(|d| period.covers(*d))?;
            Some(Ended {
                id: c.id.short().to_owned(),
                person: c.person.get_ref().clone(),
                vacuum: c.vacuum.get_ref().clone(),
                project: c.project.get_ref().clone(),
                started: c.started,
                ended,
                reps: c.reps(),
                last_comfort: c.last_comfort(),
                why: c.why.clone().filter(|w| !w.trim().is_empty()),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.ended, &a.person, &a.id).cmp(&(b.ended, &b.person, &b.id)));
    out
}

/// Conversations held in the period; for one project, those that made a
/// commitment on it.
fn conversations(
    records: &Records,
    commitments: &[&Commitment],
    period: &Period<'_>,
) -> Vec<ConversationHeld> {
    let on_project: BTreeSet<&str> = commitments.iter().map(|c| c.id.stem()).collect();
    let made_one_here = |conv: &Conversation| {
        period.project.is_none()
            || conv
                .commitments
                .iter()
                .any(|id| on_project.contains(id.get_ref().as_str()))
    };
    let mut out: Vec<ConversationHeld> = records
        .conversations
        .iter()
        .filter(|conv| period.covers(conv.date) && made_one_here(conv))
        .map(|conv| ConversationHeld {
            id: conv.id.clone(),
            date: conv.date,
            person: conv.person.get_ref().clone(),
            manager: conv.manager.clone().filter(|m| !m.trim().is_empty()),
            exemplar: conv.exemplar.clone().filter(|e| !e.trim().is_empty()),
            commitments: conv.commitments.len(),
        })
        .collect();
    out.sort_by(|a, b| (a.date, &a.person, &a.id).cmp(&(b.date, &b.person, &b.id)));
    out
}

/// Per active project (or the one asked for), the vacuums it needs that no
/// active or done commitment fills: a done commitment still fills its
/// vacuum (the person now does the job), a dropped one leaves it vacant.
fn vacant(records: &Records, period: &Period<'_>) -> Vec<VacantOnProject> {
    let filled: BTreeSet<(&str, &str)> = records
        .commitments
        .iter()
        .filter(|c| {
            matches!(
                c.status(),
                CommitmentStatus::Active | CommitmentStatus::Done
            )
        })
        .map(|c| (c.project.get_ref().as_str(), c.vacuum.get_ref().as_str()))
        .collect();
    records
        .projects
        .values()
        .filter(|p| !p.is_archived() && period.project.is_none_or(|only| only == p.slug))
        .map(|p| {
            let needed: Vec<&str> = if p.needs.is_empty() {
                records
                    .vacuums
                    .values()
                    .filter(|v| !v.is_archived())
                    .map(|v| v.slug.as_str())
                    .collect()
            } else {
                p.needs.iter().map(|n| n.get_ref().as_str()).collect()
            };
            VacantOnProject {
                project: p.slug.clone(),
                vacuums: needed
                    .into_iter()
                    .filter(|v| !filled.contains(&(p.slug.as_str(), *v)))
                    .map(str::to_owned)
                    .collect(),
            }
        })
        .collect()
}

/// Per person with a rep in the period: how many and their comforts.
fn people(records: &Records, reps: &[Rep]) -> Vec<PersonSummary> {
    let mut by_person: BTreeMap<&str, (usize, Vec<i64>)> = BTreeMap::new();
    for rep in reps {
        let entry = by_person.entry(rep.person.as_str()).or_default();
        entry.0 += 1;
        entry.1.extend(rep.comfort);
    }
    by_person
        .into_iter()
        .map(|(person, (reps, comforts))| PersonSummary {
            person: person.to_owned(),
            name: records
                .people
                .get(person)
                .and_then(|p| p.name.clone())
                .filter(|n| !n.trim().is_empty()),
            reps,
            comforts,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// A team of two on payments and search, over two weeks of November.
    fn records() -> Records {
        let mut r = Records {
            settings: Some(toml::from_str("schema = 1\nteam = \"Payments\"\n").unwrap()),
            ..Records::default()
        };
        for (handle, text) in [("alice", "name = \"Alice Liddell\"\n"), ("bob", "")] {
            let mut p: super::super::Person = toml::from_str(text).unwrap();
            p.handle = handle.into();
            r.people.insert(handle.into(), p);
        }
        for (slug, needs) in [
            (
                "payments",
                "needs = [\"sprint-planning\", \"status-email\", \"roadmap\"]\n",
            ),
            ("search", "needs = [\"retros\"]\nstatus = \"archived\"\n"),
        ] {
            let mut p: super::super::Project = toml::from_str(needs).unwrap();
            p.slug = slug.into();
            r.projects.insert(slug.into(), p);
        }
        let commitment = |stem: &str, text: &str| {
            let mut c: Commitment = toml::from_str(text).unwrap();
            c.id = crate::model::CommitmentId::new(stem);
            c
        };
        r.commitments = vec![
            commitment(
                "sprint-planning--payments-aaaaaa",
                "person = \"alice\"\nvacuum = \"sprint-planning\"\nproject = \"payments\"\nstatus = \"done\"\nstarted = 2026-11-02\nended = 2026-11-20\nbuddy = \"bob\"\n\
                 [[checkin]]\ndate = 2026-11-19\ncomfort = 4\nnote = \"on her own\"\n\
                 [[checkin]]\ndate = 2026-11-09\ncomfort = 2\n",
            ),
            commitment(
                "status-email--payments-bbbbbb",
                "person = \"bob\"\nvacuum = \"status-email\"\nproject = \"payments\"\nstatus = \"dropped\"\nstarted = 2026-11-17\nended = 2026-11-23\nwhy = \"on call\"\n",
            ),
            commitment(
                "retros--search-cccccc",
                "person = \"bob\"\nvacuum = \"retros\"\nproject = \"search\"\nstatus = \"active\"\nstarted = 2026-11-18\n[[checkin]]\ndate = 2026-11-18\n",
            ),
        ];
        let mut conv: Conversation = toml::from_str(
            "date = 2026-11-17\nperson = \"bob\"\nmanager = \"Erin\"\nnotes = \"PRIVATE\"\nconcerns = [\"SECRET\"]\ncommitments = [\"status-email--payments-bbbbbb\"]\n",
        )
        .unwrap();
        conv.id = "2026-11-17-bob-x1".into();
        r.conversations.push(conv);
        r
    }

    fn week(project: Option<&str>) -> ReportView {
        gather(
            &records(),
            &Period {
                since: date(2026, 11, 17),
                until: date(2026, 11, 23),
                project,
            },
        )
    }

    #[test]
    fn the_default_period_is_the_seven_days_up_to_today() {
        let today = date(2026, 11, 23);
        let p = Period::new(None, None, today, None).unwrap();
        assert_eq!((p.since, p.until), (date(2026, 11, 17), today));
        let p = Period::new(Some(date(2026, 11, 1)), None, today, None).unwrap();
        assert_eq!((p.since, p.until), (date(2026, 11, 1), today));
        let p = Period::new(None, Some(date(2026, 11, 7)), today, None).unwrap();
        assert_eq!(p.since, date(2026, 11, 1));
        let err = Period::new(Some(today), Some(date(2026, 11, 1)), today, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the period ends (2026-11-01) before it starts (2026-11-23)"
        );
    }

    #[test]
    fn both_ends_of_the_period_are_included() {
        let view = week(None);
        assert_eq!(view.team, "Payments");
        let started: Vec<&str> = view.new_commitments.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(started, ["bbbbbb", "cccccc"]);
        assert_eq!(view.dropped.len(), 1, "ended on the last day");
        assert_eq!(view.dropped[0].why.as_deref(), Some("on call"));
        assert_eq!(view.finished[0].reps, 2);
        assert_eq!(view.finished[0].last_comfort, Some(4));
        assert_eq!(view.conversations.len(), 1, "held on the first day");
    }

    #[test]
    fn reps_are_numbered_by_date_over_the_whole_commitment() {
        let view = week(None);
        let reps: Vec<(&str, usize, Option<i64>)> = view
            .reps
            .iter()
            .map(|r| (r.person.as_str(), r.number, r.comfort))
            .collect();
        assert_eq!(reps, [("bob", 1, None), ("alice", 2, Some(4))]);
        let alice = &view.people[0];
        assert_eq!(
            (alice.label().as_str(), alice.reps),
            ("Alice Liddell (alice)", 1)
        );
        assert_eq!(alice.comforts, [4]);
        assert_eq!(view.people[1].label(), "bob");
    }

    #[test]
    fn vacant_is_what_no_active_or_done_commitment_fills_on_active_projects() {
        let view = week(None);
        assert_eq!(view.vacant.len(), 1, "search is archived");
        assert_eq!(view.vacant[0].vacuums, ["status-email", "roadmap"]);
    }

    #[test]
    fn one_project_keeps_its_own_commitments_and_conversations() {
        let view = week(Some("search"));
        assert_eq!(view.project.as_deref(), Some("search"));
        assert_eq!(view.new_commitments.len(), 1);
        assert!(view.finished.is_empty() && view.dropped.is_empty());
        assert!(
            view.conversations.is_empty(),
            "bob's 1:1 made a payments commitment"
        );
        assert_eq!(week(Some("payments")).conversations.len(), 1);
    }

    #[test]
    fn a_conversation_s_notes_and_concerns_never_get_in() {
        let json = serde_json::to_string(&week(None)).unwrap();
        assert!(
            !json.contains("PRIVATE") && !json.contains("SECRET"),
            "{json}"
        );
        assert!(json.contains("\"since\":\"2026-11-17\""), "{json}");
    }
}
