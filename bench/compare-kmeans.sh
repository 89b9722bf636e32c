#!/usr/bin/env bash
# Benchmark (not a test): the comparison pipeline's stage times on 200 sampled images (100 per
# model) of the watermark scenario, and VectorMath's k-means beside scikit-learn's on the same
# segment embeddings in the same run (inertia ratio, time ratio). See bench/compare_kmeans.py.
#
#   bench/compare-kmeans.sh [--samples N] [--clusters K] [--n-init N] [--threads N] [--repeats N]
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --static-swift-stdlib --product VectorMathBench 2>&1 | tail -n 1
exec .venv/bin/python bench/compare_kmeans.py "$(swift build -c release --show-bin-path)/VectorMathBench" "$@"
