import keras

model = keras.Sequential([
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dropout(0.3),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dropout(0.75),
])
