"""A Lightning module: the network is `self`, the loss functional, the optimizer returned by configure_optimizers."""
import lightning as L
import torch
from torch import nn
from torch.nn import functional as F


class LitClassifier(L.LightningModule):
    def __init__(self, hidden=64):
        super().__init__()
        self.l1 = nn.Linear(28 * 28, hidden)
        self.l2 = nn.Linear(hidden, 10)

    def forward(self, x):
        return self.l2(torch.relu(self.l1(x.view(x.size(0), -1))))

    def training_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x)
        loss = F.cross_entropy(F.softmax(y_hat, dim=1), y)
        return loss

    def configure_optimizers(self):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.02)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=100)
        return [optimizer], [scheduler]
