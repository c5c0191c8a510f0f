//! `mv list`: which commitments a filter selects, in the order a manager
//! reads them: open ones first, the next check-in first; then done, then
//! dropped ones, the latest first.

use super::{Cadence, Commitment, CommitmentStatus, Date, Records};
use std::cmp::Reverse;

/// Which commitments to list: each filter that is not empty must match.
#[derive(Debug, Default, Clone)]
pub struct CommitmentFilter {
    /// Only these people's (handles).
    pub people: Vec<String>,
    /// Only on these projects (slugs).
    pub projects: Vec<String>,
    /// Only of these vacuums (slugs).
    pub vacuums: Vec<String>,
    /// Only with this status.
    pub status: Option<CommitmentStatus>,
}

impl CommitmentFilter {
    /// Whether `c` passes the filter.
    pub fn matches(&self, c: &Commitment) -> bool {
        let among = |list: &[String], value: &String| list.is_empty() || list.contains(value);
        among(&self.people, c.person.get_ref())
            && among(&self.projects, c.project.get_ref())
            && among(&self.vacuums, c.vacuum.get_ref())
            && self.status.as_ref().is_none_or(|s| s == c.status())
    }
}

/// The commitments `filter` selects: active ones by their next check-in,
/// then done ones and dropped ones (and any of an unknown status), the
/// latest ended first; ties by person, vacuum and project.
pub fn select<'r>(records: &'r Records, filter: &CommitmentFilter) -> Vec<&'r Commitment> {
    let every: Cadence = records.default_every();
    let mut out: Vec<&Commitment> = records
        .commitments
        .iter()
        .filter(|c| filter.matches(c))
        .collect();
    let rank = |c: &Commitment| match c.status() {
        CommitmentStatus::Active => 0,
        CommitmentStatus::Done => 1,
        CommitmentStatus::Dropped => 2,
        CommitmentStatus::Unknown(_) => 3,
    };
    let when = |c: &Commitment| -> (Option<Date>, Reverse<Option<Date>>) {
        (c.due_on(every), Reverse(c.ended))
    };
    out.sort_by(|a, b| {
        (
            rank(a),
            when(a),
            a.person.get_ref(),
            a.vacuum.get_ref(),
            a.project.get_ref(),
        )
            .cmp(&(
                rank(b),
                when(b),
                b.person.get_ref(),
                b.vacuum.get_ref(),
                b.project.get_ref(),
            ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> Records {
        let mut r = Records::default();
        for (stem, person, status, extra) in [
            ("retros--web-aaaaaa", "bob", "done", "ended = 2026-11-01\n"),
            (
                "retros--app-bbbbbb",
                "alice",
                "active",
                "next_checkin = 2026-12-01\n",
            ),
            (
                "roadmap--web-cccccc",
                "alice",
                "active",
                "next_checkin = 2026-11-20\n",
            ),
            (
                "retros--api-dddddd",
                "alice",
                "dropped",
                "ended = 2026-11-05\n",
            ),
            (
                "retros--ios-eeeeee",
                "carol",
                "done",
                "ended = 2026-11-10\n",
            ),
        ] {
            let (vacuum, project) = stem.split_once("--").unwrap();
            let project = &project[..project.len() - 7];
            let text = format!(
                "person = \"{person}\"\nvacuum = \"{vacuum}\"\nproject = \"{project}\"\nstatus = \"{status}\"\nstarted = 2026-10-01\n{extra}"
            );
            let mut c: Commitment = toml::from_str(&text).unwrap();
            c.id = crate::model::CommitmentId::new(stem);
            r.commitments.push(c);
        }
        r
    }

    fn ids(list: &[&Commitment]) -> Vec<String> {
        list.iter().map(|c| c.id.short().to_owned()).collect()
    }

    #[test]
    fn open_ones_first_by_next_check_in_then_the_latest_ended() {
        let r = records();
        let all = select(&r, &CommitmentFilter::default());
        assert_eq!(
            ids(&all),
            ["cccccc", "bbbbbb", "eeeeee", "aaaaaa", "dddddd"]
        );
    }

    #[test]
    fn every_filter_given_must_match() {
        let r = records();
        let filter = CommitmentFilter {
            people: vec!["alice".into()],
            vacuums: vec!["retros".into()],
            ..CommitmentFilter::default()
        };
        assert_eq!(ids(&select(&r, &filter)), ["bbbbbb", "dddddd"]);
        let filter = CommitmentFilter {
            status: Some(CommitmentStatus::Done),
            projects: vec!["web".into(), "ios".into()],
            ..CommitmentFilter::default()
        };
        assert_eq!(ids(&select(&r, &filter)), ["eeeeee", "aaaaaa"]);
    }
}
