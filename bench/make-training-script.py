"""Writes a realistic 2,000-line training script for bench/check.sh's latency figure.

Many Keras and PyTorch models, compile/fit blocks, data loading and constants, the way long
experiment scripts grow; deterministic, so every run measures the same text.

usage: python bench/make-training-script.py OUT.py [LINES]
"""
import sys

out, target = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2000

header = '''"""Experiments: many models on CIFAR-10 and MNIST, Keras and PyTorch side by side."""
import numpy as np
import keras
from keras import layers
import torch
import torch.nn as nn
import torch.nn.functional as F

LEARNING_RATE = 1e-3
DROPOUT = 0.3
EPOCHS = 10
BATCH = 64

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
'''

keras_block = '''

def build_keras_{i}(units={units}, rate=DROPOUT):
    """Keras model number {i}."""
    model = keras.Sequential([
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        layers.BatchNormalization(),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Dropout({drop}),
        layers.Flatten(),
        layers.Dense(units, activation="relu"),
        layers.Dropout(rate),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


model_{i} = build_keras_{i}()
history_{i} = model_{i}.fit(
    x_train, y_train,
    batch_size=BATCH,
    epochs=EPOCHS,
    validation_data=(x_test, y_test),
    callbacks=[keras.callbacks.EarlyStopping(patience=3)],
)
print("keras", {i}, max(history_{i}.history["val_accuracy"]))
'''

torch_block = '''

class Net{i}(nn.Module):
    """PyTorch model number {i}."""

    def __init__(self, hidden={units}):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(p={drop})
        self.fc1 = nn.Linear(64 * 8 * 8, hidden)
        self.fc2 = nn.Linear(hidden, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.dropout(torch.flatten(x, 1))
        x = F.relu(self.fc1(x))
        return self.fc2(x)


net_{i} = Net{i}()
optimizer_{i} = torch.optim.SGD(net_{i}.parameters(), lr=0.01, momentum=0.9)
criterion_{i} = nn.CrossEntropyLoss()
for epoch in range(EPOCHS):
    for start in range(0, len(x_train), BATCH):
        inputs = torch.tensor(x_train[start:start + BATCH]).permute(0, 3, 1, 2)
        labels = torch.tensor(y_train[start:start + BATCH]).long().squeeze()
        optimizer_{i}.zero_grad()
        loss = criterion_{i}(net_{i}(inputs), labels)
        loss.backward()
        optimizer_{i}.step()
    print("torch", {i}, epoch, loss.item())
'''

text = header
i = 0
while True:
    block = keras_block if i % 2 == 0 else torch_block
    drop = [0.2, 0.25, 0.3, 0.5, 0.7][i % 5]
    piece = block.format(i=i, units=64 * (1 + i % 4), drop=drop)
    if text.count("\n") + piece.count("\n") > target - 1:
        break
    text += piece
    i += 1
# Whole blocks only (a cut block would be a syntax error); pad with a results summary.
lines = text.rstrip("\n").split("\n")
while len(lines) < target:
    lines.append(f"print('summary line {len(lines)}', EPOCHS * BATCH)")
open(out, "w").write("\n".join(lines) + "\n")
