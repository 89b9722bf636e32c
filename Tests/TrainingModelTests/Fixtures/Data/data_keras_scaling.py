"""Keras image datasets loaded every common way, scaled (or not) every common way."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from keras.datasets import cifar10

# 1. The TensorFlow quickstart: a module alias, scaling in a tuple assignment.
mnist = tf.keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

# 2. astype, then an augmented division.
(c_train, c_labels), (c_test, c_test_labels) = cifar10.load_data()
c_train = c_train.astype("float32")
c_train /= 255

# 3. Standardisation with statistics of the training set.
(f_train, f_labels), _ = keras.datasets.fashion_mnist.load_data()
mean, std = f_train.mean(), f_train.std()
f_train = (f_train - mean) / std

# 4. Not scaled at all.
(raw_train, raw_labels), _ = keras.datasets.cifar100.load_data()

# 5. Not images.
(words, sentiment), _ = keras.datasets.imdb.load_data(num_words=10000)

model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, validation_split=0.1)
model.fit(c_train, c_labels, 64, 3, validation_data=(c_test, c_test_labels))
model.fit(x=f_train, y=f_labels, batch_size=128)
model.fit(raw_train, raw_labels)
model.fit(words, sentiment)
