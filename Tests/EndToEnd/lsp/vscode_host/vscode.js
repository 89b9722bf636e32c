// A stand-in for the `vscode` module, enough to run the extension of the .vsix under plain Node
// against the real server (VS Code itself does not run on a test machine). It holds only what
// the extension calls, records what the extension does with it (diagnostics set, providers and
// commands registered, messages shown) and lets the driver play the editor's side. It is the
// editor's API surface, not a model of VS Code's behaviour: the tests assert what the server
// sent through the extension, not what this file computes.
const path = require("path");
const { pathToFileURL, fileURLToPath } = require("url");

class Position {
  constructor(line, character) { this.line = line; this.character = character; }
}
class Range {
  constructor(sl, sc, el, ec) { this.start = new Position(sl, sc); this.end = new Position(el, ec); }
}
class Uri {
  constructor(scheme, fsPath, text) { this.scheme = scheme; this.fsPath = fsPath; this.text = text; }
  static parse(text) {
    return text.startsWith("file:") ? new Uri("file", fileURLToPath(text), text) : new Uri(text.split(":")[0], "", text);
  }
  static file(fsPath) { return new Uri("file", path.resolve(fsPath), pathToFileURL(path.resolve(fsPath)).toString()); }
  toString() { return this.text; }
}
class Diagnostic {
  constructor(range, message, severity) { this.range = range; this.message = message; this.severity = severity; }
}
class DiagnosticRelatedInformation {
  constructor(location, message) { this.location = location; this.message = message; }
}
class Location {
  constructor(uri, range) { this.uri = uri; this.range = range; }
}
class WorkspaceEdit {
  constructor() { this.edits = []; }
  replace(uri, range, newText) { this.edits.push({ uri, range, newText }); }
}
class MarkdownString {
  constructor(value) { this.value = value; }
}
class Hover {
  constructor(contents, range) { this.contents = contents; this.range = range; }
}
class CodeActionKind {
  constructor(value) { this.value = value; }
  append(part) { return new CodeActionKind(this.value ? `${this.value}.${part}` : part); }
}
CodeActionKind.Empty = new CodeActionKind("");
CodeActionKind.QuickFix = new CodeActionKind("quickfix");
CodeActionKind.SourceFixAll = new CodeActionKind("source.fixAll");
class CodeAction {
  constructor(title, kind) { this.title = title; this.kind = kind; }
}

function event(listeners) {
  return (listener) => { listeners.push(listener); return { dispose() {} }; };
}

const host = {
  diagnostics: new Map(), // uri string -> [Diagnostic]
  hoverProviders: [],
  codeActionProviders: [],
  commands: new Map(),
  messages: [],
  progress: [],
  documents: [],
  openListeners: [],
  changeListeners: [],
};

const languages = {
  createDiagnosticCollection() {
    return {
      set(uri, list) { host.diagnostics.set(uri.toString(), list); },
      delete(uri) { host.diagnostics.delete(uri.toString()); },
      dispose() {},
    };
  },
  match(selector, document) {
    return selector.some((s) => s.language === document.languageId && s.scheme === document.uri.scheme) ? 10 : 0;
  },
  registerHoverProvider(selector, provider) { host.hoverProviders.push(provider); return { dispose() {} }; },
  registerCodeActionsProvider(selector, provider) { host.codeActionProviders.push(provider); return { dispose() {} }; },
};

const settings = {};
const workspace = {
  workspaceFolders: undefined,
  textDocuments: host.documents,
  getConfiguration(section) {
    const values = { ...(settings[section] || {}) };
    return Object.assign(values, { get: (key) => values[key] });
  },
  onDidOpenTextDocument: event(host.openListeners),
  onDidChangeTextDocument: event(host.changeListeners),
  onDidSaveTextDocument: event([]),
  onDidCloseTextDocument: event([]),
  onDidChangeConfiguration: event([]),
  createFileSystemWatcher() {
    return { onDidCreate: event([]), onDidChange: event([]), onDidDelete: event([]), dispose() {} };
  },
  async applyEdit(edit) { host.appliedEdits = (host.appliedEdits || []).concat(edit.edits); return true; },
};

const shown = (kind) => async (message) => { host.messages.push({ kind, message }); return undefined; };
const window = {
  createOutputChannel() { return { appendLine(line) { host.log = (host.log || "") + line + "\n"; }, dispose() {} }; },
  showErrorMessage: shown("error"),
  showWarningMessage: shown("warning"),
  showInformationMessage: shown("information"),
  withProgress(options, task) {
    const entry = { options, reports: [] };
    host.progress.push(entry);
    return task({ report: (value) => entry.reports.push(value) }, { onCancellationRequested() {} });
  },
  async showInputBox() { return ""; },
  activeTextEditor: undefined,
};

const commands = {
  registerCommand(name, handler) { host.commands.set(name, handler); return { dispose() {} }; },
  executeCommand(name, ...args) { return host.commands.get(name)(...args); },
};

module.exports = {
  Position, Range, Uri, Diagnostic, DiagnosticRelatedInformation, Location, WorkspaceEdit, MarkdownString,
  Hover, CodeAction, CodeActionKind, languages, workspace, window, commands,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  DiagnosticTag: { Unnecessary: 1, Deprecated: 2 },
  ProgressLocation: { Notification: 15 },
  version: "1.82.0",
  __host: host,
  __settings: settings,
};
