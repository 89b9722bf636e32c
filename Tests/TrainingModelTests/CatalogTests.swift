import Testing

@testable import TrainingModel

/// The tables that decide what a name is: optimizer families, losses, tensor operations.
@Suite struct CatalogTests {
    @Test func optimizerFamilies() {
        #expect(OptimizerCatalog.optimizer(qualifiedName: "keras.optimizers.Adam")?.family == .adaptive)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "torch.optim.SGD")?.family == .sgd)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "torch.optim.SGD")?.learningRatePosition == 1)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "torch.optim.Adadelta")?.family == .other)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "tensorflow.train.GradientDescentOptimizer")?.family == .sgd)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "torch.optim.lr_scheduler.StepLR") == nil)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "keras.optimizers.schedules.ExponentialDecay") == nil)
        #expect(OptimizerCatalog.keras(string: "RMSprop")?.family == .adaptive)
        #expect(
            OptimizerCatalog.kerasSchedule(qualifiedName: "keras.optimizers.schedules.PiecewiseConstantDecay")?.keyword
                == "values")
        #expect(
            OptimizerCatalog.torchSchedulerKeepsOptimizerRate(qualifiedName: "torch.optim.lr_scheduler.OneCycleLR")
                == false)
        #expect(
            OptimizerCatalog.torchSchedulerKeepsOptimizerRate(qualifiedName: "torch.optim.lr_scheduler.StepLR") == true)
    }

    /// Adagrad and FTRL have their own range (0.01–0.5), not the Adam family's 0.01 ceiling.
    @Test func adagradAndFtrlAreNotAdamFamily() {
        #expect(OptimizerCatalog.optimizer(qualifiedName: "keras.optimizers.Adagrad")?.family == .accumulating)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "keras.optimizers.Ftrl")?.family == .accumulating)
        #expect(OptimizerCatalog.optimizer(qualifiedName: "torch.optim.Adagrad")?.family == .accumulating)
        #expect(
            OptimizerCatalog.optimizer(qualifiedName: "tensorflow.compat.v1.train.FtrlOptimizer")?.family
                == .accumulating)
        #expect(OptimizerCatalog.keras(string: "adagrad")?.family == .accumulating)
    }

    /// The runtime rule finds the family of the class a running program reports in the same
    /// table the static rule reads: every class known statically has the same family by name.
    @Test func runtimeClassNamesShareTheStaticTable() {
        for (name, family) in OptimizerCatalog.torchFamilies {
            #expect(OptimizerCatalog.family(ofClassName: name) == family, "\(name)")
        }
        for (name, family) in OptimizerCatalog.tensorflowV1Families {
            #expect(OptimizerCatalog.family(ofClassName: name) == family, "\(name)")
        }
        for (name, family) in OptimizerCatalog.kerasFamilies {
            #expect(OptimizerCatalog.family(ofClassName: name) == family, "\(name)")
        }
        // As Keras names its classes (`type(opt).__name__`).
        #expect(OptimizerCatalog.family(ofClassName: "Adadelta") == .other)
        #expect(OptimizerCatalog.family(ofClassName: "Nadam") == .adaptive)
        #expect(OptimizerCatalog.family(ofClassName: "LossScaleOptimizer") == .other)
        #expect(OptimizerCatalog.family(ofClassName: "MyOptimizer") == nil)
    }

    @Test func losses() {
        #expect(LossCatalog.keras(function: "mse") == LossCatalog.Entry(name: "mean_squared_error", kind: .regression))
        #expect(LossCatalog.keras(function: "sparse_categorical_crossentropy")?.kind == .sparseCategoricalCrossentropy)
        #expect(LossCatalog.keras(class: "BinaryCrossentropy")?.name == "binary_crossentropy")
        #expect(LossCatalog.kerasClassName(forLoss: "categorical_crossentropy") == "CategoricalCrossentropy")
        #expect(
            LossCatalog.torch(function: "cross_entropy")
                == LossCatalog.Entry(name: "CrossEntropyLoss", kind: .sparseCategoricalCrossentropy))
        #expect(LossCatalog.torch(class: "NLLLoss")?.kind == .negativeLogLikelihood)
        #expect(LossCatalog.torch(class: "Linear") == nil)
    }

    @Test func tensorOperations() {
        #expect(LayerCatalog.operation(ofFunction: "torch.nn.functional.dropout") == .layer(.dropout))
        #expect(LayerCatalog.operation(ofFunction: "torch.flatten") == .layer(.reshape))
        #expect(LayerCatalog.operation(ofFunction: "torch.cat") == .merge)
        #expect(LayerCatalog.operation(ofFunction: "keras.layers.add") == .merge)
        #expect(LayerCatalog.operation(ofFunction: "torch.nn.functional.relu") == nil)
        #expect(LayerCatalog.operation(ofTensorMethod: "view") == .layer(.reshape))
        #expect(LayerCatalog.operation(ofTensorMethod: "to") == .transparent)
        #expect(LayerCatalog.activationName(ofFunction: "torch.nn.functional.log_softmax") == "log_softmax")
        #expect(LayerCatalog.activationName(ofFunction: "tensorflow.nn.relu") == "relu")
        #expect(LayerCatalog.activationName(ofTensorMethod: "sigmoid") == "sigmoid")
    }
}
