//! Which vacuum someone meant by what they liked: "well-run sprint
//! planning" is sprint-planning, "senior leadership excited about it" is
//! the status email to senior leaders. Words of the text are compared
//! with the words of each vacuum's slug and title (Jaro-Winkler, so
//! "plan" meets "planning" and "leadership" meets "leaders").

use super::Vacuum;

/// Words that say nothing about which vacuum is meant.
const FILLER: &[&str] = &[
    "the", "and", "with", "was", "were", "about", "that", "this", "really", "well", "very", "for",
    "had", "has", "have", "its", "our", "their", "them", "they", "got", "into", "from",
];

/// How close two words must be to count as the same.
const SAME_WORD: f64 = 0.88;

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !FILLER.contains(w))
        .map(str::to_owned)
        .collect()
}

/// How well `text` names `vacuum`: the sum, over the text's words, of the
/// best likeness to one of the vacuum's words (0 when none is close).
pub fn score(text: &str, vacuum: &Vacuum) -> f64 {
    let own: Vec<String> = words(&format!(
        "{} {}",
        vacuum.slug.replace('-', " "),
        vacuum.title.as_deref().unwrap_or_default()
    ));
    words(text)
        .iter()
        .map(|w| {
            own.iter()
                .map(|o| strsim::jaro_winkler(w, o))
                .filter(|s| *s >= SAME_WORD)
                .fold(0.0, f64::max)
        })
        .sum()
}

/// The active vacuums, the best match for `text` first; those that match
/// not at all keep their catalog order after the others. The flag says
/// whether the vacuum matched at all.
pub fn rank_vacuums<'a>(
    text: &str,
    vacuums: impl IntoIterator<Item = &'a Vacuum>,
) -> Vec<(&'a Vacuum, bool)> {
    let mut scored: Vec<(&Vacuum, f64)> = vacuums
        .into_iter()
        .filter(|v| !v.is_archived())
        .map(|v| (v, score(text, v)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.into_iter().map(|(v, s)| (v, s > 0.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Vec<Vacuum> {
        [
            ("all-hands", "Presentation or demo at the all-hands"),
            (
                "project-plan",
                "Project plan with milestones and deliverables",
            ),
            ("retros", "Retrospectives"),
            ("sprint-planning", "Sprint planning"),
            ("stakeholder-demo", "Stakeholder demos"),
            ("status-email", "Weekly status email to senior leaders"),
        ]
        .into_iter()
        .map(|(slug, title)| Vacuum {
            slug: slug.into(),
            ..toml::from_str(&format!("title = {title:?}\n")).unwrap()
        })
        .collect()
    }

    fn best(text: &str) -> (String, bool) {
        let c = catalog();
        let ranked = rank_vacuums(text, &c);
        (ranked[0].0.slug.clone(), ranked[0].1)
    }

    #[test]
    fn what_they_liked_finds_its_vacuum() {
        for (text, slug) in [
            ("well-run sprint planning", "sprint-planning"),
            ("a clear plan with milestones", "project-plan"),
            ("senior leadership was excited about it", "status-email"),
            ("a demo at the all-hands", "all-hands"),
            ("Retros that changed things", "retros"),
        ] {
            assert_eq!(best(text), (slug.to_owned(), true), "{text}");
        }
    }

    #[test]
    fn nothing_close_keeps_the_catalog_order() {
        let c = catalog();
        let ranked = rank_vacuums("great coffee", &c);
        assert!(ranked.iter().all(|(_, matched)| !matched));
        assert_eq!(ranked[0].0.slug, "all-hands");
        assert_eq!(ranked.len(), 6);
    }
}
