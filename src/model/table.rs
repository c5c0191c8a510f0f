//! Which vacuums `mv table` shows as columns: by default only those some
//! project on the table needs or someone on it fills, so a team that uses
//! three vacuums of a catalog of twelve sees three columns.

use super::{Commitment, Project, Vacuum};

/// The vacuums to show, in catalog order: every one of `catalog` with
/// `all`, else those that one of `projects` needs (a project that lists
/// no needs needs every vacuum) or one of `commitments` fills.
pub fn columns<'r>(
    catalog: &[&'r Vacuum],
    projects: &[&Project],
    commitments: &[&Commitment],
    all: bool,
) -> Vec<&'r str> {
    catalog
        .iter()
        .map(|v| v.slug.as_str())
        .filter(|slug| {
            all || projects.iter().any(|p| p.needs(slug))
                || commitments.iter().any(|c| c.vacuum.get_ref() == slug)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vacuum(slug: &str) -> Vacuum {
        let mut v: Vacuum = toml::from_str("").unwrap();
        v.slug = slug.into();
        v
    }

    fn project(needs: &str) -> Project {
        toml::from_str(&format!("needs = [{needs}]")).unwrap()
    }

    #[test]
    fn only_what_a_project_needs_or_someone_fills() {
        let catalog: Vec<Vacuum> = ["all-hands", "retros", "roadmap", "standup"]
            .into_iter()
            .map(vacuum)
            .collect();
        let catalog: Vec<&Vacuum> = catalog.iter().collect();
        let needs = project("\"retros\"");
        let filling: Commitment = toml::from_str(
            "person = \"a\"\nvacuum = \"standup\"\nproject = \"p\"\nstatus = \"active\"\nstarted = 2026-11-02\n",
        )
        .unwrap();
        assert_eq!(
            columns(&catalog, &[&needs], &[&filling], false),
            ["retros", "standup"]
        );
        assert_eq!(columns(&catalog, &[&needs], &[], true).len(), 4);
        let everything = project("");
        assert_eq!(columns(&catalog, &[&everything], &[], false).len(), 4);
        assert!(columns(&catalog, &[], &[], false).is_empty());
    }
}
