"""Debian's Neovim, headless, as a real client: the diagnostics it shows through
vim.diagnostic.get(), a quick fix applied with its own workspace-edit code, and a training run
started with the :UmlautRun command of EditorConfigs/neovim/umlaut-commands.lua."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import BUGGY, HERE, ROOT, umlaut_binary


def test_neovim_shows_the_diagnostic_and_applies_the_fix(tmp_path: pathlib.Path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.fail("nvim is not installed (Scripts/install-system-deps.sh --test installs it)")
    script = tmp_path / "buggy_train.py"
    shutil.copy(BUGGY, script)
    report_path = tmp_path / "report.json"
    env = dict(os.environ, UMLAUT_BIN=umlaut_binary(), SCRIPT=str(script), REPORT=str(report_path))
    process = subprocess.run(
        [nvim, "--headless", "--clean", "-u", "NONE", "-c", f"luafile {HERE / 'neovim_diagnostics.lua'}"],
        env=env, capture_output=True, timeout=120, cwd=tmp_path)
    assert report_path.exists(), f"no report; nvim said: {process.stdout!r} {process.stderr!r}"
    report = json.loads(report_path.read_text())
    assert report["ok"], report["message"]
    assert process.returncode == 0
    [diagnostic] = report["diagnostics"]
    assert diagnostic["code"] == "UM302"
    assert (diagnostic["lnum"], diagnostic["col"], diagnostic["end_col"]) == (9, 19, 22)
    assert diagnostic["severity"] == 2  # vim.diagnostic.severity.WARN
    assert report["actions"][:2] == ["Use rate 0.2 (1 - 0.8), in case a keep probability was meant", "Disable UM302 for this line"]
    assert report["fixed_line"] == "    layers.Dropout(0.2),"
    assert report["steps"] == ["diagnostics", "applied", "cleared"]


def test_neovim_runs_the_script_and_shows_the_runtime_findings(tmp_path: pathlib.Path):
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.fail("nvim is not installed (Scripts/install-system-deps.sh --test installs it)")
    script = tmp_path / "train_torch.py"
    shutil.copy(HERE / "fixtures" / "run" / "train_torch.py", script)
    report_path = tmp_path / "report.json"
    env = dict(os.environ, UMLAUT_BIN=umlaut_binary(), SCRIPT=str(script), REPORT=str(report_path), PYTHON=sys.executable,
               COMMANDS=str(ROOT / "EditorConfigs" / "neovim" / "umlaut-commands.lua"))
    process = subprocess.run(
        [nvim, "--headless", "--clean", "-u", "NONE", "-c", f"luafile {HERE / 'neovim_run.lua'}"],
        env=env, capture_output=True, timeout=120, cwd=tmp_path)
    assert report_path.exists(), f"no report; nvim said: {process.stdout!r} {process.stderr!r}"
    report = json.loads(report_path.read_text())
    assert report["ok"], report["message"]
    assert report["steps"] == ["static", "runtime", "cleared"]
    runtime = {(d["code"], d["lnum"], d["col"]) for d in report["runtime"]}
    assert {("UM506", 14, 48), ("UM501", 20, 29)} <= runtime
    assert [d["code"] for d in report["static"]] == ["UM301"]
    assert (tmp_path / ".umlaut" / "sessions.sqlite").exists()
