"""The shipped editor configurations as users get them: the README's snippets are the shipped
files' text, each configuration says the editor version it needs, and the VS Code extension
builds into an installable .vsix (Scripts/build-vsix.py) whose LSP client speaks to the real
server with nothing but Node's standard library."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest

from conftest import BUGGY, HERE, ROOT, readme_shipped_blocks, umlaut_binary

VSCODE = ROOT / "EditorConfigs" / "vscode"
BUILD_VSIX = ROOT / "Scripts" / "build-vsix.py"
VSX = "{http://schemas.microsoft.com/developer/vsx-schema/2011}"


def test_the_readme_snippets_are_the_shipped_files():
    blocks = {}
    for readme in (ROOT / "README.md", ROOT / "EditorConfigs" / "README.md"):
        text = readme.read_text(encoding="utf-8")
        found = readme_shipped_blocks(readme)
        # Every marker is followed by a fenced block the pattern understood.
        assert text.count("<!-- the text of ") == len(found), f"a marker in {readme} is not followed by a fenced block"
        blocks.update(found)
    assert "EditorConfigs/neovim/umlaut.lua" in blocks  # the README's Neovim lines
    for path, text in blocks.items():
        assert (ROOT / path).read_bytes() == text.encode("utf-8"), f"the README's text of {path} differs from the file"


def test_the_readme_has_no_neovim_lua_but_the_shipped_file():
    """The README shows no Lua for Neovim that is not a shipped (and tested) file."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lua_blocks = re.findall(r"^```lua\n", text, re.MULTILINE)
    assert len(lua_blocks) == sum(1 for p in readme_shipped_blocks(ROOT / "README.md") if p.endswith(".lua"))


@pytest.mark.parametrize("path, in_file, in_readme", [
    ("neovim/umlaut.lua", "Neovim 0.7", "Neovim 0.7+"),
    ("neovim/umlaut-commands.lua", "Neovim 0.7", "Neovim 0.7+"),
    ("neovim/lspconfig.lua", "Neovim 0.7", "Neovim 0.7+ with nvim-lspconfig"),
    ("emacs/umlaut-eglot.el", "Emacs 26.3", "Emacs 26.3+ with Eglot"),
    ("vscode/package.json", '"vscode": "^1.82.0"', "VS Code 1.82+"),
    ("vscode/README.md", "VS Code 1.82", "VS Code 1.82+"),
    ("helix/languages.toml", "Helix 23.10", "Helix 23.10+"),
    ("sublime/LSP.sublime-settings", "Sublime Text 4", "Sublime Text 4"),
    ("zed/extension.toml", "Zed 0.149", "Zed 0.149+"),
])
def test_each_configuration_says_the_editor_version_it_needs(path: str, in_file: str, in_readme: str):
    assert in_file in (ROOT / "EditorConfigs" / path).read_text(encoding="utf-8")
    rows = [line for line in (ROOT / "EditorConfigs" / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| {in_readme} |")]
    assert len(rows) == 1 and f"`{path.split('/')[0]}/" in rows[0]


def build_vsix(source: pathlib.Path, output: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD_VSIX), "--source", str(source), "--output", str(output)],
                          capture_output=True, text=True, timeout=60)


def test_the_vscode_extension_builds_into_a_vsix(tmp_path: pathlib.Path):
    output = tmp_path / "umlaut.vsix"
    process = build_vsix(VSCODE, output)
    assert process.returncode == 0, process.stderr
    package = json.loads((VSCODE / "package.json").read_text())
    with zipfile.ZipFile(output) as archive:
        names = set(archive.namelist())
        assert {"[Content_Types].xml", "extension.vsixmanifest", "extension/package.json",
                "extension/extension.js", "extension/lsp.js", "extension/LICENSE.txt"} <= names
        assert archive.read("extension/package.json") == (VSCODE / "package.json").read_bytes()
        assert f"extension/{package['main'].removeprefix('./')}" in names
        assert not any("node_modules" in n for n in names)

        types = ET.fromstring(archive.read("[Content_Types].xml"))
        covered = {d.get("Extension") for d in types}
        assert {pathlib.PurePosixPath(n).suffix for n in names if n != "[Content_Types].xml"} <= covered

        manifest = ET.fromstring(archive.read("extension.vsixmanifest"))
        identity = manifest.find(f"{VSX}Metadata/{VSX}Identity")
        assert (identity.get("Id"), identity.get("Version"), identity.get("Publisher")) == (
            package["name"], package["version"], package["publisher"])
        properties = {p.get("Id"): p.get("Value") for p in manifest.iter(f"{VSX}Property")}
        assert properties["Microsoft.VisualStudio.Code.Engine"] == package["engines"]["vscode"]
        assert manifest.find(f"{VSX}Installation/{VSX}InstallationTarget").get("Id") == "Microsoft.VisualStudio.Code"
        assets = {a.get("Type"): a.get("Path") for a in manifest.iter(f"{VSX}Asset")}
        assert assets["Microsoft.VisualStudio.Code.Manifest"] == "extension/package.json"
        assert set(assets.values()) <= names


@pytest.mark.parametrize("change, complaint", [
    (lambda p: p.update(main="./client.js"), "`main` names ./client.js, which is not shipped"),
    (lambda p: p.pop("publisher"), "`publisher` is required"),
    (lambda p: p.pop("engines"), "`engines.vscode` is required"),
    (lambda p: p.update(dependencies={"vscode-languageclient": "^9.0.1"}), "`dependencies` would have to be bundled"),
    (lambda p: p.update(activationEvents=["onCommand:umlaut.nothing"]), "names a command the extension does not contribute"),
    (lambda p: p["contributes"]["commands"].append({"command": "umlaut.unknown", "title": "?"}), "umlaut.unknown is registered by no shipped script"),
])
def test_the_vsix_build_refuses_a_package_json_that_would_not_work(tmp_path: pathlib.Path, change, complaint: str):
    source = tmp_path / "vscode"
    shutil.copytree(VSCODE, source)
    package = json.loads((source / "package.json").read_text())
    change(package)
    (source / "package.json").write_text(json.dumps(package))
    process = build_vsix(source, tmp_path / "out.vsix")
    assert process.returncode == 1
    assert complaint in process.stderr
    assert not (tmp_path / "out.vsix").exists()


def test_the_vsix_build_refuses_a_require_that_is_not_shipped(tmp_path: pathlib.Path):
    source = tmp_path / "vscode"
    shutil.copytree(VSCODE, source)
    script = source / "extension.js"
    script.write_text(script.read_text().replace('require("./lsp")', 'require("vscode-languageclient/node")'))
    process = build_vsix(source, tmp_path / "out.vsix")
    assert process.returncode == 1
    assert "requires 'vscode-languageclient/node', which is neither Node's nor shipped" in process.stderr


# The extension's LSP client (lsp.js, shipped in the .vsix) against the built server, under Node
# alone: initialize, open the buggy script, the pushed diagnostics, a quick fix, shutdown.
NODE_CLIENT = r"""
const { Connection } = require(process.env.LSP_JS);
const fs = require("fs");
const uri = "file://" + process.env.SCRIPT;
const connection = new Connection(process.env.UMLAUT, ["lsp"], {});
const report = {};
const diagnostics = new Promise((resolve) => connection.onNotification("textDocument/publishDiagnostics", (params) => {
  if (params.uri === uri && params.diagnostics.length > 0) resolve(params.diagnostics);
}));
connection.onRequest("workspace/configuration", ({ items }) => items.map(() => ({})));
(async () => {
  const result = await connection.initialize({ processId: process.pid, rootUri: null, capabilities: {
    textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } } },
    workspace: { configuration: true } } });
  report.server = result.serverInfo && result.serverInfo.name;
  connection.notify("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text: fs.readFileSync(process.env.SCRIPT, "utf8") } });
  const found = await diagnostics;
  report.diagnostics = found.map((d) => ({ code: d.code, line: d.range.start.line, source: d.source }));
  const actions = await connection.request("textDocument/codeAction", { textDocument: { uri }, range: found[0].range,
    context: { diagnostics: [found[0]] } });
  report.edits = actions.filter((a) => a.edit).length;
  await connection.shutdown();
  report.exit = connection.process.exitCode;
  fs.writeFileSync(process.env.REPORT, JSON.stringify(report));
})().catch((error) => { console.error(error); process.exit(1); });
setTimeout(() => { console.error("timed out"); process.exit(1); }, 30000).unref();
"""


def test_the_vscode_client_speaks_lsp_to_the_server_under_node(tmp_path: pathlib.Path):
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("node is not installed (Scripts/install-system-deps.sh --test installs nodejs)")
    script = tmp_path / "buggy_train.py"
    shutil.copy(BUGGY, script)
    report_path = tmp_path / "report.json"
    process = subprocess.run([node, "-e", NODE_CLIENT], capture_output=True, text=True, timeout=60,
                             env={"PATH": "/usr/bin:/bin", "LSP_JS": str(VSCODE / "lsp.js"), "SCRIPT": str(script),
                                  "UMLAUT": umlaut_binary(), "REPORT": str(report_path)})
    assert process.returncode == 0, process.stderr
    report = json.loads(report_path.read_text())
    assert report["server"] == "umlaut"
    assert [(d["code"], d["line"], d["source"]) for d in report["diagnostics"]] == [("UM302", 9, "umlaut")]
    assert report["edits"] >= 2  # the fix and "Disable UM302 for this line", their edits inline
    assert report["exit"] == 0


def test_the_vsix_extension_runs_against_the_server(tmp_path: pathlib.Path):
    """The extension as packaged, activated under Node with a stand-in for the `vscode` module
    (vscode_host/): what reaches the editor's API is what the server sent."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.fail("node is not installed (Scripts/install-system-deps.sh --test installs nodejs)")
    assert build_vsix(VSCODE, tmp_path / "umlaut.vsix").returncode == 0
    with zipfile.ZipFile(tmp_path / "umlaut.vsix") as archive:
        archive.extractall(tmp_path / "package")
    script = tmp_path / "buggy_train.py"
    shutil.copy(BUGGY, script)
    report_path = tmp_path / "report.json"
    process = subprocess.run([node, str(HERE / "vscode_host" / "drive.js")], capture_output=True, text=True, timeout=90,
                             env={"PATH": "/usr/bin:/bin", "NODE_PATH": str(HERE / "vscode_host"),
                                  "EXTENSION": str(tmp_path / "package" / "extension"), "UMLAUT": umlaut_binary(),
                                  "SCRIPT": str(script), "REPORT": str(report_path)})
    assert process.returncode == 0, process.stderr
    report = json.loads(report_path.read_text())
    [diagnostic] = report["diagnostics"]
    assert (diagnostic["code"], diagnostic["line"], diagnostic["character"], diagnostic["source"]) == ("UM302", 9, 19, "umlaut")
    assert diagnostic["severity"] == 1  # vscode.DiagnosticSeverity.Warning
    assert diagnostic["target"]  # the rule's documentation link, as a clickable code
    fix, disable = report["actions"][:2]
    assert fix["kind"] == "quickfix" and fix["edits"] == [{"line": 9, "character": 19, "newText": "0.2"}]
    assert disable["title"] == "Disable UM302 for this line" and "ignore[UM302]" in disable["edits"][0]["newText"]
    assert "UM302" in report["hover"]
    assert report["clearRunFindings"] is not None  # the server's answer, forwarded
    assert report["commands"] == ["umlaut.clearRunFindings", "umlaut.run", "umlaut.runActiveScript", "umlaut.showRun", "umlaut.stopRun"]
    assert report["messages"] == []
