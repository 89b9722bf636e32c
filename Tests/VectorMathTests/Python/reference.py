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

# UMAP's pieces (umap-learn itself is too slow to start inside the test budget: its recorded
# results are in umap_learn_reference.json, written by umap_learn_reference.py).
sys.path.insert(0, str(Path(__file__).parent))
import umap_data  # noqa: E402
from scipy.optimize import curve_fit  # noqa: E402
from sklearn.manifold import trustworthiness  # noqa: E402

umap_blobs, umap_blob_labels = umap_data.blobs()
save("umap_blobs", umap_blobs, np.float32)
save("umap_blob_labels", umap_blob_labels, np.int64)
save("umap_roll", umap_data.roll()[0], np.float32)

# umap-learn's find_ab_params: a least-squares fit of 1 / (1 + a x^(2b)) by SciPy's curve_fit.
curve_cases = [(1.0, 0.1), (1.0, 0.5), (2.0, 0.3), (1.0, 0.0), (0.5, 0.05)]
curve_answers = []
for spread, min_dist in curve_cases:
    xv = np.linspace(0, spread * 3, 300)
    yv = np.zeros(xv.shape)
    yv[xv < min_dist] = 1.0
    yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
    params, _ = curve_fit(lambda x, a, b: 1.0 / (1.0 + a * x ** (2 * b)), xv, yv)
    curve_answers.append([spread, min_dist, float(params[0]), float(params[1])])
save("curve_parameters", np.array(curve_answers), np.float64)

# Trustworthiness of a crude embedding (two noisy coordinates of the blobs).
crude = (umap_blobs[:, :2] + rng.standard_normal((len(umap_blobs), 2)) * 3).astype(np.float32)
save("crude_embedding", crude, np.float32)
for k in (5, 15):
    shapes[f"trustworthiness_{k}"] = float(trustworthiness(umap_blobs, crude, n_neighbors=k))

# The file-vector baseline: TF-IDF (sublinear tf, l2) and a randomized truncated SVD of token
# lists drawn from a few topics.
from sklearn.decomposition import TruncatedSVD  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

words = [f"{stem}{suffix}" for stem in ("conv", "loss", "batch", "layer", "optim", "data", "model", "train")
         for suffix in ("", "er", "ing", "ed", "s", "al", "ize", "net", "map", "set", "rate", "grad")]
topics = rng.dirichlet(np.full(len(words), 0.1), size=6)
documents = []
for _ in range(300):
    mix = rng.dirichlet(np.full(6, 0.3))
    length = int(rng.integers(5, 120))
    documents.append([words[i] for i in rng.choice(len(words), size=length, p=mix @ topics)])
documents.append([])
(out / "documents.json").write_text(json.dumps(documents))
vectorizer = TfidfVectorizer(analyzer=lambda document: document, sublinear_tf=True)
tfidf = vectorizer.fit_transform(documents)
shapes["tfidf_vocabulary"] = len(vectorizer.vocabulary_)
save("tfidf_dense", tfidf.toarray(), np.float64)
svd = TruncatedSVD(n_components=12, algorithm="randomized", n_iter=5, random_state=0).fit(tfidf)
save("svd_singular_values", svd.singular_values_, np.float64)
save("svd_explained_variance", svd.explained_variance_, np.float64)
save("svd_explained_variance_ratio", svd.explained_variance_ratio_, np.float64)

(out / "shapes.json").write_text(json.dumps(shapes))
