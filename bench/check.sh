#!/usr/bin/env bash
# Benchmark (not a test): `umlaut check` beside `ruff check` on the same real code, in the same
# run, plus the per-file latency of a 2,000-line training script.
#
#   bench/check.sh [RUNS]       (default 5; `make bench` runs it after a release build)
#
# Corpus: every Python file of the installed Keras, TensorFlow and PyTorch (.venv). Both tools
# run "cold" in the sense that neither keeps results between runs: ruff with --no-cache,
# umlaut has no cache. Each tool gets one unmeasured warm-up run (so both read the files from
# the page cache), then RUNS measured runs; wall time is the median, peak RSS the maximum.
# Targets: umlaut within 1.5x of ruff's wall time, and under 10 ms for the 2,000-line script.
# `umlaut latency` on the corpus also says how many files and bytes the pre-filter skips (files
# holding none of the rules' trigger tokens are not parsed; `--no-filter` analyses them all).
# When other work shares the machine (see the load average), compare CPU time, not wall time,
# and the instruction counts at the end (callgrind; skipped when valgrind is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
python=.venv/bin/python
ruff=.venv/bin/ruff
umlaut=.build/release/umlaut

swift build -c release --static-swift-stdlib --product umlaut 2>&1 | tail -n 1
site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
corpus=("$site/keras" "$site/tensorflow" "$site/torch")
files=$(find "${corpus[@]}" -name '*.py' | wc -l)
bytes=$(find "${corpus[@]}" -name '*.py' -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1)
echo "machine: $(nproc) CPUs, load average $(cut -d" " -f1-3 /proc/loadavg), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "corpus: $files Python files, $((bytes / 1000000)) MB (keras, tensorflow, torch)"
echo "tools: $("$ruff" --version), umlaut $("$umlaut" --version) ($(nproc) worker threads)"
echo

echo "== warm-up (not measured)"
"$ruff" check --no-cache --exit-zero --quiet "${corpus[@]}" >/dev/null 2>&1 || true
"$umlaut" check --exit-zero --format concise "${corpus[@]}" >/dev/null 2>&1 || true

echo "== whole corpus, $runs runs each"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
"$python" bench/measure.py ruff "$runs" "$files" -- "$ruff" check --no-cache --exit-zero --quiet "${corpus[@]}" | tee -a "$results"
"$python" bench/measure.py umlaut "$runs" "$files" -- "$umlaut" check --exit-zero --format concise "${corpus[@]}" | tee -a "$results"
"$python" bench/measure.py umlaut-1-thread "$runs" "$files" -- "$umlaut" check --exit-zero --format concise --threads 1 "${corpus[@]}" | tee -a "$results"
echo "where umlaut's time goes (one thread, in-process CPU time):"
"$umlaut" latency "${corpus[@]}"
"$python" - "$results" <<'PY'
import sys
rows = {line.split()[1]: [float(x) for x in line.split()[2:5]]
        for line in open(sys.argv[1]) if line.startswith("RESULT")}
ratio = rows["umlaut"][0] / rows["ruff"][0]
print(f"ratio: umlaut / ruff wall time = {ratio:.2f} (target <= 1.5: {'met' if ratio <= 1.5 else 'NOT met'}); "
      f"CPU time {rows['umlaut'][2] / rows['ruff'][2]:.2f}x; "
      f"peak RSS umlaut {rows['umlaut'][1]:.0f} MB vs ruff {rows['ruff'][1]:.0f} MB; "
      f"umlaut 2 threads vs 1: {rows['umlaut-1-thread'][0] / rows['umlaut'][0]:.2f}x faster")
PY
echo

echo "== one 2,000-line training script"
script=$(mktemp --suffix=.py)
trap 'rm -f "$results" "$script"' EXIT
"$python" bench/make-training-script.py "$script" 2000
"$umlaut" latency "$script" --iterations 500
echo "(in-process parse + analysis + every rule; target < 10 ms)"
"$python" bench/measure.py "umlaut-process" 20 1 -- "$umlaut" check --exit-zero "$script"
"$python" bench/measure.py "ruff-process" 20 1 -- "$ruff" check --no-cache --exit-zero "$script"

# Instruction counts: repeatable where wall and CPU time are not (a shared, loaded machine).
# valgrind 3.19 cannot read the release build's DWARF, so it runs a copy without debug info.
if command -v valgrind >/dev/null; then
    echo "== instructions for the 2,000-line script as a process (callgrind)"
    stripped=$(mktemp)
    trap 'rm -f "$results" "$script" "$stripped"' EXIT
    strip --strip-debug -o "$stripped" "$umlaut"
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*refs: *//p'; }
    echo "umlaut: $(count "$stripped" check --exit-zero "$script") instructions"
    echo "ruff:   $(count "$ruff" check --no-cache --exit-zero "$script") instructions"
fi
