//! The report as text: markdown to paste into an email (headings, bullet
//! lists, one short sentence per item), and a terminal view of the same.

use super::{Line, ReportView, person_lines};
use crate::render::{markdown_text, printable};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// Writes the report as markdown: a title, the summary, then one section
/// per kind of event, each a bullet list (or one sentence saying it is
/// empty), and the reps and comfort per person last.
pub fn write_markdown(view: &ReportView, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}", markdown_text(&view.title(), false))?;
    writeln!(out)?;
    if let Some(project) = &view.project {
        writeln!(out, "Project: {}.", markdown_text(project, false))?;
        writeln!(out)?;
    }
    writeln!(out, "{}", view.summary())?;
    let people = person_lines(view, "→");
    let mut sections = view.sections();
    sections.push(super::Section {
        heading: "Reps and comfort per person",
        lines: people,
        empty: format!("Nobody checked in {}.", view.period_phrase()),
    });
    for section in sections {
        writeln!(out)?;
        writeln!(out, "## {}", section.heading)?;
        writeln!(out)?;
        if section.lines.is_empty() {
            writeln!(out, "{}", section.empty)?;
        }
        for line in &section.lines {
            writeln!(out, "- {}", markdown_line(line))?;
        }
    }
    Ok(())
}

/// "alice: 2nd rep of … (2026-11-19) — “went better than feared”", its
/// user text inert in markdown (no HTML, link or image).
fn markdown_line(line: &Line) -> String {
    let (who, text) = (
        markdown_text(&line.who, false),
        markdown_text(&line.text, false),
    );
    match &line.quote {
        Some(quote) => format!("{who}: {text} — “{}”", markdown_text(quote, false)),
        None => format!("{who}: {text}"),
    }
}

/// `line` with its user text made safe for a terminal.
fn printable_line(line: &Line) -> Line {
    Line {
        who: printable(&line.who).into_owned(),
        text: printable(&line.text).into_owned(),
        quote: line.quote.as_deref().map(|q| printable(q).into_owned()),
    }
}

/// Writes the report for a terminal: the same sentences as the markdown,
/// with bold headings and colour when `styled`, wrapped to `width` with a
/// hanging indent. Unstyled output draws nothing but ASCII around the
/// text.
pub fn write_terminal(
    view: &ReportView,
    out: &mut dyn Write,
    styled: bool,
    width: Option<u16>,
) -> io::Result<()> {
    let paint = Paint { styled };
    let width = width.map_or(usize::MAX, |w| usize::from(w.max(40)));
    writeln!(out, "{}", paint.heading(&printable(&view.heading())))?;
    match &view.project {
        Some(project) => writeln!(out, "{}, project {}", view.period(), printable(project))?,
        None => writeln!(out, "{}", view.period())?,
    }
    for line in super::super::wrap(&view.summary(), width) {
        writeln!(out, "{line}")?;
    }
    let arrow = if styled { "→" } else { "->" };
    let mut sections = view.sections();
    sections.push(super::Section {
        heading: "Reps and comfort per person",
        lines: person_lines(view, arrow),
        empty: format!("Nobody checked in {}.", view.period_phrase()),
    });
    for section in sections {
        writeln!(out)?;
        writeln!(out, "{}", paint.heading(section.heading))?;
        if section.lines.is_empty() {
            writeln!(out, "  {}", paint.dim(&section.empty))?;
        }
        for line in &section.lines {
            write_wrapped(out, &paint, &printable_line(line), width)?;
        }
    }
    Ok(())
}

/// One line as `  who: text`, its quote (a note, a reason) on the next
/// line in double quotes; continued lines indented by four.
fn write_wrapped(out: &mut dyn Write, paint: &Paint, line: &Line, width: usize) -> io::Result<()> {
    let plain = format!("{}: {}", line.who, line.text);
    let room = width.saturating_sub(4).max(20);
    for (i, text) in super::super::wrap(&plain, room).iter().enumerate() {
        // The person (or project) leads the line: make it stand out.
        match text.strip_prefix(line.who.as_str()).filter(|_| i == 0) {
            Some(tail) => writeln!(out, "  {}{tail}", paint.bold(&line.who))?,
            None if i == 0 => writeln!(out, "  {text}")?,
            None => writeln!(out, "    {text}")?,
        }
    }
    if let Some(quote) = &line.quote {
        for text in super::super::wrap(&format!("\"{quote}\""), room) {
            writeln!(out, "    {}", paint.dim(&text))?;
        }
    }
    Ok(())
}

/// Styles text only when the terminal wants it.
struct Paint {
    styled: bool,
}

impl Paint {
    fn with(&self, style: Style, text: &str) -> String {
        if self.styled {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    fn heading(&self, text: &str) -> String {
        if self.styled {
            self.with(Style::new().bold().underline(), text)
        } else {
            format!("== {text} ==")
        }
    }

    fn bold(&self, text: &str) -> String {
        self.with(Style::new().bold(), text)
    }

    fn dim(&self, text: &str) -> String {
        self.with(AnsiColor::BrightBlack.on_default(), text)
    }
}
