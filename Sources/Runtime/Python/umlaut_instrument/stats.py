"""Statistics of training inputs over several batches of an epoch.

``InputStats`` merges batches one at a time (NumPy arrays or PyTorch tensors) into the
``input`` object of an ``epoch`` event: minimum, maximum, mean and standard deviation of the
finite values, the counts of NaN and infinite values, and the shape and dtype of the first
batch as the framework received it, before any cast. Means and variances are merged with
Chan's parallel formula in float64, so many batches do not lose precision.
"""

import math
import threading

__all__ = ["InputStats", "fraction_nonpositive", "nonfinite_counts"]


class InputStats:
    """Accumulates input statistics; ``add_*`` may be called from several threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self.batches = 0
        self.samples = 0
        self.count = 0  # finite values
        self.mean = 0.0
        self.m2 = 0.0
        self.low = math.inf
        self.high = -math.inf
        self.nan = 0
        self.inf = 0
        self.shape = None
        self.dtype = None

    def add_numpy(self, array, samples=None):
        """Adds one batch given as anything ``numpy.asarray`` accepts (numeric only)."""
        import numpy as np

        original = array
        array = np.asarray(array)
        if array.dtype.kind not in "biuf":
            return False
        flat = array.reshape(-1)
        nan = inf = 0
        if array.dtype.kind == "f":
            finite = np.isfinite(flat)
            if not finite.all():
                nan = int(np.isnan(flat).sum())
                inf = int(flat.size - int(finite.sum()) - nan)
                flat = flat[finite]
        values = flat.astype(np.float64, copy=False)
        if values.size:
            part = (int(values.size), float(values.mean()), 0.0, float(values.min()), float(values.max()))
            part = (part[0], part[1], float(((values - part[1]) ** 2).sum()), part[3], part[4])
        else:
            part = (0, 0.0, 0.0, math.inf, -math.inf)
        rows = samples if samples is not None else (array.shape[0] if array.ndim else 1)
        self._merge(part, nan, inf, rows, _shape(original, array), _dtype_name(original, array))
        return True

    def add_torch(self, tensor):
        """Adds one batch given as a ``torch.Tensor`` (no autograd, no change to the tensor)."""
        import torch

        t = tensor.detach()
        if not (t.dtype.is_floating_point or t.dtype in _torch_integers(torch)):
            return False
        if t.device.type == "cpu" and t.dtype != torch.bfloat16:
            # NumPy on a view of the same memory: no copy, and far cheaper than torch's own
            # reductions when the machine's cores are busy (they synchronise thread pools).
            return self.add_numpy(t.numpy())
        with torch.no_grad():
            work = torch.float32 if t.device.type == "mps" else torch.float64
            flat = t.reshape(-1).to(work)
            nan = inf = 0
            if t.dtype.is_floating_point:
                finite = torch.isfinite(flat)
                counts = torch.stack([finite.sum(), torch.isnan(flat).sum()]).tolist()
                if counts[0] != flat.numel():
                    nan = int(counts[1])
                    inf = int(flat.numel() - counts[0] - nan)
                    flat = flat[finite]
            if flat.numel():
                mean = flat.mean()
                summary = torch.stack([mean, ((flat - mean) ** 2).sum(), flat.min(), flat.max()]).tolist()
                part = (int(flat.numel()), summary[0], summary[1], summary[2], summary[3])
            else:
                part = (0, 0.0, 0.0, math.inf, -math.inf)
        rows = int(t.shape[0]) if t.dim() else 1
        dtype = str(t.dtype).replace("torch.", "")
        self._merge(part, nan, inf, rows, [int(d) for d in t.shape], dtype)
        return True

    def _merge(self, part, nan, inf, rows, shape, dtype):
        count, mean, m2, low, high = part
        with self._lock:
            if self.shape is None:
                self.shape, self.dtype = shape, dtype
            self.batches += 1
            self.samples += rows
            self.nan += nan
            self.inf += inf
            if count:
                total = self.count + count
                delta = mean - self.mean
                self.mean += delta * count / total
                self.m2 += m2 + delta * delta * self.count * count / total
                self.count = total
                self.low = min(self.low, low)
                self.high = max(self.high, high)

    def result(self):
        """The ``input`` object of an epoch event, or ``None`` if nothing was added."""
        with self._lock:
            if not self.batches:
                return None
            finite = self.count > 0
            return {
                "batches": self.batches,
                "samples": self.samples,
                "min": self.low if finite else None,
                "max": self.high if finite else None,
                "mean": self.mean if finite else None,
                "std": math.sqrt(self.m2 / self.count) if finite else None,
                "nan": self.nan,
                "inf": self.inf,
                "shape": self.shape,
                "dtype": self.dtype,
            }


def fraction_nonpositive(values):
    """The share of entries ``<= 0`` in a NumPy array or tensor (``None`` when empty)."""
    size = getattr(values, "size", None)
    if callable(size):  # torch.Tensor.size() is a method
        import torch

        values = values.detach()
        if values.device.type != "cpu" or values.dtype == torch.bfloat16:
            with torch.no_grad():
                total = values.numel()
                return float((values <= 0).sum().item()) / total if total else None
        values = values.numpy()
    import numpy as np

    array = np.asarray(values)
    if not array.size:
        return None
    return float(np.count_nonzero(array <= 0)) / array.size


def nonfinite_counts(torch, groups):
    """How many NaN and infinite values each group of PyTorch tensors (a layer's weights) holds,
    read back with one synchronisation for all groups; non-float tensors hold none."""
    counts = []
    for tensors in groups:
        parts = [(~torch.isfinite(t.detach())).sum().reshape(()) for t in tensors if t.is_floating_point()]
        counts.append(torch.stack(parts).sum() if parts else None)
    present = [c for c in counts if c is not None]
    values = iter(torch.stack([c.to("cpu") for c in present]).tolist() if present else [])
    return [int(next(values)) if c is not None else 0 for c in counts]


def _shape(original, array):
    shape = getattr(original, "shape", None)
    try:
        return [None if d is None else int(d) for d in shape] if shape is not None else list(array.shape)
    except (TypeError, ValueError):
        return list(array.shape)


def _dtype_name(original, array):
    dtype = getattr(original, "dtype", None)
    name = getattr(dtype, "name", None)
    if isinstance(name, str):
        return name
    return str(array.dtype)


_TORCH_INTEGERS = []


def _torch_integers(torch):
    if not _TORCH_INTEGERS:
        _TORCH_INTEGERS.extend(
            [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]
        )
    return _TORCH_INTEGERS
