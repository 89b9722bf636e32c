#!/usr/bin/env python3
"""Fuzzes `umlaut lsp` over real pipes with a seeded random generator.

Throws malformed frames, wrong types, out-of-range positions, invalid UTF-8 and random edit
sequences at the binary, interleaved with valid requests, and now and then a heavy document in a
second file (over the size limit, a few megabytes, or models nested thousands deep) that is
edited while its analysis runs: requests on the first file must still be answered in time. The server must never crash, must
answer every request it can read (within --answer-timeout), and the text it holds for the
document must always equal the text this client holds, edited under the protocol's clamping
rules (checked with Umlaut's `umlaut/documentText` request).

    python Tests/EndToEnd/lsp/fuzz_lsp.py --seconds 600 --seed 7     # a long run
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from conftest import BUGGY, apply_edits, line_starts, umlaut_binary  # noqa: E402

URI = "file:///fuzz/train.py"
SCRATCH = "file:///fuzz/scratch.py"
HEAVY = "file:///fuzz/heavy.py"
SIZE_LIMIT = 10_000_000  # Linter.maximumSourceSize
PIECES = ["", "x", "é", "🔥", "👩‍👩‍👧", "\n", "\r\n", "\r", "\t", "Dropout(0.9)", "layers.Dense(8)", "(", ")", "[", "]",
          "\"\"\"", "'", "# umlaut: ignore[UM302]", "0.8", "\\", "  ", "𝔘", "\u0000", "ü" * 50]


class Position:
    def __init__(self, line: int, character: int):
        self.line, self.character = line, character

    def json(self):
        return {"line": self.line, "character": self.character}


class Range:
    def __init__(self, start: Position, end: Position):
        self.start, self.end = start, end


class Edit:
    def __init__(self, range_: Range, new_text: str):
        self.range, self.new_text = range_, new_text


class Server:
    """The binary, with a thread reading its frames into a queue."""

    def __init__(self, command: list[str]):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.frames: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.next_id = 0
        self.sent_bytes = 0

    def _read(self):
        stream = self.process.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    self.frames.put(None)
                    return
                header += byte
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            self.frames.put(json.loads(stream.read(length)))

    def write(self, data: bytes):
        self.process.stdin.write(data)
        self.process.stdin.flush()
        self.sent_bytes += len(data)

    def send(self, message: dict | bytes):
        body = message if isinstance(message, bytes) else json.dumps(message).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def answer(self, request_id, timeout: float) -> dict:
        """Waits for the response to a request, answering the server's own requests meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no answer to request {request_id} within {timeout} s")
            try:
                message = self.frames.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None:
                raise AssertionError(f"the server closed its output (exit code {self.process.poll()})")
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif message.get("id") == request_id and "method" not in message:
                return message


def random_position(rng: random.Random, text: str) -> Position:
    lines = len(line_starts(text))
    roll = rng.random()
    if roll < 0.05:
        return Position(rng.choice([-1, -100]), rng.randint(-5, 5))
    if roll < 0.1:
        return Position(rng.randint(lines, lines + 50), rng.randint(0, 10_000))
    return Position(rng.randint(0, lines - 1), rng.randint(0, 60))


def random_edit_params(rng: random.Random, text: str, version: int) -> tuple[dict, list[Edit]]:
    changes, edits = [], []
    for _ in range(rng.randint(1, 4)):
        start, end = random_position(rng, text), random_position(rng, text)
        if rng.random() < 0.5:
            end = Position(start.line, start.character + rng.randint(0, 3))
        new = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
        changes.append({"range": {"start": start.json(), "end": end.json()}, "text": new})
        edits.append(Edit(Range(start, end), new))
    return ({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes}, edits)


def apply_sequentially(text: str, edits: list[Edit], encoding: str) -> str:
    """Changes of one didChange apply one after the other; positions clamp into the text, and
    negative numbers (invalid, but sent anyway) count as zero."""
    for edit in edits:
        for position in (edit.range.start, edit.range.end):
            if position.line < 0:
                position.line, position.character = 0, 0
            position.character = max(position.character, 0)
        start, end = edit.range.start, edit.range.end
        if (end.line, end.character) < (start.line, start.character):
            edit.range = Range(end, start)
        text = apply_edits(text, [edit], encoding)
    return text


def malformed(rng: random.Random, version: int) -> bytes:
    """A frame or byte sequence the server must survive."""
    choices = [
        lambda: b"Content-Length: 12\r\n\r\n{not json!!}",
        lambda: b"Content-Length: 4\r\n\r\n\xff\xfe\xfd\xfc",
        lambda: b"Content-Length: -3\r\n\r\n{}",
        lambda: b"Content-Length: 99999999999999999999999\r\n\r\n",
        lambda: b"Content-Type: text/plain\r\n\r\n",
        lambda: b"random junk between frames \x00\x01\x02",
        lambda: frame_of({"jsonrpc": "2.0", "id": rng.choice([True, 1.5, None, [1], {"a": 1}]), "method": "textDocument/hover", "params": {}}),
        lambda: frame_of({"jsonrpc": "2.0", "method": "textDocument/didChange",
                          "params": {"textDocument": {"uri": URI, "version": "seven"}, "contentChanges": [{"text": 5}]}}),
        lambda: frame_of({"jsonrpc": "2.0", "method": "textDocument/didChange",
                          "params": {"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": "everything", "text": "x"}]}}),
        lambda: frame_of({"jsonrpc": "2.0", "method": "textDocument/didChange",
                          "params": {"textDocument": {"uri": URI, "version": version}, "contentChanges": {"text": "not a list"}}}),
        lambda: frame_of({"jsonrpc": "2.0", "id": 10**6 + rng.randint(0, 1000), "method": "textDocument/codeAction",
                          "params": {"textDocument": {"uri": URI}, "range": {"start": {"line": 2**40, "character": -7}, "end": {}}, "context": 3}}),
        lambda: frame_of({"jsonrpc": "2.0", "id": "x", "method": "no/such", "params": [1, 2]}),
        lambda: frame_of([{"jsonrpc": "2.0", "method": "initialized"}]),
        lambda: frame_of({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": rng.randint(0, 50)}}),
        lambda: b"Content-Length: 30\r\n\r\n" + b'{"jsonrpc":"2.0","method":"\xc3\x28"}'[:30].ljust(30, b" "),
        lambda: frame_of({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                          "params": {"textDocument": {"uri": SCRATCH, "languageId": "python", "version": 1, "text": "\ud800 lone surrogate"}}}),
        lambda: frame_of({"deep": json.loads("[" * 200 + "]" * 200)}),
        # Commands with bad arguments (never a file that exists: nothing may run).
        lambda: frame_of({"jsonrpc": "2.0", "id": 2 * 10**6 + rng.randint(0, 1000), "method": "workspace/executeCommand",
                          "params": {"command": rng.choice(["umlaut.run", "umlaut.stopRun", "umlaut.clearRunFindings", "nope"]),
                                     "arguments": rng.choice([None, [], [1], [{"a": 1}], ["file:///nonexistent/train.py", "x"],
                                                              ["not a uri", [1, 2]], ["untitled:Untitled-1"]])}}),
        lambda: frame_of({"jsonrpc": "2.0", "method": "window/workDoneProgress/cancel", "params": {"token": rng.choice([1, "x", None])}}),
    ]
    return rng.choice(choices)()


def heavy_document(rng: random.Random, base: str) -> tuple[str, str]:
    """A document that used to stop or kill the server: its kind and text."""
    kind = rng.choice(["over-limit", "large", "deep-keras", "deep-torch", "deep-functional"])
    depth = rng.randint(3_000, 6_000)
    if kind == "over-limit":
        line = "# " + "padding " * 12 + "\n"
        return kind, base + line * (SIZE_LIMIT // len(line) + rng.randint(1, 20_000))
    if kind == "large":
        # Ten to thirty times a real script: its analysis takes seconds (minutes in a debug
        # build on a busy machine), long enough for the edits and requests that follow.
        return kind, base * max(1, rng.randint(150_000, 500_000) // len(base))
    if kind == "deep-keras":
        return kind, "import keras\nmodel = " + "keras.Sequential([" * depth + "keras.layers.Dense(1)" + "])" * depth + "\n"
    if kind == "deep-torch":
        return kind, "import torch.nn as nn\nmodel = " + "nn.Sequential(" * depth + "nn.Linear(1, 1)" + ")" * depth + "\n"
    return kind, ("import keras\ninputs = keras.Input(shape=(4,))\nx = " + "keras.layers.Dense(4)(" * depth + "inputs" + ")" * depth
                  + "\nmodel = keras.Model(inputs, x)\nmodel.compile(optimizer='adam', loss='mse')\n")


def send_heavy(server: "Server", rng: random.Random, base: str, opened: bool, stats: dict) -> None:
    """Opens (or replaces) the heavy document, then edits it at once, several times, while its
    analysis runs; sometimes closes it again."""
    kind, text = heavy_document(rng, base)
    stats["heavy"] += 1
    stats["heavy_kinds"] = sorted(set(stats.get("heavy_kinds", [])) | {kind})
    version = rng.randint(1, 10**6)
    if opened and rng.random() < 0.5:
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": HEAVY, "version": version}, "contentChanges": [{"text": text}]}})
    else:
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": HEAVY, "languageId": "python", "version": version, "text": text}}})
    for step in range(rng.randint(1, 5)):
        line = rng.randint(0, 3)
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": HEAVY, "version": version + step + 1},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                                "text": rng.choice(PIECES)}]}})
    if rng.random() < 0.3:
        position = {"line": rng.randint(0, 3), "character": rng.randint(0, 40)}
        server.request("textDocument/hover", {"textDocument": {"uri": HEAVY}, "position": position})
        # Cancelled, as editors do when the pointer moves on (a waiting request keeps the
        # analysis it waits for from being cancelled by the next edit).
        server.send({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": server.next_id}})


def frame_of(message) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def fuzz(seconds: float, seed: int, answer_timeout: float, log=print) -> dict:
    rng = random.Random(seed)
    encoding = rng.choice(["utf-8", "utf-16"])
    server = Server([umlaut_binary(), "lsp", "--log-level", "error"])
    stats = {"seed": seed, "encoding": encoding, "steps": 0, "edits": 0, "malformed": 0, "requests": 0, "checks": 0,
             "heavy": 0, "max_answer_ms": 0.0}
    heavy_open = False
    try:
        capabilities = {"general": {"positionEncodings": [encoding]}}
        server.answer(server.request("initialize", {"capabilities": capabilities, "processId": None}), answer_timeout)
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        text = BUGGY.read_text()
        version = 1
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": URI, "languageId": "python", "version": 1, "text": text}}})
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            stats["steps"] += 1
            roll = rng.random()
            # The first heavy document comes early, so that every run has one; then rarely.
            if stats["steps"] == 10 or roll < 0.004:
                send_heavy(server, rng, BUGGY.read_text(), heavy_open, stats)
                heavy_open = True
                if rng.random() < 0.2:
                    server.send({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": HEAVY}}})
                    heavy_open = False
            elif roll < 0.55:
                version += 1
                params, edits = random_edit_params(rng, text, version)
                server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params})
                text = apply_sequentially(text, edits, encoding)
                stats["edits"] += 1
                if len(text) > 200_000:  # keep the document a realistic size
                    version += 1
                    text = BUGGY.read_text()
                    server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                        "textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}})
            elif roll < 0.75:
                server.write(malformed(rng, version))
                stats["malformed"] += 1
            else:
                method = rng.choice(["textDocument/hover", "textDocument/codeAction", "umlaut/documentText"])
                position = random_position(rng, text).json()
                params = {"textDocument": {"uri": URI}, "position": position,
                          "range": {"start": position, "end": position}, "context": {"diagnostics": []}}
                started = time.monotonic()
                request_id = server.request(method, params)
                response = server.answer(request_id, answer_timeout)
                stats["max_answer_ms"] = max(stats["max_answer_ms"], (time.monotonic() - started) * 1000)
                stats["requests"] += 1
                if "error" in response and response["error"]["code"] not in (-32800, -32801):
                    raise AssertionError(f"{method} failed: {response['error']}")
            if stats["steps"] % 25 == 0 or time.monotonic() >= deadline:
                held = server.answer(server.request("umlaut/documentText", {"textDocument": {"uri": URI}}), answer_timeout)["result"]
                stats["checks"] += 1
                if held is None or held["text"] != text or held["version"] != version:
                    raise AssertionError(f"text diverged at step {stats['steps']} (seed {seed}): server v{held and held['version']} "
                                         f"{(held or {}).get('text', '')[:200]!r} vs client v{version} {text[:200]!r}")
            if server.process.poll() is not None:
                raise AssertionError(f"the server exited with {server.process.returncode} at step {stats['steps']}")
        server.answer(server.request("shutdown", None), answer_timeout)
        server.send({"jsonrpc": "2.0", "method": "exit"})
        stats["exit_code"] = server.process.wait(timeout=answer_timeout)
        stats["sent_mb"] = round(server.sent_bytes / 1e6, 2)
        return stats
    finally:
        if server.process.poll() is None:
            server.process.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("UMLAUT_LSP_FUZZ_SECONDS", 40)))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("UMLAUT_LSP_FUZZ_SEED", 1)))
    parser.add_argument("--answer-timeout", type=float, default=10.0)
    arguments = parser.parse_args()
    stats = fuzz(arguments.seconds, arguments.seed, arguments.answer_timeout)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
