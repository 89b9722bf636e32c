"""Shared helpers for the end-to-end tests of `umlaut lsp` against the built binary."""

from __future__ import annotations

import os
import pathlib
import re
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


# A fenced block that the README marks, on the line before it, as the text of a shipped file:
#   <!-- the text of EditorConfigs/neovim/umlaut.lua -->
#   ```lua
#   ...
#   ```
SHIPPED_BLOCK = re.compile(r"^<!-- the text of (\S+) -->\n```[^\n]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def readme_shipped_blocks(readme: pathlib.Path) -> dict[str, str]:
    """The README's fenced blocks that it marks as the text of a shipped file, by that file's
    path relative to the repository."""
    return {path: text for path, text in SHIPPED_BLOCK.findall(readme.read_text(encoding="utf-8"))}


def editor_environment(tmp_path: pathlib.Path, plugins: dict[str, str]) -> dict[str, str]:
    """An environment for a real editor as a user has it: `umlaut` on PATH (the built binary),
    and Neovim's configuration directory holding only `plugins` (file name -> text) in plugin/,
    nothing of this machine's user."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "umlaut").symlink_to(umlaut_binary())
    config = tmp_path / "xdg" / "config"
    plugin_dir = config / "nvim" / "plugin"
    plugin_dir.mkdir(parents=True)
    for name, text in plugins.items():
        (plugin_dir / name).write_text(text, encoding="utf-8")
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", XDG_CONFIG_HOME=str(config),
               XDG_DATA_HOME=str(tmp_path / "xdg" / "data"), XDG_STATE_HOME=str(tmp_path / "xdg" / "state"),
               XDG_CACHE_HOME=str(tmp_path / "xdg" / "cache"), HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    for name in ("VIMINIT", "EXINIT", "MYVIMRC", "VIM", "VIMRUNTIME", "NVIM_APPNAME"):
        env.pop(name, None)
    return env
