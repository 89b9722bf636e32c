"""The comparison pipeline's stages on 200 sampled images, and its k-means beside scikit-learn's on
the same segment embeddings, in one run (run bench/compare-kmeans.sh, not this).

    compare_kmeans.py VECTORMATHBENCH [--samples N] [--clusters K] [--n-init N] [--threads N]

1. Makes the watermark scenario of WatermarkValidationTests (Tests/ModelComparisonTests/Python/
   watermark_models.py: two small CNNs trained on the CPU, 240 synthetic 32×32 evaluation images;
   synthetic, say so when quoting the figures).
2. Runs the helper (python -m umlaut_compare) for both models, N images each (default 100: 200 in
   all), and prints its stage times (wall and CPU).
3. Clusters the helper's segment embeddings (5 per image, 1280-d EfficientNet-Lite0 features)
   with VectorMath's KMeans (the VectorMathBench executable: only the fit is timed) and with
   scikit-learn's KMeans (Lloyd, k-means++, same K and n_init), both pinned to the same BLAS
   threads; prints both inertias, their ratio, both times and the adjusted Rand index.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

root = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser()
parser.add_argument("bench")
parser.add_argument("--samples", type=int, default=100)
parser.add_argument("--clusters", type=int, default=4)
parser.add_argument("--n-init", type=int, default=10)
parser.add_argument("--threads", type=int, default=os.cpu_count())
parser.add_argument("--repeats", type=int, default=3)
options = parser.parse_args()

print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
with tempfile.TemporaryDirectory(prefix="umlaut-compare-bench-") as work:
    work = Path(work)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, root / "Tests/ModelComparisonTests/Python/watermark_models.py", work / "fixture"],
        check=True, stdout=subprocess.DEVNULL)
    print(f"fixture (two CNNs trained, 8 epochs of 600 images): {time.perf_counter() - started:.1f} s wall")

    request = {
        "workDirectory": str(work),
        "data": str(work / "fixture/eval.npz"),
        "class": "stripes",
        "samples": options.samples,
        "seed": 0,
        "models": [
            {"label": "A", "spec": str(work / "fixture/watermarked.pt")},
            {"label": "B", "spec": str(work / "fixture/clean.pt")},
        ],
    }
    (work / "request.json").write_text(json.dumps(request))
    environment = dict(os.environ, PYTHONPATH=str(root / "Sources/ModelComparison/Python"), UMLAUT_COMPARE_LOG=str(work / "log"))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "umlaut_compare", work / "request.json"], check=True, env=environment)
    helper_wall = time.perf_counter() - started
    output = json.loads((work / "segments.json").read_text())
    embeddings = np.load(work / "embeddings.npy").astype(np.float32)
    images = sum(len(m["images"]) for m in output["models"])
    timings = output["timings"]

    path = work / "embeddings.bin"
    embeddings.tofile(path)
    rows, columns = embeddings.shape
    ours = []
    for seed in range(options.repeats):
        answer = subprocess.run(
            [options.bench, "kmeans", path, str(rows), str(columns), str(options.clusters), str(options.n_init), str(seed), path],
            check=True, capture_output=True, text=True, env=dict(os.environ, OPENBLAS_NUM_THREADS=str(options.threads)))
        ours.append(json.loads(answer.stdout))
    labels = np.fromfile(f"{path}.labels", dtype=np.int64)
    theirs = []
    with threadpool_limits(options.threads):
        for seed in range(options.repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            fit = KMeans(n_clusters=options.clusters, n_init=options.n_init, random_state=seed, algorithm="lloyd").fit(embeddings)
            theirs.append((fit, time.perf_counter() - wall, time.process_time() - cpu))

print(f"\n== pipeline: {images} sampled images, {len(output['segments'])} segments × {columns} "
      f"(K = {options.clusters}); helper process {helper_wall:.1f} s wall")
print(f"{'stage':<14}{'wall s':>10}{'cpu s':>10}")
for stage in ["load", "predict", "attributions", "shapley", "embeddings"]:
    print(f"{stage:<14}{timings.get(stage, 0):>10.2f}{timings.get(stage + '.cpu', 0):>10.2f}")
print(f"{'clustering':<14}{np.median([r['wall'][0] for r in ours]):>10.2f}{np.median([r['cpu'][0] for r in ours]):>10.2f}"
      f"   (VectorMath k-means, n_init {options.n_init}, median of {options.repeats})")

print(f"\n== k-means on the segment embeddings: {rows} × {columns}, K = {options.clusters}, n_init = {options.n_init}, "
      f"{options.threads} BLAS threads each (scikit-learn {sklearn.__version__})")
for seed, (run, (fit, wall, cpu)) in enumerate(zip(ours, theirs)):
    ratio = run["inertia"] / fit.inertia_
    print(f"   seed {seed}: inertia VectorMath {run['inertia']:.6g}, scikit-learn {fit.inertia_:.6g}, ratio {ratio:.5f}"
          f" ({'within' if abs(ratio - 1) <= 0.01 else 'NOT within'} 1%);"
          f" time VectorMath {run['wall'][0]:.3f} s wall {run['cpu'][0]:.3f} s CPU,"
          f" scikit-learn {wall:.3f} s wall {cpu:.3f} s CPU")
our_wall = np.median([r["wall"][0] for r in ours])
their_wall = np.median([t[1] for t in theirs])
our_cpu = np.median([r["cpu"][0] for r in ours])
their_cpu = np.median([t[2] for t in theirs])
print(f"   median time scikit-learn / VectorMath: {their_wall / our_wall:.2f}x wall, {their_cpu / our_cpu:.2f}x CPU;"
      f" ARI (seed {options.repeats - 1}) {adjusted_rand_score(labels, theirs[-1][0].labels_):.4f}")
