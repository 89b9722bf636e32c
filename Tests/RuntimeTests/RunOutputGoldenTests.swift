import Foundation
import TestSupport
import Testing

@testable import Runtime
@testable import Store

extension ProcessTests {
    /// What `umlaut run` prints for a run with every symptom, as a golden file (reviewed like code):
    /// the stand-in's events are recorded once to a file and replayed through the same
    /// `EventProcessor` `umlaut run` uses.
    @Suite struct RunOutputGoldenTests {
        @Test func theInlineFindingsAndTheSummary() throws {
            let directory = NSTemporaryDirectory() + "umlaut-golden-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let events = directory + "/events.jsonl"
            let script = UmlautProcess.scripts + "/fake_events.py"
            let record = Process()
            record.executableURL = URL(fileURLWithPath: "/bin/sh")
            record.arguments = [
                "-c", "exec \"$0\" \"$1\" symptoms 6 3>\"$2\" >/dev/null", UmlautProcess.python, script, events,
            ]
            try record.run()
            record.waitUntilExit()
            #expect(record.terminationStatus == 0)

            var lines: [String] = []
            let outcome = try EventImporter.importFile(
                events, sessionName: "symptoms", databasePath: directory + "/s.sqlite",
                write: { lines.append($0) })
            #expect(outcome.isRecorded)
            #expect(outcome.runtimeFindings.count == 9)
            let root = UmlautProcess.packageRoot + "/"
            let text = lines.map { $0.replacingOccurrences(of: root, with: "") }.joined(separator: "\n") + "\n"
            assertGolden(text, path: goldenPath("Golden/run-symptoms.txt"))
        }
    }
}
