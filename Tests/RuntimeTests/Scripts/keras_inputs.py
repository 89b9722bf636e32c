"""One healthy Keras model trained from each kind of input: ``python keras_inputs.py KIND...``.

KIND is ``arrays``, ``generator``, ``dataset`` (tf.data) or ``pydataset``
(``keras.utils.PyDataset``); several run one after the other, a new model each. The inputs are
uint8 values 0-255 that the model rescales itself, so every kind must report an input range
within [0, 255] and the dtype uint8.
"""

import sys

from _common import blobs, keras_deterministic, weights_checksum

import keras
import numpy as np

rng = np.random.default_rng(0)
x, y = blobs(rng, 512, 16, 4, spread=0.5)
x = np.round((x + 1.0) * 127.5).astype("uint8")
x_val, y_val = x[448:], y[448:]
x, y = x[:448], y[:448]
BATCH = 32
STEPS = len(x) // BATCH


def generator():
    while True:
        for start in range(0, len(x), BATCH):
            yield x[start : start + BATCH], y[start : start + BATCH]


class Batches(keras.utils.PyDataset):
    def __init__(self):
        super().__init__()

    def __len__(self):
        return STEPS

    def __getitem__(self, index):
        return x[index * BATCH : (index + 1) * BATCH], y[index * BATCH : (index + 1) * BATCH]


def inputs(kind):
    if kind == "arrays":
        return {"x": x, "y": y, "batch_size": BATCH}
    if kind == "generator":
        return {"x": generator(), "steps_per_epoch": STEPS}
    if kind == "dataset":
        import tensorflow as tf

        return {"x": tf.data.Dataset.from_tensor_slices((x, y)).batch(BATCH)}
    if kind == "pydataset":
        return {"x": Batches()}
    raise SystemExit(f"usage: keras_inputs.py arrays|generator|dataset|pydataset (not {kind!r})")


def train(kind):
    keras_deterministic(0)
    model = keras.Sequential(
        [
            keras.Input((16,)),
            keras.layers.Rescaling(1 / 127.5, offset=-1.0),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(4, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(epochs=3, validation_data=(x_val, y_val), verbose=0, **inputs(kind))
    for key, values in sorted(history.history.items()):
        print(key, " ".join(f"{value:.6g}" for value in values))
    print(f"weights {weights_checksum(model)!r}")


for kind in sys.argv[1:] or ["arrays"]:
    print(f"== {kind}")
    train(kind)
