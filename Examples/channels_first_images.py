"""CIFAR-10 in Keras, written with PyTorch habits: one silent bug.

The images are transposed to channels-first, (batch, 3, 32, 32), and the input shape says
so, but Keras' Conv2D expects channels last unless told otherwise. It reads each image as
3 rows by 32 columns with 32 "channels" (the original image rows), convolves across the
colour planes instead of across the picture, and trains, badly, without any error.  -> UM203

Fix: drop the transposes and declare shape=(32, 32, 3), or pass data_format="channels_first"
to every convolution and pooling layer.
"""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = np.transpose(x_train, (0, 3, 1, 2)).astype("float32") / 255.0
x_test = np.transpose(x_test, (0, 3, 1, 2)).astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(3, 32, 32)),
    layers.Conv2D(32, (3, 3), padding="same", activation="relu"),
    layers.MaxPooling2D((2, 2), padding="same"),
    layers.Conv2D(64, (3, 3), padding="same", activation="relu"),
    layers.MaxPooling2D((2, 2), padding="same"),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_data=(x_test, y_test))
