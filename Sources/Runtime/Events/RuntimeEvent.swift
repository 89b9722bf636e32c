import Foundation

/// A place in the user's source as the instrumentation reports it: the innermost frame in user
/// code when something was created or called.
public struct SourceLocation: Hashable, Sendable, Codable {
    public var file: String
    /// 1-based.
    public var line: Int

    public init(file: String, line: Int) {
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
public enum RuntimeEvent: Sendable {
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

    public struct Hello: Sendable {
        public var protocolVersion: Int?
        public var pid: Int?
        public var python: String?
        public var script: String?
    }

    public struct ModelInfo: Sendable {
        public var id: String
        public var framework: String?
        public var className: String?
        public var name: String?
        public var createdAt: SourceLocation?
        public var dataFormat: String?
        /// As the model declares it; nil entries are unknown dimensions (the batch).
        public var inputShape: [Int?]?
        public var layers: [LayerInfo]
    }

    public struct LayerInfo: Sendable {
        public var name: String
        public var className: String?
        public var activation: String?
        public var createdAt: SourceLocation?
        public var parameters: Int?
        public var dataFormat: String?
    }

    public struct OptimizerInfo: Sendable {
        public var id: String
        public var className: String?
        public var learningRate: Double?
        public var schedule: String?
        public var createdAt: SourceLocation?
    }

    public struct LossInfo: Sendable {
        public var name: String?
        public var fromLogits: Bool?
        public var createdAt: SourceLocation?
    }

    public struct TrainBegin: Sendable {
        public var model: String
        public var optimizer: String?
        public var callSite: SourceLocation?
        public var epochs: Int?
        public var batchSize: Int?
        public var trainSamples: Int?
        public var validation: Validation?

        public struct Validation: Sendable {
            /// `data`, `split`, `loader` or `none`.
            public var kind: String
            public var callSite: SourceLocation?
            public var samples: Int?
        }
    }

    public struct Overlap: Sendable {
        public var model: String
        public var trainChecked: Int
        public var validationChecked: Int
        public var identical: Int
    }

    public struct NonfiniteLoss: Sendable {
        public var model: String
        public var epoch: Int
        public var batch: Int?
        public var value: Double
        /// The input checked when the loss turned: the batch that produced it, or all the training data.
        public var inputCheck: InputCheck? = nil

        public struct InputCheck: Sendable {
            /// `batch` (the batch whose loss is not finite) or `all` (every training sample).
            public var scope: String
            public var nan: Int
            public var inf: Int
            public var samples: Int?
        }
    }

    public struct EpochReport: Sendable {
        public var model: String
        /// 0-based.
        public var epoch: Int
        public var duration: Double?
        public var metrics: [String: Double]
        public var learningRate: Double?
        public var input: InputStatistics?
        public var gradients: [LayerValue]
        public var activations: [ActivationStatistics]
        public var nonfiniteBatches: Int?
    }

    /// Statistics of the training inputs over the sampled batches of an epoch, before any cast.
    public struct InputStatistics: Sendable {
        public var batches: Int?
        public var samples: Int?
        public var min: Double?
        public var max: Double?
        public var mean: Double?
        public var std: Double?
        public var nan: Int
        public var inf: Int
        public var shape: [Int]?
        public var dtype: String?
    }

    /// A per-layer number, such as a gradient norm.
    public struct LayerValue: Sendable {
        public var layer: String
        public var value: Double
    }

    public struct ActivationStatistics: Sendable {
        public var layer: String
        public var activation: String?
        public var nonpositiveFraction: Double
        /// Units (features; channels of a convolution) and those that output 0 for every probed sample.
        public var units: Int? = nil
        public var deadUnits: Int? = nil
        /// Where a functional activation (`F.relu(x)`) was called.
        public var location: SourceLocation? = nil

        /// The share of dead units, when the probe counted units.
        public var deadFraction: Double? {
            guard let units, let deadUnits, units > 0 else { return nil }
            return Double(deadUnits) / Double(units)
        }
    }

    public struct ExitReport: Sendable {
        /// `ok`, `exception` or `exit`.
        public var status: String
        public var exceptionType: String?
        public var exceptionMessage: String?
        public var location: SourceLocation?
        public var code: Int?
    }

    /// The exception a script died of, where it was raised in the user's code, and its frames.
    public struct Crash: Sendable, Equatable {
        /// One frame of the traceback.
        public struct Frame: Sendable, Equatable {
            public var file: String
            public var line: Int
            public var function: String?
            /// Whether the file is the user's (not an installed package, the standard library or Umlaut's).
            public var isUser: Bool

            public init(file: String, line: Int, function: String?, isUser: Bool) {
                self.file = file
                self.line = line
                self.function = function
                self.isUser = isUser
            }
        }

        /// The exception's class name (`ValueError`, `InvalidArgumentError`).
        public var type: String
        /// With its module (`tensorflow.python.framework.errors_impl.InvalidArgumentError`).
        public var qualifiedType: String?
        /// The message, as the sensor cleaned it (no colours, no Keras argument dump).
        public var message: String
        /// The innermost frame in the user's code; nil when the exception never passed through it.
        public var location: SourceLocation?
        /// The failing expression on that line: 0-based UTF-8 columns, as Python reports them.
        public var column: Int?
        public var endLine: Int?
        public var endColumn: Int?
        /// Outermost first, innermost last (the last ones when the chain was long).
        public var frames: [Frame]

        public init(
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
