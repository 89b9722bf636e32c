"""A script in the middle of being typed: tree-sitter still gives a tree, and what parses is extracted."""
import keras
from keras import layers

model = keras.Sequential([
    layers.Dense(64, activation="relu"),
    layers.Dense(10
    layers.Dropout(0.5),
])

model.compile(optimizer=keras.optimizers.Adam(learning_rate=, loss="categorical_crossentropy")

def half_written(x:
    return layers.Dense(
