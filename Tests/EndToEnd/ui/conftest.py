"""Fixtures for the dashboard's end-to-end tests: a workspace with recorded sessions, a running
`umlaut ui` (the real binary, ephemeral port, no browser of its own), raw HTTP requests and a
headless Debian Chromium driven by Selenium (screenshots in .build/ui-screenshots/)."""

import http.client
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
UMLAUT = os.environ.get("UMLAUT_BIN", str(ROOT / ".build" / "debug" / "umlaut"))
SCREENSHOTS = ROOT / ".build" / "ui-screenshots"

# The script's path holds both (its "/" makes a directory of the part before it).
HOSTILE_SCRIPT = '<script>alert("name")</script>"><img src=x onerror=alert(1)>.py'
HOSTILE_MESSAGE = '</script><script>alert("msg")</script>"><img src=x onerror=alert(2)>'


def _events(script, epochs, crash_message=None, running=False):
    now = time.time()
    lines = [
        {"event": "hello", "time": now, "protocol": 1, "pid": 1, "python": "3.11.7", "script": script,
         "argv": [script]},
        {"event": "attached", "time": now, "framework": "keras", "version": "3.15.1", "backend": "tensorflow"},
        {"event": "train_begin", "time": now, "model": "m1", "optimizer": "o1", "call_site": None,
         "epochs": epochs, "batch_size": 32, "train_samples": 256,
         "validation": {"kind": "none", "call_site": None, "samples": None}},
    ]
    for epoch in range(epochs):
        lines.append({"event": "epoch", "time": now + epoch, "model": "m1", "epoch": epoch, "duration": 0.5,
                      "metrics": {"loss": 1.0 / (epoch + 1), "accuracy": epoch / (epochs + 1)},
                      "learning_rate": 0.001})
    if running:
        return lines
    if crash_message is not None:
        location = {"file": script, "line": 3, "function": "<module>", "column": 0, "end_line": 3, "end_column": 10}
        lines.append({"event": "crash", "time": now, "type": "ValueError", "qualified_type": "builtins.ValueError",
                      "message": crash_message, "location": location,
                      "frames": [{"file": script, "line": 3, "function": "<module>", "user": True}]})
        lines.append({"event": "exit", "time": now, "status": "exception",
                      "exception": {"type": "ValueError", "message": crash_message, "location": location}})
    else:
        lines.append({"event": "train_end", "time": now, "model": "m1", "epochs_completed": epochs, "aborted": False})
        lines.append({"event": "exit", "time": now, "status": "ok"})
    return lines


def import_session(workspace, name, script_name="train.py", epochs=3, crash_message=None):
    """Records a session with `umlaut import` (the real store, the real importer)."""
    directory = workspace / "scripts"
    directory.mkdir(exist_ok=True)
    script = directory / script_name
    script.parent.mkdir(parents=True, exist_ok=True)  # a name may hold "/" ("</script>")
    script.write_text("import keras\nx = 1\nraise ValueError('boom')\n")
    events = workspace / f"{name}.jsonl"
    events.write_text("".join(json.dumps(line) + "\n" for line in _events(str(script), epochs, crash_message)))
    database = workspace / ".umlaut" / "sessions.sqlite"
    result = subprocess.run([UMLAUT, "import", str(events), "--session", name, "--db", str(database)],
                            capture_output=True, text=True, cwd=workspace, timeout=60)
    assert result.returncode in (0, 1), result.stderr


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / ".umlaut").mkdir()
    return tmp_path


class RunningUI:
    def __init__(self, workspace):
        self.workspace = workspace
        self.state_path = workspace / ".umlaut" / "ui.json"
        self.process = subprocess.Popen(
            [UMLAUT, "ui", "--port", "0", "--no-browser", "--workspace", str(workspace)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not self.state_path.exists():
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"umlaut ui did not start: {self.process.stderr.read()}")
            time.sleep(0.05)
        self.state = json.loads(self.state_path.read_text())
        self.port = self.state["port"]
        self.token = self.state["token"]
        self.base = self.state["url"]

    def request(self, method, target, host=None, headers=None, body=None, token=True):
        """One raw request: the test sets Host itself, and the path is sent as written."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        if token:
            connection.putheader("Cookie", f"umlaut_ui_{self.port}={self.token}")
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body.encode() if body is not None else None)
        response = connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, dict(response.getheaders()), data

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def ui(workspace):
    running = RunningUI(workspace)
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800",
                     "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def fresh_pointer(request):
    """The browser is shared by the session, and so is WebDriver's input state: after the explore
    page's lasso drags, a plain click on the next page's chart was not delivered. Each test starts
    with every key and button released and the pointer state cleared."""
    yield
    if "browser" in request.fixturenames:
        from selenium.webdriver.common.action_chains import ActionChains
        ActionChains(request.getfixturevalue("browser")).reset_actions()


def screenshot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
