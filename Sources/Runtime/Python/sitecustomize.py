"""Umlaut's ``sitecustomize``: starts the instrumentation under ``umlaut run``.

``umlaut run`` puts this directory first on the child's ``PYTHONPATH``. Python imports the
first ``sitecustomize`` it finds, which is this one, so this module first runs the one it
shadows (a distribution's or the user's), exactly as Python would have, and then, only when
``UMLAUT_EVENTS`` is set, starts the instrumentation. Nothing here may stop the script: a
failure is one line on stderr.
"""


def _run_shadowed():
    import importlib.machinery
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    paths = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", paths)
    if spec is None or spec.loader is None or spec.origin == __file__:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    try:
        spec.loader.exec_module(module)
    except ImportError as error:
        if error.name != "sitecustomize":
            _report(error)
    except Exception as error:
        _report(error)


def _report(error):
    # What site.execsitecustomize() prints for a failing sitecustomize.
    import sys

    if sys.flags.verbose:
        sys.excepthook(*sys.exc_info())
    else:
        sys.stderr.write(
            "Error in sitecustomize; set PYTHONVERBOSE for traceback:\n"
            f"{error.__class__.__name__}: {error}\n"
        )


def _start():
    import os
    import sys

    if not os.environ.get("UMLAUT_EVENTS"):
        return
    try:
        from umlaut_instrument import session

        session.start()
    except Exception as error:
        sys.stderr.write(f"umlaut: instrumentation could not attach: {type(error).__name__}: {error}\n")


_run_shadowed()
_start()
