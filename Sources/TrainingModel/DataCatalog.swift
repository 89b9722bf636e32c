/// What Umlaut knows about the functions data passes through: loaders, conversions, scaling,
/// axis permutations, splits. Names are canonical qualified names (see `ImportTable`); methods
/// are matched by their name alone.
///
/// Every table errs on the side of "unknown": a call that is not listed makes the data's
/// history unknown, and the data rules then stay silent.
enum DataCatalog {
    // MARK: Loaders

    /// What a loader call yields.
    struct Loader {
        var origin: Dataset.Origin
        var isRawImages: Bool
        var layout: ImageLayout?
    }

    /// Keras' bundled datasets whose inputs are images, with their layout as loaded.
    static let kerasImageDatasets: [String: ImageLayout] = [
        "mnist": .noChannelAxis, "fashion_mnist": .noChannelAxis, "cifar10": .channelsLast, "cifar100": .channelsLast,
    ]

    /// torchvision datasets that yield images (PIL images unless a transform converts them).
    static let torchvisionImageDatasets: Set<String> = [
        "MNIST", "FashionMNIST", "KMNIST", "EMNIST", "QMNIST", "CIFAR10", "CIFAR100", "SVHN", "STL10", "ImageFolder",
        "ImageNet", "CelebA", "Caltech101", "Caltech256", "Flowers102", "Food101", "OxfordIIITPet", "StanfordCars",
        "FGVCAircraft", "DTD", "EuroSAT", "GTSRB", "Places365", "LSUN", "VOCDetection", "VOCSegmentation",
        "CocoDetection",
        "USPS", "SEMEION", "Omniglot", "PCAM", "Country211", "RenderedSST2", "SUN397", "INaturalist", "LFWPeople",
        "FakeData",
    ]

    /// tensorflow_datasets names whose images come as raw uint8.
    static let tfdsImageDatasets: Set<String> = [
        "mnist", "fashion_mnist", "cifar10", "cifar100", "emnist", "kmnist", "svhn_cropped", "stl10", "imagenet2012",
        "imagenette", "cats_vs_dogs", "tf_flowers", "oxford_iiit_pet", "oxford_flowers102", "food101", "caltech101",
        "eurosat", "celeb_a", "horses_or_humans", "rock_paper_scissors", "beans", "malaria", "colorectal_histology",
    ]

    /// Single-image readers that give (height, width, channels) arrays of 0–255 values.
    static let imageReaders: [String: String] = [
        "PIL.Image.open": "PIL.Image.open",
        "cv2.imread": "cv2.imread",
        "imageio.imread": "imageio.imread",
        "imageio.v2.imread": "imageio.imread",
        "imageio.v3.imread": "imageio.imread",
        "skimage.io.imread": "skimage.io.imread",
        "keras.utils.load_img": "keras.utils.load_img",
        "keras.preprocessing.image.load_img": "keras.utils.load_img",
        "tensorflow.io.decode_jpeg": "tf.io.decode_jpeg",
        "tensorflow.io.decode_png": "tf.io.decode_png",
        "tensorflow.io.decode_image": "tf.io.decode_image",
        "tensorflow.image.decode_jpeg": "tf.io.decode_jpeg",
        "tensorflow.image.decode_png": "tf.io.decode_png",
        "tensorflow.image.decode_image": "tf.io.decode_image",
    ]

    /// torchvision readers that give (channels, height, width) uint8 tensors.
    static let torchImageReaders: Set<String> = [
        "torchvision.io.read_image", "torchvision.io.decode_image", "torchvision.io.decode_jpeg",
        "torchvision.io.decode_png",
    ]

    /// Loaders of arrays and tables that are not known to be images.
    static let otherLoaders: [String: String] = [
        "numpy.load": "np.load", "numpy.loadtxt": "np.loadtxt", "numpy.genfromtxt": "np.genfromtxt",
        "numpy.fromfile": "np.fromfile", "pandas.read_csv": "pd.read_csv", "pandas.read_parquet": "pd.read_parquet",
        "pandas.read_excel": "pd.read_excel", "pandas.read_json": "pd.read_json",
        "pandas.read_pickle": "pd.read_pickle",
        "pandas.read_feather": "pd.read_feather", "pandas.read_table": "pd.read_table", "torch.load": "torch.load",
        "h5py.File": "h5py.File", "pickle.load": "pickle.load", "joblib.load": "joblib.load",
        "scipy.io.loadmat": "scipy.io.loadmat", "sklearn.datasets.load_iris": "load_iris",
        "sklearn.datasets.load_digits": "load_digits", "sklearn.datasets.load_breast_cancer": "load_breast_cancer",
        "sklearn.datasets.load_wine": "load_wine", "sklearn.datasets.load_diabetes": "load_diabetes",
        "sklearn.datasets.make_classification": "make_classification",
        "sklearn.datasets.make_regression": "make_regression",
    ]

    // MARK: Conversions and wrappers

    /// Functions that pass their first argument's data through without changing its values or
    /// axis order (conversions, batching, progress bars).
    static let passThroughFunctions: Set<String> = [
        "numpy.array", "numpy.asarray", "numpy.asanyarray", "numpy.ascontiguousarray", "numpy.float32", "numpy.float64",
        "numpy.float16", "numpy.copy", "numpy.squeeze", "numpy.stack", "numpy.vstack", "numpy.expand_dims",
        "numpy.nan_to_num", "numpy.array_split",
        "tensorflow.cast", "tensorflow.convert_to_tensor", "tensorflow.constant", "tensorflow.identity",
        "tensorflow.expand_dims", "tensorflow.squeeze", "tensorflow.stack", "tensorflow.image.resize",
        "tensorflow.image.resize_with_pad", "tensorflow.image.random_flip_left_right",
        "tensorflow.image.flip_left_right",
        "tensorflow.data.Dataset.from_tensor_slices", "tensorflow.data.Dataset.from_tensors",
        "tensorflow.data.Dataset.zip",
        "torch.tensor", "torch.as_tensor", "torch.from_numpy", "torch.Tensor", "torch.FloatTensor", "torch.stack",
        "torch.unsqueeze", "torch.squeeze", "torch.utils.data.DataLoader",
        "keras.utils.img_to_array", "keras.preprocessing.image.img_to_array", "keras.ops.convert_to_tensor",
        "keras.ops.cast", "keras.ops.expand_dims",
        "list", "tuple", "iter", "next", "tqdm", "tqdm.tqdm", "tqdm.auto.tqdm", "tqdm.notebook.tqdm",
    ]

    /// Methods that pass their receiver's data through unchanged in values and axis order.
    static let passThroughMethods: Set<String> = [
        "astype", "float", "double", "half", "to", "cuda", "cpu", "numpy", "copy", "clone", "detach", "contiguous",
        "squeeze", "unsqueeze", "squeeze_", "unsqueeze_", "type", "convert", "resize", "batch", "padded_batch",
        "shuffle",
        "prefetch", "cache", "repeat", "unbatch", "with_options", "pin_memory", "requires_grad_", "to_numpy",
        "as_numpy_iterator", "__array__", "expand_dims",
    ]

    // MARK: Scaling

    /// Functions that scale or normalise their first argument.
    static let scalingFunctions: [String: String] = [
        "tensorflow.image.per_image_standardization": "tf.image.per_image_standardization",
        "tensorflow.image.convert_image_dtype": "tf.image.convert_image_dtype",
        "tensorflow.math.l2_normalize": "tf.math.l2_normalize",
        "tensorflow.nn.l2_normalize": "tf.nn.l2_normalize",
        "keras.utils.normalize": "keras.utils.normalize",
        "torchvision.transforms.functional.to_tensor": "to_tensor",
        "torchvision.transforms.functional.normalize": "normalize",
        "torchvision.transforms.functional.convert_image_dtype": "convert_image_dtype",
        "torch.nn.functional.normalize": "F.normalize",
        "sklearn.preprocessing.scale": "sklearn scale", "sklearn.preprocessing.normalize": "sklearn normalize",
        "sklearn.preprocessing.minmax_scale": "minmax_scale", "sklearn.preprocessing.robust_scale": "robust_scale",
        "sklearn.preprocessing.maxabs_scale": "maxabs_scale",
        "sklearn.preprocessing.power_transform": "power_transform",
        "sklearn.preprocessing.quantile_transform": "quantile_transform",
        "cv2.normalize": "cv2.normalize",
    ]

    /// Methods that scale their receiver: `x.div(255)`, `x.sub(mean).div(std)`.
    static let scalingMethods: Set<String> = [
        "div", "div_", "divide", "true_divide", "mul", "mul_", "multiply", "sub", "sub_", "subtract",
    ]

    /// sklearn preprocessors whose `transform` / `fit_transform` scale.
    static let sklearnScalers: Set<String> = [
        "StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler", "Normalizer", "QuantileTransformer",
        "PowerTransformer",
    ]

    /// Keras layers that scale their input when applied to data or placed first in a model.
    static let scalingLayers: Set<String> = ["Rescaling", "Normalization"]

    /// Keras application models that rescale raw 0–255 images themselves (`include_preprocessing`).
    static func appliesOwnPreprocessing(_ qualifiedName: String) -> Bool {
        guard qualifiedName.hasPrefix("keras.applications.") else { return false }
        let last = qualifiedName.lastDottedPart ?? ""
        return ["EfficientNet", "ConvNeXt", "RegNet", "MobileNetV3"].contains { last.hasPrefix($0) }
    }

    /// torchvision transforms by what they do to PIL images or uint8 tensors.
    enum TransformEffect {
        /// Scales values (`ToTensor` to [0, 1], `Normalize`, `ConvertImageDtype`).
        case scales
        /// Leaves values in 0–255 (geometry, colour jitter, `PILToTensor`).
        case keepsValues
    }

    static let torchvisionTransforms: [String: TransformEffect] = {
        var table: [String: TransformEffect] = [:]
        for name in ["ToTensor", "Normalize", "ConvertImageDtype", "ToDtype"] { table[name] = .scales }
        for name in [
            "PILToTensor", "ToImage", "ToPILImage", "Resize", "CenterCrop", "RandomCrop", "RandomResizedCrop",
            "RandomHorizontalFlip", "RandomVerticalFlip", "RandomRotation", "RandomAffine", "ColorJitter",
            "Grayscale", "RandomGrayscale", "Pad", "FiveCrop", "TenCrop", "RandomPerspective", "RandomErasing",
            "GaussianBlur", "RandomInvert", "RandomPosterize", "RandomSolarize", "RandomAdjustSharpness",
            "RandomAutocontrast", "RandomEqualize", "AutoAugment", "RandAugment", "TrivialAugmentWide",
            "AugMix", "RandomApply", "RandomChoice", "RandomOrder",
        ] { table[name] = .keepsValues }
        return table
    }()

    /// torchvision transforms that turn images into (channels, height, width) tensors.
    static let channelsFirstTransforms: Set<String> = ["ToTensor", "PILToTensor", "ToImage"]

    // MARK: Layout

    /// Functions that reorder axes, with how their arguments say so.
    enum PermutationForm {
        /// `np.transpose(a, axes)`, `tf.transpose(a, perm)`, `torch.permute(a, dims)`.
        case axesList(keyword: String)
        /// `np.swapaxes(a, i, j)`, `torch.transpose(a, i, j)`.
        case swap
        /// `np.moveaxis(a, source, destination)`, `torch.movedim(a, source, destination)`.
        case move
        /// `np.rollaxis(a, axis, start)`.
        case roll
    }

    static let permutationFunctions: [String: PermutationForm] = [
        "numpy.transpose": .axesList(keyword: "axes"), "tensorflow.transpose": .axesList(keyword: "perm"),
        "torch.permute": .axesList(keyword: "dims"), "keras.ops.transpose": .axesList(keyword: "axes"),
        "tensorflow.experimental.numpy.transpose": .axesList(keyword: "axes"),
        "numpy.swapaxes": .swap, "torch.transpose": .swap, "torch.swapaxes": .swap, "numpy.moveaxis": .move,
        "torch.movedim": .move, "torch.moveaxis": .move, "numpy.rollaxis": .roll,
    ]

    static let reshapeFunctions: [String: String] = [
        "numpy.reshape": "newshape", "tensorflow.reshape": "shape", "torch.reshape": "shape",
        "keras.ops.reshape": "newshape",
    ]

    // MARK: Splits and dataset plumbing

    /// Functions whose outputs are new, separate parts of their inputs (a correct way to hold out
    /// validation data). `pairs`: outputs come in (train, test) pairs per input array.
    static let splitFunctions: [String: Bool] = [
        "sklearn.model_selection.train_test_split": true, "sklearn.cross_validation.train_test_split": true,
        "torch.utils.data.random_split": false, "keras.utils.split_dataset": false,
    ]

    /// Methods of `tf.data.Dataset` that select part of it.
    static let sliceMethods: Set<String> = ["take", "skip", "shard", "filter", "head", "tail", "sample"]

    /// Calls that update weights: a network called where one of these is also called is being
    /// trained.
    static let gradientMethods: Set<String> = ["backward", "step", "gradient", "apply_gradients", "minimize"]

    /// Constructors whose result is a network, besides those `NetworkExtraction` finds.
    static func makesNetwork(_ qualifiedName: String) -> Bool {
        qualifiedName.hasPrefix("keras.applications.") || qualifiedName.hasPrefix("torchvision.models.")
            || [
                "keras.Sequential", "keras.Model", "keras.models.load_model", "keras.saving.load_model",
                "torch.nn.Sequential", "timm.create_model",
            ].contains(qualifiedName)
    }

    /// Last components of the callees the pass looks at when it scans every call: loaders,
    /// layout settings, scaling layers, network constructors. Other calls are not resolved.
    static let interestingCallees: Set<String> = {
        var names: Set<String> = [
            "load_data", "image_dataset_from_directory", "flow_from_directory", "flow_from_dataframe", "imread",
            "open", "load_img", "read_image", "decode_image", "decode_jpeg", "decode_png", "load", "fetch_openml",
            "set_image_data_format", "set_image_dim_ordering", "image_data_format", "image_dim_ordering",
            "Sequential", "Model", "load_model", "create_model", "preprocess_input",
        ]
        names.formUnion(scalingLayers)
        names.formUnion(torchvisionImageDatasets)
        for name in otherLoaders.keys { names.insert(String(name.lastDottedPart ?? "")) }
        return names
    }()

    /// Short display names for the common module prefixes (`numpy.transpose` → `np.transpose`).
    static func shortName(_ qualifiedName: String) -> String {
        for (prefix, short) in [
            ("numpy.", "np."), ("tensorflow.", "tf."), ("pandas.", "pd."), ("matplotlib.pyplot.", "plt."),
            ("torch.nn.functional.", "F."), ("torchvision.transforms.", "transforms."),
        ]
        where qualifiedName.hasPrefix(prefix) {
            return short + qualifiedName.dropFirst(prefix.count)
        }
        return qualifiedName
    }
}
