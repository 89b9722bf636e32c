"""bench/ui.sh's work: make a long session, export its page, time its first render in Chromium."""

from __future__ import annotations

import json
import math
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


os.environ.setdefault("SE_OFFLINE", "true")  # the Debian chromium-driver, no download


def events(script: str, epochs: int):
    yield {"event": "hello", "protocol": 1, "pid": 1, "python": "3.11", "script": script, "argv": [script]}
    yield {"event": "attached", "framework": "keras", "version": "3.15.1"}
    yield {"event": "model", "model": "m1", "framework": "keras", "class": "Sequential", "name": "sequential",
           "created_at": {"file": script, "line": 3}, "input_shape": [None, 8],
           "layers": [{"name": "dense", "class": "Dense", "activation": "relu", "created_at": {"file": script, "line": 4}},
                      {"name": "dense_1", "class": "Dense", "activation": "softmax", "created_at": {"file": script, "line": 5}}]}
    yield {"event": "optimizer", "optimizer": "o1", "class": "Adam", "learning_rate": 0.001, "schedule": None,
           "created_at": {"file": script, "line": 6}}
    yield {"event": "train_begin", "model": "m1", "optimizer": "o1", "call_site": {"file": script, "line": 8},
           "epochs": epochs, "batch_size": 32, "train_samples": 1024,
           "validation": {"kind": "data", "call_site": {"file": script, "line": 8}, "samples": 256}}
    for epoch in range(epochs):
        t = epoch / max(epochs - 1, 1)
        loss = 2.0 * math.exp(-4 * t) + 0.05
        val_loss = 2.0 * math.exp(-4 * t) + 0.3 + max(0.0, t - 0.5) * 1.5
        yield {"event": "epoch", "model": "m1", "epoch": epoch, "duration": 0.4,
               "metrics": {"loss": loss, "accuracy": 1 - loss / 2.1, "val_loss": val_loss, "val_accuracy": 1 - val_loss / 2.5},
               "learning_rate": 0.001 * (0.999 ** epoch),
               "input": {"batches": 8, "samples": 256, "min": 0.0, "max": 1.0, "mean": 0.5, "std": 0.29, "nan": 0, "inf": 0,
                         "shape": [32, 8], "dtype": "float32"},
               "gradients": [{"layer": "dense", "norm": 0.1 * math.exp(-2 * t)}, {"layer": "dense_1", "norm": 0.3 * math.exp(-2 * t)}],
               "activations": [{"layer": "dense", "activation": "relu", "nonpositive_fraction": 0.4, "units": 16, "dead_units": 2}],
               "nonfinite_batches": 0}
    yield {"event": "train_end", "model": "m1", "epochs_completed": epochs, "aborted": False}
    yield {"event": "exit", "status": "ok"}


def main() -> None:
    umlaut, epochs, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    work = pathlib.Path(tempfile.mkdtemp(prefix="umlaut-ui-bench-"))
    try:
        script = work / "train.py"
        script.write_text("import keras\n\nmodel = keras.Sequential()\n")
        log = work / "events.jsonl"
        log.write_text("".join(json.dumps(e) + "\n" for e in events(str(script), epochs)))
        subprocess.run([umlaut, "import", str(log), "--session", "long"], cwd=work, capture_output=True, check=False)
        start = time.perf_counter()
        html = subprocess.run([umlaut, "show", "long", "--format", "html"], cwd=work, capture_output=True, text=True, check=True).stdout
        export = time.perf_counter() - start
        page = work / "long.html"
        page.write_text(html)

        options = Options()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800"):
            options.add_argument(argument)
        driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
        times = []
        try:
            for _ in range(runs + 1):
                driver.get("about:blank")
                driver.get(page.as_uri())
                WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
                times.append(driver.execute_script("return window.umlautDashboard.renderedAt"))
            charts = driver.execute_script("return Object.keys(Chart.instances).length")
            shots = pathlib.Path(".build/ui-screenshots")
            shots.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(shots / f"bench-{epochs}-epochs.png"))
            findings = driver.execute_script("return umlautDashboard.state.data.findings.length")
        finally:
            driver.quit()
        measured = times[1:]  # the first load warms the browser's caches
        load = os.getloadavg()
        print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(f"session: {epochs} epochs, {findings} findings, {charts} charts; page {len(html.encode()) / 1e6:.2f} MB "
              f"(umlaut show --format html: {export * 1000:.0f} ms)")
        print(f"first render (navigation start → page drawn), {len(measured)} runs: median {statistics.median(measured):.0f} ms, "
              f"worst {max(measured):.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
