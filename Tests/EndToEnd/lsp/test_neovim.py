"""Debian's Neovim, headless, as a real client configured only as the README tells users to: the
README's Lua (which is EditorConfigs/neovim/umlaut.lua) or the shipped EditorConfigs/neovim/
files in the plugin/ directory, and `umlaut` on PATH. The tests start no client themselves; they
read what the configuration produced: the diagnostics through vim.diagnostic.get(), a quick fix
applied with Neovim's own workspace-edit code, and a training run started with :UmlautRun."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import BUGGY, HERE, ROOT, editor_environment, readme_shipped_blocks

NEOVIM = ROOT / "EditorConfigs" / "neovim"


def nvim() -> str:
    path = shutil.which("nvim")
    if path is None:
        pytest.fail("nvim is not installed (Scripts/install-system-deps.sh --test installs it)")
    return path


def shipped_plugins() -> dict[str, str]:
    """What EditorConfigs/README.md says to put in ~/.config/nvim/plugin/."""
    return {name: (NEOVIM / name).read_text(encoding="utf-8") for name in ("umlaut.lua", "umlaut-commands.lua")}


def run_driver(tmp_path: pathlib.Path, driver: str, env: dict[str, str]) -> dict:
    report_path = tmp_path / "report.json"
    env = dict(env, REPORT=str(report_path), FIND_CLIENT=str(HERE / "neovim_client.lua"))
    process = subprocess.run([nvim(), "--headless", "-c", f"luafile {HERE / driver}"],
                             env=env, capture_output=True, timeout=120, cwd=tmp_path)
    assert report_path.exists(), f"no report; nvim said: {process.stdout!r} {process.stderr!r}"
    report = json.loads(report_path.read_text())
    assert report["ok"], report["message"]
    assert process.returncode == 0
    return report


# Opens two Python files below one project root, waits for Umlaut's diagnostics in the first,
# and writes what Neovim has: the diagnostics, the clients and their roots.
README_PROBE = r"""
lua << EOF
local report = {}
local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("SCRIPT")))
  local bufnr = vim.api.nvim_get_current_buf()
  local function umlaut() return vim.tbl_filter(function(d) return d.source == "umlaut" end, vim.diagnostic.get(bufnr)) end
  assert(vim.wait(20000, function() return #umlaut() > 0 end, 20), "no Umlaut diagnostics within 20 s")
  report.diagnostics = vim.tbl_map(function(d) return { code = d.code, lnum = d.lnum, severity = d.severity } end, umlaut())
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("OTHER")))
  local other = vim.api.nvim_get_current_buf()
  assert(vim.wait(10000, function() return #vim.lsp.buf_get_clients(other) > 0 end, 20), "the second buffer got no client")
  report.clients = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    table.insert(report.clients, { name = client.name, root = client.config.root_dir,
      buffers = { vim.lsp.buf_is_attached(bufnr, client.id), vim.lsp.buf_is_attached(other, client.id) } })
  end
end)
report.lsp_start_calls = _G.lsp_start_calls
report.ok, report.message = ok, tostring(err)
local file = io.open(os.getenv("REPORT"), "w")
file:write(vim.fn.json_encode(report))
file:close()
vim.cmd("qall!")
EOF
"""


# Neovim 0.8+'s vim.lsp.start, for the branch of umlaut.lua that Debian 12's 0.7 cannot run: a
# stand-in loaded before it that records each call and starts the client as 0.7 can. It shows
# that the branch is taken and what it passes, not how a newer Neovim reuses clients.
LSP_START_STAND_IN = """
_G.lsp_start_calls = {}
vim.lsp.start = function(config)
  table.insert(_G.lsp_start_calls, { name = config.name, cmd = config.cmd, root_dir = config.root_dir })
  local bufnr = vim.api.nvim_get_current_buf()
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == config.name and client.config.root_dir == config.root_dir then
      vim.lsp.buf_attach_client(bufnr, client.id)
      return client.id
    end
  end
  local id = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end
"""


@pytest.mark.parametrize("api", ["0.7", "0.8+"])
def test_neovim_with_only_the_readme_lines_shows_the_diagnostics(tmp_path: pathlib.Path, api: str):
    readme_lua = readme_shipped_blocks(ROOT / "README.md")["EditorConfigs/neovim/umlaut.lua"]
    plugins = {"umlaut.lua": readme_lua}
    if api == "0.8+":
        plugins["00_lsp_start.lua"] = LSP_START_STAND_IN
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    script = project / "src" / "buggy_train.py"
    shutil.copy(BUGGY, script)
    other = project / "other.py"
    other.write_text("import keras\n")
    probe = tmp_path / "probe.vim"
    probe.write_text(README_PROBE)
    report_path = tmp_path / "report.json"
    env = dict(editor_environment(tmp_path, plugins),
               SCRIPT=str(script), OTHER=str(other), REPORT=str(report_path))
    process = subprocess.run([nvim(), "--headless", "-S", str(probe)], env=env, capture_output=True, timeout=60, cwd=tmp_path)
    assert report_path.exists(), f"no report; nvim said: {process.stdout!r} {process.stderr!r}"
    report = json.loads(report_path.read_text())
    assert report["ok"], report["message"]
    assert [(d["code"], d["lnum"], d["severity"]) for d in report["diagnostics"]] == [("UM302", 9, 2)]
    # One client for the project, rooted at its pyproject.toml, serving both buffers.
    assert report["clients"] == [{"name": "umlaut", "root": str(project), "buffers": [True, True]}]
    if api == "0.8+":
        assert report["lsp_start_calls"] == [{"name": "umlaut", "cmd": ["umlaut", "lsp"], "root_dir": str(project)}] * 2
    else:
        assert "lsp_start_calls" not in report  # vim.lsp.start does not exist on 0.7


def test_neovim_shows_the_diagnostic_and_applies_the_fix(tmp_path: pathlib.Path):
    script = tmp_path / "buggy_train.py"
    shutil.copy(BUGGY, script)
    report = run_driver(tmp_path, "neovim_diagnostics.lua", dict(editor_environment(tmp_path, shipped_plugins()), SCRIPT=str(script)))
    [diagnostic] = report["diagnostics"]
    assert diagnostic["code"] == "UM302"
    assert (diagnostic["lnum"], diagnostic["col"], diagnostic["end_col"]) == (9, 19, 22)
    assert diagnostic["severity"] == 2  # vim.diagnostic.severity.WARN
    assert report["actions"][:2] == ["Use rate 0.2 (1 - 0.8), in case a keep probability was meant", "Disable UM302 for this line"]
    assert report["fixed_line"] == "    layers.Dropout(0.2),"
    assert report["steps"] == ["diagnostics", "applied", "cleared"]


def test_neovim_runs_the_script_and_shows_the_runtime_findings(tmp_path: pathlib.Path):
    script = tmp_path / "train_torch.py"
    shutil.copy(HERE / "fixtures" / "run" / "train_torch.py", script)
    # The interpreter for runs: $UMLAUT_PYTHON, as EditorConfigs/README.md says.
    env = dict(editor_environment(tmp_path, shipped_plugins()), SCRIPT=str(script), UMLAUT_PYTHON=sys.executable)
    report = run_driver(tmp_path, "neovim_run.lua", env)
    assert report["steps"] == ["static", "runtime", "cleared"]
    runtime = {(d["code"], d["lnum"], d["col"]) for d in report["runtime"]}
    assert {("UM506", 14, 48), ("UM501", 20, 29)} <= runtime
    assert [d["code"] for d in report["static"]] == ["UM301"]
    assert (tmp_path / ".umlaut" / "sessions.sqlite").exists()
