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
  // The server's own commands (umlaut.run, umlaut.stopRun, umlaut.clearRunFindings) are
  // registered by the client library; this one runs the script of the active editor, asking
  // for its arguments. Progress shows in a notification, which can cancel the run.
  context.subscriptions.push(vscode.commands.registerCommand("umlaut.runActiveScript", async (uri) => {
    const editor = vscode.window.activeTextEditor;
    const target = uri instanceof vscode.Uri ? uri : editor && editor.document.uri;
    if (!target || target.scheme !== "file") {
      vscode.window.showWarningMessage("Umlaut: open a Python script to run it.");
      return;
    }
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
    if (document && document.isDirty) await document.save(); // the run reads the file
    const line = await vscode.window.showInputBox({ prompt: "Arguments for the script (optional)", placeHolder: "--epochs 5" });
    if (line === undefined) return;
    const args = line.split(/\s+/).filter((part) => part.length > 0);
    await vscode.commands.executeCommand("umlaut.run", target.toString(), args);
  }));
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
