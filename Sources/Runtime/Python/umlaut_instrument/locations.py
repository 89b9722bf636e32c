"""Source locations in the user's code.

A frame is *user code* when its file lies under the script's directory (``UMLAUT_SCRIPT``,
else ``sys.argv[0]``) and not in an installed package (``site-packages``, ``dist-packages``),
the standard library or this package. Without a script file (``python -c``, a notebook) every
file outside those places counts. The decision is cached per file name, so finding the
innermost user frame costs a short walk up the stack.
"""

import os
import sys
import sysconfig

__all__ = ["UserCode", "as_location"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class UserCode:
    """Decides which files are the user's and finds user frames."""

    def __init__(self, script=None):
        script = script or os.environ.get("UMLAUT_SCRIPT") or _argv_script()
        self.script = os.path.abspath(script) if script else None
        root = os.path.dirname(os.path.realpath(self.script)) if self.script else None
        self.root = root
        self._roots = tuple({root, os.path.dirname(self.script)}) if self.script else ()
        excluded = {_PACKAGE_DIR, os.path.dirname(_PACKAGE_DIR) + os.sep + "sitecustomize.py"}
        for key in ("stdlib", "platstdlib", "purelib", "platlib"):
            try:
                path = sysconfig.get_paths().get(key)
            except Exception:
                path = None
            if path:
                excluded.add(path)
                excluded.add(os.path.realpath(path))
        self._excluded = tuple(sorted(excluded))
        self._cache = {}

    def is_user_file(self, filename):
        """Whether ``filename`` (a code object's ``co_filename``) is the user's."""
        known = self._cache.get(filename)
        if known is None:
            known = self._decide(filename)
            self._cache[filename] = known
        return known

    def _decide(self, filename):
        if not filename:
            return False
        if filename.startswith("<"):
            # <stdin>, <string>, <frozen ...>; notebooks cells (<ipython-input-...>) are user code.
            return filename.startswith("<ipython-input")
        path = os.path.abspath(filename)
        parts = path.split(os.sep)
        if "site-packages" in parts or "dist-packages" in parts:
            return False
        real = os.path.realpath(path)
        for excluded in self._excluded:
            if _under(path, excluded) or _under(real, excluded):
                return False
        if not self._roots:
            return True
        return any(_under(path, root) or _under(real, root) for root in self._roots)

    def frame(self):
        """The innermost user frame on the caller's stack, or ``None``.

        This package's own files are never user code, so the walk may start anywhere below.
        """
        frame = sys._getframe(1)
        while frame is not None:
            if self.is_user_file(frame.f_code.co_filename):
                return frame
            frame = frame.f_back
        return None

    def location(self):
        """``{"file", "line"}`` of the innermost user frame, or ``None``."""
        frame = self.frame()
        if frame is None:
            return None
        return {"file": _display(frame.f_code.co_filename), "line": frame.f_lineno}

    def site(self):
        """Like ``location`` but as a compact ``(file, line)`` tuple, cheap to store."""
        frame = self.frame()
        if frame is None:
            return None
        return (frame.f_code.co_filename, frame.f_lineno)

    def traceback_location(self, tb):
        """The innermost user frame of a traceback, as a location."""
        found = None
        while tb is not None:
            if self.is_user_file(tb.tb_frame.f_code.co_filename):
                found = {"file": _display(tb.tb_frame.f_code.co_filename), "line": tb.tb_lineno}
            tb = tb.tb_next
        return found


def as_location(site):
    """A stored ``(file, line)`` site as a protocol location (``None`` stays ``None``)."""
    if site is None:
        return None
    return {"file": _display(site[0]), "line": site[1]}


def _display(filename):
    return filename if filename.startswith("<") else os.path.abspath(filename)


def _under(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _argv_script():
    argv = getattr(sys, "argv", None) or []
    if argv and argv[0] and argv[0] not in ("-c", "-m") and os.path.isfile(argv[0]):
        return argv[0]
    return None

