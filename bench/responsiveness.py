#!/usr/bin/env python3
"""Measures how `umlaut lsp` answers while a big document is analysed, and how `umlaut check`
scales with deeply nested models (issue 8, "the server stays responsive on any file").

- hover: opens a generated training script of --megabytes MB (big.py; analysed, under the
  10 MB limit), then at once opens a small script and sends --hovers hovers on it, one after
  the other; prints each answer time, and when big.py's diagnostics arrived;
- nesting: `umlaut check` wall time on `keras.Sequential([` / `nn.Sequential(` / functional
  calls nested 4,000 and 10,000 deep (exit status too: 139 was the stack overflow).

    python bench/responsiveness.py --binary .build/release/umlaut
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "EndToEnd", "lsp"))
from fuzz_lsp import Server  # noqa: E402

SMALL = """import keras
from keras import layers

model = keras.Sequential([
    layers.Dense(32),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.8),
    layers.Dense(10, activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=0.001))
"""


def nested(kind: str, depth: int) -> str:
    if kind == "keras":
        return "import keras\nmodel = " + "keras.Sequential([" * depth + "keras.layers.Dense(1)" + "])" * depth + "\n"
    if kind == "torch":
        return "import torch.nn as nn\nmodel = " + "nn.Sequential(" * depth + "nn.Linear(1, 1)" + ")" * depth + "\n"
    return ("import keras\ninputs = keras.Input(shape=(4,))\nx = " + "keras.layers.Dense(4)(" * depth + "inputs" + ")" * depth
            + "\nmodel = keras.Model(inputs, x)\nmodel.compile(optimizer='adam', loss='mse')\n")


def hover_while_analysing(binary: str, megabytes: float, hovers: int, big_timeout: float = 120) -> dict:
    big = (SMALL + "\n") * int(megabytes * 1e6 / (len(SMALL) + 1))
    server = Server([binary, "lsp", "--log-level", "error"])
    try:
        server.answer(server.request("initialize", {"capabilities": {}, "processId": None}), 60)
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        opened = time.monotonic()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///bench/big.py", "languageId": "python", "version": 1, "text": big}}})
        server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///bench/small.py", "languageId": "python", "version": 1, "text": SMALL}}})
        times = []
        for _ in range(hovers):
            started = time.monotonic()
            server.answer(server.request("textDocument/hover", {"textDocument": {"uri": "file:///bench/small.py"},
                                                                 "position": {"line": 6, "character": 20}}), 600)
            times.append((time.monotonic() - started) * 1000)
        hovers_done = time.monotonic() - opened
        big_published = None
        deadline = time.monotonic() + big_timeout
        while big_published is None and time.monotonic() < deadline:
            try:
                message = server.frames.get(timeout=max(deadline - time.monotonic(), 0.01))
            except Exception:
                break
            if message and message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"].endswith("big.py"):
                big_published = time.monotonic() - opened
        server.answer(server.request("shutdown", None), 60)
        server.send({"jsonrpc": "2.0", "method": "exit"})
        server.process.wait(timeout=60)
        return {"megabytes": round(len(big) / 1e6, 1), "hover_ms_median": round(statistics.median(times), 1),
                "hover_ms_max": round(max(times), 1), "hovers_done_s": round(hovers_done, 2),
                "big_diagnostics_s": big_published and round(big_published, 2)}
    finally:
        if server.process.poll() is None:
            server.process.kill()


def nesting(binary: str, depths: list[int]) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("keras", "torch", "functional"):
            for depth in depths:
                path = os.path.join(folder, f"{kind}{depth}.py")
                with open(path, "w") as file:
                    file.write(nested(kind, depth))
                started = time.monotonic()
                run = subprocess.run([binary, "check", path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                results.append({"kind": kind, "depth": depth, "exit": run.returncode,
                                "seconds": round(time.monotonic() - started, 2), "output_bytes": len(run.stdout)})
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/umlaut")
    parser.add_argument("--megabytes", type=float, default=9.5)
    parser.add_argument("--hovers", type=int, default=20)
    parser.add_argument("--depths", default="4000,10000")
    parser.add_argument("--big-timeout", type=float, default=120, help="how long to wait for big.py's diagnostics")
    arguments = parser.parse_args()
    print(json.dumps({"hover": hover_while_analysing(arguments.binary, arguments.megabytes, arguments.hovers, arguments.big_timeout)}))
    for row in nesting(arguments.binary, [int(d) for d in arguments.depths.split(",")]):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
