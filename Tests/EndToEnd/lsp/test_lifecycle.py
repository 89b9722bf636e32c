"""The lifecycle and robustness over real pipes: exit codes, unknown methods, malformed input,
and nothing but protocol on stdout."""

from __future__ import annotations

import json
import subprocess

from conftest import server_command


def frame(message) -> bytes:
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_frames(data: bytes) -> list[dict]:
    messages = []
    while data:
        header, _, rest = data.partition(b"\r\n\r\n")
        assert header.startswith(b"Content-Length: "), f"not a frame: {data[:80]!r}"
        length = int(header.split(b":")[1])
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


def run(*messages, timeout=30) -> tuple[int, list[dict], str]:
    process = subprocess.run(server_command(), input=b"".join(frame(m) if not isinstance(m, (bytes, bytearray)) or not m.startswith(b"RAW:") else m[4:] for m in messages),
                             capture_output=True, timeout=timeout)
    return process.returncode, read_frames(process.stdout), process.stderr.decode()


INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
SHUTDOWN = {"jsonrpc": "2.0", "id": 99, "method": "shutdown"}
EXIT = {"jsonrpc": "2.0", "method": "exit"}


def responses(messages):
    return {m["id"]: m for m in messages if "id" in m and "method" not in m}


def test_shutdown_then_exit_is_zero():
    code, messages, _ = run(INIT, {"jsonrpc": "2.0", "method": "initialized", "params": {}}, SHUTDOWN, EXIT)
    assert code == 0
    by_id = responses(messages)
    assert by_id[99]["result"] is None
    assert by_id[1]["result"]["serverInfo"]["name"] == "umlaut"


def test_exit_without_shutdown_is_one():
    code, _, _ = run(INIT, EXIT)
    assert code == 1


def test_end_of_input_without_shutdown_is_one():
    code, _, _ = run(INIT)
    assert code == 1


def test_requests_before_initialize_and_unknown_methods():
    code, messages, _ = run(
        {"jsonrpc": "2.0", "id": "early", "method": "textDocument/hover", "params": {}},
        INIT,
        {"jsonrpc": "2.0", "id": 2, "method": "no/such/method", "params": {}},
        {"jsonrpc": "2.0", "id": 3, "method": "initialize", "params": {"capabilities": {}}},
        SHUTDOWN,
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {}},
        EXIT)
    by_id = responses(messages)
    assert by_id["early"]["error"]["code"] == -32002
    assert by_id[2]["error"]["code"] == -32601
    assert by_id[3]["error"]["code"] == -32600
    assert by_id[4]["error"]["code"] == -32600
    assert code == 0


def test_malformed_input_is_answered_or_logged():
    code, messages, stderr = run(
        INIT,
        b"RAW:Content-Length: nope\r\n\r\n",
        b"RAW:garbage without a header",
        b"\xff\xfe not json",
        b'{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":',
        {"jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": {"textDocument": 5, "position": []}},
        [1, 2, 3],
        {"jsonrpc": "2.0", "id": 7, "method": "umlaut/documentText", "params": {"textDocument": {"uri": "file:///x.py"}}},
        SHUTDOWN, EXIT)
    by_id = responses(messages)
    assert by_id[5]["error"]["code"] == -32700
    assert by_id[6]["error"]["code"] == -32602
    assert by_id[7]["result"] is None
    assert by_id[99]["result"] is None
    assert "invalid Content-Length" in stderr
    assert code == 0
