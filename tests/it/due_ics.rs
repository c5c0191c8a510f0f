//! `mv due --format ics`: the iCalendar file, parsed back with a real
//! iCalendar parser (the `icalendar` crate): one all-day event per due item,
//! UIDs that survive a moved date, TEXT escaping that round-trips, and lines
//! folded at 75 octets with CRLF endings.

use icalendar::{Calendar, Component, DatePerhapsTime};
use jiff::{Timestamp, civil::date};
use microvac::render::ics::{DueItem, DueKind, write_ics};

/// A note with every character TEXT must escape, and a long line of
/// non-ASCII text to fold.
const NOTE: &str = "buddy: bob; bring the board, the notes\\drafts\nand coffee ☕";

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().expect("a valid timestamp")
}

fn items() -> Vec<DueItem> {
    vec![
        DueItem {
            kind: DueKind::Checkin,
            date: date(2026, 11, 24),
            person: "alice".into(),
            what: "3rd rep of sprint-planning on payments".into(),
            id: "k3f9xq".into(),
            note: Some(NOTE.into()),
            sequence: 2,
        },
        DueItem {
            kind: DueKind::OneOnOne,
            date: date(2026, 12, 1),
            person: "zoë".into(),
            what: format!(
                "1:1 (last one 2026-11-17), {}",
                "à propos des démos ".repeat(6)
            ),
            id: "2026-11-17-zoe-c81k".into(),
            note: None,
            sequence: 0,
        },
    ]
}

fn ics(items: &[DueItem]) -> String {
    let mut out = Vec::new();
    write_ics(items, "Payments; Search", now(), &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("iCalendar output is UTF-8")
}

fn parse(text: &str) -> Calendar {
    text.parse::<Calendar>().expect("a real parser reads it")
}

#[test]
fn parses_back_as_one_all_day_event_per_item() {
    let calendar = parse(&ics(&items()));
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert_eq!(calendar.property_value("CALSCALE"), Some("GREGORIAN"));
    assert!(
        calendar
            .property_value("PRODID")
            .is_some_and(|p| p.contains("microvac"))
    );
    assert_eq!(calendar.get_name(), Some("Payments; Search coaching: due"));
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 2);

    let checkin = events[0];
    assert_eq!(checkin.get_uid(), Some("checkin-alice-k3f9xq@microvac"));
    assert_eq!(
        checkin.get_summary(),
        Some("alice: 3rd rep of sprint-planning on payments")
    );
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a real date");
    assert_eq!(
        checkin.get_start(),
        Some(DatePerhapsTime::Date(day(2026, 11, 24)))
    );
    assert_eq!(
        checkin.get_end(),
        Some(DatePerhapsTime::Date(day(2026, 11, 25)))
    );
    assert_eq!(checkin.get_sequence(), Some(2));
    assert_eq!(checkin.property_value("DTSTAMP"), Some("20261123T100000Z"));
    let description = checkin.get_description().expect("a description");
    assert!(description.contains(NOTE), "{description:?}");
    assert!(description.contains("mv checkin k3f9xq"), "{description:?}");

    let one_on_one = events[1];
    assert_eq!(
        one_on_one.get_uid(),
        Some("one-on-one-zo--2026-11-17-zoe-c81k@microvac")
    );
    assert_eq!(
        one_on_one.get_start(),
        Some(DatePerhapsTime::Date(day(2026, 12, 1)))
    );
    let summary = one_on_one.get_summary().expect("a summary");
    assert!(
        summary.starts_with("zoë: 1:1 (last one 2026-11-17), à propos"),
        "{summary}"
    );
    assert!(summary.ends_with("démos "), "{summary:?}");
}

#[test]
fn a_moved_date_keeps_the_uid() {
    let before = items();
    let mut after = items();
    after[0].date = date(2026, 11, 30);
    after[0].sequence = 3;
    let uids = |items: &[DueItem]| -> Vec<String> {
        parse(&ics(items))
            .events()
            .filter_map(|e| e.get_uid().map(str::to_owned))
            .collect()
    };
    assert_eq!(uids(&before), uids(&after));
    let moved = parse(&ics(&after));
    let event = moved.events().next().expect("an event");
    assert_eq!(event.get_sequence(), Some(3));
    assert_eq!(event.property_value("DTSTART"), Some("20261130"));
}

#[test]
fn lines_end_in_crlf_and_fold_at_75_octets() {
    let text = ics(&items());
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    for line in &lines {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    // The long summary and description were folded, not cut.
    assert!(
        lines.iter().filter(|l| l.starts_with(' ')).count() >= 2,
        "{text}"
    );
    // Escaped in the file, as RFC 5545 says (read unfolded).
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains("buddy: bob\\; bring the board\\, the notes\\\\drafts\\nand"),
        "{unfolded}"
    );
}

#[test]
fn the_same_items_give_the_same_file() {
    assert_eq!(ics(&items()), ics(&items()));
    let empty = parse(&ics(&[]));
    assert_eq!(empty.events().count(), 0);
}
