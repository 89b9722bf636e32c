#!/usr/bin/env bash
# False alarms of `umlaut check` on textbook, course, tutorial and paper-reimplementation code that
# no rule was tuned on: 98 pinned package-index archives (bench/tutorial-corpus.tsv: d2l, labml-nn,
# lightning-bolts, Keras 2.3.1's examples, llms-from-scratch, course and student packages, hand-
# written GANs, VAEs, transformers, ...). Downloads and verifies them, extracts their .py and
# .ipynb files, runs the check as bench/check-projects.sh does, prints the findings per rule, and
# scores them against the hand verdicts in bench/tutorial-verdicts.tsv (real / arguable /
# false-alarm; a finding is the same when path, cell and code agree and the line is within 2).
# Findings without a verdict are listed as NEW: judge them before reading the totals as a rate.
# A benchmark, not part of `make test`: it downloads.
#
#   bench/check-tutorials.sh [UMLAUT]   (default .build/release/umlaut; OUT=.build/check-tutorials,
#                                        archives in .build/tutorial-corpus; JOBS=N downloads, default 3)
#
# bench/project-corpus/fetch.sh fetches each archive with pip's ordinary client and checks its
# sha256 (rows whose file is a .whl are fetched as that wheel); nothing is installed or run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
umlaut="${1:-$root/.build/release/umlaut}"
[ -x "$umlaut" ] || { echo "no umlaut binary at $umlaut" >&2; exit 2; }
umlaut="$(cd "$(dirname "$umlaut")" && pwd)/$(basename "$umlaut")"
dest="$root/.build/tutorial-corpus"
out="${OUT:-$root/.build/check-tutorials}"
python="$root/.venv/bin/python"
list="$here/tutorial-corpus.tsv"
verdicts="$here/tutorial-verdicts.tsv"
JOBS="${JOBS:-3}" "$here/project-corpus/fetch.sh" "$dest" "$python" "$list" | grep -E "^FAILED|present and verified" ||
    echo "some archives are missing: the check runs on the others"

# The Python files and notebooks of each archive, under a folder named after the file (nothing in
# them is run; tar and unzip refuse paths that leave the folder).
rm -rf "$out" && mkdir -p "$out/src"
grep -v '^#' "$list" | tail -n +2 | cut -f3 | while read -r file; do
    archive="$dest/$file"
    [ -f "$archive" ] || continue
    name=${file%.tar.gz}; name=${name%.zip}; name=${name%.whl}
    mkdir -p "$out/src/$name"
    case "$archive" in
    *.zip | *.whl) unzip -q -o "$archive" '*.py' '*.ipynb' -d "$out/src/$name" 2>/dev/null || true ;;
    *) tar -xzf "$archive" -C "$out/src/$name" --wildcards '*.py' '*.ipynb' 2>/dev/null || true ;;
    esac
done
files=$(find "$out/src" -name '*.py' -o -name '*.ipynb' | wc -l)
start=$(date +%s.%N)
# Exit status 2 with --exit-zero means some file could not be read (hyperas ships a notebook that
# is not JSON): the findings of the others are still written, so go on and show what was skipped.
status=0
(cd "$out" && "$umlaut" check --exit-zero --no-config --format json src >findings.json 2>check.err) || status=$?
end=$(date +%s.%N)
[ "$status" -le 2 ] || { cat "$out/check.err" >&2; exit "$status"; }
grep ': error: ' "$out/check.err" >&2 || true
"$python" - "$out" "$files" "$start" "$end" "$verdicts" <<'PY'
import collections, csv, json, sys
out, files, start, end, verdicts = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
findings = json.load(open(f"{out}/findings.json"))
for f in findings:
    f["rel"] = f["path"][4:]  # without "src/"
    f["cell"] = str(f.get("cell") or "")
with open(f"{out}/findings.txt", "w") as listing:
    for f in sorted(findings, key=lambda f: (f["rel"], f["cell"], f["line"], f["code"])):
        cell = f" cell {f['cell']}" if f["cell"] else ""
        listing.write(f"{f['code']} {f['rel']}{cell}:{f['line']} {f['summary']}\n")
codes = collections.Counter(f["code"] for f in findings)
archives = len({f["rel"].split("/")[0] for f in findings})
print(f"{len(findings)} findings in {archives} archives, {files} files, {end - start:.1f} s: "
      + ", ".join(f"{code} {count}" for code, count in sorted(codes.items())))
print(f"listed in {out}/findings.txt")

rows = [r for r in csv.DictReader((l for l in open(verdicts) if not l.startswith("#")), delimiter="\t")]
used, tally, new = set(), collections.Counter(), []
for f in findings:
    match = next((i for i, r in enumerate(rows) if i not in used and r["path"] == f["rel"]
                  and r["cell"] == f["cell"] and r["code"] == f["code"]
                  and abs(int(r["line"]) - f["line"]) <= 2), None)
    if match is None:
        new.append(f)
    else:
        used.add(match)
        tally[rows[match]["verdict"].split(" (")[0]] += 1
print("judged: " + ", ".join(f"{k} {tally[k]}" for k in ("real", "arguable", "false-alarm"))
      + f"; {len(new)} NEW (no verdict); {len(rows) - len(used)} verdicts whose finding is gone")
for f in new:
    print(f"NEW {f['code']} {f['rel']}{' cell ' + f['cell'] if f['cell'] else ''}:{f['line']} {f['summary']}")
for i, r in enumerate(rows):
    if i not in used:
        print(f"GONE {r['code']} {r['path']}:{r['line']} ({r['verdict']})")
PY
