import LintCore
import TrainingModel

/// Where data reaches training: the inputs of a Keras `fit`, or a network called inside a loop
/// or function that also computes gradients.
struct TrainingUse {
    var reference: DataReference
    /// The network trained, when known.
    var networkIndex: Int?
    /// How the use reads in messages: "`model.fit` at line 12".
    var description: String
    var isFit: Bool

    static func all(in model: ScriptModel, lines: LineLabels) -> [TrainingUse] {
        var uses: [TrainingUse] = []
        for fit in model.fits {
            guard let x = fit.x else { continue }
            uses.append(
                TrainingUse(
                    reference: x, networkIndex: fit.networkIndex,
                    description: "`\(fit.networkName).fit` at \(lines.label(fit.span.line))", isFit: true))
        }
        for call in model.networkCalls where call.isTraining {
            uses.append(
                TrainingUse(
                    reference: call.input, networkIndex: call.networkIndex,
                    description: "`\(call.networkName)(\(call.input.text))` at \(lines.label(call.span.line))",
                    isFit: false))
        }
        return uses.sorted { $0.reference.span < $1.reference.span }
    }
}

extension Dataset {
    /// How the loader reads in messages: `cifar10.load_data()`, `cv2.imread`.
    var loaderName: String {
        switch origin {
        case .kerasDataset(let name): "\(name).load_data()"
        case .imageLoader(let name), .other(let name): name
        }
    }
}

extension DataReference {
    /// The variable to name in messages: the root, or else the expression.
    var displayName: String { root ?? text }

    /// The axis order after every permutation on the way, relative to the data as loaded; nil
    /// when there is none, or when one of them is not known or the ranks disagree.
    var composedPermutation: (axes: [Int], last: DataStep)? {
        var axes: [Int]?
        var last: DataStep?
        for step in steps where step.kind == .permutation {
            guard let next = step.axes, Set(next) == Set(0..<next.count) else { return nil }
            if let current = axes {
                guard current.count == next.count else { return nil }
                axes = next.map { current[$0] }
            } else {
                axes = next
            }
            last = step
        }
        guard let axes, let last else { return nil }
        return (axes, last)
    }
}

/// Axis orders that move the channel axis, for batches (4-D) and single images (3-D).
enum ChannelMove {
    static let toFirst: Set<[Int]> = [[0, 3, 1, 2], [2, 0, 1]]
    static let toLast: Set<[Int]> = [[0, 2, 3, 1], [1, 2, 0]]
}
