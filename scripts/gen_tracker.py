#!/usr/bin/env python3
"""Generate a realistic microvac tracker, as a real git repository, for benchmarks.

    python3 scripts/gen_tracker.py --out DIR --commitments 10000
    python3 scripts/gen_tracker.py --out DIR --commitments 100 --conversations 50

The tracker is a new git repository of its own (`git init`, so it may live
inside another work tree, as bench-data/ does), started with the real
`microvac init --team bench` (so microvac.toml, the vacuum catalog,
templates/ and hooks/ are genuine). Then a made-up team is written in the exact shapes microvac itself writes:

  people/<handle>.toml, projects/<slug>.toml (with `needs`),
  conversations/<yyyy>/<date>-<handle>-<suffix>.toml,
  commitments/<handle>/<vacuum>--<project>-<suffix>.toml with 1-5 [[checkin]]s,

together with the git history microvac would have made to get there: one
commit per person add, project add, 1:1 logged, commitment filled, check-in
and done/drop, with microvac's subjects and `Microvac-*` trailers (see
src/model/action.rs), authored by the managers, dated over about two years.
The history is written in one `git fast-import` run, after which the work
tree and index are reset to it. Record files are rendered from the tracker's
own templates/ the way microvac edits them (keys set in place keep their
comments; keys removed lose the comment above them; new keys go last).

Everything is decided by a seeded random generator, so a seed always gives the
same tracker (the same files and the same commits). Finally `microvac check`
is run over the result, unless --no-check.

Needs only python3 (stdlib), git and a built microvac (--microvac, default
release/microvac under $CARGO_TARGET_DIR, else under the target/ of the
crate this script lives in).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

CRATE = Path(__file__).resolve().parent.parent
DEFAULT_MICROVAC = Path(os.environ.get("CARGO_TARGET_DIR") or CRATE / "target").resolve() / "release" / "microvac"

# Record suffixes: 6 characters of lowercase Crockford base32 (src/model/id.rs).
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
SUFFIX_LEN = 6

# The history spans about two years and ends a few days before the clock the
# benchmark fixes (MICROVAC_NOW=2026-11-23), so every check-in is in the past.
START = dt.date(2024, 11, 25)
END = dt.date(2026, 11, 20)
TEAM = "bench"
ADMIN = ("Bench Admin", "admin@example.com")

# --- names -----------------------------------------------------------------

FIRST_NAMES = [
    "Alice", "Amara", "Anders", "Aoife", "Arjun", "Beatriz", "Bjørn", "Bongani", "Carlos",
    "Chen", "Chiara", "Dana", "Dmitri", "Efua", "Elif", "Emeka", "Fatima", "Felix", "Greta",
    "Hana", "Hiroshi", "Ingrid", "Isabel", "Jamal", "Jana", "Joaquín", "Kai", "Kamala",
    "Keiko", "Lars", "Leila", "Liam", "Lucía", "Mateo", "Mei", "Mika", "Nadia", "Naveen",
    "Niamh", "Noor", "Olu", "Omar", "Paulo", "Priya", "Rafael", "Rania", "Ruth", "Saanvi",
    "Sean", "Siobhán", "Sofia", "Tariq", "Thandi", "Tomás", "Ugo", "Valentina", "Wen",
    "Yara", "Yusuf", "Zoë",
]
LAST_NAMES = [
    "Abara", "Alvarez", "Andersson", "Bauer", "Brennan", "Chandra", "Costa", "Dubois",
    "Eriksen", "Fernández", "Fischer", "Garcia", "Haddad", "Horvath", "Ibrahim", "Ito",
    "Jensen", "Kowalski", "Kruger", "Larsen", "Mbeki", "Mehta", "Moreau", "Murphy",
    "Nakamura", "Nguyen", "Novak", "Okafor", "Oliveira", "Park", "Petrov", "Quinn", "Rossi",
    "Sato", "Schmidt", "Silva", "Tanaka", "Varga", "Wójcik", "Yilmaz", "Zhang",
]
IC_ROLES = ["engineer"] * 3 + ["senior"] * 5 + ["staff"] * 2 + ["tech lead"] * 2 + ["principal"]

PROJECT_NOUNS = [
    "payments", "search", "checkout", "billing", "identity", "ledger", "notifications",
    "onboarding", "catalog", "pricing", "inventory", "shipping", "analytics", "mobile-app",
    "data-platform", "observability", "storage", "gateway", "recommendations", "messaging",
    "fraud", "support-tools", "reporting", "ci-pipeline", "design-system",
]
PROJECT_QUALIFIERS = ["v2", "platform", "migration", "api", "rewrite", "mobile"]

EXEMPLARS = [
    "Apollo migration", "Atlas rewrite", "the checkout redesign", "Project Hermes",
    "the data centre move", "Falcon", "the GDPR programme", "Orion search", "the 2023 replatforming",
    "Kestrel", "the billing cutover", "Lighthouse", "the mobile relaunch", "Nimbus",
    "the on-call overhaul", "Polaris", "the SSO rollout", "Quasar", "Project Tern", "Zephyr",
]

# What an engineer liked about the exemplar, and the vacuum someone filled to
# make it happen.
LIKED = {
    "project-plan": ["a clear plan with milestones", "everyone knew what shipped when"],
    "sprint-planning": ["sprint planning that ran on time", "priorities never drifted"],
    "status-email": ["leadership always knew where it stood", "the weekly update email"],
    "all-hands": ["the demo at the all-hands", "the whole company knew about it"],
    "retros": ["retros that changed things", "mistakes were not repeated"],
    "design-review": ["design reviews before code", "no surprises in production"],
    "onboarding-docs": ["newcomers were productive in days", "a great onboarding doc"],
    "incident-review": ["blameless incident write-ups", "follow-ups actually got done"],
    "stakeholder-demo": ["demos every two weeks", "stakeholders saw progress early"],
    "roadmap": ["a roadmap everyone could explain", "we knew what came next"],
    "release-notes": ["release notes users liked", "support was never surprised"],
    "standup": ["short, useful stand-ups", "everyone knew who was doing what"],
}
UNMAPPED_LIKED = ["great people", "a calm tech lead", "it was fun", "good tooling", "real users early"]
CONCERNS = [
    "it will take longer than doing it myself", "worried it will look unpolished",
    "not sure the team will follow", "no time next to the on-call rota",
    "never presented to senior leaders", "afraid of stepping on the tech lead's toes",
    "English is my third language", "imposter syndrome",
]
NOTES = [
    "Good energy; wants to start small.", "Picked the most comfortable one first.",
    "Agreed the buddy co-runs the first session.", "We talked about forgiveness for first attempts.",
    "Follow up on the promotion packet next time.", "Seemed relieved that dropping is allowed.",
]
CHECKIN_NOTES = [
    "co-ran it with the buddy", "ran it alone for the first time", "slower than hoped, but done",
    "the team gave good feedback", "nervous, but it went fine", "it's getting easier",
    "skipped the agenda; will send it earlier next time", "a senior leader replied with thanks",
    "ran over time", "felt natural this time", "the buddy only watched", "got a question I could not answer",
    "Zoë's tip about timeboxing helped", "used the template from last time", "best one yet",
]
DROP_WHY = [
    "took on the on-call rotation instead", "project paused", "moved to another team",
    "too much at once; will pick it up later", "the tech lead took it back for now",
    "parental leave",
]
DONE_WHY = ["runs it on their own now", "handed over to the next volunteer", "the vacuum is filled"]

# Extra vacuums, when --vacuums asks for more than the default catalog's 12.
EXTRA_VACUUMS = [
    "hiring-loop", "mentoring", "tech-talks", "okr-drafting", "code-review-norms",
    "on-call-handbook", "customer-interviews", "tech-debt-triage", "guild-meetup", "budget-review",
]

# --- microvac's own shapes --------------------------------------------------


def q(text: str) -> str:
    """A TOML basic string, as toml_edit writes one (our texts need no escapes)."""
    assert not re.search(r'["\\\x00-\x1f\x7f]', text), text
    return f'"{text}"'


def qlist(items: list[str]) -> str:
    """A one-line TOML array of strings (RecordDoc::set_strings)."""
    return "[" + ", ".join(q(i) for i in items) + "]"


class Template:
    """A record template, split into its keys, for format-preserving renders.

    Mirrors how microvac edits a toml_edit document: a key that is set keeps
    the comment lines above it and the comment after its value; a removed key
    takes the comment lines above it along; a key the template lacks is
    appended after the existing keys; [[tables]] come last.
    """

    LINE = re.compile(r'^([A-Za-z0-9_-]+) = ("(?:[^"\\]|\\.)*"|\[\]|\S+)(.*)$')

    def __init__(self, text: str):
        self.entries: list[tuple[list[str], str, str, str]] = []
        prefix: list[str] = []
        for line in text.splitlines():
            m = self.LINE.match(line)
            if m:
                self.entries.append((prefix, m[1], m[2], m[3]))
                prefix = []
            else:
                prefix.append(line)
        self.trailing = prefix
        self.keys = {e[1] for e in self.entries}

    def render(self, values: dict[str, str | None], tables: list[tuple[str, list[tuple[str, str]]]] = ()) -> str:
        """`values`: key -> TOML value text, or None to remove the key."""
        lines: list[str] = []
        for prefix, key, value, rest in self.entries:
            if key in values:
                if values[key] is None:
                    continue
                value = values[key]
            lines += prefix
            lines.append(f"{key} = {value}{rest}")
        lines += self.trailing
        for key, value in values.items():
            if key not in self.keys and value is not None:
                lines.append(f"{key} = {value}")
        text = "\n".join(lines) + "\n"
        for name, entries in tables:
            text += f"\n[[{name}]]\n" + "".join(f"{k} = {v}\n" for k, v in entries)
        return text


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st (src/model/action.rs)."""
    if 11 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def message(subject: str, trailers: list[tuple[str, str]], body: str | None = None) -> str:
    """A commit message as Action::message builds it."""
    msg = subject + "\n\n"
    if body:
        msg += body + "\n\n"
    return msg + "".join(f"Microvac-{k}: {v}\n" for k, v in trailers)


def add_months(d: dt.date, n: int) -> dt.date:
    """Calendar months later, clamped to the month's end (as jiff does)."""
    month = d.month - 1 + n
    year, month = d.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def cadence_after(every: str, d: dt.date) -> dt.date:
    """One cadence (`1w`, `2w`, `10d`, `1m`) after `d` (src/model/cadence.rs)."""
    count, unit = int(every[:-1]), every[-1]
    if unit == "d":
        return d + dt.timedelta(days=count)
    if unit == "w":
        return d + dt.timedelta(weeks=count)
    return add_months(d, count)


def cadence_days(every: str) -> int:
    return (cadence_after(every, dt.date(2025, 1, 1)) - dt.date(2025, 1, 1)).days


# --- the made-up team ------------------------------------------------------


@dataclass
class Person:
    handle: str
    name: str
    role: str
    manager: str | None
    email: str | None

    def text(self, t: Template) -> str:
        return t.render({
            "name": q(self.name),
            "role": q(self.role),
            "manager": q(self.manager) if self.manager else None,
            "email": q(self.email) if self.email else None,
        })


@dataclass
class Project:
    slug: str
    name: str
    needs: list[str]

    def text(self, t: Template) -> str:
        return t.render({"name": q(self.name), "needs": qlist(self.needs) if self.needs else "[]"})


@dataclass
class Vacuum:
    slug: str
    title: str
    missing: str
    tips: list[str]

    def text(self, t: Template) -> str:
        return t.render({"title": q(self.title), "missing": q(self.missing), "tips": qlist(self.tips)})


@dataclass
class Checkin:
    date: dt.date
    note: str | None
    comfort: int


@dataclass
class Commitment:
    person: str
    vacuum: str
    project: str
    suffix: str
    started: dt.date
    buddy: str | None
    every: str | None  # own cadence; None means the tracker's default
    conversation: str | None = None
    checkins: list[Checkin] = field(default_factory=list)
    status: str = "active"
    ended: dt.date | None = None
    why: str | None = None

    @property
    def stem(self) -> str:
        return f"{self.vacuum}--{self.project}-{self.suffix}"

    @property
    def path(self) -> str:
        return f"commitments/{self.person}/{self.stem}.toml"

    def text(self, t: Template, default_every: str, reps: int, ended: bool) -> str:
        """The file after `reps` check-ins, and after its end when `ended`."""
        every = self.every or default_every
        if reps:
            next_checkin = cadence_after(every, self.checkins[reps - 1].date)
        else:
            next_checkin = cadence_after(every, self.started)
        values = {
            "person": q(self.person),
            "vacuum": q(self.vacuum),
            "project": q(self.project),
            "status": q(self.status if ended else "active"),
            "started": self.started.isoformat(),
            "buddy": q(self.buddy) if self.buddy else None,
            "checkin_every": q(self.every) if self.every else None,
            "next_checkin": None if ended else next_checkin.isoformat(),
            "conversation": q(self.conversation) if self.conversation else None,
        }
        if ended:
            values["ended"] = self.ended.isoformat()
            values["why"] = q(self.why) if self.why else None
        tables = []
        for c in self.checkins[:reps]:
            entries = [("date", c.date.isoformat())]
            if c.note:
                entries.append(("note", q(c.note)))
            entries.append(("comfort", str(c.comfort)))
            tables.append(("checkin", entries))
        return t.render(values, tables)

    def trailers(self) -> list[tuple[str, str]]:
        """The trailers of every commit about this commitment (fill_trailers)."""
        t = [("Person", self.person), ("Project", self.project), ("Vacuum", self.vacuum)]
        if self.buddy:
            t.append(("Buddy", self.buddy))
        t.append(("Commitment", self.stem))
        return t


@dataclass
class Conversation:
    person: str
    date: dt.date
    suffix: str
    manager: str  # the display name of whoever logged it (the git author)
    exemplar: str | None
    liked: list[tuple[str, str | None]]
    concerns: list[str]
    notes: str | None
    next: dt.date | None
    commitments: list[Commitment] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.date.isoformat()}-{self.person}-{self.suffix}"

    @property
    def path(self) -> str:
        return f"conversations/{self.date.year:04d}/{self.id}.toml"

    def text(self, t: Template) -> str:
        items = [q(w) if v is None else f"{{ what = {q(w)}, vacuum = {q(v)} }}" for w, v in self.liked]
        if len(items) > 1:
            liked = "[" + "".join(f"\n  {i}," for i in items) + "\n]"
        else:
            liked = "[" + "".join(items) + "]"
        return t.render({
            "date": self.date.isoformat(),
            "person": q(self.person),
            "manager": q(self.manager),
            "exemplar": q(self.exemplar) if self.exemplar else None,
            "liked": liked,
            "concerns": qlist(self.concerns),
            "notes": q(self.notes) if self.notes else None,
            "commitments": qlist([c.stem for c in self.commitments]),
            "next": self.next.isoformat() if self.next else None,
        })


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


class Team:
    """Everything the tracker will hold, drawn from one seeded generator."""

    def __init__(self, rng: random.Random, people: int, projects: int, vacuums: list[str],
                 extra_vacuums: list[Vacuum], commitments: int, conversations: int):
        self.rng = rng
        self.vacuums = vacuums
        self.extra_vacuums = extra_vacuums
        self.suffixes: set[str] = set()
        self.people = self._people(people)
        self.projects = self._projects(projects)
        self.conversations = self._conversations(conversations)
        self.commitments = self._commitments(commitments)

    def suffix(self) -> str:
        while True:
            s = "".join(self.rng.choice(ALPHABET) for _ in range(SUFFIX_LEN))
            if s not in self.suffixes:
                self.suffixes.add(s)
                return s

    def _people(self, n: int) -> list[Person]:
        rng = self.rng
        names = [(f, l) for f in FIRST_NAMES for l in LAST_NAMES]
        rng.shuffle(names)
        if n > len(names):
            raise SystemExit(f"at most {len(names)} people")
        # A few directors, a manager per ~10 people, engineers reporting to them.
        directors = max(1, n // 100)
        managers = max(1, n // 12)
        people = []
        for i, (first, last) in enumerate(names[:n]):
            handle = ascii_slug(f"{first} {last}")
            if i < directors:
                role, manager = "director", None
            elif i < directors + managers:
                role, manager = "manager", people[rng.randrange(directors)].handle
            else:
                role = rng.choice(IC_ROLES)
                manager = people[directors + rng.randrange(managers)].handle if directors + managers < n else None
            email = f"{handle}@example.com" if rng.random() < 0.7 or role in ("manager", "director") else None
            people.append(Person(handle, f"{first} {last}", role, manager, email))
        self.by_handle = {p.handle: p for p in people}
        # Who gets coached: everyone with a manager on record.
        self.coached = [p for p in people if p.manager]
        return people

    def _projects(self, n: int) -> list[Project]:
        rng = self.rng
        slugs = list(PROJECT_NOUNS) + [f"{noun}-{qual}" for qual in PROJECT_QUALIFIERS for noun in PROJECT_NOUNS]
        if n > len(slugs):
            raise SystemExit(f"at most {len(slugs)} projects")
        projects = []
        for slug in slugs[:n]:
            name = slug.replace("-", " ").capitalize()
            # A quarter need every vacuum (empty list); the rest need a subset.
            if rng.random() < 0.25:
                needs = []
            else:
                k = rng.randint(min(4, len(self.vacuums)), min(9, len(self.vacuums)))
                picked = set(rng.sample(self.vacuums, k))
                needs = [v for v in self.vacuums if v in picked]
            projects.append(Project(slug, name, needs))
        # Each coached person works on a few home projects.
        self.home = {p.handle: rng.sample(projects, min(len(projects), rng.randint(3, 7))) for p in self.coached}
        return projects

    def _liked(self) -> list[tuple[str, str | None]]:
        rng = self.rng
        out = []
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            if rng.random() < 0.75:
                v = rng.choice(self.vacuums)
                phrases = LIKED.get(v, ["someone owned it"])
                out.append((rng.choice(phrases), v))
            else:
                out.append((rng.choice(UNMAPPED_LIKED), None))
        return out

    def _conversations(self, n: int) -> list[Conversation]:
        rng = self.rng
        span = (END - START).days
        out = []
        for _ in range(n):
            person = rng.choice(self.coached)
            date = START + dt.timedelta(days=rng.randint(14, span))
            manager = self.by_handle[person.manager].name
            out.append(Conversation(
                person=person.handle,
                date=date,
                suffix=self.suffix(),
                manager=manager,
                exemplar=rng.choice(EXEMPLARS) if rng.random() < 0.85 else None,
                liked=self._liked(),
                concerns=rng.sample(CONCERNS, rng.choice([0, 0, 1, 1, 2])),
                notes=rng.choice(NOTES) if rng.random() < 0.5 else None,
                next=date + dt.timedelta(days=rng.randint(14, 35)) if rng.random() < 0.8 else None,
            ))
        out.sort(key=lambda c: (c.date, c.id))
        return out

    def _pick_fill(self, person: str, taken: set) -> tuple[str, str]:
        """A vacuum and project for a new commitment of `person`: mostly on a
        home project, among what it needs, never repeating a triple."""
        rng = self.rng
        for attempt in range(60):
            project = rng.choice(self.home[person] if attempt < 30 else self.projects)
            vacuum = rng.choice(project.needs or self.vacuums)
            if (person, vacuum, project.slug) not in taken:
                taken.add((person, vacuum, project.slug))
                return vacuum, project.slug
        raise SystemExit(f"could not find a new commitment for {person}; use fewer commitments")

    def _commitments(self, n: int) -> list[Commitment]:
        rng = self.rng
        taken: set = set()
        out: list[Commitment] = []
        # About 40% of commitments come out of a logged 1:1 (up to 3 each);
        # the rest are filled on their own.
        eligible = [c for c in self.conversations if c.date <= END - dt.timedelta(days=7)]
        linked = min(int(n * 0.4), 3 * len(eligible))
        slots = [c for c in eligible for _ in range(3)]
        for conv in rng.sample(slots, linked):
            out.append(self._commitment(conv.person, conv.date, taken, conv))
        span = (END - START).days
        for _ in range(n - linked):
            person = rng.choice(self.coached).handle
            started = START + dt.timedelta(days=rng.randint(20, span - 7))
            out.append(self._commitment(person, started, taken, None))
        out.sort(key=lambda c: (c.started, c.stem))
        for conv in self.conversations:
            conv.commitments.sort(key=lambda c: c.stem)
        return out

    def _commitment(self, person: str, started: dt.date, taken: set, conv: Conversation | None) -> Commitment:
        rng = self.rng
        vacuum, project = self._pick_fill(person, taken)
        buddy = None
        if rng.random() < 0.8:
            buddy = rng.choice([p for p in rng.sample(self.people, 5) if p.handle != person]).handle
        every = rng.choices([None, "1w", "10d", "1m"], weights=[75, 10, 8, 7])[0]
        c = Commitment(person, vacuum, project, self.suffix(), started, buddy, every,
                       conversation=conv.id if conv else None)
        if conv:
            conv.commitments.append(c)
        # 1-5 reps, about one cadence apart, all before END.
        gap = cadence_days(every or "2w")
        day = started
        for _ in range(rng.randint(1, 5)):
            nxt = day + dt.timedelta(days=max(1, gap + rng.randint(-3, 4)))
            if nxt > END:
                break
            day = nxt
            note = rng.choice(CHECKIN_NOTES) if rng.random() < 0.9 else None
            comfort = min(5, max(1, 2 + len(c.checkins) // 2 + rng.randint(-1, 1)))
            c.checkins.append(Checkin(day, note, comfort))
        if not c.checkins:
            c.checkins.append(Checkin(started + dt.timedelta(days=rng.randint(1, (END - started).days)),
                                      rng.choice(CHECKIN_NOTES), 2))
        # Mostly active; some done, some dropped (kindly, with a reason).
        roll = rng.random()
        if roll < 0.3:
            last = c.checkins[-1].date
            c.ended = min(END, last + dt.timedelta(days=rng.randint(0, 10)))
            if roll < 0.2:
                c.status, c.why = "done", (rng.choice(DONE_WHY) if rng.random() < 0.5 else None)
            else:
                c.status, c.why = "dropped", rng.choice(DROP_WHY)
        return c


# --- history ---------------------------------------------------------------


@dataclass
class Event:
    """One microvac command, to become one commit."""
    date: dt.date
    order: int  # within a day: adds, then 1:1s and fills, then check-ins, then ends
    key: str  # tie-break, for a stable order
    author: tuple[str, str]
    message: str
    files: list[tuple[str, str]]  # (path, content)


def history(team: Team, templates: dict[str, Template], default_every: str) -> list[Event]:
    """Every command that built the tracker, oldest first."""
    people = {p.handle: p for p in team.people}

    def author_of(handle: str) -> tuple[str, str]:
        p = people[people[handle].manager] if people[handle].manager else people[handle]
        return p.name, f"{p.handle}@example.com"

    events: list[Event] = []
    day0 = START - dt.timedelta(days=1)
    # People (managers first, so every manager exists before their reports),
    # projects and extra vacuums, in the first days.
    for i, p in enumerate(team.people):
        subject = f"add person {p.handle} ({p.name})"
        events.append(Event(day0 + dt.timedelta(days=1 + i * 10 // len(team.people)), 0, f"{i:05}", ADMIN,
                            message(subject, [("Action", "person-add"), ("Person", p.handle)]),
                            [(f"people/{p.handle}.toml", p.text(templates["person"]))]))
    for i, v in enumerate(team.extra_vacuums):
        events.append(Event(day0 + dt.timedelta(days=11), 0, f"v{i:05}", ADMIN,
                            message(f"add vacuum {v.slug} ({v.title})", [("Action", "vacuum-add"), ("Vacuum", v.slug)]),
                            [(f"vacuums/{v.slug}.toml", v.text(templates["vacuum"]))]))
    for i, p in enumerate(team.projects):
        subject = f"add project {p.slug} ({p.name})" if p.name != p.slug else f"add project {p.slug}"
        events.append(Event(day0 + dt.timedelta(days=12 + i * 2 // len(team.projects)), 0, f"p{i:05}", ADMIN,
                            message(subject, [("Action", "project-add"), ("Project", p.slug)]),
                            [(f"projects/{p.slug}.toml", p.text(templates["project"]))]))
    ct = templates["commitment"]
    # 1:1s, with the commitments made in them.
    for conv in team.conversations:
        subject = f"1:1 with {conv.person}"
        if conv.exemplar:
            subject += f' about "{conv.exemplar}"'
        trailers = [("Action", "log"), ("Person", conv.person)]
        body = None
        if len(conv.commitments) == 1:
            c = conv.commitments[0]
            subject += f"; commits to {c.vacuum} on {c.project}"
        elif conv.commitments:
            subject += f"; {len(conv.commitments)} commitments"
            body = "\n".join(f"- commits to {c.vacuum} on {c.project}" for c in conv.commitments)
        files = [(conv.path, conv.text(templates["conversation"]))]
        for c in conv.commitments:
            trailers += [t for t in c.trailers() if t[0] != "Person"]
            files.append((c.path, c.text(ct, default_every, 0, False)))
        events.append(Event(conv.date, 1, conv.id, author_of(conv.person), message(subject, trailers, body), files))
    # Fills, check-ins and ends of every commitment.
    for c in team.commitments:
        who = author_of(c.person)
        if not c.conversation:
            subject = f"{c.person} commits to {c.vacuum} on {c.project}"
            if c.buddy:
                subject += f" with {c.buddy} as buddy"
            events.append(Event(c.started, 1, c.stem, who, message(subject, [("Action", "fill")] + c.trailers()),
                                [(c.path, c.text(ct, default_every, 0, False))]))
        for rep, ch in enumerate(c.checkins, 1):
            subject = f"{c.person}: {ordinal(rep)} rep of {c.vacuum} on {c.project}, comfort {ch.comfort}/5"
            events.append(Event(ch.date, 2, f"{c.stem}.{rep}", who,
                                message(subject, [("Action", "checkin")] + c.trailers()),
                                [(c.path, c.text(ct, default_every, rep, False))]))
        if c.status != "active":
            reps = len(c.checkins)
            if c.status == "done":
                subject = f"{c.person} has filled {c.vacuum} on {c.project} ({reps} rep{'' if reps == 1 else 's'})"
                msg = message(subject, [("Action", "done")] + c.trailers())
            else:
                subject = f"{c.person} steps back from {c.vacuum} on {c.project}, for now"
                body = f"Why: {c.why}\n\nDropping is allowed: what was learned stays on record."
                msg = message(subject, [("Action", "drop")] + c.trailers(), body)
            events.append(Event(c.ended, 3, c.stem, who, msg, [(c.path, c.text(ct, default_every, reps, True))]))
    events.sort(key=lambda e: (e.date, e.order, e.key))
    return events


def epoch(d: dt.date) -> int:
    return calendar.timegm(d.timetuple())


def fast_import_stream(events: list[Event], ref: str, parent: str):
    """The `git fast-import` input for `events`, as chunks of bytes. Commits
    are spread over each day's working hours, so dates strictly increase."""
    per_day: dict[dt.date, int] = {}
    for e in events:
        per_day[e.date] = per_day.get(e.date, 0) + 1
    seen: dict[dt.date, int] = {}
    for mark, e in enumerate(events, 1):
        i = seen.get(e.date, 0)
        seen[e.date] = i + 1
        ts = epoch(e.date) + 8 * 3600 + i * (10 * 3600 // per_day[e.date])
        name, email = e.author
        msg = e.message.encode()
        out = [f"commit {ref}\nmark :{mark}\n"
               f"author {name} <{email}> {ts} +0000\ncommitter {name} <{email}> {ts} +0000\n".encode(),
               b"data %d\n" % len(msg), msg, b"\n"]
        out.append(f"from {parent}\n".encode() if mark == 1 else b"")
        for path, content in e.files:
            data = content.encode()
            out += [f"M 100644 inline {path}\n".encode(), b"data %d\n" % len(data), data, b"\n"]
        out.append(b"\n")
        yield b"".join(out)
    yield b"done\n"


# --- driver ----------------------------------------------------------------


def hermetic_env(home: str) -> dict[str, str]:
    """git and microvac isolated from the user's config, with a fixed identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "MICROVAC_"))}
    env.update(HOME=home, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME=ADMIN[0], GIT_AUTHOR_EMAIL=ADMIN[1],
               GIT_COMMITTER_NAME=ADMIN[0], GIT_COMMITTER_EMAIL=ADMIN[1], NO_COLOR="1", LC_ALL="C")
    return env


def run(cmd: list[str], cwd: Path, env: dict[str, str], **kw) -> str:
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"error: {' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r.stdout


def generate(out: Path, microvac: Path, people: int, projects: int, vacuums: int,
             commitments: int, conversations: int, seed: int, check: bool = True) -> dict:
    """Builds the tracker in `out` (which must not exist or be empty); returns
    a summary (counts, HEAD, timings)."""
    t0 = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"error: {out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="microvac-gen-home-") as home:
        env = hermetic_env(home)
        # The tracker gets a repository of its own first: without one,
        # `microvac init` would start the tracker in any repository enclosing
        # `out` (such as the crate's own work tree, for bench-data/).
        run(["git", "init", "-q", "."], out, env)
        if Path(run(["git", "rev-parse", "--show-toplevel"], out, env).strip()).resolve() != out.resolve():
            raise SystemExit(f"error: git did not make {out} a repository of its own")
        # A genuine tracker, dated the day before the history starts.
        init_date = f"@{epoch(START - dt.timedelta(days=1)) + 9 * 3600} +0000"
        run([str(microvac), "init", "--team", TEAM], out,
            dict(env, GIT_AUTHOR_DATE=init_date, GIT_COMMITTER_DATE=init_date,
                 MICROVAC_NOW=(START - dt.timedelta(days=1)).isoformat()))
        if not (out / "microvac.toml").is_file():
            raise SystemExit(f"error: microvac init did not create {out / 'microvac.toml'}")
        ref = run(["git", "symbolic-ref", "HEAD"], out, env).strip()
        parent = run(["git", "rev-parse", "HEAD"], out, env).strip()
        templates = {k: Template((out / "templates" / f"{k}.toml").read_text())
                     for k in ("person", "project", "vacuum", "commitment", "conversation")}
        settings = (out / "microvac.toml").read_text()
        m = re.search(r'^checkin_every = "([0-9]+[dwm])"', settings, re.M)
        default_every = m[1] if m else "2w"
        catalog = sorted(p.stem for p in (out / "vacuums").glob("*.toml"))

        rng = random.Random(seed)
        extra = []
        for i in range(max(0, vacuums - len(catalog))):
            slug = EXTRA_VACUUMS[i] if i < len(EXTRA_VACUUMS) else f"practice-{i}"
            extra.append(Vacuum(slug, slug.replace("-", " ").capitalize(),
                                "Nobody does it, so it does not happen.", ["Start small.", "Ask your buddy."]))
        used_vacuums = catalog[:vacuums] + [v.slug for v in extra]
        team = Team(rng, people, projects, used_vacuums, extra, commitments, conversations)
        events = history(team, templates, default_every)
        t1 = time.perf_counter()

        proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out, env=env,
                                stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            for chunk in fast_import_stream(events, ref, parent):
                proc.stdin.write(chunk)
            proc.stdin.close()
        except BrokenPipeError:
            pass
        err = proc.stderr.read().decode()
        if proc.wait() != 0:
            raise SystemExit(f"error: git fast-import failed:\n{err}")
        t2 = time.perf_counter()
        # Work tree and index to the new HEAD (no gc: the pack stays as written).
        run(["git", "reset", "--hard", "-q", "HEAD"], out, env)
        status = run(["git", "status", "--porcelain", "--untracked-files=all"], out, env)
        if status.strip():
            raise SystemExit(f"error: work tree not clean after reset:\n{status[:2000]}")
        t3 = time.perf_counter()
        head = run(["git", "rev-parse", "HEAD"], out, env).strip()
        commits = int(run(["git", "rev-list", "--count", "HEAD"], out, env))
        checked = ""
        if check:
            checked = run([str(microvac), "check"], out, dict(env, MICROVAC_NOW="2026-11-23T10:00:00Z")).strip()
        t4 = time.perf_counter()
    return {
        "dir": str(out), "seed": seed, "head": head, "commits": commits,
        "people": len(team.people), "projects": len(team.projects), "vacuums": len(catalog) + len(extra),
        "commitments": len(team.commitments), "conversations": len(team.conversations),
        "active": sum(c.status == "active" for c in team.commitments),
        "checkins": sum(len(c.checkins) for c in team.commitments),
        "check": checked,
        "seconds": {"plan": t1 - t0, "fast_import": t2 - t1, "checkout": t3 - t2, "check": t4 - t3, "total": t4 - t0},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path, help="directory to create the tracker in (new or empty)")
    ap.add_argument("--commitments", required=True, type=int)
    ap.add_argument("--people", type=int, default=200)
    ap.add_argument("--projects", type=int, default=50)
    ap.add_argument("--vacuums", type=int, default=12)
    ap.add_argument("--conversations", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--microvac", type=Path, default=DEFAULT_MICROVAC, help="the microvac binary (default: %(default)s)")
    ap.add_argument("--no-check", action="store_true", help="skip the final `microvac check`")
    args = ap.parse_args(argv)
    if not args.microvac.is_file():
        raise SystemExit(f"error: {args.microvac} not found; run `cargo build --release` first")
    s = generate(args.out.resolve(), args.microvac.resolve(), args.people, args.projects, args.vacuums,
                 args.commitments, args.conversations, args.seed, check=not args.no_check)
    secs = s["seconds"]
    print(f"{s['dir']}: {s['people']} people, {s['projects']} projects, {s['vacuums']} vacuums, "
          f"{s['commitments']} commitments ({s['active']} active, {s['checkins']} check-ins), "
          f"{s['conversations']} conversations, {s['commits']} commits; HEAD {s['head'][:12]}")
    print(f"generated in {secs['total']:.1f} s (plan {secs['plan']:.1f} s, fast-import {secs['fast_import']:.1f} s, "
          f"checkout {secs['checkout']:.1f} s, check {secs['check']:.1f} s)")
    if s["check"]:
        print(f"microvac check: {s['check']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
