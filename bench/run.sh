#!/usr/bin/env bash
# The cost of `umlaut run`: the same Keras and PyTorch trainings plain, with the sensor, and under
# `umlaut run`, alternating, several repetitions; prints median wall and CPU times and overheads.
#
#   bench/run.sh [REPETITIONS]        (default 5; needs .venv; builds the release binary if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions="${1:-5}"
python="${UMLAUT_PYTHON:-$PWD/.venv/bin/python}"
umlaut="$PWD/.build/release/umlaut"
if [[ ! -x "$umlaut" ]]; then
    swift build -c release --static-swift-stdlib --product umlaut >&2
fi
exec "$python" bench/run_overhead.py --python "$python" --umlaut "$umlaut" --repeat "$repetitions"
