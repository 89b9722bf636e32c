"""Keras runs built to show one UM5xx symptom each: ``python keras_symptoms.py SYMPTOM...``.

Every run trains a tiny model on small synthetic data for a few seconds; several symptoms given
at once run one after the other in the same process (one ``fit`` each, reseeded). The symptoms:

| symptom | rule | what is wrong |
| --- | --- | --- |
| raw_input | UM501 | uint8 pixels 0-255 go into the model unscaled |
| nan_loss | UM502 | clean inputs, a learning rate so large the loss becomes NaN |
| nan_input | UM502 | some input values are NaN (a regression: the loss becomes NaN) |
| nchw | UM503 | channels-first images (N, 3, 32, 32) into a channels_last model |
| validation_is_training | UM504, UM510 | validation_data is the training data |
| overfitting | UM505 | 48 samples with random labels, a wide network, 40 epochs |
| lr_schedule | UM506 | Adam with an ExponentialDecay whose rate is > 1: the learning rate grows past 0.01 |
| negative_lr | UM506 | Adam with a negative learning rate |
| flat_loss | UM507 | SGD at 1e-9: the loss does not move |
| diverging_loss | UM507 | SGD a little too fast for the problem: the loss grows every epoch |
| vanishing | UM508 | twelve sigmoid layers: the first layers get almost no gradient |
| exploding | UM508 | twelve tanh layers initialised far too large (the chaotic regime) |
| dead_relu | UM509 | a ReLU layer whose bias starts at -10: every output is 0 |
"""

import sys

from _common import blobs, images, keras_deterministic, weights_checksum

import keras
import numpy as np

layers = keras.layers


def classifier(inputs, hidden=32, classes=4, depth=2, activation="relu", **dense):
    model = keras.Sequential([keras.Input(inputs)])
    for _ in range(depth):
        model.add(layers.Dense(hidden, activation=activation, **dense))
    model.add(layers.Dense(classes, activation="softmax"))
    return model


def data(rng, samples=512, features=16, classes=4):
    return blobs(rng, samples, features, classes, spread=1.5)


def compile_and_fit(model, x, y, optimizer=None, loss="sparse_categorical_crossentropy", epochs=4, **fit):
    model.compile(optimizer=optimizer or keras.optimizers.Adam(1e-3), loss=loss, metrics=["accuracy"])
    return model.fit(x, y, batch_size=32, epochs=epochs, verbose=0, **fit)


def raw_input(rng):
    x, y = images(rng, 384, classes=4)
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            layers.Conv2D(8, 3, activation="relu"),
            layers.MaxPooling2D(4),
            layers.Flatten(),
            layers.Dense(4, activation="softmax"),
        ]
    )
    return model, compile_and_fit(model, x, y, validation_split=0.25)


def nan_loss(rng):
    x, y = data(rng)
    model = classifier((16,))
    return model, compile_and_fit(model, x, y, optimizer=keras.optimizers.SGD(learning_rate=1e12), validation_split=0.2)


def nan_input(rng):
    x = rng.uniform(-1, 1, size=(512, 16)).astype("float32")
    y = (x @ rng.normal(size=(16, 1))).astype("float32")
    x[rng.random(x.shape) < 0.01] = np.nan
    model = keras.Sequential([keras.Input((16,)), layers.Dense(1)])  # a ReLU would hide the NaN
    return model, compile_and_fit(model, x, y, loss="mse", validation_split=0.2)


def nchw(rng):
    x, y = images(rng, 384, classes=4)
    x = (x.astype("float32") / 255.0).transpose(0, 3, 1, 2)  # (N, 3, 32, 32)
    model = keras.Sequential(
        [
            keras.Input((3, 32, 32)),
            layers.Conv2D(8, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(4, activation="softmax"),
        ]
    )
    return model, compile_and_fit(model, x, y, validation_split=0.25)


def validation_is_training(rng):
    x, y = blobs(rng, 512, 16, 4, spread=0.5)
    model = classifier((16,))
    return model, compile_and_fit(model, x, y, epochs=6, validation_data=(x, y))


def overfitting(rng):
    x = rng.uniform(-1, 1, size=(48, 16)).astype("float32")
    y = rng.integers(0, 4, size=48)
    x_val = rng.uniform(-1, 1, size=(96, 16)).astype("float32")
    y_val = rng.integers(0, 4, size=96)
    model = classifier((16,), hidden=256)
    return model, compile_and_fit(
        model, x, y, optimizer=keras.optimizers.Adam(3e-3), epochs=40, validation_data=(x_val, y_val)
    )


def lr_schedule(rng):
    x, y = data(rng)
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=4, decay_rate=1.5)
    model = classifier((16,))
    return model, compile_and_fit(model, x, y, optimizer=keras.optimizers.Adam(schedule), validation_split=0.2)


def negative_lr(rng):
    x, y = data(rng)
    model = classifier((16,))
    return model, compile_and_fit(model, x, y, optimizer=keras.optimizers.Adam(-1e-3), validation_split=0.2)


def flat_loss(rng):
    x, y = data(rng)
    model = classifier((16,))
    return model, compile_and_fit(model, x, y, optimizer=keras.optimizers.SGD(1e-9), epochs=5, validation_split=0.2)


def diverging_loss(rng):
    x = rng.uniform(-1, 1, size=(512, 16)).astype("float32")
    y = (x @ rng.normal(size=(16, 1))).astype("float32")
    model = keras.Sequential([keras.Input((16,)), layers.Dense(1)])
    return model, compile_and_fit(
        model, x, y, optimizer=keras.optimizers.SGD(1.1), loss="mse", epochs=5, validation_split=0.2
    )


def vanishing(rng):
    x, y = data(rng)
    model = classifier((16,), depth=12, activation="sigmoid")
    return model, compile_and_fit(model, x, y, validation_split=0.2)


def exploding(rng):
    x, y = data(rng)
    model = keras.Sequential([keras.Input((16,))])
    for index, fan_in in enumerate([16] + [64] * 11):
        init = keras.initializers.RandomNormal(stddev=8.0 / np.sqrt(fan_in), seed=index)
        model.add(layers.Dense(64, activation="tanh", kernel_initializer=init))
    model.add(layers.Dense(4, activation="softmax"))
    return model, compile_and_fit(model, x, y, optimizer=keras.optimizers.SGD(1e-3), epochs=3, validation_split=0.2)


def dead_relu(rng):
    x, y = data(rng)
    model = keras.Sequential(
        [
            keras.Input((16,)),
            layers.Dense(32, activation="relu"),
            layers.Dense(32, activation="relu", bias_initializer=keras.initializers.Constant(-10.0)),
            layers.Dense(4, activation="softmax"),
        ]
    )
    return model, compile_and_fit(model, x, y, validation_split=0.2)


SYMPTOMS = {
    "raw_input": raw_input,
    "nan_loss": nan_loss,
    "nan_input": nan_input,
    "nchw": nchw,
    "validation_is_training": validation_is_training,
    "overfitting": overfitting,
    "lr_schedule": lr_schedule,
    "negative_lr": negative_lr,
    "flat_loss": flat_loss,
    "diverging_loss": diverging_loss,
    "vanishing": vanishing,
    "exploding": exploding,
    "dead_relu": dead_relu,
}

if __name__ == "__main__":
    chosen = sys.argv[1:]
    if not chosen or any(name not in SYMPTOMS for name in chosen):
        sys.exit(f"usage: keras_symptoms.py {{{'|'.join(sorted(SYMPTOMS))}}}...")
    for name in chosen:
        print(f"== {name}")
        keras_deterministic(0)
        model, history = SYMPTOMS[name](np.random.default_rng(0))
        for key, values in sorted(history.history.items()):
            print(key, " ".join(f"{value:.6g}" for value in values))
        print(f"weights {weights_checksum(model)!r}")
