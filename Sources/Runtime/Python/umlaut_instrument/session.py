"""The instrumentation's process-wide state: the channel, ids, creation sites, start and exit.

There is one ``Session`` per process, created by ``start()`` (from ``sitecustomize`` when
``UMLAUT_EVENTS`` is set, or by the explicit API). Everything the hooks do goes through it, and
every hook first asks ``session.active``: once the channel breaks, the hooks fall through to
the framework's own code at the cost of one attribute read.

Threading: ``emit`` may be called from any thread (Keras dispatches batch callbacks on a
worker thread, tf.data calls Python from its own threads); the channel serialises writes.
The remaining state is touched from the thread that trains, or under ``lock``.
"""

import atexit
import os
import sys
import threading
import time
import weakref

from .channel import ChannelError, open_channel
from .locations import UserCode

__all__ = ["Session", "current", "start", "PROTOCOL"]

PROTOCOL = 1
# Where an explicit start sends events when neither ``events`` nor ``UMLAUT_EVENTS`` says.
DEFAULT_EVENTS = "file:.umlaut/events.jsonl"

_session = None
_start_lock = threading.Lock()


class Sites:
    """Where objects were created: a weak map from object to ``(file, line)``."""

    def __init__(self):
        self._map = weakref.WeakKeyDictionary()

    def note(self, obj, site):
        if site is None:
            return
        try:
            self._map[obj] = site
        except TypeError:  # not weak-referenceable or not hashable: no site for it
            pass

    def get(self, obj):
        try:
            return self._map.get(obj)
        except TypeError:
            return None


class Ids:
    """Short stable ids (``m1``, ``o1``) for models and optimizers, by object identity."""

    def __init__(self):
        self._map = weakref.WeakKeyDictionary()
        self._plain = {}
        self._counters = {}
        self._lock = threading.Lock()

    def get(self, obj, prefix):
        """The id of ``obj``, allocating the next ``prefix<N>`` the first time."""
        with self._lock:
            try:
                known = self._map.get(obj)
            except TypeError:
                known = self._plain.get(id(obj))
            if known is not None:
                return known
            number = self._counters.get(prefix, 0) + 1
            self._counters[prefix] = number
            ident = f"{prefix}{number}"
            try:
                self._map[obj] = ident
            except TypeError:
                self._plain[id(obj)] = ident
            return ident


class Session:
    """The running instrumentation of this process."""

    def __init__(self, channel, options, script=None):
        self.channel = channel
        self.options = options
        self.user_code = UserCode(script)
        self.sites = Sites()
        self.ids = Ids()
        self.lock = threading.RLock()
        #: > 0 while Keras trains: the PyTorch hooks must not report Keras' own torch calls.
        self.keras_depth = 0
        self.exit_code = None
        self._warned = False
        self._finalizers = []
        self._frameworks = {}

    @property
    def active(self):
        """False once the channel is broken: hooks then do nothing."""
        return not self.channel.broken

    def emit(self, event, **fields):
        """Sends one event; returns whether it was sent. Never raises."""
        return self.channel.send({"event": event, "time": time.time(), **fields})

    def warn_once(self, reason):
        """Writes the one stderr line allowed to the instrumentation (at most once)."""
        if self._warned:
            return
        self._warned = True
        try:
            sys.stderr.write(f"umlaut: instrumentation could not attach: {reason}\n")
            sys.stderr.flush()
        except Exception:
            pass

    def attach_failed(self, framework, error):
        """A framework's hooks could not be installed: one event, one stderr line."""
        reason = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else str(error)
        self.emit("attach_failed", framework=framework, reason=reason)
        self.warn_once(f"{framework}: {reason}")

    def at_exit(self, function):
        """Runs ``function()`` before the ``exit`` event (flushing pending epochs, say)."""
        self._finalizers.append(function)

    def framework_attached(self, name):
        return name in self._frameworks

    def mark_framework(self, name, state):
        self._frameworks[name] = state

    def finish(self):
        """Sends pending measurements, the ``crash`` event if the script died of an exception, and
        the ``exit`` event. Called once, at exit."""
        for function in reversed(self._finalizers):
            try:
                function()
            except Exception:
                pass
        try:
            from . import crash

            crash.report(self)
        except Exception:
            pass
        self.emit("exit", **self._exit_fields())
        self.channel.close()

    def _exit_fields(self):
        error = getattr(sys, "last_value", None)
        if error is not None and not isinstance(error, SystemExit):
            return {
                "status": "exception",
                "exception": {
                    "type": type(error).__name__,
                    "message": _message(error),
                    "location": self.user_code.traceback_location(error.__traceback__),
                },
            }
        if self.exit_code is not None:
            return {"status": "exit", "code": self.exit_code}
        return {"status": "ok"}


def _message(error):
    try:
        return str(error)[:2000]
    except Exception:
        return ""


def current():
    """The running session, or ``None``."""
    return _session


def start(events=None, script=None, quiet_if_unset=True):
    """Starts the instrumentation once per process; returns the session or ``None``.

    ``events`` is a channel spec (``fd:3``, ``unix:/path``, ``file:/path``); when omitted,
    ``UMLAUT_EVENTS`` is used. When that is unset too, ``sitecustomize`` (``quiet_if_unset``)
    starts nothing, while an explicit start (``umlaut_instrument.start()``, a ``KerasCallback``
    used without one) writes to ``DEFAULT_EVENTS``. If the channel cannot be opened, one line
    goes to stderr and the script runs uninstrumented.
    """
    global _session
    with _start_lock:
        if _session is not None:
            return _session
        if events is None and not quiet_if_unset and not os.environ.get("UMLAUT_EVENTS"):
            events = DEFAULT_EVENTS
        from_environment = events is None
        spec = events if events is not None else os.environ.get("UMLAUT_EVENTS")
        if not spec:
            return None
        if from_environment:
            # Processes the script starts (spawned data-loader workers, subprocesses) are not
            # instrumented: they would write into a descriptor that is not ours.
            os.environ.pop("UMLAUT_EVENTS", None)
        try:
            channel = open_channel(spec)
        except ChannelError as error:
            _warn(str(error))
            return None
        options = {"sample_batches": _int_option("UMLAUT_SAMPLE_BATCHES", 8, 1, 1000)}
        session = Session(channel, options, script)
        _session = session
    session.emit(
        "hello",
        protocol=PROTOCOL,
        pid=os.getpid(),
        python=".".join(str(part) for part in sys.version_info[:3]),
        script=session.user_code.script,
        argv=list(getattr(sys, "argv", []) or []),
    )
    _watch_exit(session)
    from . import importhook

    importhook.install(session)
    return session


def _watch_exit(session):
    original_exit = sys.exit

    def exit(status=None):  # noqa: A001 - the same name as the function it stands for
        session.exit_code = _exit_code(status)
        original_exit(status)

    exit.__doc__ = original_exit.__doc__
    sys.exit = exit
    atexit.register(session.finish)


def _exit_code(status):
    if status is None:
        return 0
    if isinstance(status, int):
        return status
    return 1


def _int_option(name, default, low, high):
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        return default
    return min(max(value, low), high)


def _warn(reason):
    try:
        sys.stderr.write(f"umlaut: instrumentation could not attach: {reason}\n")
        sys.stderr.flush()
    except Exception:
        pass
