"""UMLAUT user study, program A (CIFAR-10), rewritten: three silent bugs.

1. The pixels are fed raw, 0-255, never scaled.            -> UM201
2. Dropout(0.8) drops 80% of the activations, three times.  -> UM302
3. The last layer outputs logits, but the loss is given as
   a string, which expects probabilities.                  -> UM102
"""
from tensorflow import keras
from tensorflow.keras import layers

(train_images, train_labels), (test_images, test_labels) = keras.datasets.cifar10.load_data()

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Dropout(0.8),
    layers.Conv2D(64, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Dropout(0.8),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.8),
    layers.Dense(10),
])

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_images, train_labels, epochs=10, validation_data=(test_images, test_labels))
