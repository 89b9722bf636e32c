"""What a Keras run's ``model``, ``optimizer``, ``loss`` and ``epoch`` events say about the model,
its optimizer and loss, its logged metrics and learning rate (part of ``keras_hooks``)."""

import inspect

from .keras_probe import activation_name, leaf_layers
from .locations import as_location

__all__ = ["model_fields", "optimizer_fields", "loss_fields", "metrics", "learning_rate"]


def model_fields(session, keras, model, model_id):
    layers = []
    for layer in leaf_layers(model):
        try:
            parameters = int(layer.count_params()) if layer.built else None
        except Exception:
            parameters = None
        layers.append(
            {
                "name": layer.name,
                "class": type(layer).__name__,
                "activation": activation_name(layer),
                "created_at": as_location(session.sites.get(layer)),
                "parameters": parameters,
                "data_format": getattr(layer, "data_format", None),
            }
        )
    try:
        data_format = keras.config.image_data_format()
    except Exception:
        data_format = None
    return {
        "model": model_id,
        "framework": "keras",
        "class": type(model).__name__,
        "name": getattr(model, "name", None),
        "created_at": as_location(session.sites.get(model)),
        "data_format": data_format,
        "input_shape": _input_shape(model),
        "layers": layers,
    }


def _input_shape(model):
    try:
        inputs = model.inputs
        if inputs:
            return [None if d is None else int(d) for d in inputs[0].shape]
    except Exception:
        pass
    return None


def optimizer_fields(session, keras, optimizer, optimizer_id):
    schedule = getattr(optimizer, "_learning_rate", None)
    schedule_class = keras.optimizers.schedules.LearningRateSchedule
    return {
        "optimizer": optimizer_id,
        "class": type(optimizer).__name__,
        "learning_rate": learning_rate(keras, optimizer, step_back=False),
        "schedule": type(schedule).__name__ if isinstance(schedule, schedule_class) else None,
        "created_at": as_location(session.sites.get(optimizer)),
    }


def loss_fields(session, model):
    loss = getattr(model, "loss", None)
    compile_loss = getattr(model, "_compile_loss", None)
    compiled_at = as_location(session.sites.get(compile_loss)) if compile_loss is not None else None
    if loss is None:
        return None
    if isinstance(loss, str):
        name, from_logits, created_at = loss, False, compiled_at
    elif isinstance(loss, (dict, list, tuple)):
        name, from_logits, created_at = "multiple", None, compiled_at
    elif hasattr(loss, "get_config") and not inspect.isfunction(loss):
        name = getattr(loss, "name", None) or type(loss).__name__
        from_logits = getattr(loss, "from_logits", None)
        if from_logits is None:
            try:
                from_logits = loss.get_config().get("from_logits")
            except Exception:
                from_logits = None
        created_at = as_location(session.sites.get(loss)) or compiled_at
    else:
        name = getattr(loss, "__name__", None) or type(loss).__name__
        keywords = getattr(loss, "keywords", None) or {}
        from_logits = bool(keywords.get("from_logits", False))
        created_at = compiled_at
    return {
        "name": name,
        "class": None if isinstance(loss, str) else type(loss).__name__,
        "from_logits": from_logits,
        "created_at": created_at,
        "compiled_at": compiled_at,
    }


def metrics(logs):
    metrics = {}
    for key, value in (logs or {}).items():
        try:
            metrics[str(key)] = float(value)
        except (TypeError, ValueError):
            continue
    return metrics


def learning_rate(keras, optimizer, step_back=True):
    """The learning rate the optimizer's last step used (its next step's, if none yet)."""
    if optimizer is None:
        return None
    try:
        value = getattr(optimizer, "_learning_rate", None)
        schedule_class = keras.optimizers.schedules.LearningRateSchedule
        if isinstance(value, schedule_class):
            step = int(keras.ops.convert_to_numpy(optimizer.iterations))
            if step_back and step > 0:
                step -= 1
            value = value(step)
        elif callable(value) and not hasattr(value, "numpy") and not hasattr(value, "value"):
            value = value()
        else:
            value = optimizer.learning_rate
        return float(keras.ops.convert_to_numpy(value))
    except Exception:
        return None
