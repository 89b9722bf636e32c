import LintRules
import PythonSyntax
import TestSupport
import Testing

/// UM101 reports only with positive evidence (Docs/Evidence.md, "UM101 and network structure"):
/// one minimal case per situation that is unknown or not redundant, and the cases that must
/// still be found. `↓` marks where a finding must start; no marker means no finding.
@Suite struct MissingActivationEvidenceTests {
    private func expectFindings(_ marked: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (code, markers) = MarkedSource.parse(marked)
        let found = diagnostics(of: MissingActivationRule.self, in: code).map(\.span.startByte).sorted()
        #expect(
            found == markers.sorted(), "\(diagnostics(of: MissingActivationRule.self, in: code).map(\.message))",
            sourceLocation: sourceLocation)
    }

    // MARK: Arguments that are not literal

    @Test func activationInADictLiteralUnpackedWithStars() {
        expectFindings(
            """
            import keras
            from keras import layers
            cfg = {"kernel_size": 3, "padding": "same", "activation": "relu"}
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 3)),
                layers.Conv2D(64, **cfg),
                layers.Conv2D(64, **cfg),
                layers.Conv2D(3, 3, activation="sigmoid"),
            ])
            """)
    }

    @Test func activationInADictCall() {
        expectFindings(
            """
            import keras
            from keras import layers
            inputs = keras.Input(shape=(16,))
            x = layers.Dense(64, **dict(activation="relu"))(inputs)
            outputs = layers.Dense(1)(x)
            model = keras.Model(inputs, outputs)
            """)
    }

    @Test func aResolvedDictWithoutActivationIsStillEvidence() {
        expectFindings(
            """
            import keras
            from keras import layers
            cfg = {"padding": "same"}
            model = keras.Sequential([
                keras.Input(shape=(28, 28, 1)),
                ↓layers.Conv2D(32, 3, **cfg),
                ↓layers.Conv2D(64, 3, **cfg),
                layers.Flatten(),
                layers.Dense(10, activation="softmax"),
            ])
            """)
    }

    @Test func aDictChangedAfterItsLiteralIsUnknown() {
        expectFindings(
            """
            import keras
            from keras import layers
            cfg = {"padding": "same"}
            cfg["activation"] = "relu"
            model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(64, **cfg), layers.Dense(10)])
            """)
    }

    @Test func unresolvedSplatsAreUnknown() {
        expectFindings(
            """
            import keras
            from keras import layers
            from my_project import load_config, extra_arguments
            params = load_config()
            model = keras.Sequential([
                keras.Input(shape=(8,)),
                layers.Dense(64, **params),
                layers.Dense(32, *extra_arguments),
                layers.Dense(10),
            ])
            """)
    }

    @Test func unknownPositionalArgumentsThatCouldBeTheActivation() {
        // `Dense(units, activation)`; a convolution's eighth positional argument is its activation.
        expectFindings(
            """
            import keras
            from keras import layers
            from my_project import get_activation
            act = get_activation()
            model = keras.Sequential([
                keras.Input(shape=(28, 28, 1)),
                layers.Conv2D(32, 3, 1, "same", None, 1, 1, act),
                layers.Conv2D(32, 3, activation="relu"),
                layers.Flatten(),
                layers.Dense(64, act),
                layers.Dense(10),
            ])
            """)
    }

    @Test func kwargsPassedThroughAHelperAreUnknown() {
        expectFindings(
            """
            import keras
            from keras import layers

            def dense(x, units, **kwargs):
                return layers.Dense(units, **kwargs)(x)

            inputs = keras.Input(shape=(8,))
            x = dense(inputs, 64, activation="relu")
            outputs = layers.Dense(1)(x)
            model = keras.Model(inputs, outputs)
            """)
    }

    @Test func aHelperParameterSuppliesTheActivation() {
        expectFindings(
            """
            import keras
            from keras import layers

            def conv_block(x, filters, activation="relu"):
                return layers.Conv2D(filters, 3, activation=activation)(x)

            inputs = keras.Input(shape=(28, 28, 1))
            x = conv_block(inputs, 32)
            x = conv_block(x, 64)
            outputs = layers.Conv2D(1, 1)(x)
            model = keras.Model(inputs, outputs)
            """)
    }

    // MARK: Linear layers that are not redundant

    @Test func anOutputThatAlsoFeedsASkipConnection() {
        expectFindings(
            """
            import keras
            from keras import layers
            inputs = keras.Input(shape=(100, 32))
            x = layers.Conv1D(64, 1, activation="relu")(inputs)
            x = layers.Conv1D(32, 1)(x)
            x = layers.LayerNormalization()(x)
            x = x + inputs
            x = layers.GlobalAveragePooling1D()(x)
            outputs = layers.Dense(10, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            """)
    }

    @Test func anOutputThatJoinsAnAddLayer() {
        // `x` feeds the next convolution and, around it, the `Add`.
        expectFindings(
            """
            import keras
            from keras import layers
            inputs = keras.Input(shape=(32, 32, 16))
            x = layers.Conv2D(16, 3, padding="same")(inputs)
            y = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
            y = layers.Add()([x, y])
            outputs = layers.Conv2D(3, 3, padding="same", activation="sigmoid")(y)
            model = keras.Model(inputs, outputs)
            """)
    }

    @Test func anOutputThatIsConcatenated() {
        expectFindings(
            """
            import keras
            from keras import layers
            inputs = keras.Input(shape=(32,))
            a = layers.Dense(16)(inputs)
            b = layers.Dense(16, activation="relu")(a)
            x = layers.Concatenate()([a, b])
            outputs = layers.Dense(1)(x)
            model = keras.Model(inputs, outputs)
            """)
    }

    @Test func aTorchResidualSum() {
        expectFindings(
            """
            import torch.nn as nn
            import torch.nn.functional as F

            class Block(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc1 = nn.Linear(64, 64)
                    self.fc2 = nn.Linear(64, 64)
                    self.out = nn.Linear(64, 10)

                def forward(self, x):
                    h = self.fc1(x)
                    y = self.fc2(h)
                    return self.out(F.relu(y + h))
            """)
    }

    @Test func aLatentCodeThatIsReturned() {
        expectFindings(
            """
            import torch.nn as nn
            import torch.nn.functional as F

            class AutoEncoder(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(64, 64)
                    self.code = nn.Linear(64, 32)
                    self.expand = nn.Linear(32, 16)

                def forward(self, x):
                    code = self.code(F.relu(self.fc(x)))
                    return self.expand(code), code
            """)
    }

    @Test func aSideOutputOfAFunctionalModel() {
        expectFindings(
            """
            import keras
            from keras import layers
            inputs = keras.Input(shape=(64,))
            h = layers.Dense(32, activation="relu")(inputs)
            z_mean = layers.Dense(16)(h)
            outputs = layers.Dense(8)(z_mean)
            model = keras.Model(inputs, [outputs, z_mean])
            """)
    }

    @Test func aSamplingStepBetweenTwoLayers() {
        expectFindings(
            """
            import torch
            import torch.nn as nn

            class Sampler(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.mu = nn.Linear(64, 32)
                    self.decode = nn.Linear(32, 16)

                def forward(self, x):
                    mu = self.mu(x)
                    z = mu + 0.1 * torch.randn(mu.shape)
                    return self.decode(z)
            """)
    }

    @Test func aNarrowingBottleneck() {
        expectFindings(
            """
            import torch.nn as nn
            autoencoder = nn.Sequential(
                nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 8),
                nn.Linear(8, 128), nn.ReLU(), nn.Linear(128, 784),
            )
            """)
    }

    @Test func aLowRankFactorisation() {
        expectFindings(
            """
            import keras
            from keras import layers
            model = keras.Sequential([
                keras.Input(shape=(512,)),
                layers.Dense(32),
                layers.Dense(512, activation="relu"),
                layers.Dense(10, activation="softmax"),
            ])
            """)
    }

    @Test func aWideningPairIsStillReported() {
        expectFindings(
            """
            import keras
            from keras import layers
            model = keras.Sequential([
                keras.Input(shape=(16,)),
                ↓layers.Dense(32),
                layers.Dense(64, activation="relu"),
                layers.Dense(10, activation="softmax"),
            ])
            """)
    }

    @Test func aMobileNetV2LinearProjection() {
        expectFindings(
            """
            import keras
            from keras import layers
            inputs = keras.Input(shape=(32, 32, 16))
            x = layers.Conv2D(96, 1, use_bias=False)(inputs)
            x = layers.BatchNormalization()(x)
            x = layers.ReLU(6.0)(x)
            x = layers.DepthwiseConv2D(3, padding="same", use_bias=False)(x)
            x = layers.BatchNormalization()(x)
            x = layers.ReLU(6.0)(x)
            x = layers.Conv2D(24, 1, use_bias=False)(x)
            x = layers.BatchNormalization()(x)
            x = layers.Conv2D(16, 3, padding="same", use_bias=False)(x)
            x = layers.ReLU()(x)
            outputs = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(x))
            model = keras.Model(inputs, outputs)
            """)
    }

    @Test func aFactorisedConvolution() {
        expectFindings(
            """
            import keras
            from keras import layers
            model = keras.Sequential([
                keras.Input(shape=(8, 64, 64, 16)),
                layers.Conv3D(16, (1, 3, 3), padding="same"),
                layers.Conv3D(16, (3, 1, 1), padding="same", activation="relu"),
                layers.GlobalAveragePooling3D(),
                layers.Dense(10, activation="softmax"),
            ])
            """)
    }

    // MARK: Separate models

    @Test func modelsPassedToAWrapperAreNotChained() {
        expectFindings(
            """
            import keras
            from keras import layers
            discriminator = keras.Sequential([
                keras.Input(shape=(28, 28, 1)),
                layers.Conv2D(64, 3, activation="relu"),
                layers.GlobalMaxPooling2D(),
                layers.Dense(1),
            ])
            generator = keras.Sequential([
                keras.Input(shape=(128,)),
                layers.Dense(7 * 7 * 128, activation="relu"),
                layers.Reshape((7, 7, 128)),
                layers.Conv2D(1, 7, activation="sigmoid"),
            ])

            class GAN(keras.Model):
                def __init__(self, discriminator, generator):
                    super().__init__()
                    self.discriminator = discriminator
                    self.generator = generator

                def train_step(self, data):
                    return {}

            gan = GAN(discriminator=discriminator, generator=generator)
            """)
    }

    @Test func modelsHeldInAttributesStayTheirOwn() {
        // The teacher's own missing activation is found; the teacher's output is not chained
        // into the student's first layer.
        expectFindings(
            """
            import keras
            from keras import layers

            class Distiller(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.teacher = keras.Sequential([
                        keras.Input(shape=(28, 28, 1)),
                        layers.Conv2D(32, 3, activation="relu"),
                        ↓layers.Conv2D(64, 3),
                        layers.Flatten(),
                        layers.Dense(10),
                    ])
                    self.student = keras.Sequential([
                        keras.Input(shape=(28, 28, 1)),
                        layers.Conv2D(8, 3, activation="relu"),
                        layers.Flatten(),
                        layers.Dense(10),
                    ])

                def train_step(self, data):
                    return {}
            """)
    }

    @Test func siblingHeadsWithoutForwardAreNotChained() {
        expectFindings(
            """
            import torch.nn as nn

            class Heads(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.classify = nn.Linear(64, 10)
                    self.regress = nn.Linear(64, 1)
            """)
    }

    @Test func modelsCalledOnEachOthersOutputAreConnected() {
        expectFindings(
            """
            import keras
            from keras import layers
            encoder = keras.Sequential([layers.Dense(64, activation="relu"), ↓layers.Dense(32)])
            decoder = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(10, activation="softmax")])
            inputs = keras.Input(shape=(784,))
            outputs = decoder(encoder(inputs))
            model = keras.Model(inputs, outputs)
            """)
    }

    // MARK: TensorFlow 1 layers

    @Test func tensorflow1LayersAreLayers() {
        expectFindings(
            """
            import tensorflow as tf

            def model_fn(features):
                hidden = ↓tf.layers.dense(features, 128)
                hidden = tf.compat.v1.layers.dropout(hidden, 0.2)
                return tf.compat.v1.layers.dense(hidden, 10)
            """)
    }

    @Test func tensorflow1LayersWithActivation() {
        expectFindings(
            """
            import tensorflow as tf

            def model_fn(images):
                x = tf.layers.conv2d(images, 32, 3, activation=tf.nn.relu)
                x = tf.layers.max_pooling2d(x, 2, 2)
                x = tf.layers.flatten(x)
                x = tf.layers.dense(x, 64, tf.nn.relu)
                return tf.layers.dense(x, 10)
            """)
    }
}

/// An activation written in a `**dict` is not an argument a fix can replace, and a new
/// `activation=` next to the `**dict` would clash with it at run time.
@Suite struct ResolvedActivationFixTests {
    @Test func noActivationEditNextToADictThatHoldsOne() {
        let code = """
            import keras
            from keras import layers
            cfg = {"activation": "softmax"}
            model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64, activation="relu"), layers.Dense(1, **cfg)])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            """
        let found = diagnostics(of: OutputLossMismatchRule.self, in: code)
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.allSatisfy { $0.fix == nil }, "\(found.compactMap(\.fix).map(\.title))")
    }
}
