//! A problem in a record file, rendered cargo-style: the file, line and
//! column, the line itself and a caret under what is wrong.
//!
//! Rendering never panics, whatever the text and span: a span past the
//! end, reversed, or inside a character is moved to the nearest character
//! boundaries, and only the lines around it are handed to the renderer.

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
            let headline = self.headline();
            let report = [Group::with_title(Level::ERROR.primary_title(&headline))];
            return renderer.render(&report).to_string();
        };
        let excerpt = Excerpt::around(text, span);
        let report = [Level::ERROR.primary_title(&self.message).element(
            Snippet::source(excerpt.source)
                .path(&self.file)
                .line_start(excerpt.first_line)
                .annotation(AnnotationKind::Primary.span(excerpt.span)),
        )];
        renderer.render(&report).to_string()
    }
}

/// The lines of a text a span covers, with the span made safe to slice by.
struct Excerpt<'t> {
    source: &'t str,
    /// 1-based number of the excerpt's first line in the text.
    first_line: usize,
    /// The span, relative to `source`, on character boundaries.
    span: Range<usize>,
}

impl<'t> Excerpt<'t> {
    /// Lines shown at most; a longer span (a whole file, say) is cut to
    /// its first line.
    const MAX_LINES: usize = 6;
    /// Bytes shown at most after the span on its last line.
    const MAX_TAIL: usize = 240;

    fn around(text: &'t str, span: &Range<usize>) -> Excerpt<'t> {
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
        Excerpt {
            source: &text[line_begin..source_end],
            first_line: text[..line_begin].matches('\n').count() + 1,
            span: start - line_begin..end - line_begin,
        }
    }
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
