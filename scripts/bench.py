#!/usr/bin/env python3
"""Benchmark microvac against the plain tools it stands in for.

Run from anywhere (python3 3.11+, stdlib only; needs git and cargo):

    python3 scripts/bench.py              # full run, median of 7 runs per figure
    python3 scripts/bench.py --runs 11    # more runs
    python3 scripts/bench.py --smoke      # quick CI check: small tracker, 1 run

It builds the crate it lives in (`cargo build --release`), generates two
trackers with scripts/gen_tracker.py into bench-data/ (git-ignored; reused
while the generator, its options and the shipped templates are unchanged):

    big:   200 people, 50 projects, 12 vacuums, 10,000 commitments, 5,000 conversations
    small: the same team with 100 commitments and 50 conversations

and prints one line per figure: our median, the baseline's median, their
ratio, the target and PASS/MISS. Each figure is the median of --runs runs
after one warm-up, our runs and the baseline's interleaved so load from
other processes hits both alike. Every process is timed with
time.perf_counter around subprocess.run, stdout and stderr to /dev/null, in
a hermetic environment (a temporary HOME, no system or global git config,
a fixed identity and MICROVAC_NOW). Missing a target is a finding, not an
error: the exit status is 0 unless something failed to run. See
scripts/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

SCRIPTS = Path(__file__).resolve().parent
CRATE = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))
import gen_tracker  # noqa: E402  (the generator, beside this script)

# The release binaries, set by main() from release_dir(): CARGO_TARGET_DIR
# or a configured target dir moves them out of target/.
MICROVAC = Path("microvac")
MV = Path("mv")
HUGE = False  # --huge: the big figures on the 100k tracker
NOW = "2026-11-23T10:00:00Z"
TODAY = NOW[:10]
RECORD_DIRS = ("people", "projects", "vacuums", "commitments", "conversations")

# The trackers: name -> generator options.
TRACKERS = {
    "big": dict(people=200, projects=50, vacuums=12, commitments=10_000, conversations=5_000, seed=1),
    "small": dict(people=200, projects=50, vacuums=12, commitments=100, conversations=50, seed=1),
    # Behind --huge: minutes to generate, and about 411k commits.
    "huge": dict(people=200, projects=50, vacuums=12, commitments=100_000, conversations=50_000, seed=1),
}

# Issue 18's targets where they differ at 100k (--huge) from at 10k.
HUGE_TARGETS = {"table vs cat of all records": 0.75, "check vs cat of all records": 1.0}


class BenchError(Exception):
    """Something did not run as it should; the benchmark cannot go on."""


def log(msg: str) -> None:
    """Progress, on stderr, so stdout holds only the results."""
    print(msg, file=sys.stderr, flush=True)


# --- processes ----------------------------------------------------------------


class Runner:
    """Runs and times processes in the hermetic environment."""

    def __init__(self, home: str):
        env = gen_tracker.hermetic_env(home)
        env.update(
            GIT_AUTHOR_NAME="Bench Manager", GIT_AUTHOR_EMAIL="manager@example.com",
            GIT_COMMITTER_NAME="Bench Manager", GIT_COMMITTER_EMAIL="manager@example.com",
            MICROVAC_NOW=NOW,
            # No automatic `git gc` in the middle of a timed `git commit`.
            GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="gc.auto", GIT_CONFIG_VALUE_0="0",
        )
        self.env = env

    def time(self, cmd: list[str], cwd: Path) -> float:
        """Runs `cmd` once; returns its wall time in seconds."""
        start = time.perf_counter()
        r = subprocess.run(cmd, cwd=cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if r.returncode != 0:
            self.fail(cmd, cwd, r.returncode)
        return elapsed

    def fail(self, cmd: list[str], cwd: Path, code: int) -> None:
        """Raises with what the command says when run again (the timed runs
        discard their output)."""
        again = subprocess.run(cmd, cwd=cwd, env=self.env, capture_output=True, text=True)
        raise BenchError(f"`{' '.join(map(str, cmd))}` in {cwd} exited with {code}:\n"
                         f"{again.stdout[-3000:]}{again.stderr[-3000:]}")

    def out(self, cmd: list[str], cwd: Path) -> str:
        """Runs an untimed helper command and returns its stdout."""
        r = subprocess.run(cmd, cwd=cwd, env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            raise BenchError(f"`{' '.join(map(str, cmd))}` in {cwd} exited with {r.returncode}:\n{r.stderr[-3000:]}")
        return r.stdout

    def peak_rss_mib(self, cmd: list[str], cwd: Path) -> float:
        """Runs `cmd` once; returns its peak resident set size in MiB.

        ru_maxrss keeps the high-water mark of the process from before its
        exec, i.e. of the copy of the parent it was forked from, so a child of
        this (large, after generating a tracker) process would report our
        size. A small fresh interpreter forks it instead and reports
        os.wait4's ru_maxrss; its own size is the floor of what can be
        measured (see rss_floor_mib)."""
        r = subprocess.run([sys.executable, "-I", "-S", "-c", RSS_HELPER, *cmd], cwd=cwd, env=self.env,
                           capture_output=True, text=True)
        try:
            code, kib = map(int, r.stdout.split())
        except ValueError:
            raise BenchError(f"the RSS helper failed on `{' '.join(cmd)}`:\n{r.stderr[-3000:]}") from None
        if code != 0:
            self.fail(cmd, cwd, code)
        return kib / 1024  # ru_maxrss is in KiB on Linux

    def rss_floor_mib(self) -> float:
        """What peak_rss_mib reports for a process that uses no memory."""
        return self.peak_rss_mib(["true"], Path("/"))


# Forks and execs argv[1:] with output to /dev/null, and prints its exit
# status and ru_maxrss (KiB).
RSS_HELPER = """
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


# --- figures ------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    ours: list[float]
    base: list[float]
    target: float | None  # None: context for the figures above, not a target

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours) / statistics.median(self.base)

    def line(self) -> str:
        ours, base = statistics.median(self.ours) * 1e3, statistics.median(self.base) * 1e3
        if self.target is None:
            return f"{self.name:<28} {ours:7.1f} ms / {base:7.1f} ms = {self.ratio:4.2f}x  (context)"
        verdict = "PASS" if self.ratio <= self.target else "MISS"
        return (f"{self.name:<28} {ours:7.1f} ms / {base:7.1f} ms = {self.ratio:4.2f}x  "
                f"(target <= {self.target:.2f}x)  {verdict}")

    @property
    def missed(self) -> bool:
        return self.target is not None and self.ratio > self.target


def compare(name: str, target: float | None, runs: int,
            ours: Callable[[int], float], base: Callable[[int], float],
            after: Callable[[], None] = lambda: None) -> Figure:
    """One warm-up each, then `runs` timed runs of each, interleaved (which
    side goes first alternates). `ours(i)` / `base(i)` run the i-th run
    (i = 0 is the warm-up) and return its time; `after` runs untimed after
    every run, e.g. to reset a repository."""
    log(f"  {name} ...")
    ours_t, base_t = [], []
    for i in range(runs + 1):
        pair = [(ours, ours_t), (base, base_t)]
        for fn, times in pair if i % 2 == 0 else pair[::-1]:
            t = fn(i)
            after()
            if i > 0:
                times.append(t)
    if target is not None and HUGE:
        target = HUGE_TARGETS.get(name, target)
    return Figure(name, ours_t, base_t, target)


# --- trackers -----------------------------------------------------------------


def fingerprint(options: dict) -> str:
    """What a generated tracker depends on: the generator, its options and
    the files `microvac init` writes."""
    h = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for path in sorted([SCRIPTS / "gen_tracker.py", *(CRATE / "templates").rglob("*"), *(CRATE / "hooks").glob("*")]):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def tracker(runner: Runner, data: Path, name: str) -> tuple[Path, dict]:
    """The tracker `name` in `data`, generated if missing or stale, reset to
    the commit it was generated at."""
    path, stamp_path = data / name, data / f"{name}.json"
    options = TRACKERS[name]
    fp = fingerprint(options)
    if path.is_dir() and stamp_path.is_file():
        stamp = json.loads(stamp_path.read_text())
        if stamp.get("fingerprint") == fp:
            runner.out(["git", "reset", "-q", "--hard", stamp["head"]], path)
            if not runner.out(["git", "status", "--porcelain"], path).strip():
                log(f"reusing {path} ({stamp['commits']} commits)")
                return path, stamp
    log(f"generating the {name} tracker in {path} ...")
    shutil.rmtree(path, ignore_errors=True)
    stamp_path.unlink(missing_ok=True)
    stamp = gen_tracker.generate(path, MICROVAC, **options)
    stamp["fingerprint"] = fp
    stamp_path.write_text(json.dumps(stamp, indent=2))
    secs = stamp["seconds"]
    print(f"generated {name}: {stamp['commitments']} commitments, {stamp['conversations']} conversations, "
          f"{stamp['commits']} commits in {secs['total']:.1f} s (fast-import {secs['fast_import']:.1f} s, "
          f"checkout {secs['checkout']:.1f} s, microvac check {secs['check']:.1f} s)", flush=True)
    return path, stamp


def record_files(root: Path) -> list[str]:
    """Every record file, tracker-relative, sorted."""
    return sorted(str(p.relative_to(root)) for d in RECORD_DIRS for p in (root / d).rglob("*.toml"))


def active_commitments(root: Path) -> list[tuple[str, dict]]:
    """(path, parsed) of every active commitment, sorted by path."""
    out = []
    for p in sorted((root / "commitments").glob("*/*.toml")):
        data = tomllib.loads(p.read_text())
        if data.get("status") == "active":
            out.append((str(p.relative_to(root)), data))
    return out


def cat_command(root: Path, files: list[str]) -> tuple[list[str], Path | None]:
    """One `cat` of all `files` (run in `root`), or `xargs cat` over a list
    file when they would not fit on one command line."""
    if sum(len(f) + 1 for f in files) < os.sysconf("SC_ARG_MAX") // 2:
        return ["cat", *files], None
    listing = Path(tempfile.mkstemp(prefix="microvac-bench-", suffix=".list")[1])
    listing.write_text("\0".join(files))
    return ["xargs", "-0", "-a", str(listing), "cat"], listing


def coached_person(root: Path) -> str:
    """The person with the most commitments whose handle is not a prefix of
    another's, so `git log --grep` finds theirs only."""
    counts = {p.name: len(list(p.glob("*.toml"))) for p in (root / "commitments").iterdir()}
    handles = [p.stem for p in (root / "people").glob("*.toml")]
    ok = [h for h in counts if not any(o != h and o.startswith(h) for o in handles)]
    return max(sorted(ok), key=lambda h: counts[h])


# --- the benchmark ------------------------------------------------------------


def write_figures(runner: Runner, root: Path, small: Path | None, runs: int) -> list[Figure]:
    """`microvac checkin` against appending by hand and committing with git;
    and, given the small tracker, the same check-in there."""
    head = runner.out(["git", "rev-parse", "HEAD"], root).strip()
    actives = active_commitments(root)
    # A different active commitment for every run, spread over the tracker.
    picks = [actives[k * len(actives) // (runs + 1)] for k in range(runs + 1)]
    reset = lambda: runner.out(["git", "reset", "-q", "--hard", head], root)  # noqa: E731

    def ours(i: int) -> float:
        rel, _ = picks[i]
        suffix = Path(rel).stem.rsplit("-", 1)[1]
        return runner.time([str(MICROVAC), "checkin", suffix, "--note", "bench rep", "--comfort", "3"], root)

    def by_hand(i: int) -> float:
        rel, c = picks[i]
        return by_hand_at(root, rel, c)

    def by_hand_at(root: Path, rel: str, c: dict) -> float:
        fill = gen_tracker.Commitment(c["person"], c["vacuum"], c["project"], Path(rel).stem.rsplit("-", 1)[1],
                                      None, c.get("buddy") or None, None)
        rep = len(c.get("checkin", [])) + 1
        msg = gen_tracker.message(f"{c['person']}: {gen_tracker.ordinal(rep)} rep of {c['vacuum']} on "
                                  f"{c['project']}, comfort 3/5", [("Action", "checkin")] + fill.trailers())
        start = time.perf_counter()
        with open(root / rel, "a") as f:
            f.write(f'\n[[checkin]]\ndate = {TODAY}\nnote = "bench rep"\ncomfort = 3\n')
        runner.time(["git", "add", rel], root)
        # --no-verify: microvac's own commits run no hooks, so neither does
        # the baseline (the tracker's pre-commit hook would run `microvac check`).
        runner.time(["git", "commit", "--no-verify", "-q", "-m", msg], root)
        return time.perf_counter() - start

    figures = [compare("write vs by-hand git", 0.5, runs, ours, by_hand, reset)]
    if small is not None:
        small_head = runner.out(["git", "rev-parse", "HEAD"], small).strip()
        small_picks = active_commitments(small)

        def ours_small(i: int) -> float:
            rel, _ = small_picks[i % len(small_picks)]
            suffix = Path(rel).stem.rsplit("-", 1)[1]
            t = runner.time([str(MICROVAC), "checkin", suffix, "--note", "bench rep", "--comfort", "3"], small)
            runner.out(["git", "reset", "-q", "--hard", small_head], small)
            return t

        figures.append(compare("write big vs 100 commitments", 1.5, runs, ours, ours_small, reset))

        def by_hand_small(i: int) -> float:
            rel, c = small_picks[i % len(small_picks)]
            t = by_hand_at(small, rel, c)
            runner.out(["git", "reset", "-q", "--hard", small_head], small)
            return t

        # What the same write costs git itself as the index grows: the floor
        # any tool that keeps the index up to date shares.
        figures.append(compare("  git by hand, big vs 100", None, runs, by_hand, by_hand_small, reset))
    return figures


def read_figures(runner: Runner, root: Path, runs: int) -> tuple[list[Figure], tuple[float, float]]:
    """table, history and check against cat / git log; and the peak RSS of
    table (the highest of 3 runs) with the floor of that measurement."""
    files = record_files(root)
    cat, listing = cat_command(root, files)
    try:
        cat_run = lambda i: runner.time(cat, root)  # noqa: E731
        table = [str(MICROVAC), "table"]
        figures = [compare("table vs cat of all records", 0.5, runs, lambda i: runner.time(table, root), cat_run)]
        rss = max(runner.peak_rss_mib(table, root) for _ in range(3)), runner.rss_floor_mib()
        person = coached_person(root)
        figures.append(compare(
            "history vs git log --grep", 1.5, runs,
            lambda i: runner.time([str(MICROVAC), "history", person], root),
            lambda i: runner.time(["git", "log", "--oneline", "--grep", f"Microvac-Person: {person}"], root)))
        figures.append(compare("check vs cat of all records", 0.75, runs,
                               lambda i: runner.time([str(MICROVAC), "check"], root), cat_run))
    finally:
        if listing:
            listing.unlink()
    return figures, rss


def passthrough_figures(runner: Runner, runs: int) -> list[Figure]:

    """`mv a b` through microvac's pass-through against the system mv.
    Processes this short are noisy, so this figure takes 3x the runs."""
    system_mv = next((p for p in ("/usr/bin/mv", "/bin/mv") if os.access(p, os.X_OK)), None)
    if system_mv is None:
        raise BenchError("no /usr/bin/mv or /bin/mv to compare with")
    with tempfile.TemporaryDirectory(prefix="microvac-bench-mv-") as tmp:
        d = Path(tmp)
        (d / "a").write_text("moved back and forth\n")

        def move(*program: str) -> float:
            src, dst = ("a", "b") if (d / "a").exists() else ("b", "a")
            return runner.time([*program, src, dst], d)

        ours = compare("mv pass-through vs system mv", 1.5, runs * 3,
                       lambda i: move(str(MV)), lambda i: move(system_mv))
        # The floor of any pass-through by exec: the smallest common program
        # (dash) doing nothing but exec the system mv.
        floor = compare("  sh exec mv vs system mv", None, runs * 3,
                        lambda i: move("/bin/sh", "-c", f'exec {system_mv} "$@"', "sh"),
                        lambda i: move(system_mv))
        return [ours, floor]


def sync_figures(runner: Runner, root: Path, work: Path, runs: int) -> list[Figure]:
    """`microvac sync` pulling 10 commits and pushing one, against `git pull
    --rebase` then `git push`, in the same clone with the same hooks
    (`microvac init`'s, finding this microvac on PATH)."""
    head = runner.out(["git", "rev-parse", "HEAD"], root).strip()
    branch = runner.out(["git", "symbolic-ref", "--short", "HEAD"], root).strip()
    bare, clone = work / "remote.git", work / "clone"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    bin_dir = work / "bin"
    bin_dir.mkdir()
    (bin_dir / "microvac").symlink_to(MICROVAC)
    env = dict(runner.env, PATH=f"{bin_dir}{os.pathsep}{runner.env.get('PATH', os.defpath)}")
    hooked = copy.copy(runner)
    hooked.env = env
    hooked.out(["git", "clone", "-q", "--bare", str(root), str(bare)], work)
    hooked.out(["git", "clone", "-q", str(bare), str(clone)], work)
    hooked.out([str(MICROVAC), "init"], clone)
    if hooked.out(["git", "status", "--porcelain"], clone).strip():
        raise BenchError(f"`microvac init` left {clone} with uncommitted changes")
    actives = active_commitments(root)

    def checkin(where: Path, rel: str) -> None:
        suffix = Path(rel).stem.rsplit("-", 1)[1]
        hooked.out([str(MICROVAC), "checkin", suffix, "--note", "bench rep", "--comfort", "3"], where)

    # Ten commits someone else pushed (made in the generated tracker, which
    # goes back to its generated commit), and one of the clone's own.
    for k in range(10):
        checkin(root, actives[k * len(actives) // 11][0])
    theirs = hooked.out(["git", "rev-parse", "HEAD"], root).strip()
    hooked.out(["git", "push", "-q", str(bare), f"HEAD:refs/heads/{branch}"], root)
    hooked.out(["git", "reset", "-q", "--hard", head], root)
    checkin(clone, actives[-1][0])
    ours_tip = hooked.out(["git", "rev-parse", "HEAD"], clone).strip()

    def reset() -> None:
        hooked.out(["git", "update-ref", f"refs/heads/{branch}", theirs], bare)
        hooked.out(["git", "reset", "-q", "--hard", ours_tip], clone)
        hooked.out(["git", "update-ref", f"refs/remotes/origin/{branch}", head], clone)

    def git_pull_push(i: int) -> float:
        return (hooked.time(["git", "pull", "-q", "--rebase"], clone)
                + hooked.time(["git", "push", "-q"], clone))

    reset()
    try:
        return [compare("sync vs git pull -r && push", 1.0, runs,
                        lambda i: hooked.time([str(MICROVAC), "sync"], clone), git_pull_push, reset)]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def version_figures(runner: Runner, runs: int) -> list[Figure]:
    """The start-up of the program itself: `microvac --version` against
    `git --version`. Processes this short are noisy: 3x the runs."""
    here = Path("/")
    return [compare("microvac --version vs git", 1.0, runs * 3,
                    lambda i: runner.time([str(MICROVAC), "--version"], here),
                    lambda i: runner.time(["git", "--version"], here))]


def release_dir() -> Path:
    """Where `cargo build --release` puts this crate's binaries: `cargo
    metadata` knows CARGO_TARGET_DIR, a configured build.target-dir and
    workspaces."""
    r = subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                       cwd=CRATE, capture_output=True, text=True)
    if r.returncode != 0:
        raise BenchError(f"`cargo metadata` failed:\n{r.stderr[-3000:]}")
    return Path(json.loads(r.stdout)["target_directory"]) / "release"


def build() -> None:
    log("cargo build --release ...")
    r = subprocess.run(["cargo", "build", "--release"], cwd=CRATE, stdout=sys.stderr, stderr=sys.stderr)
    if r.returncode != 0:
        raise BenchError("cargo build --release failed")
    for binary in (MICROVAC, MV):
        if not binary.is_file():
            raise BenchError(f"{binary} was not built")
    log(f"binaries: {MICROVAC.parent}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="timed runs per figure, after a warm-up (default 7)")
    ap.add_argument("--smoke", action="store_true", help="small tracker only, 1 run + warm-up (for CI)")
    ap.add_argument("--data", type=Path, default=CRATE / "bench-data",
                    help="where the trackers are generated and kept (default: %(default)s)")
    ap.add_argument("--huge", action="store_true",
                    help="measure on a 100,000-commitment tracker instead of the 10,000 one (slow to generate)")
    ap.add_argument("--no-build", action="store_true", help="use the release binaries as they are")
    args = ap.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    if runs < 1:
        ap.error("--runs must be at least 1")
    try:
        global MICROVAC, MV, HUGE
        HUGE = args.huge and not args.smoke
        release = release_dir()
        MICROVAC, MV = release / "microvac", release / "mv"
        if not args.no_build:
            build()
        args.data.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="microvac-bench-home-") as home:
            runner = Runner(home)
            small, small_stamp = tracker(runner, args.data, "small")
            if args.smoke:
                root, stamp = small, small_stamp
            else:
                root, stamp = tracker(runner, args.data, "huge" if HUGE else "big")
            load = os.getloadavg()
            print(f"tracker: {stamp['commitments']} commitments, {stamp['conversations']} conversations, "
                  f"{stamp['commits']} commits; {runs} run(s) per figure after a warm-up; "
                  f"load average {load[0]:.2f}", flush=True)
            log("measuring:")
            figures = write_figures(runner, root, None if args.smoke else small, runs)
            read, rss = read_figures(runner, root, runs)
            figures += read
            figures += sync_figures(runner, root, args.data / "sync", runs)
            figures += passthrough_figures(runner, runs)
            figures += version_figures(runner, runs)
        print()
        for f in figures:
            print(f.line())
        rss, floor = rss
        print(f"{'table peak RSS':<28} {rss:7.1f} MiB (target <= 64 MiB)  {'PASS' if rss <= 64 else 'MISS'}"
              f"  [floor of the measurement {floor:.1f} MiB]")
        targets = [f for f in figures if f.target is not None]
        missed = sum(f.missed for f in targets) + (rss > 64)
        print(f"\n{len(targets) + 1 - missed} of {len(targets) + 1} targets met; load average now "

              f"{os.getloadavg()[0]:.2f}")
        return 0
    except BenchError as e:
        print(f"bench: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
