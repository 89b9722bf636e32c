#!/usr/bin/env bash
# Benchmark (not a test): VectorMath's exact k-NN and k-means beside scikit-learn's
# NearestNeighbors(algorithm="brute") and KMeans, on the same data in the same run: time and
# agreement (k-NN recall and distances, inertia ratio, adjusted Rand index).
#
#   bench/vectormath.sh [--large | --large-only] [--repeats N] [--threads N]
#
# 20,000 × 256 k-NN (k = 15) and 50,000 × 64 k-means (k = 50, n_init = 10); --large adds k-NN on
# 45,757 × 768 (about a minute per side on 2 cores). Both sides get the same BLAS threads (all
# cores unless --threads). The Swift side is bench/VectorMathBench, a separate release-built
# executable (not part of `umlaut`). When other work shares the machine (see the load average),
# compare CPU times as well as wall times.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --static-swift-stdlib --product VectorMathBench 2>&1 | tail -n 1
exec .venv/bin/python bench/vectormath.py "$(swift build -c release --show-bin-path)/VectorMathBench" "$@"
