import LSPTypes

extension LanguageServer {
    /// `shutdown`: stops pending analyses and the watching of sessions, stops every long job
    /// (the runs started from the editor among them) and waits (a little) for them to end; from
    /// now on only `exit` is accepted.
    func shutdown() async -> VoidResponse {
        for analysis in scheduled.values { analysis.task.cancel() }
        scheduled.removeAll()
        for job in analysisJobs.values { job.task.cancel() }
        log(.info, "shutting down")
        phase = .shuttingDown
        stopWatchingSessions()
        stopEditorChannel()
        await stopAllJobs(reason: "stopped: the language server shut down")
        return VoidResponse()
    }
}
