import Foundation
import ModelComparison
import Synchronization

/// Model comparisons started from the editor (`umlaut.compareModels`): each one running, by
/// number. Owned by the server actor (`compare`).
struct CompareFeature {
    static let compareCommand = "umlaut.compareModels"

    /// One comparison while it runs.
    struct Running {
        let job: JobID
        /// The workspace folder its report and cache go into.
        let workspace: String
        let reportID: String
        let control: CompareControl
        /// The last percentage reported (kept through stages `CompareProgress` does not know).
        var percentage: Int?
    }

    var lastID = 0
    var running: [Int: Running] = [:]
}

/// What the server and the comparison's thread share: whether it was asked to stop, and the
/// helper's process (group) once it started.
final class CompareControl: Sendable {
    private let state = Mutex<(cancelled: Bool, helper: Int32?)>((false, nil))

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    func cancel() { state.withLock { $0.cancelled = true } }

    func helperStarted(_ pid: Int32) { state.withLock { $0.helper = pid } }

    /// Signals the helper's whole process group, when it runs.
    func signalHelper(_ signal: Int32) {
        guard let pid = state.withLock({ $0.helper }) else { return }
        kill(-pid, signal)
    }
}

/// How a comparison's stages become one progress: the helper's stages in the order it runs them,
/// each with its share of the whole (a rough share of the time they take); a stage it does not
/// name (a new one) keeps the percentage where it was.
enum CompareProgress {
    static let shares: [(stage: String, model: String?, share: Double)] = [
        ("load", nil, 0.05), ("attributions", "A", 0.25), ("shapley", "A", 0.05), ("attributions", "B", 0.25),
        ("shapley", "B", 0.05), ("embeddings", nil, 0.3), ("clustering", nil, 0.05),
    ]

    /// The message and the percentage of a stage's progress.
    static func describe(stage: String, model: String?, done: Int, total: Int) -> (String, Int?) {
        let message = "\(stage)\(model.map { " (model \($0))" } ?? ""): \(done)/\(total)"
        guard let index = shares.firstIndex(where: { $0.stage == stage && $0.model == model }) else {
            return (message, nil)
        }
        let before = shares[..<index].map(\.share).reduce(0, +)
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 0
        return (message, min(100, Int(((before + shares[index].share * fraction) * 100).rounded(.down))))
    }
}
