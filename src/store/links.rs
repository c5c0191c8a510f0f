//! microvac never follows a symbolic link below the tracker's root, for
//! reading or for writing. A record is a file the team can see in the
//! repository; a link committed in its place (`people/mal.toml ->
//! ~/.aws/credentials`) would make microvac read, and print, whatever it
//! points at on the machine of whoever runs it.
//!
//! Every path is checked component by component with `symlink_metadata`;
//! the final open also asks the OS not to follow a link (`O_NOFOLLOW`), so
//! a link swapped in after the check is refused too.

use std::{
    fs,
    io::{self, Read},
    os::unix::fs::OpenOptionsExt,
    path::Path,
};

/// What `mv check` and every warning say of a link.
pub const LINK_MESSAGE: &str = "is a symbolic link; microvac never follows links";

/// The first component of `rel` (tracker-relative, `/`-separated) below
/// `root` that is a symbolic link, as a tracker-relative path. Components
/// that do not exist end the search: nothing below them can be a link.
pub fn first_link(root: &Path, rel: &str) -> Option<String> {
    let mut at = root.to_path_buf();
    let mut shown = String::new();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        at.push(part);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(shown),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// The error a read or write through a link gets.
fn link_error(link: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{link} {LINK_MESSAGE}"),
    )
}

/// Reads `root/rel` without following a link anywhere below `root`.
pub fn read(root: &Path, rel: &str) -> io::Result<Vec<u8>> {
    if let Some(link) = first_link(root, rel) {
        return Err(link_error(&link));
    }
    read_listed(root, rel)
}

/// Reads `root/rel`, a file a [`scan`](super::scan) listed: every folder
/// on its way was seen not to be a link, so only the file itself is
/// checked, by the open (a `stat` per folder for each of thousands of
/// records would cost a third of `mv table`).
pub fn read_listed(root: &Path, rel: &str) -> io::Result<Vec<u8>> {
    let mut file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(root.join(rel))
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => link_error(rel),
            _ => e,
        })?;
    // Not `File::read_to_end`, which asks the OS for the size and the
    // position first: two more system calls for each of thousands of small
    // records. A record fits the first read; a bigger file grows the buffer.
    let mut bytes = Vec::with_capacity(8 * 1024);
    io::Read::read_to_end(&mut (&mut file).take(u64::MAX), &mut bytes)?;
    bytes.shrink_to_fit();
    Ok(bytes)
}

/// Reads `root/rel` as UTF-8 text, without following a link.
pub fn read_to_string(root: &Path, rel: &str) -> io::Result<String> {
    String::from_utf8(read(root, rel)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not valid UTF-8"))
}

/// Whether `root/rel` is a regular file reached without a link.
pub fn is_file(root: &Path, rel: &str) -> bool {
    first_link(root, rel).is_none()
        && fs::symlink_metadata(root.join(rel)).is_ok_and(|m| m.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_named_and_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("secret"), "key = 1\n").unwrap();
        fs::create_dir_all(root.join("t/people")).unwrap();
        fs::write(root.join("t/people/alice.toml"), "name = \"A\"\n").unwrap();
        std::os::unix::fs::symlink(root.join("secret"), root.join("t/people/mal.toml")).unwrap();
        std::os::unix::fs::symlink(root.join("t/people"), root.join("t/folks")).unwrap();
        let t = root.join("t");
        assert_eq!(read(&t, "people/alice.toml").unwrap(), b"name = \"A\"\n");
        assert!(is_file(&t, "people/alice.toml"));
        for (rel, link) in [
            ("people/mal.toml", "people/mal.toml"),
            ("folks/alice.toml", "folks"),
        ] {
            assert_eq!(first_link(&t, rel).as_deref(), Some(link));
            let err = read(&t, rel).unwrap_err().to_string();
            assert_eq!(err, format!("{link} {LINK_MESSAGE}"));
            assert!(!is_file(&t, rel));
        }
        assert_eq!(first_link(&t, "people/nobody.toml"), None);
    }
}
