"""``python -m umlaut_compare REQUEST.json``: exit 0 with the outputs written, 2 with an ``error``
event (and the message on stderr) for bad input, 1 on an unexpected failure (traceback on
stderr)."""

import json
import os
import sys

from .errors import CompareError
from .events import Events


def _redirect_output():
    """With ``UMLAUT_COMPARE_LOG`` set (by umlaut), the frameworks' chatter on stdout and stderr
    goes to that file; umlaut shows its end only when the helper fails unexpectedly."""
    path = os.environ.get("UMLAUT_COMPARE_LOG")
    if not path:
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    sys.stdout.flush()
    sys.stderr.flush()
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)


def main(argv):
    _redirect_output()
    events = Events()
    if len(argv) != 1:
        sys.stderr.write("usage: python -m umlaut_compare REQUEST.json\n")
        return 2
    try:
        with open(argv[0]) as handle:
            request = json.load(handle)
        from . import pipeline

        pipeline.run(request, events)
        return 0
    except CompareError as error:
        events.send("error", kind=error.kind, message=error.message)
        sys.stderr.write(f"umlaut_compare: {error.message}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
