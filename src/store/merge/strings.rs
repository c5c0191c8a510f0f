//! Where TOML's multi-line strings (`"""…"""`, `'''…'''`) are, line by
//! line: a line that starts inside one is text of that string, so a
//! conflict marker or a table header there is never one.

/// Whether a line ends inside a multi-line string (`"""` or `'''`), in
/// which case the next line is text of that string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InString {
    No,
    /// Inside `"""…"""`, where `\` escapes the next character.
    Basic,
    /// Inside `'''…'''`, taken as written.
    Literal,
}

impl InString {
    /// The state after `line`, read as TOML from this state: comments,
    /// one-line strings and multi-line strings opened and closed on it.
    pub(super) fn after(self, line: &str) -> InString {
        let bytes = line.as_bytes();
        let mut state = self;
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            match state {
                InString::No => match bytes[i] {
                    b'#' => return InString::No,
                    b'"' if rest.starts_with(b"\"\"\"") => {
                        state = InString::Basic;
                        i += 3;
                    }
                    b'\'' if rest.starts_with(b"'''") => {
                        state = InString::Literal;
                        i += 3;
                    }
                    b'"' => i += one_line_string(rest, b'"', true),
                    b'\'' => i += one_line_string(rest, b'\'', false),
                    _ => i += 1,
                },
                InString::Basic => match bytes[i] {
                    b'\\' => i += 2,
                    b'"' if rest.starts_with(b"\"\"\"") => {
                        state = InString::No;
                        // Up to two more quotes belong to the string.
                        i += rest.iter().take(5).take_while(|b| **b == b'"').count();
                    }
                    _ => i += 1,
                },
                InString::Literal => {
                    if rest.starts_with(b"'''") {
                        state = InString::No;
                        i += rest.iter().take(5).take_while(|b| **b == b'\'').count();
                    } else {
                        i += 1;
                    }
                }
            }
        }
        state
    }
}

/// The length of the one-line string at the start of `rest` (its quotes
/// included), or of the rest of the line when it is not closed.
fn one_line_string(rest: &[u8], quote: u8, escapes: bool) -> usize {
    let mut i = 1;
    while i < rest.len() {
        match rest[i] {
            b'\\' if escapes => i += 2,
            c if c == quote => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_open_and_close_where_toml_says() {
        let after = |lines: &[&str]| lines.iter().fold(InString::No, |s, l| s.after(l));
        assert_eq!(after(&["note = \"\"\"\n"]), InString::Basic);
        assert_eq!(after(&["note = \"\"\"a\"\"\"\n"]), InString::No);
        assert_eq!(after(&["note = '''\n", "x\n"]), InString::Literal);
        assert_eq!(after(&["note = '''\n", "x'''\n"]), InString::No);
        // An escaped quote, quotes ending the string, a comment, a one-line
        // string holding the delimiter.
        assert_eq!(after(&["a = \"\"\"\n", "\\\"\"\"\n"]), InString::Basic);
        assert_eq!(after(&["a = \"\"\"x\"\"\"\"\"\n"]), InString::No);
        assert_eq!(after(&["a = 1 # \"\"\"\n"]), InString::No);
        assert_eq!(after(&["a = \"'''\"\n"]), InString::No);
        assert_eq!(after(&["a = '\"\"\"'\n"]), InString::No);
    }
}
