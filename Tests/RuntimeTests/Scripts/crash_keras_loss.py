"""Keras crash: categorical_crossentropy (one-hot labels) given integer class labels."""

from _common import blobs, keras_deterministic

import keras
import numpy as np

keras_deterministic(0)
x, y = blobs(np.random.default_rng(0), 64, 8, 3)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")  # umlaut-test: cause
model.fit(x, y, epochs=2, batch_size=16, verbose=0)  # umlaut-test: crash
