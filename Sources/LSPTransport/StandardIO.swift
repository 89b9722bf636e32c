import Foundation
import LSPTypes

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The language server's standard input and output.
package enum StandardIO {
    /// Moves standard output out of the way of stray prints: returns a new descriptor for the
    /// real standard output, on which only the protocol is written, and points descriptor 1 at
    /// standard error, so that a careless `print` anywhere ends up in the log, not in the stream.
    /// The new descriptor is closed on `exec`: processes the server starts (`umlaut run`) never
    /// hold the protocol's stream.
    package static func protectStandardOutput() -> Int32 {
        fflush(nil)  // every C stream, stdout included
        let protocolOutput = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        return protocolOutput
    }

    /// The frames read from a descriptor, on a thread of their own so that a blocking `read`
    /// never holds up the server. The stream ends at end of file or on a read error.
    package static func frames(from descriptor: Int32) -> AsyncStream<FrameEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: FrameEvent.self)
        let thread = Thread {
            var parser = FrameParser()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                parser.append(buffer[0..<count])
                while let event = parser.next() { continuation.yield(event) }
            }
            continuation.finish()
        }
        thread.name = "umlaut-lsp-reader"
        thread.start()
        return stream
    }
}

/// Writes framed messages to a file descriptor from one serial queue, so that messages sent
/// from any task come out whole and in the order they were sent.
package final class FileDescriptorSink: MessageSink {
    private let descriptor: Int32
    private let queue = DispatchQueue(label: "umlaut-lsp-writer")

    package init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    package func send(_ body: Data) {
        let frame = FrameParser.frame(body)
        let descriptor = descriptor
        queue.async {
            Self.writeAll(frame, to: descriptor)
        }
    }

    package func flush() {
        queue.sync {}
    }

    /// Writes every byte, retrying short writes; gives up silently when the reader is gone
    /// (the client exited), since there is nobody left to tell.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
