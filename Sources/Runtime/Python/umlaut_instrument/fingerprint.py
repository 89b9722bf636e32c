"""Sample fingerprints: which validation samples also occur in the training data.

Each sample (a row of the first input array) is reduced to a 64-bit hash of its bytes. The
hash is computed for many rows at once with NumPy: the row's bytes are read as 64-bit words,
each word is mixed (``w ^ (w >> 29)``) and multiplied by a per-position odd constant, and the
products are summed modulo 2**64. The constants come from a fixed SplitMix64 sequence, so no
random generator is touched. Identical samples always have equal hashes; different ones
collide with negligible probability. Rows are hashed in chunks to bound memory.
"""

__all__ = ["row_hashes", "torch_row_hashes", "Overlap"]

_CHUNK_WORDS = 1 << 21  # 16 MiB of 64-bit words per chunk
_multipliers = None


def _constants(count):
    """The first ``count`` multipliers (odd, from SplitMix64), as a NumPy uint64 array."""
    global _multipliers
    import numpy as np

    if _multipliers is None or _multipliers.size < count:
        size = max(count, 1024, 0 if _multipliers is None else 2 * _multipliers.size)
        values = []
        state = 0x9E3779B97F4A7C15
        mask = (1 << 64) - 1
        for _ in range(size):
            state = (state + 0x9E3779B97F4A7C15) & mask
            z = state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            values.append((z ^ (z >> 31)) | 1)
        _multipliers = np.array(values, dtype=np.uint64)
    return _multipliers[:count]


def row_hashes(array, limit=None):
    """64-bit hashes of the first ``limit`` rows of an array-like (NumPy uint64 array)."""
    import numpy as np

    array = np.asarray(array)
    if array.ndim == 0:
        array = array.reshape(1)
    rows = array.shape[0] if limit is None else min(array.shape[0], limit)
    if rows == 0:
        return np.zeros(0, dtype=np.uint64)
    data = np.ascontiguousarray(array[:rows]).reshape(rows, -1).view(np.uint8)
    width = data.shape[1]
    padded = (width + 7) // 8 * 8
    constants = _constants(max(padded // 8, 1))
    out = np.empty(rows, dtype=np.uint64)
    step = max(1, _CHUNK_WORDS // max(padded // 8, 1))
    with np.errstate(over="ignore"):
        for start in range(0, rows, step):
            chunk = data[start : start + step]
            if padded != width:
                chunk = np.concatenate(
                    [chunk, np.zeros((chunk.shape[0], padded - width), dtype=np.uint8)], axis=1
                )
            words = np.ascontiguousarray(chunk).view(np.uint64)
            mixed = words ^ (words >> np.uint64(29))
            mixed *= constants
            out[start : start + step] = mixed.sum(axis=1, dtype=np.uint64) ^ np.uint64(width)
    return out


def torch_row_hashes(tensor, limit=None):
    """Like ``row_hashes`` for a ``torch.Tensor`` (copied to the CPU, any dtype)."""
    import torch

    with torch.no_grad():
        t = tensor.detach()
        if t.dim() == 0:
            t = t.reshape(1)
        if limit is not None:
            t = t[:limit]
        t = t.contiguous().reshape(t.shape[0], -1)
        if t.dtype not in (torch.uint8, torch.int8) and t.numel():
            t = t.view(torch.uint8)
        return row_hashes(t.cpu().numpy())


class Overlap:
    """Collects training and validation hashes and counts the validation samples seen in training."""

    def __init__(self, limit=1_000_000):
        self.limit = limit
        self._train = []
        self._validation = []
        self.train_checked = 0
        self.validation_checked = 0

    def add_train(self, hashes):
        if self.train_checked < self.limit and hashes.size:
            hashes = hashes[: self.limit - self.train_checked]
            self._train.append(hashes)
            self.train_checked += int(hashes.size)

    def add_validation(self, hashes):
        if self.validation_checked < self.limit and hashes.size:
            hashes = hashes[: self.limit - self.validation_checked]
            self._validation.append(hashes)
            self.validation_checked += int(hashes.size)

    def identical(self):
        """How many validation samples have an identical training sample."""
        import numpy as np

        if not self._train or not self._validation:
            return 0
        train = np.concatenate(self._train)
        validation = np.concatenate(self._validation)
        return int(np.isin(validation, train).sum())

    def fields(self):
        """The ``overlap`` event's counts."""
        return {
            "train_checked": self.train_checked,
            "validation_checked": self.validation_checked,
            "identical": self.identical(),
        }
