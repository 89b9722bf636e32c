"""A module without forward() (defined elsewhere): its layers are listed in the order they are assigned."""
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(1000, 64)
        self.rnn = nn.LSTM(64, 128, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.proj = nn.Linear(128, 32)


class TextClassifier(Encoder):
    def forward(self, tokens):
        out, (h, c) = self.rnn(self.embed(tokens))
        return self.proj(self.drop(out[:, -1, :]))


model = TextClassifier()
loss = nn.MSELoss()
