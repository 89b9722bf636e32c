import Foundation
import LintCore
import PythonProcess
import PythonSyntax
import Store

/// What `umlaut run` prints to stderr, inline with the script's output: every line starts with
/// `umlaut:` so it stands out from the training's own lines, and each finding takes at most
/// three lines (what, where, the fix). Pure formatting; the runner writes the lines.
struct RunReporter {
    /// Paths are shown relative to this directory when they are inside it.
    let workingDirectory: String

    func relative(_ path: String) -> String {
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// A static finding, reported before training starts.
    func staticFinding(_ diagnostic: Diagnostic, path: String, source: SourceText) -> [String] {
        let position = source.lineIndex.position(ofByte: diagnostic.span.startByte, unit: .scalar)
        return [
            "umlaut: before training: \(relative(path)):\(position.line + 1):\(position.column + 1): \(diagnostic.code) \(diagnostic.message)"
        ]
    }

    /// A new runtime finding, or one that new evidence revised (it replaces the earlier text):
    /// the moment its evidence was seen ("epoch 4", "when training starts"), then its message.
    func runtimeFinding(_ finding: RuntimeFinding, revised: Bool = false) -> [String] {
        var lines = [
            "umlaut: \(finding.moment.label)\(revised ? " (revised)" : ""): \(finding.code) \(finding.message)"
        ]
        if let cause = finding.cause {
            lines.append(
                "umlaut:   --> \(relative(cause.location.path)):\(cause.location.line):\(cause.location.column): \(cause.note)"
            )
        }
        lines.append("umlaut:   help: \(finding.help)")
        return lines
    }

    /// The exception the script died of, like a finding: where, what, and the likely cause.
    func crash(_ crash: CrashRecord) -> [String] {
        let place = crash.path.map { "\(relative($0)):\(crash.line ?? 1):\(crash.column ?? 1): " } ?? ""
        var lines = ["umlaut: crash: \(place)\(crash.exceptionType): \(crash.headline)"]
        if let cause = crash.cause {
            lines.append("umlaut:   --> \(relative(cause.path)):\(cause.line):\(cause.column): \(cause.message)")
        }
        return lines
    }

    /// The closing summary.
    func summary(
        session: String, epochs: Int, termination: Termination, staticCount: Int,
        findings: [RuntimeRuleEngine.Entry], crash: CrashRecord? = nil, recorded: Bool
    ) -> [String] {
        let ending: String
        switch termination {
        case .exited(let code): ending = "exit status \(code)"
        case .signaled(let signal):
            ending = "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
        }
        var lines = [
            "umlaut: session \(session): \(epochs) epoch\(epochs == 1 ? "" : "s"), \(ending); "
                + "\(staticCount) finding\(staticCount == 1 ? "" : "s") before training, \(findings.count) during training"
        ]
        for entry in findings {
            let finding = entry.finding
            let place = finding.cause.map { "  \(relative($0.location.path)):\($0.location.line)" } ?? ""
            lines.append(
                "umlaut:   \(finding.code) \(finding.name.padding(toLength: 31, withPad: " ", startingAt: 0)) "
                    + "\(RuntimeFormat.epochs(entry.epochs).padding(toLength: 12, withPad: " ", startingAt: 0))\(place)"
            )
        }
        if let crash {
            let place = crash.path.map { "  \(relative($0)):\(crash.line ?? 1)" } ?? ""
            lines.append(
                "umlaut:   crashed: \(crash.exceptionType.padding(toLength: 35, withPad: " ", startingAt: 0))\(place)")
        }
        if recorded { lines.append("umlaut: details: umlaut show \(session)") }
        return lines
    }

    static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGKILL: "SIGKILL"
        case SIGHUP: "SIGHUP"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGPIPE: "SIGPIPE"
        default: nil
        }
    }
}
