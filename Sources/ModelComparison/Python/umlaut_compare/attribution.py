"""Segment attributions: XRAI over Guided IG on an image's segments (``segments``: the grid or
SLIC superpixels) to pick the top M, and exact Shapley values over those M with the excluded
segments Gaussian-blurred under their masks (§4.4)."""

import math

import numpy as np

from . import segments as segmentation
from .errors import require


def grid_cells(height, width, grid):
    """The grid's cells as (row, column, y0, y1, x0, x1), row-major."""
    return segmentation.grid_boxes(height, width, grid)


def grid_masks(height, width, grid):
    return [segment.mask for segment in segmentation.grid_segments(height, width, grid)]


def blur(images, sigma):
    """Each image Gaussian-blurred over its spatial axes (channels apart)."""
    ndimage = require("scipy.ndimage", "scipy")
    return np.stack([ndimage.gaussian_filter(image, sigma=(sigma, sigma, 0), mode="reflect") for image in images]).astype(np.float32)


class _NumpyWithOldQuantile:
    """numpy, except that ``quantile`` also takes ``interpolation=`` (NumPy 2.4 removed it, and
    saliency 0.2.1's Guided IG still passes it). Only saliency's guided_ig module sees this."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def quantile(a, q, *args, interpolation=None, **kwargs):
        if interpolation is not None:
            kwargs["method"] = interpolation
        return np.quantile(a, q, *args, **kwargs)


def _patch_guided_ig(saliency):
    module = __import__("saliency.core.guided_ig", fromlist=["guided_ig_impl"])
    if not isinstance(module.np, _NumpyWithOldQuantile):
        try:
            np.quantile(np.zeros(2), 0.5, interpolation="lower")
        except TypeError:
            module.np = _NumpyWithOldQuantile()


class SegmentScorer:
    """XRAI over Guided IG for one model and class."""

    def __init__(self, model, class_index, grid, steps):
        saliency = require("saliency.core", "saliency==0.2.1")
        self.saliency = saliency
        _patch_guided_ig(saliency)
        self.model = model
        self.class_index = class_index
        self.grid = grid
        self.steps = steps
        self.guided_ig = saliency.GuidedIG()
        self.xrai = saliency.XRAI()
        self.parameters = saliency.XRAIParameters()
        # Grid cells of tiny images hold few pixels; XRAI must not skip them as slivers.
        self.parameters.experimental_params["min_pixel_diff"] = 1

    def _call_model(self, x_batch, call_model_args=None, expected_keys=None):
        gradients = self.model.gradient(np.asarray(x_batch, dtype=np.float32), self.class_index)
        return {self.saliency.INPUT_OUTPUT_GRADIENTS: gradients}

    def scores(self, image, masks=None):
        """The XRAI score of each segment (``masks``; by default the grid's cells, row-major): the
        mean of XRAI's map over the segment's pixels, and the Guided IG map's total."""
        if masks is None:
            masks = grid_masks(*image.shape[:2], self.grid)
        base = self.guided_ig.GetMask(
            image, self._call_model, x_baseline=np.zeros_like(image), x_steps=self.steps)
        output = self.xrai.GetMask(image, self._call_model, segments=masks, base_attribution=base, extra_parameters=self.parameters)
        return np.array([float(output[mask].mean()) for mask in masks]), float(base.sum())


def shapley_weights(m):
    return [math.factorial(s) * math.factorial(m - s - 1) / math.factorial(m) for s in range(m)]


def shapley_values(model, images, blurred, masks_per_image, class_index):
    """Exact Shapley values of each image's chosen segments for the class probability.

    ``masks_per_image[i]`` is a list of M boolean H×W masks; a coalition keeps its segments and
    pastes the blurred image in under the other chosen ones' masks (the segments never chosen
    stay as they are). All 2^M coalitions
    of several images go to the model in one batch.
    """
    results = []
    inputs, spans = [], []
    for image, blurred_image, masks in zip(images, blurred, masks_per_image):
        m = len(masks)
        start = len(inputs)
        for coalition in range(1 << m):
            excluded = [mask for j, mask in enumerate(masks) if not coalition & (1 << j)]
            inputs.append(segmentation.paste_blurred(image, blurred_image, excluded))
        spans.append((start, m))
    probabilities = model.probabilities(np.stack(inputs))[:, class_index] if inputs else np.zeros(0)
    for start, m in spans:
        values = probabilities[start:start + (1 << m)]
        weights = shapley_weights(m)
        phi = np.zeros(m)
        for j in range(m):
            bit = 1 << j
            for coalition in range(1 << m):
                if coalition & bit:
                    continue
                size = coalition.bit_count()
                phi[j] += weights[size] * (values[coalition | bit] - values[coalition])
        results.append((phi, float(values[(1 << m) - 1]), float(values[0])))
    return results


__all__ = ["SegmentScorer", "blur", "grid_cells", "grid_masks", "shapley_values", "shapley_weights"]
