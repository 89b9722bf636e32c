"""The ``crash`` event: the exception a script dies of, sent without changing what it prints.

Real crashes of real Keras and PyTorch trainings (``Tests/RuntimeTests/Scripts/crash_*.py``,
whose crash line is marked ``# umlaut-test: crash``); the Swift ``CrashRunTests`` check what
``umlaut run`` makes of them.
"""

import textwrap

from conftest import SCRIPTS, filter_framework_noise, line_of, prefetch, run_script
from umlaut_instrument.crash import clean_message

prefetch(
    __name__,
    ("crash_torch_shape.py", (), False),
    ("crash_torch_shape.py", (), True),
    ("crash_keras_shape.py", (), False),
    ("crash_keras_shape.py", (), True),
)


def assert_unchanged(plain, instrumented):
    assert instrumented.returncode == plain.returncode == 1
    assert instrumented.stdout == plain.stdout
    assert filter_framework_noise(instrumented.stderr) == filter_framework_noise(plain.stderr)


def test_keras_argument_dump_and_colours_are_dropped_from_the_message():
    raw = (
        "Exception encountered when calling Sequential.call().\n\n"
        "\x1b[1mInput 0 of layer 'dense' is incompatible with the layer: expected axis -1 of input shape "
        "to have value 10, but received input with shape (16, 8)\x1b[0m\n\n"
        "Arguments received by Sequential.call():\n"
        "  \u2022 inputs=tf.Tensor(shape=(16, 8), dtype=float32)\n"
        "  \u2022 training=True\n"
        "  \u2022 kwargs=<class 'inspect._empty'>"
    )
    assert clean_message(raw) == (
        "Exception encountered when calling Sequential.call().\n\n"
        "Input 0 of layer 'dense' is incompatible with the layer: expected axis -1 of input shape "
        "to have value 10, but received input with shape (16, 8)"
    )


def test_tensorflow_graph_trace_is_dropped_but_the_node_and_error_kept():
    raw = (
        "Graph execution error:\n\n"
        "Detected at node gradient_tape/loss/SparseSoftmaxCrossEntropyWithLogits defined at (most recent call last):\n"
        '  File "/a/train.py", line 16, in <module>\n\n'
        '  File "/venv/keras/trainer.py", line 81, in train_step\n\n'
        "Received a label value of 4 which is outside the valid range of [0, 3)."
    )
    assert clean_message(raw) == (
        "Graph execution error:\n\nat node gradient_tape/loss/SparseSoftmaxCrossEntropyWithLogits:\n"
        "Received a label value of 4 which is outside the valid range of [0, 3)."
    )


def test_a_torch_crash_is_sent_with_the_innermost_user_frame_and_nothing_printed_changes(runs):
    plain = runs.get("crash_torch_shape.py", instrumented=False)
    run = runs.get("crash_torch_shape.py")
    assert_unchanged(plain, run)
    assert run.kinds()[-2:] == ["crash", "exit"]
    crash = run.one("crash")
    script = str(SCRIPTS / "crash_torch_shape.py")
    line = line_of("crash_torch_shape.py", "# umlaut-test: crash")
    assert crash["type"] == "RuntimeError"
    assert crash["message"] == "mat1 and mat2 shapes cannot be multiplied (16x8 and 10x16)"
    source = (SCRIPTS / "crash_torch_shape.py").read_text().splitlines()[line - 1]
    expression = "model(x[start:start + 16])"
    assert crash["location"] == {
        "file": script, "line": line, "function": "<module>",
        "column": source.index(expression), "end_line": line, "end_column": source.index(expression) + len(expression),
    }
    frames = crash["frames"]
    assert frames[0] == {"file": script, "line": line, "function": "<module>", "user": True}
    assert len(frames) > 1 and not any(frame["user"] for frame in frames[1:])
    assert frames[-1]["function"] == "forward" and frames[-1]["file"].endswith("torch/nn/modules/linear.py")


def test_a_keras_crash_message_is_readable(runs):
    plain = runs.get("crash_keras_shape.py", instrumented=False)
    run = runs.get("crash_keras_shape.py")
    assert_unchanged(plain, run)
    assert b"inspect._empty" in plain.stderr  # what the user sees keeps Keras' dump
    crash = run.one("crash")
    assert crash["type"] == "ValueError"
    assert "inspect._empty" not in crash["message"] and "Arguments received" not in crash["message"]
    assert "expected axis -1 of input shape to have value 10" in crash["message"]
    assert crash["location"]["line"] == line_of("crash_keras_shape.py", "# umlaut-test: crash")
    assert "umlaut_instrument" not in str(crash["frames"])


def test_the_scripts_own_excepthook_still_runs(tmp_path):
    script = tmp_path / "hooked.py"
    script.write_text(textwrap.dedent("""\
        import sys

        def hook(kind, value, tb):
            print("custom hook:", kind.__name__, file=sys.stderr)

        sys.excepthook = hook

        def divide(a, b):
            return a / b

        divide(1, 0)
        """))
    plain = run_script(script, instrumented=False)
    run = run_script(script, events_path=tmp_path / "events.jsonl")
    assert_unchanged(plain, run)
    assert run.stderr == b"custom hook: ZeroDivisionError\n"
    crash = run.one("crash")
    assert crash["type"] == "ZeroDivisionError" and crash["message"] == "division by zero"
    assert crash["location"]["line"] == 9 and crash["location"]["function"] == "divide"
    assert [frame["line"] for frame in crash["frames"]] == [11, 9]


def test_exits_without_an_exception_send_no_crash(tmp_path):
    script = tmp_path / "exits.py"
    script.write_text("import sys\nsys.exit(3)\n")
    run = run_script(script, events_path=tmp_path / "events.jsonl")
    assert run.returncode == 3
    assert run.of("crash") == []
