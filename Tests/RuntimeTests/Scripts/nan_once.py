"""One NaN among the training data's 40,960 values: `nan_once.py torch` or `nan_once.py keras`
(`nan_once.py keras relu`: relu instead of tanh in the Keras model).

The sampled input statistics (8 batches of 64) will most likely miss it; the batch whose loss
turns NaN (PyTorch) or one pass over the training arrays (Keras) must find it, so UM502 names the
data as the cause with certainty. Two epochs, seeded; prints the losses.
"""

import sys

import numpy as np

from _common import blobs

rng = np.random.default_rng(0)
inputs, labels = blobs(rng, 2048, 20, 4)
inputs[1500, 7] = np.nan  # the one bad value, in batch 23 of 32

if sys.argv[1] == "torch":
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(0)
    loader = DataLoader(TensorDataset(torch.from_numpy(inputs), torch.from_numpy(labels)), batch_size=64)
    model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 4))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(2):
        total = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(f"epoch {epoch} loss {total / len(loader)}")
else:
    from _common import keras_deterministic

    keras_deterministic(0)
    import keras

    # tanh, not relu: TensorFlow's oneDNN fuses Dense and relu, and on some processors (AVX-512)
    # the fused max(x, 0) gives 0 for NaN, so the NaN never reaches the loss; the first layer's
    # weights turn NaN instead, and there is no loss to check the data for. `nan_once.py keras
    # relu` builds that case (the sensor counts the NaN weights).
    activation = sys.argv[2] if len(sys.argv) > 2 else "tanh"
    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(32, activation=activation), keras.layers.Dense(4)])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(inputs, labels, batch_size=64, epochs=2, shuffle=False, verbose=0)
    print("losses", history.history["loss"])
