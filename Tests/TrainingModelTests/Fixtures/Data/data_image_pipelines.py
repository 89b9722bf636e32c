"""Images from directories and TensorFlow Datasets, through tf.data pipelines and generators."""
import tensorflow as tf
import tensorflow_datasets as tfds
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator

train_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123, image_size=(180, 180), batch_size=32)
val_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=123, image_size=(180, 180), batch_size=32)
normalization_layer = layers.Rescaling(1.0 / 255)
normalized_ds = train_ds.map(lambda x, y: (normalization_layer(x), y))
AUTOTUNE = tf.data.AUTOTUNE
train_ds = train_ds.cache().shuffle(1000).prefetch(buffer_size=AUTOTUNE)

model = tf.keras.Sequential([layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
                             layers.Flatten(), layers.Dense(5)])
model.fit(normalized_ds, validation_data=val_ds, epochs=3)
model.fit(train_ds, validation_data=train_ds.take(5), epochs=3)


def normalize_img(image, label):
    """Normalizes images: `uint8` -> `float32`."""
    return tf.cast(image, tf.float32) / 255., label


(ds_train, ds_test), ds_info = tfds.load("mnist", split=["train", "test"], shuffle_files=True, as_supervised=True,
                                         with_info=True)
ds_train = ds_train.map(normalize_img, num_parallel_calls=tf.data.AUTOTUNE).batch(128)
model.fit(ds_train, epochs=6, validation_data=ds_test.map(normalize_img).batch(128))

datagen = ImageDataGenerator(rescale=1. / 255, shear_range=0.2, zoom_range=0.2, horizontal_flip=True)
train_generator = datagen.flow_from_directory("data/train", target_size=(150, 150), batch_size=32, class_mode="binary")
plain_generator = ImageDataGenerator(horizontal_flip=True).flow_from_directory("data/train")
model.fit(train_generator, epochs=50)
model.fit(plain_generator, epochs=50)
