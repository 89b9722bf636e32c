import torch.nn as nn

# Columns count characters, not bytes: the emoji and accents before the problem are one each.
tag = "Ünïcödé 🧠"; net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(p=0.75), nn.Linear(256, 10))
