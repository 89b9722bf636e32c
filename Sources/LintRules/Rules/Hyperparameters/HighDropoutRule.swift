import LintCore
import TrainingModel

/// UM302: a dropout rate above the threshold (0.5 by default).
package struct HighDropoutRule: Rule {
    package init() {}

    /// A network with a layer or activation a finding can rest on (UM302 looks at its dropout layers).
    package static let triggerTokens: TriggerTokens = .networksWithEvidence

    package static let description = RuleDescription(
        code: "UM302",
        name: "high-dropout",
        summary: "Dropout rate above 0.5: most activations are dropped in training",
        defaultSeverity: .warning,
        whatItDoes: """
            Checks every dropout layer (Keras `Dropout`, `SpatialDropout*`, `GaussianDropout`, `AlphaDropout`; \
            PyTorch `nn.Dropout*` and `F.dropout`) whose rate is known from the source, and reports rates above \
            `max-dropout-rate` (0.5 by default).
            """,
        whyIsThisBad: """
            The rate of a dropout layer is the fraction of activations it sets to zero at each training step, not \
            the fraction it keeps. At 0.8 only one unit in five passes its signal on, so the next layer sees mostly \
            zeros, gradients are small and noisy, and the model may stop learning. Rates between 0.1 and 0.5 are \
            typical; 0.2–0.3 is a good start. A rate above 0.5 is very often a keep probability written where \
            a drop probability was expected (TensorFlow 1's `keep_prob` worked the other way round).
            """,
        example: """
            model = keras.Sequential([
                layers.Dense(128, activation="relu"),
                layers.Dropout(0.8),
                layers.Dense(10, activation="softmax"),
            ])
            """,
        useInstead: """
            model = keras.Sequential([
                layers.Dense(128, activation="relu"),
                layers.Dropout(0.2),
                layers.Dense(10, activation="softmax"),
            ])
            """,
        fixSafety: """
            The fix replaces the rate `p` by `1 - p`, which is right when a keep probability was written by \
            mistake. It is unsafe: a high rate can be deliberate, and changing it changes how the model trains. \
            It is offered only when `1 - p` is below `p`: it never raises dropout (with `max-dropout-rate` below \
            0.5, a rate of 0.4 is reported without a fix).
            """,
        references: [
            Reference(
                "Srivastava et al., Dropout: A Simple Way to Prevent Neural Networks from Overfitting (JMLR 2014)",
                "https://jmlr.org/papers/v15/srivastava14a.html"),
            Reference("keras.layers.Dropout", "https://keras.io/api/layers/regularization_layers/dropout/"),
            Reference("torch.nn.Dropout", "https://pytorch.org/docs/stable/generated/torch.nn.Dropout.html"),
        ],
        triggeringExamples: [
            Example(
                """
                from tensorflow import keras
                model = keras.Sequential([
                    keras.layers.Dense(64, activation="relu"),
                    keras.layers.Dropout(↓0.8),
                    keras.layers.Dense(10, activation="softmax"),
                ])
                """),
            Example(
                """
                from keras.layers import Dense, Dropout
                from keras.models import Sequential
                DROP = 0.6
                model = Sequential()
                model.add(Dense(32, activation="relu"))
                model.add(Dropout(rate=↓DROP))
                """),
            Example(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(p=↓0.75), nn.Linear(256, 10))
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(↓0.4)])
                """, thresholds: ["max-dropout-rate": 0.3]),
        ],
        nonTriggeringExamples: [
            Example(
                """
                from tensorflow import keras
                model = keras.Sequential([
                    keras.layers.Dense(64, activation="relu"),
                    keras.layers.Dropout(0.5),
                    keras.layers.Dense(10, activation="softmax"),
                ])
                """),
            Example(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Dropout(), nn.Linear(256, 10))
                """),
            Example(
                """
                import keras
                rate = get_rate()
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(rate)])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(0.8)])
                """, thresholds: ["max-dropout-rate": 0.9]),
        ],
        corrections: [
            Correction(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(0.8)])
                """,
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dropout(0.2)])
                """),
            Correction(
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Dropout(p=0.75))
                """,
                """
                import torch.nn as nn
                net = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Dropout(p=0.25))
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnostic] {
        let limit = context.settings.thresholds.maxDropoutRate
        let limitText = Value.float(limit).pythonLiteral
        var diagnostics: [Diagnostic] = []
        for network in context.model.networks {
            // By index: a `for layer in` copies every layer (strings, spans, arguments) to look
            // at its kind, and most layers are not dropout.
            let layers = network.layers
            for index in layers.indices where layers[index].kind == .dropout {
                let layer = layers[index]
                let keyword = network.framework == .pytorch ? "p" : "rate"
                guard let argument = layer.argument(keyword, position: 0),
                    let rate = argument.value.number, rate > limit
                else { continue }
                let keep = Self.rounded(1 - rate)
                let percent = Int((rate * 100).rounded())
                let literal = Value.float(keep).pythonLiteral
                let rateText = argument.value.pythonLiteral
                let message =
                    "`\(layer.className)` at \(context.lines.label(layer.span.line)) of `\(network.name)` drops \(percent)% of its inputs "
                    + "in training (rate \(rateText), above \(limitText)); "
                    + "the next layer sees mostly zeros and learning stalls"
                // `1 - p` only when it lowers the rate: a fix never raises dropout, so fixing
                // converges (with `max-dropout-rate` below 0.5, 0.4 would otherwise become 0.6
                // and back).
                let fix =
                    rate < 1 && keep < rate
                    ? Fix(
                        title:
                            "Use rate \(literal) (1 - \(rateText)), in case a keep probability was meant",
                        applicability: .unsafe,
                        edits: [Edit(range: argument.valueSpan.byteRange, replacement: literal)]) : nil
                diagnostics.append(
                    context.diagnostic(
                        Self.self, at: argument.valueSpan,
                        summary:
                            "\(ShortName.code(layer.className, limit: 20)) in \(ShortName.code(network.name, limit: 20)) drops "
                            + "\(percent)% of its inputs (rate "
                            + "\(ShortName.shortened(rateText, limit: 12)) > \(limitText))",
                        message: message,
                        help: fix == nil
                            ? "Lower the rate to at most \(limitText)"
                            : "Lower the rate to between 0.1 and 0.5; if \(rateText) was the share to keep, use \(literal)",
                        fix: fix))
            }
        }
        return diagnostics
    }

    /// 1 - 0.8 is 0.19999999999999996 in binary floating point; users wrote 0.2.
    static func rounded(_ value: Double) -> Double {
        (value * 1_000_000).rounded() / 1_000_000
    }
}
