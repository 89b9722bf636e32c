"""VectorMath beside scikit-learn on the same data, in the same run (bench/vectormath.sh runs it).

    python bench/vectormath.py BENCH_BINARY [--large] [--repeats N] [--threads N]

Exact k-NN: every row's 15 nearest other rows, VectorMath's `NeighborSearch` (GEMM in tiles,
bounded heaps) against `NearestNeighbors(algorithm="brute").kneighbors()`. k-means: VectorMath's
`KMeans` against `KMeans(n_init=...)`, same k, same number of initialisations, same tolerance and
iteration limit (each with its own seeds). Both sides get the same number of BLAS threads
(OpenBLAS in both: Debian's under VectorMath, NumPy's bundled one under scikit-learn, pinned by
threadpoolctl) and run one after the other, never together. Times are wall clock (median of the
repeats) and process CPU time; agreement is recall of scikit-learn's neighbour sets, distance
differences, inertia ratio and adjusted Rand index.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("bench")
parser.add_argument("--large", action="store_true", help="also 45,757 × 768 (about a minute per side)")
parser.add_argument("--large-only", action="store_true", help="only the 45,757 × 768 k-NN")
parser.add_argument("--repeats", type=int, default=3)
parser.add_argument("--threads", type=int, default=os.cpu_count())
options = parser.parse_args()
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ[variable] = str(options.threads)

import numpy as np  # noqa: E402  (after the thread variables)
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.datasets import make_blobs  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

work = Path(tempfile.mkdtemp(prefix="vectormath-bench-"))


def swift(*arguments):
    output = subprocess.run([options.bench, *map(str, arguments)], check=True, capture_output=True, text=True,
                            env=dict(os.environ, OPENBLAS_NUM_THREADS=str(options.threads))).stdout
    return json.loads(output.strip().splitlines()[-1])


def timed(body, repeats):
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = body()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, walls, cpus


def seconds(walls, cpus):
    return f"{np.median(walls):7.2f} s wall {np.median(cpus):7.2f} s CPU"


def embedding_like(rows, columns, seed):
    """Rows scattered around 200 centres (as embeddings of files cluster by kind), float32."""
    points, _ = make_blobs(n_samples=rows, n_features=columns, centers=200, cluster_std=4.0,
                           center_box=(-5, 5), random_state=seed)
    return points.astype(np.float32)


def knn(rows, columns, k, repeats):
    data = embedding_like(rows, columns, seed=1)
    path = work / f"knn-{rows}.bin"
    data.tofile(path)
    print(f"\n== exact k-NN: {rows:,} × {columns}, k = {k}, each row against all others (self excluded)")
    ours = swift("knn", path, rows, columns, k, repeats, path)
    indices = np.fromfile(f"{path}.indices", dtype=np.int64).reshape(rows, k)
    distances = np.fromfile(f"{path}.distances", dtype=np.float32).reshape(rows, k)
    with threadpool_limits(options.threads):
        search = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(data)
        (their_distances, their_indices), walls, cpus = timed(lambda: search.kneighbors(), repeats)
    recall = np.mean([len(set(a) & set(b)) / k for a, b in zip(indices, their_indices)])
    identical = np.mean(np.all(indices == their_indices, axis=1))
    relative = np.abs(distances - their_distances) / np.maximum(their_distances, 1e-6)
    print(f"   VectorMath    {seconds(ours['wall'], ours['cpu'])}   (BLAS threads {ours['blas_threads']})")
    print(f"   scikit-learn  {seconds(walls, cpus)}")
    print(f"   speed-up {np.median(walls) / np.median(ours['wall']):.2f}x wall, {np.median(cpus) / np.median(ours['cpu']):.2f}x CPU;"
          f" recall of scikit-learn's sets {recall:.5f}; rows with identical ordered lists {identical:.4f};"
          f" distance relative difference max {relative.max():.2e}, mean {relative.mean():.2e}")
    return {"recall": recall, "speedup": np.median(walls) / np.median(ours["wall"])}


def kmeans(rows, columns, k, initializations, repeats):
    data, truth = make_blobs(n_samples=rows, n_features=columns, centers=k, cluster_std=2.0, random_state=3)
    data = data.astype(np.float32)
    path = work / f"kmeans-{rows}.bin"
    data.tofile(path)
    print(f"\n== k-means: {rows:,} × {columns}, k = {k}, n_init = {initializations}, max_iter 300, tol 1e-4 (blobs, {k} true centres)")
    runs = [swift("kmeans", path, rows, columns, k, initializations, seed, path) for seed in range(repeats)]
    labels = np.fromfile(f"{path}.labels", dtype=np.int64)
    with threadpool_limits(options.threads):
        fits, walls, cpus = [], [], []
        for seed in range(repeats):
            fit, wall, cpu = timed(lambda: KMeans(n_clusters=k, n_init=initializations, random_state=seed).fit(data), 1)
            fits.append(fit)
            walls += wall
            cpus += cpu
    ours_inertia = [run["inertia"] for run in runs]
    their_inertia = [fit.inertia_ for fit in fits]
    print(f"   VectorMath    {seconds([r['wall'][0] for r in runs], [r['cpu'][0] for r in runs])}   inertia {ours_inertia[-1]:.6g}"
          f"   iterations of the kept init, per seed {[r['iterations'] for r in runs]}")
    print(f"   scikit-learn  {seconds(walls, cpus)}   inertia {their_inertia[-1]:.6g}"
          f"   iterations of the kept init, per seed {[fit.n_iter_ for fit in fits]}")
    ratios = [a / b for a, b in zip(ours_inertia, their_inertia)]
    print(f"   speed-up {np.median(walls) / np.median([r['wall'][0] for r in runs]):.2f}x wall;"
          f" inertia ratio (ours / scikit-learn's, per seed) {', '.join(f'{r:.5f}' for r in ratios)};"
          f" ARI ours vs scikit-learn {adjusted_rand_score(labels, fits[-1].labels_):.4f},"
          f" vs truth {adjusted_rand_score(labels, truth):.4f} (scikit-learn vs truth {adjusted_rand_score(fits[-1].labels_, truth):.4f})")
    # A harder case: uniform noise has no true clusters, so local optima differ and n_init matters.
    noise = np.random.default_rng(5).random((rows // 5, columns), dtype=np.float32)
    path = work / "kmeans-noise.bin"
    noise.tofile(path)
    ours = swift("kmeans", path, len(noise), columns, k, initializations, 0, path)
    theirs, walls, cpus = timed(lambda: KMeans(n_clusters=k, n_init=initializations, random_state=0).fit(noise), 1)
    print(f"   uniform noise {len(noise):,} × {columns}: inertia ratio {ours['inertia'] / theirs.inertia_:.5f},"
          f" VectorMath {ours['wall'][0]:.2f} s ({ours['iterations']} iterations), scikit-learn {walls[0]:.2f} s ({theirs.n_iter_} iterations)")


blas = [f"{p['internal_api']} {p.get('version')} ({p['num_threads']} threads)" for p in threadpool_info() if p["user_api"] == "blas"]
print(f"machine: {os.cpu_count()} CPUs, load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"scikit-learn {sklearn.__version__}, NumPy {np.__version__} over {', '.join(blas)}; both sides pinned to {options.threads} BLAS threads")
if not options.large_only:
    knn(20_000, 256, 15, options.repeats)
    kmeans(50_000, 64, 50, 10, options.repeats)
if options.large or options.large_only:
    knn(45_757, 768, 15, 1)
