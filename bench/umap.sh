#!/usr/bin/env bash
# Benchmark (not a test): VectorMath's UMAP beside umap-learn on the same vectors in the same run,
# at 16,066 and 45,757 points of SYNTHETIC 768-d clustered data (the real corpus of file vectors is
# not built yet): wall and CPU time (umap-learn after a JIT warm-up run) and trustworthiness at
# k = 15 (scikit-learn's, on one random subsample of the points, the same for both), plus the
# recall of the Swift side's approximate k-NN graph against exact neighbours.
#
#   bench/umap.sh [--sizes 16066,45757] [--threads N] [--subsample 8000] [--baseline OTHER_BINARY]
#
# --baseline runs another VectorMathBench (e.g. one built from an earlier commit and copied aside)
# on the same data in the same run, for before / after figures under the same load.
#
# The Swift side is bench/VectorMathBench (`umap` and `trust` commands), a separate release-built
# executable (not part of `umlaut`). The machine may be shared: the load average is printed with
# every figure.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --static-swift-stdlib --product VectorMathBench 2>&1 | tail -n 1
exec .venv/bin/python bench/umap_bench.py "$(swift build -c release --show-bin-path)/VectorMathBench" "$@"
