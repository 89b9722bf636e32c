"""Umlaut instrumentation (being written; see Docs/RuntimeEvents.md)."""
