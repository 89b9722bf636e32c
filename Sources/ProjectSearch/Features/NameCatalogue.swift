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
            spellings: ["BERT", "Bert", "bert", "RoBERTa", "roberta", "DistilBert", "distilbert", "ALBERT", "albert"]),
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
    ])
}
