// MARK: - Data

/// Data the script loads, and whether it is scaled before it reaches training.
package struct Dataset: Hashable, Sendable, Codable {
    package enum Origin: Hashable, Sendable, Codable {
        /// `keras.datasets.<name>.load_data()`
        case kerasDataset(String)
        /// `image_dataset_from_directory`, `ImageDataGenerator.flow_from_directory`,
        /// `torchvision.datasets.<Name>`, `ImageFolder`, PIL/cv2 reads.
        case imageLoader(String)
        /// Any other loader the script calls (`np.load`, `pd.read_csv`, ...).
        case other(String)
    }

    /// The variables bound to the loaded data (`x_train`, `y_train`, `x_test`, `y_test`).
    package var variables: [String]
    package var origin: Origin
    /// Whether the loader yields raw pixel values (0–255). A loader's own scaling option counts
    /// (a torchvision `transform` with `ToTensor()`, `ImageDataGenerator(rescale=...)`); unknown
    /// transforms count as scaling. Scaling applied after loading is in `scaling`.
    package var isRawImages: Bool
    /// The axis order of the images the loader yields, when known (`nil` for non-images and
    /// for PIL images whose layout is decided later).
    package var layout: ImageLayout?
    /// The loading call.
    package var span: SourceSpan
    /// Every place the data is scaled or normalised on its way to training: arithmetic on the
    /// arrays, scaling functions, the loader's own options, and normalising layers at the start
    /// of a model it is fed to. Empty when Umlaut found none.
    package var scaling: [Scaling]

    package init(
        variables: [String], origin: Origin, isRawImages: Bool, layout: ImageLayout? = nil, span: SourceSpan,
        scaling: [Scaling] = []
    ) {
        self.variables = variables
        self.origin = origin
        self.isRawImages = isRawImages
        self.layout = layout
        self.span = span
        self.scaling = scaling
    }
}

extension Dataset.Origin {
    private enum CodingKeys: String, CodingKey {
        case kerasDataset, imageLoader, other
    }

    /// `{"kerasDataset": "mnist"}` rather than the synthesised `{"kerasDataset": {"_0": "mnist"}}`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .kerasDataset) {
            self = .kerasDataset(name)
        } else if let name = try container.decodeIfPresent(String.self, forKey: .imageLoader) {
            self = .imageLoader(name)
        } else {
            self = .other(try container.decode(String.self, forKey: .other))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .kerasDataset(let name): try container.encode(name, forKey: .kerasDataset)
        case .imageLoader(let name): try container.encode(name, forKey: .imageLoader)
        case .other(let name): try container.encode(name, forKey: .other)
        }
    }
}

/// Where the channel axis of image data is.
package enum ImageLayout: String, Hashable, Sendable, Codable {
    /// (batch, height, width, channels) or (height, width, channels): Keras, TensorFlow, NumPy,
    /// PIL, OpenCV.
    case channelsLast
    /// (batch, channels, height, width) or (channels, height, width): PyTorch tensors.
    case channelsFirst
    /// (batch, height, width) grayscale with no channel axis at all (MNIST as loaded by Keras).
    case noChannelAxis
}

/// A place where input data is scaled: `x / 255.0`, `x.astype("float32") / 255`,
/// `Rescaling(1./255)`, `Normalization()`, `transforms.Normalize(...)`, `ToTensor()`,
/// `ImageDataGenerator(rescale=...)`, `StandardScaler`...
package struct Scaling: Hashable, Sendable, Codable {
    /// What it is, e.g. `divide by 255.0`, `Rescaling`, `ToTensor`.
    package var description: String
    /// The variable scaled, when it is an array expression.
    package var variable: String?
    package var span: SourceSpan

    package init(description: String, variable: String?, span: SourceSpan) {
        self.description = description
        self.variable = variable
        self.span = span
    }
}

/// One thing done to data between where it comes from and a use of it, found while following
/// assignments back: `x / 255`, `np.transpose(x, (0, 3, 1, 2))`, `x.reshape(-1, 3, 32, 32)`,
/// `preprocess(x)`. Conversions that keep values and layout (`astype`, `np.array`,
/// `torch.tensor`, `.to(device)`, batching) are not steps.
package struct DataStep: Hashable, Sendable, Codable {
    package enum Kind: String, Hashable, Sendable, Codable {
        /// Scales or normalises the values (also recorded in the dataset's `scaling`).
        case scaling
        /// Reorders the axes; `axes` says how when known.
        case permutation
        /// Changes the shape without moving values; `shape` says to what when known.
        case reshape
        /// A call Umlaut does not know: anything may have happened to values and layout.
        case unknown
    }

    package var kind: Kind
    /// What it is, e.g. `divide by 255.0`, `np.transpose`, `preprocess`.
    package var description: String
    /// For permutations: the new order of the old axes (`[0, 3, 1, 2]` moves channels from last
    /// to second), when known.
    package var axes: [Int]?
    /// For reshapes: the new shape, with -1 for dimensions not known statically.
    package var shape: [Int]?
    /// The expression that does it.
    package var span: SourceSpan

    package init(kind: Kind, description: String, axes: [Int]? = nil, shape: [Int]? = nil, span: SourceSpan) {
        self.kind = kind
        self.description = description
        self.axes = axes
        self.shape = shape
        self.span = span
    }
}

/// A call of a network on data outside `fit`: `model(x)` in a PyTorch loop or a custom Keras
/// training step, or a plain prediction.
package struct NetworkCall: Hashable, Sendable, Codable {
    /// The callee as written (`model`, `net`).
    package var networkName: String
    /// Index into `ScriptModel.networks` of the network called, when known.
    package var networkIndex: Int?
    /// The whole call.
    package var span: SourceSpan
    /// The data passed in (the first positional argument).
    package var input: DataReference
    /// Whether the call is part of training: its loop or function also computes gradients
    /// (`loss.backward()`, `optimizer.step()`, `tape.gradient(...)`, `apply_gradients`).
    package var isTraining: Bool

    package init(
        networkName: String, networkIndex: Int? = nil, span: SourceSpan, input: DataReference, isTraining: Bool
    ) {
        self.networkName = networkName
        self.networkIndex = networkIndex
        self.span = span
        self.input = input
        self.isTraining = isTraining
    }
}

/// `keras.backend.set_image_data_format("channels_first")` (also `keras.config.` and the old
/// `set_image_dim_ordering("th")`), or a read of the setting (`keras.backend.image_data_format()`)
/// after which a script usually adapts its shapes to whatever is set.
package struct DataFormatSetting: Hashable, Sendable, Codable {
    /// `channels_first` or `channels_last` for a call that sets a known value; nil for a read or
    /// a value Umlaut cannot work out.
    package var format: String?
    /// Whether the call reads the setting rather than changing it.
    package var isRead: Bool
    /// The call.
    package var span: SourceSpan
    /// The value argument of a setting call, where diagnostics underline.
    package var argumentSpan: SourceSpan?

    package init(format: String?, isRead: Bool, span: SourceSpan, argumentSpan: SourceSpan? = nil) {
        self.format = format
        self.isRead = isRead
        self.span = span
        self.argumentSpan = argumentSpan
    }
}
