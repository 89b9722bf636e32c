import Foundation

/// A `umlaut run` started from the editor with `umlaut.run`, while it runs.
///
/// Kept in `RunsFeature.editorRuns`, on the server actor (it holds the `Process`, which must
/// outlive the child).
struct EditorRun {
    /// The server's number for the run.
    let id: Int
    /// The script's absolute path, its arguments, and where the run works and records.
    let script: String
    let arguments: [String]
    let workingDirectory: String
    let databasePath: String
    let process: RunProcess
    let foundationProcess: Process
    /// The job that shows its progress and stops it (`Jobs`).
    let job: JobID
    /// The last lines it printed, for the message when it fails.
    var tail: [String] = []
    /// How far the session it records got.
    var status: SessionWatch.RunStatus?
    /// Set when the user cancelled it or the server stopped it.
    var stopReason: String?

    /// The script's file name, for messages.
    var name: String { (script as NSString).lastPathComponent }

    /// How many output lines `tail` keeps.
    static let tailLength = 20

    mutating func remember(_ line: String) {
        tail.append(line)
        if tail.count > Self.tailLength { tail.removeFirst(tail.count - Self.tailLength) }
    }

    /// "epoch 3 · loss 0.412 · 2 findings": the epochs done; "training" before the first one
    /// ends, "starting" before the session is recorded.
    var progressMessage: String {
        guard let status else { return Self.startingMessage }
        var parts = [status.epochs == 0 ? "training" : "epoch \(status.epochs)"]
        if let loss = status.loss { parts.append("loss \(Self.format(loss))") }
        if status.epochs > 0 || status.findings > 0 {
            parts.append(status.findings == 1 ? "1 finding" : "\(status.findings) findings")
        }
        return parts.joined(separator: " · ")
    }

    /// The progress message before the session is recorded.
    static let startingMessage = "starting"

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
        return String(format: abs(value) >= 0.001 && abs(value) < 10_000 ? "%.4g" : "%.2e", value)
    }
}
