"""A Keras custom training loop: the loss is applied to the model's output by hand."""
import tensorflow as tf
import keras

model = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10),
])
aux = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])

loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss_value = loss_fn(y, logits)
        aux_loss = keras.losses.binary_crossentropy(y, aux(x), from_logits=False)
    grads = tape.gradient(loss_value + aux_loss, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    return loss_value
