"""The user study's program A (UMLAUT, CHI '21), on CIFAR-shaped synthetic images.

Its three bugs: raw 0-255 pixels (UM501), Dropout(0.8) three times (UM302), and logits from
the last layer going into the default, probabilities-expecting loss (UM102). See
program_a_fixed.py for the corrected program.
"""

from _common import images, keras_deterministic, weights_checksum

import numpy as np
import tensorflow as tf
from tensorflow import keras

keras_deterministic(0)
rng = np.random.default_rng(0)
train_images, train_labels = images(rng, 512)
test_images, test_labels = images(rng, 128)

model = keras.models.Sequential()
model.add(keras.layers.Conv2D(16, (3, 3), activation="relu", input_shape=(32, 32, 3)))
model.add(keras.layers.MaxPooling2D((2, 2)))
model.add(keras.layers.Dropout(0.8))
model.add(keras.layers.Conv2D(32, (3, 3), activation="relu"))
model.add(keras.layers.MaxPooling2D((2, 2)))
model.add(keras.layers.Dropout(0.8))
model.add(keras.layers.Flatten())
model.add(keras.layers.Dense(64, activation="relu"))
model.add(keras.layers.Dropout(0.8))
model.add(keras.layers.Dense(10))

model.compile(
    optimizer="adam",
    loss=tf.keras.losses.sparse_categorical_crossentropy,
    metrics=["accuracy"],
)
history = model.fit(
    train_images, train_labels, epochs=5, validation_data=(test_images, test_labels), verbose=0
)
for key, values in sorted(history.history.items()):
    print(key, " ".join(f"{value:.6g}" for value in values))
print(f"weights {weights_checksum(model)!r}")
