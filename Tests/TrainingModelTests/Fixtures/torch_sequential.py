"""nn.Sequential in its three forms, a criterion, SGD with a positional learning rate and a training loop."""
from collections import OrderedDict

import torch
from torch import nn, optim

LR = 0.05

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 512),
    nn.ReLU(),
    nn.Dropout(p=0.2),
    nn.Linear(512, 10),
)

encoder = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(16, 8)),
    ("act", nn.Tanh()),
]))

blocks = [nn.Linear(8, 8), nn.ReLU()]
stack = nn.Sequential(*blocks, nn.Linear(8, 2))

loss_fn = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.parameters(), LR, momentum=0.9)
scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.1)


def train(dataloader, model, loss_fn, optimizer):
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        pred = model(X)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    scheduler.step()
