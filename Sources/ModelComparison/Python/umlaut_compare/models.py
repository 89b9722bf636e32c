"""The two classifiers under comparison, behind one interface over canonical images.

Canonical images are float32 N×H×W×C in [0, 1]. Each model states its preprocessing (applied
inside, so gradients are taken with respect to the canonical pixels):

* ``unit``      the pixels as they are, [0, 1] (the default);
* ``signed``    2x − 1, [−1, 1];
* ``raw``       255x, [0, 255];
* ``imagenet``  (x − mean) / std with ImageNet's RGB mean and std.

A model's output is read as class probabilities when every row is non-negative and sums to 1,
else as logits and passed through a softmax; the attributions explain the class probability.

Specs:

* Keras: a ``.keras`` or ``.h5`` file, or a SavedModel directory (``saved_model.pb``);
* PyTorch: a TorchScript file (``.pt``, ``.pth``, ``.ts``; ``torch.jit.save``), or
  ``module:factory@state_dict.pt`` (``module`` importable from the working directory, ``factory()``
  returns the ``nn.Module``; ``@state_dict`` optional). PyTorch models take N×C×H×W.
"""

import importlib
import os
import sys

import numpy as np

from .errors import CompareError, require

PREPROCESSING = ("unit", "signed", "raw", "imagenet")
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
BATCH = 64


class Model:
    """A loaded classifier. ``framework`` is "keras" or "pytorch"."""

    framework = "?"

    def __init__(self, label, spec, preprocessing):
        if preprocessing not in PREPROCESSING:
            raise CompareError("bad-preprocessing", f"model {label}: unknown preprocessing {preprocessing!r} (one of {', '.join(PREPROCESSING)})")
        self.label = label
        self.spec = spec
        self.preprocessing = preprocessing
        self.input_shape = None  # (H, W, C) when the model declares it
        self.outputs_probabilities = None

    # Subclasses: _forward(x) on canonical numpy → raw outputs numpy; _gradient(x, c) → numpy.

    def check_input(self, shape):
        """Raises a CompareError when images of ``shape`` (H, W, C) cannot go into the model."""
        if self.input_shape is not None:
            want = self.input_shape
            if any(w is not None and w != g for w, g in zip(want, shape)):
                raise CompareError(
                    "mismatched-input",
                    f"model {self.label} ({self.spec}) expects {_size(want)} images but the data's are {_size(shape)}; "
                    "pass --image-size, or compare on data of the model's size",
                )
        probe = np.zeros((2, *shape), dtype=np.float32) + 0.5
        try:
            out = np.asarray(self._forward(probe))
        except CompareError:
            raise
        except Exception as error:  # noqa: BLE001 - user models and files fail in any way; the message names it
            raise CompareError(
                "mismatched-input",
                f"model {self.label} ({self.spec}) does not accept {_size(shape)} images: {type(error).__name__}: {_first_line(error)}",
            ) from None
        if out.ndim != 2 or out.shape[0] != 2:
            raise CompareError("bad-output", f"model {self.label} ({self.spec}) returns outputs of shape {out.shape[1:]}, not one score per class")
        return out.shape[1]

    def decide_outputs(self, sample):
        out = self._forward(sample)
        self.outputs_probabilities = bool(np.all(out >= 0) and np.allclose(out.sum(axis=1), 1, atol=1e-3))

    def probabilities(self, images):
        rows = []
        for start in range(0, len(images), BATCH):
            out = self._forward(images[start:start + BATCH])
            rows.append(out if self.outputs_probabilities else _softmax(out))
        return np.concatenate(rows) if rows else np.zeros((0, 0), np.float32)

    def gradient(self, images, class_index):
        return self._gradient(images, class_index)

    def describe(self):
        return {
            "label": self.label,
            "spec": self.spec,
            "framework": self.framework,
            "inputShape": list(self.input_shape) if self.input_shape else None,
            "preprocessing": self.preprocessing,
            "outputs": "probabilities" if self.outputs_probabilities else "logits",
        }


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _size(shape):
    return "×".join("?" if d is None else str(d) for d in shape)


def _first_line(error):
    text = str(error).strip().splitlines()
    return text[0][:300] if text else ""


def _preprocess_numpy_like(x, preprocessing, xp_mean=None, xp_std=None):
    if preprocessing == "unit":
        return x
    if preprocessing == "signed":
        return x * 2 - 1
    if preprocessing == "raw":
        return x * 255
    return (x - xp_mean) / xp_std


class KerasModel(Model):
    framework = "keras"

    def __init__(self, label, spec, preprocessing):
        super().__init__(label, spec, preprocessing)
        keras = require("keras", "keras (and tensorflow)")
        self.backend = keras.backend.backend()
        if self.backend not in ("tensorflow", "torch"):
            raise CompareError("unsupported-backend", f"model {label}: Keras' {self.backend} backend is not supported (tensorflow or torch)")
        try:
            if os.path.isdir(spec):
                layer = keras.layers.TFSMLayer(spec, call_endpoint="serving_default")
                self.model = layer
            else:
                self.model = keras.saving.load_model(spec, compile=False)
        except Exception as error:  # noqa: BLE001 - user models and files fail in any way; the message names it
            raise CompareError("model-load", f"model {label} ({spec}) does not load with Keras: {type(error).__name__}: {_first_line(error)}") from None
        shape = getattr(self.model, "input_shape", None)
        if isinstance(shape, tuple) and len(shape) == 4:
            self.input_shape = tuple(shape[1:])

    def _call(self, x):
        out = self.model(x, training=False) if not (self.model is None) else None
        if isinstance(out, dict):
            out = next(iter(out.values()))
        if isinstance(out, (list, tuple)):
            out = out[0]
        return out

    def _tensor(self, x):
        x = np.asarray(x, dtype=np.float32)
        if self.backend == "tensorflow":
            import tensorflow as tf

            return tf.convert_to_tensor(x)
        import torch

        return torch.from_numpy(x)

    def _pre(self, t):
        if self.preprocessing == "imagenet":
            return (t - IMAGENET_MEAN) / IMAGENET_STD
        return _preprocess_numpy_like(t, self.preprocessing)

    def _forward(self, x):
        out = self._call(self._pre(self._tensor(x)))
        if self.backend == "torch":
            return out.detach().cpu().numpy()
        return np.asarray(out)

    def _gradient(self, x, class_index):
        if self.backend == "tensorflow":
            import tensorflow as tf

            t = self._tensor(x)
            with tf.GradientTape() as tape:
                tape.watch(t)
                out = self._call(self._pre(t))
                prob = out if self.outputs_probabilities else tf.nn.softmax(out, axis=-1)
                target = tf.reduce_sum(prob[:, class_index])
            return tape.gradient(target, t).numpy()
        import torch

        t = self._tensor(x).requires_grad_(True)
        out = self._call(self._pre(t))
        prob = out if self.outputs_probabilities else torch.softmax(out, dim=-1)
        prob[:, class_index].sum().backward()
        return t.grad.detach().cpu().numpy()


class TorchModel(Model):
    framework = "pytorch"

    def __init__(self, label, spec, preprocessing):
        super().__init__(label, spec, preprocessing)
        torch = require("torch", "torch")
        self.torch = torch
        try:
            if ":" in spec and not os.path.exists(spec):
                self.model = self._from_factory(spec)
            else:
                if not os.path.exists(spec):
                    raise CompareError("model-load", f"model {label}: {spec} does not exist")
                self.model = torch.jit.load(spec, map_location="cpu")
        except CompareError:
            raise
        except Exception as error:  # noqa: BLE001 - user models and files fail in any way; the message names it
            raise CompareError("model-load", f"model {label} ({spec}) does not load with PyTorch: {type(error).__name__}: {_first_line(error)}") from None
        self.model.eval()
        self.mean = torch.from_numpy(IMAGENET_MEAN).view(1, 3, 1, 1)
        self.std = torch.from_numpy(IMAGENET_STD).view(1, 3, 1, 1)

    def _from_factory(self, spec):
        target, _, weights = spec.partition("@")
        module_name, _, factory_name = target.partition(":")
        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        module = importlib.import_module(module_name)
        factory = getattr(module, factory_name, None)
        if factory is None:
            raise CompareError("model-load", f"model {self.label}: {module_name} has no {factory_name}")
        model = factory()
        if weights:
            state = self.torch.load(weights, map_location="cpu", weights_only=True)
            model.load_state_dict(state)
        return model

    def _pre(self, t):
        if self.preprocessing == "imagenet":
            return (t - self.mean) / self.std
        return _preprocess_numpy_like(t, self.preprocessing)

    def _nchw(self, x):
        return self.torch.from_numpy(np.ascontiguousarray(np.asarray(x, dtype=np.float32))).permute(0, 3, 1, 2)

    def _forward(self, x):
        with self.torch.no_grad():
            out = self.model(self._pre(self._nchw(x)))
        if isinstance(out, (list, tuple)):
            out = out[0]
        return out.detach().cpu().numpy()

    def _gradient(self, x, class_index):
        t = self.torch.from_numpy(np.ascontiguousarray(np.asarray(x, dtype=np.float32))).requires_grad_(True)
        out = self.model(self._pre(t.permute(0, 3, 1, 2)))
        if isinstance(out, (list, tuple)):
            out = out[0]
        prob = out if self.outputs_probabilities else self.torch.softmax(out, dim=-1)
        prob[:, class_index].sum().backward()
        return t.grad.detach().numpy()


def load(label, spec, preprocessing):
    lower = spec.lower()
    if lower.endswith((".keras", ".h5")) or (os.path.isdir(spec) and os.path.exists(os.path.join(spec, "saved_model.pb"))):
        if not os.path.exists(spec):
            raise CompareError("model-load", f"model {label}: {spec} does not exist")
        return KerasModel(label, spec, preprocessing)
    if lower.endswith((".pt", ".pth", ".ts", ".torchscript")) or (":" in spec and not os.path.exists(spec)):
        return TorchModel(label, spec, preprocessing)
    if not os.path.exists(spec):
        raise CompareError("model-load", f"model {label}: {spec} does not exist")
    raise CompareError(
        "model-load",
        f"model {label}: cannot tell the framework of {spec} (a .keras/.h5 file or SavedModel directory for Keras; "
        "a TorchScript .pt file or module:factory@weights.pt for PyTorch)",
    )
