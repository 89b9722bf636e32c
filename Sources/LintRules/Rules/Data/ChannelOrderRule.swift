import LintCore
import TrainingModel

/// UM203: an image input shape, a `data_format`, or the data's axis order puts the channels
/// where the convolution layers do not expect them.
///
/// Conservative by design: a shape counts as channels-first only when its first dimension is 1,
/// 3 or 4 and its last is a spatial size (8 or more, or None), and the other way round for
/// channels-last; Keras checks are skipped entirely when the script reads
/// `image_data_format()` (it then adapts its shapes at run time); data counts as having a
/// layout only when it comes from a loader with a known one and passes through nothing Umlaut
/// cannot follow.
package struct ChannelOrderRule: Rule {
    package init() {}

    /// A network with a layer a finding can rest on, or colour images from a Keras dataset or
    /// `cv2.imread` (reshapes that scramble channels).
    package static let triggerTokens: TriggerTokens = .networksWithEvidence.or(.colourImages)

    package static let description = RuleDescription(
        code: "UM203",
        name: "channel-order",
        summary: "Image channels are where the layers do not expect them",
        defaultSeverity: .warning,
        whatItDoes: """
            Compares where the channel axis of image data is with where the first 2-D convolution or pooling \
            layer of the model expects it. Keras layers expect channels last unless they are given \
            `data_format="channels_first"` or the script calls `keras.backend.set_image_data_format("channels_first")`; \
            PyTorch's `nn.Conv2d` always expects (batch, channels, height, width). It reports:

            - a Keras input shape that is channels-first, like `Input(shape=(3, 32, 32))`, for channels-last layers;
            - `data_format="channels_first"` (on the layer or script-wide) with a channels-last input shape such as \
            `(32, 32, 3)`, or with channels-last data such as `cifar10.load_data()` arrays fed to `fit` untransposed;
            - data transposed to channels-first (`np.transpose(x, (0, 3, 1, 2))`, `x.permute(0, 3, 1, 2)`, \
            `np.moveaxis(x, -1, 1)`) for a channels-last Keras model, or to channels-last for a channels-first one;
            - channels-last images (`keras.datasets` arrays, `cv2.imread`, `PIL`, `image_dataset_from_directory`) fed \
            to a PyTorch network that starts with `nn.Conv2d` without a permute;
            - `reshape`/`view` used to move the channels of colour images (`x.reshape(-1, 3, 32, 32)` on \
            (batch, 32, 32, 3) arrays), which scrambles the pixels instead.

            A shape counts as channels-first when its first dimension is 1, 3 or 4 and its last is 8 or more (or \
            None), and as channels-last the other way round; anything else (`(4, 4, 3)`, a 1-D or 3-D convolution, a \
            `Reshape` or `Permute` layer before the first convolution) is left alone, as are scripts that read \
            `image_data_format()` to choose their shapes.
            """,
        whyIsThisBad: """
            A convolution slides its kernels over the two spatial axes and mixes the channel axis. Given images with \
            the channels elsewhere, it convolves over one image dimension and the colours, and treats the other \
            image dimension as dozens of channels. Sometimes the shapes still fit and the model trains — badly and \
            silently; sometimes it fails with a shape error far from the cause. Keras and TensorFlow default to \
            channels last (NHWC), PyTorch to channels first (NCHW); code moved between them, or copied from older \
            Keras examples that used Theano's ordering, easily ends up with the wrong one. `reshape` never moves an \
            axis: it reinterprets the same memory, so (32, 32, 3) pixels read as (3, 32, 32) are interleaved noise.
            """,
        example: """
            model = keras.Sequential([
                keras.Input(shape=(3, 32, 32)),
                layers.Conv2D(32, 3, activation="relu"),
            ])
            """,
        useInstead: """
            model = keras.Sequential([
                keras.Input(shape=(32, 32, 3)),
                layers.Conv2D(32, 3, activation="relu"),
            ])
            """,
        fixSafety: """
            There is no automatic fix: whether the shape, the layers or the data should change depends on the rest \
            of the script. The help names the options (change the shape, set `data_format`, transpose the data with \
            `np.transpose`/`permute` rather than `reshape`).
            """,
        references: [
            Reference(
                "keras.layers.Conv2D: data_format", "https://keras.io/api/layers/convolution_layers/convolution2d/"),
            Reference(
                "keras.config.set_image_data_format",
                "https://keras.io/api/utils/config_utils/#setimagedataformat-function"),
            Reference(
                "torch.nn.Conv2d: input (N, C, H, W)", "https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html"),
            Reference("numpy.transpose", "https://numpy.org/doc/stable/reference/generated/numpy.transpose.html"),
            Reference(
                "Schoop et al., UMLAUT (CHI 2021): image layout heuristics", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            Example(
                """
                from tensorflow import keras
                from tensorflow.keras import layers
                model = keras.Sequential([
                    keras.Input(shape=↓(3, 32, 32)),
                    layers.Conv2D(32, 3, activation="relu"),
                    layers.MaxPooling2D(),
                    layers.Flatten(),
                    layers.Dense(10, activation="softmax"),
                ])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([
                    keras.layers.Conv2D(32, 3, input_shape=(32, 32, 3), data_format=↓"channels_first"),
                    keras.layers.Flatten(),
                    keras.layers.Dense(10),
                ])
                """),
            Example(
                """
                import keras
                keras.backend.set_image_data_format(↓"channels_first")
                model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                                          keras.layers.Dense(10)])
                """),
            Example(
                """
                import keras
                (x_train, y_train), _ = keras.datasets.cifar10.load_data()
                x_train = x_train / 255.0
                model = keras.Sequential([keras.layers.Conv2D(32, 3, data_format=↓"channels_first"), keras.layers.Flatten(),
                                          keras.layers.Dense(10)])
                model.fit(x_train, y_train)
                """),
            Example(
                """
                import numpy as np
                import keras
                (x_train, y_train), _ = keras.datasets.cifar10.load_data()
                x_train = ↓np.transpose(x_train, (0, 3, 1, 2)) / 255.0
                model = keras.Sequential([keras.layers.Conv2D(32, 3), keras.layers.Flatten(), keras.layers.Dense(10)])
                model.fit(x_train, y_train, epochs=5)
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                from tensorflow import keras
                (x_train, y_train), _ = keras.datasets.cifar10.load_data()
                inputs = torch.tensor(x_train / 255.0, dtype=torch.float32)
                labels = torch.tensor(y_train).long().squeeze()
                net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
                optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
                for epoch in range(5):
                    optimizer.zero_grad()
                    loss = nn.functional.cross_entropy(net(↓inputs), labels)
                    loss.backward()
                    optimizer.step()
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                from keras.datasets import cifar10
                (x_train, y_train), _ = cifar10.load_data()
                inputs = torch.tensor(↓x_train.reshape(-1, 3, 32, 32) / 255.0, dtype=torch.float32)
                net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
                optimizer = torch.optim.Adam(net.parameters())
                for epoch in range(5):
                    loss = nn.functional.cross_entropy(net(inputs), torch.tensor(y_train).squeeze())
                    loss.backward()
                    optimizer.step()
                """),
        ],
        nonTriggeringExamples: [
            Example(
                """
                from tensorflow import keras
                from tensorflow.keras import layers
                model = keras.Sequential([keras.Input(shape=(32, 32, 3)), layers.Conv2D(32, 3), layers.Flatten(), layers.Dense(10)])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([
                    keras.Input(shape=(3, 32, 32)),
                    keras.layers.Conv2D(32, 3, data_format="channels_first"),
                    keras.layers.MaxPooling2D(data_format="channels_first"),
                ])
                """),
            Example(
                """
                import keras
                from keras import backend as K
                img_rows, img_cols = 28, 28
                if K.image_data_format() == "channels_first":
                    input_shape = (1, img_rows, img_cols)
                else:
                    input_shape = (img_rows, img_cols, 1)
                model = keras.Sequential([keras.layers.Conv2D(32, (3, 3), input_shape=input_shape)])
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                from tensorflow import keras
                (x_train, y_train), _ = keras.datasets.cifar10.load_data()
                inputs = torch.tensor(x_train / 255.0, dtype=torch.float32).permute(0, 3, 1, 2)
                net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
                optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
                for epoch in range(5):
                    loss = nn.functional.cross_entropy(net(inputs), torch.tensor(y_train).squeeze())
                    loss.backward()
                    optimizer.step()
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                from torch.utils.data import DataLoader
                from torchvision import datasets, transforms
                loader = DataLoader(datasets.CIFAR10("data", download=True, transform=transforms.ToTensor()), batch_size=32)
                net = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
                optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
                for images, labels in loader:
                    nn.functional.cross_entropy(net(images), labels).backward()
                    optimizer.step()
                """),
            Example(
                """
                import torch
                import torch.nn as nn
                from keras.datasets import mnist
                (x_train, y_train), _ = mnist.load_data()
                inputs = torch.tensor(x_train.reshape(-1, 1, 28, 28) / 255.0, dtype=torch.float32)
                net = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
                optimizer = torch.optim.Adam(net.parameters())
                for epoch in range(3):
                    nn.functional.cross_entropy(net(inputs), torch.tensor(y_train)).backward()
                    optimizer.step()
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.Input(shape=(3, 128)), keras.layers.Conv1D(16, 3), keras.layers.Flatten()])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.Input(shape=(3, 32, 32)), keras.layers.Permute((2, 3, 1)), keras.layers.Conv2D(8, 3)])
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.Input(shape=(4, 4, 3)), keras.layers.Conv2D(8, 2)])
                """),
        ]
    )

    package func check(_ context: RuleContext) -> [Diagnostic] {
        let model = context.model
        var diagnostics: [Diagnostic] = []
        var reported: Set<Int> = []
        func report(_ diagnostic: Diagnostic) {
            if reported.insert(diagnostic.span.startByte).inserted { diagnostics.append(diagnostic) }
        }
        let isAdaptive = model.imageDataFormats.contains { $0.isRead || $0.format == nil }
        let global = model.imageDataFormats.last { $0.format != nil }
        for (index, network) in model.networks.enumerated() {
            switch network.framework {
            case .keras:
                guard !isAdaptive, let input = KerasImageInput(network: network, global: global, lines: context.lines)
                else { continue }
                checkKeras(input, networkIndex: index, context: context, report: report)
            case .pytorch:
                guard let conv = Self.leadingTorchConv(network) else { continue }
                checkTorch(conv, network: network, networkIndex: index, context: context, report: report)
            }
        }
        for use in TrainingUse.all(in: model, lines: context.lines) {
            if let diagnostic = reshapeScramble(use, context: context) { report(diagnostic) }
        }
        return diagnostics.sorted { $0.span < $1.span }
    }

    // MARK: Keras

    private func checkKeras(
        _ input: KerasImageInput, networkIndex: Int, context: RuleContext, report: (Diagnostic) -> Void
    ) {
        let model = context.model
        let layer = input.firstSpatial
        let layerText = "`\(layer.className)` at \(context.lines.label(layer.span.line)) of `\(input.network.name)`"
        let layerName = ShortName.code(layer.className)
        let fits = model.fits.filter { $0.networkIndex == networkIndex }
        let uses = fits.compactMap(\.x) + model.networkCalls.filter { $0.networkIndex == networkIndex }.map(\.input)
        // Uses whose data is permuted, and not touched by unknown code afterwards.
        let permuted = uses.compactMap { use in use.composedPermutation.map { (use, $0.axes, $0.last) } }
            .filter { use, _, last in
                let after = use.steps.lastIndex(of: last).map { use.steps[($0 + 1)...] } ?? []
                return !after.contains { $0.kind == .unknown || $0.kind == .reshape }
            }

        switch (input.format, input.shapeOrder) {
        case ("channels_last", .channelsFirst):
            let shape = input.shapeText
            let related =
                [RelatedLocation(span: layer.calleeSpan, message: "expects (height, width, channels)")]
                + permuted.filter { ChannelMove.toFirst.contains($0.1) }.map {
                    RelatedLocation(span: $0.2.span, message: "the data is moved to channels-first here")
                }
            report(
                context.diagnostic(
                    Self.self, at: input.shapeSpan ?? layer.calleeSpan,
                    summary:
                        "Input shape \(ShortName.shortened(shape, limit: 20)) is channels-first, but \(layerName) expects channels last",
                    message:
                        "The input shape \(shape) puts \(input.channelCount ?? 0) channels first, but \(layerText) expects them last "
                        + "(\(input.formatOrigin)); it would read \(shape) as \(input.dimensions[0] ?? 0)×\(input.dimensions[1].map(String.init) ?? "?") "
                        + "images with \(input.dimensions[2].map(String.init) ?? "many") channels",
                    related: related,
                    help:
                        "Declare the shape channels-last, \(input.rotatedToLast), and keep the images as (batch, height, width, channels); "
                        + "or give the convolution and pooling layers `data_format=\"channels_first\"`"))
            return
        case ("channels_first", .channelsLast):
            let shape = input.shapeText
            var related = [RelatedLocation](
                input.shapeSpan.map {
                    [RelatedLocation(span: $0, message: "the input shape \(shape) is channels-last")]
                } ?? [])
            if input.formatSpan != layer.calleeSpan {
                related.append(RelatedLocation(span: layer.calleeSpan, message: "the first convolution"))
            }
            report(
                context.diagnostic(
                    Self.self, at: input.formatSpan,
                    summary:
                        "\(layerName) expects channels first, but input shape \(ShortName.shortened(shape, limit: 20)) is channels-last",
                    message:
                        "\(layerText) expects channels first (\(input.formatOrigin)), but the input shape \(shape) is "
                        + "channels-last; it would read \(input.dimensions[0].map(String.init) ?? "many") channels of "
                        + "\(input.dimensions[1].map(String.init) ?? "?")×\(input.dimensions[2] ?? 0) images",
                    related: related,
                    help:
                        "Use channels last (Keras' default, and faster on most hardware), or declare the shape as \(input.rotatedToFirst) "
                        + "and transpose the images with `np.transpose(x, (0, 3, 1, 2))`"))
            return
        default:
            break
        }

        // The data's own layout.
        let expectsLast = input.format == "channels_last"
        for (use, axes, step) in permuted where (expectsLast ? ChannelMove.toFirst : ChannelMove.toLast).contains(axes)
        {
            let fitLine =
                fits.first { $0.x == use }.map {
                    " and reaches `\($0.networkName).fit` at \(context.lines.label($0.span.line))"
                } ?? ""
            report(
                context.diagnostic(
                    Self.self, at: step.span,
                    summary:
                        "\(ShortName.code(step.description, limit: 28)) moves the channels \(expectsLast ? "first" : "last"), but "
                        + "\(layerName) expects them \(expectsLast ? "last" : "first")",
                    message:
                        "`\(step.description)` moves the channels of `\(use.displayName)` \(expectsLast ? "first" : "last")\(fitLine), "
                        + "but \(layerText) expects them \(expectsLast ? "last" : "first") (\(input.formatOrigin))",
                    related: [
                        RelatedLocation(
                            span: layer.calleeSpan, message: "expects channels \(expectsLast ? "last" : "first")")
                    ],
                    help: expectsLast
                        ? "Keras wants (batch, height, width, channels): drop the transpose, or set `data_format=\"channels_first\"` on the layers"
                        : "Transpose to (batch, channels, height, width) instead, or drop `data_format=\"channels_first\"`"
                ))
        }
        guard !expectsLast, input.shapeOrder == nil else { return }
        for fit in fits {
            guard let x = fit.x, let index = x.datasetIndex, index < context.model.datasets.count,
                context.model.datasets[index].layout == .channelsLast,
                !x.steps.contains(where: { [.permutation, .reshape, .unknown].contains($0.kind) })
            else { continue }
            let dataset = context.model.datasets[index]
            report(
                context.diagnostic(
                    Self.self, at: input.formatSpan,
                    summary:
                        "\(layerName) expects channels first, but \(ShortName.code(x.displayName)) is channels-last",
                    message: "\(layerText) expects channels first (\(input.formatOrigin)), but `\(x.displayName)` from "
                        + "`\(dataset.loaderName)` at \(context.lines.label(dataset.span.line)) is (batch, height, width, channels) and reaches "
                        + "`\(fit.networkName).fit` at \(context.lines.label(fit.span.line)) untransposed",
                    related: [
                        RelatedLocation(span: x.span, message: "channels-last data reaches the model here"),
                        RelatedLocation(span: dataset.span, message: "loaded channels-last here"),
                    ],
                    help:
                        "Use channels last (Keras' default), or transpose the images with `np.transpose(x, (0, 3, 1, 2))`"
                ))
        }
    }

    // MARK: PyTorch

    /// The first layer of a PyTorch network if it is a 2-D convolution (before any linear or
    /// flattening layer).
    static func leadingTorchConv(_ network: Network) -> Layer? {
        for layer in network.layers {
            if layer.kind == .linear {
                return ["Conv2d", "LazyConv2d", "ConvTranspose2d"].contains(layer.className) ? layer : nil
            }
            if [.reshape, .recurrent, .embedding, .other].contains(layer.kind) { return nil }
        }
        return nil
    }

    private func checkTorch(
        _ conv: Layer, network: Network, networkIndex: Int, context: RuleContext, report: (Diagnostic) -> Void
    ) {
        let model = context.model
        for call in model.networkCalls where call.networkIndex == networkIndex {
            let input = call.input
            if let (axes, step) = input.composedPermutation, ChannelMove.toLast.contains(axes),
                !input.steps.contains(where: { $0.kind == .unknown })
            {
                report(
                    context.diagnostic(
                        Self.self, at: step.span,
                        summary: "\(ShortName.code(step.description, limit: 28)) moves the channels last, but "
                            + "\(ShortName.code(conv.displayName)) expects them first",
                        message:
                            "`\(step.description)` moves the channels of `\(input.displayName)` last, but `\(conv.displayName)` at line "
                            + "\(conv.span.line) expects (batch, channels, height, width)",
                        related: [
                            RelatedLocation(
                                span: conv.calleeSpan, message: "PyTorch convolutions expect channels first")
                        ],
                        help:
                            "Drop this permute, or permute with `(0, 3, 1, 2)` to go from channels-last to channels-first"
                    ))
                continue
            }
            guard let index = input.datasetIndex, index < model.datasets.count,
                model.datasets[index].layout == .channelsLast,
                !input.steps.contains(where: { [.permutation, .reshape, .unknown].contains($0.kind) })
            else { continue }
            let dataset = model.datasets[index]
            report(
                context.diagnostic(
                    Self.self, at: input.span,
                    summary:
                        "\(ShortName.code(input.displayName)) is channels-last, but \(ShortName.code(conv.displayName)) expects "
                        + "channels first",
                    message:
                        "`\(input.displayName)` from `\(dataset.loaderName)` at \(context.lines.label(dataset.span.line)) is channels-last "
                        + "(height, width, channels) and reaches `\(call.networkName)` at \(context.lines.label(call.span.line)) unpermuted, but "
                        + "`\(conv.displayName)` at \(context.lines.label(conv.span.line)) expects (batch, channels, height, width)",
                    related: [
                        RelatedLocation(span: dataset.span, message: "loaded channels-last here"),
                        RelatedLocation(span: conv.calleeSpan, message: "PyTorch convolutions expect channels first"),
                    ],
                    help:
                        "Move the channels first with `x.permute(0, 3, 1, 2)` (or `np.transpose(x, (0, 3, 1, 2))`), not with reshape"
                ))
        }
    }

    // MARK: reshape instead of transpose

    /// `x.reshape(-1, 3, 32, 32)` on (batch, 32, 32, 3) colour images from a loader known to
    /// give channels-last data with 3 channels.
    private func reshapeScramble(_ use: TrainingUse, context: RuleContext) -> Diagnostic? {
        let model = context.model
        guard let index = use.reference.datasetIndex, index < model.datasets.count else { return nil }
        let dataset = model.datasets[index]
        let isColour: Bool
        switch dataset.origin {
        case .kerasDataset(let name): isColour = name == "cifar10" || name == "cifar100"
        case .imageLoader(let name): isColour = name == "cv2.imread" && dataset.layout == .channelsLast
        case .other: isColour = false
        }
        guard isColour else { return nil }
        for step in use.reference.steps {
            if step.kind == .permutation || step.kind == .unknown { return nil }
            guard step.kind == .reshape, let shape = step.shape else { continue }
            let movesChannels =
                (shape.count == 4 && [3, 4].contains(shape[1]) && shape[3] >= 8)
                || (shape.count == 3 && [3, 4].contains(shape[0]) && shape[2] >= 8)
            guard movesChannels else { continue }
            let target = "(" + shape.map(String.init).joined(separator: ", ") + ")"
            return context.diagnostic(
                Self.self, at: step.span,
                summary: "\(ShortName.code(step.description, limit: 28)) scrambles the channels of "
                    + "\(ShortName.code(use.reference.displayName)); transpose instead",
                message:
                    "`\(step.description)` to \(target) does not move the channels of `\(use.reference.displayName)` "
                    + "(channels-last images from `\(dataset.loaderName)` at \(context.lines.label(dataset.span.line))): it reinterprets the same "
                    + "memory, so each \"channel\" becomes a strip of interleaved pixels",
                related: [
                    RelatedLocation(span: use.reference.span, message: "the scrambled images reach \(use.description)")
                ],
                help: "Transpose instead: `np.transpose(x, (0, 3, 1, 2))` or `x.permute(0, 3, 1, 2)`")
        }
        return nil
    }
}

/// The input side of a Keras network whose first spatial layer is 2-D: its declared shape and
/// the layout its first 2-D layer expects.
struct KerasImageInput {
    enum Order { case channelsFirst, channelsLast }

    let network: Network
    /// The first 2-D convolution, pooling, padding or cropping layer.
    let firstSpatial: Layer
    /// `channels_first` or `channels_last`.
    let format: String
    /// Where the format comes from, for messages.
    let formatOrigin: String
    /// Where diagnostics about the format underline: the `data_format=` value, the
    /// script-wide setting, or the layer.
    let formatSpan: SourceSpan
    /// The declared input shape without the batch axis, when it has three dimensions
    /// (None dimensions as nil).
    let dimensions: [Int?]
    let shapeSpan: SourceSpan?
    let shapeText: String

    /// Layers that may come before the first 2-D layer without changing the input's layout.
    private static let layoutPreserving: Set<String> = [
        "Rescaling", "Normalization", "Resizing", "CenterCrop", "RandomFlip", "RandomRotation", "RandomZoom",
        "RandomCrop",
        "RandomTranslation", "RandomContrast", "RandomBrightness", "GaussianNoise",
    ]

    init?(network: Network, global: DataFormatSetting?, lines: LineLabels) {
        self.network = network
        var spatial: Layer?
        // By index: most networks have no 2-D layer, and a `for layer in` copies each layer.
        let layers = network.layers
        for index in layers.indices {
            let kind = layers[index].kind
            if [.linear, .pooling, .reshape].contains(kind), Self.saysTwoD(layers[index].className) {
                spatial = layers[index]
                break
            }
            switch kind {
            case .input, .dropout, .normalization, .activation: continue
            case .other where Self.layoutPreserving.contains(layers[index].className): continue
            default: return nil
            }
        }
        guard let spatial else { return nil }
        firstSpatial = spatial
        if let argument = spatial.argument("data_format") {
            guard let value = argument.value.string, ["channels_first", "channels_last"].contains(value) else {
                return nil
            }
            format = value
            formatOrigin = "`data_format=\"\(value)\"`"
            formatSpan = argument.valueSpan
        } else if let global, let value = global.format {
            format = value
            formatOrigin = "set script-wide at \(lines.label(global.span.line))"
            formatSpan = global.argumentSpan ?? global.span
        } else {
            format = "channels_last"
            formatOrigin = "Keras' default `data_format`"
            formatSpan = spatial.calleeSpan
        }
        var shapeArgument: Argument?
        for layer in network.layers {
            if layer.kind == .input, let argument = layer.argument("shape", position: 0) {
                shapeArgument = argument
                break
            }
            if let argument = layer.argument("input_shape") {
                shapeArgument = argument
                break
            }
        }
        let shapeValue = shapeArgument?.value ?? network.inputShape
        shapeSpan = shapeArgument?.valueSpan
        shapeText = shapeValue?.pythonLiteral ?? ""
        guard let shapeValue else {
            // No declared shape: only the data can tell.
            dimensions = []
            return
        }
        // A shape Umlaut cannot read, or not (height, width, channels) in some order: leave it.
        guard case .sequence(let values) = shapeValue, values.count == 3 else { return nil }
        var dimensions: [Int?] = []
        for value in values {
            switch value {
            case .int(let number): dimensions.append(number)
            case .none: dimensions.append(nil)
            default: return nil
            }
        }
        self.dimensions = dimensions
    }

    /// Whether a class name holds `2D` (`Conv2D`, `MaxPooling2D`); a byte check, since
    /// `String.contains` of a string goes through Foundation's search.
    private static func saysTwoD(_ name: String) -> Bool {
        var previous: UInt8 = 0
        for byte in name.utf8 {
            if previous == UInt8(ascii: "2"), byte == UInt8(ascii: "D") { return true }
            previous = byte
        }
        return false
    }

    private static func isChannelCount(_ dimension: Int?) -> Bool { dimension.map { [1, 3, 4].contains($0) } ?? false }
    private static func isSpatial(_ dimension: Int?) -> Bool { dimension.map { $0 >= 8 } ?? true }

    /// Where the declared shape has its channels, when that is clear.
    var shapeOrder: Order? {
        guard dimensions.count == 3 else { return nil }
        let (a, b, c) = (dimensions[0], dimensions[1], dimensions[2])
        if Self.isChannelCount(a), !Self.isChannelCount(c), Self.isSpatial(b), Self.isSpatial(c), c != nil || b != nil {
            return .channelsFirst
        }
        if Self.isChannelCount(c), !Self.isChannelCount(a), Self.isSpatial(a), Self.isSpatial(b), a != nil || b != nil {
            return .channelsLast
        }
        if Self.isChannelCount(a), b == nil, c == nil { return .channelsFirst }
        if Self.isChannelCount(c), a == nil, b == nil { return .channelsLast }
        return nil
    }

    var channelCount: Int? { shapeOrder == .channelsFirst ? dimensions.first ?? nil : dimensions.last ?? nil }

    private static func literal(_ dimensions: [Int?]) -> String {
        "(" + dimensions.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + ")"
    }

    var rotatedToLast: String { Self.literal(Array(dimensions.dropFirst()) + [dimensions[0]]) }
    var rotatedToFirst: String { Self.literal([dimensions[2]] + Array(dimensions.dropLast())) }
}
