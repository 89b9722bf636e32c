import LintCore
import TrainingModel

/// UM202: `fit` validates on the training data itself or on a slice of it.
package struct ValidationFromTrainingRule: Rule {
    package init() {}

    /// A `fit` call with `validation_data=`.
    package static let triggerTokens: TriggerTokens = .fitCallsWithValidationData

    package static let description = RuleDescription(
        code: "UM202",
        name: "validation-from-training",
        summary: "The validation data is the training data or a slice of it",
        defaultSeverity: .warning,
        whatItDoes: """
            Checks every Keras `fit` call with `validation_data=`. It follows the validation inputs and the training \
            inputs back through assignments, aliases, conversions, `tf.data` pipelines and variables bound to \
            `(x, y)` tuples, and reports the call when both come from the same variable and the validation inputs are \
            that data itself or a slice of it while the model trains on all of it (`validation_data=(x_train[:100], \
            y_train[:100])`, `validation_data=(x_train, y_train)`, `validation_data=train_ds.take(10)`), or when both \
            use the very same slice.

            It does not report `validation_split=`, separate test data, the outputs of `train_test_split`, \
            `random_split` or `split_dataset` (each output is data of its own), or two different slices of one array \
            (`x_val = x_train[-10000:]` with `x_train = x_train[:-10000]`, the usual hold-out idiom): overlapping \
            slices with different bounds are not detected.
            """,
        whyIsThisBad: """
            Validation data is there to estimate how the model does on data it has not trained on. Samples the \
            model has trained on measure memorisation instead: validation accuracy tracks training accuracy, looks \
            far better than the model really is, and hides overfitting — the signal that early stopping, learning-rate \
            schedules and model selection rely on. UMLAUT reported this as suspiciously high validation accuracy \
            during training; here it is found before the script runs.
            """,
        example: """
            model.fit(x_train, y_train, epochs=10, validation_data=(x_train[:100], y_train[:100]))
            """,
        useInstead: """
            model.fit(x_train, y_train, epochs=10, validation_split=0.1)
            """,
        fixSafety: """
            When the model trains on arrays, the fix replaces `validation_data=...` with `validation_split=0.1`, \
            which holds out the last 10% of the training arrays (before shuffling) and validates on them. It is \
            unsafe: the model then trains on 10% less data, and if the arrays are sorted by class the last 10% is \
            not representative (shuffle them first). For datasets and generators, which `validation_split` does not \
            support, the help suggests a separate split instead.
            """,
        references: [
            Reference(
                "Schoop et al., UMLAUT: Debugging Deep Learning Programs using Program Structure, Model Behavior, and Error Descriptions (CHI 2021)",
                "https://doi.org/10.1145/3411764.3445538"),
            Reference(
                "Keras Model.fit: validation_data and validation_split",
                "https://keras.io/api/models/model_training_apis/#fit-method"),
            Reference(
                "Keras guide: training & evaluation with the built-in methods",
                "https://keras.io/guides/training_with_built_in_methods/"),
            Reference(
                "scikit-learn: cross-validation, evaluating estimator performance",
                "https://scikit-learn.org/stable/modules/cross_validation.html"),
        ],
        triggeringExamples: [
            Example(
                """
                import tensorflow as tf
                (train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.cifar10.load_data()
                train_images, test_images = train_images / 255.0, test_images / 255.0
                model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
                model.fit(train_images, train_labels, epochs=10, validation_data=↓(train_images[:100], train_labels[:100]))
                """),
            Example(
                """
                from tensorflow import keras
                (x_train, y_train), _ = keras.datasets.mnist.load_data()
                x_train = x_train / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
                model.fit(x_train, y_train, validation_data=↓(x_train, y_train))
                """),
            Example(
                """
                import keras
                import numpy as np
                data = np.load("features.npz")
                x, y = data["x"], data["y"]
                x_val, y_val = x[:500], y[:500]
                val = (x_val, y_val)
                model = keras.Sequential([keras.layers.Dense(1)])
                model.fit(x, y, batch_size=64, validation_data=↓val)
                """),
            Example(
                """
                import tensorflow as tf
                train_ds = tf.keras.utils.image_dataset_from_directory("photos/", image_size=(64, 64))
                train_ds = train_ds.map(lambda x, y: (x / 255.0, y))
                model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5)])
                model.fit(train_ds, epochs=5, validation_data=↓train_ds.take(5))
                """),
        ],
        nonTriggeringExamples: [
            Example(
                """
                import keras
                (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
                x_train, x_test = x_train / 255.0, x_test / 255.0
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
                model.fit(x_train, y_train, validation_split=0.1)
                model.fit(x_train, y_train, validation_data=(x_test, y_test))
                """),
            Example(
                """
                import keras
                from sklearn.model_selection import train_test_split
                (x, y), _ = keras.datasets.mnist.load_data()
                x = x / 255.0
                x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2, random_state=0)
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
                model.fit(x_train, y_train, validation_data=(x_val, y_val))
                """),
            Example(
                """
                import keras
                (x_train, y_train), _ = keras.datasets.mnist.load_data()
                x_train = x_train / 255.0
                x_val = x_train[-10000:]
                y_val = y_train[-10000:]
                x_train = x_train[:-10000]
                y_train = y_train[:-10000]
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
                model.fit(x_train, y_train, validation_data=(x_val, y_val))
                """),
            Example(
                """
                import tensorflow as tf
                train_ds = tf.keras.utils.image_dataset_from_directory("photos/", validation_split=0.2, subset="training", seed=1)
                val_ds = tf.keras.utils.image_dataset_from_directory("photos/", validation_split=0.2, subset="validation", seed=1)
                model = tf.keras.Sequential([tf.keras.layers.Rescaling(1 / 255), tf.keras.layers.Flatten(), tf.keras.layers.Dense(5)])
                model.fit(train_ds, validation_data=val_ds, epochs=5)
                """),
            Example(
                """
                import tensorflow as tf
                full = tf.data.Dataset.from_tensor_slices((features, labels)).shuffle(1000, reshuffle_each_iteration=False)
                model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
                model.fit(full.skip(200).batch(32), validation_data=full.take(200).batch(32))
                """),
            Example(
                """
                from sklearn.linear_model import LogisticRegression
                clf = LogisticRegression()
                clf.fit(x_train, y_train)
                """),
            // The validation data by position (the eighth argument) is not followed: the
            // pre-filter needs the word `validation_data`.
            Example(
                """
                import keras
                (x_train, y_train), _ = keras.datasets.mnist.load_data()
                model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
                model.fit(x_train, y_train, 32, 1, 1, None, 0.0, (x_train, y_train))
                """),
        ],
        corrections: [
            Correction(
                """
                import tensorflow as tf
                (x, y), _ = tf.keras.datasets.mnist.load_data()
                model = tf.keras.Sequential([tf.keras.layers.Rescaling(1 / 255), tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
                model.fit(x, y, epochs=3, validation_data=(x[:1000], y[:1000]), batch_size=32)
                """,
                """
                import tensorflow as tf
                (x, y), _ = tf.keras.datasets.mnist.load_data()
                model = tf.keras.Sequential([tf.keras.layers.Rescaling(1 / 255), tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
                model.fit(x, y, epochs=3, validation_split=0.1, batch_size=32)
                """)
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Only `validation_data=` by keyword: the pre-filter looks for the word, and nobody passes
        // the eighth argument of `fit` by position.
        for fit in context.model.fits where fit.validationData?.keyword != nil {
            guard let x = fit.x, let validation = fit.validationX, let root = x.root,
                validation.root == root, validation.rootSpan == x.rootSpan
            else { continue }
            // Two different slices of one array are the hold-out idiom, not a leak.
            if x.isSlice, validation.slices != x.slices { continue }
            let span = fit.validationData?.valueSpan ?? validation.span
            let origin = x.rootSpan.map { ", bound at \(context.lines.label($0.line))" } ?? ""
            let what =
                validation.isSlice && validation.slices != x.slices
                ? "`\(validation.text)`, a slice of the training inputs (`\(root)`\(origin))"
                : "`\(validation.text)`, the same data it trains on (`\(x.text)`\(origin))"
            let message =
                "`\(fit.networkName).fit` at \(context.lines.label(fit.span.line)) validates on \(what); validation scores will "
                + "measure memorisation, look better than the model is, and hide overfitting"
            let related = [RelatedLocation(span: x.span, message: "the model trains on `\(x.text)` here")]
            let trainsOnArrays = fit.y != nil
            let fix: Fix?
            if trainsOnArrays, fit.validationSplit == nil, let argument = fit.validationData, argument.keyword != nil {
                fix = Fix(
                    title: "Hold out 10% of the training data with `validation_split=0.1`", applicability: .unsafe,
                    edits: [Edit(range: argument.span.byteRange, replacement: "validation_split=0.1")])
            } else {
                fix = nil
            }
            let help =
                trainsOnArrays
                ? "Validate on data the model does not train on: `validation_split=0.1`, `train_test_split`, or the test split"
                : "Validate on a separate split: `image_dataset_from_directory(..., validation_split=0.2, subset=\"validation\")`, "
                    + "or `take`/`skip` with the training data skipping what validation takes"
            let summary =
                "\(ShortName.code(fit.networkName + ".fit")) validates on "
                + (validation.isSlice && validation.slices != x.slices
                    ? "a slice of its training data " : "its training data ")
                + ShortName.code(validation.text)
            diagnostics.append(
                context.diagnostic(
                    Self.self, at: span, summary: summary, message: message, related: related,
                    help: help, fix: fix))
        }
        return diagnostics
    }
}
