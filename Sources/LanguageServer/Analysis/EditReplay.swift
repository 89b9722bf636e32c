import Foundation
import LSPTypes
import LintCore
import PythonSyntax
import TrainingModel

#if canImport(Glibc)
import Glibc
#endif

/// Replays `didChange` edits through the server's own document and analysis path, in one
/// thread, timing each phase in thread CPU time: where an edit's latency goes, without the
/// process, the pipe and other processes' noise (`umlaut latency --replay`, for `bench/`).
///
/// Each edit goes as in `LanguageServer.analysisJob`: the document applies it (re-parse, or a
/// recent tree taken back); a text analysed a moment ago takes its result from
/// `RecentResults`; otherwise the decomposed analysis, or the full one when it declines; the
/// rules; the conversion to LSP diagnostics. One difference: the server prepares the groups
/// in a task of its own after publishing, while the next edits take the full analysis beside
/// it (`DocumentGroups`); here the preparation runs to its end, untimed, before the next edit.
package enum EditReplay {
    package struct Edit: Sendable {
        package var kind: String
        package var change: TextDocumentContentChangeEvent

        package init(kind: String, change: TextDocumentContentChangeEvent) {
            self.kind = kind
            self.change = change
        }
    }

    /// One edit's cost, in milliseconds of this thread's CPU time.
    package struct Record: Sendable {
        package var kind: String
        package var line: Int
        package var reparse = 0.0
        package var analysis = 0.0
        package var rules = 0.0
        package var conversion = 0.0
        package var total: Double { reparse + analysis + rules + conversion }
        /// The result of an equal text analysed a moment ago was taken.
        package var recent = false
        /// Why the decomposed analysis declined (nil: it did not, or was not asked).
        package var declined: String?
        package var groupsAnalysed = 0
        package var groupsReused = 0
        /// With `compare`: whether the model differed from the full analysis of the same text.
        package var differs = false
    }

    /// What opening the document cost, in milliseconds of this thread's CPU time: the full parse,
    /// the full analysis, the rules and the conversion (what the first diagnostics wait for), then
    /// the preparation of the groups that follows them (the units' names, then the groups'
    /// analyses), which the first edits wait for when they come before it ends.
    package struct Opening: Sendable {
        package var parse = 0.0
        package var analysis = 0.0
        package var rules = 0.0
        package var conversion = 0.0
        package var prepareNames = 0.0
        package var prepareGroups = 0.0
        package var firstDiagnostics: Double { parse + analysis + rules + conversion }
    }

    /// Replays `edits` on `text`. `compare`: also runs the full analysis of every text the
    /// decomposed analysis answered, untimed, and records whether the models differ.
    package static func run(
        text: String, edits: [Edit], rules: [any Rule], compare: Bool
    ) -> (
        opening: Opening, records: [Record]
    ) {
        let parser = Parser()
        let uri = DocumentURI("file:///replay.py")
        var opening = Opening()
        var start = now()
        let document = OpenDocument(
            TextDocumentItem(uri: uri, languageId: "python", version: 1, text: text), parser: parser,
            parsedOnActorLimit: Int.max)
        opening.parse = now() - start
        let settings = Settings()
        let linter = Linter(rules: rules, settings: settings)
        // The document's own analyzer, used here in this one thread.
        let decomposer = DecomposedAnalyzer()
        // The document's first analysis, and the groups prepared after it, as the server does.
        if let tree = document.tree {
            start = now()
            let model = ScriptAnalyzer.analyze(tree)
            opening.analysis = now() - start
            start = now()
            let result = linter.lint(tree, model: model, path: nil, lines: .plain)
            opening.rules = now() - start
            start = now()
            _ = DiagnosticConverter(
                tree: tree, map: .document(uri: uri, version: 1), encoding: .utf16, documentation: [:]
            )
            .convert(result)
            opening.conversion = now() - start
            document.recentResults.remember(result, of: document.source, settings: settings, relativePath: nil)
            // `prepare` in its two steps, timed apart.
            start = now()
            decomposer.prepareNames(tree)
            opening.prepareNames = now() - start
            start = now()
            decomposer.prepareGroups(tree)
            opening.prepareGroups = now() - start
        }
        var records: [Record] = []
        for (offset, edit) in edits.enumerated() {
            var record = Record(kind: edit.kind, line: edit.change.range?.start.line ?? 0)
            start = now()
            document.apply([edit.change], version: offset + 2, encoding: .utf16, parser: parser)
            guard let tree = document.tree else { continue }
            record.reparse = now() - start
            start = now()
            let result: LintResult
            if let earlier = document.recentResults.result(for: document.source, settings: settings, relativePath: nil)
            {
                record.recent = true
                result = earlier
            } else {
                let decomposed = decomposer.analyze(tree, leavingNewGroupsToPrepare: true)
                record.declined = decomposer.lastDeclined
                record.groupsAnalysed = decomposer.lastAnalysed
                record.groupsReused = decomposer.lastReused
                let model = decomposed ?? ScriptAnalyzer.analyze(tree)
                record.analysis = now() - start
                start = now()
                result = linter.lint(tree, model: model, path: nil, lines: .plain)
                record.rules = now() - start
                if compare, let decomposed {
                    let full = ScriptAnalyzer.analyze(tree)
                    record.differs = full != decomposed
                }
                document.recentResults.remember(result, of: document.source, settings: settings, relativePath: nil)
            }
            start = now()
            let converter = DiagnosticConverter(
                tree: tree, map: .document(uri: uri, version: offset + 2), encoding: .utf16, documentation: [:])
            _ = converter.convert(result)
            record.conversion = now() - start
            if !record.recent { decomposer.prepare(tree) }
            records.append(record)
        }
        return (opening, records)
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }
}
