"""Two Keras models compiled separately (a GAN's generator and discriminator) and a model built by a function."""
import keras
from keras import layers

latent_dim = 100

generator = keras.Sequential(
    [
        keras.Input(shape=(latent_dim,)),
        layers.Dense(7 * 7 * 128),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Reshape((7, 7, 128)),
        layers.Conv2DTranspose(128, (4, 4), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(1, (7, 7), padding="same", activation="tanh"),
    ],
    name="generator",
)

discriminator = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(64, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.GlobalMaxPooling2D(),
        layers.Dense(1),
    ],
    name="discriminator",
)
discriminator.compile(optimizer=keras.optimizers.Adam(0.0003), loss=keras.losses.BinaryCrossentropy(from_logits=True))


def build_regressor():
    reg = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(1)])
    return reg


regressor = build_regressor()
regressor.compile(optimizer="adam", loss="mse")
