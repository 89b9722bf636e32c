import LSPTypes

extension LanguageServer {
    /// `workspace/executeCommand`: `umlaut.run` (run a script under Umlaut and show its
    /// findings as they come), `umlaut.stopRun`, `umlaut.clearRunFindings`. See
    /// `Runs/LanguageServer+RunCommand.swift`.
    func executeCommand(_ request: ExecuteCommandRequest) async throws(ResponseError) -> LSPAny? {
        switch request.command {
        case Self.runCommand:
            return try startRun(arguments: request.arguments ?? [], workDoneToken: request.workDoneToken)
        case Self.stopRunCommand:
            return stopRuns(arguments: request.arguments ?? [])
        case Self.clearRunFindingsCommand:
            return .object(["cleared": .int(clearRunFindings())])
        default:
            throw .invalidParams("unknown command `\(request.command)`; Umlaut's are \(Self.commands.joined(separator: ", "))")
        }
    }
}
