#!/usr/bin/env bash
# `umlaut check` on the project-search corpus: 152 pinned ML projects' source archives
# (bench/project-corpus/corpus.tsv), real code that no verdict in ../shared/corpus/realworld was
# written for. Prints the findings per rule and writes them, one a line with its summary, to
# OUT/findings.txt, so that a change to a rule can be judged on code it was not tuned on (diff
# two runs' findings.txt). A benchmark, not part of `make test`: it downloads the archives.
#
#   bench/check-projects.sh [UMLAUT]     (default .build/release/umlaut; OUT=.build/check-projects)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
umlaut="${1:-$root/.build/release/umlaut}"
[ -x "$umlaut" ] || { echo "no umlaut binary at $umlaut" >&2; exit 2; }
umlaut="$(cd "$(dirname "$umlaut")" && pwd)/$(basename "$umlaut")"
corpus="$root/.build/project-corpus"
out="${OUT:-$root/.build/check-projects}"
python="$root/.venv/bin/python"

JOBS="${JOBS:-3}" "$here/project-corpus/fetch.sh" "$corpus" "$python" | tail -1
# The Python files and notebooks of each archive, under a folder named after it (nothing in
# them is run; tar and unzip refuse paths that leave the folder).
rm -rf "$out" && mkdir -p "$out/src"
for archive in "$corpus"/*.tar.gz "$corpus"/*.zip; do
    [ -f "$archive" ] || continue
    name=$(basename "$archive"); name=${name%.tar.gz}; name=${name%.zip}
    mkdir -p "$out/src/$name"
    case "$archive" in
    *.zip) unzip -q -o "$archive" '*.py' '*.ipynb' -d "$out/src/$name" 2>/dev/null || true ;;
    *) tar -xzf "$archive" -C "$out/src/$name" --wildcards '*.py' '*.ipynb' 2>/dev/null || true ;;
    esac
done
files=$(find "$out/src" -name '*.py' -o -name '*.ipynb' | wc -l)
start=$(date +%s.%N)
(cd "$out" && "$umlaut" check --exit-zero --no-config --format json src >findings.json 2>check.err)
end=$(date +%s.%N)
"$python" - "$out" "$files" "$start" "$end" <<'PY'
import collections, json, sys
out, files, start, end = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
findings = json.load(open(f"{out}/findings.json"))
with open(f"{out}/findings.txt", "w") as listing:
    for f in sorted(findings, key=lambda f: (f["path"], f["line"], f["code"])):
        listing.write(f"{f['code']} {f['path'][4:]}:{f['line']} {f['summary']}\n")
codes = collections.Counter(f["code"] for f in findings)
projects = len({f["path"].split("/")[1] for f in findings})
print(f"{len(findings)} findings in {projects} projects, {files} files, {end - start:.1f} s: "
      + ", ".join(f"{code} {count}" for code, count in sorted(codes.items())))
print(f"listed in {out}/findings.txt")
PY
