"""Unit tests of the comparison helper's pieces that need no trained model (pytest; `make
compare-tests`). The whole pipeline is tested from Swift (PipelineTests)."""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "Sources", "ModelComparison", "Python"))

from umlaut_compare import attribution, sampling  # noqa: E402
from umlaut_compare.errors import CompareError  # noqa: E402


class LinearModel:
    """The class-0 'probability' is a fixed weighted sum of the pixels: Shapley values are then
    exactly each segment's own change."""

    def __init__(self, weights):
        self.weights = weights

    def probabilities(self, images):
        score = (images * self.weights).reshape(len(images), -1).sum(axis=1)
        return np.stack([score, -score], axis=1)

    def gradient(self, images, class_index):
        return np.broadcast_to(self.weights, images.shape).copy() * (1 if class_index == 0 else -1)


def test_grid_cells_tile_the_image():
    masks = attribution.grid_masks(30, 34, 4)
    assert len(masks) == 16
    assert np.array_equal(np.sum(masks, axis=0), np.ones((30, 34)))


def test_shapley_values_of_an_additive_model_are_each_segments_change():
    rng = np.random.default_rng(0)
    image = rng.random((16, 16, 3)).astype(np.float32)
    blurred = attribution.blur(image[None], 2.0)[0]
    model = LinearModel(rng.normal(size=(16, 16, 3)).astype(np.float32))
    masks = attribution.grid_masks(16, 16, 4)[:5]
    [(phi, full, empty)] = attribution.shapley_values(model, image[None], blurred[None], [masks], 0)
    expected = [float(((image - blurred) * model.weights)[mask].sum()) for mask in masks]
    assert np.allclose(phi, expected, atol=1e-4)
    # Efficiency: the values add up to f(all kept) − f(all blurred).
    assert np.isclose(phi.sum(), full - empty, atol=1e-4)


def test_shapley_weights_sum_to_one_over_coalition_sizes():
    from math import comb

    for m in range(1, 8):
        weights = attribution.shapley_weights(m)
        assert np.isclose(sum(comb(m - 1, s) * w for s, w in enumerate(weights)), 1.0)


def test_guided_ig_runs_with_this_numpy_and_is_complete_for_a_linear_model():
    rng = np.random.default_rng(1)
    image = rng.random((8, 8, 3)).astype(np.float32)
    model = LinearModel(rng.normal(size=(8, 8, 3)).astype(np.float32))
    scorer = attribution.SegmentScorer(model, 0, 4, 20)
    scores, total = scorer.scores(image)
    assert len(scores) == 16
    # Completeness: the attributions add up to f(x) − f(baseline = black).
    assert np.isclose(total, float((image * model.weights).sum()), rtol=1e-3)


def test_balanced_sample_takes_a_quarter_per_quadrant():
    labels = np.array([0] * 20 + [1] * 20)
    predictions = np.array([0] * 10 + [1] * 10 + [0] * 10 + [1] * 10)  # 10 of each quadrant
    indices, table, notes = sampling.balanced_sample(labels, predictions, 0, 8, np.random.default_rng(0))
    assert len(indices) == 8 and not notes
    quadrants = [sampling.quadrant_of(labels[i], predictions[i], 0) for i in indices]
    assert sorted(quadrants) == sorted(["TP", "TN", "FP", "FN"] * 2)
    assert table["TP"] == {"wanted": 2, "available": 10, "taken": 2}


def test_a_short_quadrant_is_noted_and_made_up_from_the_others():
    labels = np.array([0] * 10 + [1] * 10)
    predictions = np.array([0] * 10 + [1] * 10)  # no FP, no FN
    indices, table, notes = sampling.balanced_sample(labels, predictions, 0, 8, np.random.default_rng(0))
    assert len(indices) == 8
    assert table["FP"]["taken"] == 0 and table["TP"]["taken"] + table["TN"]["taken"] == 8
    assert notes == ["FP: 2 wanted, 0 available", "FN: 2 wanted, 0 available"]


def test_an_unknown_class_names_the_classes(tmp_path):
    from umlaut_compare import pipeline

    np.savez(tmp_path / "d.npz", x=np.zeros((4, 8, 8, 3), np.uint8), y=np.array([0, 1, 0, 1]), classes=np.array(["cat", "dog"]))
    request = {"models": [], "data": str(tmp_path / "d.npz"), "class": "bird", "workDirectory": str(tmp_path)}

    class Quiet:
        def progress(self, *args, **kwargs):
            pass

    with pytest.raises(CompareError) as raised:
        pipeline.run(request, Quiet())
    assert raised.value.kind == "unknown-class"
    assert "cat, dog" in raised.value.message
