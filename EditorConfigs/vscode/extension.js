// A minimal VS Code client for `umlaut lsp`: starts the server over stdio for Python files and
// Jupyter notebooks and passes the `umlaut` settings. See EditorConfigs/README.md.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("umlaut");
  const command = config.get("path") || "umlaut";
  const serverOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp", "--log-level", "debug"], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      { notebook: "jupyter-notebook", language: "python" },
    ],
    initializationOptions: { umlaut: config },
    // The server asks for the `umlaut` section with workspace/configuration when it changes.
    synchronize: { configurationSection: "umlaut" },
  };
  client = new LanguageClient("umlaut", "Umlaut", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
