"""How an image is cut into segments: the paper's 4×4 grid (§4.4), or SLIC superpixels (the
paper's future work: segments that follow the image, so a small object is not split by a grid
line).

Every segmentation gives, per image, a list of ``Segment``s whose boolean masks partition the
image. The rest of the helper works from the masks (XRAI's segments, the Shapley exclusion: the
blurred image pasted in under a mask) and from ``crop`` (the embedding's input).
"""

from dataclasses import dataclass

import numpy as np

from .errors import CompareError, require

METHODS = ("grid", "slic")
SLIC_SEGMENTS = 16
SLIC_COMPACTNESS = 50.0


@dataclass
class Segment:
    mask: np.ndarray
    box: tuple  # (y0, y1, x0, x1), end exclusive
    centre: tuple  # (y, x) of the mask's pixels, in pixels (a pixel's centre is at +0.5)
    pixels: int
    row: int  # the grid cell (of a `grid`×`grid` grid) the centre lies in: the location maps'
    column: int


def parameters(method, grid):
    """What the report's ``parameters.segmentation`` says."""
    if method == "grid":
        return {"method": "grid", "grid": grid}
    if method == "slic":
        return {"method": "slic", "nSegments": SLIC_SEGMENTS, "compactness": SLIC_COMPACTNESS, "grid": grid}
    raise CompareError("bad-request", f"unknown segmentation {method!r} (one of {', '.join(METHODS)})")


def grid_boxes(height, width, grid):
    """The grid's cells as (row, column, y0, y1, x0, x1), row-major; edges split as evenly as
    integer pixels allow."""
    ys = [round(i * height / grid) for i in range(grid + 1)]
    xs = [round(i * width / grid) for i in range(grid + 1)]
    return [(r, c, ys[r], ys[r + 1], xs[c], xs[c + 1]) for r in range(grid) for c in range(grid)]


def _from_mask(mask, grid):
    height, width = mask.shape
    ys, xs = np.nonzero(mask)
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    cy, cx = float(ys.mean()) + 0.5, float(xs.mean()) + 0.5
    row = min(grid - 1, int(cy * grid / height))
    column = min(grid - 1, int(cx * grid / width))
    return Segment(mask, (y0, y1, x0, x1), (cy, cx), int(ys.size), row, column)


def grid_segments(height, width, grid):
    segments = []
    for r, c, y0, y1, x0, x1 in grid_boxes(height, width, grid):
        mask = np.zeros((height, width), dtype=bool)
        mask[y0:y1, x0:x1] = True
        segment = _from_mask(mask, grid)
        segment.row, segment.column = r, c
        segments.append(segment)
    return segments


def slic_labels(image):
    """SLIC's label map (0…n−1) of an H×W×C image in [0, 1]."""
    segmentation = require("skimage.segmentation", "scikit-image==0.26.0")
    image = np.asarray(image, dtype=np.float64)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[..., 0]
    if image.ndim == 2:
        return segmentation.slic(image, n_segments=SLIC_SEGMENTS, compactness=SLIC_COMPACTNESS, start_label=0, channel_axis=None)
    return segmentation.slic(image[..., :3], n_segments=SLIC_SEGMENTS, compactness=SLIC_COMPACTNESS, start_label=0)


def slic_segments(image, grid):
    labels = slic_labels(image)
    return [_from_mask(labels == label, grid) for label in np.unique(labels)]


class Segmenter:
    """One method's segments per image; the grid's are the same for every image of a size."""

    def __init__(self, method, grid):
        parameters(method, grid)
        self.method = method
        self.grid = grid
        self._grids = {}

    def __call__(self, image):
        height, width = image.shape[:2]
        if self.method == "grid":
            if (height, width) not in self._grids:
                self._grids[(height, width)] = grid_segments(height, width, self.grid)
            return self._grids[(height, width)]
        return slic_segments(image, self.grid)


def paste_blurred(image, blurred, masks):
    """``image`` with ``blurred`` pasted in under each of ``masks`` (the Shapley exclusion)."""
    composite = image.copy()
    for mask in masks:
        composite[mask] = blurred[mask]
    return composite


def crop(image, segment):
    """The embedding's input: for a grid cell its box, as the paper's; for any other segment a
    square around its box (inside the image where it fits) with the pixels outside the segment
    filled with the segment's mean colour, so the embedding sees the segment's shape and colour,
    not its neighbours'."""
    y0, y1, x0, x1 = segment.box
    if segment.pixels == (y1 - y0) * (x1 - x0):
        return image[y0:y1, x0:x1]
    height, width = image.shape[:2]
    side = max(y1 - y0, x1 - x0)
    top = _place(y0, y1, side, height)
    left = _place(x0, x1, side, width)
    window = image[top:top + side, left:left + side].copy()
    inside = segment.mask[top:top + side, left:left + side]
    window[~inside] = image[segment.mask].mean(axis=0)
    return window


def _place(start, end, side, limit):
    """The start of a `side`-long window centred on [start, end), moved inside [0, limit)."""
    begin = start - (side - (end - start)) // 2
    return max(0, min(begin, limit - side)) if side <= limit else 0


def encode_mask(segment):
    """The mask inside its box, row-major, as run lengths alternating outside/inside, starting
    with outside (so a full box is ``[0, h·w]``)."""
    y0, y1, x0, x1 = segment.box
    flat = segment.mask[y0:y1, x0:x1].ravel()
    changes = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    runs = np.diff(np.concatenate(([0], changes, [flat.size]))).tolist()
    return ([0] if flat[0] else []) + runs


def decode_mask(runs, box):
    y0, y1, x0, x1 = box
    flat = np.zeros((y1 - y0) * (x1 - x0), dtype=bool)
    position, inside = 0, False
    for run in runs:
        flat[position:position + run] = inside
        position += run
        inside = not inside
    return flat.reshape(y1 - y0, x1 - x0)


def describe(segment):
    """The report's fields of a segment."""
    return {
        "box": list(segment.box),
        "centre": [round(segment.centre[0], 2), round(segment.centre[1], 2)],
        "pixels": segment.pixels,
        "mask": encode_mask(segment),
    }


__all__ = ["METHODS", "Segment", "Segmenter", "crop", "decode_mask", "describe", "encode_mask", "grid_boxes",
           "grid_segments", "parameters", "paste_blurred", "slic_labels", "slic_segments"]
