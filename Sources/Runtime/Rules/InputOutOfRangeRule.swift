import LintCore

/// UM501: the training inputs fall outside [-1, 1] (configurable).
package struct InputOutOfRangeRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM501",
        name: "input-out-of-range",
        summary: "Training inputs fall outside the expected range [-1, 1]",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            At the end of every epoch, looks at the minimum and maximum of the training inputs over several \
            sampled batches (taken before any cast the model applies) and reports values below `input-min` \
            (-1 by default) or above `input-max` (1 by default), unless the data is standardised (mean near the \
            middle of the range, standard deviation at most its width, no value beyond five widths: z-scored \
            features have tails past ±1 by design). It points at the line that loads the data when the script \
            never scales it, else at the data passed to training.
            """,
        whyIsThisBad: """
            Weights are initialised for inputs of roughly unit scale. Raw pixel values of 0–255 make the first \
            layer's outputs hundreds of times larger than intended: activations saturate, gradients are huge for \
            some weights and tiny for others, and the learning rate that suits one is wrong for the other. \
            Training is slow, unstable, or stalls at chance accuracy. The original UMLAUT reported this as \
            "Input data exceeds typical limits".
            """,
        example: """
            (x_train, y_train), _ = keras.datasets.cifar10.load_data()
            model.fit(x_train, y_train, epochs=10)
            """,
        useInstead: """
            (x_train, y_train), _ = keras.datasets.cifar10.load_data()
            x_train = x_train.astype("float32") / 255.0
            model.fit(x_train, y_train, epochs=10)
            """,
        fixSafety:
            "No automatic fix: how to scale depends on the data (divide by 255, standardise, a `Rescaling` layer).",
        references: [
            Reference(
                "TensorFlow tutorial: preprocess the data",
                "https://www.tensorflow.org/tutorials/keras/classification#preprocess_the_data"),
            Reference(
                "keras.layers.Rescaling",
                "https://keras.io/api/layers/preprocessing_layers/image_preprocessing/rescaling/"),
            Reference(
                "torchvision.transforms.Normalize",
                "https://pytorch.org/vision/stable/generated/torchvision.transforms.Normalize.html"),
        ]
    )

    /// Standardised data (mean about 0, standard deviation about 1) has tails beyond ±1 by
    /// construction and is as well scaled as inputs get: a mean within a quarter of the range's
    /// width of its centre, a standard deviation at most the width, and no value beyond five
    /// widths. Raw pixels (mean 120) or unscaled features are nowhere near.
    static func looksStandardised(_ input: RuntimeEvent.InputStatistics, low: Double, high: Double) -> Bool {
        guard let mean = input.mean, let std = input.std, let minimum = input.min, let maximum = input.max,
            mean.isFinite, std.isFinite, high > low
        else { return false }
        let width = high - low, centre = (high + low) / 2
        return abs(mean - centre) <= width / 4 && std <= width
            && max(abs(minimum - centre), abs(maximum - centre)) <= 5 * width
    }

    /// Layers that take integer ids (tokens, categories) and look them up: their inputs have no scale.
    static let lookupLayers: Set<String> = [
        "Embedding", "EmbeddingBag", "StringLookup", "IntegerLookup", "CategoryEncoding", "Hashing",
    ]
    static let imageLayers: Set<String> = [
        "Conv2d", "Conv2D", "Conv3d", "Conv3D", "MaxPooling2D", "MaxPool2d", "SeparableConv2D", "DepthwiseConv2D",
    ]

    /// Integer inputs into a model that looks them up (an embedding) are ids, not magnitudes.
    static func isLookupIds(_ input: RuntimeEvent.InputStatistics, model: RuntimeEvent.ModelInfo?) -> Bool {
        guard let dtype = input.dtype, dtype.hasPrefix("int") || dtype.hasPrefix("uint") || dtype == "long",
            let layers = model?.layers
        else { return false }
        return layers.contains { lookupLayers.contains($0.className ?? "") }
    }

    /// Whether the batches look like images: 4-D (batch, height, width, channels in either
    /// order), or 3-D bytes or 3-D input to a convolutional model, with spatial sides of 8 or more.
    static func isImageShaped(_ input: RuntimeEvent.InputStatistics, model: RuntimeEvent.ModelInfo?) -> Bool {
        guard let shape = input.shape else { return false }
        let convolutional = model?.layers.contains { imageLayers.contains($0.className ?? "") } ?? false
        switch shape.count {
        case 4: return shape.dropFirst().filter { $0 >= 8 }.count >= 2
        case 3: return (input.dtype == "uint8" || convolutional) && shape[1] >= 8 && shape[2] >= 8
        default: return false
        }
    }

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let low = context.thresholds.inputMin, high = context.thresholds.inputMax
        guard let report = context.run.epochs.last, let input = report.input,
            let minimum = input.min, let maximum = input.max, minimum.isFinite, maximum.isFinite,
            minimum < low || maximum > high, !Self.looksStandardised(input, low: low, high: high),
            !Self.isLookupIds(input, model: context.run.model)
        else { return [] }
        var details: [String] = []
        if let mean = input.mean, let std = input.std {
            details.append("mean \(RuntimeFormat.short(mean)), std \(RuntimeFormat.short(std))")
        }
        if let dtype = input.dtype { details.append(dtype) }
        if let batches = input.batches { details.append("\(batches) batches sampled") }
        let detail = details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"
        let looksLikePixels =
            maximum > 1 && maximum <= 255 && minimum >= 0 && Self.isImageShaped(input, model: context.run.model)
        let message =
            "training inputs range over "
            + "[\(RuntimeFormat.number(minimum)), \(RuntimeFormat.number(maximum))]\(detail), outside the expected "
            + "[\(RuntimeFormat.number(low)), \(RuntimeFormat.number(high))]"
            + (looksLikePixels ? "; these look like raw 0–255 pixel values" : "")
        let help =
            looksLikePixels
            ? "Scale the images before training, e.g. `x = x.astype(\"float32\") / 255.0` (or `/ 127.5 - 1` for [-1, 1]), or add a `Rescaling(1/255)` layer"
            : "Standardise the features with the training set's mean and standard deviation (`(x - mean) / std`, "
                + "or a `Normalization` layer adapted on the training data), or rescale each to [0, 1] by its known range"
        return [
            context.finding(
                Self.self, epoch: report.epoch,
                summary:
                    "Training inputs range over [\(RuntimeFormat.short(minimum)), \(RuntimeFormat.short(maximum))], outside "
                    + "[\(RuntimeFormat.number(low)), \(RuntimeFormat.number(high))]"
                    + (looksLikePixels ? ": raw pixels?" : ""),
                message: message, help: help,
                cause: context.locator.inputScaling(context.run),
                related: [context.locator.trainingCall(context.run)].compactMap { $0 }.map {
                    CodePlace.symptom(
                        $0.location,
                        "\($0.note), with inputs in [\(RuntimeFormat.number(minimum)), \(RuntimeFormat.number(maximum))]"
                    )
                })
        ]
    }
}
