#!/usr/bin/env bash
# Shards that merge (Docs/ProjectSearchAtScale.md): indexes the project-search corpus as two
# halves and as a whole, merges the halves, re-merges after re-indexing one half, and compares
# searches on the merged and the single index. Times and peak memory come from /usr/bin/time -v.
#
#   bench/project-corpus/merge.sh [UMLAUT] [CORPUS] [PYTHON]
#
# Defaults as run.sh's: the release build, .build/project-corpus (fetch.sh fills it), .venv's
# Python (whose Keras, TensorFlow and PyTorch sources are indexed too). Half A is every other
# archive plus Keras and PyTorch, half B the other archives plus TensorFlow. Output: OUT
# (default .build/project-corpus-merge/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
umlaut="${1:-$root/.build/release/umlaut}"
corpus="${2:-$root/.build/project-corpus}"
python="${3:-$root/.venv/bin/python}"
out="${OUT:-$root/.build/project-corpus-merge}"
jobs="${JOBS:-$(nproc)}"
rm -rf "$out"
mkdir -p "$out"

mapfile -t frameworks < <("$python" - <<'PY'
import importlib.util, pathlib
for name in ("keras", "tensorflow", "torch"):
    spec = importlib.util.find_spec(name)
    print(pathlib.Path(list(spec.submodule_search_locations)[0]).resolve())
PY
)
mapfile -t archives < <(find "$corpus" -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.zip' \) | sort)
[ "${#archives[@]}" -gt 0 ] || { echo "no archives in $corpus: run bench/project-corpus/fetch.sh first"; exit 2; }
half_a=("${frameworks[0]}" "${frameworks[2]}")
half_b=("${frameworks[1]}")
for i in "${!archives[@]}"; do
    if ((i % 2 == 0)); then half_a+=("${archives[$i]}"); else half_b+=("${archives[$i]}"); fi
done

# NAME COMMAND...: runs it under /usr/bin/time -v, prints wall, CPU and peak RSS.
measure() {
    local name="$1"
    shift
    /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1
    awk -v name="$name" -F': ' '
        /Elapsed \(wall clock\)/ { wall = $2 }
        /User time/ { user = $2 } /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "%s: %s wall, %.1f s CPU, peak RSS %.0f MB\n", name, wall, user + sys, rss }
    ' "$out/$name.time" | tee -a "$out/measure.txt"
}

measure "index half A (${#half_a[@]} projects)" "$umlaut" index "${half_a[@]}" --db "$out/shard-a.sqlite" --jobs "$jobs"
measure "index half B (${#half_b[@]} projects)" "$umlaut" index "${half_b[@]}" --db "$out/shard-b.sqlite" --jobs "$jobs"
measure "index whole" "$umlaut" index "${half_a[@]}" "${half_b[@]}" --db "$out/whole.sqlite" --jobs "$jobs"
measure "merge A+B" "$umlaut" index --merge "$out/shard-a.sqlite" "$out/shard-b.sqlite" --db "$out/merged.sqlite"
tail -3 "$out/merge A+B.log" | tee -a "$out/measure.txt"
measure "merge A+B again (nothing newer)" "$umlaut" index --merge "$out/shard-a.sqlite" "$out/shard-b.sqlite" --db "$out/merged.sqlite"
tail -3 "$out/merge A+B again (nothing newer).log" | tee -a "$out/measure.txt"
measure "re-index half A (nothing changed)" "$umlaut" index "${half_a[@]}" --db "$out/shard-a.sqlite" --jobs "$jobs"
measure "re-merge A" "$umlaut" index --merge "$out/shard-a.sqlite" --db "$out/merged.sqlite"
tail -3 "$out/re-merge A.log" | tee -a "$out/measure.txt"

"$python" - "$out" "$umlaut" "${frameworks[2]}" <<'PY' | tee -a "$out/measure.txt"
import json, os, sqlite3, subprocess, sys
out, umlaut, torch = sys.argv[1:4]
for name in ("shard-a", "shard-b", "whole", "merged"):
    path = f"{out}/{name}.sqlite"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    projects, files = db.execute("SELECT count(*), sum(fileCount) FROM project").fetchone()
    print(f"{name}: {projects} projects, {files} files, {os.path.getsize(path) / 1e6:.1f} MB")
searches = [
    ["segmentation"], ["transformer", "attention"], ["dice*"], ["--where", "framework = pytorch and loss ~ dice"],
    ["--where", "dataset = CIFAR-10"], ["--where", "task = segmentation or model = U-Net"],
    ["--where", "finding = UM101"], ["--where", "framework = keras and optimizer = Adam and lr < 1e-3"],
    ["--where", "layer = LSTM and not role = tests"], ["gan", "--where", "framework = pytorch"],
    ["--like", f"{torch}/nn/modules/conv.py"], ["--like", f"{torch}/optim/adam.py"],
]
same = 0
for query in searches:
    answers = []
    for name in ("whole", "merged"):
        run = subprocess.run([umlaut, "search", *query, "--db", f"{out}/{name}.sqlite", "--format", "json",
                              "--limit", "100000" if "--like" not in query else "20"], capture_output=True, text=True)
        answers.append(json.loads(run.stdout or "[]"))
    keys = [{(h["projectRoot"] if "projectRoot" in h else h["project"], h.get("path")) for h in a} for a in answers]
    detail = ""
    if "--like" in query:
        whole = {(h["project"], h.get("path")): h["distance"] for h in answers[0]}
        merged = {(h["project"], h.get("path")): h["distance"] for h in answers[1]}
        shared = set(whole) & set(merged)
        worst = max((abs(whole[k] - merged[k]) for k in shared), default=0)
        detail = f", top 20 shared {len(shared)}/20, largest distance difference {worst:.2e}"
    ok = keys[0] == keys[1]
    same += ok
    print(f"search {' '.join(query)}: {len(keys[0])} vs {len(keys[1])} hits, {'same' if ok else 'DIFFERENT'}{detail}")
print(f"{same} of {len(searches)} searches give the same results on the merged and the single index")
PY
