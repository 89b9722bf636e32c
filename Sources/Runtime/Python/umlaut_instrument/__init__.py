"""Umlaut's instrumentation: observes a Keras or PyTorch training run and sends measurements.

Under ``umlaut run`` it starts by itself (``sitecustomize`` with ``UMLAUT_EVENTS`` set); the
protocol is Docs/RuntimeEvents.md. For the explicit integration see ``api``: ``start()``,
``log()``, ``epoch_end()`` and ``KerasCallback`` (created on first use, so importing this
package never imports a framework).
"""

from .api import epoch_end, log, start
from .session import PROTOCOL

__all__ = ["start", "log", "epoch_end", "KerasCallback", "PROTOCOL"]


def __getattr__(name):
    if name == "KerasCallback":
        from . import keras_hooks

        return keras_hooks.callback_class()
    raise AttributeError(f"module 'umlaut_instrument' has no attribute {name!r}")
