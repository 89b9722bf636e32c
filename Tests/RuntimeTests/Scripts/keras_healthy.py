"""A healthy Keras run: scaled inputs, softmax output, separate validation data, Adam at 1e-3."""

from _common import blobs, keras_deterministic, weights_checksum

import keras
import numpy as np

keras_deterministic(0)
rng = np.random.default_rng(0)
x, y = blobs(rng, 640, 16, 4, spread=1.5)
x_train, y_train, x_val, y_val = x[:512], y[:512], x[512:], y[512:]

model = keras.Sequential(
    [
        keras.Input((16,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(4, activation="softmax"),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(x_train, y_train, batch_size=32, epochs=4, validation_data=(x_val, y_val), verbose=0)

for epoch, loss in enumerate(history.history["loss"]):
    print(f"epoch {epoch} loss {loss!r} val_loss {history.history['val_loss'][epoch]!r}")
print(f"weights {weights_checksum(model)!r}")
