"""The evaluation data: an image folder per class, or an ``.npz``, as float32 NHWC in [0, 1].

* A directory: one sub-directory per class (sorted names are the class indices, as Keras'
  ``image_dataset_from_directory`` and torchvision's ``ImageFolder`` number them), images inside
  (png, jpg, jpeg, bmp, gif, webp). Every image must have one size unless ``image_size`` is given,
  in which case all are resized to it. A file that cannot be decoded is an error naming it.
* An ``.npz``: arrays ``x`` (or ``images``) of shape N×H×W×C or N×H×W (uint8 0–255, or floats
  in [0, 1]) and ``y`` (or ``labels``) of N class indices; optional ``classes`` (names).
"""

import os

import numpy as np

from .errors import CompareError

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"}


class Dataset:
    def __init__(self, images, labels, classes, sources):
        self.images = images  # float32 N×H×W×C in [0, 1]
        self.labels = labels  # int64 N
        self.classes = classes  # list of names
        self.sources = sources  # list of str: a file path, or "npz[i]"

    @property
    def shape(self):
        return tuple(int(d) for d in self.images.shape[1:])


def load(path, image_size=None):
    if not os.path.exists(path):
        raise CompareError("data-not-found", f"the data {path} does not exist")
    if os.path.isdir(path):
        return _load_folder(path, image_size)
    if path.endswith(".npz"):
        return _load_npz(path, image_size)
    raise CompareError("bad-data", f"the data {path} is neither a directory of class folders nor an .npz file")


def _load_folder(root, image_size):
    from .errors import require

    image_module = require("PIL.Image", "pillow")
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))
    if not classes:
        raise CompareError("bad-data", f"the data directory {root} has no class sub-directories")
    images, labels, sources = [], [], []
    first_size = None
    for index, name in enumerate(classes):
        directory = os.path.join(root, name)
        for file in sorted(os.listdir(directory)):
            if os.path.splitext(file)[1].lower() not in IMAGE_EXTENSIONS:
                continue
            path = os.path.join(directory, file)
            try:
                with image_module.open(path) as image:
                    image.load()
                    image = image.convert("RGB")
                    if image_size is not None:
                        image = image.resize((image_size[1], image_size[0]), image_module.BILINEAR)
                    array = np.asarray(image, dtype=np.float32) / 255.0
            except Exception as error:  # noqa: BLE001 - user models and files fail in any way; the message names it
                raise CompareError("corrupt-image", f"cannot read the image {path}: {error}") from None
            if first_size is None:
                first_size = (array.shape, path)
            elif array.shape != first_size[0]:
                raise CompareError(
                    "mixed-image-sizes",
                    f"the image {path} is {_size(array.shape)} but {first_size[1]} is {_size(first_size[0])}; "
                    "pass --image-size to resize them all",
                )
            images.append(array)
            labels.append(index)
            sources.append(os.path.relpath(path, root))
    if not images:
        raise CompareError("too-few-images", f"the data directory {root} holds no images")
    return Dataset(np.stack(images), np.asarray(labels, dtype=np.int64), classes, sources)


def _load_npz(path, image_size):
    try:
        archive = np.load(path, allow_pickle=False)
    except Exception as error:  # noqa: BLE001 - user models and files fail in any way; the message names it
        raise CompareError("bad-data", f"cannot read {path}: {error}") from None
    names = set(archive.files)
    x_key = "x" if "x" in names else "images" if "images" in names else None
    y_key = "y" if "y" in names else "labels" if "labels" in names else None
    if x_key is None or y_key is None:
        raise CompareError("bad-data", f"{path} needs arrays 'x' (or 'images') and 'y' (or 'labels'); it has {sorted(names)}")
    x = archive[x_key]
    y = np.asarray(archive[y_key]).astype(np.int64).reshape(-1)
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim != 4 or x.shape[0] != y.shape[0]:
        raise CompareError("bad-data", f"{path}: '{x_key}' must be N×H×W×C with one label per image (got {x.shape} and {y.shape[0]} labels)")
    if x.dtype == np.uint8:
        x = x.astype(np.float32) / 255.0
    else:
        x = x.astype(np.float32)
        if not np.all(np.isfinite(x)) or x.min() < 0 or x.max() > 1:
            raise CompareError("bad-data", f"{path}: float images must lie in [0, 1] (uint8 images are scaled)")
    if image_size is not None and tuple(x.shape[1:3]) != tuple(image_size):
        import torch

        t = torch.from_numpy(x).permute(0, 3, 1, 2)
        x = torch.nn.functional.interpolate(t, size=tuple(image_size), mode="bilinear", align_corners=False)
        x = x.permute(0, 2, 3, 1).contiguous().numpy()
    if "classes" in names:
        classes = [str(c) for c in archive["classes"].tolist()]
    else:
        classes = [str(i) for i in range(int(y.max()) + 1 if y.size else 0)]
    if y.size and (y.min() < 0 or y.max() >= len(classes)):
        raise CompareError("bad-data", f"{path}: labels must lie in 0..{len(classes) - 1}")
    return Dataset(x, y, classes, [f"{os.path.basename(path)}[{i}]" for i in range(x.shape[0])])


def _size(shape):
    return "×".join(str(d) for d in shape)
