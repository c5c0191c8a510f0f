//! Near misses: which known name a user probably meant.

/// The closest of `candidates` to `input`, if close enough to suggest.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(input, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3) || c.starts_with(input))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let known = ["sprint-planning", "status-email", "roadmap"];
        assert_eq!(closest("sprint-planing", known), Some("sprint-planning"));
        assert_eq!(closest("status", known), Some("status-email"));
        assert_eq!(closest("hiring", known), None);
    }
}
