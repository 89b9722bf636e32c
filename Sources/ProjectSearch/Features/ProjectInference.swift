import Store

/// Concludes a project's attributes from its files' stored rows and its README: frameworks,
/// datasets, model families and references by union, with where they were found; domain and
/// task by scored rules, each point with its evidence, and nothing when the evidence is weak
/// (a score under 3, or under 60% of the best one's).
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
            readme found: [(name: String, line: Int, spelling: String)]
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
                let shown =
                    distinct.prefix(3).joined(separator: ", ")
                    + (distinct.count > 3 ? " and \(distinct.count - 3) more" : "")
                attributes.append(
                    ProjectAttribute(
                        kind, name, evidence: "in \(distinct.count) file\(distinct.count == 1 ? "" : "s"): \(shown)",
                        path: list[0].0, line: list[0].1))
            }
        }
        union(
            .framework,
            features.filter { $0.feature.kind == .framework }.map { ($0.path, $0.feature.name, $0.feature.line) },
            readme: [])
        let datasetMentions = mentions.filter { $0.mention.kind == .dataset }.map {
            ($0.path, $0.mention.name, $0.mention.line)
        }
        let readmeDatasets = NameCatalogue.datasets.find(in: readmeBytes)
        union(.dataset, datasetMentions, readme: readmeDatasets)
        let modelMentions = mentions.filter { $0.mention.kind == .model }.map {
            ($0.path, $0.mention.name, $0.mention.line)
        }
        let readmeModels = NameCatalogue.modelFamilies.find(in: readmeBytes)
        union(.model, modelMentions, readme: readmeModels)
        for (reference, line) in References.find(in: readme ?? "") {
            attributes.append(
                ProjectAttribute(.reference, reference, evidence: "named in the README", path: readmePath, line: line))
        }

        let frameworks = Set(features.filter { $0.feature.kind == .framework }.map { $0.feature.name })
        let layers = Set(features.filter { $0.feature.kind == .layer }.map { $0.feature.name.lowercased() })
        let losses = features.filter { $0.feature.kind == .loss }
        let datasets = Set(datasetMentions.map(\.1) + readmeDatasets.map(\.name))
        let models = Set(modelMentions.map(\.1) + readmeModels.map(\.name))

        var scorer = Scorer()
        // Domains.
        func evidence(_ label: String, _ kind: String, points: Int, _ reason: String) {
            scorer.add(label, kind, points, reason)
        }
        if layers.contains(where: { $0.contains("conv2d") || $0.contains("maxpool2d") || $0.contains("maxpooling2d") })
        {
            evidence("vision", "domain", points: 2, "2-D convolution layers")
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
            evidence("nlp", "domain", points: 2, "embedding and sequence layers")
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
            "CartPole": "rl", "Atari": "rl",
        ]
        for dataset in datasets.sorted() {
            if let domain = datasetDomains[dataset] { evidence(domain, "domain", points: 2, "dataset \(dataset)") }
        }
        let modelDomains: [String: String] = [
            "ResNet": "vision", "VGG": "vision", "AlexNet": "vision", "Inception": "vision", "DenseNet": "vision",
            "MobileNet": "vision", "EfficientNet": "vision", "Xception": "vision", "SqueezeNet": "vision",
            "ViT": "vision",
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
