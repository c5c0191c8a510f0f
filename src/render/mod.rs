//! Output for people and for scripts: a [`Grid`] (headers and rows) prints
//! as a terminal table, markdown or CSV; JSON goes through serde. Everything
//! writes to `&mut dyn Write`.

mod fit;
pub mod growth;
pub mod ics;
pub mod report;

pub use fit::fit;

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use std::io::{self, Write};

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
        let esc = |s: &str| printable(s).replace('|', "\\|").replace('\n', "<br>");
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
                writeln!(out, "{}  ", printable(line))?;
            }
        }
        Ok(())
    }

    fn write_csv(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.headers)?;
        for row in &self.rows {
            writer.write_record(row.iter().map(|c| c.text.as_str()))?;
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

/// Text from a record made safe for a terminal: control characters
/// (carriage return, escape, bell, delete, …) are shown escaped (`\r`,
/// `\u{1b}`) instead of acting on the terminal; newlines and tabs stay.
/// Every table cell, `show` and the messages of `ui` go through it; JSON
/// escapes on its own, and CSV keeps the data as it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// Writes a value as pretty JSON with a final newline.
pub fn write_json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
