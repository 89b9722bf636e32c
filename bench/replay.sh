#!/usr/bin/env bash
# Replays bench/lsp.sh's 1,000 edits on its 2,000-line script inside one process, through the
# language server's document and analysis path (`umlaut latency --replay`), and prints each
# phase's cost per edit (re-parse, analysis, rules, conversion to LSP diagnostics) in thread CPU
# time, the edits the incremental analysis declined and why, and the slowest edits. Steadier
# than bench/lsp.sh on a busy machine; no peer to compare with (bench/lsp.sh does that).
#
#   bench/replay.sh [--compare]     --compare: check every incremental result against the
#                                   full analysis of the same text (untimed)
# Needs a release build (UMLAUT_BIN to use another binary).
set -euo pipefail
cd "$(dirname "$0")/.."
umlaut=${UMLAUT_BIN:-.build/release/umlaut}
[[ -x "$umlaut" ]] || { echo "bench: no release build at $umlaut (swift build -c release --static-swift-stdlib --product umlaut)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/python bench/lsp_bench.py --dump "$work"
"$umlaut" latency --replay "$work/edits.json" "$work/train_2000.py" "$@"
