#!/usr/bin/env bash
# Builds the project-search evaluation corpus on a fresh machine: downloads every source
# archive pinned in corpus.tsv (name, version, file, sha256) with pip's ordinary client and
# checks its sha256; a mismatch deletes the file and fails. Archives stay archives: `umlaut
# index` reads them in memory. The installed Keras, TensorFlow and PyTorch sources are not
# copied: run.sh indexes them where they are installed (see frameworks()).
#
#   bench/project-corpus/fetch.sh [DEST] [PYTHON] [LIST]
#       (default: .build/project-corpus, .venv/bin/python, corpus.tsv; bench/check-tutorials.sh
#       passes its own list)
#
# pip prepares an sdist's metadata to check its name and version, which runs its build
# backend: first inside this Python (no build isolation: quick, no further downloads), and
# when that backend is not installed here, in pip's isolated build environment with the
# backends themselves taken as wheels. Either way nothing is installed (so a package's
# `Requires-Python` is not checked). A row whose file is a `.whl` is fetched as that wheel (for
# pure-Python packages whose sdist pip cannot prepare here). JOBS=N sets the number of parallel
# downloads (default 4).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:-$here/../../.build/project-corpus}"
python="${2:-$here/../../.venv/bin/python}"
list="${3:-$here/corpus.tsv}"
mkdir -p "$dest/logs"
dest="$(cd "$dest" && pwd)"
backends=setuptools,wheel,hatchling,hatch-vcs,setuptools-scm,poetry-core,flit-core,pdm-backend,packaging,pathspec,pluggy,trove-classifiers,editables

fetch_one() {
    local name="$1" version="$2" file="$3" sha="$4"
    local log="$dest/logs/$name.log"
    if [ -f "$dest/$file" ] && [ "$(sha256sum "$dest/$file" | cut -d' ' -f1)" = "$sha" ]; then
        return 0
    fi
    rm -f "$dest/$file"
    local pip=("$python" -m pip download -q --disable-pip-version-check --no-deps --ignore-requires-python
        -d "$dest")
    case "$file" in
    *.whl) "${pip[@]}" --only-binary :all: "$name==$version" >"$log" 2>&1 ;;
    *) "${pip[@]}" --no-binary :all: --no-build-isolation "$name==$version" >"$log" 2>&1 ||
        "${pip[@]}" --no-binary :all: --only-binary "$backends" "$name==$version" >>"$log" 2>&1 ;;
    esac || {
        echo "FAILED $name==$version (see $log)"
        return 1
    }
    if [ ! -f "$dest/$file" ]; then
        echo "FAILED $name==$version: $file was not downloaded (see $log)"
        return 1
    fi
    local got
    got="$(sha256sum "$dest/$file" | cut -d' ' -f1)"
    if [ "$got" != "$sha" ]; then
        rm -f "$dest/$file"
        echo "FAILED $name==$version: sha256 $got, pinned $sha"
        return 1
    fi
    echo "ok $file"
}
export -f fetch_one
export dest python backends

grep -v '^#' "$list" | tail -n +2 |
    xargs -P "${JOBS:-4}" -L 1 bash -c 'fetch_one "$0" "$1" "$2" "$3"' >"$dest/fetch.out" || true
cat "$dest/fetch.out"
failed=$(grep -c '^FAILED' "$dest/fetch.out" || true)
total=$(grep -v '^#' "$list" | tail -n +2 | grep -c . || true)
echo "$((total - failed)) of $total archives present and verified in $dest"
[ "$failed" -eq 0 ]
