"""Keras names imported directly, under aliases, and through tf.keras."""
import tensorflow as tf
from keras.layers import Dense, Dropout as Drop, Conv2D, Flatten
from keras.models import Sequential
from tensorflow.keras import layers as L
from keras.optimizers import SGD

HIDDEN = 128
DROP = 0.25

hidden = Dense(HIDDEN, "relu", name="hidden")

model = Sequential(
    [
        L.InputLayer(input_shape=(28, 28, 1)),
        Conv2D(32, kernel_size=(3, 3), activation=tf.nn.relu),
        L.BatchNormalization(),
        Flatten(),
        hidden,
        Drop(DROP),
        Dense(10, activation=tf.keras.activations.softmax),
    ],
    name="classifier",
)
model.summary()

model.compile(SGD(0.01, momentum=0.9), "categorical_crossentropy", metrics=["accuracy", tf.keras.metrics.AUC()])
