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

#[cfg(test)]
mod tests {
    use super::*;

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
