"""The script's behaviour with the instrumentation is its behaviour without it.

Same stdout (byte for byte), same results (seeded runs print losses and a weight checksum),
same exit status and the same traceback; and when the instrumentation cannot work (a broken or
unwritable channel, a missing framework, hooks that cannot attach) the script still runs, with
at most one line on stderr.
"""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import (
    PACKAGE,
    PYTHON,
    SCRIPTS,
    base_environment,
    filter_framework_noise,
    parse_events,
    prefetch,
    run_script,
)
from test_keras import INPUT_KINDS
from test_torch import SYMPTOMS as TORCH_SYMPTOMS

ATTACH_LINE = b"umlaut: instrumentation could not attach: "
SAME_RESULTS = [
    ("keras_healthy.py", ()),
    ("program_a.py", ()),  # dropout: the training RNG must not be disturbed
    ("keras_inputs.py", tuple(INPUT_KINDS)),  # tf.data gains a step; generators are wrapped
    ("torch_healthy.py", ()),
    ("torch_symptoms.py", tuple(TORCH_SYMPTOMS)),
]
FAULTS = ["ok", "exit3", "raise", "dataset_error", "backward_twice", "flood", "binary"]

prefetch(
    __name__,
    *[(script, args, instrumented) for script, args in SAME_RESULTS for instrumented in (False, True)],
    *[("faults.py", (mode,), instrumented) for mode in FAULTS for instrumented in (False, True)],
    ("keras_fault.py", (), False),
    ("keras_fault.py", (), True),
    ("torch_symptoms.py", ("overfitting",), False),
)


def assert_same(plain, instrumented, compare_stderr=False):
    assert instrumented.returncode == plain.returncode
    assert instrumented.stdout == plain.stdout
    assert ATTACH_LINE not in instrumented.stderr
    if compare_stderr:
        assert filter_framework_noise(instrumented.stderr) == filter_framework_noise(plain.stderr)


@pytest.mark.parametrize("script, args", SAME_RESULTS)
def test_seeded_results_and_stdout_are_identical(runs, script, args):
    plain = runs.get(script, *args, instrumented=False)
    instrumented = runs.get(script, *args)
    assert plain.returncode == 0, plain.stderr[-2000:]
    assert b"weights " in plain.stdout
    assert_same(plain, instrumented)
    assert instrumented.of("epoch"), "the instrumented run must really have been instrumented"


@pytest.mark.parametrize(
    "mode, code, status",
    [
        ("ok", 0, "ok"),
        ("exit3", 3, "exit"),
        ("raise", 1, "exception"),
        ("dataset_error", 1, "exception"),  # raised inside the data loader's iteration
        ("backward_twice", 1, "exception"),  # raised inside Tensor.backward
    ],
)
def test_exit_status_and_traceback_are_preserved(runs, mode, code, status):
    plain = runs.get("faults.py", mode, instrumented=False)
    instrumented = runs.get("faults.py", mode)
    assert plain.returncode == code
    assert_same(plain, instrumented, compare_stderr=True)
    exit_event = instrumented.one("exit")
    assert exit_event["status"] == status
    if status == "exit":
        assert exit_event["code"] == 3
    if status == "exception":
        assert b"Traceback (most recent call last)" in instrumented.stderr
        assert b"umlaut_instrument" not in instrumented.stderr
        assert exit_event["exception"]["location"]["file"] == str(SCRIPTS / "faults.py")


def test_exception_inside_fit_keeps_its_traceback(runs):
    plain = runs.get("keras_fault.py", instrumented=False)
    instrumented = runs.get("keras_fault.py")
    assert plain.returncode == 1 and b"RuntimeError: the callback gave up" in plain.stderr
    assert_same(plain, instrumented, compare_stderr=True)
    assert b"umlaut_instrument" not in instrumented.stderr
    end = instrumented.one("train_end")
    assert end["aborted"] is True and end["epochs_completed"] == 2  # ours runs before the failing callback
    error = instrumented.one("exit")["exception"]
    assert error["type"] == "RuntimeError" and error["location"]["file"] == str(SCRIPTS / "keras_fault.py")


@pytest.mark.parametrize("mode", ["flood", "binary"])
def test_flooding_or_binary_output_is_untouched(runs, mode):
    plain = runs.get("faults.py", mode, instrumented=False)
    instrumented = runs.get("faults.py", mode)
    assert plain.returncode == 0
    assert len(plain.stdout) > (10_000_000 if mode == "flood" else 10_000)
    assert_same(plain, instrumented, compare_stderr=True)
    assert len(instrumented.of("epoch")) == 2 and instrumented.one("exit")["status"] == "ok"


def test_event_channel_closed_mid_run_lets_the_script_finish(runs):
    plain = runs.get("torch_symptoms.py", "overfitting", instrumented=False)
    read_end, write_end = os.pipe()
    env = base_environment()
    env.update(
        PYTHONPATH=str(PACKAGE),
        UMLAUT_EVENTS=f"fd:{write_end}",
        UMLAUT_SCRIPT=str(SCRIPTS / "torch_symptoms.py"),
    )
    process = subprocess.Popen(
        [PYTHON, str(SCRIPTS / "torch_symptoms.py"), "overfitting"],
        cwd=SCRIPTS,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(write_end,),
    )
    os.close(write_end)
    received = b""
    with os.fdopen(read_end, "rb") as events:
        while b'"event":"epoch"' not in received:
            chunk = events.read1(4096)
            assert chunk, "the script ended before its first epoch event"
            received += chunk
    # The reader is gone: the next write breaks the pipe, and the script must not notice.
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr[-2000:]
    assert stdout == plain.stdout
    assert stderr == plain.stderr
    assert parse_events(received.rsplit(b"\n", 1)[0])[0]["event"] == "hello"


@pytest.mark.parametrize(
    "spec",
    ["file:/etc/hostname/events.jsonl", "fd:987", "unix:/nonexistent/umlaut.sock", "carrier-pigeon"],
)
def test_an_unusable_channel_costs_one_stderr_line(tmp_path, spec):
    script = tmp_path / "noisy.py"
    script.write_text("import sys\nprint('out')\nprint('err', file=sys.stderr)\nsys.exit(4)\n")
    run = run_script(script, events_spec=spec)
    assert run.returncode == 4 and run.stdout == b"out\n"
    lines = run.stderr.split(b"\n")
    assert lines[0].startswith(ATTACH_LINE) and lines[1:] == [b"err", b""]


def test_a_missing_framework_fails_as_it_would_without_umlaut(tmp_path):
    system_python = shutil.which("python3", path="/usr/bin")
    if system_python is None:
        pytest.skip("no system Python without frameworks")
    probe = subprocess.run([system_python, "-c", "import keras"], capture_output=True)
    if probe.returncode == 0:
        pytest.skip("the system Python has keras")
    events = tmp_path / "events.jsonl"
    plain = run_script("keras_healthy.py", instrumented=False, python=system_python)
    run = run_script("keras_healthy.py", python=system_python, events_path=events)
    assert plain.returncode == 1 and b"ModuleNotFoundError: No module named 'keras'" in plain.stderr
    assert (run.returncode, run.stdout, run.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    # The import error is the script's crash: reported (at the import line) as well as in `exit`.
    assert run.kinds() == ["hello", "crash", "exit"]
    assert run.one("crash")["type"] == "ModuleNotFoundError"
    assert run.one("exit")["exception"]["type"] == "ModuleNotFoundError"


def test_hooks_that_cannot_attach_leave_the_script_running(tmp_path):
    fake = tmp_path / "fake"
    (fake / "keras").mkdir(parents=True)
    (fake / "keras" / "__init__.py").write_text('__version__ = "0.0"\n')
    script = tmp_path / "train.py"
    script.write_text("import keras\nprint('trained with', keras.__version__)\n")
    events = tmp_path / "events.jsonl"
    run = run_script(script, events_path=events, env_extra={"PYTHONPATH": f"{PACKAGE}:{fake}"})
    assert run.returncode == 0 and run.stdout == b"trained with 0.0\n"
    lines = run.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("umlaut: instrumentation could not attach: keras: ")
    failed = run.one("attach_failed")
    assert failed["framework"] == "keras" and "No module named 'keras.src'" in failed["reason"]


def test_frameworks_the_script_never_imports_are_never_loaded(tmp_path):
    script = tmp_path / "plain.py"
    script.write_text(
        "import sys\n"
        "print(sorted(m for m in ('keras', 'tensorflow', 'torch', 'numpy') if m in sys.modules))\n"
    )
    events = tmp_path / "events.jsonl"
    run = run_script(script, events_path=events)
    assert run.returncode == 0 and run.stdout == b"[]\n" and run.stderr == b""
    assert run.kinds() == ["hello", "exit"]
    assert run.events[0]["script"] == str(script)


def test_a_shadowed_sitecustomize_still_runs(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "sitecustomize.py").write_text("import builtins\nbuiltins.THEIR_SITECUSTOMIZE = True\n")
    script = tmp_path / "check.py"
    script.write_text("import sys, sitecustomize\nprint(THEIR_SITECUSTOMIZE, sitecustomize.__file__)\n")
    for events in (tmp_path / "events.jsonl", None):
        run = run_script(
            script,
            instrumented=events is not None,
            events_path=events,
            env_extra={"PYTHONPATH": f"{PACKAGE}:{theirs}"},
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.decode() == f"True {theirs / 'sitecustomize.py'}\n"
    assert run_script(script, events_path=tmp_path / "again.jsonl", env_extra={"PYTHONPATH": f"{PACKAGE}:{theirs}"}).kinds() == [
        "hello",
        "exit",
    ]


def test_a_failing_shadowed_sitecustomize_is_reported_as_python_would(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "sitecustomize.py").write_text("raise RuntimeError('their sitecustomize is broken')\n")
    script = tmp_path / "hello.py"
    script.write_text("print('hello')\n")
    plain = run_script(script, instrumented=False, env_extra={"PYTHONPATH": str(theirs)})
    run = run_script(script, events_path=tmp_path / "e.jsonl", env_extra={"PYTHONPATH": f"{PACKAGE}:{theirs}"})
    assert (run.returncode, run.stdout, run.stderr) == (plain.returncode, plain.stdout, plain.stderr)
    assert b"Error in sitecustomize" in run.stderr


def test_subprocesses_of_the_script_are_not_instrumented(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, subprocess, sys\n"
        "print('UMLAUT_EVENTS' in os.environ, flush=True)\n"
        "subprocess.run([sys.executable, '-c', 'print(1)'], check=True)\n"
    )
    events = tmp_path / "events.jsonl"
    run = run_script(script, events_path=events)
    assert run.returncode == 0 and run.stdout == b"False\n1\n"
    assert [e["event"] for e in run.events].count("hello") == 1


def default_sigint():
    # A shell without job control starts a background job with SIGINT ignored, the child
    # inherits that, and Python then installs no KeyboardInterrupt handler: the interrupt test
    # failed whenever the suite was launched with `&` from a script. The script gets SIGINT's
    # default, as from a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_slow(events):
    env = base_environment()
    env.update(
        PYTHONPATH=str(PACKAGE), UMLAUT_EVENTS=f"file:{events}", UMLAUT_SCRIPT=str(SCRIPTS / "faults.py")
    )
    process = subprocess.Popen(
        [PYTHON, str(SCRIPTS / "faults.py"), "slow"], cwd=SCRIPTS, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, preexec_fn=default_sigint,
    )
    assert process.stdout.readline() == b"ready\n"
    assert process.stdout.readline().startswith(b"epoch 0 ")
    deadline = time.monotonic() + 120
    while b'"event":"epoch"' not in events.read_bytes():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return process


def test_interrupted_run_reports_the_interrupt_and_its_partial_epoch(tmp_path):
    events = tmp_path / "events.jsonl"
    process = start_slow(events)
    assert process.poll() is None, "the slow script ended before it was interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (-signal.SIGINT, 130, 1)
    assert b"KeyboardInterrupt" in stderr and ATTACH_LINE not in stderr
    run = parse_events(events.read_bytes())
    assert run[-1]["event"] == "exit" and run[-1]["exception"]["type"] == "KeyboardInterrupt"
    assert any(e["event"] == "train_end" for e in run)


def test_killed_run_leaves_only_whole_event_lines(tmp_path):
    events = tmp_path / "events.jsonl"
    process = start_slow(events)
    process.kill()
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    raw = events.read_bytes()
    assert raw.endswith(b"\n")
    kinds = [e["event"] for e in parse_events(raw)]
    assert kinds[0] == "hello" and "epoch" in kinds and "exit" not in kinds
