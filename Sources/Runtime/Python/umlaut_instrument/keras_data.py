"""What a Keras ``fit`` trains on: array slicing, sampling and observation of batches.

``fit`` accepts arrays (NumPy, TensorFlow, PyTorch, JAX; or lists, tuples and dicts of them),
Python generators, ``keras.utils.PyDataset`` objects and ``tf.data.Dataset`` objects. The input
statistics must come from the training batches as the user's code produced them, before Keras
converts anything:

* arrays: rows are sampled from the training part (``validation_split`` removed) with the
  instrumentation's own random generator; the rows are exactly what batches are made of;
* generators and ``PyDataset``: a few of the batches Keras pulls are inspected as they pass;
* ``tf.data``: the dataset is extended with a step that hands every n-th batch to Python.
"""

import math
import threading

from .stats import InputStats
from .wrapping import guarded, hide_frame

__all__ = [
    "ArraySource",
    "ObservedSource",
    "split_rows",
    "take_rows",
    "first_leaf",
    "row_count",
    "observing_generator",
    "observing_dataset",
    "validation_inputs",
    "is_py_dataset",
    "is_tf_dataset",
    "safe_len",
    "cardinality",
]


def is_array(value):
    """Array-like with a first (sample) dimension: NumPy, TF, torch, JAX, pandas."""
    shape = getattr(value, "shape", None)
    if shape is None:
        return False
    try:
        return len(shape) >= 1
    except TypeError:
        return False


def leaves(data):
    """The array leaves of a (nested) list, tuple or dict, in order."""
    if isinstance(data, dict):
        for key in data:
            yield from leaves(data[key])
    elif isinstance(data, (list, tuple)):
        for item in data:
            yield from leaves(item)
    elif is_array(data):
        yield data


def is_array_structure(data):
    """Whether ``data`` is an array or a non-empty structure of arrays only."""
    if data is None:
        return False
    if is_array(data):
        return True
    if isinstance(data, (list, tuple, dict)):
        items = list(data.values()) if isinstance(data, dict) else list(data)
        return bool(items) and all(is_array_structure(item) for item in items)
    return False


def first_leaf(data):
    for leaf in leaves(data):
        return leaf
    return None


def row_count(data):
    leaf = first_leaf(data)
    if leaf is None:
        return None
    try:
        return int(leaf.shape[0])
    except (TypeError, ValueError):
        return None


def take_rows(data, indices):
    """The rows ``indices`` (a sorted NumPy int array) of every array in ``data``."""
    if data is None:
        return None
    if isinstance(data, dict):
        return {key: take_rows(value, indices) for key, value in data.items()}
    if isinstance(data, list):
        return [take_rows(value, indices) for value in data]
    if isinstance(data, tuple):
        return tuple(take_rows(value, indices) for value in data)
    return _take(data, indices)


def split_rows(data, start, stop):
    """Rows ``start:stop`` of every array in ``data`` (views where the library allows)."""
    if isinstance(data, dict):
        return {key: split_rows(value, start, stop) for key, value in data.items()}
    if isinstance(data, list):
        return [split_rows(value, start, stop) for value in data]
    if isinstance(data, tuple):
        return tuple(split_rows(value, start, stop) for value in data)
    if data is None:
        return None
    iloc = getattr(data, "iloc", None)
    if iloc is not None:
        return iloc[start:stop]
    return data[start:stop]


def _take(array, indices):
    import numpy as np

    module = type(array).__module__
    if module.startswith("tensorflow"):
        import tensorflow as tf

        return tf.gather(array, indices).numpy()
    if module.startswith("torch"):
        import torch

        return array[torch.as_tensor(indices, device=array.device)].detach().cpu().numpy()
    iloc = getattr(array, "iloc", None)
    if iloc is not None:  # pandas
        return np.asarray(iloc[indices])
    if isinstance(array, np.ndarray):
        return array[indices]
    return np.asarray(array[indices])


class ArraySource:
    """Training data given as arrays: statistics and probe batches from sampled rows."""

    def __init__(self, x, y, rows, batch_size, sample_batches, rng):
        self.x = x
        self.y = y
        self.rows = rows
        self.batch_size = batch_size
        self.sample_batches = sample_batches
        self.rng = rng

    def epoch_input(self):
        """Statistics of ``sample_batches`` batches' worth of rows drawn for this epoch.

        At most 32 rows stand for each batch: enough for the range and the spread, and the
        cost stays small however large the batches are.
        """
        if not self.rows:
            return None
        wanted = min(self.rows, self.sample_batches * min(self.batch_size, 32))
        indices = self._indices(wanted)
        stats = InputStats()
        leaf = first_leaf(self.x)
        batch = _take(leaf, indices)
        stats.add_numpy(batch, samples=len(indices))
        result = stats.result()
        if result is not None:
            result["batches"] = min(self.sample_batches, math.ceil(self.rows / self.batch_size))
            result["shape"] = [min(self.batch_size, self.rows)] + list(result["shape"][1:])
            result["dtype"] = _dtype_name(leaf, result["dtype"])
        return result

    def nonfinite_counts(self):
        """NaN and infinite values in all the training inputs (once the loss is not finite: one
        pass over the data settles whether the data is the cause)."""
        import numpy as np

        nan = inf = 0
        for leaf in leaves(self.x):
            array = _numpy(leaf)[: self.rows]
            if array.dtype.kind != "f":
                continue
            nan += int(np.isnan(array).sum())
            inf += int(np.isinf(array).sum())
        return {"scope": "all", "nan": nan, "inf": inf, "samples": int(self.rows)}

    def probe_batch(self, size):
        """``(x, y)`` of ``size`` random training rows, for the gradient probe."""
        if not self.rows or self.y is None:
            return None
        indices = self._indices(min(self.rows, size))
        return take_rows(self.x, indices), take_rows(self.y, indices)

    def _indices(self, count):
        import numpy as np

        if count >= self.rows:
            return np.arange(self.rows)
        return np.sort(self.rng.choice(self.rows, size=count, replace=False))


class ObservedSource:
    """Training data Keras pulls batch by batch: a few batches are inspected as they pass.

    ``observe`` is called with every batch (a tuple ``(x,)``, ``(x, y)`` or ``(x, y, w)``, or a
    dict) from whatever thread produces it; one in ``stride`` batches is measured, and the
    most recent measured batch is kept for the gradient probe.
    """

    def __init__(self, sample_batches, stride):
        self.sample_batches = sample_batches
        self.stride = max(1, stride)
        self._lock = threading.Lock()
        self._seen = 0
        self._stats = InputStats()
        self._probe = None

    def observe(self, batch):
        with self._lock:
            index = self._seen
            self._seen += 1
        if index % self.stride or self._stats.batches >= self.sample_batches:
            return
        if isinstance(batch, tuple):
            x = batch[0] if batch else None
            y = batch[1] if len(batch) > 1 else None
        else:
            x, y = batch, None
        leaf = first_leaf(x)
        if leaf is None:
            return
        self._stats.add_numpy(_numpy(leaf))
        if y is not None:
            self._probe = (x, y)

    def epoch_input(self):
        result = self._stats.result()
        self._stats.reset()
        with self._lock:
            self._seen = 0
        return result

    def probe_batch(self, size):
        return self._probe


def _numpy(value):
    import numpy as np

    numpy = getattr(value, "numpy", None)
    if callable(numpy) and not isinstance(value, np.ndarray):
        try:
            return numpy()
        except Exception:
            pass
    return np.asarray(value)


def _dtype_name(leaf, fallback):
    dtype = getattr(leaf, "dtype", None)
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    text = str(dtype) if dtype is not None else fallback
    return text.replace("torch.", "")


# -- data plumbing: what ``fit`` is given in place of a generator or ``tf.data`` input -----


def observing_generator(generator, source):
    """Yields what ``generator`` yields, showing each item to ``source`` first."""
    observe = guarded(source.observe)
    while True:
        try:
            item = next(generator)
        except StopIteration:
            return
        except BaseException as error:
            hide_frame(error)
            raise
        observe(item)
        yield item


def observing_dataset(dataset, source):
    """``dataset`` plus a step handing every ``source.stride``-th batch to ``source``.

    The step only adds a control dependency on a ``tf.py_function`` that reads the batch's
    first input tensor (and its target, when the element is ``(x, y, ...)``); the element's
    values and structure are unchanged.
    """
    import tensorflow as tf

    observe = guarded(source.observe)
    stride = source.stride

    def look(*tensors):
        observe(tuple(tensor.numpy() for tensor in tensors))
        return True

    def step(index, element):
        if isinstance(element, tuple) and element:
            inputs = tf.nest.flatten(element[0])
            watched = inputs[:1]
            if len(inputs) == 1 and len(element) > 1 and len(tf.nest.flatten(element[1])) == 1:
                watched = watched + tf.nest.flatten(element[1])
        else:
            watched = tf.nest.flatten(element)[:1]
        if not watched:
            return element
        seen = tf.cond(
            tf.equal(index % stride, 0),
            lambda: tf.py_function(look, watched, tf.bool),
            lambda: tf.constant(False),
        )
        with tf.control_dependencies([seen]):
            return tf.nest.map_structure(tf.identity, element)

    return dataset.enumerate().map(step)


def validation_inputs(validation_data):
    if isinstance(validation_data, (tuple, list)) and validation_data:
        return validation_data[0]
    return validation_data


def is_py_dataset(keras, value):
    py_dataset = getattr(getattr(keras, "utils", None), "PyDataset", None)
    return py_dataset is not None and isinstance(value, py_dataset)


def is_tf_dataset(value):
    return type(value).__module__.startswith("tensorflow") and hasattr(value, "element_spec")


def safe_len(value):
    try:
        return len(value)
    except Exception:
        return None


def cardinality(dataset):
    try:
        count = int(dataset.cardinality())
        return count if count > 0 else None
    except Exception:
        return None
