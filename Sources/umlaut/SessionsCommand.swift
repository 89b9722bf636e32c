import ArgumentParser
import Dashboard
import Foundation
import Store

/// `umlaut sessions`: the recorded training sessions, oldest first.
struct SessionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "List the recorded training sessions.")

    @OptionGroup var database: DatabaseOption

    @Option(name: .long, help: "Output format: text, json, or html (the dashboard's runs list as one file).")
    var format: SessionFormat = .text

    func run() throws {
        try reportingFailures {
            // Where nothing was ever run there is no database yet: no sessions, not an error.
            // A database named with --db must exist.
            var rows: [(SessionRecord, epochs: Int, findings: Int)] = []
            if database.db != nil || FileManager.default.fileExists(atPath: database.path) {
                let store = try database.open()
                rows = try store.sessions().map { session in
                    let id = session.id ?? 0
                    return (
                        session, epochs: try store.epochs(sessionId: id).count,
                        findings: try store.findings(sessionId: id).count
                    )
                }
            }
            switch format {
            case .html:
                let exists = database.db != nil || FileManager.default.fileExists(atPath: database.path)
                let store = exists ? try database.open() : try SessionDatabase.inMemory()
                try exportingHTML { try StaticExport.runsHTML(in: store) }
            case .json:
                print(
                    JSONValue.array(rows.map { SessionJSON.session($0.0, epochs: $0.epochs, findings: $0.findings) })
                        .rendered())
            case .text:
                guard !rows.isEmpty else {
                    print("No sessions recorded yet; `umlaut run script.py` records one.")
                    return
                }
                let width = max(7, rows.map(\.0.name.count).max() ?? 0)
                print("SESSION".padded(width) + "  STATUS     STARTED              EPOCHS  FINDINGS  SCRIPT")
                for (session, epochs, findings) in rows {
                    let started = String(SessionJSON.timestamp(session.startedAt).prefix(19)).replacingOccurrences(
                        of: "T", with: " ")
                    let status = session.displayStatus + (session.exitCode.map { $0 == 0 ? "" : " (\($0))" } ?? "")
                    print(
                        "\(session.name.padded(width))  \(status.padded(9))  \(started)  \(String(epochs).padded(6))  \(String(findings).padded(8))  \(session.script)"
                    )
                }
            }
        }
    }
}
