//! A problem in a record file, rendered cargo-style: the file, line and
//! column, the line itself and a caret under what is wrong.

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

    /// Points the problem at `span` of `text`.
    pub fn at(mut self, text: &str, span: Option<Range<usize>>) -> Problem {
        self.span = span;
        self.text = Some(text.to_owned());
        self
    }

    /// `line:column` (1-based) of the span's start.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (text, span) = (self.text.as_ref()?, self.span.as_ref()?);
        let start = span.start.min(text.len());
        let before = &text[..start];
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
        let mut span = span.start.min(text.len())..span.end.min(text.len());
        if span.is_empty() && span.end < text.len() {
            span.end += text[span.end..].chars().next().map_or(0, char::len_utf8);
        }
        let report = [Level::ERROR.primary_title(&self.message).element(
            Snippet::source(text.as_str())
                .path(&self.file)
                .line_start(1)
                .annotation(AnnotationKind::Primary.span(span)),
        )];
        renderer.render(&report).to_string()
    }
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
}
