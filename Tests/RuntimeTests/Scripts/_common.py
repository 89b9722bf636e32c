"""Shared set-up for the test scripts: quiet TensorFlow, deterministic runs, synthetic data."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def keras_deterministic(seed=0):
    """Seeds Keras (Python, NumPy and backend generators) and makes TF ops deterministic."""
    import keras

    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


def blobs(rng, samples, features, classes, spread=1.0):
    """Labelled Gaussian blobs, scaled into [-1, 1]: an easy classification task."""
    centers = rng.normal(size=(classes, features)) * 2.0
    labels = rng.integers(0, classes, size=samples)
    inputs = centers[labels] + rng.normal(size=(samples, features)) * spread
    inputs /= abs(inputs).max()
    return inputs.astype("float32"), labels


def images(rng, samples, classes=10, size=32):
    """CIFAR-shaped synthetic images: uint8 pixels 0-255 whose mean colour depends on the class."""
    import numpy as np

    labels = rng.integers(0, classes, size=samples)
    base = (labels[:, None, None, None] * (200 // classes) + 20).astype("float32")
    noise = rng.normal(scale=25.0, size=(samples, size, size, 3))
    pixels = np.clip(base + noise, 0, 255).astype("uint8")
    return pixels, labels


def weights_checksum(model):
    """A float summary of a Keras model's weights (equal runs give equal sums)."""
    return float(sum(float(w.sum()) for w in model.get_weights()))
