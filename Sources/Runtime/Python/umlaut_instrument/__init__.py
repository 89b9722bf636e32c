"""Umlaut's instrumentation: observes a Keras or PyTorch training run and sends measurements.

Under ``umlaut run`` it starts by itself (``sitecustomize`` with ``UMLAUT_EVENTS`` set); the
protocol is Docs/RuntimeEvents.md. For the explicit integration see ``api``: ``start()``,
``log()``, ``epoch_end()`` and ``KerasCallback`` (created on first use, so importing this
package never imports a framework).
"""

from . import importhook
from .api import epoch_end, log, start
from .session import PROTOCOL

__all__ = ["start", "log", "epoch_end", "KerasCallback", "PROTOCOL"]


def _attach_keras(session, module):
    from . import keras_hooks

    keras_hooks.attach(session, module)


def _attach_torch(session, module):
    from . import torch_hooks

    torch_hooks.attach(session, module)


importhook.register("keras", _attach_keras)
importhook.register("torch", _attach_torch)


def __getattr__(name):
    if name == "KerasCallback":
        from . import keras_hooks

        return keras_hooks.callback_class()
    raise AttributeError(f"module 'umlaut_instrument' has no attribute {name!r}")
