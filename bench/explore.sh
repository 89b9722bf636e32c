#!/usr/bin/env bash
# Benchmark (not a test): the explore page over a large project index, in headless Chromium —
# table, first map, map on the next launch, filter, lasso, undo and re-projection times.
#
#   bench/explore.sh [INDEX] [RUNS]
#
# INDEX defaults to the project-search corpus's index (bench/project-corpus/run.sh writes
# .build/project-corpus-run/index.sqlite: 73 projects, 8,586 files); RUNS to 3. Needs a release
# build (`swift build -c release --static-swift-stdlib --product umlaut`); UMLAUT=path overrides it. The machine may be
# shared: the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:-.build/project-corpus-run/index.sqlite}
runs=${2:-3}
umlaut=${UMLAUT:-.build/release/umlaut}
[[ -x "$umlaut" ]] || { echo "bench: no build at $umlaut (swift build -c release --static-swift-stdlib --product umlaut)" >&2; exit 2; }
[[ -f "$index" ]] || { echo "bench: no index at $index (bench/project-corpus/run.sh makes one)" >&2; exit 2; }
exec .venv/bin/python bench/explore_bench.py "$umlaut" "$index" --runs "$runs"
