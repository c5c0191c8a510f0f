//! Output for people and for scripts: a [`Grid`] (headers and rows) prints
//! as a terminal table, markdown or CSV; JSON goes through serde. Everything
//! writes to `&mut dyn Write`.
//!
//! Text from the records is untrusted, so every format keeps it inert, each
//! in one place: [`printable`] for a terminal, [`markdown_text`] for
//! markdown, [`csv_cell`] for CSV (the one CSV writer), [`write_json`] for
//! JSON (the one JSON writer).

mod fit;
pub mod growth;
pub mod ics;
pub mod report;

pub use fit::fit;

pub use crate::model::text::printable;

use crate::model::text::is_hidden;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use std::{
    borrow::Cow,
    io::{self, Write},
};

/// How a read command prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table sized to the terminal (plain ASCII when piped).
    Table,
    /// JSON, for scripts.
    Json,
    /// A markdown table, to paste.
    Markdown,
    /// CSV, for spreadsheets.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// An iCalendar file.
    Ics,
}

impl Format {
    /// The name as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Ics => "ics",
        }
    }
}

/// A table of text, before it is given a format.
#[derive(Debug, Default, Clone)]
pub struct Grid {
    /// Column headers.
    pub headers: Vec<String>,
    /// The rows, cells in header order.
    pub rows: Vec<Vec<GridCell>>,
    /// Lines printed under a terminal or markdown table (a legend).
    pub footer: Vec<String>,
    /// Draw cells without padding, to fit many columns in a narrow terminal.
    pub compact: bool,
}

/// One cell: its text and how it should stand out on a terminal.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The cell's text.
    pub text: String,
    /// How it stands out on a terminal.
    pub tone: Tone,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
/// How a cell stands out on a terminal.
pub enum Tone {
    #[default]
    /// No emphasis.
    Plain,
    /// Vacant, overdue: needs attention.
    Alert,
    /// Not applicable, ended.
    Dim,
    /// Filled.
    Good,
}

impl From<String> for GridCell {
    fn from(text: String) -> Self {
        GridCell {
            text,
            tone: Tone::Plain,
        }
    }
}

impl From<&str> for GridCell {
    fn from(text: &str) -> Self {
        text.to_owned().into()
    }
}

impl GridCell {
    /// A cell with a tone.
    pub fn toned(text: impl Into<String>, tone: Tone) -> GridCell {
        GridCell {
            text: text.into(),
            tone,
        }
    }
}

/// How a terminal table is drawn.
#[derive(Debug, Clone, Copy)]
pub struct TableStyle {
    /// Colours and box-drawing characters (a terminal that wants them).
    pub styled: bool,
    /// Width to fit, when known.
    pub width: Option<u16>,
}

impl TableStyle {
    /// The style for stdout: `styled` where the terminal takes colour;
    /// width from the terminal, or `COLUMNS`.
    /// A width of 0 (`script`, some CI shells report a 0x0 terminal) is
    /// unknown: 80 on a terminal, none when piped.
    pub fn for_stdout(styled: bool) -> TableStyle {
        use std::io::IsTerminal;
        let terminal = io::stdout().is_terminal();
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w > 0)
            .or_else(|| terminal.then(|| Table::new().width()).flatten())
            .filter(|w| *w > 0)
            .or(terminal.then_some(80));
        TableStyle { styled, width }
    }
}

impl Grid {
    /// A grid with these headers.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Grid {
        Grid {
            headers: headers.into_iter().map(Into::into).collect(),
            ..Grid::default()
        }
    }

    /// Appends a row.
    pub fn push<C: Into<GridCell>>(&mut self, row: impl IntoIterator<Item = C>) {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    /// Writes the grid in `format` (JSON, HTML and iCalendar are not grid
    /// formats: callers write their own, or refuse them, and a grid asked
    /// for them prints as a table).
    pub fn write(&self, out: &mut dyn Write, format: Format, style: TableStyle) -> io::Result<()> {
        match format {
            Format::Table | Format::Json | Format::Html | Format::Ics => {
                self.write_table(out, style)
            }
            Format::Markdown => self.write_markdown(out),
            Format::Csv => self.write_csv(out),
        }
    }

    fn write_table(&self, out: &mut dyn Write, style: TableStyle) -> io::Result<()> {
        let mut table = Table::new();
        table.force_no_tty();
        if style.styled {
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .enforce_styling();
        } else {
            table.load_style(presets::ASCII_FULL_CONDENSED);
        }
        if let Some(width) = style.width {
            table
                .set_width(width)
                .set_content_arrangement(ContentArrangement::Dynamic);
        }
        table.set_header(self.headers.iter().map(|h| {
            let cell = Cell::new(printable(h));
            if style.styled {
                cell.add_attribute(comfy_table::Attribute::Bold)
            } else {
                cell
            }
        }));
        for row in &self.rows {
            table.add_row(row.iter().map(|c| {
                let mut cell = Cell::new(printable(&c.text));
                if style.styled {
                    cell = match c.tone {
                        Tone::Plain => cell,
                        Tone::Alert => cell.fg(Color::Yellow),
                        Tone::Dim => cell.fg(Color::DarkGrey),
                        Tone::Good => cell.fg(Color::Green),
                    };
                }
                if c.text.chars().all(|ch| ch.is_ascii_digit()) && !c.text.is_empty() {
                    cell = cell.set_alignment(CellAlignment::Right);
                }
                cell
            }));
        }
        if let Some(width) = style.width {
            // comfy-table counts the cell padding in a column's width, and
            // draws a border before, between and after the columns.
            let padding = if self.compact { 0 } else { 2 };
            let columns = self.headers.len();
            let natural: Vec<usize> = (0..columns)
                .map(|i| self.natural_width(i) + padding)
                .collect();
            let least: Vec<usize> = (0..columns)
                .map(|i| self.unbreakable_width(i) + padding)
                .collect();
            let room = usize::from(width).saturating_sub(columns + 1);
            if self.least_width() > usize::from(width) {
                // Even with every column at its longest word the table is
                // wider than the terminal: one record per block of lines.
                return self.write_blocks(out, usize::from(width));
            }
            let used = |i: usize, w: usize| {
                let cells = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.text.as_str());
                let header = self.headers.get(i).map(String::as_str);
                header
                    .into_iter()
                    .chain(cells)
                    .map(|t| wrapped_width(t, w.saturating_sub(padding)))
                    .max()
                    .unwrap_or(0)
                    + padding
            };
            if let Some(widths) = fit_widths(&natural, &least, room, used) {
                for (column, w) in table.column_iter_mut().zip(widths) {
                    column.set_constraint(comfy_table::ColumnConstraint::Absolute(
                        comfy_table::Width::Fixed(u16::try_from(w).unwrap_or(u16::MAX)),
                    ));
                }
            }
        }
        if self.compact {
            for column in table.column_iter_mut() {
                column.set_padding((0, 0));
            }
        }
        writeln!(out, "{table}")?;
        for line in &self.footer {
            let line = printable(line);
            match style.width {
                Some(width) => {
                    for wrapped in wrap(&line, usize::from(width)) {
                        writeln!(out, "{wrapped}")?;
                    }
                }
                None => writeln!(out, "{line}")?,
            }
        }
        Ok(())
    }

    /// How wide the table is drawn with every column at its narrowest
    /// (its longest word), borders included.
    fn least_width(&self) -> usize {
        let padding = if self.compact { 0 } else { 2 };
        let columns = self.headers.len();
        (0..columns)
            .map(|i| self.unbreakable_width(i) + padding)
            .sum::<usize>()
            + columns
            + 1
    }

    /// The rows as blocks of `HEADER  value` lines, a blank line between
    /// them, for a terminal too narrow for the table: values wrap at
    /// words under their column (an ID, a slug or a date is never broken),
    /// empty and `-` cells are left out; the footer follows, wrapped.
    fn write_blocks(&self, out: &mut dyn Write, width: usize) -> io::Result<()> {
        let label = self
            .headers
            .iter()
            .map(|h| printable(h).chars().count())
            .max()
            .unwrap_or(0)
            + 2;
        let room = width.saturating_sub(label).max(1);
        for (n, row) in self.rows.iter().enumerate() {
            if n > 0 {
                writeln!(out)?;
            }
            for (header, cell) in self.headers.iter().zip(row) {
                let text = printable(&cell.text);
                if matches!(text.trim(), "" | "-") {
                    continue;
                }
                let header = printable(header);
                let mut first = true;
                for line in text.lines().flat_map(|l| wrap_words(l, room)) {
                    let line = line.trim_end();
                    if first {
                        writeln!(out, "{header:<label$}{line}")?;
                        first = false;
                    } else {
                        writeln!(out, "{:label$}{line}", "")?;
                    }
                }
            }
        }
        if !self.footer.is_empty() {
            writeln!(out)?;
        }
        for line in &self.footer {
            for wrapped in wrap(&printable(line), width) {
                writeln!(out, "{wrapped}")?;
            }
        }
        Ok(())
    }

    /// How wide column `i` is unwrapped: its longest line.
    fn natural_width(&self, i: usize) -> usize {
        let longest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        let header = self.headers.get(i).map_or(0, |h| longest(h));
        let cells = self
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(|c| longest(&c.text));
        std::iter::once(header).chain(cells).max().unwrap_or(0)
    }

    /// How narrow column `i` may get: wide enough for its longest word, so
    /// an ID, a slug or a date is never broken and only free text wraps at
    /// its spaces; the first column, which names the row, is kept whole
    /// (up to 24 characters). Within reason: a word over 40 characters may
    /// still be broken.
    fn unbreakable_width(&self, i: usize) -> usize {
        let longest = |text: &str| -> usize {
            let word = text
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
                .min(40);
            let whole = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            if i == 0 {
                word.max(whole.min(24))
            } else {
                word
            }
        };
        let header = self.headers.get(i).map_or(0, |h| longest(h));
        let cells = self
            .rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(|c| longest(&c.text));
        std::iter::once(header).chain(cells).max().unwrap_or(0)
    }

    fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let esc = |s: &str| markdown_text(s, true);
        writeln!(
            out,
            "| {} |",
            self.headers
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
        writeln!(out, "|{}", "---|".repeat(self.headers.len()))?;
        for row in &self.rows {
            writeln!(
                out,
                "| {} |",
                row.iter()
                    .map(|c| esc(&c.text))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )?;
        }
        if !self.footer.is_empty() {
            writeln!(out)?;
            for line in &self.footer {
                writeln!(out, "{}  ", markdown_text(line, false))?;
            }
        }
        Ok(())
    }

    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(self.headers.iter().map(|h| csv_cell(h).into_owned()))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(|c| csv_cell(&c.text).into_owned()))?;
        }
        writer.flush()
    }
}

/// Column widths that fit `room`, or `None` when the natural widths do.
/// Every column gets at least its `least` (its longest word: no ID, slug or
/// date is broken, even where the table then overflows); the room left is
/// shared out evenly among the columns that want more, none past its
/// natural width. `used(i, w)` says how wide column `i` really is when
/// wrapped at `w`: what wrapping leaves unused goes to the others.
fn fit_widths(
    natural: &[usize],
    least: &[usize],
    room: usize,
    used: impl Fn(usize, usize) -> usize,
) -> Option<Vec<usize>> {
    if natural.iter().sum::<usize>() <= room {
        return None;
    }
    let mut widths: Vec<usize> = least
        .iter()
        .zip(natural)
        .map(|(l, n)| (*l).min(*n))
        .collect();
    let mut done = vec![false; widths.len()];
    loop {
        let mut left = room.saturating_sub(widths.iter().sum());
        loop {
            let wanting: Vec<usize> = (0..widths.len())
                .filter(|&i| !done[i] && widths[i] < natural[i])
                .collect();
            if wanting.is_empty() || left == 0 {
                break;
            }
            let share = (left / wanting.len()).max(1);
            for i in wanting {
                let give = share.min(natural[i] - widths[i]).min(left);
                widths[i] += give;
                left -= give;
            }
        }
        // A column whose words wrap short of its width gives the rest back.
        let mut freed = false;
        for i in 0..widths.len() {
            let really = used(i, widths[i]).max(least[i].min(natural[i]));
            if really < widths[i] {
                widths[i] = really;
                done[i] = true;
                freed = true;
            }
        }
        if !freed || left > 0 {
            return Some(widths);
        }
    }
}

/// How wide `text` is when wrapped at spaces to `width` (a longer word
/// stands alone on its line).
fn wrapped_width(text: &str, width: usize) -> usize {
    text.lines()
        .flat_map(|line| wrap(line, width))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
}

/// Splits `line` at spaces into lines of at most `width` characters.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push(current);
    out
}

/// `text` with each line longer than `width` broken at spaces, never
/// inside a word (a longer word stands alone on its line), continued at
/// the line's own indentation (under the text of a `- ` item). Lines that
/// fit are kept as they are, inner spacing included.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        if line.chars().count() <= width {
            out.push(line.to_owned());
            continue;
        }
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        let hang = indent + if body.starts_with("- ") { 2 } else { 0 };
        let room = width.saturating_sub(hang).max(1);
        let first_room = width.saturating_sub(indent).max(1);
        let words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in words {
            let limit = if lines.is_empty() { first_room } else { room };
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > limit {
                lines.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        lines.push(current);
        for (i, l) in lines.into_iter().enumerate() {
            let pad = if i == 0 { indent } else { hang };
            out.push(format!("{}{l}", " ".repeat(pad)));
        }
    }
    out
}

/// A CSV cell that a spreadsheet takes as text, never as a formula: the
/// text made [`printable`], and a cell that would start with `=`, `+`,
/// `-`, `@`, a tab or a carriage return (or their full-width forms, or any
/// of them after leading blanks) gets a `'` in front, as OWASP advises.
/// The CSV writer quotes the cell where its content needs it.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    const STARTS: &[char] = &[
        '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    let formula = |t: &str| {
        t.starts_with(STARTS)
            || t.trim_start_matches([' ', '\u{a0}', '\u{3000}'])
                .starts_with(STARTS)
    };
    let shown = printable(text);
    if formula(text) || formula(&shown) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    }
}

/// User text made inert in markdown: [`printable`] first, then `<`, `>`
/// and a `&` that could start an entity become entities (no HTML, no
/// autolink, no entity that decodes to markup), `[`, `]`, `` ` ``, `*`,
/// `_`, `~`, `|` and `\\` are backslash-escaped (no link, image, code span,
/// emphasis or table cell break), a scheme's `://` and a `www.` are broken
/// with an escape (no bare link in renderers that link them), and a line
/// break becomes `<br>` in a table cell or a space elsewhere.
pub fn markdown_text(text: &str, in_cell: bool) -> String {
    let shown = printable(text);
    let mut out = String::with_capacity(shown.len() + 8);
    for (i, c) in shown.char_indices() {
        match c {
            // Only where it starts an entity: "R&D" stays as typed.
            '&' if starts_entity(&shown[i + 1..]) => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '`' | '*' | '_' | '~' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ':' if shown[i..].starts_with("://") => out.push_str(":\\"),
            '.' if i >= 3
                && shown
                    .get(i - 3..i)
                    .is_some_and(|w| w.eq_ignore_ascii_case("www")) =>
            {
                out.push_str("\\.")
            }
            '\n' if in_cell => out.push_str("<br>"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether text after a `&` makes it a character reference (`&lt;`,
/// `&#60;`, `&#x3c;`): letters or digits, then `;`.
fn starts_entity(after: &str) -> bool {
    let name = after.strip_prefix('#').unwrap_or(after);
    let len = name.chars().take_while(char::is_ascii_alphanumeric).count();
    len > 0 && name[len..].starts_with(';')
}

/// Writes a value as pretty JSON with a final newline. Hidden characters
/// in strings ([`is_hidden`]: the bidi controls, zero-width characters,
/// DEL and the C1 controls, which JSON allows raw) are written as `\uXXXX`
/// escapes, so a script that prints a field shows what the file holds, not
/// what it pretends.
pub fn write_json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut *out,
        EscapeHidden(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut serializer)?;
    writeln!(out)
}

/// serde_json's pretty layout, with hidden characters escaped in strings.
struct EscapeHidden<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for EscapeHidden<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_hidden(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_the_hidden_class_and_keeps_lines() {
        assert_eq!(printable("Alice Liddell"), "Alice Liddell");
        assert_eq!(
            printable("Alice Liddell\rMallory\u{202e}x\u{200b}y\u{1b}[2J\n\tz"),
            "Alice Liddell\\rMallory\\u{202e}x\\u{200b}y\\u{1b}[2J\n\tz"
        );
    }

    #[test]
    fn words_wrap_at_spaces_under_their_indentation() {
        assert_eq!(wrap_words("  short  spaced", 20), ["  short  spaced"]);
        assert_eq!(
            wrap_words("   one two three four", 12),
            ["   one two", "   three", "   four"]
        );
        assert_eq!(
            wrap_words("  - a b c d e f\nok", 9),
            ["  - a b c", "    d e f", "ok"]
        );
        // A word longer than the width is never broken.
        assert_eq!(
            wrap_words("x status-email@payments y", 8),
            ["x", "status-email@payments", "y"]
        );
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        for (text, cell) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("@SUM(1)", "'@SUM(1)"),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\\r=1"),
            ("  =1", "'  =1"),
            ("\u{FF1D}1", "'\u{FF1D}1"),
            ("Alice", "Alice"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(text), cell, "{text:?}");
        }
        let mut grid = Grid::new(["=H"]);
        grid.push(["=HYPERLINK(\"http://x\",\"y\")"]);
        let mut out = Vec::new();
        grid.write(
            &mut out,
            Format::Csv,
            TableStyle {
                styled: false,
                width: None,
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "'=H\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n"
        );
    }

    #[test]
    fn markdown_text_holds_no_html_link_or_image() {
        let md = markdown_text(
            "<script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:x) ![i](http://t/p.png) http://e.com www.e.com a|b `c` &amp;",
            true,
        );
        for live in ["<", ">", "![", "http://", "www."] {
            assert!(!md.contains(live), "{live}: {md}");
        }
        for (i, c) in md.char_indices() {
            if matches!(c, '[' | ']' | '`') {
                assert_eq!(&md[i - 1..i], "\\", "{i}: {md}");
            }
        }
        assert!(md.contains("&amp;amp;"), "{md}");
        assert!(md.contains("&lt;script&gt;"), "{md}");
        assert!(md.contains("a\\|b"), "{md}");
        assert_eq!(markdown_text("one\ntwo", true), "one<br>two");
        assert_eq!(markdown_text("one\ntwo", false), "one two");
        assert_eq!(markdown_text("R&D & ops", false), "R&D & ops");
        assert_eq!(
            markdown_text("&#60;b&#62; &lt;", false),
            "&amp;#60;b&amp;#62; &amp;lt;"
        );
    }

    #[test]
    fn json_escapes_hidden_characters_and_stays_json() {
        let text = "Alice\u{202e}\u{200b}\u{7f}\u{85}\r\u{1F600}\u{E0041}";
        let mut out = Vec::new();
        write_json(&mut out, &serde_json::json!({ "name": text })).unwrap();
        let json = String::from_utf8(out).unwrap();
        assert!(!json.chars().any(|c| is_hidden(c) && c != '\n'), "{json:?}");
        assert!(json.contains("\\u202e\\u200b\\u007f\\u0085"), "{json}");
        assert!(json.contains("\\udb40\\udc41"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], text);
        assert!(json.starts_with("{\n  \"name\": "), "{json}");
    }
}
