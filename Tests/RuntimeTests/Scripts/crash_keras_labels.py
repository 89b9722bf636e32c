"""Keras crash: labels 0-4 for an output layer of 3 units."""

from _common import blobs, keras_deterministic

import keras
import numpy as np

keras_deterministic(0)
x, y = blobs(np.random.default_rng(0), 64, 8, 5)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),  # umlaut-test: cause
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=2, batch_size=16, verbose=0)  # umlaut-test: crash
