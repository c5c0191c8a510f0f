//! A problem in a record file, rendered cargo-style: the file, line and
//! column, the line itself and a caret under what is wrong.
//!
//! Rendering never panics, whatever the text and span: a span past the
//! end, reversed, or inside a character is moved to the nearest character
//! boundaries, and only the lines around it are handed to the renderer.

use crate::model::text::{is_hidden, printable};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::ops::Range;

/// One thing wrong with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file's path as the user sees it (relative to the work tree).
    pub file: String,
    /// Byte range in the file of what is wrong, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// The file's text, kept to show the line.
    pub text: Option<String>,
}

impl Problem {
    /// A grid with these headers.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: file.into(),
            span: None,
            message: message.into(),
            text: None,
        }
    }

    /// Points the problem at `span` of `text`. The value of every
    /// `private` key is blotted out of the text kept (same bytes and lines,
    /// so the span still points where it did): a problem is shown, and a
    /// private note is never shown in the clear.
    pub fn at(mut self, text: &str, span: Option<Range<usize>>) -> Problem {
        self.span = span;
        self.text = Some(crate::model::private::blot_private(text));
        self
    }

    /// `line:column` (1-based, the column in characters) of the span's
    /// start.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (text, span) = (self.text.as_ref()?, self.span.as_ref()?);
        let before = &text[..floor_boundary(text, span.start)];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, col))
    }

    /// `file:line:col: message`, one line.
    pub fn headline(&self) -> String {
        match self.line_col() {
            Some((l, c)) => format!("{}:{l}:{c}: {}", self.file, self.message),
            None => format!("{}: {}", self.file, self.message),
        }
    }

    /// The cargo-style report with the offending line and a caret.
    pub fn render(&self, styled: bool) -> String {
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let (Some(text), Some(span)) = (&self.text, &self.span) else {
            let headline = printable(&self.headline()).into_owned();
            let report = [Group::with_title(Level::ERROR.primary_title(&headline))];
            return renderer.render(&report).to_string();
        };
        let excerpt = Excerpt::around(text, span);
        let (message, file) = (printable(&self.message), printable(&self.file));
        let report = [Level::ERROR.primary_title(message.as_ref()).element(
            Snippet::source(excerpt.source.as_str())
                .path(file.as_ref())
                .line_start(excerpt.first_line)
                .annotation(AnnotationKind::Primary.span(excerpt.span)),
        )];
        renderer.render(&report).to_string()
    }
}

/// The lines of a text a span covers, with the span made safe to slice by.
struct Excerpt {
    /// The lines, hidden characters shown escaped.
    source: String,
    /// 1-based number of the excerpt's first line in the text.
    first_line: usize,
    /// The span, relative to `source`, on character boundaries.
    span: Range<usize>,
}

impl Excerpt {
    /// Lines shown at most; a longer span (a whole file, say) is cut to
    /// its first line.
    const MAX_LINES: usize = 6;
    /// Bytes shown at most after the span on its last line.
    const MAX_TAIL: usize = 240;

    fn around(text: &str, span: &Range<usize>) -> Excerpt {
        let start = floor_boundary(text, span.start);
        let mut end = ceil_boundary(text, span.end).max(start);
        if start == end {
            // An empty span points at the character after it, if any.
            end += text[end..].chars().next().map_or(0, char::len_utf8);
        }
        let line_begin = text[..start].rfind('\n').map_or(0, |i| i + 1);
        // Whole lines, each with its newline, through the one where the
        // span ends (a span that takes in a newline reaches the next line,
        // as it did when the renderer got the whole text).
        let through_line = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let mut source_end = through_line(end);
        if text[line_begin..source_end].matches('\n').count() > Self::MAX_LINES {
            source_end = through_line(start);
            end = end.min(source_end);
        }
        // A very long line is cut some way after the span.
        source_end = ceil_boundary(text, source_end.min(end.saturating_add(Self::MAX_TAIL)));
        let (source, span) = shown(
            &text[line_begin..source_end],
            start - line_begin..end - line_begin,
        );
        Excerpt {
            source,
            first_line: text[..line_begin].matches('\n').count() + 1,
            span,
        }
    }
}

/// `source` with every hidden character but newline and tab (see
/// `model::text::is_hidden`) shown as one visible character: a control
/// picture (`␍`, `␛`) for a C0 control or DEL, `�` for the others (bidi
/// controls, zero-width characters, C1 controls). One character for one,
/// so the caret and the column still point where the file does; `span` is
/// moved to the same characters.
fn shown(source: &str, span: Range<usize>) -> (String, Range<usize>) {
    let mut out = String::with_capacity(source.len());
    let (mut start, mut end) = (None, None);
    for (i, c) in source.char_indices() {
        if i == span.start {
            start = Some(out.len());
        }
        if i == span.end {
            end = Some(out.len());
        }
        out.push(match c {
            '\n' | '\t' => c,
            '\0'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if is_hidden(c) => '\u{fffd}',
            c => c,
        });
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
}

/// `at`, or the nearest character boundary before it, within `text`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at`, or the nearest character boundary after it, within `text`.
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_column_and_caret() {
        let text = "name = \"Alice\"\nstatus = \"actve\"\n";
        let p =
            Problem::new("people/alice.toml", "unknown status \"actve\"").at(text, Some(24..31));
        assert_eq!(p.line_col(), Some((2, 10)));
        let out = p.render(false);
        assert!(out.contains("people/alice.toml:2:10"), "{out}");
        assert!(out.contains("status = \"actve\""), "{out}");
        assert!(out.contains("^^^^^^^"), "{out}");
    }

    #[test]
    fn hidden_characters_show_one_for_one_and_the_column_stays_the_files() {
        let text = "a = \"\u{202e}\u{1b}[2J\r\"\nname = \"x\u{200b}\u{85}y\"\n";
        let start = text.find("\"x").unwrap();
        let p = Problem::new("p\u{1b}.toml", "bad \u{202e}").at(text, Some(start..text.len() - 1));
        let out = p.render(false);
        assert!(out.contains("p\\u{1b}.toml:2:8"), "{out}");
        assert!(out.contains("bad \\u{202e}"), "{out}");
        assert!(out.contains("\"x\u{fffd}\u{fffd}y\""), "{out}");
        assert!(!out.chars().any(|c| c != '\n' && is_hidden(c)), "{out:?}");
        let first = Problem::new("p.toml", "bad").at(text, Some(5..9));
        let out = first.render(false);
        assert!(out.contains("\u{fffd}\u{241b}[2J\u{240d}"), "{out}");
        assert!(out.contains("p.toml:1:6"), "{out}");
    }

    #[test]
    fn a_span_inside_a_character_renders_instead_of_panicking() {
        // The span `mv check` gave invalid UTF-8 shown as U+FFFD (3 bytes).
        let text = "# \u{FFFD}\n";
        #[allow(clippy::reversed_empty_ranges)]
        for span in [2..3, 3..4, 4..2, 0..usize::MAX, 100..200] {
            let p = Problem::new("p.toml", "bad").at(text, Some(span.clone()));
            let out = p.render(false);
            let (line, col) = p.line_col().unwrap();
            assert!(
                out.contains(&format!("p.toml:{line}:{col}")),
                "{span:?}: {out}"
            );
        }
    }

    #[test]
    fn a_span_over_a_long_file_shows_the_lines_where_it_starts() {
        let text = "a = 1\n".repeat(10_000);
        let p = Problem::new("p.toml", "missing field `name`").at(&text, Some(12..text.len()));
        let out = p.render(false);
        assert!(out.contains("p.toml:3:1"), "{out}");
        assert!(out.lines().count() < 12, "{out}");
    }
}
