import Store

/// Concludes a project's attributes from its files' stored rows and its README: frameworks,
/// datasets, model families and references by union, with where they were found; domain and
/// task by scored rules, each point with its evidence, and nothing when the evidence is weak
/// (a score under 3, or under 60% of the best one's).
///
/// A passing mention is not an attribute: a dataset or model family is the project's when two
/// places name it (files or the README) or the README's title, summary or a heading does; one
/// comment that cites ResNet or one loader default that says ImageNet stays a file mention,
/// searchable per file. Frameworks come from the files that are not tests (tests compare with
/// other frameworks) unless only tests import one.
package enum ProjectInference {
    package static func attributes(
        features: [(path: String, feature: FileFeature)], mentions: [(path: String, mention: FileMention)],
        readme: String?, readmePath: String?
    ) -> [ProjectAttribute] {
        var attributes: [ProjectAttribute] = []
        let readmeBytes = Array((readme ?? "").utf8)
        let readmeLower = (readme ?? "").lowercased()

        func union(
            _ kind: ProjectAttribute.Kind, _ pairs: [(path: String, name: String, line: Int?)],
            readme found: [(name: String, line: Int, spelling: String)], keep: (String, Int) -> Bool = { _, _ in true }
        ) {
            var order: [String] = []
            var places: [String: [(String, Int?)]] = [:]
            for pair in pairs {
                if places[pair.name] == nil { order.append(pair.name) }
                places[pair.name, default: []].append((pair.path, pair.line))
            }
            for item in found {
                if places[item.name] == nil { order.append(item.name) }
                places[item.name, default: []].append((readmePath ?? "README", item.line))
            }
            for name in order {
                let list = places[name]!
                var distinct: [String] = []
                for (path, _) in list where !distinct.contains(path) { distinct.append(path) }
                guard keep(name, distinct.count) else { continue }
                let shown =
                    distinct.prefix(3).joined(separator: ", ")
                    + (distinct.count > 3 ? " and \(distinct.count - 3) more" : "")
                attributes.append(
                    ProjectAttribute(
                        kind, name, evidence: "in \(distinct.count) file\(distinct.count == 1 ? "" : "s"): \(shown)",
                        path: list[0].0, line: list[0].1))
            }
        }
        let imports = features.filter { $0.feature.kind == .framework }
        let codeImports = imports.filter { !Self.isTest($0.path) }
        union(
            .framework,
            (codeImports.isEmpty ? imports : codeImports).map { ($0.path, $0.feature.name, $0.feature.line) },
            readme: [])
        // What the README says up front: its title, summary and headings.
        let prominent = Array(Self.prominentText(of: readme ?? "").utf8)
        let prominentNames =
            Set(NameCatalogue.datasets.find(in: prominent).map(\.name))
            .union(NameCatalogue.modelFamilies.find(in: prominent).map(\.name))
        let named = { (name: String, places: Int) in places >= 2 || prominentNames.contains(name) }
        let allDatasetMentions = mentions.filter { $0.mention.kind == .dataset }.map {
            ($0.path, $0.mention.name, $0.mention.line)
        }
        let readmeDatasets = NameCatalogue.datasets.find(in: readmeBytes)
        union(.dataset, allDatasetMentions, readme: readmeDatasets, keep: named)
        let allModelMentions = mentions.filter { $0.mention.kind == .model }.map {
            ($0.path, $0.mention.name, $0.mention.line)
        }
        let readmeModels = NameCatalogue.modelFamilies.find(in: readmeBytes)
        union(.model, allModelMentions, readme: readmeModels, keep: named)
        let keptDatasets = Set(attributes.filter { $0.kind == .dataset }.map(\.value))
        let keptModels = Set(attributes.filter { $0.kind == .model }.map(\.value))
        let datasetMentions = allDatasetMentions.filter { keptDatasets.contains($0.1) }
        let modelMentions = allModelMentions.filter { keptModels.contains($0.1) }
        for (reference, line) in References.find(in: readme ?? "") {
            attributes.append(
                ProjectAttribute(.reference, reference, evidence: "named in the README", path: readmePath, line: line))
        }

        let frameworks = Set((codeImports.isEmpty ? imports : codeImports).map { $0.feature.name })
        let layers = Set(features.filter { $0.feature.kind == .layer }.map { $0.feature.name.lowercased() })
        let losses = features.filter { $0.feature.kind == .loss }
        let datasets = keptDatasets
        let models = keptModels

        var scorer = Scorer()
        // Domains.
        func evidence(_ label: String, _ kind: String, points: Int, _ reason: String) {
            scorer.add(label, kind, points, reason)
        }
        if layers.contains(where: { $0.contains("conv2d") || $0.contains("maxpool2d") || $0.contains("maxpooling2d") })
        {
            // Layers are weak evidence of a domain: audio models convolve spectrograms in 2-D,
            // and embeddings with attention serve speech, images and tables as well as text.
            evidence("vision", "domain", points: 1, "2-D convolution layers")
        }
        for (domain, libraries) in [
            ("vision", ["torchvision", "opencv", "timm", "detectron2", "smp"]),
            ("nlp", ["transformers", "nltk", "spacy", "torchtext"]),
            ("audio", ["torchaudio", "librosa"]), ("tabular", ["scikit-learn", "xgboost", "lightgbm", "catboost"]),
            ("rl", ["gym", "stable-baselines3"]),
        ] {
            let used = libraries.filter(frameworks.contains)
            if !used.isEmpty {
                evidence(
                    domain, "domain", points: domain == "tabular" ? 1 : 2, "imports \(used.joined(separator: ", "))")
            }
        }
        if layers.contains(where: { $0.contains("embedding") })
            && layers.contains(where: {
                ["lstm", "gru", "transformer", "multiheadattention"].contains(where: $0.contains)
            })
        {
            evidence("nlp", "domain", points: 1, "embedding and sequence layers")
        }
        let datasetDomains: [String: String] = [
            "MNIST": "vision", "Fashion-MNIST": "vision", "EMNIST": "vision", "KMNIST": "vision", "CIFAR-10": "vision",
            "CIFAR-100": "vision", "ImageNet": "vision", "COCO": "vision", "Pascal VOC": "vision",
            "Cityscapes": "vision",
            "ADE20K": "vision", "CelebA": "vision", "SVHN": "vision", "STL-10": "vision", "LSUN": "vision",
            "Omniglot": "vision",
            "KITTI": "vision", "Oxford-IIIT Pet": "vision", "Caltech-101": "vision", "Flowers-102": "vision",
            "Kinetics": "vision",
            "UCF101": "vision", "ModelNet": "vision", "ShapeNet": "vision",
            "IMDB": "nlp", "SST-2": "nlp", "SQuAD": "nlp", "GLUE": "nlp", "WikiText": "nlp", "Penn Treebank": "nlp",
            "AG News": "nlp", "Yelp": "nlp", "Multi30k": "nlp", "WMT": "nlp", "Reuters": "nlp", "20 Newsgroups": "nlp",
            "LibriSpeech": "audio", "Common Voice": "audio", "Speech Commands": "audio", "UrbanSound8K": "audio",
            "ESC-50": "audio",
            "Boston Housing": "tabular", "California Housing": "tabular", "Iris": "tabular", "Titanic": "tabular",
            "CartPole": "rl", "Atari": "rl", "MuJoCo": "rl",
            "FFHQ": "vision", "DIV2K": "vision", "LFW": "vision", "VGGFace2": "vision", "WIDER FACE": "vision",
            "Open Images": "vision", "LAION": "vision", "Market-1501": "vision", "CUB-200": "vision",
            "CoNLL-03": "nlp", "AudioSet": "audio", "NSynth": "audio", "VCTK": "audio", "MUSDB18": "audio",
            "MovieLens": "tabular", "Criteo": "tabular",
        ]
        for dataset in datasets.sorted() {
            if let domain = datasetDomains[dataset] { evidence(domain, "domain", points: 2, "dataset \(dataset)") }
        }
        let modelDomains: [String: String] = [
            "ResNet": "vision", "VGG": "vision", "AlexNet": "vision", "Inception": "vision", "DenseNet": "vision",
            "MobileNet": "vision", "EfficientNet": "vision", "Xception": "vision", "SqueezeNet": "vision",
            "ViT": "vision",
            "Swin": "vision", "ConvNeXt": "vision", "RegNet": "vision", "SENet": "vision", "NASNet": "vision",
            "EfficientDet": "vision",
            "U-Net": "vision", "FCN": "vision", "DeepLab": "vision", "Mask R-CNN": "vision", "Faster R-CNN": "vision",
            "RetinaNet": "vision", "SSD": "vision", "YOLO": "vision", "LeNet": "vision", "PointNet": "vision",
            "BERT": "nlp", "GPT": "nlp", "T5": "nlp", "Word2Vec": "nlp", "Seq2Seq": "nlp",
            "Wav2Vec2": "audio", "Whisper": "audio", "DQN": "rl", "PPO": "rl",
        ]
        for model in models.sorted() {
            if let domain = modelDomains[model] { evidence(domain, "domain", points: 2, "model family \(model)") }
        }
        let readmeWords: [(String, String, [String])] = [
            ("vision", "domain", ["image", "vision", "pixel", "segmentation", "object detection"]),
            (
                "nlp", "domain",
                ["natural language", "nlp", "text classification", "sentiment", "translation", "language model"]
            ),
            ("audio", "domain", ["audio", "speech", "sound", "music"]),
            ("tabular", "domain", ["tabular", "csv"]),
            ("rl", "domain", ["reinforcement learning", "reward", "agent"]),
            ("segmentation", "task", ["segmentation"]),
            ("detection", "task", ["object detection", "bounding box", "detector"]),
            ("classification", "task", ["classification", "classifier", "classify"]),
            ("generation", "task", ["generative", "generation", "generate images", "synthesis"]),
            ("translation", "task", ["machine translation"]), ("question-answering", "task", ["question answering"]),
            ("language-modelling", "task", ["language model"]), ("regression", "task", ["regression"]),
            ("speech-recognition", "task", ["speech recognition", "asr"]),
            ("super-resolution", "task", ["super-resolution", "super resolution", "upscaling", "upsampling images"]),
            ("restoration", "task", ["restoration", "denoising", "deblurring", "inpainting"]),
            (
                "representation-learning", "task",
                ["self-supervised", "contrastive learning", "metric learning", "representation learning", "embeddings"]
            ),
            ("source-separation", "task", ["source separation", "speech separation", "music separation"]),
            ("sequence-labelling", "task", ["named entity recognition", "part-of-speech", "sequence labeling"]),
            ("recommendation", "task", ["recommendation", "recommender", "click-through"]),
        ]
        for (label, kind, words) in readmeWords {
            let said = words.filter { Self.containsWord($0, in: readmeLower) }
            if !said.isEmpty { evidence(label, kind, points: 2, "README says \"\(said[0])\"") }
        }
        // Tasks.
        for loss in losses {
            let name = loss.feature.name.lowercased()
            if ["dice", "jaccard", "tversky", "lovasz"].contains(where: name.contains) {
                evidence(
                    "segmentation", "task", points: 3,
                    "loss \(loss.feature.name) (\(loss.path):\(loss.feature.line ?? 0))")
                break
            }
        }
        // Losses that belong to a task: boxes to detection (3 points, as Dice to segmentation);
        // metric-learning losses to representation learning and adversarial ones to generation
        // (2: contrastive terms also regularise GANs, GAN losses also train restorers).
        for (task, points, words) in [
            ("detection", 3, ["box_loss", "boxloss", "detectionloss", "detection_loss", "giou"]),
            (
                "representation-learning", 2,
                [
                    "triplet", "arcface", "cosface", "circleloss", "circle_loss", "ntxent", "nt_xent", "infonce",
                    "multisimilarity", "simclr", "simsiam", "npair",
                ]
            ),
            ("generation", 2, ["ganloss", "gan_loss", "wgan", "gen_hinge", "adversarial_loss", "adversarialloss"]),
        ] {
            if let loss = losses.first(where: { loss in words.contains(where: loss.feature.name.lowercased().contains) }
            ) {
                evidence(
                    task, "task", points: points, "loss \(loss.feature.name) (\(loss.path):\(loss.feature.line ?? 0))")
            }
        }
        for loss in losses
        where loss.feature.name.lowercased().contains("crossentropy")
            || loss.feature.name.lowercased().contains("cross_entropy") || loss.feature.name.lowercased() == "nll_loss"
        {
            evidence("classification", "task", points: 1, "loss \(loss.feature.name) (\(loss.path))")
            break
        }
        for loss in losses
        where ["mean_squared_error", "mse", "mseloss", "mean_absolute_error", "l1loss", "huber"].contains(
            loss.feature.name.lowercased())
        {
            evidence("regression", "task", points: 1, "loss \(loss.feature.name) (\(loss.path))")
            break
        }
        let modelTasks: [String: String] = [
            "U-Net": "segmentation", "DeepLab": "segmentation", "FCN": "segmentation", "Mask R-CNN": "segmentation",
            "Faster R-CNN": "detection", "RetinaNet": "detection", "SSD": "detection", "YOLO": "detection",
            "EfficientDet": "detection",
            "GAN": "generation", "VAE": "generation", "Diffusion": "generation", "GPT": "generation",
            "Seq2Seq": "translation", "Whisper": "speech-recognition", "Wav2Vec2": "speech-recognition",
        ]
        for model in models.sorted() {
            if let task = modelTasks[model] { evidence(task, "task", points: 2, "model family \(model)") }
        }
        let datasetTasks: [String: String] = [
            "MNIST": "classification", "Fashion-MNIST": "classification", "CIFAR-10": "classification",
            "CIFAR-100": "classification",
            "ImageNet": "classification", "SVHN": "classification", "IMDB": "classification", "SST-2": "classification",
            "AG News": "classification", "Iris": "classification", "Reuters": "classification",
            "20 Newsgroups": "classification",
            "Speech Commands": "classification", "UrbanSound8K": "classification", "ESC-50": "classification",
            "Cityscapes": "segmentation", "ADE20K": "segmentation", "COCO": "detection", "SQuAD": "question-answering",
            "WikiText": "language-modelling", "Penn Treebank": "language-modelling", "WMT": "translation",
            "Multi30k": "translation",
            "LibriSpeech": "speech-recognition", "Common Voice": "speech-recognition", "Boston Housing": "regression",
            "California Housing": "regression", "CelebA": "generation", "LSUN": "generation",
            "DIV2K": "super-resolution", "MUSDB18": "source-separation", "AudioSet": "classification",
            "CoNLL-03": "sequence-labelling", "MovieLens": "recommendation", "Criteo": "recommendation",
        ]
        for dataset in datasets.sorted() {
            if let task = datasetTasks[dataset] { evidence(task, "task", points: 2, "dataset \(dataset)") }
        }

        for kind in ["domain", "task"] {
            for (label, reasons) in scorer.winners(kind: kind) {
                attributes.append(
                    ProjectAttribute(
                        kind == "domain" ? .domain : .task, label, evidence: reasons.joined(separator: "; ")))
            }
        }
        return attributes
    }

    /// Whether a path is a test's: under a `tests`/`test`/`testing` directory, or `test_*.py`,
    /// `*_test.py`, `conftest.py`.
    static func isTest(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        if components.dropLast().contains(where: { ["tests", "test", "testing"].contains($0.lowercased()) }) {
            return true
        }
        let name = (components.last ?? "").lowercased()
        return name.hasPrefix("test_") || name.hasSuffix("_test.py") || name == "conftest.py"
    }

    /// A README's title, summary and headings, one a line (outside code fences).
    static func prominentText(of readme: String) -> String {
        let summary = ReadmeSummary(text: readme)
        var lines = [summary.title ?? "", summary.summary ?? ""]
        var inFence = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, trimmed.hasPrefix("#") { lines.append(trimmed) }
        }
        return lines.joined(separator: "\n")
    }

    /// Whether `word` occurs in `text` not inside a longer word.
    static func containsWord(_ word: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? " " : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? " " : text[found.upperBound]
            if !before.isLetter && !(after.isLetter && after != "s") { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    /// Points per label with their reasons.
    struct Scorer {
        var points: [String: [String: Int]] = [:]
        var reasons: [String: [String: [String]]] = [:]

        mutating func add(_ label: String, _ kind: String, _ value: Int, _ reason: String) {
            points[kind, default: [:]][label, default: 0] += value
            reasons[kind, default: [:]][label, default: []].append(reason)
        }

        /// The labels with at least 3 points and at least 60% of the best label's, best first.
        func winners(kind: String) -> [(String, [String])] {
            let scores = points[kind] ?? [:]
            guard let best = scores.values.max(), best >= 3 else { return [] }
            return scores.filter { $0.value >= 3 && Double($0.value) >= 0.6 * Double(best) }
                .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { ($0.key, reasons[kind]?[$0.key] ?? []) }
        }
    }
}
