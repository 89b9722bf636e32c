import LSPTypes

/// Long jobs: work-done progress, cancellation by token, stopping every job at shutdown (see
/// `Jobs`).
extension LanguageServer {
    /// Starts a job: registers it, so that cancellation and shutdown reach it, and starts its
    /// progress.
    ///
    /// - Parameters:
    ///   - title: what the client shows ("Umlaut: train.py").
    ///   - clientToken: the request's `workDoneToken`, when the client made the progress itself.
    ///   - serverToken: the token to create when it did not; unique among the server's jobs.
    ///   - message: what the job is doing at first, shown in `begin`.
    ///   - cancellable: whether the client may offer to cancel it.
    ///   - stop: how the job is asked to stop; it must end (`endJob`) sooner or later.
    func startJob(
        title: String, clientToken: ProgressToken?, serverToken: ProgressToken, message: String? = nil,
        cancellable: Bool = true, stop: @escaping Jobs.Stop
    ) -> JobID {
        jobs.lastID += 1
        let id = JobID(value: jobs.lastID)
        jobs.running[id] = Jobs.Job(
            title: title, cancellable: cancellable, progress: .none, message: message, stop: stop)
        Task { await self.beginProgress(of: id, clientToken: clientToken, serverToken: serverToken) }
        return id
    }

    /// Creates the job's progress (unless the client gave a token) and begins it.
    private func beginProgress(of id: JobID, clientToken: ProgressToken?, serverToken: ProgressToken) async {
        guard let title = jobs.running[id]?.title else { return }
        let token: ProgressToken
        if let clientToken {
            token = clientToken
        } else {
            guard client.window?.workDoneProgress == true else { return }
            token = serverToken
            jobs.running[id]?.progress = .creating(token)
            let answer = await sendRequest(WorkDoneProgressCreateRequest(token: token))
            guard case .success? = answer else {
                jobs.running[id]?.progress = .none
                jobs.endedBeforeCreated[token] = nil
                log(.info, "the client would not create a progress for \(title)")
                return
            }
        }
        if let ended = jobs.endedBeforeCreated.removeValue(forKey: token) {
            send(ProgressNotification(token: token, value: .begin(ended.title)))
            send(ProgressNotification(token: token, value: .end(ended.message)))
            return
        }
        guard let job = jobs.running[id] else { return }
        jobs.running[id]?.progress = .active(token)
        var begin = WorkDoneProgress.begin(job.title, message: job.message, cancellable: job.cancellable)
        begin.percentage = job.percentage
        send(ProgressNotification(token: token, value: begin))
    }

    /// What a job is doing now: reported at once when its progress has begun, else shown in its
    /// `begin`.
    func reportJob(_ id: JobID, message: String, percentage: Int? = nil) {
        guard let job = jobs.running[id] else { return }
        jobs.running[id]?.message = message
        jobs.running[id]?.percentage = percentage
        if case .active(let token) = job.progress {
            send(ProgressNotification(token: token, value: .report(message, percentage: percentage)))
        }
    }

    /// The job ended (finished, failed or stopped), saying how; its progress ends. Once only:
    /// later calls do nothing.
    func endJob(_ id: JobID, message: String?) {
        guard let job = jobs.running.removeValue(forKey: id) else { return }
        switch job.progress {
        case .active(let token): send(ProgressNotification(token: token, value: .end(message)))
        case .creating(let token): jobs.endedBeforeCreated[token] = (title: job.title, message: message)
        case .none: break
        }
    }

    /// Whether a job is still running.
    func isRunning(_ id: JobID) -> Bool { jobs.running[id] != nil }

    /// `window/workDoneProgress/cancel`: the user cancelled a job's progress.
    func cancelJob(_ notification: WorkDoneProgressCancelNotification) {
        for (id, job) in jobs.inOrder where job.cancellable && job.progress.token == notification.token {
            job.stop(self, id, .stop(reason: "cancelled"))
        }
    }

    /// Asks every job to stop and waits up to `Jobs.shutdownGrace` for them to end; asks what
    /// is left to `.kill`.
    func stopAllJobs(reason: String) async {
        guard !jobs.running.isEmpty else { return }
        for (id, job) in jobs.inOrder { job.stop(self, id, .stop(reason: reason)) }
        let deadline = ContinuousClock.now + Jobs.shutdownGrace
        while !jobs.running.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for (id, job) in jobs.inOrder { job.stop(self, id, .kill) }
    }

    /// The session ends: tells every job still running, without waiting.
    func abandonJobs() {
        for (id, job) in jobs.inOrder { job.stop(self, id, .exit) }
    }
}
