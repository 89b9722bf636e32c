"""nn.Sequential attributes inlined where forward() uses them, tensor-method activations, sigmoid before BCEWithLogitsLoss."""
import torch
from torch import nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, channels=3):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, 16, kernel_size=3, padding=1),
            nn.BatchNorm2d(16),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
        )
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, images):
        h = self.features(images)
        h = self.pool(h).view(h.size(0), -1)
        h = self.fc(h).relu()
        h = F.dropout(h, p=0.3, training=self.training)
        return self.out(h).squeeze(1)


device = "cuda" if torch.cuda.is_available() else "cpu"
net = Classifier().to(device)
criterion = nn.BCEWithLogitsLoss()
optimizer = torch.optim.Adam(net.parameters(), 3e-4)

for images, labels in []:
    logits = net(images.to(device))
    probabilities = torch.sigmoid(logits)
    loss = criterion(probabilities, labels.float())
    loss.backward()
