#!/usr/bin/env bash
# Benchmark (not a test): `umlaut compare` end to end on 200 sampled images (100 per model), with
# the time of each stage, wall and CPU (the machine is shared: CPU time is the steadier figure).
#
#   bench/compare.sh [SAMPLES_PER_MODEL]     (default 100; UMLAUT=.build/debug/umlaut to skip the build)
#
# Data and models are made here by Tests/ModelComparisonTests/Python/tiny_models.py (32×32
# images of textured patches, a small CNN trained on the CPU against the same CNN untrained):
# synthetic, say so when quoting the figures. Stages: load (data, models), predict (every image,
# both models), attributions (Guided IG + XRAI per sampled image), shapley (2^5 coalitions per
# image), embeddings (EfficientNet-Lite0 on every kept segment), clustering (Swift k-means, 10
# initialisations), statistics.
set -euo pipefail
cd "$(dirname "$0")/.."

samples=${1:-100}
python=${UMLAUT_PYTHON:-$PWD/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# UMLAUT=path/to/umlaut uses that binary instead of building a release one.
if [[ -z "${UMLAUT:-}" ]]; then swift build -c release --static-swift-stdlib --product umlaut 2>&1 | tail -n 1; fi
umlaut=${UMLAUT:-.build/release/umlaut}
echo "machine: $(nproc) CPUs, load average $(cut -d" " -f1-3 /proc/loadavg)"
"$python" Tests/ModelComparisonTests/Python/tiny_models.py "$work" --images 600 --epochs 4 >/dev/null
start=$(date +%s.%N)
UMLAUT_PYTHON=$python "$umlaut" compare "$work/trained.pt" "$work/untrained.pt" --data "$work/data.npz" \
    --class stripes --samples "$samples" --clusters 4 --out "$work/report.json" --quiet
end=$(date +%s.%N)
"$python" - "$work/report.json" "$start" "$end" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
timings = report["timings"]
images = sum(len(m["images"]) for m in report["models"])
print(f"{images} sampled images, {len(report['segments'])} segments, {len(report['clusters'])} clusters")
print(f"{'stage':<14}{'wall s':>10}{'cpu s':>10}")
for stage in ["load", "predict", "attributions", "shapley", "embeddings", "clustering", "statistics"]:
    cpu = timings.get(stage + ".cpu")
    print(f"{stage:<14}{timings.get(stage, 0):>10.2f}{'' if cpu is None else format(cpu, '.2f'):>10}")
print(f"{'total (umlaut)':<14}{float(sys.argv[3]) - float(sys.argv[2]):>10.2f}")
PY
