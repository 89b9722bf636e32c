import Foundation
import LintCore
import PythonSyntax
import Testing

@testable import Runtime

/// Every runtime rule on synthetic epoch series: it fires on its symptom with the program
/// context and the root-cause line, stays silent on a healthy run, and respects its thresholds.
@Suite struct RuntimeRuleTests {
    @Test(arguments: RuntimeRules.all.map { type(of: $0).description.code })
    func everyRuleIsSilentOnAHealthyRun(_ code: RuleCode) throws {
        let rule = try #require(RuntimeRules.rule(code))
        let findings = rule.check(
            RuntimeContext(run: Synthetic.healthy(), settings: Settings(), locator: Synthetic.locator()))
        #expect(findings.isEmpty, "\(code) fired on a healthy run: \(findings.map(\.message))")
    }

    /// What the editor shows inline is one short line naming the values and layers involved:
    /// a symptom of every rule, each summary at most 80 characters (100 with the epochs).
    @Test func everyRuleSummarisesItsFindingInOneShortLine() throws {
        var overlapState = TrainingState()
        let base = Synthetic.run()
        overlapState.apply(.model(base.model!))
        overlapState.apply(.trainBegin(base.trainBegin!))
        overlapState.apply(.overlap(.init(model: "m1", trainChecked: 5000, validationChecked: 100, identical: 37)))
        let training = [1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.25, 0.2],
            validation = [1.0, 0.9, 0.85, 0.9, 1.0, 1.1, 1.3, 1.5]
        let symptoms: [(any RuntimeRule, ModelRun)] = [
            (
                InputOutOfRangeRule(),
                Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 255))])
            ),
            (
                NaNLossRule(),
                Synthetic.run(epochs: [Synthetic.epoch(0, loss: .nan, input: Synthetic.input(min: 0, max: 1, nan: 12))])
            ),
            (
                ImageLayoutRule(),
                Synthetic.run(epochs: [
                    Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 1, shape: [32, 3, 32, 32]))
                ])
            ),
            (
                SuspiciousValidationAccuracyRule(),
                Synthetic.run(
                    epochs: (0..<5).map {
                        Synthetic.epoch($0, loss: 1, accuracy: 0.4, valLoss: 1, valAccuracy: 0.97)
                    })
            ),
            (
                OverfittingRule(),
                Synthetic.run(
                    epochs: training.indices.map { Synthetic.epoch($0, loss: training[$0], valLoss: validation[$0]) })
            ),
            (RuntimeLearningRateRule(), Synthetic.run(learningRate: -1000)),
            (
                LossNotDecreasingRule(),
                Synthetic.run(
                    epochs: [1.0, 4.0, 20.0].enumerated().map { Synthetic.epoch($0.offset, loss: $0.element) })
            ),
            (
                GradientProblemRule(),
                Synthetic.run(epochs: [
                    Synthetic.epoch(0, gradients: [("conv2d", 1e-6), ("dense", 1e-3), ("dense_1", 0.1)])
                ])
            ),
            (
                DeadUnitsRule(),
                Synthetic.run(
                    epochs: (0..<2).map {
                        var report = Synthetic.epoch($0)
                        report.activations = [
                            .init(
                                layer: "conv2d", activation: "relu", nonpositiveFraction: 0.5, units: 32, deadUnits: 2),
                            .init(
                                layer: "a_very_long_layer_name_of_a_subclassed_block", activation: "relu",
                                nonpositiveFraction: 0.93,
                                units: 64, deadUnits: 60),
                        ]
                        return report
                    })
            ),
            (TrainValidationOverlapRule(), overlapState.runs["m1"]!),
        ]
        var fired: Set<RuleCode> = []
        for (rule, run) in symptoms {
            for finding in Synthetic.check(rule, run) {
                fired.insert(finding.code)
                #expect(
                    finding.summary.contains(where: \.isNumber) || finding.summary.contains("`"),
                    "\(finding.code) summary names no value or object: \(finding.summary)")
            }
        }
        #expect(fired == Set(RuntimeRules.all.map { type(of: $0).description.code }))
    }

    // MARK: UM501

    @Test func inputOutOfRangePointsAtTheUnscaledDatasetLoad() throws {
        let run = Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 255))])
        let finding = try #require(Synthetic.check(InputOutOfRangeRule(), run).first)
        #expect(finding.code == "UM501")
        #expect(finding.message.contains("[0, 255]"))
        // The epoch is structure: `umlaut run` prints the label, the message has none.
        #expect(finding.moment.label == "epoch 1")
        #expect(finding.message.hasPrefix("training inputs range over"))
        #expect(finding.cause != nil)
        #expect(Synthetic.check(InputOutOfRangeRule(), run, thresholds: ["input-max": 255]).isEmpty)
        let slightlyOver = Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 1.5))])
        #expect(Synthetic.check(InputOutOfRangeRule(), slightlyOver).count == 1)
        #expect(Synthetic.check(InputOutOfRangeRule(), slightlyOver, thresholds: ["input-max": 2]).isEmpty)
    }

    @Test(.enabled(if: Synthetic.staticAnalysisFindsTrainingSetup))
    func inputOutOfRangeRootCauseIsTheDatasetLoadNotTheFitCall() throws {
        let run = Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 255))])
        let finding = try #require(Synthetic.check(InputOutOfRangeRule(), run).first)
        #expect(finding.cause?.location.line == 3)
        #expect(finding.cause?.note.contains("cifar10") == true)
        #expect(finding.related.contains { $0.location.line == 11 })
    }

    @Test(.enabled(if: Synthetic.staticAnalysisFindsTrainingSetup))
    func inputOutOfRangeBlamesAScalingThatFallsShortOrWhereTheDataIsMade() throws {
        let scaled = Synthetic.script.replacingOccurrences(
            of: "model = keras.Sequential([", with: "x_train = x_train / 2.55\nmodel = keras.Sequential([")
        let run = Synthetic.run(epochs: [Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 100))])
        let locator = RootCauseLocator(scriptPath: Synthetic.path, source: SourceText(scaled))
        let finding = try #require(
            InputOutOfRangeRule().check(RuntimeContext(run: run, settings: Settings(), locator: locator)).first)
        #expect(finding.cause?.location.line == 4)
        #expect(finding.cause?.note.contains("scaled here") == true)
        let made = Synthetic.script.replacingOccurrences(
            of: "(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()",
            with: "x_train, y_train = make_images(512)")
        let other = RootCauseLocator(scriptPath: Synthetic.path, source: SourceText(made))
        let second = try #require(
            InputOutOfRangeRule().check(RuntimeContext(run: run, settings: Settings(), locator: other)).first)
        #expect(second.cause?.location.line == 3)
        #expect(second.cause?.note == "`x_train` is made here and never scaled")
    }

    @Test func withoutStaticKnowledgeTheReportedLinesAreTheRootCause() throws {
        let locator = RootCauseLocator(scriptPath: Synthetic.path, source: nil)
        let run = Synthetic.run(
            learningRate: -1, epochs: [Synthetic.epoch(0, learningRate: -1, input: Synthetic.input(min: 0, max: 255))])
        let context = RuntimeContext(run: run, settings: Settings(), locator: locator)
        #expect(InputOutOfRangeRule().check(context).first?.cause?.location.line == 11)
        #expect(RuntimeLearningRateRule().check(context).first?.cause?.location.line == 10)
        #expect(SuspiciousValidationAccuracyRule().check(context).isEmpty)
    }

    @Test func standardisedInputsAreInRangeRawFeaturesAreNot() {
        let zScored = RuntimeEvent.InputStatistics(
            batches: 8, samples: 256, min: -3.9, max: 4.2, mean: 0.02, std: 1.0, nan: 0, inf: 0, shape: [32, 16],
            dtype: "float32")
        #expect(
            Synthetic.check(InputOutOfRangeRule(), Synthetic.run(epochs: [Synthetic.epoch(0, input: zScored)])).isEmpty)
        let prices = RuntimeEvent.InputStatistics(
            batches: 8, samples: 256, min: 3, max: 900, mean: 250, std: 120, nan: 0, inf: 0, shape: [32, 16],
            dtype: "float64")
        #expect(
            Synthetic.check(InputOutOfRangeRule(), Synthetic.run(epochs: [Synthetic.epoch(0, input: prices)])).count
                == 1)
        let offCentre = RuntimeEvent.InputStatistics(
            batches: 8, samples: 256, min: 0, max: 4, mean: 2, std: 1, nan: 0, inf: 0, shape: [32, 16], dtype: "float32"
        )
        #expect(
            Synthetic.check(InputOutOfRangeRule(), Synthetic.run(epochs: [Synthetic.epoch(0, input: offCentre)])).count
                == 1)
    }

    // MARK: UM502

    @Test func nanInputIsReportedWhileTheLossIsStillFinite() throws {
        let run = Synthetic.run(epochs: [
            Synthetic.epoch(
                0, loss: 1.38, input: Synthetic.input(min: -1, max: 1, nan: 43),
                gradients: [("conv2d", .nan), ("dense_1", .nan)])
        ])
        let finding = try #require(Synthetic.check(NaNLossRule(), run).first)
        #expect(finding.message.contains("43 NaN"))
        #expect(finding.message.contains("gradients are already NaN"))
        #expect(finding.cause == Synthetic.locator().inputData(run))
    }

    @Test func nanLossNamesTheLearningRateWhenTheInputIsClean() throws {
        var state = TrainingState()
        let base = Synthetic.run(learningRate: -1000)
        state.apply(.model(base.model!))
        state.apply(.optimizer(base.optimizer!))
        state.apply(.trainBegin(base.trainBegin!))
        state.apply(.nonfiniteLoss(.init(model: "m1", epoch: 1, batch: 7, value: .nan)))
        let finding = try #require(Synthetic.check(NaNLossRule(), state.runs["m1"]!).first)
        #expect(finding.severity == .error)
        #expect(finding.epoch == 1)
        #expect(finding.moment.label == "epoch 2")
        #expect(finding.message.contains("batch 8"))
        #expect(finding.message.contains("-1000"))
        #expect(finding.cause?.location.line == 10)
    }

    @Test func nanLossBlamesNaNInputFirstAndIsReportedOnCleanInputToo() throws {
        let dirty = Synthetic.run(epochs: [
            Synthetic.epoch(0, loss: .nan, input: Synthetic.input(min: 0, max: 1, nan: 12))
        ])
        let finding = try #require(Synthetic.check(NaNLossRule(), dirty).first)
        #expect(finding.message.contains("12 NaN"))
        #expect(finding.cause == Synthetic.locator().inputData(dirty))
        let clean = Synthetic.run(epochs: [Synthetic.epoch(0, loss: .infinity, input: Synthetic.input(min: 0, max: 1))])
        let other = try #require(Synthetic.check(NaNLossRule(), clean).first)
        #expect(other.message.contains("loss computation"))
    }

    // MARK: UM503

    @Test func imageLayoutFiresOnChannelsFirstBatchesIntoAChannelsLastModel() throws {
        let wrong = Synthetic.run(epochs: [
            Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 1, shape: [32, 3, 32, 32]))
        ])
        let finding = try #require(Synthetic.check(ImageLayoutRule(), wrong).first)
        #expect(finding.message.contains("(32, 3, 32, 32)"))
        #expect(finding.message.contains("channels_last"))
        #expect(finding.cause?.location.line == 5)
        let right = Synthetic.run(epochs: [
            Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 1, shape: [32, 32, 32, 3]))
        ])
        #expect(Synthetic.check(ImageLayoutRule(), right).isEmpty)
        let declaredAlike = Synthetic.run(epochs: [
            Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 1, shape: [32, 3, 32, 32]))
        ])
        var model = declaredAlike
        model.model?.inputShape = [nil, 3, 32, 32]
        #expect(
            Synthetic.check(ImageLayoutRule(), model).count == 1,
            "declaring (3, 32, 32) does not make channels_last right")
        let notImages = Synthetic.run(epochs: [
            Synthetic.epoch(0, input: Synthetic.input(min: 0, max: 1, shape: [32, 20]))
        ])
        #expect(Synthetic.check(ImageLayoutRule(), notImages).isEmpty)
    }

    // MARK: UM504

    @Test func suspiciousValidationAccuracyWaitsForTheWarmUpAndPointsAtValidationData() throws {
        let epochs = (0..<5).map { Synthetic.epoch($0, loss: 1, accuracy: 0.4, valLoss: 1, valAccuracy: 0.97) }
        let early = Synthetic.run(epochs: Array(epochs.prefix(3)))
        #expect(Synthetic.check(SuspiciousValidationAccuracyRule(), early).isEmpty)
        let late = Synthetic.run(epochs: epochs)
        let finding = try #require(Synthetic.check(SuspiciousValidationAccuracyRule(), late).first)
        #expect(finding.message.contains("97%"))
        #expect(finding.moment.label == "epoch 5")
        #expect(finding.cause?.location.line == 11)
        if Synthetic.staticAnalysisFindsTrainingSetup {
            #expect(finding.cause?.note.contains("x_train[:100]") == true)
        }
        #expect(
            Synthetic.check(
                SuspiciousValidationAccuracyRule(), late,
                thresholds: ["max-validation-accuracy": 0.99, "max-validation-accuracy-gap": 0.6]
            ).isEmpty)
        #expect(
            Synthetic.check(SuspiciousValidationAccuracyRule(), late, thresholds: ["validation-warmup-epochs": 5])
                .isEmpty)
    }

    @Test func validationAheadOfAnEpochAveragedTrainingAccuracyWhileLearningFastIsNormal() {
        // A healthy Keras run: accuracy averaged over epoch 4 is 0.88, validation at its end 0.94.
        let accuracy = [0.40, 0.70, 0.81, 0.88], validation = [0.59, 0.73, 0.82, 0.9375]
        let run = Synthetic.run(
            epochs: accuracy.indices.map {
                Synthetic.epoch($0, loss: 1, accuracy: accuracy[$0], valLoss: 1, valAccuracy: validation[$0])
            })
        #expect(Synthetic.check(SuspiciousValidationAccuracyRule(), run).isEmpty)
        let settled = [0.40, 0.70, 0.80, 0.80]
        let ahead = Synthetic.run(
            epochs: settled.indices.map {
                Synthetic.epoch($0, loss: 1, accuracy: settled[$0], valLoss: 1, valAccuracy: validation[$0])
            })
        #expect(Synthetic.check(SuspiciousValidationAccuracyRule(), ahead).count == 1)
        var withDropout = ahead
        withDropout.model?.layers.insert(
            .init(
                name: "dropout", className: "Dropout", activation: nil, createdAt: nil, parameters: 0, dataFormat: nil),
            at: 2)
        #expect(
            Synthetic.check(SuspiciousValidationAccuracyRule(), withDropout).first?.message.contains(
                "dropout (`dropout`) lowers training accuracy") == true)
    }

    @Test func suspiciousValidationAccuracyNeedsNoAccuracyMetric() {
        let run = Synthetic.run(epochs: (0..<6).map { Synthetic.epoch($0, loss: 1, valLoss: 1) })
        #expect(Synthetic.check(SuspiciousValidationAccuracyRule(), run).isEmpty)
    }

    // MARK: UM505

    @Test func overfittingNeedsPatienceAndIgnoresOneNoisyEpoch() throws {
        let train = [2.0, 1.5, 1.2, 1.0, 0.8, 0.6, 0.5, 0.4]
        let validation = [2.1, 1.6, 1.4, 1.5, 1.7, 1.9, 2.1, 2.3]
        let run = Synthetic.run(
            epochs: train.indices.map { Synthetic.epoch($0, loss: train[$0], valLoss: validation[$0]) })
        let finding = try #require(Synthetic.check(OverfittingRule(), run).first)
        #expect(finding.message.contains("validation loss rose"))
        #expect(finding.cause?.location.line == 4)
        #expect(Synthetic.check(OverfittingRule(), run, thresholds: ["overfitting-patience": 8]).isEmpty)
        let noisy = [2.1, 1.6, 1.7, 1.3, 1.1, 1.0, 0.9, 0.85]
        let noisyRun = Synthetic.run(
            epochs: train.indices.map { Synthetic.epoch($0, loss: train[$0], valLoss: noisy[$0]) })
        #expect(Synthetic.check(OverfittingRule(), noisyRun).isEmpty)
        let withoutValidation = Synthetic.run(epochs: train.indices.map { Synthetic.epoch($0, loss: train[$0]) })
        #expect(Synthetic.check(OverfittingRule(), withoutValidation).isEmpty)
    }

    // MARK: UM506

    @Test func runtimeLearningRateFiresBeforeTheFirstEpochAndPointsAtTheArgument() throws {
        let run = Synthetic.run(learningRate: -1000)
        let finding = try #require(Synthetic.check(RuntimeLearningRateRule(), run).first)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("-1000"))
        #expect(finding.cause?.location.line == 10)
    }

    @Test(.enabled(if: Synthetic.staticAnalysisFindsTrainingSetup))
    func runtimeLearningRateUnderlinesTheLearningRateArgument() throws {
        let finding = try #require(Synthetic.check(RuntimeLearningRateRule(), Synthetic.run(learningRate: -1000)).first)
        #expect(finding.cause?.note.contains("learning rate of `Adam`") == true)
        let text = Synthetic.script.split(separator: "\n", omittingEmptySubsequences: false)[9]
        let column = try #require(finding.cause?.location.column)
        #expect(text.dropFirst(column - 1).hasPrefix("learning_rate=-1e3"))
    }

    @Test func runtimeLearningRateFollowsSchedulesAndRespectsThresholds() {
        let decayed = Synthetic.run(
            learningRate: 0.001, optimizer: "SGD",
            epochs: [Synthetic.epoch(0, learningRate: 0.01), Synthetic.epoch(1, learningRate: 1e-9)])
        #expect(Synthetic.check(RuntimeLearningRateRule(), decayed).first?.epoch == 1)
        #expect(Synthetic.check(RuntimeLearningRateRule(), decayed, thresholds: ["min-learning-rate": 1e-10]).isEmpty)
        let adaptive = Synthetic.run(learningRate: 0.05)
        #expect(Synthetic.check(RuntimeLearningRateRule(), adaptive).count == 1)
        let sgd = Synthetic.run(learningRate: 0.05, optimizer: "SGD")
        #expect(Synthetic.check(RuntimeLearningRateRule(), sgd).isEmpty)
    }

    /// PyTorch's MNIST example trains with Adadelta at its default rate 1.0; Adagrad and FTRL run
    /// at 0.01–0.5. UM506 reads the same family table as UM301 and judges them as it does.
    @Test func runtimeLearningRateUsesTheStaticOptimizerFamilies() {
        #expect(
            Synthetic.check(RuntimeLearningRateRule(), Synthetic.run(learningRate: 1.0, optimizer: "Adadelta")).isEmpty)
        #expect(
            Synthetic.check(RuntimeLearningRateRule(), Synthetic.run(learningRate: 0.1, optimizer: "Adagrad")).isEmpty)
        #expect(
            Synthetic.check(RuntimeLearningRateRule(), Synthetic.run(learningRate: 0.05, optimizer: "Ftrl")).isEmpty)
        let adagrad = Synthetic.check(RuntimeLearningRateRule(), Synthetic.run(learningRate: 0.9, optimizer: "Adagrad"))
        #expect(adagrad.first?.message.contains("above 0.5") == true)
        #expect(
            Synthetic.check(
                RuntimeLearningRateRule(), Synthetic.run(learningRate: 0.9, optimizer: "Adagrad"),
                thresholds: ["max-accumulating-learning-rate": 1]
            ).isEmpty)
        #expect(
            Synthetic.check(RuntimeLearningRateRule(), Synthetic.run(learningRate: 1.5, optimizer: "Adadelta")).count
                == 1)
        #expect(
            Synthetic.check(RuntimeLearningRateRule(), Synthetic.run(learningRate: 0.05, optimizer: "Adam")).count == 1)
    }

    // MARK: UM507

    @Test func lossNotDecreasingFindsDivergenceAndPlateaus() throws {
        let diverging = Synthetic.run(
            epochs: [1.0, 4.0, 20.0].enumerated().map { Synthetic.epoch($0.offset, loss: $0.element) })
        let finding = try #require(Synthetic.check(LossNotDecreasingRule(), diverging).first)
        #expect(finding.key.hasSuffix("diverging"))
        #expect(finding.message.contains("20× higher"))
        #expect(finding.cause?.location.line == 10)
        #expect(Synthetic.check(LossNotDecreasingRule(), diverging, thresholds: ["loss-divergence-factor": 50]).isEmpty)
        let climbing = Synthetic.run(
            epochs: [1.0, 1.1, 1.2, 1.4].enumerated().map { Synthetic.epoch($0.offset, loss: $0.element) })
        #expect(
            Synthetic.check(LossNotDecreasingRule(), climbing).first?.message.contains(
                "higher after each of the last 3 epochs") == true)
        let wobbling = Synthetic.run(
            epochs: [1.0, 1.1, 1.05, 1.2].enumerated().map { Synthetic.epoch($0.offset, loss: $0.element) })
        #expect(Synthetic.check(LossNotDecreasingRule(), wobbling).isEmpty)
        let shortFlat = Synthetic.run(
            epochs: [2.3, 2.3, 2.3, 2.3, 2.3].enumerated().map { Synthetic.epoch($0.offset, loss: $0.element) })
        #expect(Synthetic.check(LossNotDecreasingRule(), shortFlat).first?.key.hasSuffix("flat") == true)
        let tooShort = Synthetic.run(
            epochs: [2.3, 2.3, 2.3, 2.3].enumerated().map { Synthetic.epoch($0.offset, loss: $0.element) })
        #expect(Synthetic.check(LossNotDecreasingRule(), tooShort).isEmpty)
        let flat = Synthetic.run(
            epochs: [2.3, 2.30, 2.301, 2.299, 2.3, 2.3, 2.302].enumerated().map {
                Synthetic.epoch($0.offset, loss: $0.element)
            })
        let plateau = try #require(Synthetic.check(LossNotDecreasingRule(), flat).first)
        #expect(plateau.key.hasSuffix("flat"))
        #expect(Synthetic.check(LossNotDecreasingRule(), flat, thresholds: ["loss-plateau-patience": 8]).isEmpty)
        // The best recent loss (2.299) is 0.04% better: progress when 0.01% counts as progress.
        #expect(Synthetic.check(LossNotDecreasingRule(), flat, thresholds: ["min-loss-improvement": 0.0001]).isEmpty)
    }

    // MARK: UM508

    @Test func gradientProblemFindsVanishingAndExplodingGradientsAtTheLayer() throws {
        let vanishing = Synthetic.run(epochs: [
            Synthetic.epoch(0, gradients: [("conv2d", 1e-6), ("dense", 1e-3), ("dense_1", 0.1)])
        ])
        let finding = try #require(Synthetic.check(GradientProblemRule(), vanishing).first)
        #expect(finding.key.hasSuffix("vanishing"))
        #expect(finding.message.contains("`conv2d`"))
        #expect(finding.cause?.location.line == 5)
        #expect(
            Synthetic.check(GradientProblemRule(), vanishing, thresholds: ["vanishing-gradient-first-norm": 1e-7])
                .isEmpty)
        let blocked = Synthetic.run(epochs: [
            Synthetic.epoch(
                0, gradients: [("conv2d", 0), ("dense", 0), ("dense_1", 0.08)],
                activations: [("conv2d", 0.5), ("dense", 1.0)])
        ])
        let dead = try #require(Synthetic.check(GradientProblemRule(), blocked).first)
        #expect(dead.message.contains("layer `dense` outputs only zeros"))
        #expect(dead.cause?.location.line == 7)
        #expect(dead.help.contains("initialisation"))
        #expect(!dead.message.contains("NaN"))
        // The same zeros behind NaN weights (a fused ReLU turned the NaN into 0): the NaN is named.
        var poisonedEpoch = blocked.epochs[0]
        poisonedEpoch.nonfiniteWeights = [.init(layer: "dense", count: 32, total: 672)]
        let poisoned = try #require(
            Synthetic.check(GradientProblemRule(), Synthetic.run(epochs: [poisonedEpoch])).first)
        #expect(poisoned.message.contains("the weights of `dense` hold 32 NaN or infinite values (of 672)"))
        #expect(poisoned.help.contains("np.isnan"))
        #expect(poisoned.help.contains("not the cause"))
        let exploding = Synthetic.run(epochs: [Synthetic.epoch(0, gradients: [("conv2d", 80), ("dense_1", 1)])])
        #expect(Synthetic.check(GradientProblemRule(), exploding).first?.key.hasSuffix("exploding") == true)
        #expect(
            Synthetic.check(GradientProblemRule(), exploding, thresholds: ["exploding-gradient-ratio": 100]).isEmpty)
        let broken = Synthetic.run(epochs: [
            Synthetic.epoch(0, gradients: [("conv2d", 0.1), ("dense", .nan), ("dense_1", 1)])
        ])
        let nan = try #require(Synthetic.check(GradientProblemRule(), broken).first)
        #expect(nan.message.contains("`dense`"))
        #expect(nan.cause?.location.line == 7)
    }

    // MARK: UM509

    @Test func deadUnitsNeedHalfTheUnitsDeadInTwoConsecutiveEpochs() throws {
        func epoch(
            _ index: Int, _ dead: [String: (dead: Int, units: Int)], nonpositive: Double = 0.9
        ) -> RuntimeEvent.EpochReport {
            var report = Synthetic.epoch(index)
            report.activations = dead.sorted { $0.key < $1.key }.map {
                .init(
                    layer: $0.key, activation: "relu", nonpositiveFraction: nonpositive, units: $0.value.units,
                    deadUnits: $0.value.dead)
            }
            return report
        }
        let layers: [String: (dead: Int, units: Int)] = ["conv2d": (2, 32), "dense": (40, 64)]
        #expect(
            Synthetic.check(DeadUnitsRule(), Synthetic.run(epochs: [epoch(0, layers)])).isEmpty,
            "one epoch is not enough")
        let twice = Synthetic.run(epochs: [epoch(0, layers), epoch(1, layers)])
        let findings = Synthetic.check(DeadUnitsRule(), twice)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.message.contains("40 of the 64 units of `dense`"))
        #expect(finding.message.contains("63%"))
        #expect(finding.cause?.location.line == 7)
        #expect(Synthetic.check(DeadUnitsRule(), twice, thresholds: ["dead-unit-fraction": 0.7]).isEmpty)
        #expect(Synthetic.check(DeadUnitsRule(), twice, thresholds: ["dead-unit-fraction": 0.05]).count == 2)
        // Mostly zeros, yet every unit active for some sample: nothing is dead.
        let sparse: [String: (dead: Int, units: Int)] = ["dense": (0, 64)]
        #expect(
            Synthetic.check(
                DeadUnitsRule(),
                Synthetic.run(epochs: [epoch(0, sparse, nonpositive: 0.97), epoch(1, sparse, nonpositive: 0.97)])
            ).isEmpty)
        // Epochs 1 and 3 are not consecutive.
        #expect(Synthetic.check(DeadUnitsRule(), Synthetic.run(epochs: [epoch(0, layers), epoch(2, layers)])).isEmpty)
        // Dead because NaN reached the weights: the message says so and the help points at the data.
        #expect(finding.help.contains("learning rate"))
        var poisoned = epoch(1, layers)
        poisoned.nonfiniteWeights = [
            .init(layer: "dense", count: 32, total: 672), .init(layer: "dense_1", count: 4, total: 132),
        ]
        let named = try #require(
            Synthetic.check(DeadUnitsRule(), Synthetic.run(epochs: [epoch(0, layers), poisoned])).first)
        #expect(
            named.message.contains(
                "the weights of `dense` hold 32 NaN or infinite values (of 672), and those of 1 more layer"))
        #expect(named.help.contains("np.isnan"))
        #expect(named.help.contains("learning rate and the initialisation are not the cause"))
    }

    // MARK: UM510

    @Test func trainValidationOverlapPointsAtTheValidationData() throws {
        var state = TrainingState()
        let base = Synthetic.run()
        state.apply(.model(base.model!))
        state.apply(.trainBegin(base.trainBegin!))
        state.apply(.overlap(.init(model: "m1", trainChecked: 5000, validationChecked: 100, identical: 100)))
        let finding = try #require(Synthetic.check(TrainValidationOverlapRule(), state.runs["m1"]!).first)
        #expect(finding.message.hasPrefix("100 of 100 validation samples (100%)"))
        #expect(finding.cause?.location.line == 11)
        state.apply(.overlap(.init(model: "m1", trainChecked: 5000, validationChecked: 100, identical: 0)))
        #expect(Synthetic.check(TrainValidationOverlapRule(), state.runs["m1"]!).isEmpty)
    }
}
