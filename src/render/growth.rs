//! A person's growth timeline ([`Growth`]) as a terminal table, markdown
//! or JSON, and the small comfort pictures the coaching views share: a
//! `2→3→4` trend and a `▂▄▆` sparkline (ASCII `2->3->4` where the output
//! takes no Unicode).

use super::{Format, Grid, GridCell, TableStyle, Tone, markdown_text, printable, write_json};
use crate::model::{
    CommitmentStatus,
    growth::{Buddied, Growth, Held, TakenOn},
    private::PrivateNote,
};
use serde_json::{Value as Json, json};
use std::io::{self, Write};

/// How comfort is drawn: with Unicode arrows and a sparkline, or ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// Unicode arrows and block characters.
    pub unicode: bool,
}

/// How comfort moved over the reps: `2→3→4` (`2->3->4` in ASCII); empty
/// when no rep gave one.
pub fn trend(comforts: &[i64], glyphs: Glyphs) -> String {
    let arrow = if glyphs.unicode { "→" } else { "->" };
    comforts
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(arrow)
}

/// One block per rep, its height the comfort (1 to 5): `▁▂▄▆█`.
pub fn sparkline(comforts: &[i64]) -> String {
    const BLOCKS: [char; 5] = ['▁', '▂', '▄', '▆', '█'];
    comforts
        .iter()
        .map(|c| BLOCKS[usize::try_from(c.clamp(&1, &5) - 1).unwrap_or(0)])
        .collect()
}

/// The comfort cell of a vacuum: sparkline and trend (trend alone in
/// ASCII).
pub fn comfort_picture(comforts: &[i64], glyphs: Glyphs) -> String {
    match (comforts.len(), glyphs.unicode) {
        (0, _) => String::new(),
        (_, true) => format!("{} {}", sparkline(comforts), trend(comforts, glyphs)),
        (_, false) => trend(comforts, glyphs),
    }
}

/// Writes the timeline in `format`.
pub fn write(
    out: &mut dyn Write,
    growth: &Growth,
    format: Format,
    style: TableStyle,
    glyphs: Glyphs,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, &to_json(growth)),
        Format::Markdown => write_markdown(out, growth),
        _ => write_text(out, growth, style, glyphs),
    }
}

fn headline(g: &Growth) -> String {
    let name = match &g.name {
        Some(n) if n != &g.person => format!("{n} ({})", g.person),
        _ => g.person.clone(),
    };
    let mut line = name;
    if let Some(role) = g.role.as_deref().filter(|r| !r.is_empty()) {
        line.push_str(&format!(", {role}"));
    }
    if !g.projects.is_empty() {
        line.push_str(&format!(", on {}", g.projects.join(", ")));
    }
    printable(&line).into_owned()
}

fn summary(g: &Growth) -> String {
    let t = g.totals();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{} vacuum{} taken on ({} done, {} dropped), {} rep{}, {} conversation{}",
        t.taken_on,
        s(t.taken_on),
        t.done,
        t.dropped,
        t.reps,
        s(t.reps),
        t.conversations,
        s(t.conversations)
    ) + &match g.buddying.len() {
        0 => String::new(),
        n => format!(", buddy to {n} commitment{}", s(n)),
    }
}

fn outcome(t: &TakenOn) -> GridCell {
    let when = t.ended.map(|d| format!(" {d}")).unwrap_or_default();
    let why = t
        .why
        .as_deref()
        .map(|w| format!(": {w}"))
        .unwrap_or_default();
    let tone = match t.status {
        CommitmentStatus::Done => Tone::Good,
        CommitmentStatus::Active => Tone::Plain,
        _ => Tone::Dim,
    };
    GridCell::toned(format!("{}{when}{why}", t.status.as_str()), tone)
}

fn vacuum_grid(g: &Growth, glyphs: Glyphs) -> Grid {
    let mut grid = Grid::new([
        "VACUUM", "PROJECT", "BUDDY", "STARTED", "REPS", "COMFORT", "OUTCOME",
    ]);
    for t in &g.taken_on {
        grid.rows.push(vec![
            t.vacuum.as_str().into(),
            t.project.as_str().into(),
            t.buddy.clone().unwrap_or_default().into(),
            t.started.to_string().into(),
            t.reps.len().to_string().into(),
            comfort_picture(&t.comforts(), glyphs).into(),
            outcome(t),
        ]);
    }
    grid
}

/// Whether any of `notes` is there: the private column shows only then.
fn any_private<'a>(mut notes: impl Iterator<Item = &'a Option<PrivateNote>>) -> bool {
    notes.any(|n| n.is_some())
}

fn private_cell(note: &Option<PrivateNote>) -> String {
    note.as_ref().map(PrivateNote::shown).unwrap_or_default()
}

fn rep_grid(g: &Growth) -> Grid {
    let private = any_private(
        g.taken_on
            .iter()
            .flat_map(|t| t.reps.iter().map(|r| &r.private)),
    );
    let mut grid = Grid::new(["DATE", "VACUUM", "PROJECT", "REP", "COMFORT", "NOTE"]);
    if private {
        grid.headers.push("PRIVATE NOTE".into());
    }
    let mut reps: Vec<(&TakenOn, usize)> = g
        .taken_on
        .iter()
        .flat_map(|t| (0..t.reps.len()).map(move |i| (t, i)))
        .collect();
    reps.sort_by_key(|(t, i)| t.reps[*i].date);
    for (t, i) in reps {
        let rep = &t.reps[i];
        let mut row = vec![
            rep.date.to_string(),
            t.vacuum.clone(),
            t.project.clone(),
            (i + 1).to_string(),
            rep.comfort.map(|c| format!("{c}/5")).unwrap_or_default(),
            rep.note.clone().unwrap_or_default(),
        ];
        if private {
            row.push(private_cell(&rep.private));
        }
        grid.push(row);
    }
    grid
}

fn conversation_grid(g: &Growth) -> Grid {
    let private = any_private(g.conversations.iter().map(|h| &h.private));
    let notes = g.conversations.iter().any(|h| h.notes.is_some());
    let mut grid = Grid::new(["DATE", "EXEMPLAR", "LIKED", "CONCERNS", "COMMITTED TO"]);
    if notes {
        grid.headers.push("NOTES".into());
    }
    if private {
        grid.headers.push("PRIVATE NOTE".into());
    }
    for h in &g.conversations {
        let mut row = vec![
            h.date.to_string(),
            h.exemplar.clone().unwrap_or_default(),
            h.liked.join("; "),
            h.concerns.join("; "),
            h.made.join("; "),
        ];
        if notes {
            row.push(h.notes.clone().unwrap_or_default());
        }
        if private {
            row.push(private_cell(&h.private));
        }
        grid.push(row);
    }
    grid
}

fn sections(g: &Growth, glyphs: Glyphs) -> Vec<(&'static str, Grid)> {
    let mut out = Vec::new();
    if !g.taken_on.is_empty() {
        out.push(("Vacuums taken on", vacuum_grid(g, glyphs)));
    }
    if g.taken_on.iter().any(|t| !t.reps.is_empty()) {
        out.push(("Reps", rep_grid(g)));
    }
    if !g.conversations.is_empty() {
        out.push(("Conversations", conversation_grid(g)));
    }
    if !g.buddying.is_empty() {
        out.push(("Buddying", buddying_grid(&g.buddying)));
    }
    out
}

/// The commitments they buddy: whose, what, and how far it has come.
fn buddying_grid(buddying: &[Buddied]) -> Grid {
    let mut grid = Grid::new([
        "STARTED", "WITH", "VACUUM", "PROJECT", "REPS", "STATUS", "ID",
    ]);
    for b in buddying {
        grid.push([
            b.started.to_string(),
            b.person.clone(),
            b.vacuum.clone(),
            b.project.clone(),
            b.reps.to_string(),
            b.status.as_str().to_owned(),
            b.id.clone(),
        ]);
    }
    grid
}

fn write_text(
    out: &mut dyn Write,
    g: &Growth,
    style: TableStyle,
    glyphs: Glyphs,
) -> io::Result<()> {
    writeln!(out, "{}", headline(g))?;
    writeln!(out, "{}", summary(g))?;
    for (title, grid) in sections(g, glyphs) {
        writeln!(out, "\n{title}")?;
        sanitised(grid).write(out, Format::Table, style)?;
    }
    Ok(())
}

fn write_markdown(out: &mut dyn Write, g: &Growth) -> io::Result<()> {
    writeln!(out, "## Growth: {}\n", markdown_text(&headline(g), false))?;
    writeln!(out, "{}", summary(g))?;
    for (title, grid) in sections(g, Glyphs { unicode: true }) {
        writeln!(out, "\n### {title}\n")?;
        sanitised(grid).write(
            out,
            Format::Markdown,
            TableStyle {
                styled: false,
                width: None,
            },
        )?;
    }
    Ok(())
}

/// Record text made safe for a terminal, cell by cell.
fn sanitised(mut grid: Grid) -> Grid {
    for cell in grid.rows.iter_mut().flatten() {
        cell.text = printable(&cell.text).into_owned();
    }
    grid
}

/// The timeline as JSON, for scripts.
pub fn to_json(g: &Growth) -> Json {
    let t = g.totals();
    json!({
        "person": g.person, "name": g.name, "role": g.role, "projects": g.projects,
        "totals": {
            "taken_on": t.taken_on, "done": t.done, "dropped": t.dropped,
            "reps": t.reps, "conversations": t.conversations,
        },
        "taken_on": g.taken_on.iter().map(taken_on_json).collect::<Vec<_>>(),
        "conversations": g.conversations.iter().map(held_json).collect::<Vec<_>>(),
        "buddying": g.buddying.iter().map(|b| json!({
            "id": b.id, "person": b.person, "vacuum": b.vacuum, "project": b.project,
            "status": b.status.as_str(), "started": b.started.to_string(), "reps": b.reps,
        })).collect::<Vec<_>>(),
    })
}

fn taken_on_json(t: &TakenOn) -> Json {
    json!({
        "id": t.id, "vacuum": t.vacuum, "title": t.title, "project": t.project,
        "buddy": t.buddy, "status": t.status.as_str(), "started": t.started.to_string(),
        "ended": t.ended.map(|d| d.to_string()), "why": t.why, "comforts": t.comforts(),
        "reps": t.reps.iter().map(|r| json!({
            "date": r.date.to_string(), "comfort": r.comfort, "note": r.note,
            "private": private_json(&r.private),
        })).collect::<Vec<_>>(),
    })
}

fn held_json(h: &Held) -> Json {
    json!({
        "id": h.id, "date": h.date.to_string(), "manager": h.manager,
        "exemplar": h.exemplar, "liked": h.liked, "concerns": h.concerns,
        "commitments": h.made, "notes": h.notes, "private": private_json(&h.private),
    })
}

/// A private note for scripts: `{"text": …}` when opened, `{"unreadable":
/// why}` when not, `{"sealed_for": […]}` when not tried; `null` for none.
pub fn private_json(note: &Option<PrivateNote>) -> Json {
    match note {
        None => Json::Null,
        Some(PrivateNote::Opened(text)) => json!({ "text": text }),
        Some(PrivateNote::Unreadable(why)) => json!({ "unreadable": why }),
        Some(PrivateNote::Sealed { sealed_for, .. }) => json!({ "sealed_for": sealed_for }),
    }
}

/// A few lines for `mv person show`: each vacuum taken on with its
/// comfort trend and outcome.
pub fn write_section(out: &mut dyn Write, g: &Growth, glyphs: Glyphs) -> io::Result<()> {
    writeln!(out, "\ngrowth: {}", summary(g))?;
    for t in &g.taken_on {
        let picture = comfort_picture(&t.comforts(), glyphs);
        let picture = if picture.is_empty() {
            String::new()
        } else {
            format!(", comfort {picture}")
        };
        let with = t
            .buddy
            .as_deref()
            .map(|b| format!(" with {b}"))
            .unwrap_or_default();
        let line = format!(
            "  {} {} on {}{with}: {} rep{}{picture}; {} [{}]",
            t.started,
            t.vacuum,
            t.project,
            t.reps.len(),
            if t.reps.len() == 1 { "" } else { "s" },
            outcome(t).text,
            t.id
        );
        writeln!(out, "{}", printable(&line))?;
    }
    for b in &g.buddying {
        writeln!(
            out,
            "  buddy to {} on {} on {} since {}: {} rep{}, {} [{}]",
            b.person,
            b.vacuum,
            b.project,
            b.started,
            b.reps,
            if b.reps == 1 { "" } else { "s" },
            b.status.as_str(),
            b.id
        )?;
    }
    if let Some(h) = g.conversations.iter().rev().find(|h| h.notes.is_some()) {
        let notes = h.notes.as_deref().unwrap_or_default();
        writeln!(
            out,
            "  notes of the 1:1 of {}: {}",
            h.date,
            printable(notes)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comfort_pictures() {
        let u = Glyphs { unicode: true };
        let a = Glyphs { unicode: false };
        assert_eq!(trend(&[2, 3, 4], u), "2→3→4");
        assert_eq!(trend(&[2, 3, 4], a), "2->3->4");
        assert_eq!(trend(&[], u), "");
        assert_eq!(sparkline(&[1, 2, 3, 4, 5]), "▁▂▄▆█");
        assert_eq!(sparkline(&[0, 9]), "▁█");
        assert_eq!(comfort_picture(&[2, 4], u), "▂▆ 2→4");
        assert_eq!(comfort_picture(&[2, 4], a), "2->4");
        assert_eq!(comfort_picture(&[], u), "");
    }
}
