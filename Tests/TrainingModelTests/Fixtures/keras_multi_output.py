"""Two outputs with a loss each: only the loss of the first output (the traced main path) is linked to the model."""
import keras
from keras import layers

inputs = keras.Input(shape=(64,))
x = layers.Dense(32, activation="relu")(inputs)
digit = layers.Dense(10, activation="softmax", name="digit")(x)
box = layers.Dense(4, name="box")(x)
model = keras.Model(inputs=inputs, outputs=[digit, box])
model.compile(optimizer="adam", loss={"box": "mse", "digit": "sparse_categorical_crossentropy"})
