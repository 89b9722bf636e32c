/// What the functions and tensor methods that appear in `forward` / `call` do to the data
/// flowing through a network, when they are not activations (those are in `LayerCatalog`'s
/// activation tables).
extension LayerCatalog {
    /// The effect of a function call or tensor method on the data flowing through a network.
    package enum TensorOperation: Hashable, Sendable {
        /// Behaves like a layer of this kind: `F.dropout` (dropout), `torch.flatten`, `x.view`
        /// (reshape), `F.max_pool2d` (pooling), `F.layer_norm` (normalization).
        case layer(LayerKind)
        /// Combines several tensors (`torch.cat`, `layers.concatenate`, `tf.add`): the data flow
        /// follows the longest of its inputs.
        case merge
        /// Leaves the values as they are (`x.to(device)`, `x.float()`, `tf.cast`).
        case transparent
    }

    /// The operation of a function, by canonical qualified name (`torch.nn.functional.dropout`,
    /// `torch.flatten`, `keras.layers.concatenate`); nil for anything else.
    package static func operation(ofFunction qualifiedName: String) -> TensorOperation? {
        guard let dot = qualifiedName.lastDotIndex else { return nil }
        let namespace = String(qualifiedName[..<dot])
        let name = String(qualifiedName[qualifiedName.index(after: dot)...])
        return functionOperations[namespace]?[name]
    }

    /// The operation of a tensor method (`x.view(...)`, `x.flatten(1)`, `x.to(device)`); nil for
    /// anything else.
    package static func operation(ofTensorMethod name: String) -> TensorOperation? {
        tensorMethodOperations[name]
    }

    /// The names of the functions that act as dropout layers (`F.dropout`, `torch.alpha_dropout`),
    /// sorted, for the pre-filter.
    static var dropoutFunctionNames: [String] {
        Set(
            functionOperations.values.flatMap { table in
                table.filter { $0.value == .layer(.dropout) }.keys
            }
        ).sorted()
    }

    // MARK: Tables

    private static func table(_ entries: [(TensorOperation, [String])]) -> [String: TensorOperation] {
        var result: [String: TensorOperation] = [:]
        for (operation, names) in entries {
            for name in names { result[name] = operation }
        }
        return result
    }

    private static let torchFunctional = table([
        (
            .layer(.dropout),
            ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"]
        ),
        (
            .layer(.pooling),
            [
                "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
                "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
                "adaptive_max_pool2d", "adaptive_max_pool3d", "lp_pool1d", "lp_pool2d",
            ]
        ),
        (.layer(.reshape), ["pad", "interpolate", "upsample", "pixel_shuffle", "pixel_unshuffle"]),
        (
            .layer(.normalization),
            [
                "batch_norm", "layer_norm", "group_norm", "instance_norm", "normalize",
                "local_response_norm", "rms_norm",
            ]
        ),
    ])

    private static let torchFunctions = table([
        (.layer(.dropout), ["dropout", "alpha_dropout", "feature_dropout"]),
        (.layer(.pooling), ["max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "adaptive_avg_pool1d", "mean"]),
        (.layer(.reshape), ["flatten", "reshape", "squeeze", "unsqueeze", "transpose", "permute", "movedim"]),
        (.merge, ["cat", "concat", "concatenate", "stack", "hstack", "vstack", "add", "mul"]),
    ])

    private static let kerasLayerFunctions = table([
        (.merge, ["add", "concatenate", "multiply", "average", "maximum", "minimum", "subtract", "dot"])
    ])

    private static let tensorflowAndKerasOps = table([
        (.layer(.reshape), ["reshape", "squeeze", "expand_dims", "transpose", "flatten"]),
        (.layer(.pooling), ["reduce_mean", "mean"]),
        (.merge, ["concat", "concatenate", "stack", "add", "multiply"]),
        (.transparent, ["cast", "identity", "convert_to_tensor"]),
    ])

    private static let functionOperations: [String: [String: TensorOperation]] = [
        "torch.nn.functional": torchFunctional,
        "torch": torchFunctions,
        "keras.layers": kerasLayerFunctions,
        "keras.ops": tensorflowAndKerasOps,
        "keras.backend": tensorflowAndKerasOps,
        "tensorflow": tensorflowAndKerasOps,
        "tensorflow.math": tensorflowAndKerasOps,
    ]

    private static let tensorMethodOperations = table([
        (
            .layer(.reshape),
            [
                "view", "reshape", "flatten", "squeeze", "unsqueeze", "permute", "transpose", "view_as",
                "expand", "expand_as", "t", "unflatten", "squeeze_", "unsqueeze_", "movedim",
            ]
        ),
        (.layer(.pooling), ["mean"]),
        (
            .transparent,
            [
                "to", "cuda", "cpu", "float", "double", "half", "bfloat16", "contiguous", "clone", "detach",
                "type", "long", "int", "requires_grad_", "type_as",
            ]
        ),
    ])
}
