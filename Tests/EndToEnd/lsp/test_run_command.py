"""`umlaut.run` from a real client against the built binary: the server starts `umlaut run` on a
small PyTorch training, reports its progress, and the client receives the runtime diagnostics
(source "umlaut-run") at their root-cause lines, beside the static ones."""

from __future__ import annotations

import asyncio
import pathlib
import re
import shutil
import sqlite3
import sys

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import HERE, log, server_command

SCRIPT = HERE / "fixtures" / "run" / "train_torch.py"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def until(condition, timeout: float, what: str):
    """Waits for `condition()` to hold, checking every 50 ms."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_a_run_started_from_the_editor_shows_its_findings_at_their_root_causes(client: LanguageClient, tmp_path: pathlib.Path):
    script = tmp_path / "train_torch.py"
    shutil.copy(SCRIPT, script)
    uri = script.as_uri()
    result = await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim@v0.9.1"),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)],
        # The interpreter with PyTorch: the one running these tests.
        initialization_options={"python": sys.executable}))
    assert list(result.capabilities.execute_command_provider.commands) == [
        "umlaut.run", "umlaut.stopRun", "umlaut.clearRunFindings", "umlaut.showRun",
        "umlaut.findSimilar", "umlaut.searchProjects", "umlaut.indexWorkspace", "umlaut.compareModels"]

    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=script.read_text())))
    await until(lambda: uri in client.diagnostics, 10, "the static diagnostics")
    assert [(d.code, d.range.start.line) for d in client.diagnostics[uri]] == [("UM301", 14)]

    answer = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="umlaut.run", arguments=[uri]))
    assert answer["database"] == str(tmp_path / ".umlaut" / "sessions.sqlite")
    assert answer["pid"] > 0

    def runtime() -> dict[str, types.Diagnostic]:
        return {d.code: d for d in client.diagnostics.get(uri, []) if d.source == "umlaut-run"}

    await until(lambda: {"UM501", "UM506"} <= runtime().keys(), 60, "the runtime diagnostics")
    learning_rate = runtime()["UM506"]
    assert learning_rate.range == types.Range(start=types.Position(line=14, character=48), end=types.Position(line=14, character=54))
    assert learning_rate.message.startswith("The learning rate in effect, 5, is above 1 (epoch")
    assert learning_rate.code_description.href.startswith("file:///")
    assert learning_rate.code_description.href.endswith("/UM506.md")
    assert [r.location.range.start.line for r in learning_rate.related_information] == [14, 20]
    assert learning_rate.related_information[1].message.startswith("the symptom:")
    inputs = runtime()["UM501"]
    assert inputs.range.start == types.Position(line=20, character=29)
    # Flat (256, 64) data is not image-shaped: no talk of pixels.
    assert re.match(r"Training inputs range over \[[0-9.]+, [0-9.]+\], outside \[-1, 1\] \(epoch", inputs.message)
    assert "pixel" not in inputs.message
    # The static diagnostic is published with them, in the same notification.
    assert [d.code for d in client.diagnostics[uri] if d.source == "umlaut"] == ["UM301"]

    def progress() -> list:
        return next(iter(client.progress_reports.values()), [])

    await until(lambda: progress() and progress()[-1].kind == "end", 60, "the end of the progress")
    steps = progress()
    log("progress:", [(step.kind, step.message) for step in steps])
    log("diagnostics:", [(d.source, d.code, d.range.start.line, d.range.start.character, d.severity, d.message) for d in client.diagnostics[uri]])
    assert steps[0].kind == "begin" and steps[0].title == "Umlaut: train_torch.py" and steps[0].cancellable
    assert steps[-1].message.startswith("finished: 3 epochs")
    assert all(step.message.startswith(("epoch", "training", "starting")) for step in steps[1:-1])
    with sqlite3.connect(tmp_path / ".umlaut" / "sessions.sqlite") as database:
        assert database.execute("SELECT status FROM session").fetchall() == [("completed",)]

    await client.workspace_execute_command_async(types.ExecuteCommandParams(command="umlaut.clearRunFindings"))
    await until(lambda: not runtime(), 10, "the runtime diagnostics to be cleared")
    assert [d.code for d in client.diagnostics[uri]] == ["UM301"]
