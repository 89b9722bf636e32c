"""Channel order: data formats, input shapes and axis moves."""
import keras
import numpy as np
from keras import backend as K

K.set_image_data_format("channels_first")
K.set_image_data_format("channels_last")

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_first = np.transpose(x_train, (0, 3, 1, 2)) / 255.0
x_moved = np.moveaxis(x_test, -1, 1)
x_back = x_first.transpose(0, 2, 3, 1)
x_scrambled = x_train.reshape(-1, 3, 32, 32)

first = keras.Sequential([
    keras.Input(shape=(3, 32, 32)),
    keras.layers.Conv2D(32, 3, data_format="channels_first"),
    keras.layers.MaxPooling2D(data_format="channels_first"),
])
last = keras.Sequential([keras.layers.Conv2D(32, 3, input_shape=(32, 32, 3)), keras.layers.Flatten()])
first.fit(x_first, y_train)
last.fit(x_back, y_train)
last.fit(x_scrambled, y_train)
