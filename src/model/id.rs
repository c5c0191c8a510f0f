//! Record suffixes: the short code that makes a record's file name unique
//! even when two clones create a record for the same person on the same day,
//! offline. It is derived from who creates the record, when (to the
//! nanosecond) and what it is about, so two managers never produce the same
//! name, and it is easy to type: lowercase Crockford base32, no `i l o u`.

/// The ingredients of a new suffix.
pub struct IdSource<'a> {
    /// The creator's git identity (email), which differs between managers.
    pub author: &'a str,
    /// Nanoseconds since the epoch when the record was created.
    pub nanos: i128,
    /// What the record is about, e.g. `alice sprint-planning payments`.
    pub subject: &'a str,
    /// Bumped when the first candidate is already taken in this clone.
    pub attempt: u32,
}

/// Length of a suffix: 30 bits, so a clash between clones needs the same
/// person, vacuum and project and a one-in-a-billion draw.
pub const SUFFIX_LEN: usize = 6;

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Makes the suffix for a new record.
pub fn new_suffix(src: &IdSource<'_>) -> String {
    // FNV-1a, then a final avalanche (splitmix64), over the ingredients.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    feed(src.author.as_bytes());
    feed(&src.nanos.to_le_bytes());
    feed(src.subject.as_bytes());
    feed(&src.attempt.to_le_bytes());
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (0..SUFFIX_LEN)
        .map(|i| ALPHABET[((z >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// The short ID of a record whose file stem ends in a suffix (a commitment,
/// a conversation): what follows the stem's last `-`. The one place that
/// says so.
pub fn short_of(stem: &str) -> &str {
    stem.rsplit('-').next().unwrap_or(stem)
}

/// Which commitment: its file stem (`sprint-planning--payments-k3f9xq`),
/// which is what the `Microvac-Commitment` trailer names and what stays
/// unique across clones. People see and type the short ID, its last six
/// characters ([`CommitmentId::short`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitmentId(String);

impl CommitmentId {
    /// The commitment whose file stem is `stem`.
    pub fn new(stem: impl Into<String>) -> Self {
        Self(stem.into())
    }

    /// The file stem, as trailers and file names hold it.
    pub fn stem(&self) -> &str {
        &self.0
    }

    /// The short ID a user types (`k3f9xq`).
    pub fn short(&self) -> &str {
        short_of(&self.0)
    }

    /// What the stem says before the short ID: `<vacuum>--<project>`.
    pub fn named_for(&self) -> &str {
        self.0.rsplit_once('-').map_or("", |(name, _)| name)
    }
}

impl std::fmt::Display for CommitmentId {
    /// The full stem (what a trailer holds); [`CommitmentId::short`] is
    /// what tables and hints show.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commitment_id_is_its_stem_and_shows_its_suffix() {
        let id = CommitmentId::new("sprint-planning--payments-k3f9xq");
        assert_eq!(id.short(), "k3f9xq");
        assert_eq!(id.stem(), "sprint-planning--payments-k3f9xq");
        assert_eq!(id.named_for(), "sprint-planning--payments");
        assert_eq!(id.to_string(), "sprint-planning--payments-k3f9xq");
        assert_eq!(short_of("2026-11-23-alice-abc123"), "abc123");
    }

    fn src(author: &str, attempt: u32) -> IdSource<'_> {
        IdSource {
            author,
            nanos: 1_764_000_000_000_000_000,
            subject: "alice sprint-planning payments",
            attempt,
        }
    }

    #[test]
    fn stable_for_the_same_ingredients() {
        assert_eq!(new_suffix(&src("a@x", 0)), new_suffix(&src("a@x", 0)));
        assert_eq!(new_suffix(&src("a@x", 0)).len(), SUFFIX_LEN);
    }

    #[test]
    fn differs_between_managers_and_attempts() {
        let a = new_suffix(&src("a@x", 0));
        assert_ne!(a, new_suffix(&src("b@x", 0)));
        assert_ne!(a, new_suffix(&src("a@x", 1)));
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)));
    }
}
