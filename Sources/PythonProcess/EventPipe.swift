import Foundation

/// The pipe a child writes its events to: `ChildProcess.spawn` puts `write` on the child's
/// descriptor 3; the parent closes its copy of `write` once the child runs and reads `read`.
package enum EventPipe {
    /// A pipe whose ends are above descriptor 3 and close on exec (the child gets only the
    /// duplicate on 3).
    ///
    /// - Throws: `PythonProcessError.pipeFailed`.
    package static func make() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw PythonProcessError.pipeFailed(errno: errno) }
        defer { close(fds[0]); close(fds[1]) }
        let readFD = fcntl(fds[0], F_DUPFD_CLOEXEC, 10)
        let writeFD = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        guard readFD >= 0, writeFD >= 0 else { throw PythonProcessError.pipeFailed(errno: errno) }
        return (readFD, writeFD)
    }
}
