"""The three-line explicit integration with Keras: ``python keras_explicit.py [EVENTS] [--no-start]``.

EVENTS is where the events go (``file:PATH``); without it, ``.umlaut/events.jsonl``. With
``--no-start`` the script only passes the callback, which then starts the instrumentation itself.
"""

import sys

from _common import blobs, keras_deterministic, weights_checksum

import keras
import numpy as np

import umlaut_instrument

arguments = [a for a in sys.argv[1:] if a != "--no-start"]
if "--no-start" not in sys.argv:
    umlaut_instrument.start(events=arguments[0] if arguments else None)

keras_deterministic(0)
x, y = blobs(np.random.default_rng(0), 512, 16, 4)
model = keras.Sequential(
    [keras.Input((16,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(4, activation="softmax")]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(
    x, y, epochs=3, validation_split=0.25, verbose=0, callbacks=[umlaut_instrument.KerasCallback()]
)
print("loss", " ".join(f"{value:.6g}" for value in history.history["loss"]))
print(f"weights {weights_checksum(model)!r}")
