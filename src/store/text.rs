//! A record file's bytes as text. Records are UTF-8 TOML; a file that is
//! not (UTF-16 from a Windows editor, a binary dropped in by mistake, a
//! merge left unresolved, a file too big to be a record) gets a
//! [`Problem`] in plain words with the file, line and column, instead of a
//! panic or a parser's puzzle. (Deep nesting needs nothing here: toml and
//! toml_edit stop at a fixed depth with an error of their own.)

use super::Problem;
use std::{ops::Range, path::Path};

/// The largest record file microvac reads. A record is a few kilobytes
/// (years of weekly check-ins stay under 100 KiB); past this the file is
/// not one (a log pasted in, a binary), and refusing it keeps a command's
/// time bounded: parsing costs about half a second per MiB in a debug build.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Reads a record file and decodes it with [`decode`]; a file that cannot
/// be read becomes a [`Problem`] naming it too.
pub fn read_record_file(path: &Path, shown_path: &str) -> Result<String, Problem> {
    let bytes = std::fs::read(path)
        .map_err(|e| Problem::new(shown_path, format!("could not read the file: {e}")))?;
    decode(shown_path, bytes)
}

/// The text of a record file: its bytes when they are UTF-8 and of a
/// record's size. Otherwise a [`Problem`] saying why, pointing at the
/// first offending byte: invalid UTF-8 is shown with the lossy text (the
/// bad bytes as `�`) at the line and column where they are.
pub fn decode(shown_path: &str, bytes: Vec<u8>) -> Result<String, Problem> {
    if let Some((encoding, shown)) = wide_encoding_by_bom(&bytes) {
        return Err(Problem::new(
            shown_path,
            format!("the file is {encoding}; save it as UTF-8"),
        )
        .at(&shown, Some(0..0)));
    }
    check_size(shown_path, bytes.len())?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let len = e
                .utf8_error()
                .error_len()
                .unwrap_or(e.as_bytes().len() - at);
            let bad: Vec<String> = e.as_bytes()[at..]
                .iter()
                .take(len)
                .map(|b| format!("0x{b:02X}"))
                .collect();
            // Up to `at` the lossy text is the file's own; the bad bytes
            // became one U+FFFD there, so the span covers that character.
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let span = at..at + char::REPLACEMENT_CHARACTER.len_utf8();
            let plural = if bad.len() == 1 { "" } else { "s" };
            return Err(Problem::new(
                shown_path,
                format!(
                    "the file is not valid UTF-8 (byte{plural} {} here); save it as UTF-8",
                    bad.join(" ")
                ),
            )
            .at(&text, Some(span)));
        }
    };
    Ok(text)
}

/// Refuses a record of `len` bytes when it is over [`MAX_RECORD_BYTES`]
/// (also for text that did not come through [`decode`]).
pub(crate) fn check_size(shown_path: &str, len: usize) -> Result<(), Problem> {
    if len <= MAX_RECORD_BYTES {
        return Ok(());
    }
    Err(Problem::new(
        shown_path,
        format!("the file is {len} bytes, more than a record can be ({MAX_RECORD_BYTES} bytes)"),
    ))
}

/// The problem to report for a TOML error: plain words when the text is
/// not TOML at all (a NUL byte, UTF-16 without a byte-order mark, merge
/// conflict markers), else the parser's message at its span.
pub(crate) fn syntax_problem(
    shown_path: &str,
    text: &str,
    message: &str,
    span: Option<Range<usize>>,
) -> Problem {
    // A schema error in a file that is TOML keeps its own message: only a
    // file that does not parse is blamed on what makes it not TOML.
    match not_toml(shown_path, text) {
        Some((plain, at)) if text.parse::<toml::Table>().is_err() => {
            Problem::new(shown_path, plain).at(text, Some(at))
        }
        _ => Problem::new(shown_path, message).at(text, span),
    }
}

/// What makes `text` not a TOML file, and where, if it is one of the
/// mistakes a person can name.
fn not_toml(shown_path: &str, text: &str) -> Option<(String, Range<usize>)> {
    if let Some(at) = text.find('\0') {
        let message = if looks_like_utf16(text.as_bytes()) {
            "the file looks like UTF-16 (every other byte is NUL); save it as UTF-8"
        } else {
            "the file contains a NUL byte (binary?)"
        };
        return Some((message.to_owned(), at..at + 1));
    }
    if let Some(conflict) = unresolved_conflict(shown_path, text) {
        return Some(conflict);
    }
    // A start marker without the rest of its hunk (never one inside a
    // multi-line string: that is text).
    let offset = super::merge::start_marker(text)?;
    Some((
        "an unresolved merge conflict: keep the lines you want and remove the \
         `<<<<<<<`, `=======` and `>>>>>>>` lines"
            .to_owned(),
        offset..offset + 7,
    ))
}

/// The first complete conflict hunk in `text`, named as the merge left it
/// (the field, and both sides' values, where the hunk is the driver's),
/// with the command that resolves it.
fn unresolved_conflict(shown_path: &str, text: &str) -> Option<(String, Range<usize>)> {
    let conflicts = super::merge::parse_conflicts(text);
    let first = conflicts.first()?;
    let more = match conflicts.len() {
        1 => String::new(),
        n => format!(" (and {} more below)", n - 1),
    };
    // The driver marks `key = value` lines, whose fields are named; any
    // other hunk is git's line merge (a clone without the driver).
    let by_lines = match first.fields.as_deref() {
        Some([_, ..]) => "",
        _ => {
            " (git merged this record line by line; after `mv init` in this clone, records merge field by field)"
        }
    };
    let message = format!(
        "{first}{more}{by_lines}; keep one side with `mv resolve {shown_path} --ours` or `--theirs`, or edit the file and remove the marker lines"
    );
    Some((message, first.span.start..first.span.start + 7))
}

/// The encoding a byte-order mark announces when it is not UTF-8, and the
/// file's first line decoded from it (to show where the problem is).
fn wide_encoding_by_bom(bytes: &[u8]) -> Option<(&'static str, String)> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = bytes
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .take_while(|u| ![u16::from(b'\n'), u16::from(b'\r')].contains(u));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    match bytes {
        [0x00, 0x00, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0x00, 0x00, ..] => {
            Some(("UTF-32", String::new()))
        }
        [0xFE, 0xFF, rest @ ..] => Some(("UTF-16", utf16(rest, u16::from_be_bytes))),
        [0xFF, 0xFE, rest @ ..] => Some(("UTF-16", utf16(rest, u16::from_le_bytes))),
        _ => None,
    }
}

/// UTF-16 text of mostly ASCII has a NUL at every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    if head.len() < 4 {
        return false;
    }
    let even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    (even * 4 >= half * 3 && odd == 0) || (odd * 4 >= half * 3 && even == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_points_at_the_bad_byte_with_the_lossy_text() {
        let p = decode("people/alice.toml", b"name = \"A\"\n# \xc3\n".to_vec()).unwrap_err();
        assert_eq!(p.line_col(), Some((2, 3)));
        assert!(p.message.contains("0xC3"), "{}", p.message);
        let out = p.render(false);
        assert!(out.contains("people/alice.toml:2:3"), "{out}");
        assert!(out.contains("# \u{FFFD}"), "{out}");
    }

    #[test]
    fn a_truncated_character_at_the_end_is_shown_whole() {
        let p = decode("p.toml", b"a = 1\n# \xe2\x82".to_vec()).unwrap_err();
        assert_eq!(
            p.headline(),
            "p.toml:2:3: the file is not valid UTF-8 (bytes 0xE2 0x82 here); save it as UTF-8"
        );
    }

    #[test]
    fn a_utf16_file_is_named_as_such() {
        let p = decode("people/a.toml", b"\xff\xfea\x00=\x001\x00".to_vec()).unwrap_err();
        assert_eq!(
            p.headline(),
            "people/a.toml:1:1: the file is UTF-16; save it as UTF-8"
        );
        let p = syntax_problem("p.toml", "\0a\0=\0\x31\0\n", "invalid key", Some(0..1));
        assert!(p.message.contains("UTF-16"), "{}", p.message);
    }

    #[test]
    fn a_nul_byte_is_named_where_it_is() {
        let text = "name = \"A\"\nrole = \"x\0\"\n";
        let p = syntax_problem("p.toml", text, "invalid string", Some(20..21));
        assert_eq!(
            p.headline(),
            "p.toml:2:10: the file contains a NUL byte (binary?)"
        );
    }

    #[test]
    fn conflict_markers_are_named_but_only_when_the_file_does_not_parse() {
        let text = "name = \"A\"\n<<<<<<< HEAD\nrole = \"x\"\n=======\nrole = \"y\"\n>>>>>>> b\n";
        let p = syntax_problem("p.toml", text, "invalid key", Some(11..12));
        assert_eq!(
            p.headline(),
            "p.toml:2:1: unresolved merge conflict in field `role`: ours `x`, theirs `y`; keep one side with `mv resolve p.toml --ours` or `--theirs`, or edit the file and remove the marker lines"
        );
        // git's own line markers around tables: no field to name.
        let lines = "a = 1\n<<<<<<< HEAD\n[[checkin]]\nnote = \"x\"\n=======\n[[checkin]]\nnote = \"y\"\n>>>>>>> b\n";
        let p = syntax_problem("p.toml", lines, "invalid key", Some(6..7));
        assert!(
            p.headline()
                .starts_with("p.toml:2:1: unresolved merge conflict (git merged this record line by line; after `mv init` in this clone, records merge field by field); keep one side with `mv resolve p.toml --ours`"),
            "{}",
            p.headline()
        );
        // A start marker alone is still named.
        let half = "a = 1\n<<<<<<< HEAD\nb = 2\n";
        let p = syntax_problem("p.toml", half, "invalid key", Some(6..7));
        assert!(
            p.message.starts_with("an unresolved merge conflict"),
            "{}",
            p.message
        );
        let quoted = "note = '''\n<<<<<<< not a conflict\n'''\nstatus = 1\n";
        let p = syntax_problem("p.toml", quoted, "invalid type", Some(47..48));
        assert_eq!(p.message, "invalid type");
    }

    #[test]
    fn a_huge_file_is_refused() {
        let p = decode("p.toml", vec![b'#'; MAX_RECORD_BYTES + 1]).unwrap_err();
        assert!(p.message.contains("more than a record can be"), "{p:?}");
    }
}
