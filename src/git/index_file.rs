//! git's index file, read as bytes and patched: only the entries a write
//! changes are encoded again; every other entry is copied byte for byte.
//! A check-in at 10,000 commitments changes one entry of some 15,000, and
//! reading the whole index into libgit2 (which checks its checksum with a
//! collision-detecting SHA-1) and writing it all back again was most of
//! the cost of a write.
//!
//! What is patched is what git itself writes (`Documentation/gitformat-
//! index.txt`): versions 2 and 3, entries sorted by path and stage. The
//! extensions are kept valid as git keeps them: the cache of tree ids
//! (`TREE`) has the trees along each changed path marked invalid (git's
//! `cache_tree_invalidate_path`), the resolve-undo record (`REUC`) and
//! libgit2's conflict names (`NAME`) are kept, and the optional ones that
//! describe the work tree or offsets into the file (`UNTR`, `FSMN`,
//! `EOIE`, `IEOT`, and any unknown one) are dropped, as libgit2 drops them
//! and as git allows: git rebuilds them when it wants them. An index this
//! cannot patch (version 4, a split or sparse index, anything it cannot
//! parse) is left to libgit2 (see `index_copy.rs`).
//!
//! The checksum is a plain SHA-1, as git (since 2.47) computes its own
//! file checksums; an index written with `index.skipHash` (a zero
//! checksum) is written the same way.
//!
//! An entry whose file changed in the same second as the index was last
//! written is "racily clean": its stat data cannot tell. As git and
//! libgit2 do, such an entry whose file no longer holds what it records
//! has its size set to 0 in the new index, so git compares the content
//! instead of trusting the stat data (see [`IndexFile::racy`]).

use git2::{IndexEntry, IndexTime, Oid};
use sha1::{Digest, Sha1};
use std::{cmp::Ordering, ops::Range};

/// The fixed part of an entry before its flags: ten 32-bit stat fields
/// and the object id.
const FIXED: usize = 40 + 20;
/// The flag marking an entry that has a second, extended flags field.
const EXTENDED: u16 = 0x4000;
/// The extended flags git keeps on disk: skip-worktree, intent-to-add.
const EXTENDED_ON_DISK: u16 = 0x4000 | 0x2000;
const INTENT_TO_ADD: u16 = 0x2000;
const SKIP_WORKTREE: u16 = 0x4000;
/// How deep a cache of tree ids may nest before it is dropped as
/// malformed (no tracker has paths this deep).
const MAX_TREE_DEPTH: usize = 256;

/// Why an index file is not patched here.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unpatchable {
    /// Not an index microvac can patch (a version, an extension): libgit2
    /// reads it.
    Unsupported(&'static str),
    /// Not a well-formed index.
    Corrupt(&'static str),
}

/// One entry: copied from the file read, or set since.
enum Slot {
    Old {
        /// The entry's bytes in the file.
        at: Range<usize>,
        /// Its path's bytes in the file.
        path: Range<usize>,
        stage: u8,
    },
    New(Box<IndexEntry>),
}

/// An index file, parsed only as far as finding its entries (see the
/// module).
pub(crate) struct IndexFile {
    bytes: Vec<u8>,
    version: u32,
    slots: Vec<Slot>,
    /// Each extension's bytes (signature, size and data) in the file.
    extensions: Vec<Range<usize>>,
    /// Whether the file was written with a zero checksum.
    skip_hash: bool,
    /// The paths changed since the file was read.
    changed: Vec<Vec<u8>>,
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

/// The stage of an entry's flags.
fn stage_of(flags: u16) -> u8 {
    ((flags >> 12) & 3) as u8
}

impl IndexFile {
    /// Parses `bytes`, an index file, checking its checksum.
    pub(crate) fn parse(bytes: Vec<u8>) -> Result<IndexFile, Unpatchable> {
        let file = IndexFile::parse_entries(bytes)?;
        let end = file.bytes.len() - 20;
        if !file.skip_hash && Sha1::digest(&file.bytes[..end]).as_slice() != &file.bytes[end..] {
            return Err(Unpatchable::Corrupt("index checksum mismatch"));
        }
        Ok(file)
    }

    /// Parses `bytes`, an index file, without checking its checksum.
    fn parse_entries(bytes: Vec<u8>) -> Result<IndexFile, Unpatchable> {
        use Unpatchable::{Corrupt, Unsupported};
        if bytes.len() < 12 + 20 || !bytes.starts_with(b"DIRC") {
            return Err(Corrupt("not an index file"));
        }
        let version = be32(&bytes, 4).ok_or(Corrupt("short header"))?;
        if !(2..=3).contains(&version) {
            return Err(Unsupported("index version"));
        }
        let count = be32(&bytes, 8).ok_or(Corrupt("short header"))? as usize;
        let end = bytes.len() - 20;
        let skip_hash = bytes[end..].iter().all(|b| *b == 0);
        // Each entry takes at least 64 bytes: a damaged count cannot ask
        // for more memory than the file could describe.
        let mut slots = Vec::with_capacity(count.min(bytes.len() / 64));
        let mut at = 12;
        let mut previous: Option<(Range<usize>, u8)> = None;
        for _ in 0..count {
            let flags = be16(&bytes[..end], at + FIXED).ok_or(Corrupt("entry past the end"))?;
            let mut head = FIXED + 2;
            if flags & EXTENDED != 0 {
                if version < 3 {
                    return Err(Corrupt("extended flags in a version 2 index"));
                }
                head += 2;
            }
            let start = at + head;
            let len = match usize::from(flags & 0xfff) {
                0xfff => bytes
                    .get(start..end)
                    .and_then(|rest| rest.iter().position(|b| *b == 0))
                    .ok_or(Corrupt("unterminated path"))?,
                len => len,
            };
            let path = start..start + len;
            let size = (head + len + 8) / 8 * 8;
            if at + size > end || bytes.get(path.end) != Some(&0) {
                return Err(Corrupt("entry past the end"));
            }
            let stage = stage_of(flags);
            if let Some((before, before_stage)) = &previous {
                let order = bytes[before.clone()].cmp(&bytes[path.clone()]);
                if order.then(before_stage.cmp(&stage)) != Ordering::Less {
                    return Err(Corrupt("entries out of order"));
                }
            }
            previous = Some((path.clone(), stage));
            slots.push(Slot::Old {
                at: at..at + size,
                path,
                stage,
            });
            at += size;
        }
        let mut extensions = Vec::new();
        while at < end {
            let signature = bytes.get(at..at + 4).ok_or(Corrupt("short extension"))?;
            if !signature[0].is_ascii_uppercase() {
                // `link` (split index), `sdir` (sparse index): an index
                // that cannot be read without understanding them.
                return Err(Unsupported("a required index extension"));
            }
            let size = be32(&bytes[..end], at + 4).ok_or(Corrupt("short extension"))? as usize;
            let stop = at
                .checked_add(8 + size)
                .filter(|stop| *stop <= end)
                .ok_or(Corrupt("extension past the end"))?;
            extensions.push(at..stop);
            at = stop;
        }
        Ok(IndexFile {
            bytes,
            version,
            slots,
            extensions,
            skip_hash,
            changed: Vec::new(),
        })
    }

    /// The paths of the stage-0 entries under folder `dir` (with a
    /// trailing `/`) in the index file `bytes`, found without checking
    /// the file's checksum (git does not check it on reading either);
    /// `None` when it is not an index this module reads.
    pub(crate) fn paths_under(bytes: Vec<u8>, dir: &str) -> Option<Vec<String>> {
        let mut file = IndexFile::parse_entries(bytes).ok()?;
        let start = file.find(dir.as_bytes(), 0).unwrap_or_else(|at| at);
        let mut out = Vec::new();
        for slot in file.slots.get(start..)? {
            let path = file.path_of(slot);
            if !path.starts_with(dir.as_bytes()) {
                break;
            }
            if Self::stage_of_slot(slot) == 0 {
                out.push(String::from_utf8_lossy(path).into_owned());
            }
        }
        file.slots.clear();
        Some(out)
    }

    /// Whether the index file `bytes` holds an entry at a stage above 0
    /// (a path in conflict), found without checking the file's checksum
    /// (as [`IndexFile::paths_under`]); `None` when it is not an index
    /// this module reads.
    pub(crate) fn has_conflicts(bytes: Vec<u8>) -> Option<bool> {
        let file = IndexFile::parse_entries(bytes).ok()?;
        Some(file.slots.iter().any(|s| Self::stage_of_slot(s) != 0))
    }

    /// An index with no entries.
    pub(crate) fn empty() -> IndexFile {
        IndexFile {
            bytes: Vec::new(),
            version: 2,
            slots: Vec::new(),
            extensions: Vec::new(),
            skip_hash: false,
            changed: Vec::new(),
        }
    }

    /// Every entry, in order.
    pub(crate) fn entries(&self) -> Vec<IndexEntry> {
        self.slots
            .iter()
            .filter_map(|slot| self.decode(slot))
            .collect()
    }

    fn path_of<'a>(&'a self, slot: &'a Slot) -> &'a [u8] {
        match slot {
            Slot::Old { path, .. } => &self.bytes[path.clone()],
            Slot::New(entry) => &entry.path,
        }
    }

    fn stage_of_slot(slot: &Slot) -> u8 {
        match slot {
            Slot::Old { stage, .. } => *stage,
            Slot::New(entry) => stage_of(entry.flags),
        }
    }

    /// Where `(path, stage)` is, or would go.
    fn find(&self, path: &[u8], stage: u8) -> Result<usize, usize> {
        self.slots.binary_search_by(|slot| {
            self.path_of(slot)
                .cmp(path)
                .then(Self::stage_of_slot(slot).cmp(&stage))
        })
    }

    /// The entry of `path` at `stage` (0: merged; 1-3: a conflict's).
    pub(crate) fn entry(&self, path: &str, stage: u8) -> Option<IndexEntry> {
        let at = self.find(path.as_bytes(), stage).ok()?;
        self.slots.get(at).and_then(|slot| self.decode(slot))
    }

    /// Whether `path` has a conflict's entries.
    pub(crate) fn conflicted(&self, path: &str) -> bool {
        (1..=3).any(|stage| self.find(path.as_bytes(), stage).is_ok())
    }

    fn decode(&self, slot: &Slot) -> Option<IndexEntry> {
        let (at, path) = match slot {
            Slot::New(entry) => return Some(copy_entry(entry)),
            Slot::Old { at, path, .. } => (at.start, path.clone()),
        };
        let b = &self.bytes;
        let word = |i: usize| be32(b, at + 4 * i);
        let flags = be16(b, at + FIXED)?;
        let flags_extended = if flags & EXTENDED != 0 {
            be16(b, at + FIXED + 2)?
        } else {
            0
        };
        Some(IndexEntry {
            ctime: IndexTime::new(word(0)? as i32, word(1)?),
            mtime: IndexTime::new(word(2)? as i32, word(3)?),
            dev: word(4)?,
            ino: word(5)?,
            mode: word(6)?,
            uid: word(7)?,
            gid: word(8)?,
            file_size: word(9)?,
            id: Oid::from_bytes(b.get(at + 40..at + 60)?).ok()?,
            flags,
            flags_extended,
            path: b.get(path)?.to_vec(),
        })
    }

    /// Puts `entry` in, replacing the one at its path and stage. A path
    /// that is a file where another entry needs a folder (or the other way
    /// round) is refused, not resolved: that entry is the user's.
    pub(crate) fn put(&mut self, entry: &IndexEntry) -> Result<(), &'static str> {
        let stage = stage_of(entry.flags);
        if entry.path.is_empty() || entry.path.contains(&0) {
            return Err("not a path git can record");
        }
        if stage == 0 && self.collides(&entry.path) {
            return Err("a file and a folder of the same name in the index");
        }
        let slot = Slot::New(Box::new(copy_entry(entry)));
        match self.find(&entry.path, stage) {
            Ok(at) => self.slots[at] = slot,
            Err(at) => self.slots.insert(at, slot),
        }
        self.changed.push(entry.path.clone());
        Ok(())
    }

    /// Whether `path` names a folder another entry is under, or has a
    /// leading folder that is an entry itself.
    fn collides(&self, path: &[u8]) -> bool {
        let mut under = path.to_vec();
        under.push(b'/');
        let at = self.find(&under, 0).unwrap_or_else(|at| at);
        let below = self
            .slots
            .get(at)
            .is_some_and(|slot| self.path_of(slot).starts_with(&under));
        below
            || path
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'/')
                .any(|(i, _)| (0..=3).any(|stage| self.find(&path[..i], stage).is_ok()))
    }

    /// Removes every entry of `path` (all stages).
    pub(crate) fn remove(&mut self, path: &str) {
        let path = path.as_bytes();
        let start = self.find(path, 0).unwrap_or_else(|at| at);
        let mut stop = start;
        while self
            .slots
            .get(stop)
            .is_some_and(|slot| self.path_of(slot) == path)
        {
            stop += 1;
        }
        if stop > start {
            self.slots.drain(start..stop);
            self.changed.push(path.to_vec());
        }
    }

    /// The stage-0 entries whose stat data git would find racy against
    /// an index file last modified in second `index_secs`: written in the
    /// same second or later, so their stat data cannot show a change made
    /// in that second. Only entries read from the file (those set since
    /// carry the stat data of what was just written).
    pub(crate) fn racy(&self, index_secs: i64) -> Vec<(usize, IndexEntry)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| match slot {
                Slot::Old { at, stage: 0, .. } => {
                    let secs = be32(&self.bytes, at.start + 8)?;
                    (i64::from(secs) >= index_secs).then_some(i)
                }
                _ => None,
            })
            .filter_map(|i| {
                let entry = self.decode(self.slots.get(i)?)?;
                let gitlink = entry.mode & 0o170000 == 0o160000;
                let hidden = entry.flags_extended & (SKIP_WORKTREE | INTENT_TO_ADD) != 0;
                (!gitlink && !hidden).then_some((i, entry))
            })
            .collect()
    }

    /// Sets the recorded size of entry `slot` (from [`IndexFile::racy`])
    /// to 0, so git compares its content instead of its stat data.
    pub(crate) fn smudge(&mut self, slot: usize) {
        if let Some(mut entry) = self.slots.get(slot).and_then(|s| self.decode(s)) {
            entry.file_size = 0;
            if let Some(s) = self.slots.get_mut(slot) {
                *s = Slot::New(Box::new(entry));
            }
        }
    }

    /// The id of the tree the stage-0 entries under folder `dir` would
    /// make (`Ok(None)`: no entry is there), as `git write-tree` would
    /// write it; `Err` when it cannot be told (a conflict or an
    /// intent-to-add entry under it).
    pub(crate) fn tree_id(&self, dir: &str) -> Result<Option<Oid>, ()> {
        if self.conflicted(dir) {
            return Err(());
        }
        if let Some(entry) = self.entry(dir, 0) {
            return Ok(Some(entry.id));
        }
        let mut under = dir.as_bytes().to_vec();
        under.push(b'/');
        // git's own cache, where nothing under the folder changed since.
        let tree = self
            .extensions
            .iter()
            .find(|e| self.bytes[(*e).clone()].starts_with(b"TREE"));
        if let Some(ext) = tree
            && !self.changed.iter().any(|path| path.starts_with(&under))
            && let Some(id) = cached(&self.bytes[ext.start + 8..ext.end], &under)
        {
            return Ok(Some(id));
        }
        let start = self.find(&under, 0).unwrap_or_else(|at| at);
        let mut files = Vec::new();
        for slot in &self.slots[start..] {
            let path = self.path_of(slot);
            let Some(rel) = path.strip_prefix(under.as_slice()) else {
                break;
            };
            let entry = self.decode(slot).ok_or(())?;
            if stage_of(entry.flags) != 0 || entry.flags_extended & INTENT_TO_ADD != 0 {
                return Err(());
            }
            files.push((rel.to_vec(), entry.mode, entry.id));
        }
        if files.is_empty() {
            return Ok(None);
        }
        Ok(Some(hash_tree(&files)))
    }

    /// The index file with the changes made, checksummed.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let extended = self.slots.iter().any(|slot| match slot {
            Slot::New(entry) => entry.flags_extended & EXTENDED_ON_DISK != 0,
            Slot::Old { .. } => false,
        });
        let version = if extended {
            self.version.max(3)
        } else {
            self.version
        };
        let mut out = Vec::with_capacity(self.bytes.len() + 256);
        out.extend_from_slice(b"DIRC");
        out.extend_from_slice(&version.to_be_bytes());
        out.extend_from_slice(&(self.slots.len() as u32).to_be_bytes());
        for slot in &self.slots {
            match slot {
                Slot::Old { at, .. } => out.extend_from_slice(&self.bytes[at.clone()]),
                Slot::New(entry) => encode_entry(&mut out, entry),
            }
        }
        for ext in &self.extensions {
            let bytes = &self.bytes[ext.clone()];
            match &bytes[..4] {
                b"TREE" => {
                    if let Some(data) = invalidate(&bytes[8..], &self.changed) {
                        out.extend_from_slice(b"TREE");
                        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
                        out.extend_from_slice(&data);
                    }
                }
                b"REUC" | b"NAME" => out.extend_from_slice(bytes),
                _ => {}
            }
        }
        if self.skip_hash {
            out.extend_from_slice(&[0; 20]);
        } else {
            let sum = Sha1::digest(&out);
            out.extend_from_slice(&sum);
        }
        out
    }
}

/// A copy of `entry` (libgit2's entries are not `Clone`).
pub(crate) fn copy_entry(entry: &IndexEntry) -> IndexEntry {
    IndexEntry {
        ctime: entry.ctime,
        mtime: entry.mtime,
        dev: entry.dev,
        ino: entry.ino,
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        file_size: entry.file_size,
        id: entry.id,
        flags: entry.flags,
        flags_extended: entry.flags_extended,
        path: entry.path.clone(),
    }
}

/// Appends `entry` in the on-disk form of versions 2 and 3.
fn encode_entry(out: &mut Vec<u8>, entry: &IndexEntry) {
    let start = out.len();
    for word in [
        entry.ctime.seconds() as u32,
        entry.ctime.nanoseconds(),
        entry.mtime.seconds() as u32,
        entry.mtime.nanoseconds(),
        entry.dev,
        entry.ino,
        entry.mode,
        entry.uid,
        entry.gid,
        entry.file_size,
    ] {
        out.extend_from_slice(&word.to_be_bytes());
    }
    out.extend_from_slice(entry.id.as_bytes());
    let extended = entry.flags_extended & EXTENDED_ON_DISK;
    let mut flags = entry.flags & 0xb000; // assume-valid and the stage
    flags |= entry.path.len().min(0xfff) as u16;
    if extended != 0 {
        flags |= EXTENDED;
    }
    out.extend_from_slice(&flags.to_be_bytes());
    if extended != 0 {
        out.extend_from_slice(&extended.to_be_bytes());
    }
    out.extend_from_slice(&entry.path);
    let len = out.len() - start;
    out.resize(start + (len + 8) / 8 * 8, 0);
}

/// The cache of tree ids `data` with every tree along the `changed` paths
/// marked invalid (entry count -1, no id); `None` when it does not parse
/// (it is then dropped, which git allows).
fn invalidate(data: &[u8], changed: &[Vec<u8>]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut at = 0;
    let mut walk = Walk {
        changed,
        out: &mut out,
        seen: &mut |_, _| {},
    };
    walk.node(data, &mut at, &mut Vec::new(), 0)?;
    (at == data.len()).then_some(out)
}

/// The id the cache of tree ids `data` holds for folder `dir` (with a
/// trailing `/`), if it holds a valid one.
fn cached(data: &[u8], dir: &[u8]) -> Option<Oid> {
    let mut found = None;
    let mut walk = Walk {
        changed: &[],
        out: &mut Vec::new(),
        seen: &mut |path, id| {
            if path == dir {
                found = id.and_then(|id| Oid::from_bytes(id).ok());
            }
        },
    };
    walk.node(data, &mut 0, &mut Vec::new(), 0)?;
    found
}

/// A walk over the cache of tree ids, writing it out with the trees
/// along the `changed` paths invalidated, and telling `seen` each
/// folder (`/`-terminated, the root empty) and its id, if valid.
struct Walk<'a> {
    changed: &'a [Vec<u8>],
    out: &'a mut Vec<u8>,
    seen: &'a mut Seen<'a>,
}

/// What a [`Walk`] tells of each folder: its path and its id, if valid.
type Seen<'a> = dyn FnMut(&[u8], Option<&[u8]>) + 'a;

impl Walk<'_> {
    /// One node of the cache of tree ids and, after it, its subtrees.
    fn node(&mut self, data: &[u8], at: &mut usize, dir: &mut Vec<u8>, depth: usize) -> Option<()> {
        if depth > MAX_TREE_DEPTH {
            return None;
        }
        let field = |at: &mut usize, end: u8| -> Option<Vec<u8>> {
            let rest = data.get(*at..)?;
            let len = rest.iter().position(|b| *b == end)?;
            *at += len + 1;
            Some(rest[..len].to_vec())
        };
        let name = field(at, 0)?;
        let count: i64 = std::str::from_utf8(&field(at, b' ')?).ok()?.parse().ok()?;
        let subtrees: usize = std::str::from_utf8(&field(at, b'\n')?).ok()?.parse().ok()?;
        let id = if count >= 0 {
            let id = data.get(*at..*at + 20)?;
            *at += 20;
            Some(id)
        } else {
            None
        };
        let len = dir.len();
        if depth > 0 {
            dir.extend_from_slice(&name);
            dir.push(b'/');
        }
        let touched = self.changed.iter().any(|path| path.starts_with(dir));
        (self.seen)(dir, id);
        let out = &mut self.out;
        out.extend_from_slice(&name);
        out.push(0);
        match id {
            Some(id) if !touched => {
                out.extend_from_slice(format!("{count} {subtrees}\n").as_bytes());
                out.extend_from_slice(id);
            }
            _ => out.extend_from_slice(format!("-1 {subtrees}\n").as_bytes()),
        }
        for _ in 0..subtrees {
            self.node(data, at, dir, depth + 1)?;
        }
        dir.truncate(len);
        Some(())
    }
}

/// The id of the tree holding `files` (paths relative to it, in index
/// order), as git hashes a tree object.
fn hash_tree(files: &[(Vec<u8>, u32, Oid)]) -> Oid {
    let mut body = Vec::new();
    let mut i = 0;
    while let Some((path, mode, id)) = files.get(i) {
        match path.iter().position(|b| *b == b'/') {
            None => {
                body.extend_from_slice(format!("{mode:o} ").as_bytes());
                body.extend_from_slice(path);
                body.push(0);
                body.extend_from_slice(id.as_bytes());
                i += 1;
            }
            Some(slash) => {
                let name = &path[..slash];
                let mut sub = Vec::new();
                while let Some((p, m, id)) = files.get(i) {
                    match p.strip_prefix(name).and_then(|r| r.strip_prefix(b"/")) {
                        Some(rest) => sub.push((rest.to_vec(), *m, *id)),
                        None => break,
                    }
                    i += 1;
                }
                body.extend_from_slice(b"40000 ");
                body.extend_from_slice(name);
                body.push(0);
                body.extend_from_slice(hash_tree(&sub).as_bytes());
            }
        }
    }
    let mut hasher = Sha1::new();
    hasher.update(format!("tree {}\0", body.len()).as_bytes());
    hasher.update(&body);
    Oid::from_bytes(&hasher.finalize()).unwrap_or(Oid::ZERO_SHA1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, stage: u16, id: u8) -> IndexEntry {
        IndexEntry {
            ctime: IndexTime::new(1, 2),
            mtime: IndexTime::new(3, 4),
            dev: 5,
            ino: 6,
            mode: 0o100644,
            uid: 7,
            gid: 8,
            file_size: 9,
            id: Oid::from_bytes(&[id; 20]).unwrap_or(Oid::ZERO_SHA1),
            flags: stage << 12,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        }
    }

    fn empty() -> IndexFile {
        let bytes = IndexFile::empty().encode();
        IndexFile::parse(bytes).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn entries_set_read_back_in_order_after_a_round_trip() {
        let mut index = empty();
        for (path, stage) in [("b/c", 0), ("a", 0), ("b/a", 2), ("b/a", 1), ("c", 0)] {
            index.put(&entry(path, stage, path.len() as u8)).unwrap();
        }
        index.remove("c");
        let again = IndexFile::parse(index.encode()).unwrap_or_else(|e| panic!("{e:?}"));
        let paths: Vec<_> = again
            .slots
            .iter()
            .map(|s| (again.path_of(s).to_vec(), IndexFile::stage_of_slot(s)))
            .collect();
        assert_eq!(
            paths,
            [
                (b"a".to_vec(), 0),
                (b"b/a".to_vec(), 1),
                (b"b/a".to_vec(), 2),
                (b"b/c".to_vec(), 0)
            ]
        );
        assert!(again.conflicted("b/a"));
        assert_eq!(
            again.entry("b/c", 0).map(|e| (e.mtime, e.file_size)),
            Some((IndexTime::new(3, 4), 9))
        );
        assert!(again.entry("c", 0).is_none());
    }

    #[test]
    fn a_file_where_a_folder_is_is_refused() {
        let mut index = empty();
        index.put(&entry("a/b", 0, 1)).unwrap();
        assert!(index.put(&entry("a", 0, 1)).is_err());
        assert!(index.put(&entry("a/b/c", 0, 1)).is_err());
        assert!(index.put(&entry("a.b", 0, 1)).is_ok());
    }

    #[test]
    fn a_damaged_file_is_refused_not_read() {
        let mut index = empty();
        index.put(&entry("a", 0, 1)).unwrap();
        let mut bytes = index.encode();
        bytes[20] ^= 1;
        assert_eq!(
            IndexFile::parse(bytes).err(),
            Some(Unpatchable::Corrupt("index checksum mismatch"))
        );
        let mut huge = IndexFile::empty();
        huge.put(&entry("a", 0, 1)).unwrap();
        let mut bytes = huge.encode();
        bytes[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(
            IndexFile::parse_entries(bytes).err(),
            Some(Unpatchable::Corrupt("entry past the end"))
        );
    }

    #[test]
    fn the_trees_along_a_changed_path_are_invalidated() {
        // root (2 subtrees) > a (1 subtree) > a/x ; b
        let mut data = Vec::new();
        for (name, count, subs) in [("", 3, 2), ("a", 2, 1), ("x", 1, 0), ("b", 1, 0)] {
            data.extend_from_slice(format!("{name}\0{count} {subs}\n").as_bytes());
            data.extend_from_slice(&[7; 20]);
        }
        let out = invalidate(&data, &[b"a/x/file".to_vec()]).unwrap_or_default();
        let mut want = Vec::new();
        for (name, count, subs) in [("", -1, 2), ("a", -1, 1), ("x", -1, 0), ("b", 1, 0)] {
            want.extend_from_slice(format!("{name}\0{count} {subs}\n").as_bytes());
            if count >= 0 {
                want.extend_from_slice(&[7; 20]);
            }
        }
        assert_eq!(out, want);
        assert_eq!(invalidate(&data[..data.len() - 1], &[]), None);
        let seven = Oid::from_bytes(&[7; 20]).ok();
        assert_eq!(cached(&data, b"a/x/"), seven);
        assert_eq!(cached(&data, b"b/"), seven);
        assert_eq!(cached(&out, b"a/"), None);
        assert_eq!(cached(&out, b"b/"), seven);
    }
}
