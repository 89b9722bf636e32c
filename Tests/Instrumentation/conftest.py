"""Shared helpers for the instrumentation's tests: running scripts with and without it.

Every test that trains runs a real script (Tests/RuntimeTests/Scripts) in a child process with
real Keras (TensorFlow backend) or PyTorch. Runs are memoised per test session, so several
tests can assert on one run. ``instrumented=False`` runs the script the plain way (the package
is not on the path at all), the baseline for "nothing changes".

Test modules declare the runs they need with ``prefetch(__name__, ...)``; the runs of the
selected modules start in the background, ``UMLAUT_TEST_JOBS`` (default 2) at a time, so the
framework start-up of one script overlaps another's training.
"""

import json
import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "Sources" / "Runtime" / "Python"
SCRIPTS = REPO / "Tests" / "RuntimeTests" / "Scripts"
PYTHON = sys.executable

sys.path.insert(0, str(PACKAGE))


@dataclass
class Run:
    """A finished script run: exit status, output and the parsed event stream."""

    returncode: int
    stdout: bytes
    stderr: bytes
    events: list = field(default_factory=list)
    raw_events: bytes = b""

    def of(self, kind, **where):
        """Events of one kind, optionally filtered by field values."""
        return [e for e in self.events if e["event"] == kind and all(e.get(k) == v for k, v in where.items())]

    def one(self, kind, **where):
        found = self.of(kind, **where)
        assert len(found) == 1, f"expected one {kind} {where}, got {len(found)}: {self.kinds()}"
        return found[0]

    def kinds(self):
        return [e["event"] for e in self.events]

    def model_ids(self):
        """Model ids in the order their training began."""
        return [e["model"] for e in self.of("train_begin")]

    def epochs(self, model):
        return sorted(self.of("epoch", model=model), key=lambda e: e["epoch"])

    def stderr_without_framework_noise(self):
        return filter_framework_noise(self.stderr)


_NOISE = re.compile(
    rb"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    rb"|[IWE]\d{4} [0-9:. ]+\d+ [\w.]+:\d+\].*"
    rb"|To enable the following instructions:.*)$"
)


def filter_framework_noise(stderr):
    """stderr without TensorFlow's C++ log lines (they carry timestamps and process ids)."""
    return b"\n".join(line for line in stderr.split(b"\n") if not _NOISE.match(line))


def parse_events(raw):
    """Parses JSON lines strictly: every line one object with ``event`` and a float ``time``."""
    events = []
    for line in raw.split(b"\n"):
        if not line:
            continue
        for token in (b"NaN", b"Infinity"):
            assert token not in line, f"bare {token!r} in an event line: {line[:200]!r}"
        event = json.loads(line)
        assert isinstance(event, dict) and isinstance(event.get("event"), str), line[:200]
        assert isinstance(event.get("time"), float), line[:200]
        events.append(event)
    return events


def base_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("UMLAUT_") and k != "PYTHONPATH"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONUNBUFFERED"] = "0"
    return env


def run_script(
    script,
    *args,
    instrumented=True,
    events_path=None,
    events_spec=None,
    python=PYTHON,
    env_extra=None,
    cwd=None,
    timeout=600,
    package_on_path=None,
):
    """Runs a script to completion; with ``instrumented`` its events go to ``events_path``."""
    script = Path(script)
    if not script.is_absolute():
        script = SCRIPTS / script
    env = base_environment()
    if package_on_path is None:
        package_on_path = instrumented
    if package_on_path:
        env["PYTHONPATH"] = str(PACKAGE)
    if instrumented:
        env["UMLAUT_EVENTS"] = events_spec or f"file:{events_path}"
        env["UMLAUT_SCRIPT"] = str(script)
    env.update(env_extra or {})
    completed = subprocess.run(
        [python, str(script), *args],
        cwd=cwd or script.parent,
        env=env,
        capture_output=True,
        timeout=timeout,
    )
    raw = b""
    if events_path is not None and Path(events_path).exists():
        raw = Path(events_path).read_bytes()
    return Run(completed.returncode, completed.stdout, completed.stderr, parse_events(raw), raw)


class Runs:
    """Memoised script runs for the test session (thread-safe, so runs can be started early)."""

    def __init__(self, directory):
        self._directory = directory
        self._runs = {}
        self._lock = threading.Lock()
        self._locks = {}

    def get(self, script, *args, instrumented=True):
        key = (script, args, instrumented)
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._runs:
                name = "-".join([Path(script).stem, *args, "on" if instrumented else "off"])
                events = self._directory / f"{name}.jsonl"
                self._runs[key] = run_script(
                    script, *args, instrumented=instrumented, events_path=events if instrumented else None
                )
            return self._runs[key]


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    return Runs(tmp_path_factory.mktemp("runs"))


_PREFETCH = {}


def prefetch(module, *runs):
    """Declares runs a test module needs: ``(script, args, instrumented)`` tuples."""
    _PREFETCH.setdefault(module, []).extend(runs)


@pytest.fixture(scope="session", autouse=True)
def _prefetched_runs(request, runs):
    selected = {item.module.__name__ for item in request.session.items}
    jobs = [job for module in selected for job in _PREFETCH.get(module, [])]
    workers = int(os.environ.get("UMLAUT_TEST_JOBS", "2"))
    if workers < 2 or not jobs:
        yield
        return
    jobs.sort(key=lambda job: job[0] in ("keras_symptoms.py", "torch_symptoms.py"), reverse=True)
    executor = ThreadPoolExecutor(workers, thread_name_prefix="prefetch")
    for script, args, instrumented in jobs:
        executor.submit(runs.get, script, *args, instrumented=instrumented)
    yield
    executor.shutdown(wait=False, cancel_futures=True)


def line_of(script, text, occurrence=1):
    """The 1-based line of the ``occurrence``-th line of ``script`` containing ``text``."""
    path = Path(script) if Path(script).is_absolute() else SCRIPTS / script
    seen = 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{text!r} not found {occurrence} times in {path.name}")


def location(script, text, occurrence=1):
    """The protocol location of a line of a script."""
    path = Path(script) if Path(script).is_absolute() else SCRIPTS / script
    return {"file": str(path), "line": line_of(path, text, occurrence)}


def assert_stream_shape(run, framework):
    """hello first, exit last, the framework attached once, nothing failed to attach."""
    kinds = run.kinds()
    assert kinds[0] == "hello", kinds[:3]
    assert kinds[-1] == "exit", kinds[-3:]
    assert run.events[0]["protocol"] == 1
    attached = run.of("attached")
    assert [e["framework"] for e in attached] == [framework]
    assert not run.of("attach_failed")


def symptom_runs(runs, script, framework, symptoms):
    """The run of a symptoms script (one model per symptom, in order) and its model ids by symptom."""
    run = runs.get(script, *symptoms)
    assert run.returncode == 0, run.stderr[-3000:]
    assert_stream_shape(run, framework)
    ids = run.model_ids()
    assert len(ids) == len(symptoms)
    return run, dict(zip(symptoms, ids))


def symptom(symptoms, name):
    """The run, model id and epoch events of one symptom of a `symptom_runs` result."""
    run, ids = symptoms
    return run, ids[name], run.epochs(ids[name])
