"""A client that pulls diagnostics and counts in UTF-8 (Neovim 0.11's capabilities)."""

from __future__ import annotations

import asyncio
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import BUGGY, apply_edits, server_command, workspace_edits


def workspace(tmp_path: pathlib.Path, files: int) -> pathlib.Path:
    for index in range(files):
        (tmp_path / f"train_{index:03}.py").write_text(BUGGY.read_text())
    (tmp_path / "clean.py").write_text("x = 1\n")
    return tmp_path


async def start(client: LanguageClient, root: pathlib.Path) -> types.InitializeResult:
    return await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim@v0.11.0"),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)]))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_pull_fix_and_pull_again(client: LanguageClient, tmp_path: pathlib.Path):
    root = workspace(tmp_path, 1)
    result = await start(client, root)
    assert result.capabilities.position_encoding == "utf-8"
    assert result.capabilities.diagnostic_provider.workspace_diagnostics is True

    uri = (root / "train_000.py").as_uri()
    text = (root / "train_000.py").read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert report.kind == "full"
    [diagnostic] = report.items
    # Line 9's "# 🧠 hidden" is on the line before; the dropout's column is ASCII either way.
    assert diagnostic.range.start == types.Position(line=9, character=19)
    assert diagnostic.code == "UM302"

    same = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert same.kind == "unchanged"

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    fix = await client.code_action_resolve_async(actions[0])
    fixed = apply_edits(text, workspace_edits(fix.edit, uri), encoding="utf-8")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    after = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id))
    assert after.kind == "full" and list(after.items) == []
    # Nothing was pushed to a client that pulls.
    assert uri not in client.diagnostics


async def test_workspace_diagnostics_cover_the_folder(client: LanguageClient, tmp_path: pathlib.Path):
    root = workspace(tmp_path, 3)
    await start(client, root)
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    by_name = {pathlib.Path(item.uri.removeprefix("file://")).name: item for item in report.items}
    assert sorted(by_name) == ["clean.py", "train_000.py", "train_001.py", "train_002.py"]
    assert [d.code for d in by_name["train_001.py"].items] == ["UM302"]
    assert list(by_name["clean.py"].items) == []
    assert all(item.version is None for item in report.items)


async def test_cancel_a_workspace_diagnostic(client: LanguageClient, tmp_path: pathlib.Path):
    await start(client, workspace(tmp_path, 400))
    # The request is a coroutine: start it so that it is sent before the cancellation.
    future = asyncio.ensure_future(client.protocol.send_request_async(
        types.WORKSPACE_DIAGNOSTIC, types.WorkspaceDiagnosticParams(previous_result_ids=[]), msg_id="slow-1"))
    await asyncio.sleep(0.01)
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="slow-1"))
    with pytest.raises(JsonRpcRequestCancelled):
        await future
    # The server still answers.
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=(tmp_path / "clean.py").as_uri()), position=types.Position(line=0, character=0)))
    assert hover is None
