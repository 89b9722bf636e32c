"""Small pictures of the sampled images for the report page, as data: URIs (the report file must
open offline, so nothing refers to the data directory). Small images stay pixel-exact PNGs; larger
ones are scaled to at most MAX_SIDE pixels and stored as JPEG. The page scales the segment boxes
(which are in the data's pixels) by the thumbnail's own size."""

import base64
import io

import numpy as np

MAX_SIDE = 160
PNG_UP_TO = 96


def data_uri(image):
    """One float32 H×W×C (or H×W) image in [0, 1] as a data: URI."""
    from PIL import Image

    array = np.clip(np.asarray(image, dtype=np.float32) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 3 and array.shape[2] not in (3, 4):
        array = array[:, :, :3]
    picture = Image.fromarray(array)
    buffer = io.BytesIO()
    if max(picture.size) <= PNG_UP_TO:
        picture.save(buffer, format="PNG", optimize=True)
        kind = "png"
    else:
        picture.thumbnail((MAX_SIDE, MAX_SIDE))
        picture.convert("RGB").save(buffer, format="JPEG", quality=85)
        kind = "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def for_records(images, model_records):
    """Every sampled image of every model, by its index in the data (as a string)."""
    indices = sorted({record["index"] for model in model_records for record in model["images"]})
    return {str(index): data_uri(images[index]) for index in indices}
