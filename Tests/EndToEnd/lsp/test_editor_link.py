"""The editor link against the built binary with a real LSP client (pytest-lsp).

Page → editor: the server advertises its channel in `.umlaut/editors/<pid>.json`; a request sent
through it as the dashboard sends it (one JSON line over the Unix socket) makes the client receive
`window/showDocument` with exactly that file and range. Editor → page: `umlaut.showRun` finds the
dashboard through `.umlaut/ui.json` and makes the client open the session's page at the finding
(`window/showDocument` with `external: true`), a URL that answers."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import http.server
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import urllib.parse

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import ROOT, server_command, umlaut_binary

SHOWING = types.ClientCapabilities(window=types.WindowClientCapabilities(
    show_document=types.ShowDocumentClientCapabilities(support=True)))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def until(condition, timeout: float, what: str):
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def advertisements(workspace: pathlib.Path) -> list[dict]:
    directory = workspace / ".umlaut" / "editors"
    return [json.loads(p.read_text()) for p in sorted(directory.glob("*.json"))] if directory.is_dir() else []


def send_through_channel(socket_path: str, request: dict | str) -> dict:
    """What the dashboard does: one JSON line to the editor's socket, one JSON line back."""
    line = request if isinstance(request, str) else json.dumps(request)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(15)
        connection.connect(socket_path)
        connection.sendall(line.encode() + b"\n")
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    return json.loads(answer)


async def test_a_request_through_the_channel_becomes_show_document_with_that_range(client: LanguageClient, tmp_path: pathlib.Path):
    script = tmp_path / "train.py"
    script.write_text("import keras\n\nmodel = keras.Sequential()\nmodel.compile(optimizer=keras.optimizers.Adam(0.5))\n")
    await client.initialize_session(types.InitializeParams(
        capabilities=SHOWING, workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)]))
    await until(lambda: advertisements(tmp_path), 10, "the channel's advertisement")
    [advertisement] = advertisements(tmp_path)
    assert advertisement["folders"] == [str(tmp_path)]
    assert os.stat(next((tmp_path / ".umlaut" / "editors").glob("*.json"))).st_mode & 0o777 == 0o600
    socket_path = advertisement["socket"]

    selection = {"start": {"line": 3, "character": 25}, "end": {"line": 3, "character": 50}}
    loop = asyncio.get_running_loop()
    answer = await loop.run_in_executor(None, send_through_channel, socket_path, {"uri": script.as_uri(), "range": selection})
    assert answer == {"ok": True}
    [shown] = client.shown_documents
    assert shown.uri == script.as_uri()
    assert shown.take_focus is True
    assert not shown.external
    assert shown.selection == types.Range(start=types.Position(line=3, character=25), end=types.Position(line=3, character=50))

    # What is not a place in this workspace never reaches the client.
    outside = {"uri": pathlib.Path("/etc/hostname").as_uri(), "range": selection}
    refused = await loop.run_in_executor(None, send_through_channel, socket_path, outside)
    assert refused["ok"] is False and "outside the workspace" in refused["error"]
    garbled = await loop.run_in_executor(None, send_through_channel, socket_path, "{not json")
    assert garbled["ok"] is False
    assert len(client.shown_documents) == 1


def status_of(url: str) -> tuple[int, str | None]:
    """The status of GET `url` and its Location, redirects not followed."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


class FakeDashboard(http.server.BaseHTTPRequestHandler):
    """Stands for `umlaut ui`: answers 200 to requests that carry the token, 403 otherwise."""

    token = "t0k3n"

    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        self.send_response(200 if query.get("token") == [self.token] else 403)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


async def test_show_run_opens_the_session_page_of_the_running_dashboard(client: LanguageClient, tmp_path: pathlib.Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeDashboard)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        (tmp_path / ".umlaut").mkdir()
        (tmp_path / ".umlaut" / "ui.json").write_text(json.dumps(
            {"url": f"http://127.0.0.1:{port}", "token": FakeDashboard.token, "pid": os.getpid()}))
        await client.initialize_session(types.InitializeParams(
            capabilities=SHOWING, workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)]))
        answer = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="umlaut.showRun", arguments=[5, 7]))
        url = f"http://127.0.0.1:{port}/runs/5?token={FakeDashboard.token}#finding-7"
        assert answer == {"url": url, "started": False, "shown": True}
        [shown] = client.shown_documents
        assert shown.external is True
        assert shown.uri == url
        assert await asyncio.get_running_loop().run_in_executor(None, status_of, shown.uri) == (200, None)
    finally:
        server.shutdown()


# The whole path, with the real dashboard and a real browser: `umlaut.showRun` starts `umlaut ui`
# for the workspace and has the client open the session's page at a finding; headless Chromium
# loads that page and clicks the finding's code place; the page posts it to the ui, the ui to the
# server's channel, and the client receives `window/showDocument` with the finding's range.

SCRIPT = """import keras

model = keras.Sequential([keras.layers.Dense(10, activation="relu"), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.5), loss="categorical_crossentropy")
"""


def imported_session(workspace: pathlib.Path) -> tuple[int, int]:
    """A session of train.py with its static findings (UM301 at line 4), as `umlaut import` stores
    it: no training needed. Answers the session's id and the UM301 finding's id."""
    (workspace / ".umlaut").mkdir(exist_ok=True)
    (workspace / "train.py").write_text(SCRIPT)
    events = workspace / "events.jsonl"
    events.write_text(
        json.dumps({"event": "hello", "protocol": 1, "pid": 1, "python": "3.11.7",
                    "script": str(workspace / "train.py"), "argv": ["train.py"]}) + "\n"
        + json.dumps({"event": "exit", "status": "ok"}) + "\n")
    subprocess.run([umlaut_binary(), "import", str(events)], cwd=workspace, check=True, capture_output=True)
    with sqlite3.connect(workspace / ".umlaut" / "sessions.sqlite") as database:
        [(session, finding)] = database.execute("SELECT sessionId, id FROM finding WHERE code = 'UM301'").fetchall()
    return session, finding


def browser():
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800"):
        options.add_argument(argument)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


async def test_clicking_a_code_place_in_the_dashboard_shows_it_in_the_editor(client: LanguageClient, tmp_path: pathlib.Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    await client.initialize_session(types.InitializeParams(
        capabilities=SHOWING, workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)]))
    session, finding = imported_session(tmp_path)
    await until(lambda: advertisements(tmp_path), 10, "the channel's advertisement")
    loop = asyncio.get_running_loop()
    driver = None
    try:
        # No dashboard runs: the server starts one and opens the page of the finding.
        answer = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="umlaut.showRun", arguments=[session, finding]))
        assert answer["started"] is True and answer["shown"] is True
        [page] = client.shown_documents
        assert page.external is True
        assert page.uri == answer["url"]
        assert re.fullmatch(rf"http://127\.0\.0\.1:\d+/runs/{session}\?token=[^&#]+#finding-{finding}", page.uri)
        # The token is taken: a redirect to the clean address, which the cookie then opens.
        status, location = await loop.run_in_executor(None, status_of, page.uri)
        assert status == 303 and location.startswith(f"/runs/{session}"), (status, location)

        driver = await loop.run_in_executor(None, browser)
        await loop.run_in_executor(None, driver.get, page.uri)
        place = await loop.run_in_executor(None, lambda: WebDriverWait(driver, 20).until(
            expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, f"#finding-{finding} button.place"))))
        await loop.run_in_executor(None, place.click)
        await until(lambda: len(client.shown_documents) == 2, 20, "window/showDocument from the page's click")
        shown = client.shown_documents[1]
        assert shown.uri == (tmp_path / "train.py").as_uri()
        assert shown.take_focus is True
        # UM301's place: line 4, columns 61-64 (1-based, end exclusive) of the stored finding.
        assert shown.selection == types.Range(start=types.Position(line=3, character=60), end=types.Position(line=3, character=63))
        await until(lambda: driver.find_element(By.CSS_SELECTOR, f"#finding-{finding} button.place").get_attribute("data-open") == "sent",
                    10, "the page's acknowledgement")
        screenshots = ROOT / ".build" / "ui-screenshots"
        screenshots.mkdir(parents=True, exist_ok=True)
        await loop.run_in_executor(None, driver.save_screenshot, str(screenshots / "editor-link.png"))
    finally:
        if driver is not None:
            await loop.run_in_executor(None, driver.quit)
        state = tmp_path / ".umlaut" / "ui.json"
        if state.exists():
            with contextlib.suppress(ProcessLookupError):
                os.kill(json.loads(state.read_text())["pid"], signal.SIGTERM)
