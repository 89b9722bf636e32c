import Foundation
import Store

/// One session's page (`GET /api/sessions/<id>`): its epochs, findings and crash.
package struct SessionView: Codable, Hashable, Sendable {
    package var view = "session"
    package var run: RunRow
    package var arguments: [String]
    package var python: String
    package var workingDirectory: String
    package var exitCode: Int?
    package var note: String?
    /// The store's revision when this was read: the live page compares it.
    package var revision: Int64
    /// Metric names in display order (loss and accuracy first, validation next).
    package var metricNames: [String]
    /// The instrumentation's model ids, in the order they appear.
    package var models: [String]
    package var epochs: [EpochPoint]
    package var findings: [FindingView]
    package var crash: CrashView?

    /// Reads a session; nil when there is none with this id.
    package init?(id: Int64, in store: SessionDatabase) throws {
        let revision = try store.revision()
        guard let overview = try store.sessionOverviews().first(where: { $0.session.id == id }) else { return nil }
        let records = try store.epochs(sessionId: id)
        let probes = EpochPoint.probes(try store.events(sessionId: id, kinds: ["epoch"]))
        self.run = RunRow(overview)
        let session = overview.session
        arguments = session.arguments
        python = session.python
        workingDirectory = session.workingDirectory
        exitCode = session.exitCode
        note = session.note
        self.revision = revision
        metricNames = EpochRecord.metricNames(records)
        var models: [String] = []
        for record in records where !models.contains(record.model) { models.append(record.model) }
        self.models = models
        epochs = records.map { EpochPoint($0, probe: probes[EpochPoint.Key(model: $0.model, epoch: $0.epoch)]) }
        findings = try store.findings(sessionId: id).map(FindingView.init)
        crash = try store.crash(sessionId: id).map(CrashView.init)
    }
}

/// One epoch of one model: its metrics and what the probe measured.
package struct EpochPoint: Codable, Hashable, Sendable {
    package struct LayerNorm: Codable, Hashable, Sendable {
        package var layer: String
        package var norm: Double
    }

    package struct DeadUnits: Codable, Hashable, Sendable {
        package var layer: String
        /// Share of the layer's units that output 0 for every probed sample (0...1).
        package var fraction: Double
        package var dead: Int
        package var units: Int
    }

    /// Statistics of the training inputs over the epoch's sampled batches.
    package struct InputRange: Codable, Hashable, Sendable {
        package var min: Double?
        package var max: Double?
        package var mean: Double?
        package var std: Double?
        package var nan: Int?
        package var inf: Int?
    }

    /// What the `epoch` event measured beyond the stored metrics.
    struct Probe {
        var gradients: [LayerNorm] = []
        var deadUnits: [DeadUnits] = []
        var input: InputRange?
    }

    struct Key: Hashable {
        var model: String
        var epoch: Int
    }

    package var model: String
    /// 0-based.
    package var epoch: Int
    /// Seconds.
    package var duration: Double?
    package var learningRate: Double?
    package var metrics: [String: Double]
    package var gradients: [LayerNorm]
    package var deadUnits: [DeadUnits]
    package var input: InputRange?

    init(_ record: EpochRecord, probe: Probe?) {
        model = record.model
        epoch = record.epoch
        duration = record.duration
        learningRate = record.learningRate
        metrics = record.metrics
        gradients = probe?.gradients ?? []
        deadUnits = probe?.deadUnits ?? []
        input = probe?.input
    }

    /// The gradient norms, dead units and input statistics of the stored `epoch` events (see
    /// Docs/RuntimeEvents.md), by model and epoch; a later report of an epoch wins. Fields that
    /// are missing, null or malformed are left out.
    static func probes(_ events: [EventRecord]) -> [Key: Probe] {
        var probes: [Key: Probe] = [:]
        let decoder = JSONDecoder()
        for event in events {
            guard let report = try? decoder.decode(EpochEvent.self, from: Data(event.payload.utf8)) else { continue }
            var probe = Probe()
            for entry in report.gradients ?? [] {
                if let layer = entry.layer, let norm = entry.norm?.value {
                    probe.gradients.append(LayerNorm(layer: layer, norm: norm))
                }
            }
            for entry in report.activations ?? [] {
                if let layer = entry.layer, let units = entry.units, let dead = entry.dead_units, units > 0 {
                    probe.deadUnits.append(
                        DeadUnits(layer: layer, fraction: Double(dead) / Double(units), dead: dead, units: units))
                }
            }
            if let input = report.input {
                probe.input = InputRange(
                    min: input.min?.value, max: input.max?.value, mean: input.mean?.value, std: input.std?.value,
                    nan: input.nan, inf: input.inf)
            }
            probes[Key(model: report.model, epoch: report.epoch)] = probe
        }
        return probes
    }

    /// The parts of an `epoch` event the page draws; every field but the model and epoch optional.
    private struct EpochEvent: Decodable {
        struct Gradient: Decodable {
            var layer: String?
            var norm: Number?
        }
        struct Activation: Decodable {
            var layer: String?
            var units: Int?
            var dead_units: Int?
        }
        struct Input: Decodable {
            var min: Number?
            var max: Number?
            var mean: Number?
            var std: Number?
            var nan: Int?
            var inf: Int?
        }
        var model: String
        var epoch: Int
        var gradients: [Gradient]?
        var activations: [Activation]?
        var input: Input?
    }

    /// A JSON number, or one of the strings the sensor writes for non-finite values; anything
    /// else decodes as no value rather than failing the event.
    private struct Number: Decodable {
        var value: Double?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else {
                switch try? container.decode(String.self) {
                case "nan": value = .nan
                case "inf": value = .infinity
                case "-inf": value = -.infinity
                default: value = nil
                }
            }
        }
    }
}

/// The exception a crashed run died of, with the user's line.
package struct CrashView: Codable, Hashable, Sendable {
    package struct Frame: Codable, Hashable, Sendable {
        package var path: String
        package var line: Int
        package var function: String?
        package var isUser: Bool
    }

    package var exceptionType: String
    /// The first line of the message that says something.
    package var headline: String
    package var message: String
    /// The innermost frame in the user's code.
    package var place: PlaceView?
    /// That line of the user's source, when the file can still be read.
    package var lineText: String?
    /// The likely cause, with its plain explanation as `message`.
    package var cause: PlaceView?
    package var frames: [Frame]

    package init(_ record: CrashRecord) {
        exceptionType = record.exceptionType
        headline = record.headline
        message = record.message
        if let path = record.path, let line = record.line {
            place = PlaceView(
                role: "primary", path: path, line: line, column: record.column, endLine: record.endLine,
                endColumn: record.endColumn, message: nil)
            lineText = Self.sourceLine(path: path, line: line)
        }
        cause = record.cause.map(PlaceView.init)
        frames = record.frames.map { Frame(path: $0.path, line: $0.line, function: $0.function, isUser: $0.isUser) }
    }

    /// Line `line` (1-based) of a file of at most 4 MB, without its newline.
    static func sourceLine(path: String, line: Int) -> String? {
        guard line >= 1,
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            (attributes[.size] as? NSNumber)?.intValue ?? Int.max <= 4 << 20,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard line <= lines.count else { return nil }
        return String(lines[line - 1].trimmingCharacters(in: CharacterSet(charactersIn: "\r")))
    }
}
