#!/usr/bin/env bash
# Measures what `umlaut check` says about real, correct training code nobody here wrote: the
# collections in the shared corpus (by default ../shared/corpus/realworld beside the repository),
# against the hand-made verdicts in its verdicts.tsv (see Scripts/realworld_verdicts.py).
# Prints real findings kept and lost, listed false alarms still reported, arguable findings, new
# findings one per line, and false alarms per 1,000 files. Fails when a `real` finding is lost or
# a listed `false-alarm` is still reported.
#
# usage: Scripts/check-realworld.sh UMLAUT PYTHON [CORPUS_DIR]
#        (or UMLAUT_REALWORLD=DIR instead of CORPUS_DIR)
set -euo pipefail

umlaut=$(realpath "$1")
python=$(realpath -s "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${3:-${UMLAUT_REALWORLD:-$repo/../shared/corpus/realworld}}

if [[ ! -f "$corpus/verdicts.tsv" ]]; then
    echo "realworld: FAILED: no corpus at $corpus (expected verdicts.tsv there);" \
         "put the shared corpus beside the repository, or pass REALWORLD=DIR to make (UMLAUT_REALWORLD=DIR)" >&2
    exit 1
fi
corpus=$(cd "$corpus" && pwd)
files=$(find "$corpus" \( -name '*.py' -o -name '*.ipynb' \) -type f | wc -l)
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
set +e
# The verdicts were made with the defaults (--no-config); relative paths as in verdicts.tsv.
(cd "$corpus" && "$umlaut" check --no-config --format json .) >"$out" 2>"$err"
status=$?
set -e
if [[ $status -gt 1 ]]; then
    echo "realworld: umlaut exited with $status; its messages:" >&2
    head -n 20 "$err" >&2
    # Exit 2 with per-file problems (unreadable notebooks) still yields the findings.
    [[ $status -eq 2 && -s "$out" ]] || exit 1
fi
"$python" "$repo/Scripts/realworld_verdicts.py" "$out" "$corpus/verdicts.tsv" "$files"
