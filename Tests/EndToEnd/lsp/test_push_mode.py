"""A client that takes pushed diagnostics (Neovim 0.7's capabilities): open, see the diagnostic,
take the quick fix, apply it, see the diagnostic go."""

from __future__ import annotations

import pathlib
import urllib.parse

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import BUGGY, apply_edits, server_command, workspace_edits

URI = BUGGY.as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=client_capabilities("neovim@v0.7.0"),
        root_uri=BUGGY.parent.as_uri(),
    )
    result = await lsp_client.initialize_session(params)
    assert result.capabilities.position_encoding == "utf-16"
    assert result.capabilities.diagnostic_provider is None
    yield
    await lsp_client.shutdown_session()


async def open_and_wait(client: LanguageClient, text: str) -> list[types.Diagnostic]:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=URI, language_id="python", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[URI])


async def change_and_wait(client: LanguageClient, version: int, text: str) -> list[types.Diagnostic]:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[URI])


async def test_open_fix_and_the_diagnostic_goes(client: LanguageClient, buggy_text: str):
    diagnostics = await open_and_wait(client, buggy_text)
    assert [d.code for d in diagnostics] == ["UM302"]
    diagnostic = diagnostics[0]
    assert diagnostic.source == "umlaut"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    # The link opens the rule's page, installed by the server (no web address).
    page = urllib.parse.urlparse(diagnostic.code_description.href)
    assert page.scheme == "file" and page.path.endswith("/UM302.md")
    assert pathlib.Path(urllib.parse.unquote(page.path)).read_text().startswith("# high-dropout (UM302)")
    assert diagnostic.range.start == types.Position(line=9, character=19)
    # One short line; the full explanation is in the hover.
    assert diagnostic.message == "`Dropout` in `model` drops 80% of its inputs (rate 0.8 > 0.5)"

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic])))
    titles = [a.title for a in actions]
    assert titles == ["Use rate 0.2 (1 - 0.8), in case a keep probability was meant", "Disable UM302 for this line"]
    # Neovim 0.7 resolves edits lazily.
    fix = await client.code_action_resolve_async(actions[0])
    fixed = apply_edits(buggy_text, workspace_edits(fix.edit, URI))
    assert "layers.Dropout(0.2)," in fixed

    assert await change_and_wait(client, 2, fixed) == []


async def test_disable_for_this_line(client: LanguageClient, buggy_text: str):
    diagnostics = await open_and_wait(client, buggy_text)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=URI), range=diagnostics[0].range,
        context=types.CodeActionContext(diagnostics=diagnostics, only=[types.CodeActionKind.QuickFix])))
    disable = await client.code_action_resolve_async(actions[1])
    silenced = apply_edits(buggy_text, workspace_edits(disable.edit, URI))
    assert "layers.Dropout(0.8),  # umlaut: ignore[UM302]\n" in silenced
    assert await change_and_wait(client, 2, silenced) == []


async def test_incremental_edits_and_close_clear(client: LanguageClient, buggy_text: str):
    diagnostics = await open_and_wait(client, buggy_text)
    # Type the fix one character at a time: delete "8", then type "3".
    start = diagnostics[0].range.start
    eight = types.Range(start=types.Position(line=start.line, character=start.character + 2),
                        end=types.Position(line=start.line, character=start.character + 3))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=eight, text="")]))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=3),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=eight.start, end=eight.start), text="3")]))
    held = await client.protocol.send_request_async("umlaut/documentText", {"textDocument": {"uri": URI}})
    assert held.version == 3
    assert held.text == buggy_text.replace("Dropout(0.8)", "Dropout(0.3)")
    while client.diagnostics.get(URI):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[URI]) == []

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=4),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=buggy_text)]))
    while not client.diagnostics.get(URI):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[URI]) == []


async def test_hover_explains(client: LanguageClient, buggy_text: str):
    diagnostics = await open_and_wait(client, buggy_text)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=diagnostics[0].range.start))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert hover.contents.value.startswith("**UM302 high-dropout**")
    dense = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=8, character=12)))
    assert dense.contents.value.startswith("**Dense(128)** — activation: relu")


async def test_configuration_change_republishes(client: LanguageClient, buggy_text: str):
    assert len(await open_and_wait(client, buggy_text)) == 1
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"umlaut": {"thresholds": {"max-dropout-rate": 0.9}}}))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[URI]) == []
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"umlaut": {}}))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert len(client.diagnostics[URI]) == 1
