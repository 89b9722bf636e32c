"""The small seeded data sets VectorMathTests' UMAP tests run on, shared by reference.py (run by
the tests) and umap_learn_reference.py (run by hand to record umap-learn's results on them)."""
import numpy as np
from sklearn.datasets import make_blobs, make_swiss_roll


def blobs():
    """600 points in 32-d, 6 well separated Gaussian clusters: a disconnected k-NN graph."""
    points, labels = make_blobs(n_samples=600, n_features=32, centers=6, cluster_std=2.0, random_state=11)
    return points.astype(np.float32), labels


def roll():
    """600 points of a Swiss roll in 3-d with a little noise: one connected k-NN graph."""
    points, position = make_swiss_roll(n_samples=600, noise=0.05, random_state=5)
    return points.astype(np.float32), position
