"""Shared helpers for the end-to-end tests of `umlaut lsp` against the built binary."""

from __future__ import annotations

import os
import pathlib
import sys

import pytest
from lsprotocol import types

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parents[2]
BUGGY = HERE / "fixtures" / "buggy_train.py"


def umlaut_binary() -> str:
    """The binary under test: $UMLAUT_BIN, else the debug build."""
    path = os.environ.get("UMLAUT_BIN") or str(ROOT / ".build" / "debug" / "umlaut")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no umlaut binary at {path}: build it first (swift build)")
    return path


def server_command(*extra: str) -> list[str]:
    return [umlaut_binary(), "lsp", "--log-level", "warning", *extra]


def line_starts(text: str) -> list[int]:
    """Offsets (in code points) where each line starts; lines end at \\n, \\r\\n or \\r."""
    starts = [0]
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\r" and index + 1 < len(text) and text[index + 1] == "\n":
            index += 1
            starts.append(index + 1)
        elif char in "\r\n":
            starts.append(index + 1)
        index += 1
    return starts


def units(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8"))
    if encoding == "utf-32":
        return 1
    return len(char.encode("utf-16-le")) // 2


def offset_of(text: str, position: types.Position, encoding: str = "utf-16") -> int:
    """The code-point offset of an LSP position, clamped as the protocol says."""
    starts = line_starts(text)
    if position.line >= len(starts):
        return len(text)
    start = starts[position.line]
    end = starts[position.line + 1] if position.line + 1 < len(starts) else len(text)
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    offset, remaining = start, position.character
    while offset < end:
        width = units(text[offset], encoding)
        if remaining < width:
            break
        remaining -= width
        offset += 1
    return offset


def position_of(text: str, offset: int, encoding: str = "utf-16") -> types.Position:
    starts = line_starts(text)
    line = max(i for i, s in enumerate(starts) if s <= offset)
    return types.Position(line=line, character=sum(units(c, encoding) for c in text[starts[line]:offset]))


def apply_edits(text: str, edits, encoding: str = "utf-16") -> str:
    """Applies TextEdits that all refer to `text`, the last first."""
    spans = [(offset_of(text, e.range.start, encoding), offset_of(text, e.range.end, encoding), e.new_text) for e in edits]
    for start, end, new in sorted(spans, key=lambda s: s[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text


def workspace_edits(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The edits of one document in a WorkspaceEdit, whichever form it takes."""
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))


@pytest.fixture
def buggy_text() -> str:
    return BUGGY.read_text()


def log(*args):
    print(*args, file=sys.stderr)
