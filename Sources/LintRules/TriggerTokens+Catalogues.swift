import LintCore
import TrainingModel

/// The rules' shared `TriggerTokens`, built from TrainingModel's `TriggerWords`.
extension TriggerTokens {
    /// Any network: `Sequential`, `Model`, `nn.Module` and Lightning subclasses.
    static let networks = TriggerTokens(anyOf: TriggerWords.networks)
    /// A network and something in it a network rule can report on: a layer the catalogues know as
    /// linear, activation, dropout, pooling or input, or an activation function
    /// (`TriggerWords.networkEvidence`).
    static let networksWithEvidence = networks.and(
        TriggerTokens(anyOf: TriggerWords.networkEvidence.map { [$0] })
            .or(TriggerTokens(anyOfIgnoringCase: TriggerWords.activationFunctions)))
    /// TensorFlow loss functions (`tf.losses.softmax_cross_entropy`, `tf.nn.*_with_logits`).
    static let tensorflowLosses = TriggerTokens(anyOf: TriggerWords.tensorflowLosses)
    /// Any optimizer constructor (Keras names in any case).
    static let optimizers = TriggerTokens(anyOf: TriggerWords.optimizers)
        .or(TriggerTokens(anyOfIgnoringCase: TriggerWords.optimizersIgnoringCase))
    /// Any loader that can yield raw images.
    static let rawImages = TriggerTokens(anyOf: TriggerWords.rawImageLoaders)
    /// Keras' bundled datasets and `cv2.imread`: colour images whose layout is known.
    static let colourImages = TriggerTokens(anyOf: TriggerWords.colourImageLoaders)
    /// Keras `fit` and `fit_generator` calls given `validation_data=`.
    static let fitCallsWithValidationData = TriggerTokens(
        anyOf: TriggerWords.fitCalls.map { $0 + ["validation_data"] })
}
