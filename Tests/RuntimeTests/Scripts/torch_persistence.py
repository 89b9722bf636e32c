"""After training, everything a user does with a PyTorch model works as without Umlaut.

Trains a small model (a loss module as one of its attributes, module and functional ReLUs) a few
steps through a DataLoader and a few without one, then pickles it, saves it whole and as a
state_dict, deep-copies it, scripts it, traces it and exports it, and prints one line per
operation: what it produced (a digest of the bytes, the keys, the outputs). The files it saves
(``linear.pt``, ``model.pt``, ``weights.pt``) are byte for byte reproducible. A run under
``umlaut run`` must print the same lines and save the same files.

``python torch_persistence.py [OUT_DIR]`` (default: the current directory).
"""

import copy
import hashlib
import io
import pickle
import sys
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(16, 3)
        self.criterion = nn.CrossEntropyLoss()

    def forward(self, x):
        return self.fc2(torch.relu(self.act(self.fc1(x))))


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
inputs, labels = torch.rand(64, 8) * 2 - 1, torch.randint(0, 3, (64,))
for epoch in range(2):
    for x, y in DataLoader(TensorDataset(inputs, labels), batch_size=16):
        optimizer.zero_grad()
        loss = model.criterion(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        print(f"epoch {epoch} val {model.criterion(model(inputs), labels).item():.6f}")
    model.train()

linear = nn.Linear(4, 1)  # the reproduction: two steps, then torch.save
for _ in range(2):
    linear(torch.ones(2, 4)).sum().backward()
torch.save(linear, out / "linear.pt")
print("linear saved", digest((out / "linear.pt").read_bytes()))

model.eval()
probe = torch.rand(4, 8)
expected = model(probe)
print("attributes", sorted(vars(model)), sorted(vars(model.fc1)))
print("hooks", len(model._forward_hooks), len(model._forward_pre_hooks), len(model.criterion._forward_hooks))
print("state_dict", list(model.state_dict()))
unpickled = pickle.loads(pickle.dumps(model))  # the bytes hold storage addresses: compare the result
print("pickle", torch.equal(unpickled(probe), expected), sorted(vars(unpickled)))
torch.save(model, out / "model.pt")
torch.save(model.state_dict(), out / "weights.pt")
buffer = io.BytesIO()
torch.save(model, buffer)
loaded = torch.load(io.BytesIO(buffer.getvalue()), weights_only=False)
print("torch.save/load", torch.equal(loaded(probe), expected))
clone = copy.deepcopy(model)
print("deepcopy", torch.equal(clone(probe), expected), len(clone._forward_hooks))
scripted = torch.jit.script(model)
print("jit.script", torch.equal(scripted(probe), expected))
traced = torch.jit.trace(model, probe)
print("jit.trace", torch.equal(traced(probe), expected))
exported = torch.export.export(model, (probe,))
print("export", torch.equal(exported.module()(probe), expected))
print("export graph", sorted({node.op for node in exported.graph.nodes}))
