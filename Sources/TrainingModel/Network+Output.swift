/// What a network's output looks like, as the output rules (UM102–UM105) need it.
extension Network {
    /// The end of a network: the layer that computes the output values and the activations
    /// applied after it.
    package struct Output: Hashable, Sendable {
        /// The last layer that is neither an activation nor a pass-through (dropout, reshape,
        /// normalization, pooling): usually the final `Dense` / `Linear`.
        package var producer: Layer?
        /// The nonlinear activations applied from `producer` on, in the order they apply, each
        /// with the layer that applies it: the producer's own `activation=` first, then activation
        /// layers and calls. Linear ones (`Activation("linear")`) are left out.
        package var activations: [(layer: Layer, activation: Activation)]
        /// Whether a reshape (`Flatten`, `view`, `squeeze`, ...) follows the producer: then the
        /// output's width is no longer the producer's units (`Dense(1)` over a sequence, then
        /// `Flatten()`, gives one score per position).
        package var isReshaped = false

        /// The activation that finally shapes the output, if any.
        package var last: Activation? { activations.last?.activation }

        /// Whether the output is raw scores (logits): a linear layer with no activation after it.
        package var isLogits: Bool { producer?.kind == .linear && activations.isEmpty }

        /// The producer's number of output units when written as a constant (`Dense(10)`,
        /// `nn.Linear(128, 10)`); nil when a reshape after it changes the output's shape.
        package var units: Int? { isReshaped ? nil : producer?.units }

        package static func == (lhs: Output, rhs: Output) -> Bool {
            lhs.producer == rhs.producer && lhs.activations.map(\.activation) == rhs.activations.map(\.activation)
                && lhs.isReshaped == rhs.isReshaped
        }

        package func hash(into hasher: inout Hasher) {
            hasher.combine(producer)
            hasher.combine(activations.map(\.activation))
        }
    }

    /// The end of the network (see `Output`).
    package var output: Output {
        var activations: [(layer: Layer, activation: Activation)] = []
        var isReshaped = false
        for layer in layers.reversed() {
            switch layer.kind {
            case .reshape:
                isReshaped = true
                continue
            case .dropout, .normalization, .pooling, .input:
                continue
            case .activation:
                if let activation = layer.activation, !activation.isLinear {
                    activations.insert((layer, activation), at: 0)
                }
                continue
            default:
                if let activation = layer.activation, !activation.isLinear {
                    activations.insert((layer, activation), at: 0)
                }
                var output = Output(producer: layer, activations: activations)
                output.isReshaped = isReshaped
                return output
            }
        }
        return Output(producer: nil, activations: activations)
    }
}

extension Layer {
    /// The number of output units of a dense layer when written as a constant: Keras `Dense(units)`,
    /// PyTorch `Linear(in_features, out_features)` and `LazyLinear(out_features)`. Nil otherwise.
    package var units: Int? {
        let argument: Argument?
        switch className {
        case "Dense": argument = self.argument("units", position: 0)
        case "Linear": argument = self.argument("out_features", position: 1)
        case "LazyLinear": argument = self.argument("out_features", position: 0)
        default: argument = nil
        }
        guard case .int(let value)? = argument?.value else { return nil }
        return value
    }
}
