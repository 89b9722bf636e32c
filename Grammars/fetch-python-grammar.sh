#!/usr/bin/env bash
# Fetches the pinned source distributions named in python-grammar.lock, verifies their SHA-256,
# and assembles Grammars/tree-sitter-python/src/ for the TreeSitterPython C target:
#
#   src/parser.c, src/scanner.c   tree-sitter-python 0.23.6 (generated at grammar ABI 14)
#   src/tree_sitter/parser.h      tree-sitter 0.23.2 (the TSLanguage layout of our 0.20.7 runtime)
#   src/tree_sitter/array.h       tree-sitter-python 0.25.0 (used by scanner.c)
#   src/tree_sitter/alloc.h       tree-sitter-python 0.25.0
#
# Idempotent: does nothing when src/ already matches the lock file. Downloads are cached in
# Grammars/.cache. Nothing fetched here is ever committed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lock="$here/python-grammar.lock"
cache="$here/.cache"
out="$here/tree-sitter-python/src"
python=${PYTHON:-python3}

lock_sum=$(sha256sum "$lock" | cut -d' ' -f1)
if [[ -f "$out/.lock-sha256" && "$(cat "$out/.lock-sha256")" == "$lock_sum" ]]; then
    exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the path of the verified archive for a distribution and version.
fetch() {
    local name=$1 version=$2 sha=$3
    local file
    file=$(find "$cache" -maxdepth 1 -iname "$(echo "$name" | tr - _)-$version.tar.gz" -o \
        -maxdepth 1 -iname "$name-$version.tar.gz" | head -n 1)
    if [[ -z "$file" ]] || ! echo "$sha  $file" | sha256sum --check --status; then
        echo "grammar: fetching $name $version" >&2
        rm -f "$file"
        local dl="$work/dl-$name-$version"
        mkdir -p "$dl"
        "$python" -m pip download --quiet --no-deps --no-binary :all: --dest "$dl" \
            "$name==$version" >&2
        file=$(find "$dl" -name '*.tar.gz' | head -n 1)
        [[ -n "$file" ]] || { echo "grammar: pip produced no archive for $name $version" >&2; exit 1; }
        mv "$file" "$cache/"
        file="$cache/$(basename "$file")"
    fi
    if ! echo "$sha  $file" | sha256sum --check --status; then
        echo "grammar: checksum mismatch for $file" >&2
        echo "grammar:   expected $sha" >&2
        echo "grammar:   got      $(sha256sum "$file" | cut -d' ' -f1)" >&2
        exit 1
    fi
    echo "$file"
}

declare -A archive
while read -r name version sha; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    archive["$name-$version"]=$(fetch "$name" "$version" "$sha")
done < "$lock"

# Prints the extracted path of one member of an archive, found by its path suffix.
member() {
    local tarball=$1 suffix=$2
    local dir="$work/x-$(basename "$tarball" .tar.gz)"
    if [[ ! -d "$dir" ]]; then
        mkdir -p "$dir"
        tar -xzf "$tarball" -C "$dir"
    fi
    local path
    path=$(find "$dir" -path "*/$suffix" | head -n 1)
    [[ -n "$path" ]] || { echo "grammar: $suffix not found in $(basename "$tarball")" >&2; exit 1; }
    echo "$path"
}

stage="$work/src"
mkdir -p "$stage/tree_sitter"
cp "$(member "${archive[tree-sitter-python-0.23.6]}" src/parser.c)" "$stage/parser.c"
cp "$(member "${archive[tree-sitter-python-0.23.6]}" src/scanner.c)" "$stage/scanner.c"
cp "$(member "${archive[tree-sitter-0.23.2]}" core/lib/src/parser.h)" "$stage/tree_sitter/parser.h"
cp "$(member "${archive[tree-sitter-python-0.25.0]}" src/tree_sitter/array.h)" "$stage/tree_sitter/array.h"
cp "$(member "${archive[tree-sitter-python-0.25.0]}" src/tree_sitter/alloc.h)" "$stage/tree_sitter/alloc.h"

# The runtime (libtree-sitter 0.20.7) loads grammar ABI 13 and 14 only.
abi=$(sed -n 's/^#define LANGUAGE_VERSION \([0-9]*\).*/\1/p' "$stage/parser.c")
if [[ "$abi" != 13 && "$abi" != 14 ]]; then
    echo "grammar: parser.c has ABI '$abi'; the Debian runtime loads 13 and 14 only" >&2
    exit 1
fi

rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$stage" "$out"
echo "$lock_sum" > "$out/.lock-sha256"
echo "grammar: tree-sitter-python assembled (grammar ABI $abi)" >&2
