"""A Keras fit that fails inside fit(): a user callback raises at the end of epoch 1."""

from _common import blobs, keras_deterministic

import keras
import numpy as np


class GiveUp(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 1:
            raise RuntimeError("the callback gave up")


keras_deterministic(0)
x, y = blobs(np.random.default_rng(0), 256, 8, 2)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=3, verbose=0, callbacks=[GiveUp()])
