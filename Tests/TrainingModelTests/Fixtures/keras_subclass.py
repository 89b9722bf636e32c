"""A subclassed Keras model: layers from __init__, order from call(), nested calls and functional activations."""
import tensorflow as tf
from tensorflow import keras


class MLP(keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.flatten = keras.layers.Flatten()
        self.d1 = keras.layers.Dense(256)
        self.d2 = keras.layers.Dense(128)
        self.dropout = keras.layers.Dropout(0.3)
        self.head = keras.layers.Dense(num_classes)

    def call(self, inputs, training=False):
        x = self.flatten(inputs)
        x = tf.nn.relu(self.d1(x))
        x = keras.activations.relu(self.d2(x))
        x = self.dropout(x, training=training)
        return self.head(x)


lr_schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate=1e-2, decay_steps=10000, decay_rate=0.9
)
model = MLP()
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=lr_schedule),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
