//! Settings in the clone's own git config (`.git/config`), which is never
//! shared with the other clones: what `mv init` sets up per clone.

use super::{GitContext, GitError, Repo};

impl Repo {
    /// Sets `key` to `value` in this clone's config (the repository level,
    /// not the user's global config). Returns whether anything changed.
    pub fn set_local_config(&self, key: &str, value: &str) -> Result<bool, GitError> {
        let mut local = self
            .repo
            .config()
            .and_then(|c| c.open_level(git2::ConfigLevel::Local))
            .ctx(|| "could not open this clone's git config".into())?;
        if local.get_string(key).ok().as_deref() == Some(value) {
            return Ok(false);
        }
        local
            .set_str(key, value)
            .ctx(|| format!("could not set {key} in this clone's git config"))?;
        Ok(true)
    }

    /// Reads `key` from this clone's own config only.
    pub fn local_config(&self, key: &str) -> Option<String> {
        self.repo
            .config()
            .and_then(|c| c.open_level(git2::ConfigLevel::Local))
            .and_then(|c| c.get_string(key))
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_a_value_once_in_the_clone_config() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        let repo = Repo::discover(dir.path()).unwrap();
        assert!(repo.set_local_config("merge.microvac.name", "x").unwrap());
        assert!(!repo.set_local_config("merge.microvac.name", "x").unwrap());
        assert_eq!(
            repo.local_config("merge.microvac.name").as_deref(),
            Some("x")
        );
        let text = std::fs::read_to_string(dir.path().join(".git/config")).unwrap();
        assert!(text.contains("[merge \"microvac\"]"), "{text}");
    }
}
