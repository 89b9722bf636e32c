"""Tiny models and data for the model-comparison tests (made here, nothing downloaded).

``python tiny_models.py OUT_DIR [--images N] [--epochs E] [--watermark]`` writes into OUT_DIR:

* ``data.npz``: N 32×32 RGB images in three classes, ``stripes``, ``checks`` and ``plain``
  (see ``make_images``; labels ``y``, names ``classes``);
* ``trained.pt``: a small CNN (TorchScript) trained on them for E epochs on the CPU;
* ``untrained.pt``: the same network, freshly initialised, never trained;
* ``fixed.pt``: an untrained network that only takes 32×32 images (flatten + linear);
* ``small.npz``: three images, one per class (too few to compare);
* ``keras_trained.keras`` (with ``--keras``): a small Keras CNN trained the same way;
* ``folder/``: (with ``--folder``) the first images as PNG files, one sub-directory per class.

Prints one JSON line: the trained model's accuracy on the data.
"""

import argparse
import json
import os

import numpy as np

CLASSES = ["stripes", "checks", "plain"]


def make_images(count, seed):
    """A 12×12 patch at a random place on dark noise: 1-pixel stripes, a 1-pixel checkerboard, or
    the plain mean of its two colours. A Gaussian blur turns stripes and checks into plain, so a
    model that learnt the texture loses its evidence when the patch is blurred."""
    rng = np.random.default_rng(seed)
    images = (rng.random((count, 32, 32, 3)) * 0.25).astype(np.float32)
    labels = rng.integers(0, 3, size=count)
    rows, columns = np.mgrid[0:12, 0:12]
    patterns = [rows % 2, (rows + columns) % 2, None]
    for image, label in zip(images, labels):
        y, x = rng.integers(0, 32 - 12, size=2)
        bright = rng.uniform(0.6, 1.0, size=3).astype(np.float32)
        dark = rng.uniform(0.0, 0.2, size=3).astype(np.float32)
        pattern = patterns[label]
        if pattern is None:
            patch = np.broadcast_to((bright + dark) / 2, (12, 12, 3))
        else:
            patch = np.where(pattern[..., None] == 1, bright, dark)
        image[y:y + 12, x:x + 12] = patch
    return images, labels.astype(np.int64)


def torch_network(seed):
    import torch

    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(),
        torch.nn.AdaptiveMaxPool2d(1), torch.nn.Flatten(), torch.nn.Linear(16, 3),
    )


def fixed_size_network():
    import torch

    torch.manual_seed(3)
    return torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3, padding=1), torch.nn.Flatten(), torch.nn.Linear(2 * 32 * 32, 3))


def train_torch(images, labels, epochs):
    import torch

    network = torch_network(0)
    optimizer = torch.optim.Adam(network.parameters(), lr=1e-2)
    x = torch.from_numpy(images).permute(0, 3, 1, 2)
    y = torch.from_numpy(labels)
    generator = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        for batch in torch.randperm(len(x), generator=generator).split(32):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(network(x[batch]), y[batch]).backward()
            optimizer.step()
    network.eval()
    with torch.no_grad():
        accuracy = float((network(x).argmax(1) == y).float().mean())
    return network, accuracy


def save_torchscript(network, path):
    import torch

    torch.jit.script(network).save(path)


def train_keras(images, labels, epochs, path):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(8, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.GlobalMaxPooling2D(),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    model.fit(images, labels, epochs=epochs, batch_size=32, verbose=0)
    model.save(path)


def write_folder(images, labels, root, count):
    from PIL import Image

    for index in range(min(count, len(images))):
        directory = os.path.join(root, CLASSES[labels[index]])
        os.makedirs(directory, exist_ok=True)
        Image.fromarray((images[index] * 255).round().astype(np.uint8)).save(os.path.join(directory, f"{index:04d}.png"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--keras", action="store_true")
    parser.add_argument("--folder", type=int, default=0)
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    images, labels = make_images(arguments.images, seed=1)
    np.savez(os.path.join(arguments.out, "data.npz"), x=(images * 255).round().astype(np.uint8), y=labels, classes=np.array(CLASSES))
    trained, accuracy = train_torch(images, labels, arguments.epochs)
    save_torchscript(trained, os.path.join(arguments.out, "trained.pt"))
    save_torchscript(torch_network(7).eval(), os.path.join(arguments.out, "untrained.pt"))
    save_torchscript(fixed_size_network().eval(), os.path.join(arguments.out, "fixed.pt"))
    np.savez(os.path.join(arguments.out, "small.npz"), x=(images[:3] * 255).astype(np.uint8), y=np.arange(3), classes=np.array(CLASSES))
    if arguments.keras:
        train_keras(images, labels, arguments.epochs, os.path.join(arguments.out, "keras_trained.keras"))
    if arguments.folder:
        write_folder(images, labels, os.path.join(arguments.out, "folder"), arguments.folder)
    print(json.dumps({"accuracy": accuracy}))


if __name__ == "__main__":
    main()
