import Foundation
import Store

/// How numbers and epochs read in runtime messages.
enum RuntimeFormat {
    /// Compact: `255`, `0.92`, `0.0012`, `1e-07`, `-1000`, `NaN`, `inf`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e-3, magnitude < 1e6 {
            var text = String(format: "%.4f", value)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
        return String(format: "%.2g", value)
    }

    /// Three significant digits, for statistics: `118`, `65.8`, `0.294`.
    static func short(_ value: Double) -> String {
        guard value.isFinite else { return number(value) }
        if abs(value) >= 1000 || value == value.rounded() { return number(value.rounded()) }
        var text = String(format: "%.3g", value)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// The layers whose weights hold NaN or infinite values, as the sentence UM508 and UM509 add
    /// to a dead layer's message: "But the weights of `dense` hold 32 NaN or infinite values (of
    /// 672): ..."; nil when there are none.
    static func nonfiniteWeights(_ layers: [RuntimeEvent.NonfiniteWeights]) -> String? {
        guard let first = layers.first else { return nil }
        let of = first.total.map { " (of \($0))" } ?? ""
        let others =
            layers.count > 1 ? ", and those of \(layers.count - 1) more layer\(layers.count == 2 ? "" : "s")" : ""
        return
            "But the weights of `\(first.layer)` hold \(first.count) NaN or infinite value\(first.count == 1 ? "" : "s")\(of)\(others): "
            + "a NaN reached the weights, and a ReLU that turns NaN into 0 keeps it from the loss"
    }

    /// What to do when a dead layer's weights hold NaN (UM508 and UM509).
    static let nonfiniteWeightsHelp =
        "Find the NaN or infinite value that reached the weights: check the training data (`np.isnan(x).any()`, "
        + "`np.isinf(x).any()`) and look for a step whose loss or gradients overflowed; the learning rate and the "
        + "initialisation are not the cause"

    /// A fraction as a percentage: `82%`.
    static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return number(fraction) }
        if fraction != 0, abs(fraction) < 0.01 { return number(fraction * 100) + "%" }
        return "\(Int((fraction * 100).rounded()))%"
    }

    /// Epochs as people count them (Keras prints `Epoch 1/10` for index 0).
    static func epoch(_ index: Int) -> String { EpochWording.epoch(index) }

    /// `epochs 2–4` (or `epoch 3` when equal), 1-based, from two 0-based indices.
    static func range(_ first: Int, _ last: Int) -> String {
        EpochWording.epochs(Array(min(first, last)...max(first, last)))
    }

    /// `epochs 2–4` or `epoch 3`, 1-based, from 0-based indices (`EpochWording`, which the
    /// editor shares).
    static func epochs(_ indices: [Int]) -> String { EpochWording.epochs(indices) }
}
