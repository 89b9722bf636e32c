import Foundation
import LintCore
import PythonSyntax
import Testing

@testable import Runtime
@testable import Store

/// Runtime findings say only what the evidence shows (issue 8): token ids are not out-of-range
/// inputs, "pixels" only for image-shaped data, sampled evidence is called sampled, and a
/// finding whose cause changes is updated where it is stored.
@Suite struct RuntimeFindingTruthTests {
    /// A run of one model with the given layers whose last epoch saw `input`.
    static func run(layers: [(String, String)], input: RuntimeEvent.InputStatistics) -> ModelRun {
        var state = TrainingState()
        state.apply(
            .model(
                .init(
                    id: "m1", framework: "torch", className: "Net", name: "Net", createdAt: Synthetic.at(4),
                    dataFormat: "channels_first", inputShape: nil,
                    layers: layers.map { name, className in
                        .init(
                            name: name, className: className, activation: nil, createdAt: Synthetic.at(5),
                            parameters: 10, dataFormat: nil)
                    })))
        state.apply(
            .trainBegin(
                .init(
                    model: "m1", optimizer: nil, callSite: Synthetic.at(11), epochs: nil, batchSize: 20,
                    trainSamples: nil, validation: nil)))
        state.apply(.epoch(Synthetic.epoch(0, input: input)))
        return state.runs["m1"]!
    }

    static func statistics(
        min: Double, max: Double, mean: Double, shape: [Int], dtype: String
    ) -> RuntimeEvent.InputStatistics {
        .init(
            batches: 8, samples: 160, min: min, max: max, mean: mean, std: (max - min) / 4, nan: 0, inf: 0,
            shape: shape, dtype: dtype)
    }

    @Test func tokenIdsIntoAnEmbeddingAreNotOutOfRange() {
        let ids = Self.statistics(min: 0, max: 9_000, mean: 1_200, shape: [35, 20], dtype: "int64")
        let language = Self.run(layers: [("encoder", "Embedding"), ("rnn", "LSTM"), ("decoder", "Linear")], input: ids)
        #expect(Synthetic.check(InputOutOfRangeRule(), language).isEmpty)
        // The same integers into a model without a lookup are magnitudes: reported.
        let dense = Self.run(layers: [("fc1", "Linear"), ("fc2", "Linear")], input: ids)
        #expect(Synthetic.check(InputOutOfRangeRule(), dense).count == 1)
    }

    @Test func tabularFeaturesAreNotCalledPixels() throws {
        let tabular = Self.statistics(min: 0, max: 100, mean: 40, shape: [32, 12], dtype: "float32")
        let finding = try #require(
            Synthetic.check(InputOutOfRangeRule(), Self.run(layers: [("fc1", "Linear")], input: tabular)).first)
        #expect(!finding.message.contains("pixel"))
        #expect(!finding.help.contains("255") && !finding.help.contains("Rescaling"))
        #expect(finding.help.contains("Standardise"))
    }

    @Test func imageShapedBytesAreCalledPixels() throws {
        let images = Self.statistics(min: 0, max: 255, mean: 120, shape: [32, 3, 32, 32], dtype: "uint8")
        let finding = try #require(
            Synthetic.check(InputOutOfRangeRule(), Self.run(layers: [("conv1", "Conv2d")], input: images)).first)
        #expect(finding.message.contains("raw 0–255 pixel values"))
        #expect(finding.help.contains("/ 255"))
        let grey = Self.statistics(min: 0, max: 255, mean: 120, shape: [32, 28, 28], dtype: "uint8")
        #expect(
            try #require(
                Synthetic.check(InputOutOfRangeRule(), Self.run(layers: [("fc1", "Linear")], input: grey)).first
            ).message.contains("pixel"))
    }

    // MARK: UM502: as certain as the evidence

    /// The Synthetic model with a clean optimizer, and a NaN loss at epoch 1, batch 24.
    static func nanRun(
        check: RuntimeEvent.NonfiniteLoss.InputCheck? = nil, epochs: [RuntimeEvent.EpochReport] = []
    ) -> TrainingState {
        var state = TrainingState()
        let base = Synthetic.run()
        state.apply(.model(base.model!))
        state.apply(.optimizer(base.optimizer!))
        state.apply(.trainBegin(base.trainBegin!))
        state.apply(.nonfiniteLoss(.init(model: "m1", epoch: 0, batch: 23, value: .nan, inputCheck: check)))
        for report in epochs { state.apply(.epoch(report)) }
        return state
    }

    @Test func aNaNLossBeforeAnyInputCheckDoesNotCallTheInputFinite() throws {
        let finding = try #require(Synthetic.check(NaNLossRule(), Self.nanRun().runs["m1"]!).first)
        #expect(!finding.message.contains("the input is finite"))
        #expect(finding.message.contains("the input has not been checked yet"))
        #expect(finding.related.contains { $0.note.contains("NaN or infinite values in the data would also do this") })
    }

    @Test func sampledEvidenceIsCalledSampled() throws {
        let clean = Synthetic.epoch(0, loss: .nan, input: Synthetic.input(min: -1, max: 1))
        let finding = try #require(Synthetic.check(NaNLossRule(), Self.nanRun(epochs: [clean]).runs["m1"]!).first)
        #expect(finding.message.contains("no NaN or infinite value in the 8 batches sampled"))
        #expect(!finding.message.contains("so the loss computation itself is the likely cause"))
    }

    @Test func aCheckedBatchOrDatasetSettlesTheCause() throws {
        let dirty = RuntimeEvent.NonfiniteLoss.InputCheck(scope: "all", nan: 1, inf: 0, samples: 60_000)
        let found = try #require(Synthetic.check(NaNLossRule(), Self.nanRun(check: dirty).runs["m1"]!).first)
        #expect(found.message.contains("the training data contains 1 NaN and 0 infinite values"))
        #expect(found.cause == Synthetic.locator().inputData(Synthetic.run()))
        let clean = RuntimeEvent.NonfiniteLoss.InputCheck(scope: "batch", nan: 0, inf: 0, samples: nil)
        let computed = try #require(Synthetic.check(NaNLossRule(), Self.nanRun(check: clean).runs["m1"]!).first)
        #expect(computed.message.contains("the batch that produced it holds no NaN or infinite value"))
        #expect(computed.message.contains("so the loss computation itself is the likely cause"))
    }

    @Test func laterEvidenceRevisesTheFindingWhereItIsPrintedAndStored() throws {
        let engine = RuntimeRuleEngine(rules: [NaNLossRule()], locator: Synthetic.locator())
        var state = Self.nanRun()
        let first = try #require(engine.evaluate(state.runs["m1"]!).first)
        #expect(first.isNew && !first.isRevised)
        // The epoch ends: its sampled statistics hold the NaN.
        state.apply(.epoch(Synthetic.epoch(0, loss: .nan, input: Synthetic.input(min: -1, max: 1, nan: 1))))
        let revision = try #require(engine.evaluate(state.runs["m1"]!).first)
        #expect(!revision.isNew && revision.isRevised)
        #expect(revision.entry.finding.message.contains("the training input contains 1 NaN"))
        #expect(revision.entry.finding.cause == Synthetic.locator().inputData(state.runs["m1"]!))
        #expect(engine.evaluate(state.runs["m1"]!).isEmpty, "nothing new: no second revision")
        // The store keeps one record per finding, with the revised text.
        let database = try SessionDatabase.inMemory()
        let session = try database.startSession(
            SessionRecord(name: "run", script: "/t.py", python: "p", workingDirectory: "/"))
        for update in [first, revision] {
            var record = FindingRecord(runtime: update.entry)
            record.sessionId = session.id!
            _ = try database.saveFinding(record)
        }
        let stored = try database.findings(sessionId: session.id!)
        #expect(stored.count == 1)
        #expect(stored.first?.message == revision.entry.finding.message)
        #expect(stored.first?.line == revision.entry.finding.cause?.location.line)
        let printed = RunReporter(workingDirectory: "/").runtimeFinding(revision.entry.finding, revised: true)
        #expect(printed.first?.hasPrefix("umlaut: epoch 1 (revised): UM502 ") == true, "\(printed)")
    }

    // MARK: UM509 on a functional ReLU

    @Test func aDeadFunctionalReLUPointsAtItsCallOnce() throws {
        var state = TrainingState()
        let base = Synthetic.run()
        state.apply(.model(base.model!))
        state.apply(.trainBegin(base.trainBegin!))
        for index in 0..<2 {
            var report = Synthetic.epoch(index)
            report.activations = [9, 10].map { line in
                .init(
                    layer: "Net:relu@\(line)", activation: "relu", nonpositiveFraction: 1, units: 16, deadUnits: 16,
                    location: Synthetic.at(line))
            }
            state.apply(.epoch(report))
        }
        let findings = Synthetic.check(DeadUnitsRule(), state.runs["m1"]!)
        #expect(findings.map { $0.cause?.location.line } == [9, 10])
        #expect(findings.first?.message.contains("16 of the 16 units of `relu on line 9`") == true)
        let summary = RunReporter(workingDirectory: "/").summary(
            session: "s", epochs: 2, termination: .exited(0), staticCount: 0,
            findings: findings.enumerated().map { .init(finding: $1, epochs: [1], index: $0) }, recorded: false)
        #expect(Set(summary.dropFirst()).count == summary.count - 1, "identical summary lines: \(summary)")
    }
}
