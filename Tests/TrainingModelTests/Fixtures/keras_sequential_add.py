"""A Sequential built with add(), including a layer added in a loop and a custom layer."""
from tensorflow import keras
from tensorflow.keras import layers


class Scale(layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


model = keras.models.Sequential()
model.add(layers.Dense(64, input_shape=(20,)))
model.add(layers.LeakyReLU(alpha=0.1))
for units in (32, 16):
    model.add(layers.Dense(units, activation="tanh"))
model.add(Scale())
model.add(layers.Dense(1, activation="sigmoid"))

other = keras.Sequential()
other.add(layers.Dense(4))

model.compile(loss=keras.losses.BinaryCrossentropy(), optimizer=keras.optimizers.RMSprop(learning_rate=1e-4))
