"""A training script whose framework is not installed: it fails at import, as it would without umlaut."""
import keras_that_is_not_installed  # noqa: F401

print("unreachable")
