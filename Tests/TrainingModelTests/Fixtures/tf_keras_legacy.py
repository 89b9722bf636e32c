"""Older TensorFlow spellings: tf.keras.optimizers.legacy, lr=, tf.train optimizers, tf.losses."""
import tensorflow as tf
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.layers import Dense
from tensorflow.keras import Model, Input

inp = Input((8,))
hidden = Dense(16, activation="elu")(inp)
out = Dense(1)(hidden)
model = Model(inp, out)

model.compile(optimizer=Adam(lr=0.001), loss=tf.losses.MeanSquaredError())

legacy = tf.keras.optimizers.legacy.SGD(learning_rate=0.5)
v1 = tf.compat.v1.train.AdamOptimizer(learning_rate=1e-4)
pattern = __import__("re").compile("x")
