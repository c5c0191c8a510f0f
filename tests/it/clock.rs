//! Today's date as microvac records it follows the local time zone exactly
//! as the system's own `date` does: `TZ` as a zone name, a path, a POSIX
//! rule or empty, and `/etc/localtime` when `TZ` is unset. microvac reads
//! the zone without the zone database's lookup, so this holds it to the
//! system's answer.

use crate::common;

use common::TestRepo;

/// Late in the UTC day, when zones east and west disagree on the date.
const LATE: &str = "2026-11-23T22:30:00Z";

/// `date`'s answer for `LATE` under `tz` (`None`: unset).
fn system_date(repo: &TestRepo, tz: Option<&str>) -> String {
    let epoch = "@1795473000"; // LATE
    let run = repo.cmd("date", &["-d", epoch, "+%F"]);
    let run = match tz {
        Some(tz) => run.env("TZ", tz),
        None => run.env_remove("TZ"),
    };
    run.run().success().stdout().trim().to_owned()
}

#[test]
fn today_is_the_date_the_system_gives_in_every_way_of_naming_a_zone() {
    let repo = TestRepo::team();
    let base = repo.head().expect("a commit");
    assert_eq!(
        system_date(&repo, Some("UTC")),
        "2026-11-23",
        "the epoch is LATE"
    );
    let cases = [
        None,
        Some("UTC"),
        Some(""),
        Some("Pacific/Kiritimati"),
        Some("America/Los_Angeles"),
        Some(":Asia/Tokyo"),
        Some("/usr/share/zoneinfo/Asia/Tokyo"),
        Some("XYZ-14"),
        Some("EST5EDT"),
    ];
    let mut seen = Vec::new();
    for tz in cases {
        let run = repo
            .mv_cmd(&["fill", "alice", "status-email", "--project", "payments"])
            .env("MICROVAC_NOW", LATE);
        let run = match tz {
            Some(tz) => run.env("TZ", tz),
            None => run.env_remove("TZ"),
        };
        run.run().success();
        let dir = repo.path().join("commitments/alice");
        let file = std::fs::read_dir(&dir)
            .expect("commitments/alice")
            .next()
            .expect("the commitment")
            .expect("its entry")
            .path();
        let text = std::fs::read_to_string(&file).expect("the commitment's file");
        let expected = system_date(&repo, tz);
        assert!(
            text.contains(&format!("started = {expected}\n")),
            "TZ={tz:?}: expected {expected}\n{text}"
        );
        seen.push(expected);
        repo.git(&["reset", "-q", "--hard", &base]);
        assert_eq!(repo.status(), "");
    }
    assert!(seen.iter().any(|d| d == "2026-11-24"), "{seen:?}");
}
