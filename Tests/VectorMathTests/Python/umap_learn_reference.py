"""Records umap-learn's trustworthiness on umap_data's sets, for VectorMathTests' UMAP tests.

    python umap_learn_reference.py > umap_learn_reference.json

Not run by the tests: umap-learn's numba compilation alone takes longer than the whole
VectorMath suite may (about a minute on two cores). Run it again when umap-learn's pin
(requirements-dev.txt) or the data changes. Same parameters as the Swift tests: n_neighbors=15,
min_dist=0.1, n_epochs=200, random_state=42 (umap-learn's single-threaded, deterministic mode),
trustworthiness at k=15 by scikit-learn.
"""
import json
import sys

sys.modules["tensorflow"] = None  # umap imports its parametric part when TensorFlow is there

import umap  # noqa: E402
from sklearn.manifold import trustworthiness  # noqa: E402

import umap_data  # noqa: E402

result = {"umap_learn_version": umap.__version__}
for name in ("blobs", "roll"):
    points, _ = getattr(umap_data, name)()
    scores = []
    for seed in (42, 43, 44):
        embedding = umap.UMAP(n_neighbors=15, min_dist=0.1, n_epochs=200, random_state=seed).fit_transform(points)
        scores.append(float(trustworthiness(points, embedding, n_neighbors=15)))
    result[name] = {"trustworthiness": scores}
json.dump(result, sys.stdout, indent=1)
print()
