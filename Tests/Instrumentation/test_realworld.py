"""Real training scripts written by others run under ``umlaut run`` exactly as under Python.

pytorch/examples' ``mnist/main.py`` and ``word_language_model/main.py`` and keras.io's
``vision/mnist_convnet.py`` are read from the shared corpus (``$UMLAUT_REALWORLD``, else
``../shared/corpus/realworld`` beside the repository; the test fails, it does not skip, when
they are missing) and copied into a temporary directory at test time: no third-party script is
kept in this repository. Downloads are replaced by small synthetic data in the layout each script
expects (MNIST's idx files, a text corpus of train/valid/test.txt), and the runs are made short
through the scripts' own flags. What had to change is listed per script:

* PyTorch MNIST: nothing. Where ``torchvision`` is not installed (the CPU build of PyTorch has no
  matching wheel on the registry), a stand-in with the two transforms and the dataset class the
  script uses is written beside it.
* word_language_model: nothing.
* keras.io MNIST convnet: it has no flags and downloads MNIST through a checksum-verified cache,
  so two lines are replaced: ``epochs = 15`` becomes 2, and ``load_data()`` reads the synthetic
  set (and seeds Keras: the script is not seeded, and an unseeded run cannot be compared).

Each script runs twice, plainly and under ``umlaut run``: the standard output must be identical
(timings aside), the saved files identical byte for byte, the exit status 0, and ``umlaut run``
must report no runtime finding (the data is learnable and the scripts are correct).
"""

import json
import os
import re
import shutil
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from conftest import PYTHON, REPO, base_environment

TIMING = re.compile(
    rb"\d+(\.\d+)?\s*(ms|s|us)(/step)?\b|time:\s*\d+\.\d+s|ms/batch\s+\d+\.\d+|\d+(\.\d+)?\s*(ms|s|us)/(step|sample)"
)


def screen(output):
    """The output as a terminal shows it, timings aside: Keras' progress bar redraws itself with
    backspaces as often as time allows, so the bytes differ from run to run, the screen does not."""
    lines = []
    for raw in TIMING.sub(b"<time>", output).decode(errors="replace").split("\n"):
        cells, position = [], 0
        for char in raw:
            if char == "\b":
                position = max(0, position - 1)
            elif char == "\r":
                position = 0
            else:
                if position < len(cells):
                    cells[position] = char
                else:
                    cells.append(char)
                position += 1
        lines.append("".join(cells).rstrip())
    return lines


def corpus_root():
    candidates = [os.environ.get("UMLAUT_REALWORLD")] if os.environ.get("UMLAUT_REALWORLD") else []
    candidates += [REPO.parent / "shared" / "corpus" / "realworld", REPO.parent.parent / "shared" / "corpus" / "realworld"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "ptexamples" / "mnist" / "main.py").is_file():
            return Path(candidate)
    pytest.fail(
        "the real-world corpus is missing: set UMLAUT_REALWORLD to the folder holding ptexamples/ and kerasio/ "
        f"(looked in {', '.join(str(c) for c in candidates)})"
    )


def umlaut_binary():
    path = Path(os.environ.get("UMLAUT_BIN") or REPO / ".build" / "debug" / "umlaut")
    if not path.is_file():
        pytest.fail(f"no umlaut binary at {path}: build it (swift build) or set UMLAUT_BIN")
    return path


# -- synthetic data ------------------------------------------------------------------------------


def mnist_like(samples, seed):
    """28x28 uint8 digits: a bright square whose place depends on the class, over faint noise."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=samples).astype(np.uint8)
    images = rng.integers(0, 40, size=(samples, 28, 28)).astype(np.uint8)
    for index, label in enumerate(labels):
        row, column = 3 + (label // 5) * 12, 2 + (label % 5) * 5
        images[index, row : row + 8, column : column + 5] = 200 + rng.integers(0, 55)
    return images, labels


def write_idx_mnist(raw, train=512, test=128):
    """MNIST's four idx files, uncompressed, where torchvision looks before downloading."""
    raw.mkdir(parents=True)
    for prefix, count, seed in (("train", train, 1), ("t10k", test, 2)):
        images, labels = mnist_like(count, seed)
        (raw / f"{prefix}-images-idx3-ubyte").write_bytes(struct.pack(">IIII", 0x803, count, 28, 28) + images.tobytes())
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(struct.pack(">II", 0x801, count) + labels.tobytes())


TORCHVISION_STAND_IN = {
    "__init__.py": '"""A stand-in for the parts of torchvision the MNIST example uses (tests only)."""\n',
    "transforms.py": '''import torch


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, value):
        for transform in self.transforms:
            value = transform(value)
        return value


class ToTensor:
    def __call__(self, image):
        return torch.from_numpy(image.copy()).float().div(255).unsqueeze(0)


class Normalize:
    def __init__(self, mean, std):
        self.mean, self.std = torch.tensor(mean).view(-1, 1, 1), torch.tensor(std).view(-1, 1, 1)

    def __call__(self, tensor):
        return (tensor - self.mean) / self.std
''',
    "datasets.py": '''import os
import struct

import numpy as np
import torch


class MNIST(torch.utils.data.Dataset):
    def __init__(self, root, train=True, transform=None, download=False):
        raw = os.path.join(root, "MNIST", "raw")
        prefix = "train" if train else "t10k"
        with open(os.path.join(raw, f"{prefix}-images-idx3-ubyte"), "rb") as f:
            _, count, rows, columns = struct.unpack(">IIII", f.read(16))
            self.data = np.frombuffer(f.read(), dtype=np.uint8).reshape(count, rows, columns)
        with open(os.path.join(raw, f"{prefix}-labels-idx1-ubyte"), "rb") as f:
            f.read(8)
            self.targets = torch.from_numpy(np.frombuffer(f.read(), dtype=np.uint8).astype(np.int64))
        self.transform = transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        image = self.data[index]
        if self.transform is not None:
            image = self.transform(image)
        return image, int(self.targets[index])
''',
}


def has_torchvision():
    probe = subprocess.run([PYTHON, "-c", "import torchvision.datasets"], capture_output=True, env=base_environment())
    return probe.returncode == 0


def text_corpus(directory, seed=3):
    """A tiny language: sentences from a small grammar, so a language model can learn something."""
    rng = np.random.default_rng(seed)
    subjects = ["the cat", "a dog", "my friend", "the teacher", "an owl", "the river"]
    verbs = ["sees", "likes", "finds", "follows", "paints", "hears"]
    objects = ["the moon", "a tree", "the house", "a song", "the road", "an apple"]
    directory.mkdir(parents=True)
    for name, lines in (("train.txt", 300), ("valid.txt", 40), ("test.txt", 40)):
        text = []
        for _ in range(lines):
            words = [subjects[rng.integers(6)], verbs[rng.integers(6)], objects[rng.integers(6)]]
            if rng.random() < 0.3:
                words += ["and", verbs[rng.integers(6)], objects[rng.integers(6)]]
            text.append(" " + " ".join(words) + " . ")
        (directory / name).write_text("\n".join(text) + "\n", encoding="utf8")


KERAS_FAKE_DATA = '''"""MNIST-shaped synthetic data for keras.io's mnist_convnet (tests only), and a fixed seed."""

import numpy as np


def load_data():
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(1)
    tf.config.experimental.enable_op_determinism()
    data = np.load("mnist-synthetic.npz")
    return (data["x_train"], data["y_train"]), (data["x_test"], data["y_test"])
'''


def replace_once(text, old, new):
    assert text.count(old) == 1, f"the script changed upstream: {old!r} is not there exactly once"
    return text.replace(old, new)


# -- the scripts ----------------------------------------------------------------------------------


def prepare_torch_mnist(corpus, work):
    shutil.copy(corpus / "ptexamples" / "mnist" / "main.py", work / "main.py")
    write_idx_mnist(work.parent / "data" / "MNIST" / "raw")  # the script reads '../data'
    if not has_torchvision():
        package = work / "torchvision"
        package.mkdir()
        for name, text in TORCHVISION_STAND_IN.items():
            (package / name).write_text(text)
    args = ["main.py", "--epochs", "2", "--batch-size", "64", "--test-batch-size", "128", "--log-interval", "2",
            "--no-accel", "--save-model"]
    return args, ["mnist_cnn.pt"]


def prepare_word_language_model(corpus, work):
    for name in ("main.py", "data.py", "model.py"):
        shutil.copy(corpus / "ptexamples" / "word_language_model" / name, work / name)
    text_corpus(work / "data" / "tiny")
    args = ["main.py", "--data", "data/tiny", "--epochs", "2", "--emsize", "32", "--nhid", "32", "--nlayers", "1",
            "--bptt", "20", "--batch_size", "8", "--log-interval", "5", "--save", "model.pt"]
    return args, ["model.pt"]


def prepare_keras_mnist(corpus, work):
    text = (corpus / "kerasio" / "examples" / "vision" / "mnist_convnet.py").read_text()
    text = replace_once(text, "epochs = 15", "epochs = 2")
    text = replace_once(text, "keras.datasets.mnist.load_data()", "__import__('umlaut_fake_data').load_data()")
    (work / "mnist_convnet.py").write_text(text)
    (work / "umlaut_fake_data.py").write_text(KERAS_FAKE_DATA)
    x_train, y_train = mnist_like(768, 1)
    x_test, y_test = mnist_like(128, 2)
    np.savez(work / "mnist-synthetic.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return ["mnist_convnet.py"], []


SCRIPTS = {
    "pytorch-mnist": prepare_torch_mnist,
    "pytorch-word-language-model": prepare_word_language_model,
    "kerasio-mnist-convnet": prepare_keras_mnist,
}


def run(command, cwd):
    env = base_environment()
    env["UMLAUT_PYTHON"] = PYTHON
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=900)
    return completed


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_real_scripts_run_unchanged_under_umlaut_run(tmp_path, name):
    corpus, umlaut = corpus_root(), umlaut_binary()
    works = {}
    for mode in ("plain", "umlaut"):
        work = tmp_path / mode / "work"
        work.mkdir(parents=True)
        args, saved = SCRIPTS[name](corpus, work)
        works[mode] = work
    database = tmp_path / "sessions.sqlite"
    with ThreadPoolExecutor(2) as pool:
        plain_job = pool.submit(run, [PYTHON, *args], works["plain"])
        umlaut_job = pool.submit(
            run, [str(umlaut), "run", "--db", str(database), "--session", name, "--python", PYTHON, *args],
            works["umlaut"],
        )
        plain, instrumented = plain_job.result(), umlaut_job.result()
    assert plain.returncode == 0, plain.stderr[-3000:].decode(errors="replace")
    assert instrumented.returncode == 0, instrumented.stderr[-3000:].decode(errors="replace")
    assert screen(instrumented.stdout) == screen(plain.stdout)
    for file in saved:
        assert (works["umlaut"] / file).read_bytes() == (works["plain"] / file).read_bytes(), file
    shown = subprocess.run(
        [str(umlaut), "show", name, "--db", str(database), "--format", "json"], capture_output=True, env=base_environment()
    )
    assert shown.returncode == 0, shown.stderr.decode(errors="replace")
    session = json.loads(shown.stdout)
    report = instrumented.stderr.decode(errors="replace")
    # Two epochs each, word_language_model's included (a loop without a DataLoader).
    assert sorted({e["epoch"] for e in session["epochs"]}) == [1, 2], f"epochs {session['epochs']}:\n{report[-3000:]}"
    runtime = [f for f in session["findings"] if f.get("stage") == "runtime"]
    assert runtime == [], f"false runtime findings:\n{json.dumps(runtime, indent=1)[:3000]}"
