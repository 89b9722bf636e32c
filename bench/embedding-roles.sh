#!/usr/bin/env bash
# File roles as a test of file vectors: leave-one-out k-NN agreement with hand labels
# (bench/project-corpus/roles.tsv) of umlaut's TF-IDF+SVD vectors, of a learned embedding
# (all-MiniLM-L6-v2, on CPU, offline) and of umlaut's rule-based role. A benchmark, not part of
# `make test`: it downloads 19 archives and a few hundred MB of packages (1.5 GB installed). Docs/ProjectSearch.md,
# "Measured: a learned file embedding against TF-IDF on file roles", has the figures.
#
#   bench/embedding-roles.sh [UMLAUT]          (default: .build/release/umlaut)
#
# Steps: fetches only the archives named in roles.tsv with bench/project-corpus/fetch.sh (into
# .build/project-corpus, JOBS=2); indexes them into a fresh .build/embedding-roles/index.db;
# makes .build/embed-venv from bench/embedding-roles-requirements.txt (pinned; never .venv);
# embeds the labelled files (THREADS=2 torch threads) twice: chunks of 256 word pieces, at most
# 16 a file, mean-pooled and averaged; and the first chunk alone; prints the table.
# PYTHON (default .venv/bin/python, else python3) makes the venv and runs pip download.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
umlaut="${1:-$root/.build/release/umlaut}"
umlaut="$(cd "$(dirname "$umlaut")" && pwd)/$(basename "$umlaut")"
[ -x "$umlaut" ] || { echo "no umlaut binary at $umlaut (swift build -c release --product umlaut)"; exit 2; }
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python="$(command -v python3)"
roles="$here/project-corpus/roles.tsv"
corpus="$root/.build/project-corpus"
work="$root/.build/embedding-roles"
venv="$root/.build/embed-venv"
mkdir -p "$work" "$corpus"

# 1. The archives of roles.tsv, through fetch.sh with a filtered copy of corpus.tsv beside it.
archives=$(grep -v '^#' "$roles" | tail -n +2 | cut -f1 | sort -u)
mkdir -p "$work/fetch"
cp "$here/project-corpus/fetch.sh" "$work/fetch/fetch.sh"
{
    grep '^#' "$here/project-corpus/corpus.tsv"
    awk '!/^#/ { print; exit }' "$here/project-corpus/corpus.tsv"
    for a in $archives; do
        awk -F'\t' -v f="$a" '$3 == f' "$here/project-corpus/corpus.tsv"
    done
} >"$work/fetch/corpus.tsv"
echo "fetching $(echo "$archives" | wc -l) archives into $corpus"
JOBS="${JOBS:-2}" bash "$work/fetch/fetch.sh" "$corpus" "$python" | tail -1

# 2. A fresh index of those archives only (the TF-IDF vocabulary and SVD are fitted on it).
rm -f "$work/index.db" "$work/index.db-wal" "$work/index.db-shm"
start=$(date +%s.%N)
(cd "$corpus" && "$umlaut" index $archives --db "$work/index.db" --jobs 2 >"$work/index.log" 2>&1)
end=$(date +%s.%N)
files=$(grep -o 'fitted on [0-9]* files' "$work/index.log" || true)
echo "indexed in $(awk "BEGIN { printf \"%.1f\", $end - $start }") s ($files)"

# 3. The embedding venv, pinned; remade when the requirements change.
req="$here/embedding-roles-requirements.txt"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
    cp "$req" "$venv/requirements.txt"
fi
echo "embed venv: $(du -sh "$venv" | cut -f1) installed"

# 4. MiniLM vectors of the labelled files (offline: the model ships in the package).
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
"$venv/bin/python" "$here/embedding_roles.py" embed "$roles" "$corpus" "$work/minilm.npz" \
    --threads "${THREADS:-2}" 2>&1 | { grep -v -e 'Loading weights' -e 'sequence length is longer' || true; }
"$venv/bin/python" "$here/embedding_roles.py" embed "$roles" "$corpus" "$work/minilm-first.npz" \
    --threads "${THREADS:-2}" --cap 1 2>&1 | { grep -v -e 'Loading weights' -e 'sequence length is longer' || true; }

# 5. The table.
echo
"$venv/bin/python" "$here/embedding_roles.py" score "$roles" "$work/index.db" \
    "MiniLM=$work/minilm.npz" "MiniLM-first-chunk=$work/minilm-first.npz"
