"""Installs the framework hooks when, and only if, the script imports a framework.

A finder at the front of ``sys.meta_path`` waits for the top-level ``keras`` and ``torch``
packages. When one is imported it lets the normal finders locate it, then wraps the loader so
that, right after the package has finished executing, the matching hooks are installed. The
wrapper puts the real loader back on the module before running it, so nothing about the
module differs; a framework that is never imported is never loaded. Once both frameworks are
hooked the finder removes itself. Importing the user's own modules costs one dictionary
lookup each.
"""

import sys

from .wrapping import hide_frame

__all__ = ["install", "register"]

# Top-level package name -> attach(session, module). Filled by the package (``__init__``), so
# that this module imports no hooks module: the hooks import the session layer, which installs
# this finder, and a static import back to them would close a cycle.
_frameworks = {}


def register(name, attach):
    """Makes ``attach(session, module)`` run when the package ``name`` is (or was) imported."""
    _frameworks[name] = attach


def install(session):
    """Hooks frameworks already imported now, and the others when they are imported."""
    pending = {}
    for name, attach in _frameworks.items():
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__spec__", None) is not None:
            attach(session, module)
        else:
            pending[name] = attach
    if pending:
        sys.meta_path.insert(0, FrameworkFinder(session, pending))


class FrameworkFinder:
    """A meta-path finder that notices framework imports; it never finds anything itself."""

    def __init__(self, session, pending):
        self._session = session
        self._pending = dict(pending)

    def find_spec(self, fullname, path=None, target=None):
        attach = self._pending.get(fullname)
        if attach is None:
            return None
        spec = None
        for finder in list(sys.meta_path):
            if finder is self:
                continue
            find = getattr(finder, "find_spec", None)
            if find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        # find_spec() is also called by code that only asks where a package is (TensorFlow
        # does so for keras), so the hook stays pending until the module is executed.
        spec.loader = _NotifyingLoader(spec.loader, lambda module: self._loaded(fullname, module))
        return spec

    def _loaded(self, fullname, module):
        attach = self._pending.pop(fullname, None)
        if not self._pending:
            self._remove()
        if attach is not None:
            attach(self._session, module)

    def invalidate_caches(self):
        pass

    def _remove(self):
        try:
            sys.meta_path.remove(self)
        except ValueError:
            pass


class _NotifyingLoader:
    """Runs the real loader, then a callback with the fully imported module."""

    def __init__(self, loader, callback):
        self._loader = loader
        self._callback = callback

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        loader = self._loader
        try:
            module.__loader__ = loader
            if module.__spec__ is not None:
                module.__spec__.loader = loader
        except AttributeError:
            pass
        try:
            loader.exec_module(module)
        except BaseException as error:
            hide_frame(error)
            raise
        self._callback(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)
