"""A correct Fashion-MNIST classifier: Umlaut should find nothing here.

It uses the idioms older tools flagged by mistake: a Dense layer followed by a separate
activation layer, softmax output with a non-logits loss, Dropout(0.5), and SGD at 0.1.
"""
import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(128),
    layers.Activation("relu"),
    layers.Dropout(0.5),
    layers.Dense(64),
    layers.LeakyReLU(),
    layers.Dense(10, activation="softmax"),
])

model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, epochs=5, validation_split=0.1)
