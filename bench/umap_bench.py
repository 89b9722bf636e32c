"""VectorMath's UMAP beside umap-learn on the same vectors, in the same run (bench/umap.sh runs it).

    python bench/umap_bench.py BENCH_BINARY [--sizes 16066,45757] [--threads N] [--subsample 8000]
                               [--baseline OTHER_BENCH_BINARY]

The data is synthetic (the real corpus is not built yet): 768-d vectors in clusters of different
sizes, each cluster a random 12-d linear patch with isotropic noise around a random centre, a few
centres close together. Both sides: n_neighbors = 15, min_dist = 0.1, their default epochs
(200 above 10,000 points), Euclidean. umap-learn runs with random_state=None (its parallel,
non-deterministic mode, the fast one) after a warm-up fit that compiles its numba code; the
Swift side runs with as many threads as cores (Hogwild SGD, parallel NN-descent). Trustworthiness
at k = 15 is scikit-learn's, on one random subsample of the points (the same for both: a full
n × n one is too slow at 45,757); Swift's own `Trustworthiness` is printed beside it for the
Swift embedding. Recall: the share of exact 14 nearest other points (brute force, 500 random
points) found in the Swift k-NN graph. `--baseline` runs a second VectorMathBench (say, one built
from an earlier commit) on the same data in the same run, and reports the same for it: before and
after figures under the same load.
"""
import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("bench")
parser.add_argument("--sizes", default="16066,45757")
parser.add_argument("--threads", type=int, default=os.cpu_count())
parser.add_argument("--subsample", type=int, default=8000)
parser.add_argument("--baseline", help="another VectorMathBench binary to run beside this one")
options = parser.parse_args()
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[variable] = str(options.threads)

import numpy as np  # noqa: E402
import sys as _s; _s.modules["tensorflow"] = None
import umap  # noqa: E402
from sklearn.manifold import trustworthiness  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

work = Path(tempfile.mkdtemp(prefix="umap-bench-"))


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def synthetic(n, dimension=768, seed=0):
    rng = np.random.default_rng(seed)
    clusters = 40
    sizes = rng.dirichlet(np.full(clusters, 2.0)) * n
    counts = np.maximum(1, np.floor(sizes).astype(int))
    counts[0] += n - counts.sum()
    centres = rng.standard_normal((clusters, dimension)) * 1.0
    # A few centres close to another one, so some clusters touch.
    for c in range(0, clusters, 5):
        centres[c + 1] = centres[c] + rng.standard_normal(dimension) * 0.35
    parts, labels = [], []
    for c, count in enumerate(counts):
        basis = rng.standard_normal((12, dimension)) / np.sqrt(dimension)
        latent = rng.standard_normal((count, 12)) * rng.uniform(1.0, 3.0, 12)
        parts.append(centres[c] + latent @ basis + rng.standard_normal((count, dimension)) * 0.08)
        labels.append(np.full(count, c))
    data = np.concatenate(parts).astype(np.float32)
    order = rng.permutation(n)
    return np.ascontiguousarray(data[order]), np.concatenate(labels)[order]


def swift(*arguments, binary=None):
    output = subprocess.run([binary or options.bench, *map(str, arguments)], check=True, capture_output=True, text=True,
                            env=dict(os.environ, OPENBLAS_NUM_THREADS=str(options.threads))).stdout
    return json.loads(output.strip().splitlines()[-1])


print(f"UMAP: VectorMath (Swift) beside umap-learn {umap.__version__}; SYNTHETIC 768-d clustered data "
      f"(the real corpus is not built yet); n_neighbors=15, min_dist=0.1; {options.threads} threads each side")
print(f"load before warm-up: {uptime()}")
warm, _ = synthetic(5000, seed=99)
start = time.perf_counter()
umap.UMAP(n_neighbors=15, min_dist=0.1).fit_transform(warm)
print(f"umap-learn warm-up (JIT) on 5,000 points: {time.perf_counter() - start:.1f} s")

for n in map(int, options.sizes.split(",")):
    data, _ = synthetic(n)
    path = work / f"data-{n}.f32"
    data.tofile(path)
    rng = np.random.default_rng(1)
    subsample = np.sort(rng.choice(n, size=min(n, options.subsample), replace=False))

    print(f"\n{n:,} points × 768")
    print(f"  load: {uptime()}")
    runs = ([("baseline", options.baseline)] if options.baseline else []) + [("Swift", options.bench)]
    embeddings = {}
    for name, binary in runs:
        result = swift("umap", path, n, 768, 15, 0, options.threads, work / f"{name}-{n}", binary=binary)
        embeddings[name] = np.fromfile(work / f"{name}-{n}.embedding", dtype=np.float32).reshape(n, 2)
        if name == "Swift":
            swift_wall = result["wall"][0]
        print(f"  {name + ':':11} {result['wall'][0]:6.2f} s wall, {result['cpu'][0]:6.2f} s CPU "
              f"(k-NN graph {result['knn_wall']:.2f} s, fuzzy set + init + SGD {result['embed_wall']:.2f} s)")
        print(f"  load: {uptime()}")
    swift_embedding = embeddings["Swift"]

    wall, cpu = time.perf_counter(), time.process_time()
    theirs = umap.UMAP(n_neighbors=15, min_dist=0.1).fit_transform(data)
    their_wall, their_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  umap-learn: {their_wall:6.2f} s wall, {their_cpu:6.2f} s CPU")
    print(f"  load: {uptime()}")
    print(f"  speed-up: {their_wall / swift_wall:.2f}× (wall)")
    if options.baseline:
        baseline_t = trustworthiness(data[subsample], embeddings["baseline"][subsample], n_neighbors=15)
        print(f"  baseline trustworthiness k=15 (scikit-learn, same sample): {baseline_t:.4f}")

    ours_t = trustworthiness(data[subsample], swift_embedding[subsample], n_neighbors=15)
    theirs_t = trustworthiness(data[subsample], theirs[subsample], n_neighbors=15)
    sub_path = work / f"sub-{n}.f32"
    data[subsample].tofile(sub_path)
    emb_path = work / f"sub-{n}.emb"
    np.ascontiguousarray(swift_embedding[subsample]).tofile(emb_path)
    swift_t = swift("trust", sub_path, len(subsample), 768, 15, emb_path)
    print(f"  trustworthiness k=15 on {len(subsample):,} sampled points (scikit-learn): "
          f"Swift {ours_t:.4f}, umap-learn {theirs_t:.4f} (difference {ours_t - theirs_t:+.4f}); "
          f"Swift's own Trustworthiness of the Swift map {swift_t['trustworthiness']:.4f}")

    queries = rng.choice(n, size=500, replace=False)
    exact = NearestNeighbors(n_neighbors=15, algorithm="brute").fit(data).kneighbors(data[queries])[1]
    for name, _ in runs:
        indices = np.fromfile(work / f"{name}-{n}.indices", dtype=np.int64).reshape(n, 15)
        hits = sum(len(set(exact[q][1:]) & set(indices[p][1:])) for q, p in enumerate(queries))
        print(f"  {name} k-NN recall of the exact 14 nearest others (500 points): {hits / (500 * 14):.3f}")
