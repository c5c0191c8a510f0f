//! The report as one self-contained HTML page: inline CSS (with a print
//! layout), an inline SVG chart of reps and comfort per person, no script,
//! no network. A Content-Security-Policy in the page itself forbids loading
//! anything, so even a mistake here cannot make a reader's browser fetch.
//! Every piece of text goes through [`escape`]: names and notes are typed by
//! people and may hold markup.

use super::{Line, PersonSummary, ReportView, person_lines, trend};
use std::io::{self, Write};

/// The page's stylesheet: readable on screen, tidy on A4 paper.
const STYLE: &str = "
:root { --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --accent: #2f5d9e;
  --good: #2e7d32; --mid: #b26a00; --low: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f5f8; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 880px; margin: 24px auto; background: #fff; padding: 32px 40px;
  border: 1px solid var(--line); border-radius: 8px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.period { color: var(--muted); margin: 0 0 16px; }
.summary { margin: 0 0 16px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(90px, 1fr)); gap: 10px;
  margin: 0 0 8px; padding: 0; list-style: none; }
.tiles li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.tiles .n { display: block; font-size: 22px; font-weight: 700; color: var(--accent); }
.tiles .l { color: var(--muted); font-size: 13px; }
ul.items { margin: 0; padding-left: 20px; }
ul.items li { margin: 3px 0; }
.who { font-weight: 600; }
.quote { color: var(--muted); font-style: italic; }
.empty { color: var(--muted); margin: 0; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 12px; }
svg text { font: 13px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; fill: var(--ink); }
svg .axis { fill: var(--muted); font-size: 12px; }
svg .handle { fill: var(--muted); font-size: 11px; }
svg .tick { fill: var(--muted); font-size: 9px; }
svg .bar { fill: var(--accent); }
svg .band { fill: #f3f5f9; }
svg .guide { stroke: var(--line); stroke-width: 1; stroke-dasharray: 3 3; }
svg .trend { fill: none; stroke: var(--muted); stroke-width: 1.5; }
svg .c1, svg .c2 { fill: var(--low); } svg .c3 { fill: var(--mid); } svg .c4, svg .c5 { fill: var(--good); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; margin: 0; padding: 0; border: 0; }
  .tiles { grid-template-columns: repeat(7, 1fr); gap: 6px; }
  .tiles li { padding: 4px 6px; }
  .tiles .n { font-size: 16pt; }
  .tiles .l { font-size: 8pt; }
  .tiles, li, tr, svg { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

/// Writes the report as one HTML page that needs nothing else: open it in
/// a browser, print it, or attach it to the status email.
pub fn write_html(view: &ReportView, out: &mut dyn Write) -> io::Result<()> {
    let title = escape(&view.title());
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>{title}</title>")?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>\n<main>")?;
    write_header(view, out)?;
    write_people(view, out)?;
    for section in view.sections() {
        writeln!(out, "<section>\n<h2>{}</h2>", escape(section.heading))?;
        write_lines(out, &section.lines, &section.empty)?;
        writeln!(out, "</section>")?;
    }
    writeln!(
        out,
        "<footer>Made with microvac from the team's coaching records. Private notes are never part of a report.</footer>"
    )?;
    writeln!(out, "</main>\n</body>\n</html>")
}

/// The title, period, summary sentence and the numbers as tiles.
fn write_header(view: &ReportView, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<header>\n<h1>{}</h1>", escape(&view.heading()))?;
    let mut period = view.period();
    if let Some(project) = &view.project {
        period.push_str(&format!(" · project {project}"));
    }
    writeln!(out, "<p class=\"period\">{}</p>", escape(&period))?;
    writeln!(out, "<p class=\"summary\">{}</p>", escape(&view.summary()))?;
    let tiles = [
        (view.reps.len(), "reps"),
        (view.people.len(), "people checked in"),
        (view.new_commitments.len(), "new commitments"),
        (view.finished.len(), "finished"),
        (view.dropped.len(), "dropped"),
        (view.conversations.len(), "conversations"),
        (view.vacant_count(), "vacuums vacant"),
    ];
    writeln!(out, "<ul class=\"tiles\">")?;
    for (n, label) in tiles {
        writeln!(
            out,
            "<li><span class=\"n\">{n}</span><span class=\"l\">{label}</span></li>"
        )?;
    }
    writeln!(out, "</ul>\n</header>")
}

/// A bullet list of lines, or the sentence saying there are none.
fn write_lines(out: &mut dyn Write, lines: &[Line], empty: &str) -> io::Result<()> {
    if lines.is_empty() {
        return writeln!(out, "<p class=\"empty\">{}</p>", escape(empty));
    }
    writeln!(out, "<ul class=\"items\">")?;
    for line in lines {
        write!(
            out,
            "<li><span class=\"who\">{}</span>: {}",
            escape(&line.who),
            escape(&line.text)
        )?;
        if let Some(quote) = &line.quote {
            write!(out, " <span class=\"quote\">“{}”</span>", escape(quote))?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>")
}

/// The chart and table of reps and comfort per person.
fn write_people(view: &ReportView, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<section>\n<h2>Reps and comfort per person</h2>")?;
    if view.people.is_empty() {
        let empty = format!("Nobody checked in {}.", view.period_phrase());
        write_lines(out, &[], &empty)?;
        return writeln!(out, "</section>");
    }
    write_chart(&view.people, out)?;
    writeln!(
        out,
        "<table>\n<thead><tr><th>Person</th><th class=\"num\">Reps</th><th>Comfort, rep by rep (1–5)</th></tr></thead>\n<tbody>"
    )?;
    for (person, line) in view.people.iter().zip(person_lines(view, "→")) {
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&line.who),
            person.reps,
            escape(&trend(&person.comforts, " → "))
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

/// Layout of the chart, in SVG user units.
const CHART_WIDTH: usize = 720;
const ROW: usize = 50;
const TOP: usize = 26;
const BAR_X: usize = 200;
const BAR_MAX: usize = 170;
const PLOT_X: usize = 440;
const PLOT_WIDTH: usize = 220;

/// An SVG chart: per person a bar for the reps and a line of the comfort of
/// each rep (1 at the bottom, 5 at the top), dots coloured by comfort.
fn write_chart(people: &[PersonSummary], out: &mut dyn Write) -> io::Result<()> {
    let height = TOP + people.len() * ROW + 6;
    writeln!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {CHART_WIDTH} {height}\" width=\"{CHART_WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title\">"
    )?;
    writeln!(
        out,
        "<title id=\"chart-title\">Reps per person, and the comfort (1 to 5) of each rep</title>"
    )?;
    writeln!(
        out,
        "<text class=\"axis\" x=\"{BAR_X}\" y=\"16\">Reps</text><text class=\"axis\" x=\"{PLOT_X}\" y=\"16\">Comfort of each rep (1–5)</text>"
    )?;
    let most = people.iter().map(|p| p.reps).max().unwrap_or(1).max(1);
    for (i, person) in people.iter().enumerate() {
        write_chart_row(out, person, TOP + i * ROW, most)?;
    }
    writeln!(out, "</svg>")
}

/// One person's row of the chart, its top at `top`.
fn write_chart_row(
    out: &mut dyn Write,
    person: &PersonSummary,
    top: usize,
    most: usize,
) -> io::Result<()> {
    let label = person.name.as_deref().unwrap_or(&person.person);
    writeln!(
        out,
        "<text x=\"0\" y=\"{}\">{}</text>",
        top + 18,
        escape(&truncate(label, 26))
    )?;
    if label != person.person {
        writeln!(
            out,
            "<text class=\"handle\" x=\"0\" y=\"{}\">{}</text>",
            top + 33,
            escape(&truncate(&person.person, 30))
        )?;
    }
    let bar = (person.reps * BAR_MAX / most).max(3);
    writeln!(
        out,
        "<rect class=\"bar\" x=\"{BAR_X}\" y=\"{}\" width=\"{bar}\" height=\"18\" rx=\"2\"><title>{} reps</title></rect><text x=\"{}\" y=\"{}\">{}</text>",
        top + 8,
        person.reps,
        BAR_X + bar + 6,
        top + 22,
        person.reps
    )?;
    write_comfort_line(out, &person.comforts, top)
}

/// The comfort of each rep as dots joined by a line on a band from 1 to 5
/// (a guide at 3), and the latest score written after the last dot.
fn write_comfort_line(out: &mut dyn Write, comforts: &[i64], top: usize) -> io::Result<()> {
    let y = |c: i64| top as f64 + 4.0 + (5 - c.clamp(1, 5)) as f64 * 8.0;
    writeln!(
        out,
        "<rect class=\"band\" x=\"{PLOT_X}\" y=\"{:.1}\" width=\"{PLOT_WIDTH}\" height=\"{:.1}\"/>",
        y(5) - 5.0,
        y(1) - y(5) + 10.0
    )?;
    writeln!(
        out,
        "<line class=\"guide\" x1=\"{PLOT_X}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\"/>",
        PLOT_X + PLOT_WIDTH,
        y(3),
        y(3)
    )?;
    for tick in [1, 5] {
        writeln!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{:.1}\">{tick}</text>",
            PLOT_X - 10,
            y(tick) + 3.0
        )?;
    }
    if comforts.is_empty() {
        return writeln!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{}\">no comfort given</text>",
            PLOT_X + 8,
            top + 22
        );
    }
    let step = match comforts.len() {
        1 => 0.0,
        n => (PLOT_WIDTH as f64 - 12.0) / (n - 1) as f64,
    }
    .min(44.0);
    let points: Vec<(f64, f64, i64)> = comforts
        .iter()
        .enumerate()
        .map(|(i, &c)| (PLOT_X as f64 + 6.0 + i as f64 * step, y(c), c))
        .collect();
    let path: Vec<String> = points
        .iter()
        .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
        .collect();
    writeln!(
        out,
        "<polyline class=\"trend\" points=\"{}\"/>",
        path.join(" ")
    )?;
    for (x, y, c) in &points {
        let class = c.clamp(&1, &5);
        writeln!(
            out,
            "<circle class=\"c{class}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\"><title>comfort {c}/5</title></circle>"
        )?;
    }
    match points.last() {
        Some((x, _, last)) => writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\">{last}/5</text>",
            x + 10.0,
            top + 22
        ),
        None => Ok(()),
    }
}

/// At most `max` characters, with an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Hidden characters (bidi controls, zero-width, controls) are shown,
    // escaped, as on a terminal: a numeric reference would still act.
    for ch in crate::render::printable(text).chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            ch => out.push(ch),
        }
    }
    out
}
