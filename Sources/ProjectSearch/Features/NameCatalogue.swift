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
                // `GATHER` are not GAT, `GRAD_CLIPPING` is not CLIP; `GATConv` and `DQNAgent` are,
                // and so is a version in capitals (`YOLOV3`, `DQNV2`): `V` and a digit.
                if isUpper(next), Self.isAcronym(spelling) {
                    let afterNext: UInt8 = index + spelling.count + 1 < count ? text[index + spelling.count + 1] : 32
                    let isVersion = next == 86 && afterNext >= 48 && afterNext <= 57
                    if !isLower(afterNext) && !isVersion { continue }
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
    /// framework a package is written for (`efficientnet_pytorch/`, `ffhq_dataset.py`). Not
    /// `Module`, `Feature` or `Extractor`: an `InceptionModule` or `XceptionModule` is a block of
    /// another network, and an `InceptionV3FeatureExtractor` or `compute_iqn_feature` uses the
    /// family to measure or embed (FID's Inception, DINO features).
    static let genericWords: Set<String> = [
        "model", "models", "net", "network", "wrapper", "backbone", "arch", "encoder", "decoder",
        "features", "classifier", "discriminator", "generator", "agent",
        "dataset", "datasets", "data", "loader", "dataloader", "datamodule",
        "pytorch", "torch", "keras", "tf", "tensorflow", "jax", "flax",
    ]
    /// Sizes and styles of a variant: `large`, `tiny`, `bn`, `mobile`, `custom`.
    static let variantWords: Set<String> = [
        "bn", "large", "small", "tiny", "base", "huge", "mobile", "lite", "xl", "plus", "hybrid", "light", "nano",
        "micro", "mini", "deep", "wide", "clean", "original", "custom", "pretrained",
    ]
    private static let variantMark = try! NSRegularExpression(
        pattern: #"^(?:[0-9]+[a-z]{0,2}|v[0-9]+[a-z]*|[a-z][0-9]+[a-z]?|[0-9]*x[0-9]*[a-z]?)$"#)

    /// Whether a lower-case sub-word is a variant mark (`50d`, `v2`, `b0`, `1d`, `x4`) or a
    /// variant or generic word. A number runs into the word after it in one sub-word
    /// (`GPT2Model` is `gpt`, `2model`; `Unet3DModel` is `unet`, `3dmodel`), so what follows
    /// the digits must be a mark of at most two letters, a generic or variant word, or both:
    /// `Gemma4Attention` (`4attention`) and `Qwen3VitEncoder` (`3vit`) are parts of those
    /// models, not definitions of them.
    static func isVariantOrGeneric(_ word: String) -> Bool {
        if genericWords.contains(word) || variantWords.contains(word)
            || variantMark.firstMatch(in: word, range: NSRange(location: 0, length: (word as NSString).length)) != nil
        {
            return true
        }
        let letters = word.drop { $0.isNumber }
        guard letters.count < word.count, letters.allSatisfy({ $0.isLetter }) else { return false }
        return (0...2).contains { mark in
            let rest = String(letters.dropFirst(mark))
            return genericWords.contains(rest) || variantWords.contains(rest)
        }
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
    package static let datasets = NameCatalogue(
        [
            .init(name: "MNIST", spellings: ["MNIST", "mnist", "Mnist"]),
            .init(
                name: "Fashion-MNIST", spellings: ["FashionMNIST", "fashion_mnist", "Fashion-MNIST", "fashion-mnist"]),
            .init(name: "EMNIST", spellings: ["EMNIST", "emnist"]),
            .init(name: "KMNIST", spellings: ["KMNIST", "kmnist"]),
            .init(name: "CIFAR-10", spellings: ["CIFAR10", "cifar10", "CIFAR-10", "cifar-10", "Cifar10"]),
            .init(name: "CIFAR-100", spellings: ["CIFAR100", "cifar100", "CIFAR-100", "cifar-100", "Cifar100"]),
            .init(name: "ImageNet", spellings: ["ImageNet", "imagenet", "IMAGENET", "ILSVRC", "Imagenet"]),
            .init(
                name: "COCO",
                spellings: [
                    "COCO", "MSCOCO", "MS-COCO", "CocoDetection", "CocoCaptions", "coco2017", "pycocotools",
                    "CocoDataset",
                    "Coco",
                ]),
            .init(
                name: "Pascal VOC",
                spellings: [
                    "VOCSegmentation", "VOCDetection", "PASCAL VOC", "Pascal VOC", "VOC2012", "VOC2007", "voc2012",
                    "voc2007", "VOC", "VOCDataset", "voc0712",
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
            .init(
                name: "CoNLL-03", spellings: ["CONLL_03", "CoNLL-03", "conll03", "CoNLL03", "CoNLL-2003", "conll2003"]),
            .init(name: "AudioSet", spellings: ["AudioSet", "audioset", "Audioset"]),
            .init(name: "NSynth", spellings: ["NSynth", "nsynth"]),
            .init(name: "VCTK", spellings: ["VCTK", "vctk"]),
            .init(name: "MUSDB18", spellings: ["MUSDB18", "musdb18", "MUSDB", "musdb"]),
            .init(
                name: "LibriMix",
                spellings: ["LibriMix", "librimix", "Libri2Mix", "Libri3Mix", "libri2mix", "libri3mix"]),
            .init(name: "WHAM", spellings: ["WHAM", "wham", "WHAMR", "whamr"]),
            .init(
                name: "wsj0-2mix",
                spellings: ["wsj0-2mix", "wsj0_2mix", "wsj0-mix", "wsj0mix", "WSJ0-2mix", "WSJ0-2MIX"]),
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
            .init(
                name: "iNaturalist", spellings: ["iNaturalist", "INaturalist", "inaturalist", "iNat2017", "iNat2018"]),
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
            .init(
                name: "Book-Crossing", spellings: ["Book-Crossing", "book-crossing", "BookCrossing", "book_crossing"]),
            // Graphs and molecules.
            .init(name: "Cora", spellings: ["Cora", "cora"]),
            .init(name: "CiteSeer", spellings: ["CiteSeer", "citeseer", "Citeseer"]),
            .init(name: "PubMed", spellings: ["PubMed", "pubmed", "Pubmed"]),
            .init(name: "PPI", spellings: ["PPI"]),
            .init(name: "DBLP", spellings: ["DBLP", "dblp"]),
            // The graph benchmark (GraphSAINT's image network); the captioning sets are apart.
            .init(name: "Flickr", spellings: ["Flickr", "flickr"]),
            .init(name: "Flickr30k", spellings: ["Flickr30k", "flickr30k", "Flickr30K", "flickr30K", "Flickr-30k"]),
            .init(name: "Flickr8k", spellings: ["Flickr8k", "flickr8k", "Flickr8K", "Flickr-8k"]),
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
            .init(
                name: "MS-Celeb-1M", spellings: ["MS-Celeb-1M", "MS1M", "ms1m", "MS1MV2", "MS1MV3", "ms1mv2", "ms1mv3"]),
            .init(
                name: "CASIA-WebFace", spellings: ["CASIA-WebFace", "casia-webface", "CASIA_WebFace", "CasiaWebFace"]),
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
        ] + fieldDatasets + graphAndSegmentationDatasets)

    /// Datasets of whole fields (detection, forecasting, speech, language models, simulators), in
    /// their own literal: one literal of every entry takes the type checker minutes.
    static let fieldDatasets: [Entry] = [
        // Detection, segmentation and tracking benchmarks beyond COCO and VOC.
        .init(name: "LVIS", spellings: ["LVIS", "lvis"]),
        .init(name: "Objects365", spellings: ["Objects365", "objects365", "Object365", "object365"]),
        .init(name: "CrowdHuman", spellings: ["CrowdHuman", "crowdhuman"]),
        .init(name: "DOTA", spellings: ["DOTA", "DOTAv1", "DOTAv2"]),
        .init(name: "VisDrone", spellings: ["VisDrone", "visdrone"]),
        .init(name: "xView", spellings: ["xView", "xview"]),
        .init(name: "Argoverse", spellings: ["Argoverse", "argoverse"]),
        .init(name: "SKU-110K", spellings: ["SKU-110K", "SKU110K", "sku110k", "SKU_110K"]),
        .init(name: "Global Wheat", spellings: ["GlobalWheat", "Global Wheat", "global_wheat"]),
        .init(name: "DeepFashion", spellings: ["DeepFashion", "deepfashion"]),
        .init(name: "RefCOCO", spellings: ["RefCOCO", "refcoco", "RefCoco"]),
        .init(name: "MOTChallenge", spellings: ["MOTChallenge", "mot_challenge", "MOT16", "MOT17", "MOT20", "mot17"]),
        .init(name: "YouTube-VIS", spellings: ["YouTubeVIS", "youtube_vis", "YouTube-VIS", "ytvis"]),
        .init(name: "BDD100K", spellings: ["BDD100K", "bdd100k"]),
        .init(name: "nuScenes", spellings: ["nuScenes", "nuscenes", "NuScenes"]),
        .init(name: "Waymo Open Dataset", spellings: ["Waymo", "waymo"]),
        .init(name: "Mapillary Vistas", spellings: ["Mapillary", "mapillary"]),
        .init(name: "iSAID", spellings: ["iSAID", "isaid"]),
        .init(name: "SA-1B", spellings: ["SA-1B", "SA1B", "sa1b"]),
        .init(name: "ScanNet", spellings: ["ScanNet", "scannet"]),
        .init(name: "NYU Depth V2", spellings: ["NYUv2", "nyuv2", "NYU Depth", "nyu_depth", "NYUDepth"]),
        .init(name: "Tiny ImageNet", spellings: ["TinyImageNet", "tiny_imagenet", "tiny-imagenet", "Tiny ImageNet"]),
        .init(name: "ImageNet-100", spellings: ["ImageNet-100", "ImageNet100", "imagenet100", "imagenet-100"]),
        .init(name: "Places365", spellings: ["Places365", "places365"]),
        .init(name: "Food-101", spellings: ["Food101", "food101", "Food-101"]),
        .init(name: "FGVC Aircraft", spellings: ["FGVCAircraft", "fgvc_aircraft", "FGVC-Aircraft"]),
        // Forecasting benchmarks (the Monash and GluonTS repositories, the long-horizon set).
        .init(name: "M1", spellings: ["m1_yearly", "m1_quarterly", "m1_monthly", "M1 competition"]),
        .init(
            name: "M3",
            spellings: ["m3_yearly", "m3_quarterly", "m3_monthly", "m3_other", "M3 competition", "M3Dataset"]),
        .init(name: "M5", spellings: ["M5 competition", "M5Dataset", "m5_sales", "m5_forecasting"]),
        .init(
            name: "Electricity",
            spellings: ["ElectricityDataset", "electricity_hourly", "electricity_weekly", "electricity_nips"]),
        .init(name: "Traffic", spellings: ["TrafficDataset", "traffic_hourly", "traffic_weekly", "traffic_nips"]),
        .init(
            name: "Exchange Rate",
            spellings: ["ExchangeRateDataset", "exchange_rate", "exchange_rate_nips", "Exchange Rate"]),
        .init(name: "Weather", spellings: ["WeatherDataset", "jena_climate", "weather_dataset"]),
        .init(name: "ILI", spellings: ["ILINet", "ILINetDataset", "national_illness"]),
        .init(name: "Solar", spellings: ["solar_10min", "solar_nips", "solar-energy", "solar_energy", "SolarDataset"]),
        .init(
            name: "Tourism", spellings: ["tourism_yearly", "tourism_quarterly", "tourism_monthly", "TourismDataset"]),
        .init(name: "NN5", spellings: ["NN5", "nn5_daily", "nn5_weekly"]),
        .init(name: "Kaggle Web Traffic", spellings: ["kaggle_web_traffic", "KaggleWebTraffic", "Kaggle Web Traffic"]),
        .init(name: "Wikipedia", spellings: ["wiki-rolling_nips", "wiki2000_nips", "wiki_rolling_nips"]),
        .init(name: "Taxi", spellings: ["taxi_30min", "nyc_taxi", "NYC Taxi", "TaxiDataset", "TaxiNewYorkDataset"]),
        .init(name: "Uber TLC", spellings: ["uber_tlc", "UberTLC", "UberTLCDataset"]),
        .init(name: "Sunspots", spellings: ["Sunspots", "sunspots", "SunspotsDataset"]),
        .init(name: "Monash", spellings: ["Monash", "monash_tsf", "monash"]),
        // Speech, speaker and audio-captioning corpora.
        .init(name: "AMI", spellings: ["AMI corpus", "AMI Meeting", "AMI-SDM", "AMI-IHM", "ami_sdm", "ami_ihm"]),
        .init(name: "DIHARD", spellings: ["DIHARD", "dihard"]),
        .init(name: "VoxConverse", spellings: ["VoxConverse", "voxconverse"]),
        .init(name: "AISHELL-1", spellings: ["AISHELL-1", "AISHELL1", "aishell1", "aishell-1", "AISHELL"]),
        .init(name: "AISHELL-4", spellings: ["AISHELL-4", "AISHELL4", "aishell4", "aishell-4"]),
        .init(name: "AliMeeting", spellings: ["AliMeeting", "alimeeting"]),
        .init(name: "CALLHOME", spellings: ["CALLHOME", "callhome", "CallHome"]),
        .init(name: "Switchboard", spellings: ["Switchboard", "switchboard"]),
        .init(name: "TED-LIUM", spellings: ["TEDLIUM", "TED-LIUM", "tedlium", "TedLium"]),
        .init(name: "GigaSpeech", spellings: ["GigaSpeech", "gigaspeech"]),
        .init(name: "VoxPopuli", spellings: ["VoxPopuli", "voxpopuli"]),
        .init(name: "CoVoST", spellings: ["CoVoST", "covost", "CoVoST2"]),
        .init(name: "FLEURS", spellings: ["FLEURS", "fleurs"]),
        .init(name: "Libri-Light", spellings: ["Libri-Light", "LibriLight", "librilight"]),
        .init(name: "DNS Challenge", spellings: ["DNS Challenge", "DNS-Challenge", "dns_challenge", "DNSChallenge"]),
        .init(
            name: "VoiceBank-DEMAND",
            spellings: ["VoiceBank-DEMAND", "VoiceBank", "Voicebank", "voicebank", "Valentini"]),
        .init(name: "IEMOCAP", spellings: ["IEMOCAP", "iemocap"]),
        .init(name: "SLURP", spellings: ["SLURP"]),
        .init(
            name: "Fluent Speech Commands",
            spellings: ["FluentSpeechCommands", "fluent_speech_commands", "Fluent Speech Commands"]),
        .init(name: "AudioCaps", spellings: ["AudioCaps", "audiocaps"]),
        .init(name: "Clotho", spellings: ["Clotho", "clotho"]),
        .init(name: "FSD50K", spellings: ["FSD50K", "fsd50k"]),
        .init(name: "VGG-Sound", spellings: ["VGGSound", "vggsound", "VGG-Sound"]),
        .init(name: "MusicCaps", spellings: ["MusicCaps", "musiccaps"]),
        .init(name: "DCASE", spellings: ["DCASE", "dcase"]),
        // Text corpora and instruction data of language models.
        .init(name: "Alpaca", spellings: ["Alpaca", "alpaca"]),
        .init(name: "Dolly", spellings: ["databricks-dolly", "Dolly", "dolly_15k", "dolly15k"]),
        .init(name: "FLAN", spellings: ["FLAN", "FlanCollection"]),
        .init(name: "LIMA", spellings: ["LIMA"]),
        .init(name: "OpenWebText", spellings: ["OpenWebText", "openwebtext"]),
        .init(name: "SlimPajama", spellings: ["SlimPajama", "slimpajama"]),
        .init(name: "RedPajama", spellings: ["RedPajama", "redpajama"]),
        .init(name: "The Pile", spellings: ["The Pile", "the_pile", "ThePile"]),
        .init(name: "C4", spellings: ["allenai/c4", "C4 dataset", "Colossal Clean Crawled Corpus"]),
        .init(name: "TinyStories", spellings: ["TinyStories", "tinystories"]),
        .init(name: "StarCoderData", spellings: ["StarCoderData", "starcoderdata"]),
        .init(name: "OpenAssistant", spellings: ["OpenAssistant", "oasst1", "oasst"]),
        .init(name: "FineWeb", spellings: ["FineWeb", "fineweb"]),
        .init(name: "MMLU", spellings: ["MMLU", "mmlu"]),
        .init(name: "GSM8K", spellings: ["GSM8K", "gsm8k"]),
        .init(name: "HumanEval", spellings: ["HumanEval", "humaneval"]),
        .init(name: "HellaSwag", spellings: ["HellaSwag", "hellaswag"]),
        .init(name: "LM1B", spellings: ["LM1B", "lm1b", "One Billion Word", "billion_word"]),
        .init(name: "BookCorpus", spellings: ["BookCorpus", "bookcorpus"]),
        .init(name: "CNN/DailyMail", spellings: ["cnn_dailymail", "CNN/DailyMail", "CNN/Daily Mail", "CNNDailyMail"]),
        .init(name: "XSum", spellings: ["XSum", "xsum"]),
        .init(
            name: "Tiny Shakespeare",
            spellings: [
                "tiny_shakespeare", "TinyShakespeare", "tiny shakespeare", "Tiny Shakespeare", "tinyshakespeare",
            ]),
        // Graphs, tables and reinforcement-learning simulators.
        .init(name: "Karate Club", spellings: ["KarateClub", "karate_club", "Karate Club", "karate club"]),
        .init(name: "Adult", spellings: ["load_adult", "adult.csv", "Adult Census", "adult_census", "census-income"]),
        .init(name: "Isaac Gym", spellings: ["Isaac Gym", "IsaacGym", "isaacgym", "isaacgymenvs"]),
        .init(name: "Isaac Lab", spellings: ["Isaac Lab", "IsaacLab", "isaaclab", "Isaac Orbit", "omni.isaac"]),
        .init(name: "ManiSkill", spellings: ["ManiSkill", "maniskill", "mani_skill"]),
        .init(name: "PettingZoo", spellings: ["PettingZoo", "pettingzoo"]),
        .init(name: "bsuite", spellings: ["bsuite"]),
        .init(name: "Meta-World", spellings: ["MetaWorld", "metaworld", "Meta-World"]),
        .init(name: "Minari", spellings: ["Minari", "minari"]),
        .init(name: "DMLab", spellings: ["DMLab", "dmlab", "DeepMind Lab"]),
    ]

    /// Model families, by the names torchvision, keras.applications, transformers and READMEs use.
    package static let modelFamilies = NameCatalogue(
        [
            .init(
                name: "ResNet",
                spellings: ["ResNet", "resnet", "RESNET", "Resnet", "ResNeXt", "resnext", "wide_resnet"]),
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
            .init(
                name: "ViT",
                spellings: [
                    "ViT", "vit_b", "vit_l", "vit_h", "VisionTransformer", "vision_transformer", "Vision Transformer",
                    "vit_tiny",
                    "vit_small",
                    "vit_base", "vit_large", "vit_huge", "vit_giant",
                ]),
            .init(
                name: "Swin",
                spellings: [
                    "Swin", "swin_", "SwinTransformer", "swin_transformer", "Swin Transformer", "swin_tiny",
                    "swin_small", "swin_base",
                    "swin_large",
                ]),
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
                name: "Faster R-CNN",
                spellings: ["FasterRCNN", "fasterrcnn", "Faster R-CNN", "faster_rcnn", "Faster RCNN"]),
            .init(name: "RetinaNet", spellings: ["RetinaNet", "retinanet"]),
            .init(name: "SSD", spellings: ["SSD300", "ssd300", "ssdlite", "SSDLite"]),
            .init(name: "YOLO", spellings: ["YOLO", "yolo", "Yolo"]),
            .init(
                name: "BERT",
                spellings: [
                    "BERT", "Bert", "bert", "RoBERTa", "roberta", "DistilBert", "distilbert", "ALBERT", "albert",
                    "DeBERTa",
                    "Deberta", "deberta",
                ]),
            .init(name: "GPT", spellings: ["GPT", "gpt2", "gpt-2", "GPT2", "gpt_neo", "GPTNeo"]),
            .init(name: "T5", spellings: ["T5", "t5-small", "t5-base", "t5_small"]),
            .init(
                name: "Transformer",
                spellings: [
                    "Transformer", "transformer", "TransformerEncoder", "MultiheadAttention", "MultiHeadAttention",
                ]),
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
                spellings: [
                    "DDPM", "ddpm", "UNet2DModel", "UNet2DConditionModel", "Diffusion", "LatentDiffusion",
                    "KarrasDenoiser",
                ]),
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
            .init(
                name: "CQL", spellings: ["CQLPolicy", "CQLConfig", "DiscreteCQL", "ConservativeQLearning", "cql_loss"]),
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
                name: "Wide & Deep",
                spellings: ["WDL", "WideDeep", "WideAndDeep", "Wide & Deep", "Wide&Deep", "widedeep"]),
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
            .init(
                name: "GAT", spellings: ["GAT", "GATConv", "GATv2", "GATv2Conv", "gat_conv", "GraphAttentionNetwork"]),
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
            .init(name: "Tacotron", spellings: ["Tacotron", "tacotron"]),
            .init(name: "Tacotron2", spellings: ["Tacotron2", "tacotron2", "Tacotron 2", "Tacotron-2"]),
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
            // Before Transformer: `iTransformer` is not a Transformer used in camel case.
            .init(name: "iTransformer", spellings: ["iTransformer", "itransformer"]),
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
            .init(name: "LLaMA", spellings: ["LLaMA", "Llama", "llama", "LLAMA"]),
        ] + fieldModelFamilies + graphSegmentationAndImputationFamilies)

    /// Model families of whole fields (language models, generators, detectors, speech,
    /// forecasting, RL operators, graph networks), in their own literal.
    static let fieldModelFamilies: [Entry] = [
        .init(name: "Qwen", spellings: ["Qwen", "qwen", "QWen"]),
        .init(name: "Gemma", spellings: ["Gemma", "gemma"]),
        .init(name: "Mistral", spellings: ["Mistral", "mistral"]),
        .init(name: "Mixtral", spellings: ["Mixtral", "mixtral"]),
        .init(
            name: "Phi",
            spellings: [
                "Phi-1", "Phi-2", "Phi-3", "Phi-4", "phi-1", "phi-2", "phi-3", "phi-4", "Phi3", "phi3",
                "PhiForCausalLM",
                "PhiModel",
            ]),
        .init(name: "Falcon", spellings: ["Falcon", "falcon"]),
        .init(name: "Pythia", spellings: ["Pythia", "pythia"]),
        .init(name: "StableLM", spellings: ["StableLM", "stablelm", "StableLm"]),
        .init(name: "Mamba", spellings: ["Mamba", "mamba"]),
        .init(name: "OLMo", spellings: ["OLMo", "olmo", "Olmo"]),
        .init(name: "Vicuna", spellings: ["Vicuna", "vicuna"]),
        .init(name: "DeepSeek", spellings: ["DeepSeek", "deepseek", "Deepseek"]),
        .init(name: "OPT", spellings: ["OPTForCausalLM", "OPTModel", "facebook/opt"]),
        .init(name: "BLOOM", spellings: ["BLOOM", "BloomForCausalLM", "BloomModel", "bigscience/bloom"]),
        .init(name: "SmolLM", spellings: ["SmolLM", "smollm"]),
        // Image, video and audio generation.
        .init(
            name: "Stable Diffusion",
            spellings: [
                "StableDiffusion", "stable_diffusion", "Stable Diffusion", "stable-diffusion", "SDXL", "sdxl",
                "StableDiffusionXL",
            ]),
        .init(name: "DiT", spellings: ["DiT", "DiTTransformer2DModel", "DiffusionTransformer"]),
        .init(name: "ControlNet", spellings: ["ControlNet", "controlnet", "Controlnet"]),
        .init(
            name: "Flux", spellings: ["FluxPipeline", "FluxTransformer2DModel", "FLUX.1", "Flux.1", "FluxTransformer"]),
        .init(name: "Kandinsky", spellings: ["Kandinsky", "kandinsky"]),
        .init(name: "PixArt", spellings: ["PixArt", "pixart", "Pixart"]),
        .init(name: "CogVideoX", spellings: ["CogVideoX", "cogvideox", "CogVideo"]),
        .init(name: "Imagen", spellings: ["Imagen", "ElucidatedImagen"]),
        .init(name: "DALL-E", spellings: ["DALLE", "DALL-E", "dalle", "DALL·E"]),
        .init(name: "AudioLDM", spellings: ["AudioLDM", "audioldm"]),
        .init(name: "MusicGen", spellings: ["MusicGen", "musicgen"]),
        .init(name: "AudioGen", spellings: ["AudioGen", "audiogen"]),
        .init(name: "EnCodec", spellings: ["EnCodec", "encodec", "Encodec"]),
        .init(name: "MAGNeT", spellings: ["MAGNeT"]),
        .init(name: "SoundStream", spellings: ["SoundStream", "soundstream"]),
        .init(name: "CLAP", spellings: ["CLAP", "ClapModel", "laion_clap"]),
        // Detectors and instance segmenters of the detection toolboxes.
        .init(name: "YOLOX", spellings: ["YOLOX", "yolox"]),
        .init(name: "RTMDet", spellings: ["RTMDet", "rtmdet"]),
        .init(name: "RT-DETR", spellings: ["RTDETR", "RT-DETR", "rtdetr", "rt_detr", "RTDetr"]),
        .init(name: "ATSS", spellings: ["ATSS", "atss"]),
        .init(name: "HTC", spellings: ["HybridTaskCascade", "HTC", "htc"]),
        .init(
            name: "Cascade R-CNN", spellings: ["CascadeRCNN", "cascade_rcnn", "Cascade R-CNN", "cascade_mask_rcnn"]),
        .init(name: "Grounding DINO", spellings: ["GroundingDINO", "grounding_dino", "Grounding DINO"]),
        .init(name: "SOLO", spellings: ["SOLO", "SOLOv2", "solov2"]),
        .init(name: "YOLACT", spellings: ["YOLACT", "yolact"]),
        .init(name: "Sparse R-CNN", spellings: ["SparseRCNN", "sparse_rcnn", "Sparse R-CNN"]),
        .init(name: "TOOD", spellings: ["TOOD", "tood"]),
        .init(name: "VFNet", spellings: ["VFNet", "vfnet"]),
        .init(name: "PointRend", spellings: ["PointRend", "point_rend"]),
        .init(name: "MaskFormer", spellings: ["MaskFormer", "maskformer"]),
        .init(name: "CondInst", spellings: ["CondInst", "condinst"]),
        // Speech and speaker models.
        .init(name: "ECAPA-TDNN", spellings: ["ECAPA", "ECAPA_TDNN", "ecapa_tdnn", "ECAPA-TDNN", "ecapa"]),
        .init(name: "x-vector", spellings: ["Xvector", "xvector", "x-vector", "XVector", "xvect"]),
        .init(name: "SepFormer", spellings: ["SepFormer", "sepformer", "Sepformer"]),
        .init(name: "FastSpeech2", spellings: ["FastSpeech", "FastSpeech2", "fastspeech", "fastspeech2"]),
        .init(name: "DiffWave", spellings: ["DiffWave", "diffwave"]),
        .init(name: "CRDNN", spellings: ["CRDNN", "crdnn"]),
        .init(name: "Branchformer", spellings: ["Branchformer", "branchformer"]),
        .init(name: "MetricGAN", spellings: ["MetricGAN", "metricgan"]),
        .init(name: "Open-Unmix", spellings: ["OpenUnmix", "open_unmix", "Open-Unmix", "openunmix"]),
        .init(name: "PyanNet", spellings: ["PyanNet", "pyannet"]),
        .init(name: "WavLM", spellings: ["WavLM", "wavlm"]),
        .init(name: "SincNet", spellings: ["SincNet", "sincnet"]),
        .init(name: "VITS", spellings: ["VITS"]),
        // Forecasting models, statistical and learned.
        .init(name: "ARIMA", spellings: ["ARIMA", "AutoARIMA", "auto_arima", "arima", "SARIMA", "SARIMAX"]),
        .init(name: "NeuralProphet", spellings: ["NeuralProphet", "neuralprophet", "neural_prophet"]),
        .init(name: "Prophet", spellings: ["Prophet", "prophet"]),
        .init(
            name: "Exponential Smoothing",
            spellings: ["ExponentialSmoothing", "exponential_smoothing", "Exponential Smoothing", "Holt-Winters"]),
        .init(name: "Theta", spellings: ["FourTheta", "ThetaModel", "theta_method", "Theta method", "Theta"]),
        .init(name: "Croston", spellings: ["Croston", "croston"]),
        .init(name: "Kalman Filter", spellings: ["KalmanFilter", "KalmanForecaster", "kalman_filter"]),
        .init(name: "TSMixer", spellings: ["TSMixer", "tsmixer"]),
        .init(name: "AR-Net", spellings: ["AR-Net", "ARNet"]),
        .init(name: "DeepState", spellings: ["DeepState", "deepstate"]),
        .init(name: "MQ-CNN", spellings: ["MQCNN", "MQ-CNN", "mqcnn"]),
        .init(name: "LightGBM", spellings: ["LightGBM", "lightgbm", "LGBM"]),
        .init(name: "XGBoost", spellings: ["XGBoost", "xgboost", "XGB"]),
        .init(name: "CatBoost", spellings: ["CatBoost", "catboost"]),
        .init(name: "Random Forest", spellings: ["RandomForest", "random_forest", "Random Forest"]),
        // Tabular foundation models.
        .init(name: "TabPFN", spellings: ["TabPFN", "tabpfn"]),
        // Reinforcement-learning operators and algorithms.
        .init(name: "V-trace", spellings: ["vtrace", "VTrace", "V-trace", "v_trace", "Vtrace"]),
        .init(name: "Retrace", spellings: ["Retrace", "retrace"]),
        .init(name: "MPO", spellings: ["MPO", "mpo"]),
        .init(name: "PopArt", spellings: ["PopArt", "popart", "pop_art"]),
        .init(name: "Q-learning", spellings: ["q_learning", "QLearning", "Q-learning", "Q-Learning", "qlearning"]),
        .init(name: "Double DQN", spellings: ["DoubleDQN", "double_dqn", "Double DQN", "DDQN", "ddqn"]),
        .init(name: "IPPO", spellings: ["IPPO", "ippo"]),
        .init(name: "MAPPO", spellings: ["MAPPO", "mappo"]),
        .init(name: "RPO", spellings: ["RPO", "rpo"]),
        // Graph networks of the graph-network libraries.
        .init(name: "Graph Network", spellings: ["GraphNetwork", "graph_network", "Graph Network"]),
        .init(name: "Interaction Network", spellings: ["InteractionNetwork", "interaction_network"]),
        .init(name: "Relation Network", spellings: ["RelationNetwork", "relation_network"]),
        .init(name: "DeepSets", spellings: ["DeepSets", "deep_sets", "DeepSet", "deepsets"]),
    ]

    /// Knowledge-graph benchmarks, semantic-segmentation benchmarks beyond ADE20K and
    /// Cityscapes and ImageNet's subsets, in their own literal. Ordinary words (`Nations`, `Countries`, `Drive`) are
    /// spelled only as their loaders and capitals write them.
    static let graphAndSegmentationDatasets: [Entry] = [
        .init(name: "FB15k", spellings: ["FB15k", "FB15K", "fb15k"]),
        .init(
            name: "FB15k-237", spellings: ["FB15k-237", "FB15K-237", "FB15k237", "FB15K237", "fb15k237", "fb15k-237"]),
        .init(name: "WN18", spellings: ["WN18", "wn18"]),
        .init(name: "WN18RR", spellings: ["WN18RR", "wn18rr", "WN18Rr"]),
        .init(name: "YAGO3-10", spellings: ["YAGO3-10", "YAGO310", "yago3-10", "yago310", "YAGO3_10"]),
        .init(name: "Wikidata5M", spellings: ["Wikidata5M", "wikidata5m", "Wikidata5m"]),
        .init(name: "CoDEx", spellings: ["CoDEx", "codex_small", "codex_medium", "codex_large", "CoDExSmall"]),
        .init(name: "Kinships", spellings: ["Kinships", "kinships"]),
        .init(name: "UMLS", spellings: ["UMLS", "umls"]),
        .init(name: "Hetionet", spellings: ["Hetionet", "hetionet"]),
        .init(name: "OpenBioLink", spellings: ["OpenBioLink", "openbiolink"]),
        .init(name: "DRKG", spellings: ["DRKG", "drkg"]),
        .init(name: "ConceptNet", spellings: ["ConceptNet", "conceptnet"]),
        .init(
            name: "Pascal Context",
            spellings: ["PascalContext", "pascal_context", "Pascal Context", "PASCAL Context", "PASCAL-Context"]),
        .init(name: "COCO-Stuff", spellings: ["COCOStuff", "coco_stuff", "COCO-Stuff", "CocoStuff", "cocostuff"]),
        .init(name: "CHASE_DB1", spellings: ["CHASE_DB1", "ChaseDB1", "chase_db1", "CHASEDB1"]),
        .init(name: "DRIVE", spellings: ["DRIVEDataset", "DRIVE dataset"]),
        .init(name: "STARE", spellings: ["STARE", "STAREDataset"]),
        .init(name: "Dark Zurich", spellings: ["DarkZurich", "dark_zurich", "Dark Zurich"]),
        .init(name: "LoveDA", spellings: ["LoveDA", "loveda"]),
        .init(name: "Potsdam", spellings: ["Potsdam", "potsdam"]),
        .init(name: "Vaihingen", spellings: ["Vaihingen", "vaihingen"]),
        .init(name: "LEVIR-CD", spellings: ["LEVIR-CD", "LEVIRCD", "levir_cd", "LEVIR"]),
        .init(name: "REFUGE", spellings: ["REFUGE", "REFUGEDataset"]),
        // ImageNet's small subsets (before ImageNet's spellings take `IMAGENETTE`).
        .init(name: "Imagenette", spellings: ["Imagenette", "imagenette", "IMAGENETTE"]),
        .init(name: "Imagewoof", spellings: ["Imagewoof", "imagewoof", "IMAGEWOOF"]),
    ]

    /// Knowledge-graph embedding models, semantic-segmentation families, time-series imputation
    /// models and text detectors and recognisers, in their own literal (not DPT: the dense-prediction
    /// transformer and the dual-path `DPTNet` of speech separation share it).
    static let graphSegmentationAndImputationFamilies: [Entry] = [
        .init(name: "TransE", spellings: ["TransE", "trans_e", "transe"]),
        .init(name: "TransH", spellings: ["TransH", "trans_h", "transh"]),
        .init(name: "TransR", spellings: ["TransR", "trans_r", "transr"]),
        .init(name: "TransD", spellings: ["TransD", "trans_d", "transd"]),
        .init(name: "DistMult", spellings: ["DistMult", "distmult", "Distmult", "dist_mult"]),
        .init(name: "ComplEx", spellings: ["ComplEx", "ComplExModel"]),
        .init(name: "RotatE", spellings: ["RotatE", "rotate_e"]),
        .init(name: "ConvE", spellings: ["ConvE", "conv_e"]),
        .init(name: "ConvKB", spellings: ["ConvKB", "conv_kb", "convkb"]),
        .init(name: "RESCAL", spellings: ["RESCAL", "Rescal"]),
        .init(name: "HolE", spellings: ["HolE"]),
        .init(name: "TuckER", spellings: ["TuckER"]),
        .init(name: "QuatE", spellings: ["QuatE", "quate"]),
        .init(name: "SimplE", spellings: ["SimplE"]),
        .init(name: "R-GCN", spellings: ["RGCN", "R-GCN", "rgcn"]),
        .init(name: "CompGCN", spellings: ["CompGCN", "compgcn"]),
        .init(name: "UPerNet", spellings: ["UPerNet", "UperNet", "upernet", "UPerHead", "uper_head"]),
        .init(name: "SETR", spellings: ["SETR", "setr"]),
        .init(name: "OCRNet", spellings: ["OCRNet", "ocrnet"]),
        .init(name: "BiSeNet", spellings: ["BiSeNet", "bisenet", "BiSeNetV1", "BiSeNetV2"]),
        .init(name: "K-Net", spellings: ["K-Net", "KNet", "knet"]),
        .init(name: "BEiT", spellings: ["BEiT", "beit", "Beit"]),
        .init(name: "SAITS", spellings: ["SAITS", "saits"]),
        .init(name: "BRITS", spellings: ["BRITS", "brits"]),
        .init(name: "GRU-D", spellings: ["GRU-D", "GRUD", "grud"]),
        .init(name: "CSDI", spellings: ["CSDI", "csdi"]),
        .init(name: "TS2Vec", spellings: ["TS2Vec", "ts2vec"]),
        .init(name: "CRNN", spellings: ["CRNN", "crnn"]),
        .init(name: "DBNet", spellings: ["DBNet", "dbnet"]),
        .init(name: "MLP-Mixer", spellings: ["MLPMixer", "MLP-Mixer", "mlp_mixer", "MlpMixer"]),
        .init(name: "CSPDarkNet", spellings: ["CSPDarkNet", "CSPDarknet", "cspdarknet"]),
    ]
}
