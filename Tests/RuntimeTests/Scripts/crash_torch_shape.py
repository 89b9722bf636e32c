"""PyTorch crash: the first layer takes 10 features, the data has 8."""

import torch
from torch import nn

torch.manual_seed(0)
x = torch.randn(64, 8)
y = torch.randint(0, 3, (64,))
model = nn.Sequential(
    nn.Linear(10, 16),  # umlaut-test: cause
    nn.ReLU(),
    nn.Linear(16, 3),
)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(2):
    for start in range(0, 64, 16):
        optimizer.zero_grad()
        output = model(x[start:start + 16])  # umlaut-test: crash
        loss = loss_fn(output, y[start:start + 16])
        loss.backward()
        optimizer.step()
