#!/usr/bin/env python3
"""Builds the VS Code extension in EditorConfigs/vscode/ into an installable `.vsix`, with
Python's standard library only (no Node tooling needed), after validating its package.json.

    Scripts/build-vsix.py [--source EditorConfigs/vscode] [--output .build/vsix/umlaut-VERSION.vsix]

Install the result with *Extensions: Install from VSIX…* or `code --install-extension FILE`.

A .vsix is an Open Packaging Conventions zip: `[Content_Types].xml` (the media type of each file
extension), `extension.vsixmanifest` (the identity, engine and assets VS Code's installer reads)
and the extension's files under `extension/`. The validation refuses what would install but not
work: a missing required field, a `main` that is not shipped, a `require` of anything but
Node's built-in modules, `vscode` and the shipped files (nothing is bundled), an activation
event or menu entry naming a command the extension does not contribute, and a contributed
command that no shipped script registers or forwards.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOURCE = ROOT / "EditorConfigs" / "vscode"
# What the package holds besides the sources: the repository's licence, as VS Code shows it.
EXTRA = {"LICENSE.txt": ROOT / "LICENSE"}
SHIPPED_SUFFIXES = {".js", ".json", ".md"}
CONTENT_TYPES = {".js": "application/javascript", ".json": "application/json", ".md": "text/markdown",
                 ".txt": "text/plain", ".vsixmanifest": "text/xml"}
NODE_BUILTINS = {"assert", "buffer", "child_process", "crypto", "events", "fs", "net", "os", "path",
                 "process", "readline", "stream", "string_decoder", "timers", "url", "util", "zlib"}
ACTIVATION = re.compile(r"^(\*|onStartupFinished|onLanguage:[\w.-]+|onCommand:[\w.-]+|workspaceContains:.+|onFileSystem:[\w-]+)$")


class Invalid(Exception):
    """package.json or the sources would not make a working extension."""


def shipped_files(source: pathlib.Path) -> dict[str, bytes]:
    """The files of the package, by their path below `extension/`."""
    files = {p.relative_to(source).as_posix(): p.read_bytes() for p in sorted(source.rglob("*"))
             if p.is_file() and p.suffix in SHIPPED_SUFFIXES and "node_modules" not in p.parts}
    for name, path in EXTRA.items():
        files[name] = path.read_bytes()
    return files


def validate(manifest: dict, files: dict[str, bytes]) -> None:
    """Raises Invalid with every problem found."""
    problems = []
    for field in ("name", "publisher", "version", "main"):
        if not isinstance(manifest.get(field), str) or not manifest[field]:
            problems.append(f"`{field}` is required")
    if problems:
        raise Invalid("; ".join(problems))
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", manifest["name"]):
        problems.append(f"`name` {manifest['name']!r} must be lower case, without spaces")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", manifest["publisher"]):
        problems.append(f"`publisher` {manifest['publisher']!r} must be letters, digits and dashes")
    if not re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", manifest["version"]):
        problems.append(f"`version` {manifest['version']!r} is not a semantic version")
    engine = (manifest.get("engines") or {}).get("vscode")
    if not isinstance(engine, str) or not re.fullmatch(r"\^?\d+\.\d+\.\d+", engine):
        problems.append("`engines.vscode` is required, as ^MAJOR.MINOR.PATCH")

    scripts = {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".js")}
    main = re.sub(r"^\./", "", manifest["main"])
    if main not in files and f"{main}.js" not in files:
        problems.append(f"`main` names {manifest['main']}, which is not shipped")
    for name, text in scripts.items():
        for module in re.findall(r"""require\(\s*["']([^"']+)["']\s*\)""", text):
            if module.startswith("."):
                target = (pathlib.PurePosixPath(name).parent / module).as_posix()
                target = re.sub(r"^(\./)+", "", pathlib.PurePosixPath(target).as_posix())
                if target not in files and f"{target}.js" not in files:
                    problems.append(f"{name} requires {module}, which is not shipped")
            elif module != "vscode" and module.removeprefix("node:") not in NODE_BUILTINS:
                problems.append(f"{name} requires {module!r}, which is neither Node's nor shipped")
    if manifest.get("dependencies"):
        problems.append("`dependencies` would have to be bundled; the extension must need none")

    contributes = manifest.get("contributes") or {}
    commands = {c.get("command") for c in contributes.get("commands", [])}
    all_script_text = "\n".join(scripts.values())
    for command in sorted(c for c in commands if c):
        if f'"{command}"' not in all_script_text:
            problems.append(f"the contributed command {command} is registered by no shipped script")
    events = manifest.get("activationEvents")
    if not isinstance(events, list) or not events:
        problems.append("`activationEvents` is required (a non-empty list)")
    else:
        for event in events:
            if not isinstance(event, str) or not ACTIVATION.match(event):
                problems.append(f"unknown activation event {event!r}")
            elif event.startswith("onCommand:") and event.removeprefix("onCommand:") not in commands:
                problems.append(f"{event} names a command the extension does not contribute")
    for menu, entries in (contributes.get("menus") or {}).items():
        for entry in entries:
            if entry.get("command") not in commands:
                problems.append(f"the menu {menu} names {entry.get('command')}, which is not contributed")
    for key in ((contributes.get("configuration") or {}).get("properties") or {}):
        if not key.startswith(f"{manifest['name']}."):
            problems.append(f"the setting {key} is outside the `{manifest['name']}` section")
    if problems:
        raise Invalid("; ".join(problems))


def vsix_manifest(manifest: dict, files: dict[str, bytes]) -> str:
    assets = [("Microsoft.VisualStudio.Code.Manifest", "extension/package.json")]
    if "README.md" in files:
        assets.append(("Microsoft.VisualStudio.Services.Content.Details", "extension/README.md"))
    if "LICENSE.txt" in files:
        assets.append(("Microsoft.VisualStudio.Services.Content.License", "extension/LICENSE.txt"))
    properties = [("Microsoft.VisualStudio.Code.Engine", manifest["engines"]["vscode"]),
                  ("Microsoft.VisualStudio.Code.ExtensionDependencies", ""),
                  ("Microsoft.VisualStudio.Code.ExtensionPack", ""),
                  ("Microsoft.VisualStudio.Code.ExtensionKind", ",".join(manifest.get("extensionKind", ["workspace"]))),
                  ("Microsoft.VisualStudio.Services.GitHubFlavoredMarkdown", "true")]
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011"'
        ' xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">',
        "  <Metadata>",
        f'    <Identity Language="en-US" Id={quoteattr(manifest["name"])} Version={quoteattr(manifest["version"])}'
        f' Publisher={quoteattr(manifest["publisher"])}/>',
        f"    <DisplayName>{escape(manifest.get('displayName', manifest['name']))}</DisplayName>",
        f'    <Description xml:space="preserve">{escape(manifest.get("description", ""))}</Description>',
        f"    <Tags>{escape(','.join(manifest.get('keywords', [])))}</Tags>",
        f"    <Categories>{escape(','.join(manifest.get('categories', [])))}</Categories>",
        "    <GalleryFlags>Public</GalleryFlags>",
        "    <Properties>",
        *(f"      <Property Id={quoteattr(k)} Value={quoteattr(v)}/>" for k, v in properties),
        "    </Properties>",
        *(["    <License>extension/LICENSE.txt</License>"] if "LICENSE.txt" in files else []),
        "  </Metadata>",
        "  <Installation>",
        '    <InstallationTarget Id="Microsoft.VisualStudio.Code"/>',
        "  </Installation>",
        "  <Dependencies/>",
        "  <Assets>",
        *(f'    <Asset Type={quoteattr(t)} Path={quoteattr(p)} Addressable="true"/>' for t, p in assets),
        "  </Assets>",
        "</PackageManifest>",
    ]
    return "\n".join(lines) + "\n"


def content_types(names: list[str]) -> str:
    suffixes = sorted({pathlib.PurePosixPath(n).suffix for n in names})
    missing = [s for s in suffixes if s not in CONTENT_TYPES]
    if missing:
        raise Invalid(f"no content type for {', '.join(missing)}")
    defaults = "".join(f'<Default Extension="{s}" ContentType="{CONTENT_TYPES[s]}"/>' for s in suffixes)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{defaults}</Types>\n')


def build(source: pathlib.Path, output: pathlib.Path | None) -> pathlib.Path:
    files = shipped_files(source)
    if "package.json" not in files:
        raise Invalid(f"no package.json in {source}")
    try:
        manifest = json.loads(files["package.json"])
    except json.JSONDecodeError as error:
        raise Invalid(f"package.json is not JSON: {error}") from None
    validate(manifest, files)
    output = output or ROOT / ".build" / "vsix" / f"{manifest['name']}-{manifest['version']}.vsix"
    output.parent.mkdir(parents=True, exist_ok=True)
    names = ["extension.vsixmanifest", *(f"extension/{n}" for n in files)]
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(names))
        archive.writestr("extension.vsixmanifest", vsix_manifest(manifest, files))
        for name, data in files.items():
            archive.writestr(f"extension/{name}", data)
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=pathlib.Path, default=SOURCE, help="the extension's directory")
    parser.add_argument("--output", type=pathlib.Path, help="the .vsix to write")
    arguments = parser.parse_args()
    try:
        output = build(arguments.source, arguments.output)
    except Invalid as error:
        print(f"build-vsix: {error}", file=sys.stderr)
        return 1
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
