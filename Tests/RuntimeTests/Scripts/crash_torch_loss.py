"""PyTorch crash: CrossEntropyLoss given one-hot integer labels (it takes class indices)."""

import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)
x = torch.randn(64, 8)
y = F.one_hot(torch.randint(0, 3, (64,)), 3)
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
loss_fn = nn.CrossEntropyLoss()  # umlaut-test: cause
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(2):
    for start in range(0, 64, 16):
        optimizer.zero_grad()
        output = model(x[start:start + 16])
        loss = loss_fn(output, y[start:start + 16])  # umlaut-test: crash
        loss.backward()
        optimizer.step()
