"""Losses and optimizers in every form compile accepts, and learning-rate schedules."""
import keras
from keras import losses, optimizers

BASE_LR = 2e-3
LOSS = "mae"


def weighted_mse(y_true, y_pred):
    return keras.ops.mean((y_true - y_pred) ** 2)


def make_model():
    return keras.Sequential([keras.layers.Dense(1)])


a = make_model()
a.compile(optimizer="sgd", loss="mse")

b = make_model()
b.compile(optimizers.Adam(lr=BASE_LR / 2), losses.sparse_categorical_crossentropy)

c = make_model()
boundaries = [1000, 2000]
c.compile(
    optimizer=optimizers.SGD(
        learning_rate=optimizers.schedules.PiecewiseConstantDecay(boundaries, [0.1, 0.01, 0.001])
    ),
    loss=LOSS,
)

d = make_model()
warmup = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=1000, warmup_target=5e-4, warmup_steps=100)
d.compile(optimizer=keras.optimizers.AdamW(learning_rate=warmup, weight_decay=1e-4), loss=weighted_mse)

e = make_model()
e.compile(optimizer=keras.optimizers.Nadam(), loss=keras.losses.Huber(delta=2.0), metrics="mae")

f = make_model()
f.compile(loss={"out": keras.losses.BinaryCrossentropy(True)}, optimizer=keras.optimizers.Adadelta(learning_rate=1.0))
