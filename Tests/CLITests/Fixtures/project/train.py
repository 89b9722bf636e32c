"""A small Keras script: two dropout rates read as keep probabilities."""
import keras
from keras import layers

DROP = 0.6

model = keras.Sequential([
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.8),
    layers.Dense(64, activation="relu"),
    layers.Dropout(rate=DROP),
    layers.Dense(32, activation="relu"),
    layers.Dropout(0.9),  # umlaut: ignore[UM302]
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
