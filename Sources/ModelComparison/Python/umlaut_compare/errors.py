"""The one exception the pipeline raises for bad input: its message is shown to the user as is."""

import os

REQUIREMENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requirements.txt")


class CompareError(Exception):
    """Bad input or a missing package; ``kind`` is a short machine-readable name."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


def require(module, package):
    """Imports ``module`` or raises a CompareError saying what to install."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise CompareError(
            "missing-package",
            f"the Python running umlaut compare cannot import {module} ({error}); "
            f"install {package}, or everything it needs: pip install -r {REQUIREMENTS}",
        ) from None
