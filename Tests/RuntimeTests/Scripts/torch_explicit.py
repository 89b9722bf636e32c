"""The explicit integration with a PyTorch loop that has no DataLoader: ``python torch_explicit.py [EVENTS]``.

``umlaut_instrument.start()`` begins the instrumentation, ``epoch_end()`` marks the epochs
the hooks cannot see, and ``log()`` adds a metric of the script's own.
"""

import sys

import torch
from torch import nn

import umlaut_instrument

umlaut_instrument.start(events=sys.argv[1] if len(sys.argv) > 1 else None)

torch.manual_seed(0)
inputs = torch.rand(320, 8) * 2 - 1
labels = (inputs.sum(dim=1) > 0).long()
x_train, y_train, x_val, y_val = inputs[:256], labels[:256], inputs[256:], labels[256:]
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(3):
    model.train()
    for start in range(0, len(x_train), 32):
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[start : start + 32]), y_train[start : start + 32])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = loss_fn(model(x_val), y_val).item()
        accuracy = (model(x_val).argmax(dim=1) == y_val).float().mean().item()
    umlaut_instrument.log(epoch=epoch, val_accuracy=accuracy)
    umlaut_instrument.epoch_end(val_accuracy=accuracy)
    print(f"epoch {epoch} val_loss {val_loss:.6f} val_accuracy {accuracy:.4f}")
