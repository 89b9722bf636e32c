"""The Keras functional API with activations as layers, named layer objects and bound loss and optimizer."""
import keras
from keras import layers

inputs = keras.Input(shape=(784,), name="digits")
dense = layers.Dense(64, name="dense_1")
x = dense(inputs)
x = layers.Activation("relu")(x)
x = layers.Dense(64, activation="relu", name="dense_2")(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(10, activation="softmax", name="predictions")(x)

model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_mlp")

loss_fn = keras.losses.SparseCategoricalCrossentropy()
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
model.compile(optimizer=optimizer, loss=loss_fn, metrics=[keras.metrics.SparseCategoricalAccuracy()])
