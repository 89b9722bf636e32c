/// What a training script builds, as far as Umlaut can tell from its source: the networks and
/// their layers, losses, optimizers, `compile` and `fit` calls, and where the training data comes
/// from. Framework-neutral, every item carrying its source span.
///
/// Produced by `ScriptAnalyzer`; read by the lint rules; encoded as JSON for golden tests and for
/// hover text. All of it is value types, `Sendable` and `Codable`.
package struct ScriptModel: Hashable, Sendable, Codable {
    /// The frameworks the script imports, sorted.
    package var frameworks: [Framework] = []
    /// Every network the script defines, in source order.
    package var networks: [Network] = []
    /// Every loss the script creates or names (Keras `compile(loss=...)`, PyTorch criteria and
    /// functional losses), in source order.
    package var losses: [Loss] = []
    /// Every optimizer the script creates or names, in source order.
    package var optimizers: [Optimizer] = []
    /// Keras `compile` calls.
    package var compiles: [CompileCall] = []
    /// Keras `fit` calls.
    package var fits: [FitCall] = []
    /// Keras `evaluate` and `predict` calls, with the data they are given.
    package var evaluations: [EvaluationCall] = []
    /// Arrays and datasets the script loads, and how (whether) they are scaled before training.
    package var datasets: [Dataset] = []
    /// PyTorch training steps: where `loss_fn(model(x), y)` and `optimizer.step()` happen.
    package var trainingSteps: [TrainingStep] = []
    /// Calls of a network on data outside `fit` (`model(x)`, `net(images)`), with where their
    /// input comes from: PyTorch loops, custom Keras training steps, predictions.
    package var networkCalls: [NetworkCall] = []
    /// Script-wide image layout settings: `keras.backend.set_image_data_format(...)` and reads
    /// of it, in source order.
    package var imageDataFormats: [DataFormatSetting] = []

    package init() {}
}

package enum Framework: String, Hashable, Sendable, Codable, Comparable {
    /// Keras 3 (`import keras`) or tf.keras (`from tensorflow import keras`).
    case keras
    case pytorch

    package static func < (lhs: Framework, rhs: Framework) -> Bool { lhs.rawValue < rhs.rawValue }
}
