import Foundation
import PythonProcess
import Synchronization

/// A `umlaut run` child process started by the server for `umlaut.run`.
///
/// The child is the leader of its own process group (Foundation starts it so), which `signal`
/// addresses whole: `umlaut run` and the training script it runs stop together. Its standard
/// input is `/dev/null`; its standard output and error go to one pipe read on a thread of its
/// own, never to the server's standard output, which carries the protocol. What it prints
/// arrives in `events` as lines, in order, then how it ended.
struct RunProcess: Sendable {
    /// What the child does, as the server learns it.
    enum Event: Sendable {
        /// A line of output (standard output and error together; `\r` ends a line too, for
        /// progress bars).
        case line(String)
        /// The child exited; the last event.
        case exited(Termination)
    }

    let pid: Int32
    let events: AsyncStream<Event>

    /// The longest line kept; longer output is cut there.
    static let maximumLineLength = 4_096

    /// Starts `executable` with `arguments` in `directory`.
    ///
    /// - Returns: the child and the `Process` that must stay alive as long as it runs.
    /// - Throws: when the executable cannot be started.
    static func start(
        executable: String, arguments: [String], directory: String, environment: [String: String]
    ) throws -> (RunProcess, Process) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let exit = ExitSignal()
        process.terminationHandler = { process in
            let status = process.terminationStatus
            exit.deliver(process.terminationReason == .uncaughtSignal ? .signaled(status) : .exited(status))
        }
        try process.run()
        // The reading thread owns a descriptor of its own; the pipe's are closed with it here, so
        // that the output ends when the child (and whatever inherited the pipe) is gone.
        let descriptor = dup(pipe.fileHandleForReading.fileDescriptor)
        try? pipe.fileHandleForWriting.close()
        try? pipe.fileHandleForReading.close()
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        let thread = Thread {
            if descriptor >= 0 {
                Self.readLines(from: descriptor) { continuation.yield(.line($0)) }
                close(descriptor)
            }
            continuation.yield(.exited(exit.wait()))
            continuation.finish()
        }
        thread.name = "umlaut-lsp-run-output"
        thread.start()
        return (RunProcess(pid: process.processIdentifier, events: events), process)
    }

    /// Sends a signal to the child's whole process group.
    func signal(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// Reads `descriptor` to its end, calling `line` for each line (without its terminator).
    static func readLines(from descriptor: Int32, _ line: (String) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 1 << 14)
        var pending: [UInt8] = []
        func emit() {
            line(String(decoding: pending, as: UTF8.self))
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            for byte in buffer[0..<count] {
                if byte == 0x0A || byte == 0x0D {
                    if !pending.isEmpty { emit() }
                } else if pending.count < maximumLineLength {
                    pending.append(byte)
                }
            }
        }
        if !pending.isEmpty { emit() }
    }
}

/// How a child ended, handed from Foundation's termination handler to the reading thread.
private final class ExitSignal: Sendable {
    private let termination = Mutex<Termination?>(nil)
    private let semaphore = DispatchSemaphore(value: 0)

    func deliver(_ value: Termination) {
        termination.withLock { $0 = value }
        semaphore.signal()
    }

    /// Blocks until `deliver` was called.
    func wait() -> Termination {
        semaphore.wait()
        return termination.withLock { $0 } ?? .exited(255)
    }
}
