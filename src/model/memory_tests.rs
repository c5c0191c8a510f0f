use super::*;
use crate::model::{Commitment, Conversation, Person, Project, Vacuum};

/// A small team: alice (on payments by her file), bob (tech lead, on
/// payments through a commitment), carol; payments needs sprint planning,
/// status email and a plan; web needs retros.
pub(crate) fn team() -> Records {
    let mut r = Records::default();
    for (handle, text) in [
        ("alice", "name = \"Alice\"\nprojects = [\"payments\"]\n"),
        ("bob", "role = \"Tech Lead\"\n"),
        ("carol", "role = \"senior\"\n"),
        ("dave", "role = \"staff\"\nstatus = \"archived\"\n"),
    ] {
        let p: Person = toml::from_str(text).unwrap();
        r.people.insert(
            handle.into(),
            Person {
                handle: handle.into(),
                ..p
            },
        );
    }
    for (slug, text) in [
        (
            "payments",
            "needs = [\"sprint-planning\", \"status-email\", \"project-plan\"]\n",
        ),
        ("web", "needs = [\"retros\"]\n"),
        ("old", "status = \"archived\"\n"),
    ] {
        let p: Project = toml::from_str(text).unwrap();
        r.projects.insert(
            slug.into(),
            Project {
                slug: slug.into(),
                ..p
            },
        );
    }
    for slug in ["sprint-planning", "status-email", "project-plan", "retros"] {
        let v: Vacuum = toml::from_str("title = \"T\"\n").unwrap();
        r.vacuums.insert(
            slug.into(),
            Vacuum {
                slug: slug.into(),
                ..v
            },
        );
    }
    r
}

/// Adds a commitment: `person` on `vacuum@project`, `status`, with a rep of
/// each comfort given (one week apart from 2026-01-05 + `offset` days).
pub(crate) fn commit(
    r: &mut Records,
    person: &str,
    spec: &str,
    status: &str,
    comforts: &[i64],
    offset: i64,
) {
    let (vacuum, project) = spec.split_once('@').unwrap();
    let start = jiff::civil::date(2026, 1, 5)
        .checked_add(jiff::Span::new().days(offset))
        .unwrap();
    let mut text = format!(
        "person = \"{person}\"\nvacuum = \"{vacuum}\"\nproject = \"{project}\"\nstatus = \"{status}\"\nstarted = {start}\n"
    );
    for (i, comfort) in comforts.iter().enumerate() {
        let day = start
            .checked_add(jiff::Span::new().days(7 * (i as i64 + 1)))
            .unwrap();
        text.push_str(&format!(
            "[[checkin]]\ndate = {day}\nnote = \"rep {}\"\ncomfort = {comfort}\n",
            i + 1
        ));
    }
    let mut c: Commitment = toml::from_str(&text).unwrap();
    c.id =
        crate::model::CommitmentId::new(format!("{vacuum}--{project}-x{:05}", r.commitments.len()));
    c.file = format!("commitments/{person}/{}.toml", c.id);
    r.commitments.push(c);
}

pub(crate) fn talk(r: &mut Records, person: &str, date: &str, liked: &[&str], concerns: &[&str]) {
    let liked: Vec<String> = liked
        .iter()
        .map(|v| format!("{{ what = \"a {v}\", vacuum = \"{v}\" }}"))
        .collect();
    let concerns: Vec<String> = concerns.iter().map(|c| format!("{c:?}")).collect();
    let text = format!(
        "date = {date}\nperson = \"{person}\"\nexemplar = \"Foo\"\nliked = [{}]\nconcerns = [{}]\nnext = 2026-12-07\n",
        liked.join(", "),
        concerns.join(", ")
    );
    let mut c: Conversation = toml::from_str(&text).unwrap();
    c.id = format!("{date}-{person}-c{:05}", r.conversations.len());
    c.file = format!("conversations/2026/{}.toml", c.id);
    r.conversations.push(c);
}

#[test]
fn projects_come_from_the_file_else_from_the_commitments() {
    let mut r = team();
    commit(&mut r, "bob", "retros@web", "dropped", &[], 10);
    commit(&mut r, "bob", "status-email@payments", "done", &[3], 0);
    commit(&mut r, "bob", "retros@old", "done", &[3], 0);
    assert_eq!(projects_of(&r, "alice"), ["payments"]);
    // Oldest first; the archived project is left out.
    assert_eq!(projects_of(&r, "bob"), ["payments", "web"]);
    assert!(projects_of(&r, "carol").is_empty());
    assert!(projects_of(&r, "nobody").is_empty());
}

#[test]
fn a_vacancy_is_a_needed_vacuum_nobody_fills() {
    let mut r = team();
    commit(&mut r, "bob", "status-email@payments", "active", &[], 0);
    commit(&mut r, "carol", "project-plan@payments", "done", &[4], 0);
    commit(
        &mut r,
        "carol",
        "sprint-planning@payments",
        "dropped",
        &[1],
        0,
    );
    commit(&mut r, "carol", "sprint-planning@web", "active", &[], 0);
    // Dropped leaves it vacant; filling it on another project does not count.
    assert_eq!(vacancies(&r, "payments"), ["sprint-planning"]);
    assert_eq!(vacancies(&r, "web"), ["retros"]);
    assert!(vacancies(&r, "nowhere").is_empty());
}

#[test]
fn a_project_needing_nothing_in_particular_needs_the_whole_catalog() {
    let mut r = team();
    r.projects.get_mut("web").unwrap().needs.clear();
    let archived: Vacuum = toml::from_str("status = \"archived\"\n").unwrap();
    r.vacuums.get_mut("retros").unwrap().status = archived.status;
    assert_eq!(
        needed(&r, "web"),
        ["project-plan", "sprint-planning", "status-email"]
    );
}

#[test]
fn buddies_are_those_who_filled_it_most_reps_and_highest_comfort_first() {
    let mut r = team();
    commit(&mut r, "carol", "sprint-planning@web", "done", &[2, 3], 0);
    commit(&mut r, "bob", "sprint-planning@web", "done", &[2, 4], 30);
    commit(&mut r, "bob", "sprint-planning@old", "done", &[3], 0);
    // No reps and not done: not experience.
    commit(&mut r, "carol", "retros@web", "active", &[], 0);
    // An archived person is never suggested.
    commit(
        &mut r,
        "dave",
        "sprint-planning@web",
        "done",
        &[5, 5, 5, 5],
        0,
    );
    let got = buddies(&r, "sprint-planning", None, "alice");
    assert_eq!(
        got,
        [
            Buddy {
                handle: "bob".into(),
                reps: 3,
                last_comfort: Some(4),
                done: 2,
                lead_of: None
            },
            Buddy {
                handle: "carol".into(),
                reps: 2,
                last_comfort: Some(3),
                done: 1,
                lead_of: None
            },
        ]
    );
    assert!(buddies(&r, "retros", None, "alice").is_empty());
    // Never the person themself.
    assert_eq!(
        buddies(&r, "sprint-planning", None, "bob")[0].handle,
        "carol"
    );
}

#[test]
fn ties_in_reps_go_to_the_higher_last_comfort() {
    let mut r = team();
    commit(&mut r, "bob", "retros@web", "active", &[4, 2], 0);
    commit(&mut r, "carol", "retros@web", "dropped", &[1, 3], 0);
    let order: Vec<String> = buddies(&r, "retros", None, "alice")
        .into_iter()
        .map(|b| b.handle)
        .collect();
    assert_eq!(order, ["carol", "bob"]);
}

#[test]
fn the_tech_lead_of_the_project_is_suggested_too() {
    let mut r = team();
    commit(&mut r, "bob", "status-email@payments", "active", &[], 0);
    commit(&mut r, "carol", "sprint-planning@web", "done", &[3], 0);
    let got = buddies(&r, "sprint-planning", Some("payments"), "alice");
    let shown: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|b| (b.handle.as_str(), b.lead_of.as_deref()))
        .collect();
    assert_eq!(shown, [("carol", None), ("bob", Some("payments"))]);
    assert!(!got[1].experienced());
    // Not the lead of another project.
    assert_eq!(
        buddies(&r, "sprint-planning", Some("web"), "alice").len(),
        1
    );
}

#[test]
fn openings_put_what_they_liked_first_and_mark_what_they_filled_before() {
    let mut r = team();
    commit(&mut r, "bob", "status-email@payments", "active", &[], 0);
    commit(&mut r, "alice", "project-plan@web", "done", &[2, 4], 0);
    commit(&mut r, "bob", "sprint-planning@web", "done", &[3, 4], 0);
    talk(&mut r, "alice", "2026-11-02", &["project-plan"], &[]);
    talk(&mut r, "alice", "2026-11-16", &["status-email"], &["slow"]);
    let got = openings(&r, "alice");
    let shown: Vec<(&str, bool, bool)> = got
        .iter()
        .map(|o| (o.vacuum.as_str(), o.liked, o.filled_before))
        .collect();
    assert_eq!(
        shown,
        [
            ("project-plan", true, true),
            ("sprint-planning", false, false)
        ]
    );
    assert_eq!(got[1].buddies[0].handle, "bob");
    let next: Vec<String> = suggestions(&r, "alice")
        .into_iter()
        .map(|o| o.vacuum)
        .collect();
    assert_eq!(next, ["sprint-planning"]);
    assert_eq!(liked_vacuums(&r, "alice"), ["status-email", "project-plan"]);
}

#[test]
fn check_names_a_project_a_person_lists_that_is_not_on_record() {
    let mut r = team();
    r.people.get_mut("alice").unwrap().projects = vec![toml::Spanned::new(3..8, "paymnts".into())];
    let found = crate::model::rules::check_records(&r, &|_, name| format!("people/{name}.toml"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].file, "people/alice.toml");
    assert_eq!(
        found[0].message,
        "no project named \"paymnts\" (did you mean \"payments\"?)"
    );
}
