"""A run in progress, live: a real `umlaut run` of a tiny PyTorch loop that waits for the test
before each epoch, and its session page in Chromium following it by server-sent events — the
page gains epochs without reloading, then drops its live banner when the run ends."""

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, UMLAUT, RunningUI, screenshot
from selenium.webdriver.support.ui import WebDriverWait

SCRIPT = """
import os, sys, time
import torch
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
data = torch.utils.data.TensorDataset(torch.randn(64, 4), torch.randn(64, 1))
loader = torch.utils.data.DataLoader(data, batch_size=16)
for epoch in range(3):
    while not os.path.exists(f"go{epoch}"):
        time.sleep(0.05)
    for x, y in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        model.eval()
        for x, y in loader:
            torch.nn.MSELoss()(model(x), y)
        model.train()
"""


def python():
    return os.environ.get("UMLAUT_PYTHON") or str(ROOT / ".venv" / "bin" / "python") or sys.executable


def test_a_running_session_gains_epochs_in_the_open_page(workspace, browser):
    (workspace / "live_train.py").write_text(SCRIPT)
    run = subprocess.Popen([UMLAUT, "run", "--python", python(), "--session", "live", "live_train.py"],
                           cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ui = None
    try:
        database = workspace / ".umlaut" / "sessions.sqlite"
        deadline = time.time() + 60
        while not database.exists() and time.time() < deadline:
            time.sleep(0.1)
        ui = RunningUI(workspace)
        # The session appears once `umlaut run` has created the store and started it.
        deadline = time.time() + 60
        while ui.request("GET", "/api/sessions/live")[0] != 200 and time.time() < deadline:
            time.sleep(0.1)
        assert ui.request("GET", "/api/sessions/live")[0] == 200
        browser.get(f"{ui.base}/runs/live?token={ui.token}")
        live_text = lambda driver: driver.execute_script(  # noqa: E731
            "const t = document.getElementById('live-text'); return t ? t.textContent : null")
        WebDriverWait(browser, 60).until(lambda driver: "epoch 0 done" in (live_text(driver) or ""))
        # The page stays this document from here on: a marker set now survives only without reloads.
        browser.execute_script("window.__sameDocument = true")
        (workspace / "go0").touch()
        (workspace / "go1").touch()
        # Epoch 1's event follows its validation pass; then the script waits for go2.
        WebDriverWait(browser, 90).until(lambda driver: "epoch 2 done" in (live_text(driver) or ""))
        assert browser.execute_script("return window.__sameDocument") is True
        screenshot(browser, "live-running")
        (workspace / "go2").touch()
        assert run.wait(timeout=120) == 0, run.stdout.read()
        WebDriverWait(browser, 30).until(lambda driver: live_text(driver) is None)
        assert browser.execute_script("return window.__sameDocument") is True
        facts = browser.find_element("css selector", "dl.facts").text
        assert "completed" in facts and "3" in facts
        screenshot(browser, "live-ended")
    finally:
        if run.poll() is None:
            for name in ("go0", "go1", "go2"):
                (workspace / name).touch()
            run.kill()
            run.wait()
        if ui is not None:
            ui.stop()
