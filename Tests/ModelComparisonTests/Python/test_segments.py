"""The helper's segmentations (`umlaut_compare/segments.py`): the grid and SLIC superpixels, the
Shapley exclusion under a mask, the embedding's crop and the report's mask encoding."""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "Sources", "ModelComparison", "Python"))
sys.path.insert(0, os.path.dirname(__file__))

from umlaut_compare import attribution, segments  # noqa: E402
from umlaut_compare.errors import CompareError  # noqa: E402


def watermarked_image(seed=0):
    """A watermark scenario image: a textured patch on dark noise and the magenta ring."""
    from watermark_models import make_images

    images, _, boxes = make_images(8, seed, lambda label, rng: True)
    index = int(np.flatnonzero(boxes[:, 0] >= 0)[0])
    return images[index], boxes[index]


@pytest.mark.parametrize("method", ["grid", "slic"])
def test_masks_partition_the_image(method):
    image, _ = watermarked_image()
    pieces = segments.Segmenter(method, 4)(image)
    coverage = np.sum([piece.mask for piece in pieces], axis=0)
    assert np.array_equal(coverage, np.ones(image.shape[:2]))
    for piece in pieces:
        y0, y1, x0, x1 = piece.box
        ys, xs = np.nonzero(piece.mask)
        assert (ys.min(), ys.max() + 1, xs.min(), xs.max() + 1) == (y0, y1, x0, x1)
        assert piece.pixels == ys.size
        assert y0 <= piece.centre[0] <= y1 and x0 <= piece.centre[1] <= x1
        assert piece.row == min(3, int(piece.centre[0] * 4 / 32)) and piece.column == min(3, int(piece.centre[1] * 4 / 32))


def test_slic_gives_about_sixteen_segments_that_follow_the_image():
    counts = []
    for seed in range(4):
        image, mark = watermarked_image(seed)
        pieces = segments.Segmenter("slic", 4)(image)
        counts.append(len(pieces))
        # Not a grid: some segment is not a rectangle.
        assert any(piece.pixels < (piece.box[1] - piece.box[0]) * (piece.box[3] - piece.box[2]) for piece in pieces)
        # The ring is mostly in one superpixel (a grid splits 3 rings in 4).
        ring = np.zeros(image.shape[:2], dtype=bool)
        ring[mark[0]:mark[1], mark[2]:mark[3]] = True
        ring &= np.all(np.isclose(image, [1.0, 0.0, 1.0]), axis=2)
        assert max(np.sum(piece.mask & ring) for piece in pieces) >= 0.75 * ring.sum()
    assert all(10 <= count <= 24 for count in counts), counts


def test_the_blurred_image_goes_in_under_the_mask_only():
    image, _ = watermarked_image()
    blurred = attribution.blur(image[None], 2.0)[0]
    pieces = segments.Segmenter("slic", 4)(image)
    excluded = [pieces[0].mask, pieces[3].mask]
    composite = segments.paste_blurred(image, blurred, excluded)
    outside = ~(excluded[0] | excluded[1])
    assert np.array_equal(composite[outside], image[outside])
    assert np.array_equal(composite[excluded[0]], blurred[excluded[0]])
    assert not np.array_equal(composite, image)
    # The image itself is untouched.
    assert np.array_equal(composite[outside], image[outside]) and not np.shares_memory(composite, image)


def test_a_superpixel_crop_is_square_and_filled_with_its_mean_colour():
    image, _ = watermarked_image()
    pieces = segments.Segmenter("slic", 4)(image)
    piece = next(p for p in pieces if p.pixels < (p.box[1] - p.box[0]) * (p.box[3] - p.box[2]))
    crop = segments.crop(image, piece)
    y0, y1, x0, x1 = piece.box
    side = max(y1 - y0, x1 - x0)
    assert crop.shape == (side, side, 3)
    mean = image[piece.mask].mean(axis=0)
    # Every pixel is the segment's own or its mean colour; the segment's pixels are all there.
    own = np.all(np.isclose(crop, mean), axis=2)
    assert own.any()
    values = {tuple(np.round(v, 6)) for v in image[piece.mask]}
    assert all(tuple(np.round(v, 6)) in values for v in crop[~own])
    assert np.sum(~own) <= piece.pixels


def test_a_grid_cell_crop_is_its_box():
    image, _ = watermarked_image()
    piece = segments.Segmenter("grid", 4)(image)[5]
    assert piece.box == (8, 16, 8, 16) and (piece.row, piece.column) == (1, 1)
    assert np.array_equal(segments.crop(image, piece), image[8:16, 8:16])


def test_masks_round_trip_through_their_run_lengths():
    image, _ = watermarked_image()
    for piece in segments.Segmenter("slic", 4)(image) + segments.Segmenter("grid", 4)(image):
        described = segments.describe(piece)
        y0, y1, x0, x1 = described["box"]
        assert sum(described["mask"]) == (y1 - y0) * (x1 - x0)
        assert np.array_equal(segments.decode_mask(described["mask"], described["box"]), piece.mask[y0:y1, x0:x1])
        assert described["pixels"] == piece.pixels
    assert segments.describe(segments.Segmenter("grid", 4)(image)[0])["mask"] == [0, 64]


def test_an_unknown_segmentation_is_a_bad_request():
    with pytest.raises(CompareError) as raised:
        segments.parameters("watershed", 4)
    assert raised.value.kind == "bad-request" and "grid, slic" in raised.value.message
    assert segments.parameters("slic", 4) == {"method": "slic", "nSegments": 16, "compactness": 50.0, "grid": 4}
