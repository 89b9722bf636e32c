"""Where events go: JSON lines to an inherited pipe, a Unix socket or a file.

The event channel is named by ``UMLAUT_EVENTS`` (see Docs/RuntimeEvents.md):

* ``fd:N``        a pipe (or any writable descriptor) inherited from ``umlaut run``;
* ``unix:/path``  a Unix stream socket to connect to;
* ``file:/path``  a file to append to (created with its directory if needed).

A channel never raises into the user's script. When the other end goes away (broken pipe,
closed socket, full disk) it stops sending, silently, and the script goes on. Only the
process that opened the channel writes to it: a child forked by the script (a data-loader
worker, say) inherits the object but sends nothing.
"""

import json
import math
import os
import threading

__all__ = ["Channel", "ChannelError", "open_channel", "encode"]


class ChannelError(Exception):
    """The channel named by ``UMLAUT_EVENTS`` cannot be opened; the message says why."""


class Channel:
    """A write-only stream of JSON lines. Thread-safe; ``send`` never raises.

    ``write`` is a function taking ``bytes`` that writes all of them or raises ``OSError``;
    ``close`` releases the underlying resource.
    """

    def __init__(self, spec, write, close):
        self.spec = spec
        self._write = write
        self._close = close
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self.broken = False

    def send(self, event):
        """Encodes ``event`` (a dict) as one line and writes it. Returns whether it was sent."""
        if self.broken or os.getpid() != self._pid:
            return False
        try:
            line = encode(event)
        except Exception:  # an unencodable value is our bug; never the script's problem
            return False
        with self._lock:
            if self.broken:
                return False
            try:
                self._write(line)
                return True
            except (OSError, ValueError):
                # EPIPE, ECONNRESET, ENOSPC, a closed descriptor: the reader is gone.
                self.broken = True
                return False

    def close(self):
        """Closes the channel (only in the process that opened it)."""
        if os.getpid() != self._pid:
            return
        with self._lock:
            self.broken = True
            try:
                self._close()
            except (OSError, ValueError):
                pass


def open_channel(spec):
    """Opens the channel named by ``spec``; raises ``ChannelError`` with a short reason."""
    kind, sep, target = spec.partition(":")
    if not sep or not target:
        raise ChannelError(f"UMLAUT_EVENTS={spec!r} is not fd:N, unix:PATH or file:PATH")
    if kind == "fd":
        return _open_fd(spec, target)
    if kind == "unix":
        return _open_unix(spec, target)
    if kind == "file":
        return _open_file(spec, target)
    raise ChannelError(f"UMLAUT_EVENTS={spec!r}: unknown channel kind {kind!r}")


def _write_all(fd):
    def write(data):
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]

    return write


def _open_fd(spec, target):
    try:
        fd = int(target)
    except ValueError:
        raise ChannelError(f"UMLAUT_EVENTS={spec!r}: {target!r} is not a descriptor number") from None
    try:
        os.fstat(fd)
    except OSError as error:
        raise ChannelError(f"descriptor {fd} is not open ({error.strerror})") from None
    try:
        # Programs the script starts must not keep the pipe open (umlaut waits for its end).
        os.set_inheritable(fd, False)
    except OSError:
        pass
    return Channel(spec, _write_all(fd), lambda: os.close(fd))


def _open_unix(spec, target):
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(target)
    except OSError as error:
        sock.close()
        raise ChannelError(f"cannot connect to {target}: {error.strerror or error}") from None
    return Channel(spec, sock.sendall, sock.close)


def _open_file(spec, target):
    path = os.path.abspath(target)
    try:
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise ChannelError(f"cannot open {path}: {error.strerror or error}") from None
    return Channel(spec, _write_all(fd), lambda: os.close(fd))


def encode(event):
    """One JSON line (bytes, ``\\n``-terminated); NaN and infinities become strings."""
    text = json.dumps(_clean(event), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8", "replace")


def _clean(value):
    """Converts ``value`` into plain JSON types (numpy and tensor scalars included)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        return {str(key): _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    # numpy scalars, 0-d arrays and tensors: anything with item() or __float__.
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _clean(item())
        except Exception:
            pass
    try:
        return _number(float(value))
    except Exception:
        return str(value)


def _number(number):
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return number
