"""A small PyTorch training that misbehaves on request: ``python faults.py MODE``.

| mode | what happens |
| --- | --- |
| ok | trains two epochs and exits normally |
| exit3 | trains, then ``sys.exit(3)`` |
| raise | trains one epoch, then raises ``ValueError`` from the loop (exit 1, a traceback) |
| dataset_error | the dataset raises ``KeyError`` while the loader iterates it |
| backward_twice | ``backward()`` through a freed graph: PyTorch's ``RuntimeError`` |
| flood | writes about 20 MB of text to stdout while training |
| binary | writes binary garbage (invalid UTF-8, NULs, escape sequences) to stdout while training |
| slow | prints ``ready``, then trains for up to 60 seconds, printing a line per epoch (for signals) |
"""

import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset, TensorDataset

MODE = sys.argv[1] if len(sys.argv) > 1 else "ok"


class Broken(Dataset):
    def __len__(self):
        return 64

    def __getitem__(self, index):
        if index == 40:
            raise KeyError(f"sample {index} is missing")
        return torch.zeros(8), 0


def garbage(epoch):
    out = sys.stdout.buffer
    out.write(bytes(range(256)) * 4)
    out.write(b"\xff\xfe\x00\x00\x1b[2J\x1b]0;title\x07\xc3\x28\xe2\x82\n")
    out.write(f"epoch {epoch}\n".encode())
    out.flush()


torch.manual_seed(0)
inputs = torch.rand(256, 8) * 2 - 1
labels = (inputs.sum(dim=1) > 0).long()
data = Broken() if MODE == "dataset_error" else TensorDataset(inputs, labels)
loader = DataLoader(data, batch_size=16, shuffle=True)
model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()

if MODE == "slow":
    print("ready", flush=True)
deadline = time.monotonic() + 60
epochs = 1000 if MODE == "slow" else 2
for epoch in range(epochs):
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        if MODE == "backward_twice":
            loss.backward()
        optimizer.step()
        if MODE == "flood":
            for line in range(10_000):
                print(f"flood {epoch} {line} " + "x" * 60)
        elif MODE == "binary":
            garbage(epoch)
    print(f"epoch {epoch} loss {loss.item():.6f}", flush=True)
    if MODE == "raise":
        raise ValueError(f"the loop gave up after epoch {epoch}")
    if MODE == "slow":
        time.sleep(0.2)
        if time.monotonic() > deadline:
            break

print("done")
if MODE == "exit3":
    sys.exit(3)
