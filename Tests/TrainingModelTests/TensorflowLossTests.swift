import PythonSyntax
import Testing

@testable import TrainingModel

/// TensorFlow 1 losses (`tf.losses.*`, `tf.compat.v1.losses.*`) and `tf.nn` cross-entropies on
/// logits: which names they are, that they always take logits, and which output they read.
@Suite struct TensorflowLossTests {
    private func model(_ code: String) -> ScriptModel {
        ScriptAnalyzer.analyze(Parser().parse(SourceText(code)))
    }

    @Test func catalogue() {
        let softmax = LossCatalog.tensorflow1(qualifiedName: "tensorflow.losses.softmax_cross_entropy")
        #expect(softmax == LossCatalog.Entry(name: "softmax_cross_entropy", kind: .categoricalCrossentropy))
        #expect(
            LossCatalog.tensorflow1(qualifiedName: "tensorflow.compat.v1.losses.sparse_softmax_cross_entropy")?.kind
                == .sparseCategoricalCrossentropy)
        #expect(
            LossCatalog.tensorflow1(qualifiedName: "tensorflow.compat.v1.losses.absolute_difference")?.kind
                == .regression)
        #expect(
            LossCatalog.tensorflow1(qualifiedName: "tensorflow.nn.softmax_cross_entropy_with_logits_v2")?.name
                == "softmax_cross_entropy_with_logits")
        #expect(
            LossCatalog.tensorflow1(qualifiedName: "tensorflow.compat.v1.nn.sigmoid_cross_entropy_with_logits")?.kind
                == .binaryCrossentropy)
        // Not losses, or probabilities rather than logits.
        #expect(LossCatalog.tensorflow1(qualifiedName: "tensorflow.nn.softmax") == nil)
        #expect(LossCatalog.tensorflow1(qualifiedName: "tensorflow.losses.log_loss") == nil)
        #expect(LossCatalog.tensorflow1(qualifiedName: "keras.losses.softmax_cross_entropy") == nil)
        #expect(LossCatalog.alwaysTakesLogits("sigmoid_cross_entropy"))
        #expect(!LossCatalog.alwaysTakesLogits("mean_squared_error"))
    }

    @Test func lossesTakeLogitsAndAreSteps() {
        let found = model(
            """
            import tensorflow.compat.v1 as tf
            pred = tf.nn.softmax(tf.matmul(x, W) + b)
            cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=pred))
            mse = tf.losses.mean_squared_error(labels, predictions=scores)
            """)
        #expect(found.losses.map(\.name) == ["softmax_cross_entropy_with_logits", "mean_squared_error"])
        #expect(found.losses.map(\.expectsLogits) == [true, false])
        #expect(found.losses.allSatisfy { $0.framework == .keras && $0.form == .function })
        // Each call is a training step; the softmax applied to the logits is recorded.
        #expect(found.trainingSteps.count == 2)
        #expect(found.trainingSteps.first?.activationBeforeLoss?.name == "softmax")
        #expect(found.trainingSteps.first?.networkName == nil)
        #expect(found.trainingSteps.last?.activationBeforeLoss == nil)
    }

    /// The logits argument is followed to a TensorFlow 1 network or to a layer's own activation.
    @Test func logitsReachNetworksAndLayers() {
        let found = model(
            """
            import tensorflow as tf

            def classifier(x):
                hidden = tf.layers.dense(x, 64, activation=tf.nn.relu)
                return tf.layers.dense(hidden, 10)

            logits = classifier(images)
            loss = tf.losses.softmax_cross_entropy(onehot_labels, logits)
            head = tf.layers.dense(features, 3, activation=tf.nn.sigmoid)
            other = tf.losses.sigmoid_cross_entropy(multi_class_labels=labels, logits=head)
            plain = tf.layers.dense(features, 3)
            third = tf.losses.sigmoid_cross_entropy(labels, plain)
            """)
        #expect(found.losses.first?.networkName == "classifier")
        #expect(found.trainingSteps.map(\.networkName) == ["classifier", nil, nil])
        #expect(found.trainingSteps.map { $0.activationBeforeLoss?.name } == [nil, "sigmoid", nil])
        #expect(found.trainingSteps[1].activationBeforeLoss?.origin == .argument)
    }

    @Test func evaluationsOfFittedModels() {
        let found = model(
            """
            import keras
            from sklearn.linear_model import LogisticRegression
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train / 255.0, y_train)
            model.evaluate(x_test, y_test)
            predictions = model.predict(x=x_test / 255.0)
            baseline = LogisticRegression()
            baseline.fit(features, labels)
            baseline.predict(features)
            """)
        #expect(found.evaluations.map(\.method) == ["evaluate", "predict"])
        #expect(found.evaluations.map(\.networkName) == ["model", "model"])
        #expect(found.evaluations.map { $0.x?.root } == ["x_test", "x_test"])
        #expect(found.evaluations.map { $0.x?.datasetIndex } == [0, 0])
        #expect(found.evaluations.map { $0.x?.steps.map(\.kind) } == [[], [.scaling]])
    }
}

/// A Keras subclass with a `train_step` of its own trains with the loss it computes there: a
/// loss given to `compile` is linked to it only when that step reads it.
@Suite struct CompiledLossTests {
    private func networkNames(_ trainStep: String) -> [String?] {
        let code = """
            import keras
            import tensorflow as tf

            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.head = keras.layers.Dense(10)
                    self.loss_metric = keras.metrics.Mean()

                def call(self, x):
                    return self.head(x)

            \(trainStep)

            model = Net()
            model.compile("adam", loss="categorical_crossentropy")
            """
        return ScriptAnalyzer.analyze(Parser().parse(SourceText(code))).losses.map(\.networkName)
    }

    @Test func ownTrainStepIgnoresTheCompiledLoss() {
        let own = """
                def train_step(self, data):
                    x, y = data
                    loss = tf.reduce_mean(tf.abs(y - self(x)))
                    self.loss_metric.update_state(loss)
                    return {"loss": loss}
            """
        #expect(networkNames(own) == [nil])
        let reads = """
                def train_step(self, data):
                    x, y = data
                    loss = self.compute_loss(x, y, self(x))
                    return {"loss": loss}
            """
        #expect(networkNames(reads) == ["Net"])
        #expect(networkNames("") == ["Net"])
        #expect(TrainingSetupExtractor.containsWord("self.loss", in: "self.loss(y, p)"))
        #expect(!TrainingSetupExtractor.containsWord("self.loss", in: "self.loss_metric.update_state(l)"))
    }
}
