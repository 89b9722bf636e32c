#!/usr/bin/env bash
# Indexes the project-search corpus with `umlaut index` and scores the project attributes
# against the hand labels (labels.tsv); records the indexing time and peak memory for the whole
# corpus, a re-index with nothing changed, and a re-index after one file changed.
#
#   bench/project-corpus/run.sh [UMLAUT] [CORPUS] [PYTHON]
#
# UMLAUT defaults to the release build (.build/release/umlaut; `swift build -c release --static-swift-stdlib --product
# umlaut`), CORPUS to .build/project-corpus (fetch.sh fills it), PYTHON to .venv/bin/python.
# JOBS=N sets `umlaut index --jobs` (default: the number of cores). Output: OUT (default
# .build/project-corpus-run/) holds index.sqlite, the measurements and score.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
umlaut="${1:-$root/.build/release/umlaut}"
corpus="${2:-$root/.build/project-corpus}"
python="${3:-$root/.venv/bin/python}"
out="${OUT:-$root/.build/project-corpus-run}"
jobs="${JOBS:-$(nproc)}"
rm -rf "$out"
mkdir -p "$out"

# The installed frameworks' sources, where they are installed (find_spec does not import them).
mapfile -t frameworks < <("$python" - <<'PY'
import importlib.util, pathlib
for name in ("keras", "tensorflow", "torch"):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed in this Python")
    print(pathlib.Path(list(spec.submodule_search_locations)[0]).resolve())
PY
)
mapfile -t archives < <(find "$corpus" -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.zip' \) | sort)
[ "${#archives[@]}" -gt 0 ] || { echo "no archives in $corpus: run bench/project-corpus/fetch.sh first"; exit 2; }

# One archive unpacked as a directory project too, for the re-index-after-one-change figure.
changed="$out/changed-project"
mkdir -p "$changed"
tar -xzf "$corpus/efficientnet_pytorch-0.7.1.tar.gz" -C "$changed" --strip-components=1
projects=("${archives[@]}" "$changed" "${frameworks[@]}")

index=("$umlaut" index "${projects[@]}" --db "$out/index.sqlite" --jobs "$jobs")
echo "indexing ${#archives[@]} archives, 1 directory and ${#frameworks[@]} installed frameworks with --jobs $jobs"
"$python" "$root/bench/measure.py" "index, whole corpus" 1 0 -- "${index[@]}" | tee "$out/measure.txt"
"$python" "$root/bench/measure.py" "re-index, nothing changed" 3 0 -- "${index[@]}" | tee -a "$out/measure.txt"
echo "# changed by run.sh" >> "$changed/efficientnet_pytorch/utils.py"
"$python" "$root/bench/measure.py" "re-index, one file changed" 1 0 -- "${index[@]}" | tee -a "$out/measure.txt"
"${index[@]}" > "$out/index.log" 2>&1 || true
"$python" - "$out/index.sqlite" <<'PY' | tee -a "$out/measure.txt"
import os, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
projects, files, lines = db.execute("SELECT count(*), sum(fileCount), sum(lineCount) FROM project").fetchone()
print(f"index: {projects} projects, {files} files, {lines} lines, {os.path.getsize(sys.argv[1]) / 1e6:.1f} MB")
PY
"$python" "$here/score.py" "$out/index.sqlite" "$here/labels.tsv" --errors | tee "$out/score.txt"
# Recall against what each project is about (the primary values), and AIMMX's README rules for
# datasets beside umlaut's, on the same splits (dev and held-out: the blind ones only by name).
primary=("$here/primary-spent.tsv" "$here/primary-blind.tsv")
"$python" "$here/score.py" "$out/index.sqlite" "$here/labels.tsv" --primary "${primary[@]}" | tee -a "$out/score.txt"
"$python" "$here/aimmx_rules.py" "$out/index.sqlite" "$here/labels.tsv" "$corpus" "$umlaut" \
    --split dev held-out --primary "${primary[@]}" | tee -a "$out/score.txt"
