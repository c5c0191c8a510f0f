#!/usr/bin/env bash
# The README's two commands, verbatim, as a newcomer runs them: a clone of
# this repository's HEAD into an empty directory (nothing beside it), a
# fresh $HOME that has only git's identity (git needs an author to commit),
# the machine's Rust toolchain. The first line installs and starts a
# tracker; the check below asserts it left a working one. The second line
# runs the whole test suite from the clone, so its summary is the test
# result. CI (.ci/run) calls this; anyone can. With --bench, the
# benchmark's smoke run goes between the two (on the release build the
# install just made).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

# The toolchain belongs to the machine, not to the user's $HOME.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"

work="$(mktemp -d "${TMPDIR:-/tmp}/microvac-fresh-XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir "$work/home" "$work/empty"
export HOME="$work/home"
# `cargo install` puts the programs in the fresh $HOME, first on PATH, as
# ~/.cargo/bin is for a newcomer, and never over the machine's own.
export CARGO_INSTALL_ROOT="$HOME/.local"
export PATH="$CARGO_INSTALL_ROOT/bin:$PATH"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
git config --global user.name "New Manager"
git config --global user.email new.manager@example.com

git clone --quiet --no-local "$here" "$work/empty/microvac"
cd "$work/empty/microvac"
ls -A .. | grep -qx microvac && [ "$(ls -A .. | wc -l)" -eq 1 ]

# The README's first ```sh block: line 1 installs and starts a tracker,
# line 2 runs the tests.
mapfile -t lines < <(awk '/^```sh$/ { inside = 1; next } inside && /^```/ { exit } inside' README.md)
[ "${#lines[@]}" -eq 2 ] || { echo "README.md's first sh block has ${#lines[@]} lines, not 2" >&2; exit 1; }

echo "fresh clone: ${lines[0]}" >&2
started=$SECONDS
bash -euo pipefail -c "${lines[0]}"
echo "fresh clone: the install line took $((SECONDS - started)) s" >&2
# It left a working tracker: one commit, a clean work tree, no problems.
tracker="$HOME/coaching"
[ "$(git -C "$tracker" rev-list --count HEAD)" -eq 1 ]
[ -z "$(git -C "$tracker" status --porcelain)" ]
microvac -C "$tracker" check
[ "$(command -v mv)" = "$CARGO_INSTALL_ROOT/bin/mv" ]
size() { stat -c %s "$CARGO_INSTALL_ROOT/bin/$1"; }
echo "fresh clone: installed mv $(size mv) bytes, microvac $(size microvac) bytes" >&2
# The crash tests' fault hook is only in debug builds.
! grep -q MICROVAC_FAULT "$CARGO_INSTALL_ROOT/bin/microvac" \
    || { echo "the installed microvac carries the MICROVAC_FAULT test hook" >&2; exit 1; }

if [ "${1:-}" = --bench ]; then
    # That it runs, not how fast (no timing assertion anywhere).
    python3 scripts/bench.py --smoke
fi

[ "$(printf '%s' "${lines[1]%%#*}" | xargs)" = "cargo test --locked" ] \
    || { echo "README.md's second line is not the test command .ci/run runs: ${lines[1]}" >&2; exit 1; }
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    echo "fresh clone: the tests, as README's second line runs them, in $PWD" >&2
    return 0
fi
echo "fresh clone: ${lines[1]}" >&2
bash -euo pipefail -c "${lines[1]}"
