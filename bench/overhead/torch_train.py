"""The fixed PyTorch workload of bench/run_overhead.py: a small CNN on CIFAR-shaped data.

About 10-20 seconds of real training on a CPU: 3,000 synthetic 3x32x32 images, 10 classes,
6 epochs over a DataLoader, a validation pass per epoch. Prints the final losses.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
labels = torch.randint(0, 10, (3000,))
images = (labels[:, None, None, None] * 20 + 20 + torch.randn(3000, 3, 32, 32) * 30).clamp(0, 255) / 255.0
train = DataLoader(TensorDataset(images[:2700], labels[:2700]), batch_size=64, shuffle=True)
valid = DataLoader(TensorDataset(images[2700:], labels[2700:]), batch_size=300)

model = nn.Sequential(
    nn.Conv2d(3, 32, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(64 * 6 * 6, 128),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(128, 10),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(6):
    model.train()
    for x, y in train:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = sum(loss_fn(model(x), y).item() for x, y in valid) / len(valid)
print(f"loss {loss.item():.4f} val_loss {val_loss:.4f}")
