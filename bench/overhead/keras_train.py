"""The fixed Keras workload of bench/run_overhead.py: a small CNN on CIFAR-shaped data.

About 10-20 seconds of real training on a CPU: 3,000 synthetic 32x32x3 images, 10 classes,
8 epochs, a validation split. Prints the final losses (so a run can be checked for sanity).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
labels = rng.integers(0, 10, size=3000)
images = (labels[:, None, None, None] * 20 + 20 + rng.normal(scale=30.0, size=(3000, 32, 32, 3)))
images = np.clip(images, 0, 255).astype("float32") / 255.0

model = keras.Sequential(
    [
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(images, labels, batch_size=64, epochs=8, validation_split=0.1, verbose=0)
print(f"loss {history.history['loss'][-1]:.4f} val_loss {history.history['val_loss'][-1]:.4f}")
