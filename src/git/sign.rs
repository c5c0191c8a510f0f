//! Signed commits, as `git commit` makes them: where the clone's config
//! says `commit.gpgsign`, the commit buffer is signed by the user's own
//! `gpg` (`gpg.program`) or `ssh-keygen -Y sign` (`gpg.ssh.program`) with
//! `user.signingkey`, so keys stay in their agents, and the signature goes
//! in the commit's `gpgsig` header. libgit2 never signs on its own; every
//! commit microvac makes goes through [`create_commit`].
//!
//! The programs and the key come from the user's git config (the clone's
//! `.git/config`, the global and system files), never from the tracker's
//! files: nothing a pull brings decides what runs.

use super::{GitContext, GitError};
use git2::{Commit, Oid, Repository, Signature, Tree};
use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

/// Writes a commit object (no ref moves), signed when the config asks.
pub(crate) fn create_commit(
    repo: &Repository,
    author: &Signature<'_>,
    committer: &Signature<'_>,
    message: &str,
    tree: &Tree<'_>,
    parents: &[&Commit<'_>],
) -> Result<Oid, GitError> {
    let Some(signer) = Signer::from_config(repo)? else {
        return repo
            .commit(None, author, committer, message, tree, parents)
            .ctx(|| "could not commit".into());
    };
    let buffer = repo
        .commit_create_buffer(author, committer, message, tree, parents)
        .ctx(|| "could not build the commit".into())?;
    let buffer = std::str::from_utf8(&buffer).map_err(|_| GitError::Sign {
        program: signer.program(),
        message: "the commit is not UTF-8 text".into(),
    })?;
    let signature = signer.sign(buffer, committer)?;
    repo.commit_signed(buffer, &signature, Some("gpgsig"))
        .ctx(|| "could not write the signed commit".into())
}

/// How the config says to sign.
#[derive(Debug)]
enum Signer {
    /// `gpg -bsau KEY`, the key defaulting to the committer.
    OpenPgp {
        program: String,
        key: Option<String>,
    },
    /// `ssh-keygen -Y sign -n git -f KEY`, a key file or, for a literal
    /// public key, the agent's matching key.
    Ssh { program: String, key: SshKey },
}

#[derive(Debug)]
enum SshKey {
    File(PathBuf),
    Literal(String),
}

impl Signer {
    /// `None` when `commit.gpgsign` is off or unset.
    fn from_config(repo: &Repository) -> Result<Option<Signer>, GitError> {
        let mut config = repo
            .config()
            .ctx(|| "could not read the git config".into())?;
        if let Some(path) = std::env::var_os("GIT_CONFIG_GLOBAL") {
            let path = PathBuf::from(path);
            if path != Path::new("/dev/null") && path.is_file() {
                let _ = config.add_file(&path, git2::ConfigLevel::Global, true);
            }
        }
        let config = config
            .snapshot()
            .ctx(|| "could not read the git config".into())?;
        if !config.get_bool("commit.gpgsign").unwrap_or(false) {
            return Ok(None);
        }
        let string = |key: &str| config.get_string(key).ok().filter(|v| !v.trim().is_empty());
        let key = string("user.signingkey");
        let format = string("gpg.format").unwrap_or_else(|| "openpgp".into());
        match format.as_str() {
            "openpgp" => Ok(Some(Signer::OpenPgp {
                program: string("gpg.openpgp.program")
                    .or_else(|| string("gpg.program"))
                    .unwrap_or_else(|| "gpg".into()),
                key,
            })),
            "ssh" => {
                let program = string("gpg.ssh.program").unwrap_or_else(|| "ssh-keygen".into());
                let Some(key) = key else {
                    return Err(GitError::Sign {
                        program,
                        message: "gpg.format is ssh but user.signingkey is not set".into(),
                    });
                };
                Ok(Some(Signer::Ssh {
                    program,
                    key: ssh_key(&key),
                }))
            }
            other => Err(GitError::Sign {
                program: format!("gpg.format {other}"),
                message: format!(
                    "microvac signs with gpg.format openpgp or ssh; {other:?} is not supported"
                ),
            }),
        }
    }

    fn program(&self) -> String {
        match self {
            Signer::OpenPgp { program, .. } | Signer::Ssh { program, .. } => program.clone(),
        }
    }

    /// The armored signature of `buffer`.
    fn sign(&self, buffer: &str, committer: &Signature<'_>) -> Result<String, GitError> {
        match self {
            Signer::OpenPgp { program, key } => {
                let key = key.clone().unwrap_or_else(|| {
                    format!(
                        "{} <{}>",
                        committer.name().unwrap_or_default(),
                        committer.email().unwrap_or_default()
                    )
                });
                let out = run(
                    program,
                    Command::new(program)
                        .args(["--status-fd=2", "-bsau", &key])
                        .stdin(Stdio::piped()),
                    Some(buffer.as_bytes()),
                )?;
                let signature = String::from_utf8_lossy(&out).into_owned();
                if !signature.contains("-----BEGIN PGP SIGNATURE-----") {
                    return Err(GitError::Sign {
                        program: program.clone(),
                        message: "it wrote no signature".into(),
                    });
                }
                Ok(signature)
            }
            Signer::Ssh { program, key } => {
                // ssh-keygen signs a file and writes FILE.sig beside it: both
                // live in a private directory removed on every path.
                let dir = tempfile::Builder::new()
                    .prefix("microvac-sign-")
                    .tempdir()
                    .map_err(|e| sign_io(program, e))?;
                let data = dir.path().join("commit");
                std::fs::write(&data, buffer).map_err(|e| sign_io(program, e))?;
                let mut cmd = Command::new(program);
                cmd.args(["-Y", "sign", "-n", "git", "-f"]);
                match key {
                    SshKey::File(path) => {
                        cmd.arg(path);
                    }
                    SshKey::Literal(public) => {
                        let file = dir.path().join("key.pub");
                        std::fs::write(&file, format!("{public}\n"))
                            .map_err(|e| sign_io(program, e))?;
                        cmd.arg(&file).arg("-U");
                    }
                }
                cmd.arg(&data).stdin(Stdio::null());
                run(program, &mut cmd, None)?;
                std::fs::read_to_string(dir.path().join("commit.sig"))
                    .map_err(|e| sign_io(program, e))
            }
        }
    }
}

/// `user.signingkey` for ssh: a literal key (`key::ssh-…` or `ssh-…`), or
/// a path (`~/` is the home directory), as git reads it.
fn ssh_key(value: &str) -> SshKey {
    let value = value.trim();
    if let Some(literal) = value.strip_prefix("key::") {
        return SshKey::Literal(literal.to_owned());
    }
    if value.starts_with("ssh-") || value.starts_with("ecdsa-") || value.starts_with("sk-") {
        return SshKey::Literal(value.to_owned());
    }
    match value.strip_prefix("~/") {
        Some(rest) => SshKey::File(
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default()
                .join(rest),
        ),
        None => SshKey::File(PathBuf::from(value)),
    }
}

/// Runs the signing program, feeding `input`; its stdout, or what it said
/// on stderr when it failed.
fn run(program: &str, cmd: &mut Command, input: Option<&[u8]>) -> Result<Vec<u8>, GitError> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| sign_io(program, e))?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(input).map_err(|e| sign_io(program, e))?;
    }
    let out = child.wait_with_output().map_err(|e| sign_io(program, e))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        // gpg's status lines are for machines; keep what a person reads.
        let said: Vec<&str> = said
            .lines()
            .filter(|l| !l.starts_with("[GNUPG:]") && !l.trim().is_empty())
            .collect();
        return Err(GitError::Sign {
            program: program.to_owned(),
            message: if said.is_empty() {
                format!("it exited with {}", out.status)
            } else {
                said.join("; ")
            },
        });
    }
    Ok(out.stdout)
}

fn sign_io(program: &str, e: std::io::Error) -> GitError {
    GitError::Sign {
        program: program.to_owned(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signing_key_is_a_literal_key_or_a_path() {
        assert!(
            matches!(ssh_key("key::ssh-ed25519 AAAA x"), SshKey::Literal(k) if k == "ssh-ed25519 AAAA x")
        );
        assert!(matches!(ssh_key("ssh-ed25519 AAAA"), SshKey::Literal(_)));
        assert!(
            matches!(ssh_key("/k/id_ed25519"), SshKey::File(p) if p == Path::new("/k/id_ed25519"))
        );
    }
}
