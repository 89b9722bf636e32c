import LintCore
import PythonSyntax
import TrainingModel

/// UM201: raw 0–255 pixel values reach training without being scaled.
///
/// The diagnostic sits on the loading call, where the scaling belongs and where the fix inserts
/// it; every place the raw data reaches training is a related location. One diagnostic per
/// loader, however many times its data is trained on.
package struct UnnormalizedInputRule: Rule {
    package init() {}

    /// A loader of raw images.
    package static let triggerTokens: TriggerTokens = .rawImages

    package static let description = RuleDescription(
        code: "UM201",
        name: "unnormalized-input",
        summary: "Raw pixel values (0–255) reach training without being scaled",
        defaultSeverity: .warning,
        whatItDoes: """
            Follows image data from where it is loaded — `keras.datasets.mnist/fashion_mnist/cifar10/cifar100.load_data()`, \
            `image_dataset_from_directory`, `ImageDataGenerator.flow_from_directory`, torchvision datasets, \
            `PIL.Image.open`, `cv2.imread`, `imageio`/`skimage` readers — through assignments, conversions, \
            `tf.data` pipelines, `DataLoader`s and training loops, to where a model is trained on it: the inputs of \
            `model.fit(...)`, or `model(x)` in a loop or function that also computes gradients. It reports the loader \
            when its pixels arrive there unscaled.

            Any scaling on the way counts: arithmetic (`x / 255`, `x /= 255.`, `(x - mean) / std`, `x * (1./255)`), \
            scaling functions (`tf.image.per_image_standardization`, sklearn scalers), `Rescaling`/`Normalization` \
            layers and `preprocess_input` calls anywhere in a Keras script, application models that rescale \
            their inputs themselves (EfficientNet, ConvNeXt, ...), a normalising first layer, \
            `ImageDataGenerator(rescale=...)`, and torchvision `ToTensor()`/`Normalize`. The rule stays silent when \
            the data passes through code it cannot follow (a function of your own, an unknown method), when any \
            part of the dataset is scaled anywhere (even if only the test split is), and for datasets that are not \
            images (`imdb`, `reuters`, CSV files). Scaling that reaches only `fit`'s targets (`y_train / 255.0`) \
            does not count: it scales the labels, not the images, and the finding says so.

            It also reports `keras.datasets` images that are scaled on their way to `fit` but reach the same \
            model's `validation_data`, `evaluate` or `predict` raw: only when every scaling of the dataset lies on \
            the training path (no `Rescaling` layer or other scaling elsewhere could apply to the other split) and \
            the raw path is followed back to the loader without a step Umlaut cannot follow.
            """,
        whyIsThisBad: """
            Pixels loaded from disk or from the bundled datasets are integers from 0 to 255. Weights are initialised \
            for inputs of about unit size, so inputs a hundred times larger make the first layer's outputs huge: \
            activations saturate, gradients are large and erratic, and the optimiser needs a far smaller learning \
            rate to make progress — the model trains slowly or not at all, without any error. UMLAUT's heuristic \
            expects inputs in about [-1, 1]; dividing by 255 gives [0, 1], and standardising (subtracting the mean, \
            dividing by the standard deviation) works as well.
            """,
        example: """
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            model.fit(x_train, y_train, epochs=5)
            """,
        useInstead: """
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            x_train = x_train / 255.0
            x_test = x_test / 255.0
            model.fit(x_train, y_train, epochs=5)
            """,
        fixSafety: """
            For `keras.datasets` loaders unpacked into variables, the fix inserts `x = x / 255.0` for each image \
            variable right after the loading line. It is unsafe: it changes what the rest of the script sees (code \
            that shows the images, or that scales them later in a way Umlaut could not follow, would now get \
            [0, 1] values), and a model trained this way needs the same scaling at prediction time. For other \
            loaders the help says where to scale (a `Rescaling` layer, `.map`, `ToTensor()`).
            """,
        references: [
            Reference(
                "Schoop et al., UMLAUT: Debugging Deep Learning Programs using Program Structure, Model Behavior, and Error Descriptions (CHI 2021)",
                "https://doi.org/10.1145/3411764.3445538"),
            Reference(
                "Keras: image classification from scratch (rescaling)",
                "https://keras.io/examples/vision/image_classification_from_scratch/"),
            Reference(
                "keras.layers.Rescaling",
                "https://keras.io/api/layers/preprocessing_layers/image_preprocessing/rescaling/"),
            Reference(
                "torchvision.transforms.ToTensor",
                "https://pytorch.org/vision/stable/generated/torchvision.transforms.ToTensor.html"),
            Reference(
                "LeCun et al., Efficient BackProp (1998), section 4.3: normalising the inputs",
                "https://doi.org/10.1007/978-3-642-35289-8_3"),
        ],
        triggeringExamples: [
            Example(
                """
                from tensorflow import keras
                (x_train, y_train), (x_test, y_test) = ↓keras.datasets.mnist.load_data()
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                model.fit(x_train, y_train, epochs=5)
                """),
            Example(
                """
                import tensorflow as tf
                cifar10 = tf.keras.datasets.cifar10
                (train_images, train_labels), _ = ↓cifar10.load_data()
                train_images = train_images.astype("float32")
                model = tf.keras.Sequential([tf.keras.layers.Conv2D(32, 3, activation="relu"), tf.keras.layers.Flatten(),
                                             tf.keras.layers.Dense(10)])
                model.fit(train_images, train_labels, validation_split=0.1)
                """),
            Example(
                """
                import keras
                train_ds = ↓keras.utils.image_dataset_from_directory("photos/", image_size=(180, 180), batch_size=32)
                model = keras.Sequential([keras.layers.Conv2D(16, 3, activation="relu"), keras.layers.GlobalAveragePooling2D(),
                                          keras.layers.Dense(5)])
                model.fit(train_ds.cache().shuffle(1000).prefetch(2), epochs=10)
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                from torch.utils.data import DataLoader
                from torchvision import datasets, transforms
                train_set = ↓datasets.CIFAR10("data", train=True, download=True, transform=transforms.PILToTensor())
                loader = DataLoader(train_set, batch_size=64, shuffle=True)
                net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
                optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
                for images, labels in loader:
                    optimizer.zero_grad()
                    loss = nn.functional.cross_entropy(net(images.float()), labels)
                    loss.backward()
                    optimizer.step()
                """),
            Example(
                """
                import cv2
                import numpy as np
                import torch
                import torch.nn as nn
                x = torch.tensor(np.stack([↓cv2.imread(p) for p in paths]), dtype=torch.float32).permute(0, 3, 1, 2)
                net = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(2))
                optimizer = torch.optim.Adam(net.parameters())
                for epoch in range(10):
                    loss = nn.functional.cross_entropy(net(x), y)
                    loss.backward()
                    optimizer.step()
                """),
            // The scaling went to the labels instead of the images.
            Example(
                """
                from tensorflow import keras
                (x_train, y_train), (x_test, y_test) = ↓keras.datasets.mnist.load_data()
                y_train = y_train / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.fit(x_train, y_train, epochs=5)
                """),
            // Scaled for training, raw for testing.
            Example(
                """
                import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
                x_train = x_train.astype("float32") / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                model.fit(x_train, y_train, epochs=5)
                model.evaluate(↓x_test, y_test)
                """),
            Example(
                """
                import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                x_train = x_train / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.fit(x_train, y_train, validation_data=(↓x_test, y_test))
                """),
        ],
        nonTriggeringExamples: [
            // Both splits scaled, one of them in place.
            Example(
                """
                import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                x_train = x_train / 255.0
                x_test = x_test.astype("float32")
                x_test /= 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.fit(x_train, y_train, validation_data=(x_test, y_test))
                model.evaluate(x_test, y_test)
                predictions = model.predict(x_test / 255.0)
                """),
            // The test images go through a function of the script: unknown, so silent.
            Example(
                """
                import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                x_train = x_train / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.fit(x_train, y_train)
                model.evaluate(prepare(x_test), y_test)
                """),
            // Another model's `evaluate`, in another function.
            Example(
                """
                import keras
                def train():
                    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                    x_train = x_train / 255.0
                    model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
                    model.fit(x_train, y_train)

                def inspect(model, x_test):
                    return model.predict(x_test)
                """),
            // `ImageOps.fit` crops an image: a `fit` that is not training.
            Example(
                """
                import tensorflow as tf
                from PIL import Image, ImageOps
                pil_image = Image.open(image_data)
                pil_image = ImageOps.fit(pil_image, (256, 256), Image.LANCZOS)
                """),
            Example(
                """
                import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
                x_train = x_train.astype("float32") / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.fit(x_train, y_train, epochs=5)
                """),
            Example(
                """
                from tensorflow import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                x_train = x_train.astype("float32")
                x_train /= 255
                keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)]).fit(x_train, y_train)
                """),
            Example(
                """
                import tensorflow as tf
                (train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.cifar10.load_data()
                train_images, test_images = train_images / 255.0, test_images / 255.0
                model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
                model.fit(train_images, train_labels, epochs=10, validation_data=(test_images, test_labels))
                """),
            Example(
                """
                import keras
                from keras import layers
                (x_train, y_train), _ = keras.datasets.cifar10.load_data()
                model = keras.Sequential([layers.Rescaling(1.0 / 255), layers.Conv2D(32, 3, activation="relu"),
                                          layers.Flatten(), layers.Dense(10)])
                model.fit(x_train, y_train)
                """),
            Example(
                """
                import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10000)
                model = keras.Sequential([keras.layers.Embedding(10000, 16), keras.layers.GlobalAveragePooling1D(),
                                          keras.layers.Dense(1, activation="sigmoid")])
                model.fit(x_train, y_train, epochs=3)
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                from torch.utils.data import DataLoader
                from torchvision import datasets, transforms
                transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
                loader = DataLoader(datasets.MNIST("data", train=True, download=True, transform=transform), batch_size=64)
                net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
                optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
                for images, labels in loader:
                    loss = nn.functional.cross_entropy(net(images), labels)
                    loss.backward()
                    optimizer.step()
                """),
            Example(
                """
                from tensorflow.keras.preprocessing.image import ImageDataGenerator
                datagen = ImageDataGenerator(rescale=1./255, horizontal_flip=True)
                train_generator = datagen.flow_from_directory("train/", target_size=(150, 150), batch_size=20)
                model.fit(train_generator, epochs=30)
                """),
            Example(
                """
                from tensorflow import keras
                (x_train, y_train), _ = keras.datasets.mnist.load_data()
                x_train = preprocess(x_train)
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
                model.fit(x_train, y_train)
                """),
            Example(
                """
                import tensorflow as tf
                (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
                ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))
                ds = ds.map(lambda x, y: (tf.cast(x, tf.float32) / 255., y)).batch(128)
                model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
                model.fit(ds, epochs=6)
                """),
            Example(
                """
                import keras
                from sklearn.preprocessing import StandardScaler
                (x_train, y_train), _ = keras.datasets.mnist.load_data()
                scaler = StandardScaler()
                x_flat = scaler.fit_transform(x_train.reshape(-1, 784))
                keras.Sequential([keras.layers.Dense(10)]).fit(x_flat, y_train)
                """),
            Example(
                """
                import keras
                import matplotlib.pyplot as plt
                (x_train, y_train), _ = keras.datasets.mnist.load_data()
                plt.imshow(x_train[0], cmap="gray")
                """),
            Example(
                """
                import tensorflow as tf
                train_dataset = tf.keras.utils.image_dataset_from_directory("train/", image_size=(160, 160))
                preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input
                base_model = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False, weights="imagenet")
                inputs = tf.keras.Input(shape=(160, 160, 3))
                x = preprocess_input(inputs)
                outputs = tf.keras.layers.Dense(1)(tf.keras.layers.GlobalAveragePooling2D()(base_model(x, training=False)))
                model = tf.keras.Model(inputs, outputs)
                model.fit(train_dataset, epochs=10)
                """),
            Example(
                """
                import keras
                base = keras.applications.EfficientNetB0(include_top=False, weights="imagenet", pooling="avg")
                train_ds = keras.utils.image_dataset_from_directory("photos/", image_size=(224, 224))
                model = keras.Sequential([base, keras.layers.Dense(5)])
                model.fit(train_ds, epochs=3)
                """),
        ],
        corrections: [
            Correction(
                """
                from tensorflow import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.fit(x_train, y_train, epochs=5)
                """,
                """
                from tensorflow import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                x_train = x_train / 255.0
                x_test = x_test / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
                model.fit(x_train, y_train, epochs=5)
                """),
            Correction(
                """
                import tensorflow as tf
                def load():
                    (images, labels), _ = tf.keras.datasets.cifar10.load_data()  # 50,000 images
                    model.fit(images, labels)
                """,
                """
                import tensorflow as tf
                def load():
                    (images, labels), _ = tf.keras.datasets.cifar10.load_data()  # 50,000 images
                    images = images / 255.0
                    model.fit(images, labels)
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnostic] {
        let model = context.model
        var unscaledUses: [Int: [TrainingUse]] = [:]
        let labelScalings = Self.labelScalings(in: model)
        for use in TrainingUse.all(in: model, lines: context.lines) {
            guard let index = use.reference.datasetIndex, index < model.datasets.count else { continue }
            let dataset = model.datasets[index]
            // Scaling the labels (`y_train / 255`) does not scale the inputs.
            guard dataset.isRawImages, dataset.scaling.allSatisfy({ labelScalings.contains($0.span) }),
                !use.reference.steps.contains(where: { $0.kind == .scaling || $0.kind == .unknown })
            else { continue }
            unscaledUses[index, default: []].append(use)
        }
        var diagnostics = unscaledUses.keys.sorted().compactMap { index in
            diagnostic(for: model.datasets[index], uses: unscaledUses[index]!, context: context)
        }
        diagnostics += Self.rawEvaluations(in: model, context: context, skipping: Set(unscaledUses.keys))
        return diagnostics
    }

    /// The scaling steps on the way to `fit`'s targets (`y=`, `validation_data`'s second element).
    static func labelScalings(in model: ScriptModel) -> Set<SourceSpan> {
        let labels = model.fits.flatMap { [$0.y, $0.validationY].compactMap { $0 } }
        return Set(labels.flatMap { $0.steps.filter { $0.kind == .scaling }.map(\.span) })
    }

    private func diagnostic(for dataset: Dataset, uses: [TrainingUse], context: RuleContext) -> Diagnostic? {
        guard let first = uses.first else { return nil }
        let variable = first.reference.displayName
        let others = uses.count > 1 ? " (and \(uses.count - 1) more place\(uses.count == 2 ? "" : "s"))" : ""
        var message =
            "`\(variable)` holds raw pixel values (0–255) from `\(dataset.loaderName)` and reaches \(first.description)\(others) "
            + "without being scaled; inputs this large saturate the first layer and make training slow or unstable "
            + "(keep inputs in about [-1, 1])"
        var related = uses.map { use in
            RelatedLocation(
                span: use.reference.span, message: "`\(use.reference.text)` reaches \(use.description) unscaled")
        }
        if let labels = dataset.scaling.first {
            // Every scaling of this dataset is on the way to the targets.
            message +=
                "; the scaling at \(context.lines.label(labels.span.line)) (`\(ShortName.shortened(context.text(labels.span), limit: 40))`) "
                + "applies to the labels, not to the images"
            related += dataset.scaling.map {
                RelatedLocation(span: $0.span, message: "this scales the labels, not the inputs")
            }
        }
        let fix = Self.fix(for: dataset, context: context)
        return context.diagnostic(
            Self.self, at: dataset.span,
            summary: "\(ShortName.code(variable)) holds raw pixels (0–255) and reaches training unscaled",
            message: message, related: related, help: Self.help(for: dataset, variable: variable),
            fix: fix)
    }

    /// Images scaled on their way to `fit` but given raw to the same model's `validation_data`,
    /// `evaluate` or `predict`: `keras.datasets` arrays only, every scaling of the dataset on the
    /// training path (nothing else, such as a `Rescaling` layer, could scale the other split), and
    /// the raw path followed to the loader without an unknown step.
    static func rawEvaluations(in model: ScriptModel, context: RuleContext, skipping: Set<Int>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        for fit in model.fits {
            guard let x = fit.x, let index = x.datasetIndex, index < model.datasets.count, !skipping.contains(index),
                case .kerasDataset = model.datasets[index].origin, model.datasets[index].isRawImages,
                !x.steps.contains(where: { $0.kind == .unknown })
            else { continue }
            let dataset = model.datasets[index]
            let trainScalings = x.steps.filter { $0.kind == .scaling }
            let trainSpans = Set(trainScalings.map(\.span))
            guard let scaling = trainScalings.last, dataset.scaling.allSatisfy({ trainSpans.contains($0.span) }) else {
                continue
            }
            var uses: [(reference: DataReference, description: String)] = []
            if let validation = fit.validationX {
                uses.append((validation, "`validation_data` of `\(fit.networkName).fit`"))
            }
            for evaluation in model.evaluations
            where evaluation.networkName == fit.networkName
                && sameFunction(evaluation.span, fit.span, context: context)
            {
                if let input = evaluation.x { uses.append((input, "`\(evaluation.networkName).\(evaluation.method)`")) }
            }
            for use in uses {
                let reference = use.reference
                guard reference.datasetIndex == index, reference.root != nil, reference.root != x.root,
                    !reference.steps.contains(where: { $0.kind == .scaling || $0.kind == .unknown }),
                    reported.insert(reference.span.startByte).inserted
                else { continue }
                let scaled = ShortName.shortened(context.text(scaling.span), limit: 40)
                let message =
                    "`\(reference.displayName)` holds raw pixel values (0–255) from `\(dataset.loaderName)` and reaches "
                    + "\(use.description) (\(context.lines.label(reference.span.line))) unscaled, but the training images `\(x.displayName)` "
                    + "are scaled (`\(scaled)`, \(context.lines.label(scaling.span.line))): the model sees values up to 255 times larger "
                    + "than it was trained on, and its \(use.description.contains("predict") ? "predictions" : "validation and test scores") are meaningless"
                diagnostics.append(
                    context.diagnostic(
                        Self.self, at: reference.span,
                        summary:
                            "\(ShortName.code(reference.displayName)) is unscaled, but the training images are scaled",
                        message: message,
                        related: [RelatedLocation(span: scaling.span, message: "the training images are scaled here")],
                        help:
                            "Scale `\(reference.displayName)` the same way as `\(x.displayName)` before the model sees it"
                    ))
            }
        }
        return diagnostics
    }

    /// Whether two places are in the same function, or both at module level.
    private static func sameFunction(_ one: SourceSpan, _ other: SourceSpan, context: RuleContext) -> Bool {
        func function(_ span: SourceSpan) -> Int? {
            var node = context.node(at: span)
            while let current = node {
                if current.type == "function_definition" { return current.startByte }
                node = current.parent
            }
            return nil
        }
        return function(one) == function(other)
    }

    private static func help(for dataset: Dataset, variable: String) -> String {
        switch dataset.origin {
        case .kerasDataset:
            return
                "Scale the images after loading: `\(variable) = \(variable) / 255.0` (and the same for the test images), "
                + "or start the model with `keras.layers.Rescaling(1.0 / 255)`"
        case .imageLoader(let name) where name.hasPrefix("torchvision."):
            return
                "Convert with `transforms.ToTensor()` (it scales to [0, 1]), optionally followed by `transforms.Normalize(mean, std)`"
        case .imageLoader(let name) where name.hasPrefix("image_dataset_from_directory") || name.hasPrefix("tfds."):
            return "Start the model with `keras.layers.Rescaling(1.0 / 255)`, or map the dataset: "
                + "`.map(lambda x, y: (x / 255.0, y))`"
        case .imageLoader(let name) where name.hasPrefix("ImageDataGenerator"):
            return "Pass `rescale=1.0 / 255` to the `ImageDataGenerator`"
        default:
            return "Divide the images by 255.0 (or standardise them) before training"
        }
    }

    /// `x = x / 255.0` for each image variable of a `keras.datasets` loader unpacked into
    /// `(x_train, y_train), (x_test, y_test)`, inserted after the loading line.
    private static func fix(for dataset: Dataset, context: RuleContext) -> Fix? {
        guard case .kerasDataset = dataset.origin,
            let call = context.tree.root.descendant(spanning: dataset.span.byteRange), call.type == "call",
            let assignment = call.parent, assignment.type == "assignment", assignment.child(field: .right) == call,
            let left = assignment.child(field: .left), let statement = assignment.parent,
            statement.type == "expression_statement"
        else { return nil }
        let pairs = left.namedChildren.filter { $0.type != "comment" }
        let images = pairs.compactMap { pair -> String? in
            guard ["tuple_pattern", "list_pattern", "pattern_list", "tuple", "list"].contains(pair.type),
                let first = pair.namedChildren.first(where: { $0.type != "comment" }), first.type == "identifier",
                first.text != "_"
            else { return nil }
            return first.text
        }
        guard !images.isEmpty, pairs.count <= 2 else { return nil }
        let bytes = context.source.bytes
        var lineEnd = statement.endByte
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n"), bytes[lineEnd] != UInt8(ascii: "\r") {
            lineEnd += 1
        }
        let lineStart = context.source.lineIndex.lineStarts[
            min(statement.startPoint.line, context.source.lineIndex.lineStarts.count - 1)]
        var indentEnd = lineStart
        while indentEnd < bytes.count, bytes[indentEnd] == UInt8(ascii: " ") || bytes[indentEnd] == UInt8(ascii: "\t") {
            indentEnd += 1
        }
        let indent = context.source.text(in: lineStart..<indentEnd)
        let lines = images.map { "\n\(indent)\($0) = \($0) / 255.0" }.joined()
        let names = images.map { "`\($0)`" }.joined(separator: " and ")
        return Fix(
            title: "Scale \(names) to [0, 1] after loading", applicability: .unsafe,
            edits: [.insert(lines, at: lineEnd)])
    }
}
