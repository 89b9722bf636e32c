"""The explicit integration, for scripts run without ``umlaut run``.

Three lines::

    import umlaut_instrument
    umlaut_instrument.start(events="file:.umlaut/events.jsonl")
    model.fit(x, y, callbacks=[umlaut_instrument.KerasCallback()])   # PyTorch needs nothing more

``umlaut import .umlaut/events.jsonl`` then stores the file as a session. Under ``umlaut run``
the same calls are harmless: ``start()`` returns the running session and ``fit`` recognises the
callback instead of adding its own.
"""

from . import session as _session
from .session import DEFAULT_EVENTS

__all__ = ["start", "log", "epoch_end", "DEFAULT_EVENTS"]


def start(events=None, script=None):
    """Starts the instrumentation (once per process) and returns whether it runs.

    ``events`` is where events go (``file:PATH``, ``unix:PATH`` or ``fd:N``); by default
    ``$UMLAUT_EVENTS`` or ``file:.umlaut/events.jsonl``. ``script`` is the file whose
    directory counts as the user's code (default: the running script). Frameworks imported
    already are hooked at once, the others when they are imported.
    """
    return _session.start(events=events, script=script, quiet_if_unset=False) is not None


def log(epoch=None, **metrics):
    """Sends metrics the hooks cannot see (``log(epoch=3, val_accuracy=0.91)``)."""
    running = _session.current()
    if running is None:
        return False
    fields = {"metrics": {key: value for key, value in metrics.items()}}
    if epoch is not None:
        fields["epoch"] = epoch
    location = running.user_code.location()
    if location is not None:
        fields["location"] = location
    return running.emit("log", **fields)


def epoch_end(**metrics):
    """Ends the current PyTorch epoch now, adding ``metrics`` (e.g. ``val_loss=...``).

    Loops that do not iterate a ``DataLoader`` call this once per epoch; with a ``DataLoader``
    epochs are found on their own, and this only adds metrics and ends the epoch early.
    """
    if _session.current() is None:
        return
    from . import torch_hooks

    torch_hooks.epoch_end(metrics)

