import LSPTypes

/// What Umlaut puts in a runtime diagnostic's `data`: enough for its code actions (run the
/// script again with the same arguments, clear the run's findings) when the client sends the
/// diagnostic back, without server state.
struct RunDiagnosticData: Codable, Hashable, Sendable {
    /// The run the finding comes from.
    struct Run: Codable, Hashable, Sendable {
        /// The script's absolute path and its arguments, as the run had them.
        var script: String
        var arguments: [String]
        /// The session's name (`umlaut show NAME`).
        var session: String
        /// The finding's key in the session.
        var key: String
        /// Whether the code at the finding's line changed since the run.
        var stale: Bool
        /// The session's and the finding's ids in the session database, for the dashboard's
        /// page (`umlaut.showRun`); absent for a crash, which is no finding row.
        var sessionID: Int64? = nil
        var findingID: Int64? = nil
    }

    var run: Run

    init(run: Run) { self.run = run }

    /// Reads the data of a diagnostic sent back by the client; nil if it is not a runtime one.
    init?(_ value: LSPAny?) {
        guard let value, value["run"] != nil, let data = try? value.decode(as: RunDiagnosticData.self) else {
            return nil
        }
        self = data
    }

    var lspAny: LSPAny {
        var members: [String: LSPAny] = [
            "script": .string(run.script),
            "arguments": .array(run.arguments.map(LSPAny.string)),
            "session": .string(run.session),
            "key": .string(run.key),
            "stale": .bool(run.stale),
        ]
        if let sessionID = run.sessionID { members["sessionID"] = .int(Int(sessionID)) }
        if let findingID = run.findingID { members["findingID"] = .int(Int(findingID)) }
        return .object(["run": .object(members)])
    }
}
