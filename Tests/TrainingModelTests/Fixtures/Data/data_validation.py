"""Where validation data comes from: slices of the training data, aliases, splits."""
import keras
from sklearn.model_selection import train_test_split

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train / 255.0
x_test = x_test / 255.0
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])

# A slice of the training data, directly and through aliases and a tuple variable.
model.fit(x_train, y_train, validation_data=(x_train[:100], y_train[:100]))
x_val, y_val = x_train[:1000], y_train[:1000]
val = (x_val, y_val)
model.fit(x_train, y_train, validation_data=val)

# The training data itself.
model.fit(x_train, y_train, validation_data=(x_train, y_train))

# The hold-out idiom: two different slices of one array.
x_hold = x_train[-10000:]
y_hold = y_train[-10000:]
x_rest = x_train[:-10000]
y_rest = y_train[:-10000]
model.fit(x_rest, y_rest, validation_data=(x_hold, y_hold))

# train_test_split: each output is data of its own.
a_train, a_val, b_train, b_val = train_test_split(x_train, y_train, test_size=0.2, random_state=0)
model.fit(a_train, b_train, validation_data=(a_val, b_val))

# Separate test data.
model.fit(x_train, y_train, validation_data=(x_test, y_test))
