//! Who a commit is by: `GIT_AUTHOR_*` / `GIT_COMMITTER_*` when set, else
//! `user.name` / `user.email` from git config, as the `git` program does.

use super::GitError;

/// The author and committer of the commits microvac makes.
#[derive(Debug, Clone)]
pub struct Identity {
    pub name: String,
    pub email: String,
    author_time: Option<git2::Time>,
    committer: Option<(String, String)>,
    committer_time: Option<git2::Time>,
}

fn env(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty())
}

/// Adds the file `GIT_CONFIG_GLOBAL` names (libgit2 does not read the
/// variable) so the identity is the one the `git` program would use.
fn add_global_file(config: &mut git2::Config) {
    if let Some(path) = std::env::var_os("GIT_CONFIG_GLOBAL") {
        let path = std::path::PathBuf::from(path);
        if path != std::path::Path::new("/dev/null") && path.is_file() {
            let _ = config.add_file(&path, git2::ConfigLevel::Global, true);
        }
    }
}

impl Identity {
    pub(super) fn from_repo(repo: &git2::Repository) -> Result<Identity, GitError> {
        Self::from_config(repo.config().ok())
    }

    /// The identity outside any repository (global and system config).
    pub fn without_repo() -> Result<Identity, GitError> {
        Self::from_config(git2::Config::open_default().ok())
    }

    fn from_config(mut config: Option<git2::Config>) -> Result<Identity, GitError> {
        if let Some(config) = config.as_mut() {
            add_global_file(config);
        }
        let config = config.as_ref();
        let from_config = |key: &str| {
            config
                .and_then(|c| c.get_string(key).ok())
                .filter(|v| !v.trim().is_empty())
        };
        let name = env("GIT_AUTHOR_NAME").or_else(|| from_config("user.name"));
        let email = env("GIT_AUTHOR_EMAIL")
            .or_else(|| from_config("user.email"))
            .or_else(|| env("EMAIL"));
        let (Some(name), Some(email)) = (name, email) else {
            return Err(GitError::NoIdentity);
        };
        let committer = match (env("GIT_COMMITTER_NAME"), env("GIT_COMMITTER_EMAIL")) {
            (None, None) => None,
            (n, e) => Some((
                n.unwrap_or_else(|| name.clone()),
                e.unwrap_or_else(|| email.clone()),
            )),
        };
        Ok(Identity {
            author_time: env("GIT_AUTHOR_DATE").and_then(|d| parse_git_date(&d)),
            committer_time: env("GIT_COMMITTER_DATE").and_then(|d| parse_git_date(&d)),
            name,
            email,
            committer,
        })
    }

    pub(super) fn author(&self) -> Result<git2::Signature<'static>, git2::Error> {
        signature(&self.name, &self.email, self.author_time)
    }

    pub(super) fn committer(&self) -> Result<git2::Signature<'static>, git2::Error> {
        let (name, email) = self
            .committer
            .as_ref()
            .map_or((&self.name, &self.email), |(n, e)| (n, e));
        signature(name, email, self.committer_time)
    }
}

fn signature(
    name: &str,
    email: &str,
    time: Option<git2::Time>,
) -> Result<git2::Signature<'static>, git2::Error> {
    match time {
        Some(t) => git2::Signature::new(name, email, &t),
        None => git2::Signature::now(name, email),
    }
}

/// Parses the date formats git accepts in `GIT_AUTHOR_DATE`: its internal
/// `@1700000000 +0100` (or without `@`), and RFC 3339 / ISO 8601.
fn parse_git_date(text: &str) -> Option<git2::Time> {
    let text = text.trim();
    let raw = text.strip_prefix('@').unwrap_or(text);
    if let Some((secs, tz)) = raw.split_once(' ')
        && let (Ok(secs), Some(offset)) = (secs.parse::<i64>(), parse_offset(tz))
    {
        return Some(git2::Time::new(secs, offset));
    }
    if let Ok(secs) = raw.parse::<i64>() {
        return Some(git2::Time::new(secs, 0));
    }
    let normalised = text.replacen(' ', "T", 1);
    let ts: jiff::Timestamp = normalised.parse().ok()?;
    let offset = jiff::fmt::temporal::Pieces::parse(normalised.as_str())
        .ok()
        .and_then(|p| p.offset().map(|o| o.to_numeric_offset().seconds() / 60))
        .unwrap_or(0);
    Some(git2::Time::new(ts.as_second(), offset))
}

fn parse_offset(tz: &str) -> Option<i32> {
    let (sign, digits) = match tz.as_bytes().first()? {
        b'+' => (1, &tz[1..]),
        b'-' => (-1, &tz[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_git_internal_and_iso_dates() {
        let t = parse_git_date("@1764000000 +0100").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_764_000_000, 60));
        let t = parse_git_date("2026-11-23T10:00:00Z").unwrap();
        assert_eq!(t.seconds(), 1_795_428_000);
        let t = parse_git_date("2026-11-23 10:00:00+02:00").unwrap();
        assert_eq!(t.offset_minutes(), 120);
        assert!(parse_git_date("last tuesday").is_none());
    }
}
