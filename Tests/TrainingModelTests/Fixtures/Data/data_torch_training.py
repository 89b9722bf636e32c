"""PyTorch training loops fed from torchvision, from NumPy arrays and from image files."""
import cv2
import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from keras.datasets import cifar10
from torch.utils.data import DataLoader, TensorDataset, random_split
from torchvision import datasets, transforms

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
full_set = datasets.CIFAR10(root="./data", train=True, download=True, transform=transform)
train_set, val_set = random_split(full_set, [45000, 5000])
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
raw_set = datasets.CIFAR10(root="./data", train=True, transform=transforms.PILToTensor())
raw_loader = DataLoader(raw_set, batch_size=64)

(x_train, y_train), _ = cifar10.load_data()
tensors = TensorDataset(torch.tensor(x_train / 255.0, dtype=torch.float32).permute(0, 3, 1, 2), torch.tensor(y_train))
array_loader = DataLoader(tensors, batch_size=32)

photos = []
for path in ["a.jpg", "b.jpg"]:
    photos.append(np.asarray(Image.open(path).convert("RGB")))
photo_batch = torch.from_numpy(np.stack(photos)).float()
bgr = torch.tensor(np.array([cv2.imread(p) for p in ["c.jpg"]]), dtype=torch.float32).reshape(-1, 3, 32, 32)

net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

for epoch in range(2):
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(net(images), labels)
        loss.backward()
        optimizer.step()
    for step, (images, labels) in enumerate(raw_loader):
        criterion(net(images.float()), labels).backward()
        optimizer.step()
    for xb, yb in array_loader:
        criterion(net(xb), yb.squeeze()).backward()
        optimizer.step()
    net(photo_batch).sum().backward()
    net(bgr).sum().backward()

with torch.no_grad():
    print(net(torch.tensor(x_train[:1], dtype=torch.float32)))
