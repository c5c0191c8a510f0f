//! Where the values of `private` keys sit in a text that is TOML, or was
//! meant as TOML and does not parse: a forgiving reader that knows
//! strings, comments, arrays, inline tables and table headers, carries on
//! past anything it does not understand, never recurses deeper than
//! [`MAX_DEPTH`], and reads the text in linear time.

use super::is_private_key;
use std::ops::Range;

/// Where the value of every `private` key sits in `text`: TOML, or what
/// was meant as TOML and does not parse. Keys are found wherever they
/// can be: at the start of a line, indented, in inline tables (nested in
/// arrays too), as a part of a dotted key (`checkin.private`,
/// `private.note`), quoted (`"private"`, escapes decoded), every key under
/// a private table header (`[checkin.private]`; under `[private]`, all
/// but microvac.toml's public `recipients` and `identity`); and, in case
/// an earlier mistake hides a key from the reading, at the start of any
/// line and at every word `private`. A value runs to its end as TOML
/// would read it (multi-line strings, arrays and inline tables whole), or
/// to the end of the text when it never ends.
pub fn private_spans(text: &str) -> Vec<Range<usize>> {
    let mut scan = Scan {
        b: text.as_bytes(),
        pos: 0,
        found: Vec::new(),
        depth: 0,
        only_private: false,
        table: Table::Plain,
        header: 0,
    };
    scan.document();
    let mut found = scan.found;
    // Every line start again, on its own, and every word `private`: what a
    // broken array or string above, or garbage before it on its line,
    // swallowed is still a key the user wrote.
    let lower = text.to_ascii_lowercase();
    let words = lower.match_indices("private").filter_map(|(i, _)| {
        let before = lower[..i].bytes().next_back();
        match before {
            Some(b'"' | b'\'') => Some(i - 1),
            Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => None,
            _ => Some(i),
        }
    });
    // (where, whether it starts a line: a line may be a table header,
    // which says whose the lines below it are)
    let mut starts: Vec<(usize, bool)> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .map(|i| (i, true))
        .chain(words.map(|i| (i, false)))
        .collect();
    starts.sort_unstable();
    // A start on a line wholly inside a value already found is inside that
    // value: skipping it keeps the reading linear, however many lines a
    // value never ends. (A value that ends inside a line does not hide
    // what follows it there.)
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_end = |at: usize| {
        newlines
            .get(newlines.partition_point(|&n| n < at))
            .copied()
            .unwrap_or(text.len())
    };
    let mut covered = 0;
    let mut table = Table::Plain;
    for (start, line_start) in starts {
        if start < covered && line_end(start) < covered {
            continue;
        }
        let mut line = Scan {
            b: text.as_bytes(),
            pos: start,
            found: Vec::new(),
            depth: 0,
            only_private: true,
            table: if line_start { table } else { Table::Plain },
            header: 0,
        };
        line.skip_spaces();
        if line_start && line.peek() == Some(b'[') {
            line.table_header();
            table = line.table;
            continue;
        }
        line.key_value(true);
        for span in line.found {
            covered = covered.max(span.end);
            found.push(span);
        }
    }
    // An empty value (`private = """` and `"""` of a template) hides nothing.
    found.retain(|span| {
        text[span.clone()]
            .chars()
            .any(|c| !c.is_whitespace() && c != '"' && c != '\'')
    });
    found.sort_by_key(|r| (r.start, r.end));
    found.dedup();
    found
}

/// A forgiving reader of TOML's shape, for [`private_spans`]: it knows
/// strings, comments, arrays and inline tables, and carries on past
/// anything it does not understand.
struct Scan<'a> {
    b: &'a [u8],
    pos: usize,
    found: Vec<Range<usize>>,
    /// How deep in arrays and inline tables the reading is.
    depth: usize,
    /// Whether to stop at a key that is not `private` (a look at one
    /// line) rather than read on.
    only_private: bool,
    /// The table the lines below the last header belong to.
    table: Table,
    /// Where the last table header started.
    header: usize,
}

/// Whose the values under a table header are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    /// No one's in particular.
    Plain,
    /// A private note's: `[checkin.private]`, `[private.x]`.
    Private,
    /// `[private]` itself: the settings table of microvac.toml.
    Settings,
}

/// Past this depth of arrays and inline tables (no record comes close) a
/// value is read to the end of its line, without recursion, so a hostile
/// `[[[[…` cannot exhaust the stack; the line-by-line reading still finds
/// the keys.
const MAX_DEPTH: usize = 32;

impl Scan<'_> {
    /// Whether the header just read is one plain key, `[private]` (not
    /// `[a.private]`): the text from the header's `[` to here.
    fn header_is_top(&self) -> bool {
        let text = String::from_utf8_lossy(&self.b[self.header..self.pos]);
        text.trim_start_matches('[').trim() == "private"
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, s: &str) -> bool {
        self.b[self.pos.min(self.b.len())..].starts_with(s.as_bytes())
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Spaces, line ends and comments.
    fn skip_blank(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'#') => self.skip_line(),
                _ => return,
            }
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'\n' {
                return;
            }
        }
    }

    fn document(&mut self) {
        while self.pos < self.b.len() {
            self.skip_blank();
            match self.peek() {
                None => return,
                // A table header holds no value, but says whose the
                // values below it are.
                Some(b'[') => self.table_header(),
                Some(_) => {
                    let before = self.pos;
                    self.key_value(true);
                    if self.pos == before {
                        self.skip_line();
                    }
                }
            }
        }
    }

    /// A table header, from its `[`: whose the values below it are.
    fn table_header(&mut self) {
        self.header = self.pos;
        self.pos += 1;
        let array = self.peek() == Some(b'[');
        if array {
            self.pos += 1;
        }
        let (named, last) = self.key();
        self.table = match (named, array, last.trim()) {
            (false, ..) => Table::Plain,
            (true, false, "private") if self.at("]") && self.header_is_top() => Table::Settings,
            (true, ..) => Table::Private,
        };
        self.skip_line();
    }

    /// `key = value`; at the top level (`line`) anything else ends at the
    /// line's end, in an inline table at the next `,` or `}`.
    fn key_value(&mut self, line: bool) {
        let (named, last) = self.key();
        // Under a `private` table every value is the note's, but for the
        // two settings of `[private]` in microvac.toml, which are public.
        let private = named
            || (self.depth == 0
                && match self.table {
                    Table::Plain => false,
                    Table::Private => true,
                    Table::Settings => !matches!(last.trim(), "recipients" | "identity"),
                });
        if self.only_private && !private {
            return;
        }
        self.skip_spaces();
        if self.peek() != Some(b'=') {
            while let Some(c) = self.peek() {
                if c == b'\n' || (!line && matches!(c, b',' | b'}')) {
                    break;
                }
                self.pos += 1;
            }
            return;
        }
        self.pos += 1;
        let start = self.pos;
        self.value();
        if private {
            self.found.push(start..self.pos);
        }
    }

    /// A dotted key; whether a part of it is `private` (`private`,
    /// `checkin.private`, `private.note`), and its last part.
    fn key(&mut self) -> (bool, String) {
        let mut any = false;
        let mut last = String::new();
        loop {
            self.skip_spaces();
            match self.peek() {
                Some(b'"') => {
                    let start = self.pos + 1;
                    self.single_line_string(b'"');
                    let end = self.pos.saturating_sub(1).max(start);
                    last = decode_basic(&self.b[start..end]);
                }
                Some(b'\'') => {
                    let start = self.pos + 1;
                    self.single_line_string(b'\'');
                    let end = self.pos.saturating_sub(1).max(start);
                    last = String::from_utf8_lossy(&self.b[start..end]).into_owned();
                }
                Some(c) if !is_structural(c) => {
                    let start = self.pos;
                    while self.peek().is_some_and(|c| !is_structural(c)) {
                        self.pos += 1;
                    }
                    last = String::from_utf8_lossy(&self.b[start..self.pos]).into_owned();
                }
                _ => break,
            }
            any |= is_private_key(&last);
            self.skip_spaces();
            if self.peek() == Some(b'.') {
                self.pos += 1;
            } else {
                break;
            }
        }
        (any, last)
    }

    /// A one-line string from its opening quote: to the closing quote, or
    /// to the line's end when there is none.
    fn single_line_string(&mut self, quote: u8) {
        self.pos += 1;
        while let Some(c) = self.peek() {
            match c {
                b'\n' => return,
                b'\\' if quote == b'"' => self.pos += 2,
                _ if c == quote => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.b.len());
    }

    /// A multi-line string from its opening quotes: past the closing ones
    /// (and up to two more quotes, which belong to the string), or to the
    /// end of the text.
    fn multi_line_string(&mut self, quote: u8) {
        let close = if quote == b'"' { "\"\"\"" } else { "'''" };
        self.pos += 3;
        while self.pos < self.b.len() {
            if quote == b'"' && self.peek() == Some(b'\\') {
                self.pos += 2;
            } else if self.at(close) {
                self.pos += 3;
                for _ in 0..2 {
                    if self.peek() == Some(quote) {
                        self.pos += 1;
                    }
                }
                return;
            } else {
                self.pos += 1;
            }
        }
        self.pos = self.b.len();
    }

    fn value(&mut self) {
        self.skip_spaces();
        if self.depth >= MAX_DEPTH {
            while self.peek().is_some_and(|c| c != b'\n') {
                self.pos += 1;
            }
            return;
        }
        self.depth += 1;
        self.value_inner();
        self.depth -= 1;
    }

    fn value_inner(&mut self) {
        match self.peek() {
            None => {}
            Some(_) if self.at("\"\"\"") => self.multi_line_string(b'"'),
            Some(_) if self.at("'''") => self.multi_line_string(b'\''),
            Some(q @ (b'"' | b'\'')) => self.single_line_string(q),
            Some(b'[') => {
                self.pos += 1;
                loop {
                    self.skip_blank();
                    match self.peek() {
                        None => return,
                        Some(b']') => {
                            self.pos += 1;
                            return;
                        }
                        Some(b',') => self.pos += 1,
                        Some(_) => {
                            let before = self.pos;
                            self.value();
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                    }
                }
            }
            Some(b'{') => {
                self.pos += 1;
                loop {
                    self.skip_blank();
                    match self.peek() {
                        None => return,
                        Some(b'}') => {
                            self.pos += 1;
                            return;
                        }
                        Some(b',') => self.pos += 1,
                        Some(_) => {
                            let before = self.pos;
                            self.key_value(false);
                            if self.pos == before {
                                self.pos += 1;
                            }
                        }
                    }
                }
            }
            Some(_) => {
                while let Some(c) = self.peek() {
                    if matches!(c, b'\n' | b',' | b']' | b'}' | b'#') {
                        break;
                    }
                    self.pos += 1;
                }
            }
        }
        self.pos = self.pos.min(self.b.len());
    }
}

/// Bytes that end a bare key.
fn is_structural(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'='
            | b'.'
            | b'#'
            | b','
            | b'{'
            | b'}'
            | b'['
            | b']'
            | b'"'
            | b'\''
    )
}

/// The text of a basic string's inside, escapes decoded (an escape that
/// does not decode is kept as written).
fn decode_basic(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => push_code(&mut out, &mut chars, 4),
            Some('U') => push_code(&mut out, &mut chars, 8),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('e') => out.push('\u{1b}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn push_code(out: &mut String, chars: &mut std::str::Chars<'_>, digits: usize) {
    let hex: String = chars.by_ref().take(digits).collect();
    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
        Some(c) => out.push(c),
        None => out.push_str(&hex),
    }
}
