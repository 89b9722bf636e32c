"""The script's uncaught exception, sent as one ``crash`` event.

Nothing is hooked: when the script ends with an uncaught exception, Python prints it (through
whatever ``sys.excepthook`` the script has) and keeps it as ``sys.last_value`` before the
interpreter shuts down and ``atexit`` runs ``Session.finish``, which calls ``report``. So what
the user sees on stderr and the exit status are untouched, and a script's own excepthook keeps
working.

The event carries the exception's type, its message made readable (terminal colours removed,
Keras' dump of the call's arguments and TensorFlow's graph-construction trace dropped: they
repeat what the traceback says), the innermost frame in the user's code with the columns of the
failing expression, and the chain of frames (innermost last, at most ``MAX_FRAMES``).
"""

import re

__all__ = ["report", "clean_message", "MAX_FRAMES"]

MAX_FRAMES = 40
MAX_MESSAGE = 4000

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Keras 3: "Arguments received by Sequential.call():\n  • inputs=...\n  • kwargs=<class 'inspect._empty'>"
_KERAS_ARGUMENTS = re.compile(r"\n*Arguments received by [^\n]*:\n(?:[ \t]+\u2022[^\n]*(?:\n|$))*", re.S)
# TensorFlow: "Detected at node X defined at (most recent call last):\n  File ..., line N, in f\n\n..."
_TF_TRACE = re.compile(r"Detected at node (\S+) defined at \(most recent call last\):\n(?:(?:[ \t]+File [^\n]*|[ \t]*)\n)*")


def report(session):
    """Sends the ``crash`` event for the exception the script died of, if any."""
    import sys

    error = getattr(sys, "last_value", None)
    if error is None or isinstance(error, (SystemExit, KeyboardInterrupt)):
        return
    tb = error.__traceback__
    frames = []
    location = None
    while tb is not None:
        code = tb.tb_frame.f_code
        is_user = session.user_code.is_user_file(code.co_filename)
        frame = {"file": _display(code.co_filename), "line": tb.tb_lineno, "function": code.co_name, "user": is_user}
        frames.append(frame)
        if is_user:
            location = dict(frame)
            location.pop("user")
            location.update(_columns(code, tb.tb_lasti, tb.tb_lineno))
        tb = tb.tb_next
    cls = type(error)
    session.emit(
        "crash",
        type=cls.__name__,
        qualified_type=f"{cls.__module__}.{cls.__qualname__}",
        message=clean_message(_text(error)),
        location=location,
        frames=frames[-MAX_FRAMES:],
    )


def clean_message(text):
    """The message without terminal colours, Keras' argument dump or TensorFlow's node trace."""
    text = _ANSI.sub("", text)
    text = _KERAS_ARGUMENTS.sub("\n", text)
    text = _TF_TRACE.sub(lambda match: f"at node {match.group(1)}:\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text[:MAX_MESSAGE]


def _columns(code, lasti, line):
    """The failing expression's 0-based UTF-8 columns on its first line (Python 3.11+)."""
    try:
        positions = list(code.co_positions())[lasti // 2]
    except Exception:
        return {}
    start_line, end_line, column, end_column = positions
    if start_line != line or column is None or end_column is None:
        return {}
    return {"column": column, "end_line": end_line, "end_column": end_column}


def _text(error):
    try:
        return str(error)
    except Exception:
        return ""


def _display(filename):
    import os

    return filename if filename.startswith("<") else os.path.abspath(filename)
