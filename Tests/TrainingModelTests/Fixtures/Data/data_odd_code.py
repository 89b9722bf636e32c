"""Code the data pass must survive: cycles, self-references, broken syntax, odd constructs."""
import keras
import numpy as np

a = b
b = a
model.fit(a, b)

x = x + 1
x = x * x
for x in x:
    x /= x

(p, q), r = keras.datasets.mnist.load_data()
p = p if flag else p / 255
p, q = q, p
p = [p for p in p]
p = lambda p: p(p)
model.fit(p(p), q[q][q][::-1], validation_data=((p), (q)), epochs=)

def recursive(data):
    return recursive(data)

model.fit(recursive(r), validation_data=recursive)
z = np.transpose(*args)
w = np.reshape(z, **kwargs)
model.fit(w.reshape(), y=w.view(-1, None, "3"))
(yield_)[0] = load()
del z
for (k, (l, m)) in enumerate(zip(a, b)):
    model.fit(l, m, validation_data=(m, l))
with open("f") as handle:
    model.fit(handle.read(), np.load(handle))
def broken(:
    model.fit(x_train
