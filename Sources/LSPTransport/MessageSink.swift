import Foundation

/// Where the server's outgoing message bodies go: standard output in production, an in-memory
/// queue in tests. Implementations frame and write the bodies in the order `send` is called.
package protocol MessageSink: Sendable {
    /// Queues one JSON-RPC body for writing.
    func send(_ body: Data)
    /// Returns once everything sent so far has been written.
    func flush()
}
