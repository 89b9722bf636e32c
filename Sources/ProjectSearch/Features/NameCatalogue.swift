import Foundation

/// Finds the names of a catalogue (datasets, model families) in code and prose by their usual
/// spellings, at identifier boundaries: `resnet50`, `ResNet` and `models.resnet18` name ResNet,
/// `SimpleUNet` names U-Net, but `robert` does not name BERT and `activity` does not name ViT.
///
/// A spelling matches where the text before it is not a letter (or is a lower-case letter and
/// the spelling starts with a capital: camel case), and the text after it is not a lower-case
/// letter (digits, capitals, `_`, punctuation may follow: `resnet50`, `BertModel`).
package struct NameCatalogue: Sendable {
    package struct Entry: Sendable {
        /// The canonical name stored and searched (`CIFAR-10`).
        package var name: String
        package var spellings: [String]
    }

    package let entries: [Entry]
    /// Spelling (exact case) → entry index, bucketed by first byte, longest spelling first.
    private let byFirstByte: [UInt8: [(spelling: [UInt8], entry: Int)]]

    package init(_ entries: [Entry]) {
        self.entries = entries
        var buckets: [UInt8: [(spelling: [UInt8], entry: Int)]] = [:]
        for (index, entry) in entries.enumerated() {
            for spelling in entry.spellings {
                let bytes = Array(spelling.utf8)
                buckets[bytes[0], default: []].append((bytes, index))
            }
        }
        byFirstByte = buckets.mapValues { $0.sorted { $0.spelling.count > $1.spelling.count } }
    }

    /// Each catalogue name found in `text`, with the 1-based line of its first occurrence and
    /// the spelling found there, in order of first occurrence.
    package func find(in text: [UInt8]) -> [(name: String, line: Int, spelling: String)] {
        var seen: Set<Int> = []
        return occurrences(in: text).filter { seen.insert($0.entry).inserted }
            .map {
                (
                    entries[$0.entry].name, $0.line,
                    String(decoding: text[$0.offset..<$0.offset + $0.length], as: UTF8.self)
                )
            }
    }

    /// How many times each catalogue name occurs in `text`.
    package func counts(in text: [UInt8]) -> [String: Int] {
        occurrences(in: text).reduce(into: [:]) { counts, found in counts[entries[found.entry].name, default: 0] += 1 }
    }

    /// Every occurrence of a spelling in `text`: the entry, its byte offset and length, its 1-based line.
    func occurrences(in text: [UInt8]) -> [(entry: Int, offset: Int, length: Int, line: Int)] {
        var found: [(entry: Int, offset: Int, length: Int, line: Int)] = []
        var line = 1
        var index = 0
        let count = text.count
        while index < count {
            let byte = text[index]
            if byte == 10 {
                line += 1
                index += 1
                continue
            }
            guard let candidates = byFirstByte[byte] else {
                index += 1
                continue
            }
            let previous: UInt8 = index > 0 ? text[index - 1] : 32
            let previousIsLetter = isLetter(previous)
            var matchedLength = 0
            for candidate in candidates {
                let spelling = candidate.spelling
                guard index + spelling.count <= count else { continue }
                if previousIsLetter && !(isUpper(spelling[0]) && isLower(previous)) { continue }
                var equal = true
                for offset in 0..<spelling.count where text[index + offset] != spelling[offset] {
                    equal = false
                    break
                }
                guard equal else { continue }
                let next: UInt8 = index + spelling.count < count ? text[index + spelling.count] : 32
                if isLower(next) { continue }
                // An acronym does not continue into a longer capitalised word: `GATE` and
                // `GATHER` are not GAT, `GRAD_CLIPPING` is not CLIP; `GATConv` and `DQNAgent` are.
                if isUpper(next), Self.isAcronym(spelling) {
                    let afterNext: UInt8 = index + spelling.count + 1 < count ? text[index + spelling.count + 1] : 32
                    if !isLower(afterNext) { continue }
                }
                found.append((candidate.entry, index, spelling.count, line))
                matchedLength = spelling.count
                break
            }
            index += max(1, matchedLength)
        }
        return found
    }

    /// The names a class or function called `identifier` defines: those it is named after, the
    /// spelling followed by nothing but variant marks and generic words (`ResNet`, `resnet50d`,
    /// `vgg11_bn`, `InceptionV3`, `DQNNetwork`, `Unet1D`, `get_resnet`), not those it is a part or
    /// a user of (`ResnetBlock`, `GRUGating`, `CLIPVisionCfg`, `unet_block`, `bert_encode`).
    ///
    /// A building block (`Transformer`, `LSTM`, `GRU`, `Autoencoder`, `VAE`) must also come first,
    /// after nothing but a builder's verb (`Transformer`, `TransformerWrapper`, `build_lstm`): a
    /// word before it makes another thing of it (`QuantileTransformer`, `RolloutGRU`,
    /// `MultiHeadDecoderTransformer`, `SparseAutoEncoder`), often a part of the project's model.
    package func defined(byName identifier: String) -> [String] {
        let bytes = Array(identifier.utf8)
        var names: [String] = []
        for found in occurrences(in: bytes) {
            let tail = String(decoding: bytes[(found.offset + found.length)...], as: UTF8.self)
            let name = entries[found.entry].name
            if Self.buildingBlocks.contains(name) {
                let head = FileAnalyzer.subwords(String(decoding: bytes[..<found.offset], as: UTF8.self))
                guard head.allSatisfy(Self.builderVerbs.contains) else { continue }
            }
            if !names.contains(name), FileAnalyzer.subwords(tail).allSatisfy(Self.isVariantOrGeneric) {
                names.append(name)
            }
        }
        return names
    }

    /// Families that are parts of many models as well as models of their own.
    static let buildingBlocks: Set<String> = ["Transformer", "LSTM", "GRU", "Autoencoder", "VAE"]
    /// Words before a family in a function that builds it: `get_`, `build_`, `make_`, `create_`.
    static let builderVerbs: Set<String> = ["get", "build", "make", "create"]

    /// Words that name what a definition is without naming another thing: `Model`, `Net`,
    /// `Encoder`, a GAN's `Generator`, an RL `Agent`, a dataset's `Dataset` or `Loader`, and the
    /// framework a package is written for (`efficientnet_pytorch/`, `ffhq_dataset.py`).
    static let genericWords: Set<String> = [
        "model", "models", "net", "network", "module", "wrapper", "backbone", "arch", "encoder", "decoder",
        "features", "feature", "extractor", "classifier", "discriminator", "generator", "agent",
        "dataset", "datasets", "data", "loader", "dataloader", "datamodule",
        "pytorch", "torch", "keras", "tf", "tensorflow", "jax", "flax",
    ]
    /// Sizes and styles of a variant: `large`, `tiny`, `bn`, `mobile`, `custom`.
    static let variantWords: Set<String> = [
        "bn", "large", "small", "tiny", "base", "huge", "mobile", "lite", "xl", "plus", "hybrid", "light", "nano",
        "micro", "mini", "deep", "wide", "clean", "original", "custom", "pretrained",
    ]
    private static let variantMark = try! NSRegularExpression(
        pattern: #"^(?:[0-9]+[a-z]*|v[0-9]+[a-z]*|[a-z][0-9]+[a-z]?|[0-9]*x[0-9]*[a-z]?)$"#)

    /// Whether a lower-case sub-word is a variant mark (`50d`, `v2`, `b0`, `1d`, `x4`) or a
    /// variant or generic word.
    static func isVariantOrGeneric(_ word: String) -> Bool {
        genericWords.contains(word) || variantWords.contains(word)
            || variantMark.firstMatch(in: word, range: NSRange(location: 0, length: (word as NSString).length)) != nil
    }

    /// Whether a spelling is written in capitals (and digits): `GAT`, `A2C`, `TD3`.
    static func isAcronym(_ spelling: [UInt8]) -> Bool {
        spelling.contains { $0 >= 65 && $0 <= 90 } && !spelling.contains { $0 >= 97 && $0 <= 122 }
    }

    private func isLetter(_ byte: UInt8) -> Bool { isLower(byte) || isUpper(byte) }
    private func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
    private func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
}

extension NameCatalogue {
    /// Common datasets, by the names code and READMEs use for them.
    package static let datasets = NameCatalogue([
        .init(name: "MNIST", spellings: ["MNIST", "mnist", "Mnist"]),
        .init(name: "Fashion-MNIST", spellings: ["FashionMNIST", "fashion_mnist", "Fashion-MNIST", "fashion-mnist"]),
        .init(name: "EMNIST", spellings: ["EMNIST", "emnist"]),
        .init(name: "KMNIST", spellings: ["KMNIST", "kmnist"]),
        .init(name: "CIFAR-10", spellings: ["CIFAR10", "cifar10", "CIFAR-10", "cifar-10", "Cifar10"]),
        .init(name: "CIFAR-100", spellings: ["CIFAR100", "cifar100", "CIFAR-100", "cifar-100", "Cifar100"]),
        .init(name: "ImageNet", spellings: ["ImageNet", "imagenet", "IMAGENET", "ILSVRC", "Imagenet"]),
        .init(
            name: "COCO",
            spellings: ["COCO", "MSCOCO", "MS-COCO", "CocoDetection", "CocoCaptions", "coco2017", "pycocotools"]),
        .init(
            name: "Pascal VOC",
            spellings: [
                "VOCSegmentation", "VOCDetection", "PASCAL VOC", "Pascal VOC", "VOC2012", "VOC2007", "voc2012",
                "voc2007",
            ]),
        .init(name: "Cityscapes", spellings: ["Cityscapes", "cityscapes", "CityScapes"]),
        .init(name: "ADE20K", spellings: ["ADE20K", "ade20k", "ADE20k"]),
        .init(name: "CelebA", spellings: ["CelebA", "celeba", "CELEBA"]),
        .init(name: "SVHN", spellings: ["SVHN", "svhn"]),
        .init(name: "STL-10", spellings: ["STL10", "stl10", "STL-10"]),
        .init(name: "LSUN", spellings: ["LSUN", "lsun"]),
        .init(name: "Omniglot", spellings: ["Omniglot", "omniglot"]),
        .init(name: "KITTI", spellings: ["KITTI", "Kitti", "kitti"]),
        .init(
            name: "Oxford-IIIT Pet",
            spellings: ["OxfordIIITPet", "oxford_iiit_pet", "Oxford-IIIT Pet", "Oxford IIIT Pet"]
        ),
        .init(name: "Caltech-101", spellings: ["Caltech101", "caltech101"]),
        .init(name: "Flowers-102", spellings: ["Flowers102", "oxford_flowers102", "tf_flowers"]),
        .init(name: "IMDB", spellings: ["IMDB", "imdb", "Imdb"]),
        .init(name: "SST-2", spellings: ["SST2", "sst2", "SST-2"]),
        .init(name: "SQuAD", spellings: ["SQuAD", "squad", "SQUAD"]),
        .init(name: "GLUE", spellings: ["GLUE", "glue"]),
        .init(name: "WikiText", spellings: ["WikiText", "wikitext", "WikiText2", "WikiText103"]),
        .init(name: "Penn Treebank", spellings: ["PennTreebank", "penn_treebank", "Penn Treebank", "ptb.train"]),
        .init(name: "AG News", spellings: ["AG_NEWS", "ag_news", "AG News", "AGNews"]),
        .init(name: "Yelp", spellings: ["YelpReviewPolarity", "YelpReviewFull", "yelp_polarity", "yelp_review"]),
        .init(name: "Multi30k", spellings: ["Multi30k", "multi30k"]),
        .init(name: "WMT", spellings: ["WMT14", "wmt14", "WMT16", "wmt16", "WMT19", "wmt19"]),
        .init(name: "Reuters", spellings: ["reuters", "Reuters"]),
        .init(name: "20 Newsgroups", spellings: ["fetch_20newsgroups", "20newsgroups", "20 Newsgroups"]),
        .init(name: "LibriSpeech", spellings: ["LibriSpeech", "LIBRISPEECH", "librispeech"]),
        .init(name: "Common Voice", spellings: ["CommonVoice", "COMMONVOICE", "common_voice", "Common Voice"]),
        .init(
            name: "Speech Commands",
            spellings: ["SPEECHCOMMANDS", "speech_commands", "SpeechCommands", "Speech Commands"]),
        .init(name: "UrbanSound8K", spellings: ["UrbanSound8K", "urbansound8k", "UrbanSound8k"]),
        .init(name: "ESC-50", spellings: ["ESC-50", "ESC50", "esc50"]),
        .init(name: "Boston Housing", spellings: ["boston_housing", "load_boston", "Boston Housing"]),
        .init(name: "California Housing", spellings: ["fetch_california_housing", "california_housing"]),
        .init(name: "Iris", spellings: ["load_iris", "iris.csv", "Iris dataset", "iris dataset"]),
        .init(name: "Titanic", spellings: ["Titanic", "titanic"]),
        .init(name: "Kinetics", spellings: ["Kinetics400", "Kinetics", "kinetics400"]),
        .init(name: "UCF101", spellings: ["UCF101", "ucf101"]),
        .init(name: "ModelNet", spellings: ["ModelNet40", "ModelNet10", "modelnet40", "ModelNet"]),
        .init(name: "ShapeNet", spellings: ["ShapeNet", "shapenet"]),
        .init(name: "FFHQ", spellings: ["FFHQ", "ffhq"]),
        .init(name: "DIV2K", spellings: ["DIV2K", "div2k"]),
        .init(name: "LFW", spellings: ["LFW", "lfw"]),
        .init(name: "VGGFace2", spellings: ["VGGFace2", "vggface2", "VGGFACE2"]),
        .init(name: "WIDER FACE", spellings: ["WIDERFace", "WIDER FACE", "wider_face", "WIDER_FACE"]),
        .init(name: "Open Images", spellings: ["OpenImages", "open_images", "Open Images", "openimages"]),
        .init(name: "LAION", spellings: ["LAION", "laion"]),
        .init(name: "Market-1501", spellings: ["Market1501", "market1501", "Market-1501"]),
        .init(name: "CUB-200", spellings: ["CUB200", "CUB-200", "cub200", "CUB_200_2011"]),
        .init(name: "CoNLL-03", spellings: ["CONLL_03", "CoNLL-03", "conll03", "CoNLL03", "CoNLL-2003", "conll2003"]),
        .init(name: "AudioSet", spellings: ["AudioSet", "audioset", "Audioset"]),
        .init(name: "NSynth", spellings: ["NSynth", "nsynth"]),
        .init(name: "VCTK", spellings: ["VCTK", "vctk"]),
        .init(name: "MUSDB18", spellings: ["MUSDB18", "musdb18", "MUSDB", "musdb"]),
        .init(
            name: "LibriMix", spellings: ["LibriMix", "librimix", "Libri2Mix", "Libri3Mix", "libri2mix", "libri3mix"]),
        .init(name: "WHAM", spellings: ["WHAM", "wham", "WHAMR", "whamr"]),
        .init(
            name: "wsj0-2mix", spellings: ["wsj0-2mix", "wsj0_2mix", "wsj0-mix", "wsj0mix", "WSJ0-2mix", "WSJ0-2MIX"]),
        .init(name: "MovieLens", spellings: ["MovieLens", "movielens", "ml-1m", "ml-100k"]),
        .init(name: "Criteo", spellings: ["Criteo", "criteo"]),
        .init(name: "MuJoCo", spellings: ["MuJoCo", "mujoco", "Mujoco", "HalfCheetah", "Hopper-v", "Walker2d"]),
        .init(name: "CartPole", spellings: ["CartPole", "cartpole"]),
        .init(name: "Atari", spellings: ["Atari", "atari", "ALE/", "PongNoFrameskip", "BreakoutNoFrameskip"]),
        // Metric learning and person re-identification benchmarks.
        .init(
            name: "Cars196",
            spellings: ["Cars196", "cars196", "CARS196", "StanfordCars", "stanford_cars", "Stanford Cars"]),
        .init(
            name: "Stanford Online Products",
            spellings: ["StanfordOnlineProducts", "stanford_online_products", "Stanford Online Products"]),
        .init(name: "iNaturalist", spellings: ["iNaturalist", "INaturalist", "inaturalist", "iNat2017", "iNat2018"]),
        .init(name: "DukeMTMC-reID", spellings: ["DukeMTMC", "dukemtmc", "DukeMTMC-reID"]),
        .init(name: "CUHK03", spellings: ["CUHK03", "cuhk03"]),
        .init(name: "MSMT17", spellings: ["MSMT17", "msmt17"]),
        // Restoration, super-resolution and perceptual-similarity data.
        .init(name: "REDS", spellings: ["REDS"]),
        .init(name: "BAPPS", spellings: ["BAPPS", "bapps"]),
        // Medical imaging and speech.
        .init(
            name: "Medical Segmentation Decathlon",
            spellings: ["Medical Segmentation Decathlon", "MedicalSegmentationDecathlon", "Decathlon", "decathlon"]),
        .init(name: "BraTS", spellings: ["BraTS", "BRATS", "brats"]),
        .init(name: "LJSpeech", spellings: ["LJSpeech", "ljspeech", "LJ Speech", "LJSPEECH"]),
        .init(name: "VoxCeleb", spellings: ["VoxCeleb", "voxceleb", "VoxCeleb1", "VoxCeleb2"]),
        .init(name: "LibriTTS", spellings: ["LibriTTS", "libritts", "LIBRITTS"]),
        // Reinforcement-learning environment suites and offline data.
        .init(name: "Procgen", spellings: ["Procgen", "procgen", "ProcgenEnv"]),
        .init(name: "PyBullet", spellings: ["PyBullet", "pybullet", "BulletEnv", "pybullet_envs"]),
        .init(
            name: "Box2D",
            spellings: ["Box2D", "box2d", "LunarLander", "BipedalWalker", "CarRacing-v"]),
        .init(name: "MiniGrid", spellings: ["MiniGrid", "minigrid", "Minigrid"]),
        .init(name: "D4RL", spellings: ["D4RL", "d4rl"]),
        .init(name: "DeepMind Control Suite", spellings: ["dm_control", "DMControl", "DeepMind Control Suite"]),
        .init(name: "VizDoom", spellings: ["VizDoom", "vizdoom", "ViZDoom"]),
        // Recommendation.
        .init(name: "Avazu", spellings: ["Avazu", "avazu"]),
        .init(name: "Netflix Prize", spellings: ["Netflix Prize", "netflix_prize", "NetflixPrize"]),
        .init(name: "Last.fm", spellings: ["Last.fm", "lastfm", "LastFM", "last_fm", "hetrec-lastfm"]),
        .init(name: "Book-Crossing", spellings: ["Book-Crossing", "book-crossing", "BookCrossing", "book_crossing"]),
        // Graphs and molecules.
        .init(name: "Cora", spellings: ["Cora", "cora"]),
        .init(name: "CiteSeer", spellings: ["CiteSeer", "citeseer", "Citeseer"]),
        .init(name: "PubMed", spellings: ["PubMed", "pubmed", "Pubmed"]),
        .init(name: "PPI", spellings: ["PPI"]),
        .init(name: "DBLP", spellings: ["DBLP", "dblp"]),
        .init(name: "Flickr", spellings: ["Flickr", "flickr", "Flickr8k", "Flickr30k", "flickr30k"]),
        .init(
            name: "OGB",
            spellings: [
                "OGB", "ogb", "Open Graph Benchmark", "PygNodePropPredDataset", "PygGraphPropPredDataset",
                "PygLinkPropPredDataset", "ogbn-arxiv", "ogbn-products", "ogbn-proteins", "ogbn-mag",
                "ogbn-papers100M", "ogbg-molhiv", "ogbg-molpcba", "ogbg-ppa", "ogbg-code2", "ogbl-collab",
                "ogbl-ddi", "ogbl-citation2", "ogbl-ppa", "ogbl-biokg", "ogbl-wikikg2",
            ]),
        .init(name: "QM9", spellings: ["QM9", "qm9"]),
        .init(name: "QM7", spellings: ["QM7", "qm7", "QM7b"]),
        .init(name: "ZINC", spellings: ["ZINC"]),
        .init(name: "TUDataset", spellings: ["TUDataset", "TUDatasets"]),
        // Faces.
        .init(name: "VGGFace", spellings: ["VGGFace", "vggface", "VGGFACE", "vgg_face"]),
        .init(name: "MS-Celeb-1M", spellings: ["MS-Celeb-1M", "MS1M", "ms1m", "MS1MV2", "MS1MV3", "ms1mv2", "ms1mv3"]),
        .init(name: "CASIA-WebFace", spellings: ["CASIA-WebFace", "casia-webface", "CASIA_WebFace", "CasiaWebFace"]),
        .init(name: "300W", spellings: ["300W", "300w"]),
        .init(name: "AFLW", spellings: ["AFLW", "aflw"]),
        .init(name: "MegaFace", spellings: ["MegaFace", "megaface"]),
        // Time series.
        .init(name: "ETT", spellings: ["ETTh1", "ETTh2", "ETTm1", "ETTm2", "ett_h1"]),
        .init(
            name: "M4",
            spellings: [
                "M4 competition", "M4 Competition", "M4Dataset", "m4_hourly", "m4_daily", "m4_weekly", "m4_monthly",
                "m4_quarterly", "m4_yearly",
            ]),
        .init(name: "UCR", spellings: ["UCR", "UCRArchive", "ucr_archive"]),
        .init(name: "UEA", spellings: ["UEA", "UEAArchive"]),
        .init(name: "AirPassengers", spellings: ["AirPassengers", "air_passengers"]),
        .init(name: "METR-LA", spellings: ["METR-LA", "METR_LA", "metr_la", "MetrLA", "METRLA"]),
        .init(name: "PEMS-BAY", spellings: ["PEMS-BAY", "PEMS_BAY", "pems_bay", "PemsBay", "PeMS-Bay"]),
        // Text, speech and tabular benchmarks.
        .init(name: "TIMIT", spellings: ["TIMIT", "timit"]),
        .init(name: "GTZAN", spellings: ["GTZAN", "gtzan"]),
        .init(name: "MAESTRO", spellings: ["MAESTRO", "maestro-v"]),
        .init(name: "Covertype", spellings: ["Covertype", "covertype", "fetch_covtype", "covtype"]),
        .init(name: "HIGGS", spellings: ["HIGGS"]),
        .init(name: "CamVid", spellings: ["CamVid", "camvid", "CAMVID"]),
    ])

    /// Model families, by the names torchvision, keras.applications, transformers and READMEs use.
    package static let modelFamilies = NameCatalogue([
        .init(
            name: "ResNet", spellings: ["ResNet", "resnet", "RESNET", "Resnet", "ResNeXt", "resnext", "wide_resnet"]),
        .init(name: "VGG", spellings: ["VGG", "vgg"]),
        .init(name: "AlexNet", spellings: ["AlexNet", "alexnet"]),
        .init(
            name: "Inception",
            spellings: ["InceptionV3", "inception_v3", "Inception", "GoogLeNet", "googlenet", "InceptionResNet"]),
        .init(name: "DenseNet", spellings: ["DenseNet", "densenet"]),
        .init(name: "MobileNet", spellings: ["MobileNet", "mobilenet"]),
        .init(name: "EfficientNet", spellings: ["EfficientNet", "efficientnet"]),
        .init(name: "Xception", spellings: ["Xception", "xception"]),
        .init(name: "SqueezeNet", spellings: ["SqueezeNet", "squeezenet"]),
        .init(name: "ViT", spellings: ["ViT", "vit_b", "vit_l", "vit_h", "VisionTransformer", "vision_transformer"]),
        .init(name: "Swin", spellings: ["Swin", "swin_", "SwinTransformer", "swin_transformer"]),
        .init(name: "ConvNeXt", spellings: ["ConvNeXt", "convnext", "ConvNext"]),
        .init(name: "RegNet", spellings: ["RegNet", "regnet"]),
        .init(name: "SENet", spellings: ["SENet", "senet", "SEResNet", "se_resnet", "SEResNeXt", "se_resnext"]),
        .init(name: "NASNet", spellings: ["NASNet", "nasnet", "NASNetMobile", "NASNetLarge"]),
        .init(name: "EfficientDet", spellings: ["EfficientDet", "efficientdet"]),
        .init(name: "U-Net", spellings: ["UNet", "U-Net", "Unet", "unet", "UNET", "U_Net"]),
        .init(name: "FCN", spellings: ["FCN", "fcn_resnet"]),
        .init(name: "DeepLab", spellings: ["DeepLab", "deeplab", "DeepLabV3", "deeplabv3"]),
        .init(name: "Mask R-CNN", spellings: ["MaskRCNN", "maskrcnn", "Mask R-CNN", "mask_rcnn", "Mask RCNN"]),
        .init(
            name: "Faster R-CNN", spellings: ["FasterRCNN", "fasterrcnn", "Faster R-CNN", "faster_rcnn", "Faster RCNN"]),
        .init(name: "RetinaNet", spellings: ["RetinaNet", "retinanet"]),
        .init(name: "SSD", spellings: ["SSD300", "ssd300", "ssdlite", "SSDLite"]),
        .init(name: "YOLO", spellings: ["YOLO", "yolo", "Yolo"]),
        .init(
            name: "BERT",
            spellings: [
                "BERT", "Bert", "bert", "RoBERTa", "roberta", "DistilBert", "distilbert", "ALBERT", "albert", "DeBERTa",
                "Deberta", "deberta",
            ]),
        .init(name: "GPT", spellings: ["GPT", "gpt2", "gpt-2", "GPT2", "gpt_neo", "GPTNeo"]),
        .init(name: "T5", spellings: ["T5", "t5-small", "t5-base", "t5_small"]),
        .init(
            name: "Transformer",
            spellings: ["Transformer", "transformer", "TransformerEncoder", "MultiheadAttention", "MultiHeadAttention"]),
        .init(name: "LSTM", spellings: ["LSTM", "lstm", "BiLSTM"]),
        .init(name: "GRU", spellings: ["GRU", "gru"]),
        .init(
            name: "GAN",
            spellings: [
                "GAN", "DCGAN", "WGAN", "CycleGAN", "StyleGAN", "Pix2Pix", "pix2pix", "gan", "ESRGAN", "StyleGan",
                "stylegan", "Stylegan",
            ]),
        .init(name: "VAE", spellings: ["VAE", "vae", "VariationalAutoencoder"]),
        .init(name: "Autoencoder", spellings: ["Autoencoder", "AutoEncoder", "autoencoder"]),
        .init(
            name: "Diffusion",
            spellings: ["DDPM", "ddpm", "UNet2DModel", "UNet2DConditionModel", "StableDiffusion", "Diffusion"]),
        .init(name: "CLIP", spellings: ["CLIP", "CLIPModel"]),
        .init(name: "Wav2Vec2", spellings: ["Wav2Vec2", "wav2vec2", "wav2vec"]),
        .init(name: "Whisper", spellings: ["Whisper", "whisper"]),
        .init(name: "Word2Vec", spellings: ["Word2Vec", "word2vec"]),
        .init(name: "Seq2Seq", spellings: ["Seq2Seq", "seq2seq"]),
        .init(name: "LeNet", spellings: ["LeNet", "lenet"]),
        .init(name: "PointNet", spellings: ["PointNet", "pointnet"]),
        .init(name: "DQN", spellings: ["DQN", "dqn"]),
        .init(name: "PPO", spellings: ["PPO", "ppo"]),
        .init(name: "Rainbow", spellings: ["Rainbow", "rainbow"]),
        .init(name: "IQN", spellings: ["IQN", "iqn", "ImplicitQuantile", "implicit_quantile"]),
        .init(name: "SAC", spellings: ["SAC", "sac", "SoftActorCritic", "soft_actor_critic"]),
        .init(name: "Conv-TasNet", spellings: ["ConvTasNet", "Conv-TasNet", "conv_tasnet", "convtasnet"]),
        .init(name: "DPRNN", spellings: ["DPRNN", "dprnn"]),
        .init(name: "CNN14", spellings: ["Cnn14", "CNN14", "cnn14"]),
        // Segmentation decoders and detection necks.
        .init(name: "FPN", spellings: ["FPN", "fpn", "FeaturePyramidNetwork"]),
        .init(name: "PSPNet", spellings: ["PSPNet", "pspnet", "PSPnet"]),
        .init(name: "LinkNet", spellings: ["LinkNet", "Linknet", "linknet"]),
        .init(name: "DETR", spellings: ["DETR", "detr"]),
        // Language models.
        .init(name: "XLNet", spellings: ["XLNet", "xlnet"]),
        .init(name: "ELECTRA", spellings: ["ELECTRA", "Electra", "electra"]),
        // Person re-identification.
        .init(name: "OSNet", spellings: ["OSNet", "osnet"]),
        // Super-resolution and restoration.
        .init(name: "EDSR", spellings: ["EDSR", "edsr"]),
        .init(name: "RCAN", spellings: ["RCAN", "rcan"]),
        .init(name: "SwinIR", spellings: ["SwinIR", "swinir"]),
        .init(name: "SRCNN", spellings: ["SRCNN", "srcnn"]),
        .init(name: "ESPCN", spellings: ["ESPCN", "espcn"]),
        // Reinforcement learning. Short capitals only where the lower-case spelling is a word
        // or a common identifier elsewhere (`her`, `cem`).
        .init(name: "A2C", spellings: ["A2C", "a2c", "AdvantageActorCritic"]),
        .init(name: "A3C", spellings: ["A3C", "a3c"]),
        .init(name: "DDPG", spellings: ["DDPG", "ddpg"]),
        .init(name: "TD3", spellings: ["TD3", "td3"]),
        .init(name: "TRPO", spellings: ["TRPO", "trpo"]),
        .init(name: "ACER", spellings: ["ACER", "acer"]),
        .init(name: "ACKTR", spellings: ["ACKTR", "acktr"]),
        .init(name: "HER", spellings: ["HER", "HerReplayBuffer", "HindsightExperienceReplay"]),
        .init(name: "C51", spellings: ["C51", "c51", "CategoricalDQN"]),
        .init(name: "QR-DQN", spellings: ["QRDQN", "QR-DQN", "qrdqn", "qr_dqn"]),
        .init(name: "SARSA", spellings: ["SARSA", "sarsa", "Sarsa"]),
        .init(name: "GAIL", spellings: ["GAIL", "gail"]),
        // Not `CQL` alone: the Cassandra Query Language.
        .init(name: "CQL", spellings: ["CQLPolicy", "CQLConfig", "DiscreteCQL", "ConservativeQLearning", "cql_loss"]),
        .init(name: "BCQ", spellings: ["BCQ", "bcq"]),
        .init(name: "Ape-X", spellings: ["ApeX", "Ape-X", "apex_dqn"]),
        .init(name: "R2D2", spellings: ["R2D2", "r2d2"]),
        .init(name: "MuZero", spellings: ["MuZero", "muzero"]),
        .init(name: "AlphaZero", spellings: ["AlphaZero", "alphazero", "alpha_zero"]),
        .init(name: "Dreamer", spellings: ["Dreamer", "DreamerV2", "DreamerV3", "dreamer"]),
        .init(name: "ARS", spellings: ["ARS", "AugmentedRandomSearch"]),
        .init(name: "TQC", spellings: ["TQC", "tqc"]),
        .init(name: "CrossQ", spellings: ["CrossQ", "crossq"]),
        .init(name: "FQF", spellings: ["FQF", "fqf"]),
        .init(name: "REDQ", spellings: ["REDQ", "redq"]),
        .init(name: "NPG", spellings: ["NPG", "NaturalPolicyGradient"]),
        .init(name: "CEM", spellings: ["CEM", "CEMAgent", "CrossEntropyMethod"]),
        .init(name: "NAF", spellings: ["NAFAgent", "NormalizedAdvantageFunction"]),
        // Recommendation.
        .init(name: "DeepFM", spellings: ["DeepFM", "deepfm"]),
        .init(
            name: "Wide & Deep", spellings: ["WDL", "WideDeep", "WideAndDeep", "Wide & Deep", "Wide&Deep", "widedeep"]),
        .init(name: "DCN", spellings: ["DCN", "DCNMix", "DeepCrossNetwork", "CrossNet"]),
        .init(name: "xDeepFM", spellings: ["xDeepFM", "xdeepfm", "XDeepFM"]),
        .init(name: "AutoInt", spellings: ["AutoInt", "autoint"]),
        .init(name: "NFM", spellings: ["NFM"]),
        .init(name: "AFM", spellings: ["AFM"]),
        .init(name: "PNN", spellings: ["PNN"]),
        .init(name: "DIN", spellings: ["DIN", "DeepInterestNetwork"]),
        .init(name: "DIEN", spellings: ["DIEN", "dien"]),
        .init(name: "FiBiNET", spellings: ["FiBiNET", "fibinet", "FiBiNet"]),
        .init(name: "MMoE", spellings: ["MMoE", "MMOE", "mmoe"]),
        .init(name: "NCF", spellings: ["NCF", "NeuMF", "neumf", "NeuralCF"]),
        .init(name: "BPR", spellings: ["BPR", "bpr"]),
        .init(name: "LightGCN", spellings: ["LightGCN", "lightgcn"]),
        .init(name: "NGCF", spellings: ["NGCF", "ngcf"]),
        .init(name: "SASRec", spellings: ["SASRec", "sasrec"]),
        .init(name: "GRU4Rec", spellings: ["GRU4Rec", "gru4rec"]),
        .init(name: "BERT4Rec", spellings: ["BERT4Rec", "bert4rec"]),
        // Graph neural networks.
        .init(name: "GCN", spellings: ["GCN", "gcn", "GCNConv", "GraphConvolutionalNetwork"]),
        .init(name: "GAT", spellings: ["GAT", "GATConv", "GATv2", "GATv2Conv", "gat_conv", "GraphAttentionNetwork"]),
        .init(name: "GraphSAGE", spellings: ["GraphSAGE", "graphsage", "SAGEConv", "GraphSage"]),
        .init(name: "GIN", spellings: ["GIN", "GINConv", "GINEConv"]),
        .init(name: "ChebNet", spellings: ["ChebNet", "ChebConv", "cheb_conv"]),
        .init(name: "APPNP", spellings: ["APPNP", "appnp"]),
        .init(name: "SchNet", spellings: ["SchNet", "schnet"]),
        .init(name: "DimeNet", spellings: ["DimeNet", "dimenet"]),
        .init(name: "Node2Vec", spellings: ["Node2Vec", "node2vec"]),
        .init(name: "DeepWalk", spellings: ["DeepWalk", "deepwalk"]),
        .init(name: "MPNN", spellings: ["MPNN"]),
        // Faces.
        .init(name: "FaceNet", spellings: ["FaceNet", "facenet", "Facenet"]),
        .init(name: "ArcFace", spellings: ["ArcFace", "arcface", "Arcface"]),
        .init(name: "CosFace", spellings: ["CosFace", "cosface"]),
        .init(name: "SphereFace", spellings: ["SphereFace", "sphereface"]),
        .init(name: "MTCNN", spellings: ["MTCNN", "mtcnn"]),
        .init(name: "RetinaFace", spellings: ["RetinaFace", "retinaface", "Retinaface"]),
        .init(name: "BlazeFace", spellings: ["BlazeFace", "blazeface"]),
        .init(name: "SCRFD", spellings: ["SCRFD", "scrfd"]),
        .init(name: "S3FD", spellings: ["S3FD", "s3fd"]),
        .init(name: "OpenFace", spellings: ["OpenFace", "openface"]),
        .init(name: "DeepID", spellings: ["DeepID", "deepid"]),
        // Audio and speech.
        .init(name: "CREPE", spellings: ["CREPE", "Crepe", "crepe"]),
        .init(name: "Tacotron", spellings: ["Tacotron", "tacotron", "Tacotron2"]),
        .init(name: "WaveNet", spellings: ["WaveNet", "wavenet"]),
        .init(name: "WaveGlow", spellings: ["WaveGlow", "waveglow"]),
        .init(name: "HiFi-GAN", spellings: ["HiFiGAN", "HiFi-GAN", "hifigan", "hifi_gan"]),
        .init(name: "MelGAN", spellings: ["MelGAN", "melgan"]),
        .init(name: "Demucs", spellings: ["Demucs", "demucs", "HDemucs", "HTDemucs"]),
        .init(name: "Conformer", spellings: ["Conformer", "conformer"]),
        .init(name: "DeepSpeech", spellings: ["DeepSpeech", "deepspeech"]),
        .init(name: "HuBERT", spellings: ["HuBERT", "hubert", "Hubert"]),
        .init(name: "VGGish", spellings: ["VGGish", "vggish"]),
        .init(name: "YAMNet", spellings: ["YAMNet", "yamnet"]),
        // Time series.
        .init(name: "N-BEATS", spellings: ["NBEATS", "NBeats", "nbeats", "N-BEATS"]),
        .init(name: "N-HiTS", spellings: ["NHITS", "NHiTS", "nhits", "N-HiTS"]),
        .init(
            name: "TFT",
            spellings: ["TemporalFusionTransformer", "temporal_fusion_transformer", "Temporal Fusion Transformer"]),
        .init(name: "DeepAR", spellings: ["DeepAR", "deepar"]),
        .init(name: "Informer", spellings: ["Informer"]),
        .init(name: "Autoformer", spellings: ["Autoformer", "autoformer"]),
        .init(name: "FEDformer", spellings: ["FEDformer", "fedformer"]),
        .init(name: "PatchTST", spellings: ["PatchTST", "patchtst"]),
        .init(name: "TimesNet", spellings: ["TimesNet", "timesnet"]),
        .init(name: "TCN", spellings: ["TCN", "TemporalConvNet"]),
        .init(name: "InceptionTime", spellings: ["InceptionTime", "inception_time"]),
        .init(name: "ROCKET", spellings: ["ROCKET", "MiniRocket", "MINIROCKET", "MultiRocket"]),
        .init(name: "DLinear", spellings: ["DLinear", "dlinear"]),
        .init(name: "TiDE", spellings: ["TiDE"]),
        .init(name: "STGCN", spellings: ["STGCN", "stgcn"]),
        .init(name: "DCRNN", spellings: ["DCRNN", "dcrnn"]),
        // Tabular.
        .init(name: "TabNet", spellings: ["TabNet", "tabnet"]),
        // Detection, segmentation, self-supervised vision and generation.
        .init(name: "SAM", spellings: ["SegmentAnything", "segment_anything", "Segment Anything", "SamPredictor"]),
        .init(name: "DINO", spellings: ["DINO", "DINOv2", "dinov2", "DINOv3", "dinov3"]),
        .init(name: "Mask2Former", spellings: ["Mask2Former", "mask2former"]),
        .init(name: "SegFormer", spellings: ["SegFormer", "segformer", "Segformer"]),
        .init(name: "HRNet", spellings: ["HRNet", "hrnet"]),
        .init(name: "CenterNet", spellings: ["CenterNet", "centernet"]),
        .init(name: "FCOS", spellings: ["FCOS", "fcos"]),
        .init(name: "VQGAN", spellings: ["VQGAN", "vqgan"]),
        .init(name: "VQ-VAE", spellings: ["VQVAE", "VQ-VAE", "vqvae", "vq_vae"]),
        .init(name: "NeRF", spellings: ["NeRF", "nerf"]),
        .init(name: "PixelCNN", spellings: ["PixelCNN", "pixelcnn"]),
        // Language models.
        .init(name: "BART", spellings: ["BART", "Bart", "bart"]),
        .init(name: "Longformer", spellings: ["Longformer", "longformer"]),
        .init(name: "LLaMA", spellings: ["LLaMA", "Llama", "llama"]),
    ])
}
