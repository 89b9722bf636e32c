"""Project search in the editor against the built binary with a real LSP client (pytest-lsp):
`umlaut.indexWorkspace` indexes the workspace with `$/progress`; `workspace/symbol` answers an
attribute query from that index; `umlaut.findSimilar` answers the nearest files as locations;
`umlaut.searchProjects` has the client open the dashboard's explore page with the query."""

from __future__ import annotations

import http.server
import json
import os
import pathlib
import threading
import urllib.parse

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import server_command
from test_editor_link import FakeDashboard, until

CAPABILITIES = types.ClientCapabilities(window=types.WindowClientCapabilities(
    work_done_progress=True, show_document=types.ShowDocumentClientCapabilities(support=True)))

DICE = """import torch
from torch import nn, optim


class DiceLoss(nn.Module):
    def forward(self, prediction, target):
        intersection = (prediction * target).sum()
        return 1 - 2 * intersection / (prediction.sum() + target.sum())


model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(8, 1, 1))
criterion = DiceLoss()
optimizer = optim.Adam(model.parameters(), lr=1e-4)
"""

DIGITS = """from tensorflow import keras

(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=server_command()))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def test_index_then_search_find_similar_and_open_the_explore_page(client: LanguageClient, tmp_path: pathlib.Path):
    (tmp_path / "train_seg.py").write_text(DICE)
    (tmp_path / "seg_variant.py").write_text(DICE.replace("DiceLoss", "SoftDiceLoss").replace("model", "net"))
    (tmp_path / "train_digits.py").write_text(DIGITS)
    dashboard = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeDashboard)
    threading.Thread(target=dashboard.serve_forever, daemon=True).start()
    try:
        port = dashboard.server_address[1]
        (tmp_path / ".umlaut").mkdir()
        (tmp_path / ".umlaut" / "ui.json").write_text(json.dumps(
            {"url": f"http://127.0.0.1:{port}", "token": FakeDashboard.token, "pid": os.getpid()}))
        result = await client.initialize_session(types.InitializeParams(
            capabilities=CAPABILITIES,
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)]))
        assert result.capabilities.workspace_symbol_provider is True

        # No token of the client's: the server creates its own (window/workDoneProgress/create).
        answer = await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="umlaut.indexWorkspace"))
        assert answer["indexes"] == [str(tmp_path / ".umlaut" / "projects.sqlite")]
        token = answer["token"]
        await until(lambda: (client.progress_reports.get(token) or [None])[-1] is not None
                    and client.progress_reports[token][-1].kind == "end", 60, "the end of indexing")
        steps = client.progress_reports[token]
        assert steps[0].kind == "begin" and steps[0].title == "Umlaut: indexing"
        assert any(step.kind == "report" and step.percentage == 100 for step in steps)
        assert steps[-1].message.startswith("3 files analysed, 0 unchanged, 0 removed; file vectors: fitted on 3 files")

        symbols = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="loss:dice framework:pytorch"))
        assert sorted(symbol.name for symbol in symbols) == ["seg_variant.py", "train_seg.py"]
        assert all(symbol.kind == types.SymbolKind.File for symbol in symbols)
        digits = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="mnist"))
        assert [symbol.location.uri for symbol in digits] == [(tmp_path / "train_digits.py").as_uri()]

        similar = await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="umlaut.findSimilar", arguments=[(tmp_path / "train_seg.py").as_uri()]))
        assert [location["uri"] for location in similar] == [
            (tmp_path / "seg_variant.py").as_uri(), (tmp_path / "train_digits.py").as_uri()]

        query = "loss:dice framework:pytorch"
        opened = await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command="umlaut.searchProjects", arguments=[query]))
        url = urllib.parse.urlsplit(opened["url"])
        assert (url.scheme, url.netloc, url.path) == ("http", f"127.0.0.1:{port}", "/explore")
        assert urllib.parse.parse_qs(url.query) == {"token": [FakeDashboard.token], "q": [query]}
        assert opened["started"] is False and opened["shown"] is True
        [shown] = client.shown_documents
        assert shown.external is True and shown.uri == opened["url"]
    finally:
        dashboard.shutdown()
