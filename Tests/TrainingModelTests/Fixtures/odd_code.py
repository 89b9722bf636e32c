"""Code that must not make the analysis crash or loop: self-reference, cycles, recursion, undefined names."""
import torch
from torch import nn
import keras

x = x
a = b
b = a
LR = LR * 2
seq = keras.Sequential([seq, keras.layers.Dense(2)])
looped = nn.Sequential(*looped)


class A(B):
    pass


class B(A):
    def forward(self, x):
        return self.forward(x)


class Recursive(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        x = x + x
        x = x + x
        x = x + x
        x = self.helper(x)
        return self.fc(x)

    def helper(self, x):
        return self.helper(x)


def block(x):
    return block(block(x))


inputs = keras.Input((4,))
y = block(inputs)
y = y * y + y * y
m = keras.Model(inputs, y)
m.compile(loss=m, optimizer=m)
criterion = criterion
loss = criterion(m(inputs), inputs)
opt = torch.optim.SGD(lr=float("nan"))
