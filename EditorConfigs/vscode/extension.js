// A VS Code client for `umlaut lsp` (VS Code 1.82+), with no dependency: it speaks LSP to the
// server over stdio itself (lsp.js), for Python files. See EditorConfigs/README.md; build the
// installable package with Scripts/build-vsix.sh.
//
// What it does with the server: document sync (full text), pushed diagnostics (with their
// documentation link and related places), hover, code actions (quick fixes, "Disable UMxxx for
// this line", source.fixAll.umlaut on save when configured), the server's commands
// (umlaut.run, umlaut.stopRun, umlaut.clearRunFindings, umlaut.showRun) with the run's progress in a
// cancellable notification, window/showDocument (the dashboard's "open in editor", and its pages
// opened in the browser), the `umlaut` settings (workspace/configuration), and pyproject.toml
// changes. Not supported: Jupyter notebooks (use `umlaut check` on them).
const vscode = require("vscode");
const { Connection } = require("./lsp");

const SERVER_COMMANDS = ["umlaut.run", "umlaut.stopRun", "umlaut.clearRunFindings", "umlaut.showRun"];
let connection;

function toRange(range) {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function fromRange(range) {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

const SEVERITY = [undefined, vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning,
  vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint];

function toWorkspaceEdit(edit) {
  const result = new vscode.WorkspaceEdit();
  for (const change of edit.documentChanges || []) {
    if (!change.textDocument) continue; // file create/rename/delete: the server sends none
    const uri = vscode.Uri.parse(change.textDocument.uri);
    for (const e of change.edits) result.replace(uri, toRange(e.range), e.newText);
  }
  if (!edit.documentChanges) {
    for (const [uri, edits] of Object.entries(edit.changes || {})) {
      for (const e of edits) result.replace(vscode.Uri.parse(uri), toRange(e.range), e.newText);
    }
  }
  return result;
}

function activate(context) {
  const config = () => vscode.workspace.getConfiguration("umlaut");
  const output = vscode.window.createOutputChannel("Umlaut");
  const diagnostics = vscode.languages.createDiagnosticCollection("umlaut");
  const original = new WeakMap(); // vscode.Diagnostic -> the server's diagnostic, for code actions
  const progress = new Map(); // $/progress token -> { progress, resolve }
  const selector = [{ scheme: "file", language: "python" }];
  const isOurs = (document) => vscode.languages.match(selector, document) > 0;
  const args = ["lsp", "--log-level", config().get("logLevel") || "info"];
  connection = new Connection(config().get("path") || "umlaut", args, {
    cwd: vscode.workspace.workspaceFolders ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined,
    log: (line) => output.appendLine(line),
  });
  context.subscriptions.push(output, diagnostics);

  connection.onNotification("textDocument/publishDiagnostics", ({ uri, diagnostics: list }) => {
    diagnostics.set(vscode.Uri.parse(uri), list.map((d) => {
      const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity || 1]);
      diagnostic.source = d.source;
      diagnostic.code = d.codeDescription ? { value: d.code, target: vscode.Uri.parse(d.codeDescription.href) } : d.code;
      diagnostic.relatedInformation = (d.relatedInformation || []).map((r) =>
        new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.location.uri), toRange(r.location.range)), r.message));
      diagnostic.tags = (d.tags || []).map((t) => (t === 1 ? vscode.DiagnosticTag.Unnecessary : vscode.DiagnosticTag.Deprecated));
      original.set(diagnostic, d);
      return diagnostic;
    }));
  });
  connection.onNotification("window/showMessage", ({ type, message }) => {
    const show = type === 1 ? vscode.window.showErrorMessage : type === 2 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    show(message);
  });
  connection.onNotification("window/logMessage", ({ message }) => output.appendLine(message));
  connection.onNotification("$/progress", ({ token, value }) => {
    const entry = progress.get(token);
    if (!entry) return;
    if (value.kind === "end") {
      progress.delete(token);
      entry.resolve();
    } else if (value.message || value.title) {
      entry.progress.report({ message: [value.title, value.message].filter(Boolean).join(": ") });
    }
  });
  connection.onRequest("window/workDoneProgress/create", ({ token }) => {
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Umlaut", cancellable: true },
      (report, cancel) => new Promise((resolve) => {
        progress.set(token, { progress: report, resolve });
        cancel.onCancellationRequested(() => connection.notify("window/workDoneProgress/cancel", { token }));
      }));
    return null;
  });
  connection.onRequest("workspace/configuration", ({ items }) => items.map((item) =>
    (item.section === "umlaut" || item.section === undefined ? config() : vscode.workspace.getConfiguration(item.section))));
  connection.onRequest("workspace/applyEdit", async ({ edit }) => ({ applied: await vscode.workspace.applyEdit(toWorkspaceEdit(edit)) }));
  // The dashboard's "open in editor" (a file and a range) and its pages (external: the browser).
  connection.onRequest("window/showDocument", async ({ uri, external, takeFocus, selection }) => {
    if (external) return { success: await vscode.env.openExternal(vscode.Uri.parse(uri)) };
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await vscode.window.showTextDocument(document, { preserveFocus: !takeFocus, selection: selection ? toRange(selection) : undefined });
    return { success: true };
  });
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("client/unregisterCapability", () => null);
  connection.onRequest("window/showMessageRequest", async ({ type, message, actions }) => {
    const titles = (actions || []).map((a) => a.title);
    const chosen = await (type === 1 ? vscode.window.showErrorMessage : vscode.window.showInformationMessage)(message, ...titles);
    return chosen === undefined ? null : { title: chosen };
  });

  const started = connection.initialize({
    processId: process.pid,
    clientInfo: { name: "Visual Studio Code", version: vscode.version },
    rootUri: vscode.workspace.workspaceFolders ? vscode.workspace.workspaceFolders[0].uri.toString() : null,
    workspaceFolders: (vscode.workspace.workspaceFolders || []).map((f) => ({ uri: f.uri.toString(), name: f.name })),
    initializationOptions: { umlaut: config() },
    capabilities: {
      general: { positionEncodings: ["utf-16"] },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
        hover: { contentFormat: ["markdown", "plaintext"] },
        codeAction: { isPreferredSupport: true, dataSupport: true,
          codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll"] } } },
      },
      workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true },
        didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true },
      window: { workDoneProgress: true, showMessage: {}, showDocument: { support: true } },
    },
  }).then(() => {
    for (const document of vscode.workspace.textDocuments) open(document);
  }, (error) => {
    vscode.window.showErrorMessage(`Umlaut: the language server did not start (${error.message}); is umlaut.path right?`);
    throw error;
  });

  function open(document) {
    if (!isOurs(document)) return;
    connection.notify("textDocument/didOpen", { textDocument: {
      uri: document.uri.toString(), languageId: document.languageId, version: document.version, text: document.getText() } });
  }
  const whenStarted = (f) => (...a) => started.then(() => f(...a), () => undefined);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(whenStarted(open)),
    vscode.workspace.onDidChangeTextDocument(whenStarted(({ document }) => {
      if (!isOurs(document)) return;
      connection.notify("textDocument/didChange", { textDocument: { uri: document.uri.toString(), version: document.version },
        contentChanges: [{ text: document.getText() }] });
    })),
    vscode.workspace.onDidSaveTextDocument(whenStarted((document) => {
      if (isOurs(document)) connection.notify("textDocument/didSave", { textDocument: { uri: document.uri.toString() } });
    })),
    vscode.workspace.onDidCloseTextDocument(whenStarted((document) => {
      if (!isOurs(document)) return;
      connection.notify("textDocument/didClose", { textDocument: { uri: document.uri.toString() } });
      diagnostics.delete(document.uri);
    })),
    vscode.workspace.onDidChangeConfiguration(whenStarted((event) => {
      if (event.affectsConfiguration("umlaut")) connection.notify("workspace/didChangeConfiguration", { settings: null });
    })),
  );
  const watcher = vscode.workspace.createFileSystemWatcher("**/pyproject.toml");
  const changed = (type) => whenStarted((uri) => connection.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uri.toString(), type }] }));
  context.subscriptions.push(watcher, watcher.onDidCreate(changed(1)), watcher.onDidChange(changed(2)), watcher.onDidDelete(changed(3)));

  context.subscriptions.push(vscode.languages.registerHoverProvider(selector, {
    async provideHover(document, position) {
      await started;
      const hover = await connection.request("textDocument/hover", { textDocument: { uri: document.uri.toString() }, position });
      if (!hover) return undefined;
      const parts = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
      const text = parts.map((p) => (typeof p === "string" ? p : p.kind === "markdown" || p.language === undefined ? p.value : "```" + p.language + "\n" + p.value + "\n```"));
      return new vscode.Hover(text.map((t) => new vscode.MarkdownString(t)), hover.range ? toRange(hover.range) : undefined);
    },
  }));

  context.subscriptions.push(vscode.languages.registerCodeActionsProvider(selector, {
    async provideCodeActions(document, range, codeActionContext) {
      await started;
      const only = codeActionContext.only ? [codeActionContext.only.value] : undefined;
      const actions = await connection.request("textDocument/codeAction", {
        textDocument: { uri: document.uri.toString() }, range: fromRange(range),
        context: { diagnostics: codeActionContext.diagnostics.map((d) => original.get(d)).filter(Boolean), only },
      });
      return (actions || []).map((a) => {
        if (a.command === undefined || typeof a.command !== "string") {
          const action = new vscode.CodeAction(a.title, a.kind ? vscode.CodeActionKind.Empty.append(a.kind) : undefined);
          action.isPreferred = a.isPreferred;
          if (a.edit) action.edit = toWorkspaceEdit(a.edit);
          if (a.command) action.command = { title: a.command.title, command: a.command.command, arguments: a.command.arguments };
          action.diagnostics = codeActionContext.diagnostics.filter((d) => (a.diagnostics || []).some((s) => s.code === original.get(d)?.code));
          return action;
        }
        return { title: a.title, command: a.command, arguments: a.arguments }; // a bare Command
      });
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.SourceFixAll.append("umlaut")] }));

  for (const command of SERVER_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(command, async (...commandArguments) => {
      await started;
      try {
        return await connection.request("workspace/executeCommand", { command, arguments: commandArguments });
      } catch (error) {
        vscode.window.showErrorMessage(`Umlaut: ${error.message}`);
        return undefined;
      }
    }));
  }
  // Runs the script of the active editor, asking for its arguments.
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
    const scriptArguments = line.split(/\s+/).filter((part) => part.length > 0);
    await vscode.commands.executeCommand("umlaut.run", target.toString(), scriptArguments);
  }));
  return started;
}

function deactivate() {
  return connection ? connection.shutdown() : undefined;
}

module.exports = { activate, deactivate };
