"""Debian's Emacs with Eglot (`emacs-nox`, `elpa-eglot`), in batch mode, as a real client
configured only by the shipped EditorConfigs/emacs/umlaut-eglot.el (loaded as its README says,
then `M-x eglot`), with `umlaut` on PATH: the scenario of the Neovim tests — diagnostics in
Flymake, a quick fix applied through `eglot-code-actions`, and the runtime findings of
`M-x umlaut-run` on a small PyTorch training, then cleared."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import BUGGY, HERE, ROOT, editor_environment

UMLAUT_EGLOT = ROOT / "EditorConfigs" / "emacs" / "umlaut-eglot.el"


def run_emacs(tmp_path: pathlib.Path, scenario: str, script: pathlib.Path, **extra: str) -> dict:
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.fail("emacs is not installed (Scripts/install-system-deps.sh --test installs emacs-nox and elpa-eglot)")
    report_path = tmp_path / "report.json"
    env = dict(editor_environment(tmp_path, {}), UMLAUT_EGLOT=str(UMLAUT_EGLOT), SCENARIO=scenario,
               SCRIPT=str(script), REPORT=str(report_path), **extra)
    process = subprocess.run([emacs, "--batch", "-l", str(HERE / "emacs_eglot.el")],
                             env=env, capture_output=True, timeout=120, cwd=tmp_path)
    assert report_path.exists(), f"no report; emacs said: {process.stdout!r} {process.stderr[-3000:]!r}"
    report = json.loads(report_path.read_text())
    assert report["ok"] is True, f"{report['message']}; emacs said: {process.stderr[-3000:]!r}"
    assert process.returncode == 0
    return report


def test_emacs_eglot_shows_the_diagnostic_and_applies_the_fix(tmp_path: pathlib.Path):
    script = tmp_path / "buggy_train.py"
    shutil.copy(BUGGY, script)
    report = run_emacs(tmp_path, "fix", script)
    assert report["steps"] == ["diagnostics", "applied", "cleared"]
    [diagnostic] = report["diagnostics"]
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == ("UM302", 10, 19)
    assert diagnostic["type"] == "eglot-warning"
    assert "Disable UM302 for this line" in report["actions"] and len(report["actions"]) >= 2
    assert report["fixed_line"] == "    layers.Dropout(0.2),"
    assert script.read_text() == BUGGY.read_text()  # the fix edits the buffer; the file is the user's to save


def test_emacs_eglot_runs_the_script_and_shows_the_runtime_findings(tmp_path: pathlib.Path):
    script = tmp_path / "train_torch.py"
    shutil.copy(HERE / "fixtures" / "run" / "train_torch.py", script)
    # The interpreter for runs: $UMLAUT_PYTHON, as EditorConfigs/README.md says.
    report = run_emacs(tmp_path, "run", script, UMLAUT_PYTHON=sys.executable)
    assert report["steps"] == ["static", "runtime", "cleared"]
    runtime = {(d["code"], d["line"], d["column"]) for d in report["runtime"]}
    assert {("UM506", 15, 48), ("UM501", 21, 29)} <= runtime
    assert [d["code"] for d in report["static"]] == ["UM301"]
    assert (tmp_path / ".umlaut" / "sessions.sqlite").exists()
