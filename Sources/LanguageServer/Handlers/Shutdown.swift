import LSPTypes

extension LanguageServer {
    /// `shutdown`: stops pending analyses; from now on only `exit` is accepted.
    func shutdown() -> VoidResponse {
        for analysis in scheduled.values { analysis.task.cancel() }
        scheduled.removeAll()
        phase = .shuttingDown
        log(.info, "shutting down")
        return VoidResponse()
    }
}
