//! `mv due --format ics`: the due check-ins and 1:1s as an iCalendar file
//! (RFC 5545) a manager imports or subscribes to. One all-day event per
//! item. Each event's UID comes from the record and the kind of item only,
//! never from the date, so when a due date moves a re-import updates the
//! event instead of adding a second one.
//!
//! The output is deterministic for the same items and `now`: CRLF line
//! endings, lines folded at 75 octets (never inside a UTF-8 character),
//! TEXT values escaped.

pub use crate::model::{DueItem, DueKind};

use crate::model::text::{escaped, is_hidden};
use jiff::Timestamp;
use std::io::{self, Write};

/// The longest a content line may be, in octets, without its CRLF.
const MAX_LINE: usize = 75;

/// The event's UID: kind, person and record ID, never the date, e.g.
/// `checkin-alice-k3f9xq@microvac`.
pub fn uid(item: &DueItem) -> String {
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-._".contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    format!(
        "{}-{}-{}@microvac",
        item.kind.as_str(),
        safe(&item.person),
        safe(&item.id)
    )
}

/// Writes `items` as an iCalendar file named after `team`. `now` is the
/// DTSTAMP of every event (pass the microvac clock, so output is
/// reproducible).
pub fn write_ics(
    items: &[DueItem],
    team: &str,
    now: Timestamp,
    out: &mut dyn Write,
) -> io::Result<()> {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut cal = Lines { out };
    cal.put("BEGIN:VCALENDAR")?;
    cal.put("VERSION:2.0")?;
    cal.put(&format!(
        "PRODID:-//microvac//microvac {}//EN",
        env!("CARGO_PKG_VERSION")
    ))?;
    cal.put("CALSCALE:GREGORIAN")?;
    cal.put("METHOD:PUBLISH")?;
    let name = match team.trim() {
        "" => "microvac: due".to_owned(),
        team => format!("{team} coaching: due"),
    };
    cal.put(&format!("X-WR-CALNAME:{}", escape_text(&name)))?;
    for item in items {
        write_event(&mut cal, item, &stamp)?;
    }
    cal.put("END:VCALENDAR")
}

/// One VEVENT: an all-day event on the due date.
fn write_event(cal: &mut Lines<'_>, item: &DueItem, stamp: &str) -> io::Result<()> {
    cal.put("BEGIN:VEVENT")?;
    cal.put(&format!("UID:{}", uid(item)))?;
    cal.put(&format!("DTSTAMP:{stamp}"))?;
    cal.put(&format!("SEQUENCE:{}", item.sequence))?;
    cal.put(&format!(
        "DTSTART;VALUE=DATE:{}",
        item.date.strftime("%Y%m%d")
    ))?;
    // An all-day event ends the next day (exclusive); without DTEND it
    // lasts one day anyway, which covers the last day of the calendar.
    if let Ok(next) = item.date.tomorrow() {
        cal.put(&format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")))?;
    }
    let summary = format!("{}: {}", item.person, item.what);
    cal.put(&format!("SUMMARY:{}", escape_text(&summary)))?;
    cal.put(&format!("DESCRIPTION:{}", escape_text(&description(item))))?;
    cal.put(&format!("CATEGORIES:microvac,{}", item.kind.as_str()))?;
    cal.put("TRANSP:TRANSPARENT")?;
    cal.put("END:VEVENT")
}

/// What the event says, and how to record it when it is done.
fn description(item: &DueItem) -> String {
    let mut text = item.what.clone();
    if let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
        text.push('\n');
        text.push_str(note);
    }
    text.push('\n');
    match item.kind {
        DueKind::Checkin => text.push_str(&format!(
            "When it is done: mv checkin {} --comfort N --note …",
            item.id
        )),
        DueKind::OneOnOne => text.push_str(&format!("After it: mv log {}", item.person)),
    }
    text
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma
/// and newline; other control characters, which TEXT may not hold, are
/// dropped (a CR, a CRLF's first half, with them); the other hidden
/// characters (bidi controls, zero-width characters) are shown escaped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            ch if ch.is_control() => {}
            // A bidi control or zero-width character is shown, escaped
            // (`\u{202e}`, its backslash doubled for TEXT).
            ch if is_hidden(ch) => out.push_str(&escaped(ch).replace('\\', "\\\\")),
            ch => out.push(ch),
        }
    }
    out
}

/// Splits a content line into pieces of at most 75 octets, the first one
/// alone and every other after a space (so 74 octets of the line each),
/// cutting only between characters.
pub fn fold(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut limit = MAX_LINE;
    for (i, ch) in line.char_indices() {
        if i + ch.len_utf8() - start > limit {
            pieces.push(&line[start..i]);
            start = i;
            limit = MAX_LINE - 1;
        }
    }
    pieces.push(&line[start..]);
    pieces
}

/// Writes content lines, folded, each ended by CRLF.
struct Lines<'a> {
    out: &'a mut dyn Write,
}

impl Lines<'_> {
    fn put(&mut self, line: &str) -> io::Result<()> {
        for (i, piece) in fold(line).into_iter().enumerate() {
            if i > 0 {
                self.out.write_all(b" ")?;
            }
            self.out.write_all(piece.as_bytes())?;
            self.out.write_all(b"\r\n")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_between_characters() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let pieces = fold(&line);
        assert_eq!(pieces.concat(), line);
        assert!(pieces[0].len() <= 75, "{}", pieces[0].len());
        assert!(pieces[1..].iter().all(|p| p.len() <= 74));
        assert!(pieces.len() > 2);
    }

    #[test]
    fn short_lines_stay_whole() {
        assert_eq!(fold("VERSION:2.0"), vec!["VERSION:2.0"]);
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), vec![exact.as_str()]);
    }

    #[test]
    fn escapes_text_specials() {
        assert_eq!(escape_text("a;b,c\\d\ne\r"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(
            escape_text("A\u{202e}B\u{200b}"),
            "A\\\\u{202e}B\\\\u{200b}"
        );
    }
}
