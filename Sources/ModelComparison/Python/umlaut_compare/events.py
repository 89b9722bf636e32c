"""Progress and notes for umlaut, as JSON lines on the descriptor ``UMLAUT_EVENTS=fd:N`` names.

Without that variable (running the helper by hand) events go to stderr. Writing never raises:
when umlaut is gone the pipeline simply runs on (umlaut stops it with a signal when it wants).
"""

import json
import os
import sys


class Events:
    def __init__(self):
        self._fd = None
        spec = os.environ.get("UMLAUT_EVENTS", "")
        if spec.startswith("fd:"):
            try:
                fd = int(spec[3:])
                os.fstat(fd)
                os.set_inheritable(fd, False)
                self._fd = fd
            except (ValueError, OSError):
                self._fd = None

    def send(self, event, **fields):
        line = (json.dumps({"event": event, **fields}, allow_nan=False, default=str) + "\n").encode()
        try:
            if self._fd is None:
                sys.stderr.write(line.decode())
                sys.stderr.flush()
                return
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]
        except (OSError, ValueError):
            self._fd = None

    def progress(self, stage, done, total, model=None):
        self.send("progress", stage=stage, done=done, total=total, model=model)

    def note(self, message):
        self.send("note", message=message)
