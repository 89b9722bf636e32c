#!/usr/bin/env python3
"""Measures `umlaut lsp` beside `ruff server` on the same generated 2,000-line training script
and the same edits, in one run:

- start-up: spawn to `initialize` answered (median of --starts runs);
- time to first diagnostics after `didOpen` (median over the same runs);
- latency from `didChange` to the diagnostics of that version, over --edits edits (p50, p99);
- resident memory (VmRSS) after the edits;
- the server's CPU time per edit over the edits (steadier than latency when the machine is busy),
  and the latencies by kind of edit;
- what each server waits before analysing (umlaut's debounce, read from its source).

Both servers get the same client: push diagnostics, UTF-16 positions. Each edit waits for the
diagnostics of its version before the next is sent, as a typist would.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import threading
import time

URI = "file:///bench/train_2000.py"
# Edits counted as the warm-up after opening in the extra p99 figure.
WARMUP_EDITS = 20


def generate_script(lines: int = 2000) -> str:
    """A Keras script of `lines` lines: many small models, some with a dropout rate of 0.8."""
    out = ["import keras", "from keras import layers", "import numpy as np", ""]
    block = 0
    while len(out) < lines - 12:
        rate = "0.8" if block % 5 == 0 else "0.3"
        out += [
            f"def build_model_{block}(units={32 + block % 64}):",
            f"    \"\"\"Model number {block}.\"\"\"",
            "    model = keras.Sequential([",
            "        layers.Dense(units, activation=\"relu\"),",
            f"        layers.Dropout({rate}),",
            "        layers.Dense(units // 2, activation=\"relu\"),",
            "        layers.Dense(10, activation=\"softmax\"),",
            "    ])",
            "    model.compile(loss=\"sparse_categorical_crossentropy\", optimizer=\"adam\", metrics=[\"accuracy\"])",
            f"    x = np.zeros(({block + 1}, 784)) / 255.0  # comment {block}",
            "    return model",
            "",
        ]
        block += 1
    while len(out) < lines:
        out.append(f"# padding line {len(out)}")
    return "\n".join(out[:lines]) + "\n"


class Client:
    def __init__(self, command: list[str]):
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self):
        stream = self.process.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = 0
            for line in header.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.messages.put((time.perf_counter(), json.loads(stream.read(length))))

    def send(self, message: dict):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def wait(self, predicate, timeout: float = 30.0) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError("no matching message")
            arrived, message = self.messages.get(timeout=remaining)
            if "method" in message and "id" in message:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if predicate(message):
                return arrived, message

    def initialize(self) -> float:
        capabilities = {"textDocument": {"publishDiagnostics": {"versionSupport": True}, "synchronization": {}},
                        "general": {"positionEncodings": ["utf-16"]}}
        request_id = self.request("initialize", {"processId": os.getpid(), "rootUri": "file:///bench", "capabilities": capabilities})
        arrived, _ = self.wait(lambda m: m.get("id") == request_id)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        return arrived - self.started

    def diagnostics_of(self, version: int | None):
        def matches(message):
            if message.get("method") != "textDocument/publishDiagnostics" or message["params"]["uri"] != URI:
                return False
            published = message["params"].get("version")
            return version is None or published is None or published == version
        return matches

    def rss_mb(self) -> float:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_ms(self) -> float:
        """The server's user + system CPU time so far, all its threads."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

    def close(self):
        try:
            request_id = self.request("shutdown", None)
            self.wait(lambda m: m.get("id") == request_id, timeout=10)
            self.send({"jsonrpc": "2.0", "method": "exit"})
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


def edits_for(text: str, count: int, seed: int) -> list[tuple[str, dict]]:
    """Typing-like edits, each with its kind: insert a character at the end of a random line, then
    delete it again, with every tenth edit (index 0, 10, 20, ...) changing a dropout rate (so the
    diagnostics really change). A rate change that falls between typing a character and deleting
    it comes first; the delete after it then makes a text the server has not seen."""
    rng = random.Random(seed)
    lines = text.split("\n")
    dropout_lines = [i for i, line in enumerate(lines) if "layers.Dropout(" in line]
    edits, pending = [], None
    for index in range(count):
        if index % 10 == 0:
            line = rng.choice(dropout_lines)
            column = lines[line].index("Dropout(") + len("Dropout(")
            old = lines[line][column:column + 3]
            new = "0.9" if old != "0.9" else "0.2"
            lines[line] = lines[line][:column] + new + lines[line][column + 3:]
            edits.append(("change a rate", {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 3}}, "text": new}))
            if pending is not None:
                pending = ("delete x (new text)", pending[1])
        elif pending is not None:
            edits.append(pending)
            pending = None
        else:
            line = rng.randrange(len(lines) - 1)
            column = len(lines[line])
            edits.append(("type x", {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "x"}))
            pending = ("delete x (earlier text)", {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 1}}, "text": ""})
    return edits


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(name: str, command: list[str], text: str, edits: list[tuple[str, dict]], starts: int) -> dict:
    startup, first = [], []
    for _ in range(starts):
        client = Client(command)
        startup.append(client.initialize() * 1000)
        sent = time.perf_counter()
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": {"textDocument": {"uri": URI, "languageId": "python", "version": 1, "text": text}}})
        arrived, _ = client.wait(client.diagnostics_of(1))
        first.append((arrived - sent) * 1000)
        client.close()

    client = Client(command)
    client.initialize()
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": URI, "languageId": "python", "version": 1, "text": text}}})
    client.wait(client.diagnostics_of(1))
    latencies, by_kind = [], {}
    cpu_before = client.cpu_ms()
    for version, (kind, edit) in enumerate(edits, start=2):
        sent = time.perf_counter()
        client.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                     "params": {"textDocument": {"uri": URI, "version": version}, "contentChanges": [edit]}})
        arrived, _ = client.wait(client.diagnostics_of(version))
        latencies.append((arrived - sent) * 1000)
        by_kind.setdefault(kind, []).append((arrived - sent) * 1000)
    rss = client.rss_mb()
    cpu_per_edit = (client.cpu_ms() - cpu_before) / len(edits)
    client.close()
    return {
        "server": name,
        "startup_ms": statistics.median(startup),
        "first_diagnostics_ms": statistics.median(first),
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        # The edits right after opening meet the server still preparing the document (umlaut
        # analyses its groups then): the steady state apart, for reading, not instead.
        "p99_after_warmup_ms": percentile(latencies[WARMUP_EDITS:], 0.99),
        "max_ms": max(latencies),
        "rss_mb": rss,
        "cpu_per_edit_ms": cpu_per_edit,
        "edits": len(latencies),
        "by_kind": {kind: {"count": len(values), "p50_ms": percentile(values, 0.50), "p99_ms": percentile(values, 0.99)}
                    for kind, values in by_kind.items()},
    }


def umlaut_debounce_ms() -> str:
    """The server's default debounce, read from its source so that the statement cannot drift."""
    import re
    options = os.path.join(os.path.dirname(__file__), "..", "Sources", "LanguageServer", "ServerOptions.swift")
    try:
        match = re.search(r"debounceMilliseconds: Int = (\d+)", open(options).read())
    except OSError:
        match = None
    return match.group(1) if match else "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--umlaut")
    parser.add_argument("--ruff")
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dump", metavar="DIR",
                        help="write the script (train_2000.py) and the edits (edits.json) to DIR and stop, "
                             "for `umlaut latency --replay` (bench/replay.sh)")
    arguments = parser.parse_args()

    text = generate_script()
    edits = edits_for(text, arguments.edits, arguments.seed)
    if arguments.dump:
        os.makedirs(arguments.dump, exist_ok=True)
        with open(os.path.join(arguments.dump, "train_2000.py"), "w") as file:
            file.write(text)
        with open(os.path.join(arguments.dump, "edits.json"), "w") as file:
            json.dump([{"kind": kind, "change": change} for kind, change in edits], file)
        return
    if not arguments.umlaut or not arguments.ruff:
        parser.error("--umlaut and --ruff are required")
    results = [
        measure("umlaut lsp", [arguments.umlaut, "lsp", "--log-level", "error"], text, edits, arguments.starts),
        measure("ruff server", [arguments.ruff, "server"], text, edits, arguments.starts),
    ]
    print(f"2,000-line script ({len(text.encode())} bytes), {arguments.edits} edits, seed {arguments.seed}")
    print(f"{'server':<12} {'start-up':>10} {'first diag':>11} {'edit p50':>9} {'edit p99':>9} {'edit max':>9} {'RSS after':>10} "
          f"{'CPU/edit':>9}")
    for r in results:
        print(f"{r['server']:<12} {r['startup_ms']:>8.1f}ms {r['first_diagnostics_ms']:>9.1f}ms {r['p50_ms']:>7.2f}ms "
              f"{r['p99_ms']:>7.2f}ms {r['max_ms']:>7.2f}ms {r['rss_mb']:>8.1f}MB {r['cpu_per_edit_ms']:>7.2f}ms")
    print(f"machine load average {' '.join(open('/proc/loadavg').read().split()[:3])} at the end "
          "(CPU/edit: the server's CPU time over the edits / edits, steadier than latency on a busy machine)")
    print("targets for umlaut: edit p50 < 5 ms, p99 < 20 ms")
    print(f"edit p99 without the first {WARMUP_EDITS} edits after opening (the steady state; the p99 above "
          "counts them): " + ", ".join(f"{r['server']} {r['p99_after_warmup_ms']:.2f} ms" for r in results))
    for r in results:
        kinds = "; ".join(f"{kind} ×{v['count']}: p50 {v['p50_ms']:.2f} ms, p99 {v['p99_ms']:.2f} ms"
                          for kind, v in sorted(r["by_kind"].items()))
        print(f"{r['server']:<12} by edit: {kinds}")
    print(f"what the servers wait before analysing an edit: umlaut 0 ms when no analysis of the document is "
          f"pending (it yields once to take edits already queued), {umlaut_debounce_ms()} ms of quiet (its "
          f"`debounce` setting, default) when an edit arrives before the previous version's diagnostics are "
          f"published; ruff server: whatever it waits is likewise inside its figures. Each edit here waits for its version's diagnostics, so "
          f"umlaut's debounce never applies; any wait would be inside the latencies, which run from sending "
          f"didChange to receiving that version's diagnostics.")
    json.dump(results, sys.stderr)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()
