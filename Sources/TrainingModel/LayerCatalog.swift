/// What Umlaut knows about framework classes and functions, by canonical qualified name: which
/// names are layers and of what kind, which are activations, and their canonical activation names.
///
/// Names are matched by their last component within a framework namespace (`keras.` or
/// `torch.`), so `keras.layers.Dense`, `keras.layers.core.Dense` and an unresolved `Dense` in a
/// script that imports Keras all classify the same way.
package enum LayerCatalog {
    /// Classifies a layer constructor. `framework` is the namespace the name resolved into, or
    /// the script's framework when the name is unresolved.
    package static func kind(ofLayer name: String, framework: Framework) -> LayerKind? {
        let last = AnalysisContext.lastComponent(name)
        switch framework {
        case .keras: return kerasLayers[last]
        case .pytorch: return torchLayers[last]
        }
    }

    /// The framework a qualified name belongs to, if it is in one of theirs.
    package static func framework(of qualifiedName: String) -> Framework? {
        if qualifiedName.hasPrefix("keras.") { return .keras }
        if qualifiedName.hasPrefix("torch.") { return .pytorch }
        return nil
    }

    /// The canonical activation applied by an activation *layer* class (`ReLU` → `relu`,
    /// `LeakyReLU` → `leaky_relu`). `Activation(...)` takes its name from its argument instead.
    package static func activationName(ofLayerClass name: String) -> String? {
        layerActivations[AnalysisContext.lastComponent(name)]
    }

    /// The canonical name of an activation *function* (`torch.nn.functional.relu`,
    /// `torch.sigmoid`, `keras.activations.softmax`, `tf.nn.relu`), or nil if `name` is not one.
    package static func activationName(ofFunction qualifiedName: String) -> String? {
        let parts = qualifiedName.split(separator: ".")
        guard let last = parts.last else { return nil }
        let prefix = parts.dropLast().joined(separator: ".")
        guard functionNamespaces.contains(prefix), isActivationFunctionName(String(last)) else { return nil }
        return canonicalActivation(String(last))
    }

    /// The canonical name of an activation given as a string (`"relu"`, `"Softmax"`) or as the
    /// last component of a function reference (`keras.activations.relu`). Unknown names are
    /// lower-cased and returned as they are.
    package static func canonicalActivation(_ written: String) -> String {
        let lowered = written.lowercased()
        return activationAliases[lowered] ?? lowered
    }

    /// Tensor methods that apply an activation: `x.relu()`, `x.softmax(dim=1)`.
    package static func activationName(ofTensorMethod method: String) -> String? {
        tensorMethodActivations.contains(method) ? canonicalActivation(method) : nil
    }

    /// TensorFlow 1 layer functions, which build a layer and apply it to their first argument
    /// in one call (`tf.layers.dense(inputs, units, activation=None)`,
    /// `tf.compat.v1.layers.conv2d(...)`): their kind and the Keras class they stand for, whose
    /// arguments (after `inputs`) and linear default they share. Nil for anything else.
    package static func tensorflow1Layer(_ qualifiedName: String) -> (kind: LayerKind, className: String)? {
        guard let dot = qualifiedName.lastDotIndex else { return nil }
        let namespace = qualifiedName[..<dot]
        guard namespace == "tensorflow.layers" || namespace == "tensorflow.compat.v1.layers" else { return nil }
        guard let className = tensorflow1LayerFunctions[String(qualifiedName[qualifiedName.index(after: dot)...])],
            let kind = kerasLayers[className]
        else { return nil }
        return (kind, className)
    }

    /// The names of the TensorFlow 1 layer functions, sorted.
    static var tensorflow1LayerFunctionNames: [String] { tensorflow1LayerFunctions.keys.sorted() }

    /// The layer names a network rule's finding can rest on, sorted, for the pre-filter
    /// (`TriggerWords.networkEvidence`): linear layers (UM101, UM102, UM105's widths and logits),
    /// activation layers (UM103, UM104, UM105), dropout (UM302), and the layers UM203 reads an
    /// image layout from: pooling, `Input`, and Keras' 2-D cropping, padding and upsampling.
    /// Left out are the kinds no rule reports on by themselves: normalization, embedding,
    /// recurrent, other reshapes and the opaque `other` layers.
    static var evidenceLayerNames: [String] {
        let kinds: Set<LayerKind> = [.linear, .activation, .dropout, .pooling, .input]
        var names = Set<String>()
        for (name, kind) in kerasLayers where kinds.contains(kind) || (kind == .reshape && name.hasSuffix("2D")) {
            names.insert(name)
        }
        for (name, kind) in torchLayers where kinds.contains(kind) { names.insert(name) }
        for (function, className) in tensorflow1LayerFunctions where kerasLayers[className].map(kinds.contains) == true
        {
            names.insert(function)
        }
        return names.sorted()
    }

    /// Every name of an activation function or tensor method, lower-cased and sorted (they match
    /// in any case: `activationName(ofFunction:)` lower-cases them), for the pre-filter.
    static var activationFunctionNames: [String] {
        (activationAliases.keys.filter(isActivationFunctionName) + tensorMethodActivations).sorted()
    }

    // MARK: Tables

    private static let tensorflow1LayerFunctions: [String: String] = [
        "dense": "Dense", "conv1d": "Conv1D", "conv2d": "Conv2D", "conv3d": "Conv3D",
        "conv2d_transpose": "Conv2DTranspose", "conv3d_transpose": "Conv3DTranspose",
        "separable_conv1d": "SeparableConv1D", "separable_conv2d": "SeparableConv2D",
        "dropout": "Dropout", "batch_normalization": "BatchNormalization", "flatten": "Flatten",
        "max_pooling1d": "MaxPooling1D", "max_pooling2d": "MaxPooling2D", "max_pooling3d": "MaxPooling3D",
        "average_pooling1d": "AveragePooling1D", "average_pooling2d": "AveragePooling2D",
        "average_pooling3d": "AveragePooling3D",
    ]

    private static let kerasLayers: [String: LayerKind] = {
        var table: [String: LayerKind] = [:]
        for name in [
            "Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D",
            "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "Convolution2DTranspose", "Convolution3DTranspose",
            "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D",
            "DepthwiseConv1D", "DepthwiseConv2D", "LocallyConnected1D", "LocallyConnected2D",
        ] { table[name] = .linear }
        for name in ["Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "ThresholdedReLU"] {
            table[name] = .activation
        }
        for name in [
            "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "AlphaDropout",
        ] {
            table[name] = .dropout
        }
        for name in [
            "BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization",
            "SpectralNormalization",
        ] {
            table[name] = .normalization
        }
        for dims in ["1D", "2D", "3D"] {
            for name in [
                "MaxPooling", "AveragePooling", "GlobalMaxPooling", "GlobalAveragePooling", "MaxPool", "AvgPool",
                "GlobalMaxPool", "GlobalAvgPool",
            ] {
                table[name + dims] = .pooling
            }
            for name in ["Cropping", "ZeroPadding", "UpSampling"] { table[name + dims] = .reshape }
        }
        for name in ["Flatten", "Reshape", "Permute", "RepeatVector"] { table[name] = .reshape }
        table["Embedding"] = .embedding
        for name in [
            "LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
            "TimeDistributed",
        ] {
            table[name] = .recurrent
        }
        table["Input"] = .input
        table["InputLayer"] = .input
        for name in [
            "Rescaling", "Normalization", "Resizing", "CenterCrop", "RandomFlip", "RandomRotation", "RandomZoom",
            "RandomCrop", "RandomTranslation", "RandomContrast", "GaussianNoise", "Lambda", "MultiHeadAttention",
            "Attention", "Add", "Concatenate", "Multiply", "Average", "Maximum", "Minimum", "Subtract", "Dot",
        ] {
            table[name] = .other
        }
        return table
    }()

    private static let torchLayers: [String: LayerKind] = {
        var table: [String: LayerKind] = [:]
        for name in [
            "Linear", "LazyLinear", "Bilinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d",
            "ConvTranspose3d", "LazyConv1d", "LazyConv2d", "LazyConv3d",
        ] { table[name] = .linear }
        for name in [
            "ReLU", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Sigmoid",
            "Tanh", "Softmax", "LogSoftmax", "Softmin", "Softplus", "Softsign", "Hardtanh", "Hardswish",
            "Hardsigmoid", "Tanhshrink", "Threshold", "GLU", "LogSigmoid",
        ] { table[name] = .activation }
        for name in ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"] {
            table[name] = .dropout
        }
        for name in [
            "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LayerNorm", "GroupNorm",
            "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LocalResponseNorm", "RMSNorm",
        ] { table[name] = .normalization }
        for dims in ["1d", "2d", "3d"] {
            for name in ["MaxPool", "AvgPool", "AdaptiveAvgPool", "AdaptiveMaxPool", "LPPool", "FractionalMaxPool"] {
                table[name + dims] = .pooling
            }
        }
        for name in ["Flatten", "Unflatten", "Identity", "Upsample", "PixelShuffle"] { table[name] = .reshape }
        for name in ["Embedding", "EmbeddingBag"] { table[name] = .embedding }
        for name in ["LSTM", "GRU", "RNN"] { table[name] = .recurrent }
        for name in [
            "Sequential", "ModuleList", "ModuleDict", "MultiheadAttention", "Transformer", "TransformerEncoder",
            "TransformerDecoder", "TransformerEncoderLayer", "TransformerDecoderLayer",
        ] { table[name] = .other }
        return table
    }()

    private static let layerActivations: [String: String] = [
        "ReLU": "relu", "ReLU6": "relu6", "LeakyReLU": "leaky_relu", "PReLU": "prelu", "RReLU": "rrelu", "ELU": "elu",
        "SELU": "selu", "CELU": "celu", "GELU": "gelu", "SiLU": "silu", "Mish": "mish", "Sigmoid": "sigmoid",
        "Tanh": "tanh", "Softmax": "softmax", "LogSoftmax": "log_softmax", "Softmin": "softmin", "Softplus": "softplus",
        "Softsign": "softsign", "Hardtanh": "hardtanh", "Hardswish": "hard_swish", "Hardsigmoid": "hard_sigmoid",
        "Tanhshrink": "tanhshrink", "Threshold": "threshold", "GLU": "glu", "ThresholdedReLU": "thresholded_relu",
        "LogSigmoid": "log_sigmoid",
    ]

    private static let activationAliases: [String: String] = [
        "none": "linear", "linear": "linear", "identity": "linear",
        "swish": "silu", "silu": "silu", "leakyrelu": "leaky_relu", "leaky_relu": "leaky_relu",
        "logsoftmax": "log_softmax", "log_softmax": "log_softmax", "hardsigmoid": "hard_sigmoid",
        "hard_sigmoid": "hard_sigmoid", "hardswish": "hard_swish", "hard_swish": "hard_swish", "relu": "relu",
        "relu6": "relu6", "softmax": "softmax", "sigmoid": "sigmoid", "tanh": "tanh", "elu": "elu", "selu": "selu",
        "gelu": "gelu", "softplus": "softplus", "softsign": "softsign", "exponential": "exponential", "mish": "mish",
        "celu": "celu", "rrelu": "rrelu", "prelu": "prelu", "glu": "glu", "hardtanh": "hardtanh", "softmin": "softmin",
        "logsigmoid": "log_sigmoid", "log_sigmoid": "log_sigmoid", "tanhshrink": "tanhshrink",
    ]

    /// Modules whose functions of activation names are activations.
    private static let functionNamespaces: Set<String> = [
        "torch", "torch.nn.functional", "torch.special", "keras.activations", "keras.ops", "keras.ops.nn",
        "keras.backend", "tensorflow.nn", "tensorflow.math", "tensorflow", "tensorflow.compat.v1.nn", "jax.nn",
    ]

    private static let tensorMethodActivations: Set<String> = [
        "relu", "relu_", "sigmoid", "sigmoid_", "tanh", "tanh_", "softmax", "log_softmax",
    ]

    /// Every function name that is an activation when it lives in an activation namespace.
    static func isActivationFunctionName(_ name: String) -> Bool {
        activationAliases[name.lowercased()] != nil && name.lowercased() != "linear" && name.lowercased() != "none"
            && name.lowercased() != "identity"
    }
}
