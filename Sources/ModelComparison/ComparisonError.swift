import Foundation

/// Why a comparison produced no report. Every case names the problem in words a user can act
/// on; nothing is left half-written when one is thrown.
package enum ComparisonError: Error, Equatable, CustomStringConvertible {
    /// The request itself is wrong (a count out of range, missing data).
    case invalidRequest(String)
    /// The interpreter or the bundled helper cannot be found or started.
    case cannotStart(String)
    /// The helper refused the input (`kind`: model-load, mismatched-input, unknown-class,
    /// too-few-images, corrupt-image, missing-package, …) with its message.
    case badInput(kind: String, message: String)
    /// The helper failed unexpectedly: its exit status and the end of its output.
    case helperFailed(status: Int32, log: String)
    /// The helper's output could not be read.
    case unreadableOutput(String)
    /// Stopped by the user.
    case cancelled
    /// The report cannot be written.
    case cannotWrite(String, reason: String)

    package var description: String {
        switch self {
        case .invalidRequest(let message): message
        case .cannotStart(let message): message
        case .badInput(_, let message): message
        case .helperFailed(let status, let log):
            "the comparison helper failed (exit status \(status))" + (log.isEmpty ? "" : ":\n" + log)
        case .unreadableOutput(let message): "the comparison helper's output is unreadable: \(message)"
        case .cancelled: "cancelled"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
