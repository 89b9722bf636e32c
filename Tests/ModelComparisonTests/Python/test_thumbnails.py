"""The report's thumbnails: every sampled image once, as a data: URI the page can draw, pixel-exact
for small images, bounded in size for large ones."""

import base64
import io
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "Sources", "ModelComparison", "Python"))

from umlaut_compare import thumbnails


def decode(uri):
    header, payload = uri.split(",", 1)
    return header, Image.open(io.BytesIO(base64.b64decode(payload)))


def test_a_small_image_is_a_pixel_exact_png():
    image = np.random.default_rng(0).integers(0, 256, (32, 24, 3)).astype(np.float32) / 255.0
    header, picture = decode(thumbnails.data_uri(image))
    assert header == "data:image/png;base64"
    assert picture.size == (24, 32)
    assert np.array_equal(np.asarray(picture), np.round(image * 255).astype(np.uint8))


def test_a_grey_image_keeps_its_one_channel():
    header, picture = decode(thumbnails.data_uri(np.full((28, 28, 1), 0.5, np.float32)))
    assert header == "data:image/png;base64" and picture.mode == "L"


def test_a_large_image_is_a_bounded_jpeg():
    image = np.random.default_rng(1).random((300, 200, 3)).astype(np.float32)
    header, picture = decode(thumbnails.data_uri(image))
    assert header == "data:image/jpeg;base64"
    assert max(picture.size) == thumbnails.MAX_SIDE and picture.size[0] < picture.size[1]


def test_every_sampled_image_once_by_its_data_index():
    images = np.zeros((6, 8, 8, 3), np.float32)
    records = [{"images": [{"index": 1}, {"index": 4}]}, {"images": [{"index": 4}, {"index": 0}]}]
    assert sorted(thumbnails.for_records(images, records)) == ["0", "1", "4"]
