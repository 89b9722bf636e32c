import Foundation

/// A place in the user's source as the instrumentation reports it: the innermost frame in user
/// code when something was created or called.
package struct SourceLocation: Hashable, Sendable, Codable {
    package var file: String
    /// 1-based.
    package var line: Int

    package init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    init?(_ object: JSONObject?) {
        guard let object, let file = object.string("file"), let line = object.int("line"), line >= 1 else { return nil }
        self.init(file: file, line: line)
    }
}

/// One event of the stream from the instrumented script (Docs/RuntimeEvents.md), decoded.
/// Every field the protocol marks optional is optional here too.
package enum RuntimeEvent: Sendable {
    case hello(Hello)
    case attached(framework: String, version: String?)
    case attachFailed(framework: String, reason: String)
    case model(ModelInfo)
    case optimizer(OptimizerInfo)
    case loss(LossInfo)
    case trainBegin(TrainBegin)
    case overlap(Overlap)
    case nonfiniteLoss(NonfiniteLoss)
    case epoch(EpochReport)
    case trainEnd(model: String, epochsCompleted: Int?)
    case log(epoch: Int?, metrics: [String: Double])
    case exit(ExitReport)
    /// The script died of an uncaught exception (sent just before `exit`).
    case crash(Crash)
    /// An event this version does not know: kept in the store, otherwise ignored.
    case unknown(String)

    package struct Hello: Sendable {
        package var protocolVersion: Int?
        package var pid: Int?
        package var python: String?
        package var script: String?
    }

    package struct ModelInfo: Sendable {
        package var id: String
        package var framework: String?
        package var className: String?
        package var name: String?
        package var createdAt: SourceLocation?
        package var dataFormat: String?
        /// As the model declares it; nil entries are unknown dimensions (the batch).
        package var inputShape: [Int?]?
        package var layers: [LayerInfo]
    }

    package struct LayerInfo: Sendable {
        package var name: String
        package var className: String?
        package var activation: String?
        package var createdAt: SourceLocation?
        package var parameters: Int?
        package var dataFormat: String?
    }

    package struct OptimizerInfo: Sendable {
        package var id: String
        package var className: String?
        package var learningRate: Double?
        package var schedule: String?
        package var createdAt: SourceLocation?
    }

    package struct LossInfo: Sendable {
        package var name: String?
        package var fromLogits: Bool?
        package var createdAt: SourceLocation?
    }

    package struct TrainBegin: Sendable {
        package var model: String
        package var optimizer: String?
        package var callSite: SourceLocation?
        package var epochs: Int?
        package var batchSize: Int?
        package var trainSamples: Int?
        package var validation: Validation?

        package struct Validation: Sendable {
            /// `data`, `split`, `loader` or `none`.
            package var kind: String
            package var callSite: SourceLocation?
            package var samples: Int?
        }
    }

    package struct Overlap: Sendable {
        package var model: String
        package var trainChecked: Int
        package var validationChecked: Int
        package var identical: Int
    }

    package struct NonfiniteLoss: Sendable {
        package var model: String
        package var epoch: Int
        package var batch: Int?
        package var value: Double
        /// The input checked when the loss turned: the batch that produced it, or all the training data.
        package var inputCheck: InputCheck? = nil

        package struct InputCheck: Sendable {
            /// `batch` (the batch whose loss is not finite) or `all` (every training sample).
            package var scope: String
            package var nan: Int
            package var inf: Int
            package var samples: Int?
        }
    }

    package struct EpochReport: Sendable {
        package var model: String
        /// 0-based.
        package var epoch: Int
        package var duration: Double?
        package var metrics: [String: Double]
        package var learningRate: Double?
        package var input: InputStatistics?
        package var gradients: [LayerValue]
        package var activations: [ActivationStatistics]
        package var nonfiniteBatches: Int?
        /// The layers whose weights hold NaN or infinite values at the epoch's end.
        package var nonfiniteWeights: [NonfiniteWeights] = []
    }

    /// How many of a layer's weights are NaN or infinite.
    package struct NonfiniteWeights: Sendable {
        package var layer: String
        package var count: Int
        package var total: Int?
    }

    /// Statistics of the training inputs over the sampled batches of an epoch, before any cast.
    package struct InputStatistics: Sendable {
        package var batches: Int?
        package var samples: Int?
        package var min: Double?
        package var max: Double?
        package var mean: Double?
        package var std: Double?
        package var nan: Int
        package var inf: Int
        package var shape: [Int]?
        package var dtype: String?
    }

    /// A per-layer number, such as a gradient norm.
    package struct LayerValue: Sendable {
        package var layer: String
        package var value: Double
    }

    package struct ActivationStatistics: Sendable {
        package var layer: String
        package var activation: String?
        package var nonpositiveFraction: Double
        /// Units (features; channels of a convolution) and those that output 0 for every probed sample.
        package var units: Int? = nil
        package var deadUnits: Int? = nil
        /// Where a functional activation (`F.relu(x)`) was called.
        package var location: SourceLocation? = nil

        /// The share of dead units, when the probe counted units.
        package var deadFraction: Double? {
            guard let units, let deadUnits, units > 0 else { return nil }
            return Double(deadUnits) / Double(units)
        }
    }

    package struct ExitReport: Sendable {
        /// `ok`, `exception` or `exit`.
        package var status: String
        package var exceptionType: String?
        package var exceptionMessage: String?
        package var location: SourceLocation?
        package var code: Int?
    }

    /// The exception a script died of, where it was raised in the user's code, and its frames.
    package struct Crash: Sendable, Equatable {
        /// One frame of the traceback.
        package struct Frame: Sendable, Equatable {
            package var file: String
            package var line: Int
            package var function: String?
            /// Whether the file is the user's (not an installed package, the standard library or Umlaut's).
            package var isUser: Bool

            package init(file: String, line: Int, function: String?, isUser: Bool) {
                self.file = file
                self.line = line
                self.function = function
                self.isUser = isUser
            }
        }

        /// The exception's class name (`ValueError`, `InvalidArgumentError`).
        package var type: String
        /// With its module (`tensorflow.python.framework.errors_impl.InvalidArgumentError`).
        package var qualifiedType: String?
        /// The message, as the sensor cleaned it (no colours, no Keras argument dump).
        package var message: String
        /// The innermost frame in the user's code; nil when the exception never passed through it.
        package var location: SourceLocation?
        /// The failing expression on that line: 0-based UTF-8 columns, as Python reports them.
        package var column: Int?
        package var endLine: Int?
        package var endColumn: Int?
        /// Outermost first, innermost last (the last ones when the chain was long).
        package var frames: [Frame]

        package init(
            type: String, qualifiedType: String? = nil, message: String, location: SourceLocation?,
            column: Int? = nil, endLine: Int? = nil, endColumn: Int? = nil, frames: [Frame] = []
        ) {
            self.type = type
            self.qualifiedType = qualifiedType
            self.message = message
            self.location = location
            self.column = column
            self.endLine = endLine
            self.endColumn = endColumn
            self.frames = frames
        }
    }
}
