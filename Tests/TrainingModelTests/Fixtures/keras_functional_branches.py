"""Functional model with a helper block, a residual add, a concatenation, two outputs and a builder function."""
from tensorflow import keras
from tensorflow.keras import layers


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    return x


def build_model(num_classes):
    inputs = keras.Input(shape=(32, 32, 3))
    x = conv_block(inputs, 32)
    shortcut = x
    x = conv_block(x, 32)
    x = layers.Conv2D(32, 3, padding="same")(x)
    x = layers.add([x, shortcut])
    x = layers.Activation("relu")(x)
    pooled_max = layers.GlobalMaxPooling2D()(x)
    pooled_avg = layers.GlobalAveragePooling2D()(x)
    x = layers.Concatenate()([pooled_avg, pooled_max])
    class_output = layers.Dense(num_classes, name="class")(x)
    box_output = layers.Dense(4, name="box")(x)
    return keras.Model(inputs, [class_output, box_output])


net = build_model(10)
net.compile(
    optimizer=keras.optimizers.Adam(3e-4),
    loss=[keras.losses.CategoricalCrossentropy(from_logits=True), "mse"],
)
