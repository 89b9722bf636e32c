"""PyTorch loops built to show one UM5xx symptom each: ``python torch_symptoms.py SYMPTOM...``.

Every run trains a tiny model on small synthetic data for a few seconds, in a plain loop over a
``DataLoader`` with a validation pass in eval mode; several symptoms given at once run one after
the other in the same process (reseeded). The symptoms:

| symptom | rule | what is wrong |
| --- | --- | --- |
| raw_input | UM501 | pixel values 0-255 go into the network unscaled |
| nan_loss | UM502 | clean inputs, a learning rate so large the loss becomes NaN |
| nan_input | UM502 | some input values are NaN (a regression: the loss becomes NaN) |
| validation_is_training | UM504, UM510 | the validation loader iterates the training set |
| overfitting | UM505 | 48 samples with random labels, a wide network, 40 epochs |
| lr_schedule | UM506 | Adam with an ExponentialLR of gamma 4: the learning rate grows past 0.01 |
| negative_lr | UM506 | a LambdaLR that makes the learning rate negative |
| flat_loss | UM507 | SGD at 1e-9: the loss does not move |
| diverging_loss | UM507 | SGD a little too fast for the problem: the loss grows every epoch |
| vanishing | UM508 | twelve sigmoid layers: the first layers get almost no gradient |
| exploding | UM508 | twelve tanh layers initialised far too large (the chaotic regime) |
| dead_relu | UM509 | F.relu after a layer whose bias starts at -10: every output is 0 |
"""

import math
import sys

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def blobs(samples, features=16, classes=4, spread=1.5):
    centers = torch.randn(classes, features) * 2
    labels = torch.randint(0, classes, (samples,))
    inputs = centers[labels] + torch.randn(samples, features) * spread
    return inputs / inputs.abs().max(), labels


def mlp(depth=2, hidden=32, activation=nn.ReLU, inputs=16, classes=4):
    layers = []
    width = inputs
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), activation()]
        width = hidden
    layers.append(nn.Linear(width, classes))
    return nn.Sequential(*layers)


def train(model, train_set, valid_set, optimizer, loss_fn=None, epochs=4, scheduler=None):
    loss_fn = loss_fn or nn.CrossEntropyLoss()
    train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
    valid_loader = DataLoader(valid_set, batch_size=64)
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        if scheduler is not None:
            scheduler.step()
        model.eval()
        with torch.no_grad():
            val = sum(loss_fn(model(x), y).item() for x, y in valid_loader) / len(valid_loader)
        print(f"epoch {epoch} loss {total / len(train_loader):.6g} val_loss {val:.6g}")
    return model


def split(inputs, labels, train=384):
    return TensorDataset(inputs[:train], labels[:train]), TensorDataset(inputs[train:], labels[train:])


def raw_input():
    labels = torch.randint(0, 4, (480,))
    pixels = (labels[:, None, None, None] * 50 + 20 + torch.randn(480, 3, 32, 32) * 25).clamp(0, 255)
    pixels = pixels.to(torch.uint8).float()
    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.MaxPool2d(4), nn.Flatten(), nn.Linear(8 * 7 * 7, 4))
    return train(model, *split(pixels, labels), torch.optim.Adam(model.parameters(), 1e-3))


def nan_loss():
    model = mlp()
    return train(model, *split(*blobs(480)), torch.optim.SGD(model.parameters(), lr=1e12))


def regression(samples=480):
    inputs = torch.rand(samples, 16) * 2 - 1
    return inputs, inputs @ torch.randn(16, 1)


def nan_input():
    inputs, targets = regression()
    inputs[torch.rand(inputs.shape) < 0.01] = math.nan
    model = nn.Linear(16, 1)
    return train(model, *split(inputs, targets), torch.optim.Adam(model.parameters(), 1e-3), nn.MSELoss())


def validation_is_training():
    inputs, labels = blobs(384, spread=0.5)
    data = TensorDataset(inputs, labels)
    model = mlp()
    return train(model, data, data, torch.optim.Adam(model.parameters(), 3e-3), epochs=6)


def overfitting():
    inputs, labels = torch.rand(144, 16) * 2 - 1, torch.randint(0, 4, (144,))
    model = mlp(hidden=256)
    return train(model, *split(inputs, labels, train=48), torch.optim.Adam(model.parameters(), 3e-3), epochs=40)


def lr_schedule():
    model = mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=4.0)
    return train(model, *split(*blobs(480)), optimizer, scheduler=scheduler)


def negative_lr():
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 1.0 if epoch == 0 else -1.0)
    return train(model, *split(*blobs(480)), optimizer, scheduler=scheduler)


def flat_loss():
    model = mlp()
    return train(model, *split(*blobs(480)), torch.optim.SGD(model.parameters(), lr=1e-9), epochs=5)


def diverging_loss():
    model = nn.Linear(16, 1)
    return train(model, *split(*regression()), torch.optim.SGD(model.parameters(), lr=1.1), nn.MSELoss(), epochs=5)


def vanishing():
    model = mlp(depth=12, activation=nn.Sigmoid)
    return train(model, *split(*blobs(480)), torch.optim.Adam(model.parameters(), 1e-3))


def exploding():
    model = mlp(depth=12, hidden=64, activation=nn.Tanh)
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear) and layer.out_features == 64:
                layer.weight.normal_(0.0, 8.0 / math.sqrt(layer.in_features))
    return train(model, *split(*blobs(480)), torch.optim.SGD(model.parameters(), lr=1e-3), epochs=3)


class DeadNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.fc2 = nn.Linear(32, 32)
        nn.init.constant_(self.fc2.bias, -10.0)
        self.fc3 = nn.Linear(32, 4)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def dead_relu():
    model = DeadNet()
    return train(model, *split(*blobs(480)), torch.optim.Adam(model.parameters(), 1e-3))


SYMPTOMS = {
    "raw_input": raw_input,
    "nan_loss": nan_loss,
    "nan_input": nan_input,
    "validation_is_training": validation_is_training,
    "overfitting": overfitting,
    "lr_schedule": lr_schedule,
    "negative_lr": negative_lr,
    "flat_loss": flat_loss,
    "diverging_loss": diverging_loss,
    "vanishing": vanishing,
    "exploding": exploding,
    "dead_relu": dead_relu,
}

if __name__ == "__main__":
    chosen = sys.argv[1:]
    if not chosen or any(name not in SYMPTOMS for name in chosen):
        sys.exit(f"usage: torch_symptoms.py {{{'|'.join(sorted(SYMPTOMS))}}}...")
    for name in chosen:
        print(f"== {name}")
        torch.manual_seed(0)
        model = SYMPTOMS[name]()
        print(f"weights {sum(p.double().sum().item() for p in model.parameters())!r}")
