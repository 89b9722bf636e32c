#!/usr/bin/env bash
# The cost of `umlaut run`: the same Keras and PyTorch training scripts with and without it, in
# the same run, alternating, several repetitions; prints the median wall times and the overhead.
#
#   bench/run.sh [REPETITIONS]        (default 5; needs .venv and a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
repetitions="${1:-5}"
python="${UMLAUT_PYTHON:-$PWD/.venv/bin/python}"
umlaut="$PWD/.build/release/umlaut"
if [[ ! -x "$umlaut" ]]; then
    swift build -c release --product umlaut >&2
fi
# Trainings long enough that the frameworks' start-up (TensorFlow's import alone is ~4 s) does
# not hide the per-epoch cost: 10 Keras epochs, 4 PyTorch epochs.
BENCH_EPOCHS=10 "$python" bench/overhead.py --umlaut "$umlaut" --python "$python" --repetitions "$repetitions" \
    bench/keras_train.py
BENCH_EPOCHS=4 "$python" bench/overhead.py --umlaut "$umlaut" --python "$python" --repetitions "$repetitions" \
    bench/torch_train.py
