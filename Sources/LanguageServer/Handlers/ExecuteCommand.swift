import LSPTypes

extension LanguageServer {
    /// `workspace/executeCommand`: runs the command's handler from `commandHandlers`
    /// (`LanguageServer+Dispatch.swift`); an unknown command is the client's mistake.
    func executeCommand(_ request: ExecuteCommandRequest) async throws(ResponseError) -> LSPAny? {
        guard let handler = Self.commandsByName[request.command] else {
            throw .invalidParams(
                "unknown command `\(request.command)`; Umlaut's are \(Self.commandHandlers.map(\.name).joined(separator: ", "))"
            )
        }
        return try await handler(self, request)
    }
}
