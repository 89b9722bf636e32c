"""After ``fit``, everything a user does with a Keras model works as without Umlaut.

Trains a small functional model two epochs with ``fit`` (ReLU layers, a validation split), then
saves it (``.keras`` and weights), pickles it, deep-copies it, reads its config, clones it and
exports it, and prints one line per operation: what it produced (digests of the archive's
members but its save date and object ids, the config, the weights, the outputs). A run under ``umlaut run`` must
print the same lines and save the same files.

``python keras_persistence.py [OUT_DIR]`` (default: the current directory).
"""

import copy
import hashlib
import json
import pickle
import sys
import zipfile
from pathlib import Path

import numpy as np

from _common import keras_deterministic

import keras

keras_deterministic(0)
out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, size=(128, 8)).astype("float32")
y = rng.integers(0, 3, size=128)

inputs = keras.Input(shape=(8,))
hidden = keras.layers.Dense(16, activation="relu")(inputs)
hidden = keras.layers.ReLU()(keras.layers.Dense(16)(hidden))
outputs = keras.layers.Dense(3, activation="softmax")(hidden)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, epochs=2, batch_size=16, validation_split=0.25, verbose=0)
print("history", sorted(history.history), [f"{v:.6f}" for v in history.history["loss"]])


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


def without_ids(value):
    """A saved config without ``shared_object_id`` (an ``id()``, different in every process)."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "shared_object_id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def weights_digest(m):
    return digest(b"".join(np.asarray(w).tobytes() for w in m.get_weights()))


expected = np.asarray(model(x[:4]))
print("attributes", sorted(vars(model)))
print("layer attributes", sorted(vars(model.layers[1])))
print("config", digest(json.dumps(model.get_config(), sort_keys=True, default=str).encode()))
print("weights", weights_digest(model))
model.save(out / "model.keras")
with zipfile.ZipFile(out / "model.keras") as archive:
    for name in sorted(archive.namelist()):
        data = archive.read(name)
        if name == "metadata.json":
            data = json.dumps({k: v for k, v in json.loads(data).items() if k != "date_saved"}).encode()
        elif name == "config.json":
            data = json.dumps(without_ids(json.loads(data)), sort_keys=True).encode()
        print("model.keras", name, digest(data))
model.save_weights(out / "model.weights.h5")
loaded = keras.models.load_model(out / "model.keras")
print("load_model", np.array_equal(np.asarray(loaded(x[:4])), expected))
for name, operation in [("pickle", lambda m: pickle.loads(pickle.dumps(m))), ("deepcopy", copy.deepcopy),
                        ("clone_model", keras.models.clone_model)]:
    try:
        other = operation(model)
        same = weights_digest(other) == weights_digest(model)
        print(name, type(other).__name__, same)
    except Exception as error:
        print(name, "fails:", type(error).__name__)
try:
    model.export(str(out / "exported"), verbose=False)
    print("export", sorted(p.name for p in (out / "exported").iterdir()))
except Exception as error:
    print("export fails:", type(error).__name__)
