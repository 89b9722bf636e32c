"""The per-epoch Keras probe: gradient norms per layer and ReLU activity on one training batch.

The probe calls the model with ``training=False`` (no dropout, no batch-statistics update, no
random numbers), computes the loss the model was compiled with and its gradients with respect
to the trainable weights, and reads the outputs of the ReLU-family layers in the same pass. No
weight, optimizer or metric state changes.

With the TensorFlow backend the probe is a ``tf.function`` traced once per model (tracing costs
about what one eager call does; each later call is a few milliseconds), with the norms and the
shares of non-positive outputs computed in the graph. With the torch backend it runs eagerly
through ``torch.autograd.grad``, which leaves ``.grad`` untouched. Other backends get the
activations only.

ReLU outputs are read by replacing the layer's ``call`` on the instance for the duration of the
probe (or of the trace), then restoring it.
"""

import math

from .stats import nonfinite_counts

__all__ = ["Probe", "leaf_layers", "activation_name"]

RELU_FAMILY = {"relu", "relu6"}


class Probe:
    """The probe of one model; ``run(x, y)`` returns the epoch event's probe fields."""

    def __init__(self, keras, model):
        self.keras = keras
        self.model = model
        self._function = None
        self._key = None

    def run(self, x, y):
        model = self.model
        layers = leaf_layers(model)
        relus = [layer for layer in layers if activation_name(layer) in RELU_FAMILY]
        weighted = [(layer, list(layer.trainable_weights)) for layer in layers]
        weighted = [(layer, weights) for layer, weights in weighted if weights]
        backend = self.keras.backend.backend()
        nonfinite = {}
        if backend == "tensorflow":
            squares, activity, nonfinite = self._run_tensorflow(x, y, relus, weighted)
        elif backend == "torch":
            squares, activity = self._run_torch(x, y, relus, weighted)
            nonfinite = _nonfinite_torch(weighted)
        else:
            squares, activity = None, self._run_forward_only(x, relus)
        result = {}
        if squares is not None:
            result["gradients"] = [
                {"layer": layer.name, "norm": _root(squares.get(index))} for index, (layer, _) in enumerate(weighted)
            ]
        # A NaN that reached the weights does not always reach the loss: TensorFlow's oneDNN
        # fuses a layer with its ReLU, and on some processors the fused max(x, 0) gives 0 for
        # NaN, so the loss stays finite while the layer outputs zeros. The dead-unit and gradient
        # findings then name NaN weights as the cause instead of the usual ones.
        found = [
            {"layer": layer.name, "count": int(nonfinite[index]), "total": _size(weights)}
            for index, (layer, weights) in enumerate(weighted)
            if nonfinite.get(index)
        ]
        if found:
            result["nonfinite_weights"] = found
        result["activations"] = [
            {
                "layer": layer.name,
                "activation": activation_name(layer),
                "nonpositive_fraction": activity[index][0] / activity[index][1],
                **(
                    {"units": int(activity[index][2]), "dead_units": int(activity[index][3])}
                    if len(activity[index]) > 2 and activity[index][2] > 0
                    else {}
                ),
            }
            for index, layer in enumerate(relus)
            if index in activity and activity[index][1]
        ]
        return result

    # -- TensorFlow: traced once ------------------------------------------------------------

    def _run_tensorflow(self, x, y, relus, weighted):
        import tensorflow as tf

        variables = [variable for _, weights in weighted for variable in weights]
        key = (tuple(id(v) for v in variables), tuple(id(layer) for layer in relus), _loss_key(self.model))
        if self._function is None or key != self._key:
            # Not autograph-converted: Keras traces its own step functions the same way.
            probe = self._traced(relus, weighted, variables)
            self._function = tf.function(probe, reduce_retracing=True, autograph=False)
            self._key = key
        squares, activity, nonfinite = self._function(x, y)
        squares = {int(index): float(value) for index, value in squares.items()}
        activity = {int(index): tuple(float(value) for value in values) for index, values in activity.items()}
        nonfinite = {int(index): int(value) for index, value in nonfinite.items()}
        return (squares if variables and _loss_key(self.model) is not None else None), activity, nonfinite

    def _traced(self, relus, weighted, variables):
        import tensorflow as tf

        keras = self.keras
        model = self.model

        def probe(x, y):
            captured = {}
            restore = [capture_outputs(layer, captured) for layer in relus]
            try:
                with tf.GradientTape() as tape:
                    prediction = model(x, training=False)
                    loss = loss_value(keras, model, y, prediction)
            finally:
                for undo in restore:
                    undo()
            squares = {}
            if loss is not None and variables:
                grads = tape.gradient(loss, variables)
                position = 0
                for index, (_, weights) in enumerate(weighted):
                    parts = [
                        tf.reduce_sum(tf.square(tf.cast(tf.convert_to_tensor(grad), tf.float64)))
                        for grad in grads[position : position + len(weights)]
                        if grad is not None
                    ]
                    position += len(weights)
                    if parts:
                        squares[str(index)] = tf.add_n(parts)
            activity = {}
            for index, layer in enumerate(relus):
                outputs = captured.get(id(layer))
                if outputs:
                    nonpositive = tf.add_n([tf.reduce_sum(tf.cast(o <= 0, tf.float64)) for o in outputs])
                    total = tf.add_n([tf.cast(tf.size(o), tf.float64) for o in outputs])
                    axis = unit_axis(layer, len(outputs[0].shape))
                    if axis is None or any(len(o.shape) != len(outputs[0].shape) for o in outputs):
                        activity[str(index)] = (nonpositive, total)
                        continue
                    alive = tf.concat([_units_alive(tf, o, axis) for o in outputs[:1]], axis=0)
                    units = tf.cast(tf.size(alive), tf.float64)
                    dead = units - tf.reduce_sum(tf.cast(alive, tf.float64))
                    activity[str(index)] = (nonpositive, total, units, dead)
            # The weights' NaN and infinite values, per layer, in the same call.
            nonfinite = {}
            for index, (_, weights) in enumerate(weighted):
                nonfinite[str(index)] = tf.add_n(
                    [
                        tf.reduce_sum(tf.cast(tf.logical_not(tf.math.is_finite(tf.convert_to_tensor(w))), tf.int64))
                        for w in weights
                    ]
                )
            return squares, activity, nonfinite

        return probe

    # -- torch backend: eager ---------------------------------------------------------------

    def _run_torch(self, x, y, relus, weighted):
        import torch

        captured = {}
        restore = [capture_outputs(layer, captured) for layer in relus]
        variables = [variable for _, weights in weighted for variable in weights]
        try:
            with torch.enable_grad():
                prediction = self.model(x, training=False)
                loss = loss_value(self.keras, self.model, y, prediction)
                grads = None
                if loss is not None and variables:
                    grads = torch.autograd.grad(loss, [v.value for v in variables], allow_unused=True)
        finally:
            for undo in restore:
                undo()
        squares = None
        if grads is not None:
            squares = {}
            position = 0
            for index, (_, weights) in enumerate(weighted):
                present = [g for g in grads[position : position + len(weights)] if g is not None]
                position += len(weights)
                if present:
                    squares[index] = float(sum(g.detach().double().pow(2).sum() for g in present))
        return squares, self._activity(relus, captured)

    def _run_forward_only(self, x, relus):
        captured = {}
        restore = [capture_outputs(layer, captured) for layer in relus]
        try:
            self.model(x, training=False)
        finally:
            for undo in restore:
                undo()
        return self._activity(relus, captured)

    def _activity(self, relus, captured):
        import numpy as np

        activity = {}
        for index, layer in enumerate(relus):
            outputs = [np.asarray(self.keras.ops.convert_to_numpy(o)) for o in captured.get(id(layer), [])]
            total = sum(o.size for o in outputs)
            if total:
                values = (float(sum(np.count_nonzero(o <= 0) for o in outputs)), float(total))
                axis = unit_axis(layer, outputs[0].ndim)
                if axis is not None:
                    first = outputs[0]
                    alive = (np.moveaxis(first, axis, -1).reshape(-1, first.shape[axis]) > 0).any(axis=0)
                    values += (float(alive.size), float(alive.size - np.count_nonzero(alive)))
                activity[index] = values
        return activity


def _nonfinite_torch(weighted):
    """Per weighted layer (by index), its NaN and infinite weights, with the torch backend."""
    import torch

    with torch.no_grad():
        counts = nonfinite_counts(torch, [[w.value for w in weights] for _, weights in weighted])
    return {index: count for index, count in enumerate(counts) if count}


def _size(weights):
    """How many numbers a layer's weights hold."""
    return sum(int(math.prod(tuple(w.shape))) for w in weights)


def unit_axis(layer, rank):
    """The axis of a layer's output that holds its units (features; channels of a convolution)."""
    if rank < 2:
        return None
    if rank >= 3 and getattr(layer, "data_format", None) == "channels_first":
        return 1
    return rank - 1


def _units_alive(tf, output, axis):
    """Per unit, whether any probed sample (and position) gave a positive output."""
    rank = len(output.shape)
    if axis != rank - 1:
        output = tf.experimental.numpy.moveaxis(output, axis, -1)
    return tf.reduce_any(tf.reshape(output > 0, [-1, tf.shape(output)[-1]]), axis=0)


def capture_outputs(layer, captured):
    """Makes ``layer`` record its outputs in ``captured`` until the returned function is called."""
    had = "call" in layer.__dict__
    previous = layer.__dict__.get("call")
    original = layer.call

    def call(*args, **kwargs):
        output = original(*args, **kwargs)
        captured.setdefault(id(layer), []).append(output)
        return output

    object.__setattr__(layer, "call", call)

    def undo():
        if had:
            object.__setattr__(layer, "call", previous)
        else:
            object.__delattr__(layer, "call")

    return undo


def loss_value(keras, model, y, prediction):
    """The compiled loss (a string, function or ``Loss``) on one batch; ``None`` if unusable."""
    loss = getattr(model, "loss", None)
    if loss is None or isinstance(loss, (dict, list, tuple)):
        return None
    if isinstance(loss, str):
        loss = keras.losses.get(loss)
    return keras.ops.mean(loss(y, prediction))


def _loss_key(model):
    loss = getattr(model, "loss", None)
    if loss is None or isinstance(loss, (dict, list, tuple)):
        return None
    return loss if isinstance(loss, str) else id(loss)


def _root(square):
    if square is None:
        return None
    return math.sqrt(square) if math.isfinite(square) else square


def leaf_layers(model):
    """Layers without sublayers, in model order (nested models flattened), minus inputs."""
    found = []
    seen = set()

    def visit(layer):
        for sub in getattr(layer, "_layers", []) or []:
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            if getattr(sub, "_layers", None):
                visit(sub)
            elif type(sub).__name__ != "InputLayer":
                found.append(sub)

    visit(model)
    return found


def activation_name(layer):
    """The name of a layer's activation (``"linear"`` for none), or ``None`` if it has none."""
    name = type(layer).__name__
    if name == "ReLU":
        slope = getattr(layer, "negative_slope", 0) or 0
        return "relu" if not slope else "leaky_relu"
    fixed = {"LeakyReLU": "leaky_relu", "Softmax": "softmax", "ELU": "elu", "PReLU": "prelu"}
    if name in fixed:
        return fixed[name]
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    if isinstance(activation, str):
        return activation
    return getattr(activation, "__name__", None) or type(activation).__name__
