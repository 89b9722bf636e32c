"""Benchmark workload: a small Keras CNN on CIFAR-shaped synthetic images, ~10-20 s on 2 cores.
The same file runs with and without `umlaut run`; it prints its final loss so runs can be compared."""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.random((2000, 32, 32, 3), dtype=np.float32)
y = (x[:, :16, :16, 0].mean(axis=(1, 2)) * 10).astype("int64") % 10
x_train, y_train, x_val, y_val = x[:1600], y[:1600], x[1600:], y[1600:]

model = keras.Sequential([
    keras.Input((32, 32, 3)),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=32, epochs=int(os.environ.get("BENCH_EPOCHS", "3")),
                    validation_data=(x_val, y_val), verbose=0)
print("final loss", history.history["loss"][-1])
