#!/usr/bin/env bash
# Benchmark (not a test): the parse floor. Parses the bench's 2,000-line training script with
# Debian's tree-sitter runtime and our Python grammar from a small C program, with nothing of
# Umlaut around it: the grammar compiled with several optimisation flags, the runtime linked
# statically (as umlaut is) and as the shared library; then the incremental re-parse after one
# character typed (what the language server does for each edit). What it answers (issue 10):
# whether the grammar's compile flags make the parse cheaper, and how much of `umlaut latency`'s
# parse phase and of an edit's latency is the runtime's own cost.
#
#   bench/parse-floor.sh [PARSES]      (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
parses=${1:-200}
grammar=Grammars/tree-sitter-python/src
[[ -f $grammar/parser.c ]] || Grammars/fetch-python-grammar.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
script=$work/train.py
.venv/bin/python bench/make-training-script.py "$script" 2000
echo "machine: $(nproc) CPUs, load average $(cut -d" " -f1-3 /proc/loadavg); runtime: Debian libtree-sitter-dev $(dpkg-query -W -f="\${Version}" libtree-sitter-dev 2>/dev/null || echo "(not from dpkg)")"
echo "file: $(wc -l < "$script") lines, $(wc -c < "$script") bytes; $parses parses each, thread CPU time"
for flags in "-O2" "-O3" "-O3 -march=native" "-Os"; do
    cc $flags -w -I"$grammar" -c "$grammar/parser.c" -o "$work/parser.o"
    cc $flags -w -I"$grammar" -c "$grammar/scanner.c" -o "$work/scanner.o"
    cc -O2 bench/parse-floor/parse_floor.c "$work/parser.o" "$work/scanner.o" -l:libtree-sitter.a -o "$work/static"
    cc -O2 bench/parse-floor/parse_floor.c "$work/parser.o" "$work/scanner.o" -ltree-sitter -o "$work/shared"
    "$work/static" "$script" "$parses" "grammar $flags, static runtime"
    "$work/shared" "$script" "$parses" "grammar $flags, shared runtime"
done
echo "umlaut's own parse phase of the same file (Package.swift builds the grammar with -O2, the runtime static):"
swift build -c release --static-swift-stdlib --product umlaut 2>&1 | tail -n 1
.build/release/umlaut latency "$script" --iterations "$parses" | sed -n 's/^latency: median by phase: /  /p'
