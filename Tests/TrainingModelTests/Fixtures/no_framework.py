"""No deep-learning framework imported: names that look like frameworks' are not taken for them."""
import re

pattern = re.compile(r"\d+")


class Sequential:
    def __init__(self, items):
        self.items = items

    def add(self, item):
        self.items.append(item)


model = Sequential([Dense(10), Activation("softmax")])
model.add(Dense(3))
model.compile(loss="mse")
