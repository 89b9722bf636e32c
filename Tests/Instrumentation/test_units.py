"""Unit tests of the pieces that need no framework run: channel, statistics, hashes, locations."""

import json
import math
import os
import socket
import sys
import threading
import traceback

import numpy as np
import pytest
import torch

from conftest import PACKAGE
from umlaut_instrument import channel, fingerprint, locations, stats, wrapping


# -- channel ------------------------------------------------------------------------------------


def test_encode_turns_nonfinite_numbers_into_strings_and_numpy_into_plain_values():
    line = channel.encode(
        {
            "event": "epoch",
            "values": [math.nan, math.inf, -math.inf, 1.5],
            "numpy": np.float32(0.25),
            "integer": np.int64(7),
            "flag": np.bool_(True),
            "tensor": torch.tensor(2.0),
            "nested": {"x": (np.float64("nan"),)},
        }
    )
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    decoded = json.loads(line)
    assert decoded["values"] == ["nan", "inf", "-inf", 1.5]
    assert decoded["numpy"] == 0.25 and decoded["integer"] == 7 and decoded["flag"] is True
    assert decoded["tensor"] == 2.0
    assert decoded["nested"] == {"x": ["nan"]}


def test_file_channel_appends_lines(tmp_path):
    path = tmp_path / "deep" / "events.jsonl"
    first = channel.open_channel(f"file:{path}")
    assert first.send({"event": "a"})
    first.close()
    second = channel.open_channel(f"file:{path}")
    assert second.send({"event": "b"})
    second.close()
    assert [json.loads(line)["event"] for line in path.read_text().splitlines()] == ["a", "b"]


def test_broken_pipe_stops_sending_silently():
    read_end, write_end = os.pipe()
    sink = channel.open_channel(f"fd:{write_end}")
    assert sink.send({"event": "hello"})
    assert os.read(read_end, 1000).startswith(b'{"event":"hello"')
    os.close(read_end)
    assert not sink.send({"event": "epoch", "padding": "x" * 100_000})
    assert sink.broken
    assert not sink.send({"event": "exit"})
    sink.close()


def test_fd_channel_is_not_inherited_by_programs_the_script_starts():
    read_end, write_end = os.pipe()
    os.set_inheritable(write_end, True)
    sink = channel.open_channel(f"fd:{write_end}")
    assert not os.get_inheritable(write_end)
    sink.close()
    os.close(read_end)


def test_unix_channel_connects_and_sends(tmp_path):
    path = str(tmp_path / "events.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    received = []

    def serve():
        connection, _ = server.accept()
        with connection:
            data = b""
            while chunk := connection.recv(4096):
                data += chunk
            received.append(data)

    thread = threading.Thread(target=serve)
    thread.start()
    sink = channel.open_channel(f"unix:{path}")
    assert sink.send({"event": "hello"}) and sink.send({"event": "exit"})
    sink.close()
    thread.join(10)
    server.close()
    assert [json.loads(line)["event"] for line in received[0].splitlines()] == ["hello", "exit"]


@pytest.mark.parametrize(
    "spec, reason",
    [
        ("bogus", "is not fd:N, unix:PATH or file:PATH"),
        ("tcp:localhost", "unknown channel kind"),
        ("fd:x", "is not a descriptor number"),
        ("fd:987", "descriptor 987 is not open"),
        ("unix:/nonexistent/events.sock", "cannot connect"),
        ("file:/etc/hostname/events.jsonl", "cannot open"),
    ],
)
def test_unusable_channels_raise_one_clear_error(spec, reason):
    with pytest.raises(channel.ChannelError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        channel.open_channel(spec)


def test_a_forked_child_does_not_write(tmp_path):
    path = tmp_path / "events.jsonl"
    sink = channel.open_channel(f"file:{path}")
    pid = os.fork()
    if pid == 0:  # the child: must not write, must not close the parent's descriptor
        sent = sink.send({"event": "from-child"})
        sink.close()
        os._exit(0 if not sent else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert sink.send({"event": "from-parent"})
    sink.close()
    assert [json.loads(line)["event"] for line in path.read_text().splitlines()] == ["from-parent"]


# -- input statistics ---------------------------------------------------------------------------


def test_input_stats_merge_batches_like_numpy_over_everything():
    rng = np.random.default_rng(1)
    batches = [rng.normal(3.0, 2.0, size=(n, 5)).astype("float32") for n in (7, 32, 1, 19)]
    batches[1][0, 0] = np.nan
    batches[2][0, 3] = np.inf
    batches[3][4, 4] = -np.inf
    accumulated = stats.InputStats()
    for batch in batches:
        assert accumulated.add_numpy(batch)
    result = accumulated.result()
    everything = np.concatenate([b.reshape(-1) for b in batches]).astype(np.float64)
    finite = everything[np.isfinite(everything)]
    assert result["batches"] == 4 and result["samples"] == 59
    assert result["nan"] == 1 and result["inf"] == 2
    assert result["min"] == pytest.approx(finite.min()) and result["max"] == pytest.approx(finite.max())
    assert result["mean"] == pytest.approx(finite.mean(), rel=1e-9)
    assert result["std"] == pytest.approx(finite.std(), rel=1e-9)
    assert result["shape"] == [7, 5] and result["dtype"] == "float32"


def test_input_stats_keep_the_original_integer_dtype_and_agree_for_torch():
    pixels = np.arange(0, 256, dtype=np.uint8).reshape(4, 8, 8)
    from_numpy = stats.InputStats()
    from_numpy.add_numpy(pixels)
    from_torch = stats.InputStats()
    from_torch.add_torch(torch.from_numpy(pixels))
    a, b = from_numpy.result(), from_torch.result()
    assert a["dtype"] == "uint8" and b["dtype"] == "uint8"
    for key in ("min", "max", "mean", "std", "samples", "shape", "nan"):
        assert a[key] == pytest.approx(b[key]), key
    assert a["min"] == 0 and a["max"] == 255


def test_input_stats_ignore_what_is_not_numeric():
    accumulated = stats.InputStats()
    assert not accumulated.add_numpy(np.array(["a", "b"]))
    assert accumulated.result() is None


def test_fraction_nonpositive():
    assert stats.fraction_nonpositive(np.array([0.0, -1.0, 2.0, 3.0])) == 0.5
    assert stats.fraction_nonpositive(torch.tensor([0.0, 1.0, 1.0, 1.0])) == 0.25


# -- fingerprints -------------------------------------------------------------------------------


def test_identical_rows_hash_equal_and_different_rows_differ():
    rng = np.random.default_rng(2)
    images = rng.integers(0, 256, size=(300, 5, 7, 3), dtype=np.uint8)  # 105 bytes: not whole words
    images[10] = images[200]
    hashes = fingerprint.row_hashes(images)
    assert hashes.dtype == np.uint64 and hashes.shape == (300,)
    assert hashes[10] == hashes[200]
    assert len(set(hashes.tolist())) == 299
    changed = images.copy()
    changed[3, 4, 6, 2] ^= 1  # one bit in the last (padded) word
    assert fingerprint.row_hashes(changed)[3] != hashes[3]


def test_torch_hashes_match_numpy_hashes():
    array = np.random.default_rng(3).normal(size=(50, 3, 4)).astype(np.float32)
    assert (fingerprint.torch_row_hashes(torch.from_numpy(array)) == fingerprint.row_hashes(array)).all()


def test_overlap_counts_validation_samples_found_in_training():
    rng = np.random.default_rng(4)
    train = rng.normal(size=(100, 6))
    validation = np.concatenate([train[:30], rng.normal(size=(20, 6))])
    overlap = fingerprint.Overlap()
    overlap.add_train(fingerprint.row_hashes(train))
    overlap.add_validation(fingerprint.row_hashes(validation))
    assert overlap.fields() == {"train_checked": 100, "validation_checked": 50, "identical": 30}


def test_hashing_does_not_touch_global_random_generators():
    np.random.seed(5)
    torch.manual_seed(5)
    expected = (np.random.random(), torch.rand(1).item())
    np.random.seed(5)
    torch.manual_seed(5)
    fingerprint.row_hashes(np.ones((10, 10)))
    fingerprint.torch_row_hashes(torch.ones(10, 10))
    assert (np.random.random(), torch.rand(1).item()) == expected


# -- locations ----------------------------------------------------------------------------------


def test_user_code_is_the_script_directory_minus_libraries_and_this_package(tmp_path):
    script = tmp_path / "project" / "train.py"
    script.parent.mkdir()
    script.write_text("")
    code = locations.UserCode(str(script))
    assert code.is_user_file(str(script))
    assert code.is_user_file(str(tmp_path / "project" / "models" / "net.py"))
    assert not code.is_user_file(str(tmp_path / "elsewhere.py"))
    assert not code.is_user_file(str(tmp_path / "project" / ".venv" / "lib" / "site-packages" / "x.py"))
    assert not code.is_user_file(str(PACKAGE / "umlaut_instrument" / "session.py"))
    assert not code.is_user_file(os.__file__)
    assert not code.is_user_file("<frozen importlib._bootstrap>")


def test_without_a_script_every_file_outside_libraries_is_user_code():
    code = locations.UserCode(None)
    code.script, code._roots = None, ()
    assert code.is_user_file(__file__)
    assert not code.is_user_file(os.__file__)


def test_location_finds_the_innermost_user_frame():
    code = locations.UserCode(__file__)

    def inner():
        return code.location()

    here = inner()
    assert here == {"file": os.path.abspath(__file__), "line": inner.__code__.co_firstlineno + 1}


# -- wrappers -----------------------------------------------------------------------------------


def test_hide_frame_leaves_the_traceback_as_without_the_wrapper():
    def failing():
        raise ValueError("boom")

    def wrapper():
        try:
            return failing()
        except BaseException as error:
            wrapping.hide_frame(error)
            raise

    try:
        wrapper()
    except ValueError as error:
        names = [frame.name for frame in traceback.extract_tb(error.__traceback__)]
    assert names == ["test_hide_frame_leaves_the_traceback_as_without_the_wrapper", "failing"]


def test_guarded_swallows_instrumentation_errors():
    @wrapping.guarded
    def broken():
        raise RuntimeError("a bug in the sensor")

    assert broken() is None


def test_importing_the_package_loads_no_framework():
    code = (
        "import sys, umlaut_instrument; "
        "print(sorted(m for m in ('keras', 'tensorflow', 'torch', 'numpy') if m in sys.modules))"
    )
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(PACKAGE)}, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
