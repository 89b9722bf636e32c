#!/usr/bin/env bash
# Runs `umlaut check` over real code nobody here wrote: the installed Python sources of Keras,
# TensorFlow and PyTorch (tens of thousands of files). Passes when umlaut finishes within the
# time limit without crashing (exit 0, 1 or 2: findings and per-file problems are expected),
# and prints what it found.
#
# usage: Scripts/check-corpus.sh UMLAUT PYTHON [TIMEOUT_SECONDS]
set -euo pipefail

umlaut=$1
python=$2
limit=${3:-900}

site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
corpus=()
for package in keras tensorflow torch; do
    [[ -d "$site/$package" ]] && corpus+=("$site/$package")
done
[[ ${#corpus[@]} -gt 0 ]] || { echo "corpus: no framework sources under $site" >&2; exit 1; }

files=$(find "${corpus[@]}" \( -name '*.py' -o -name '*.ipynb' \) | wc -l)
echo "corpus: checking $files files under ${corpus[*]}"
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
start=$(date +%s.%N)
set +e
timeout --signal=KILL "$limit" "$umlaut" check --format json "${corpus[@]}" >"$out" 2>"$err"
status=$?
set -e
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
echo "corpus: exit status $status after ${elapsed}s"
if [[ $status -eq 137 ]]; then
    echo "corpus: FAILED: umlaut did not finish within ${limit}s (hang?)" >&2
    exit 1
fi
if [[ $status -gt 2 ]]; then
    echo "corpus: FAILED: umlaut crashed (exit $status)" >&2
    tail -n 20 "$err" >&2
    exit 1
fi
"$python" - "$out" "$err" <<'PY'
import collections, json, sys
diagnostics = json.load(open(sys.argv[1]))
problems = [line for line in open(sys.argv[2], encoding="utf-8", errors="replace") if line.strip()]
by_code = collections.Counter(d["code"] for d in diagnostics)
files = len({d["path"] for d in diagnostics})
print(f"corpus: {len(diagnostics)} findings in {files} files " + ", ".join(f"{c}: {n}" for c, n in sorted(by_code.items())))
kinds = collections.Counter(
    "syntax error" if ": syntax error: " in line else
    "error" if ": error: " in line else "warning" if ": warning: " in line else "other"
    for line in problems)
print(f"corpus: {len(problems)} per-file messages on stderr (" + ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items())) + "); the first few:")
for line in problems[:5]:
    print("   ", line.rstrip()[:200])
if kinds.get("other"):
    sys.exit("corpus: FAILED: unexpected lines on stderr (a crash message?)")
PY
