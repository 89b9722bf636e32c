"""A healthy PyTorch training loop: inputs in [-1, 1], a validation loader, Adam at 1e-3.

Synthetic data (two Gaussian blobs per class), seeded; prints the per-epoch losses and a
checksum of the final weights so runs with and without instrumentation can be compared.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

CLASSES = 4
centers = torch.randn(CLASSES, 16) * 2
labels = torch.randint(0, CLASSES, (640,))
inputs = centers[labels] + torch.randn(640, 16)
inputs = inputs / inputs.abs().max()
train = TensorDataset(inputs[:512], labels[:512])
valid = TensorDataset(inputs[512:], labels[512:])
train_loader = DataLoader(train, batch_size=32, shuffle=True)
valid_loader = DataLoader(valid, batch_size=64)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(32, 32)
        self.drop = nn.Dropout(0.1)
        self.fc3 = nn.Linear(32, CLASSES)

    def forward(self, x):
        x = self.act(self.fc1(x))
        x = torch.relu(self.fc2(x))
        return self.fc3(self.drop(x))


model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(4):
    model.train()
    total = 0.0
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item()
    model.eval()
    with torch.no_grad():
        val = sum(loss_fn(model(x), y).item() for x, y in valid_loader) / len(valid_loader)
    print(f"epoch {epoch} loss {total / len(train_loader):.6f} val_loss {val:.6f}")

checksum = sum(p.double().sum().item() for p in model.parameters())
print(f"weights {checksum!r}")
