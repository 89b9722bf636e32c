"""Benchmark workload: a small PyTorch CNN on CIFAR-shaped synthetic images, ~10-20 s on 2 cores.
The same file runs with and without `umlaut run`; it prints its final loss so runs can be compared."""
import os

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
torch.set_num_threads(1)  # one thread: stable timings on a shared 2-core machine
x = torch.rand(1200, 3, 32, 32)
y = (x[:, 0, :16, :16].mean(dim=(1, 2)) * 10).long() % 10
train = DataLoader(TensorDataset(x[:1000], y[:1000]), batch_size=32, shuffle=True)
val = DataLoader(TensorDataset(x[1000:], y[1000:]), batch_size=256)

model = nn.Sequential(
    nn.Conv2d(3, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(32 * 6 * 6, 64), nn.ReLU(), nn.Linear(64, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(int(os.environ.get("BENCH_EPOCHS", "3"))):
    model.train()
    for xb, yb in train:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = sum(loss_fn(model(xb), yb).item() for xb, yb in val) / len(val)
print("final loss", loss.item(), "val", val_loss)
