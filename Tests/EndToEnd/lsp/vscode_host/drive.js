// Activates the extension unpacked from the .vsix ($EXTENSION) under Node, with the stand-in
// `vscode` module beside this file (NODE_PATH) and the real server ($UMLAUT, as the umlaut.path
// setting), then plays the editor: a Python document open, its diagnostics, the code actions at
// them, the hover, an edit that fixes the bug, a server command, deactivation.
// Writes a JSON report to $REPORT.
const fs = require("fs");
const path = require("path");
const vscode = require("vscode");

const host = vscode.__host;
vscode.__settings.umlaut = { path: process.env.UMLAUT, logLevel: "warning" };
const script = process.env.SCRIPT;
const uri = vscode.Uri.file(script);
let text = fs.readFileSync(script, "utf8");
const document = { uri, languageId: "python", version: 1, isDirty: false, getText: () => text };
host.documents.push(document);
const report = {};

async function until(what, predicate, milliseconds) {
  const deadline = Date.now() + milliseconds;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${milliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const diagnostics = () => host.diagnostics.get(uri.toString()) || [];
const describe = (action) => ({
  title: action.title,
  kind: action.kind && action.kind.value,
  edits: action.edit ? action.edit.edits.map((e) => ({ line: e.range.start.line, character: e.range.start.character, newText: e.newText })) : [],
});

(async () => {
  const extension = require(path.join(process.env.EXTENSION, "extension.js"));
  const context = { subscriptions: [] };
  await extension.activate(context);
  await until("the diagnostics", () => diagnostics().length > 0, 20000);
  const [diagnostic] = diagnostics();
  report.diagnostics = diagnostics().map((d) => ({
    code: typeof d.code === "object" ? d.code.value : d.code,
    target: typeof d.code === "object" ? d.code.target.toString() : null,
    line: d.range.start.line, character: d.range.start.character, source: d.source, severity: d.severity,
  }));
  const [provider] = host.codeActionProviders;
  report.actions = (await provider.provideCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] })).map(describe);
  const hover = await host.hoverProviders[0].provideHover(document, diagnostic.range.start);
  report.hover = hover ? hover.contents.map((c) => c.value).join("\n") : null;

  // The user types the fix: the diagnostic goes.
  text = text.replace("Dropout(0.8)", "Dropout(0.2)");
  document.version = 2;
  for (const listener of host.changeListeners) listener({ document, contentChanges: [] });
  await until("the diagnostic going away", () => diagnostics().length === 0, 20000);

  report.clearRunFindings = await vscode.commands.executeCommand("umlaut.clearRunFindings");
  report.commands = [...host.commands.keys()].sort();
  await extension.deactivate();
  report.messages = host.messages;
  fs.writeFileSync(process.env.REPORT, JSON.stringify(report));
  process.exit(0);
})().catch((error) => {
  console.error(error.stack || error);
  console.error(host.log || "");
  process.exit(1);
});
setTimeout(() => { console.error("timed out"); process.exit(1); }, 60000).unref();
