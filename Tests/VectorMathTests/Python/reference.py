"""Writes data made with a fixed seed and scikit-learn's answers on it, for VectorMathTests.

    python reference.py OUTDIR

Arrays are raw little-endian files (float32 data, int64 indices and labels, float64 distances);
`shapes.json` gives their shapes and the scalar results.
"""
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
shapes = {}


def save(name, array, dtype):
    array = np.ascontiguousarray(array, dtype=dtype)
    array.tofile(out / f"{name}.bin")
    shapes[name] = list(array.shape)


rng = np.random.default_rng(20261203)
points = rng.standard_normal((1500, 24)).astype(np.float32)
queries = rng.standard_normal((200, 24)).astype(np.float32)
save("points", points, np.float32)
save("queries", queries, np.float32)
for metric in ("euclidean", "cosine"):
    search = NearestNeighbors(n_neighbors=10, algorithm="brute", metric=metric).fit(points)
    distances, indices = search.kneighbors(queries)
    save(f"{metric}_distances", distances, np.float64)
    save(f"{metric}_indices", indices, np.int64)
    # Without arguments, each point's neighbours among the others (itself excluded).
    distances, indices = search.kneighbors()
    save(f"{metric}_self_distances", distances, np.float64)
    save(f"{metric}_self_indices", indices, np.int64)

blobs, truth = make_blobs(n_samples=3000, centers=8, n_features=16, cluster_std=1.5, random_state=7)
save("blobs", blobs, np.float32)
save("truth", truth, np.int64)
kmeans = KMeans(n_clusters=8, n_init=5, random_state=0).fit(blobs.astype(np.float32))
save("kmeans_labels", kmeans.labels_, np.int64)
shapes["kmeans_inertia"] = float(kmeans.inertia_)

(out / "shapes.json").write_text(json.dumps(shapes))
