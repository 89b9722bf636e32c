#!/usr/bin/env bash
# Benchmarks `umlaut lsp` beside `ruff server` (from .venv) on the same file and edits, in one
# run: start-up, first diagnostics after didOpen, didChange → diagnostics latency (p50/p99 over
# 1,000 edits on a 2,000-line script) and resident memory after the edits.
# Needs a release build: `make bench-lsp` builds it first.
set -euo pipefail
cd "$(dirname "$0")/.."
umlaut=${UMLAUT_BIN:-.build/release/umlaut}
ruff=${RUFF_BIN:-.venv/bin/ruff}
[[ -x "$umlaut" ]] || { echo "bench: no release build at $umlaut (swift build -c release --static-swift-stdlib --product umlaut)" >&2; exit 2; }
[[ -x "$ruff" ]] || { echo "bench: no ruff at $ruff (Scripts/setup-python.sh)" >&2; exit 2; }
echo "umlaut: $("$umlaut" --version)   ruff: $("$ruff" --version)   $(nproc) cores"
exec .venv/bin/python bench/lsp_bench.py --umlaut "$umlaut" --ruff "$ruff" "$@"
