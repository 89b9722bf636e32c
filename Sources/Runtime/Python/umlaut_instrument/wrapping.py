"""Wrapping framework functions without leaving a trace in the user's tracebacks.

Every wrapper the instrumentation puts around a framework function (``Model.fit``,
``Tensor.backward``, a data-loader iterator's ``__next__``...) lets exceptions through
unchanged, and removes its own frame from their traceback, so an error in the user's training
prints exactly the traceback it prints without Umlaut. The pattern is::

    try:
        return original(*args, **kwargs)
    except BaseException as error:
        hide_frame(error)
        raise

A bare ``raise`` re-raises with the exception's ``__traceback__`` as it is then, without
adding the current frame again, so dropping the head entry (this frame) is enough.
"""

import functools
import sys

__all__ = ["hide_frame", "guarded", "replace"]


def hide_frame(error):
    """Drops the caller's frame from the head of ``error``'s traceback."""
    tb = error.__traceback__
    if tb is not None and tb.tb_frame is sys._getframe(1):
        error.__traceback__ = tb.tb_next


def guarded(function):
    """Decorates an instrumentation function so it can never raise into the script.

    Errors in the instrumentation's own code are dropped: a measurement is lost, the
    training goes on.
    """

    @functools.wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            if _debug():
                import traceback

                traceback.print_exc()
            return None

    return run


def _debug():
    import os

    return os.environ.get("UMLAUT_DEBUG") == "1"


def replace(owner, name, make_wrapper):
    """Sets ``owner.name`` to ``make_wrapper(original)``; returns the original.

    The wrapper keeps the original's name, docstring and signature (``functools.wraps``).
    """
    original = owner.__dict__.get(name, getattr(owner, name))
    unwrapped = original.__func__ if isinstance(original, (staticmethod, classmethod)) else original
    wrapper = make_wrapper(unwrapped)
    functools.update_wrapper(wrapper, unwrapped)
    if isinstance(original, staticmethod) or name == "__new__":
        wrapper = staticmethod(wrapper)
    elif isinstance(original, classmethod):
        wrapper = classmethod(wrapper)
    setattr(owner, name, wrapper)
    return unwrapped
