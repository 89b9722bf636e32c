import Foundation
import LintCore
import PythonProcess
import PythonSyntax
import Store

/// `umlaut import FILE`: stores a JSON Lines event file (from the explicit integration's
/// `file:` channel, or the file `umlaut run` leaves when the database was unavailable) as a
/// session, with the runtime rules checked as if it had been run.
package enum EventImporter {
    /// The settings for a script, its path for per-file ignores, and its static analysis.
    package typealias Configure = (String) throws -> (
        settings: Settings, path: String?, analyse: (SourceText) -> ScriptAnalysis
    )

    /// Imports `file`. The script is taken from the stream's `hello` event (for root causes and
    /// static findings); `configure` gives the configuration that applies to it.
    package static func importFile(
        _ file: String, sessionName: String?, databasePath: String,
        configure: Configure = { _ in (Settings(), nil, { ScriptAnalysis(analysing: $0) }) },
        write: @escaping (String) -> Void = TrainingRunner.standardError
    ) throws -> RunOutcome {
        guard let data = FileManager.default.contents(atPath: file) else { throw RunnerError.scriptNotFound(file) }
        var splitter = LineSplitter()
        var lines = splitter.feed(data)
        if let last = splitter.finish() { lines.append(last) }
        // The script and interpreter named by the first hello, if any.
        var hello: RuntimeEvent.Hello?
        for line in lines.prefix(50) {
            if case .event(_, .hello(let found)) = RuntimeEvent.decode(line.bytes) { hello = found; break }
        }
        let scriptPath = hello?.script ?? file
        let source = FileManager.default.contents(atPath: scriptPath).map { SourceText(Array($0)) }
        let configuration = try configure(scriptPath)
        let stem = ((scriptPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let processor = EventProcessor(
            script: .init(path: scriptPath, analysis: source.map(configuration.analyse)),
            session: SessionRecord(
                name: sessionName ?? stem, script: scriptPath, arguments: [], python: hello?.python ?? "unknown",
                workingDirectory: FileManager.default.currentDirectoryPath, note: "imported from \(file)",
                umlautPID: Int(getpid())),
            databasePath: databasePath, settings: configuration.settings, settingsPath: configuration.path,
            busyTimeout: 5, write: write)
        processor.start()
        lines.forEach(processor.handle)
        let exit = processor.state.exit
        let termination: Termination =
            exit == nil || exit?.status == "ok" ? .exited(0) : .exited(Int32(exit?.code ?? 1))
        return processor.finish(termination: termination)
    }
}
