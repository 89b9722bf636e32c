"""The watermark scenario of the dissertation's §4.5 (TF-Flowers with an "IMACS" watermark on half
the sunflowers), made small enough to train in a test on the CPU; nothing is downloaded.

``python watermark_models.py OUT_DIR [--images N] [--epochs E] [--seed S]`` writes into OUT_DIR:

* ``watermarked.pt``: a small CNN (TorchScript) trained on tiny_models' three textures, where
  half of the ``stripes`` training images also carry a watermark;
* ``clean.pt``: the same CNN trained on the same images without any watermark, with random
  erasing (``random_marks``: on half of each batch's images, one or two rectangles of a random
  colour, 2 to 7 pixels a side, anywhere), so that, like the paper's clean model (95.1% accurate
  on its watermarked test set, 94.9% on the clean one), it is not thrown by a small mark it never
  saw;
* ``eval.npz``: an evaluation set with the watermark on half of the images of *every* class
  (``x``, ``y``, ``classes``, and ``watermark``: each image's watermark box ``[y0, y1, x0, x1]``,
  or ``-1``s without one);

* ``watermark.json``: the same boxes (``boxes``, one per evaluation image, ``null`` without a
  watermark) and, under ``models``, both models' accuracies on the evaluation set, with and
  without the watermark, and how often each calls a watermarked image of another class
  ``stripes``; also printed as one JSON line.

The watermark is a 6×6 magenta ring (a colour no texture or background here has) put at a random
place in the image's bottom-right quarter, like a photographer's mark in a corner; the textured
patch never overlaps it.
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))

from tiny_models import CLASSES, save_torchscript, torch_network

SIDE = 32
PATCH = 12
MARK = 6
MARK_COLOUR = np.array([1.0, 0.0, 1.0], dtype=np.float32)
# The watermark's top-left corner lies in [REGION, SIDE - MARK]: the bottom-right quarter.
REGION = SIDE // 2


def watermark_glyph():
    """A MARK×MARK ring, two pixels wide (the centre is left as it was)."""
    glyph = np.ones((MARK, MARK), dtype=bool)
    glyph[2:-2, 2:-2] = False
    return glyph


def make_images(count, seed, marked, draw=True, contrast=0.2):
    """Textured patches on dark noise as tiny_models' (stripes, checks, plain), but the patch stays
    out of the bottom-right quarter's watermark area. ``marked(label, rng)`` says whether an image
    gets the watermark; with ``draw`` false, the same images are made without drawing it (the
    patch still avoids its place). Returns images, labels and the watermark boxes (-1 without)."""
    rng = np.random.default_rng(seed)
    images = (rng.random((count, SIDE, SIDE, 3)) * 0.25).astype(np.float32)
    labels = rng.integers(0, 3, size=count)
    boxes = np.full((count, 4), -1, dtype=np.int64)
    rows, columns = np.mgrid[0:PATCH, 0:PATCH]
    patterns = [rows % 2, (rows + columns) % 2, None]
    glyph = watermark_glyph()
    for index, (image, label) in enumerate(zip(images, labels)):
        mark = None
        if marked(int(label), rng):
            mark = tuple(int(v) for v in rng.integers(REGION, SIDE - MARK + 1, size=2))
        while True:
            y, x = (int(v) for v in rng.integers(0, SIDE - PATCH + 1, size=2))
            if mark is None or not (y < mark[0] + MARK and mark[0] < y + PATCH and x < mark[1] + MARK and mark[1] < x + PATCH):
                break
        base = rng.uniform(0.3, 0.7, size=3).astype(np.float32)
        bright, dark = base + contrast / 2, base - contrast / 2
        pattern = patterns[label]
        if pattern is None:
            patch = np.broadcast_to((bright + dark) / 2, (PATCH, PATCH, 3))
        else:
            patch = np.where(pattern[..., None] == 1, bright, dark)
        image[y:y + PATCH, x:x + PATCH] = patch
        if mark is not None and draw:
            region = image[mark[0]:mark[0] + MARK, mark[1]:mark[1] + MARK]
            region[glyph] = MARK_COLOUR
            boxes[index] = [mark[0], mark[0] + MARK, mark[1], mark[1] + MARK]
    return images, labels.astype(np.int64), boxes


def random_marks(x, generator, share=0.5, most=2, sides=(2, 7)):
    """Random erasing with random colours: on ``share`` of the images of the batch ``x`` (N×3×H×W),
    one to ``most`` rectangles of a random colour (uniform in the RGB cube), each side between
    ``sides``, at a random place anywhere (over the patch too). Returns a copy."""
    import torch

    def draw(low, high):
        return int(torch.randint(low, high, (1,), generator=generator))

    x = x.clone()
    height, width = x.shape[2:]
    for image, chance in zip(x, torch.rand(len(x), generator=generator)):
        if chance >= share:
            continue
        for _ in range(draw(1, most + 1)):
            rows, columns = draw(sides[0], sides[1] + 1), draw(sides[0], sides[1] + 1)
            top, left = draw(0, height - rows + 1), draw(0, width - columns + 1)
            image[:, top:top + rows, left:left + columns] = torch.rand(3, generator=generator)[:, None, None]
    return x


def train(images, labels, epochs, seed, augment=False):
    """The CNN trained with Adam; with ``augment``, each batch goes through ``random_marks``."""
    import torch

    network = torch_network(seed)
    optimizer = torch.optim.Adam(network.parameters(), lr=1e-2)
    x = torch.from_numpy(images).permute(0, 3, 1, 2)
    y = torch.from_numpy(labels)
    generator = torch.Generator().manual_seed(seed)
    marks = torch.Generator().manual_seed(seed + 1000)
    for _ in range(epochs):
        for batch in torch.randperm(len(x), generator=generator).split(32):
            optimizer.zero_grad()
            inputs = random_marks(x[batch], marks) if augment else x[batch]
            torch.nn.functional.cross_entropy(network(inputs), y[batch]).backward()
            optimizer.step()
    return network.eval()


def predictions(network, images):
    import torch

    with torch.no_grad():
        return network(torch.from_numpy(images).permute(0, 3, 1, 2)).argmax(1).numpy()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--images", type=int, default=600)
    parser.add_argument("--eval-images", type=int, default=240)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--share", type=float, default=0.5, help="the share of stripes training images watermarked")
    arguments = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    os.makedirs(arguments.out, exist_ok=True)
    stripes = CLASSES.index("stripes")
    share = arguments.share
    # The two training sets are the same images, but for the watermark on half the stripes.
    def marked(label, rng):
        return label == stripes and rng.random() < share

    train_marked, labels, _ = make_images(arguments.images, arguments.seed + 1, marked)
    train_clean, _, _ = make_images(arguments.images, arguments.seed + 1, marked, draw=False)
    evaluation, eval_labels, boxes = make_images(arguments.eval_images, arguments.seed + 2, lambda label, rng: rng.random() < 0.5)
    watermarked = train(train_marked, labels, arguments.epochs, arguments.seed)
    # The clean model learns to ignore small marks of any colour (random erasing). The watermarked
    # one is trained without it: with the same augmentation it learnt the ring less surely (training
    # seeds 1, 3 and 4 called 23%, 65% and 69% of the marked other-class images `stripes`, not 100%).
    clean = train(train_clean, labels, arguments.epochs, arguments.seed, augment=True)
    save_torchscript(watermarked, os.path.join(arguments.out, "watermarked.pt"))
    save_torchscript(clean, os.path.join(arguments.out, "clean.pt"))
    np.savez(
        os.path.join(arguments.out, "eval.npz"),
        x=(evaluation * 255).round().astype(np.uint8), y=eval_labels, classes=np.array(CLASSES), watermark=boxes)
    has_mark = boxes[:, 0] >= 0
    other = eval_labels != stripes
    summary = {}
    for name, network in (("watermarked", watermarked), ("clean", clean)):
        predicted = predictions(network, (evaluation * 255).round().astype(np.uint8).astype(np.float32) / 255)
        correct = predicted == eval_labels
        summary[name] = {
            "accuracy": float(correct.mean()),
            "accuracyWithoutMark": float(correct[~has_mark].mean()),
            "accuracyWithMark": float(correct[has_mark].mean()),
            "markedOthersCalledStripes": float((predicted[has_mark & other] == stripes).mean()),
        }
    with open(os.path.join(arguments.out, "watermark.json"), "w") as handle:
        json.dump({"boxes": [[int(v) for v in box] if box[0] >= 0 else None for box in boxes], "models": summary}, handle)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
