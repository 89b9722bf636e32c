"""The user study's program B (UMLAUT, CHI '21), on CIFAR-shaped synthetic images.

Its three bugs: no activations in the convolutional and dense layers (UM101), a learning rate of
-1000 (UM301, UM506), and validation on the first 100 training samples (UM202, UM504, UM510).
See program_b_fixed.py for the corrected program.
"""

from _common import images, keras_deterministic, weights_checksum

import numpy as np
import tensorflow as tf
from tensorflow import keras

keras_deterministic(0)
rng = np.random.default_rng(0)
train_images, train_labels = images(rng, 512)
test_images, test_labels = images(rng, 128)
train_images, test_images = train_images / 255.0, test_images / 255.0

model = keras.models.Sequential()
model.add(keras.Input((32, 32, 3)))
model.add(keras.layers.Conv2D(16, (3, 3)))
model.add(keras.layers.MaxPooling2D((2, 2)))
model.add(keras.layers.Conv2D(32, (3, 3)))
model.add(keras.layers.MaxPooling2D((2, 2)))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(64))
model.add(keras.layers.Dense(10, activation="softmax"))

model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=-1e3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(
    train_images,
    train_labels,
    epochs=5,
    validation_data=(train_images[:100], train_labels[:100]),
    verbose=0,
)
for key, values in sorted(history.history.items()):
    print(key, " ".join(f"{value:.6g}" for value in values))
print(f"weights {weights_checksum(model)!r}")
