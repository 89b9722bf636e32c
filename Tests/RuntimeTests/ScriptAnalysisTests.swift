import Foundation
import LintCore
import PythonSyntax
import Synchronization
import Testing
import TrainingModel

@testable import Runtime
@testable import Store

/// `umlaut run` and `umlaut import` parse and analyse the script once: the analysis the static
/// lint made is what the root causes come from, and the stored findings carry structure (roles,
/// no epoch label) that readers word.
@Suite struct ScriptAnalysisTests {
    static let source = SourceText(Synthetic.script)

    @Test func theLocatorWorksFromTheAnalysisItIsGivenWithoutAnalysingAgain() throws {
        try #require(Synthetic.staticAnalysisFindsTrainingSetup)
        let analysed = ScriptAnalysis(analysing: Self.source)
        #expect(RootCauseLocator(scriptPath: Synthetic.path, analysis: analysed).scriptModel == analysed.model)
        // Handed a model that is not the source's (here: an empty one), the locator keeps it: it
        // parses nothing itself, so its places are only the lines the instrumentation reported.
        let handed = ScriptAnalysis(source: Self.source, model: ScriptModel(), suppressions: analysed.suppressions)
        let locator = RootCauseLocator(scriptPath: Synthetic.path, analysis: handed)
        #expect(locator.scriptModel == ScriptModel())
        let run = Synthetic.run(learningRate: -1000)
        let fromModel = try #require(RootCauseLocator(scriptPath: Synthetic.path, analysis: analysed).optimizer(run))
        let fromReport = try #require(locator.optimizer(run))
        #expect(fromModel.note == "the learning rate of `Adam` is set here")
        #expect(fromReport.note == "`Adam` is created here")
    }

    @Test func importingAScriptAnalysesItOnceAndReportsItsStaticFindings() throws {
        let directory = NSTemporaryDirectory() + "umlaut-analysis-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = directory + "/train.py"
        try Synthetic.script.write(toFile: script, atomically: true, encoding: .utf8)
        let events = directory + "/events.jsonl"
        try """
        {"event": "hello", "protocol": 1, "pid": 1, "python": "3.11.7", "script": "\(script)"}
        {"event": "exit", "status": "ok", "code": 0}

        """.write(toFile: events, atomically: true, encoding: .utf8)
        let analyses = Counter()
        let diagnostic = Diagnostic(
            code: RuleCode(rawValue: "UM301")!, name: "learning-rate-range", severity: .warning,
            summary: "Negative learning rate", message: "the learning rate is negative",
            span: Self.span(of: "-1e3", in: Synthetic.script))
        var lines: [String] = []
        let outcome = try EventImporter.importFile(
            events, sessionName: "once", databasePath: directory + "/s.sqlite",
            configure: { _ in
                (
                    Settings(), nil,
                    { source in
                        analyses.increment()
                        var analysis = ScriptAnalysis(analysing: source)
                        analysis.findings = [diagnostic]
                        return analysis
                    }
                )
            }, write: { lines.append($0) })
        #expect(outcome.isRecorded)
        #expect(analyses.value == 1)
        #expect(
            lines.contains {
                $0.hasPrefix("umlaut: before training: ") && $0.hasSuffix("UM301 the learning rate is negative")
            })
        let store = try SessionDatabase.openForReading(path: directory + "/s.sqlite")
        let stored = try store.findings(sessionId: try store.session(named: "once").id!)
        #expect(stored.map(\.code) == ["UM301"])
        #expect(stored.first?.severity == .warning)
    }

    @Test func aRuntimeFindingIsStoredWithRolesAndWithoutItsEpochLabel() throws {
        let run = Synthetic.run(learningRate: -1000)
        let finding = try #require(Synthetic.check(RuntimeLearningRateRule(), run).first)
        #expect(finding.moment == .start)
        let record = FindingRecord(runtime: RuntimeRuleEngine.Entry(finding: finding, epochs: [0, 1], index: 0))
        #expect(record.message == finding.message)
        #expect(record.message.hasPrefix("the learning rate in effect is -1000"))
        #expect(record.related.first?.role == .rootCause)
        #expect(record.related.first?.message == finding.cause?.note)
        #expect(record.related.dropFirst().allSatisfy { $0.role == .symptom })
        #expect(record.severity == .error)
        // What `umlaut run` prints: the moment, then the stored message, once.
        let printed = RunReporter(workingDirectory: "/work/project").runtimeFinding(finding)
        #expect(printed.first == "umlaut: when training starts: UM506 \(record.message)")
        #expect(EpochWording.epochs(record.epochs) == "epochs 1–2")
    }

    static func span(of text: String, in script: String) -> SourceSpan {
        let bytes = Array(script.utf8), needle = Array(text.utf8)
        let start = (0...(bytes.count - needle.count)).first { Array(bytes[$0..<($0 + needle.count)]) == needle }!
        return SourceSpan(start..<(start + needle.count), in: SourceText(script))
    }
}

/// Counts calls from a closure the importer holds.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
