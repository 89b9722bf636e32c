/// How a stored finding's structure reads for people, the same in `umlaut run`, `umlaut show`
/// and the editor: the stored text holds no epoch label and no role prefix, readers word them
/// from `epochs` and `Related.role` here.
package enum EpochWording {
    /// `epoch 4` from the 0-based index 3 (Keras prints `Epoch 4/10` for it).
    package static func epoch(_ index: Int) -> String { "epoch \(index + 1)" }

    /// `epochs 2–4`, `epoch 3` or `epochs 1, 4`, 1-based, from 0-based indices; `before
    /// training` for none.
    package static func epochs(_ indices: [Int]) -> String {
        let sorted = Array(Set(indices)).sorted()
        guard let first = sorted.first, let last = sorted.last else { return "before training" }
        if first == last { return epoch(first) }
        if last - first + 1 == sorted.count { return "epochs \(first + 1)–\(last + 1)" }
        return "epochs " + sorted.map { String($0 + 1) }.joined(separator: ", ")
    }
}

extension FindingRecord.Related.Role {
    /// What a reader calls a place of this role, if anything.
    package var label: String? {
        switch self {
        case .rootCause: "root cause"
        case .symptom: "the symptom"
        case .context: nil
        }
    }
}

extension FindingRecord.Related {
    /// The message after its role's label and a colon (`root cause`, `the symptom`; none for
    /// context), as the editor's related places and `umlaut show` read.
    package var labelledMessage: String {
        role.label.map { "\($0): \(message)" } ?? message
    }
}
