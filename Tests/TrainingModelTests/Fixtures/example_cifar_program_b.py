"""UMLAUT user study, program B (CIFAR-10), rewritten: three silent bugs.

1. No layer has an activation: the stack collapses into one linear map.  -> UM101
2. The learning rate is -1000: the optimizer climbs the loss.           -> UM301
3. The validation data is the first 100 training samples.               -> UM202
"""
import tensorflow as tf

(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.cifar10.load_data()
train_images, test_images = train_images / 255.0, test_images / 255.0

LEARNING_RATE = -1e3

model = tf.keras.models.Sequential()
model.add(tf.keras.layers.Conv2D(32, (3, 3), input_shape=(32, 32, 3)))
model.add(tf.keras.layers.MaxPooling2D((2, 2)))
model.add(tf.keras.layers.Conv2D(64, (3, 3)))
model.add(tf.keras.layers.Flatten())
model.add(tf.keras.layers.Dense(64))
model.add(tf.keras.layers.Dense(10, activation="softmax"))

model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=LEARNING_RATE),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(
    train_images,
    train_labels,
    epochs=10,
    validation_data=(train_images[:100], train_labels[:100]),
)
