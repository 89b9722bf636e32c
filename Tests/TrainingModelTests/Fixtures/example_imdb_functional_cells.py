"""The code cells of Examples/imdb_functional.ipynb, one after another (the %matplotlib magic left out)."""

import numpy as np
import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10000)
x_train = keras.utils.pad_sequences(x_train, maxlen=200)
x_test = keras.utils.pad_sequences(x_test, maxlen=200)

inputs = keras.Input(shape=(200,))
x = layers.Embedding(10000, 32)(inputs)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dense(32, activation="relu")(x)
# One unit with softmax always outputs 1.0: UM105
outputs = layers.Dense(1, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=128, validation_data=(x_test, y_test))

# A second head: softmax applied twice in a row: UM103
head = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(3, activation="softmax"),
    layers.Activation("softmax"),
])
