import Foundation
import Hummingbird
import NIOCore
import Store

extension WebShellServer {
    /// `GET /api/sessions/<id>/events`: server-sent events for a session.
    ///
    /// `umlaut run` writes the database from another process; the stream reads the store's
    /// revision (one integer, cheap) every `pollInterval` on the server and, when it changed,
    /// the session's view model: `event: session` with the whole JSON when it differs from the
    /// last one sent (once at connect too), `event: end` when the session is no longer running
    /// (then the stream closes), `: ping` comments every `heartbeatInterval` (a write to a gone
    /// client fails, which ends the stream). The browser never polls.
    func eventStream(sessionId: Int64) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        let body = ResponseBody { [self] writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var database: SessionDatabase?
            var lastRevision: Int64?
            var lastBody: Data?
            var sinceHeartbeat = Duration.zero
            while !Task.isCancelled, !self.isStopping {
                if database == nil { database = try? self.openDatabase() }
                if let current = database, let revision = try? current.revision() {
                    if revision != lastRevision {
                        // A copy in memory of an older file does not follow the file: open again.
                        if current.isSnapshot, lastRevision != nil { database = try? self.openDatabase() }
                        lastRevision = revision
                        if let database, let update = self.sessionUpdate(sessionId, database) {
                            if update.body != lastBody {
                                lastBody = update.body
                                try await writer.write(ByteBuffer(string: Self.event("session", update.body)))
                            }
                            if update.ended {
                                try await writer.write(ByteBuffer(string: Self.event("end", Data("{}".utf8))))
                                break
                            }
                        }
                    }
                } else {
                    database = nil
                }
                if sinceHeartbeat >= self.heartbeatInterval {
                    sinceHeartbeat = .zero
                    try await writer.write(ByteBuffer(string: ": ping\n\n"))
                }
                try await Task.sleep(for: self.pollInterval)
                sinceHeartbeat += self.pollInterval
            }
            try await writer.finish(nil)
        }
        return secured(Response(status: .ok, headers: headers, body: body))
    }

    /// The session's JSON and whether it has ended; nil when it cannot be read now (the next
    /// revision tries again) or no longer exists.
    func sessionUpdate(_ id: Int64, _ database: SessionDatabase) -> (body: Data, ended: Bool)? {
        guard let record = try? database.session(id: id), let body = try? source.sessionJSON(id: id, database) else {
            return nil
        }
        return (body, record.status != .running || record.isAbandoned)
    }

    /// One event: `data:` lines never hold a newline, so a body that has some is split over
    /// several (the browser joins them back with newlines).
    static func event(_ name: String, _ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self)
        var event = "event: \(name)\n"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            event += "data: \(line.replacingOccurrences(of: "\r", with: ""))\n"
        }
        return event + "\n"
    }
}
