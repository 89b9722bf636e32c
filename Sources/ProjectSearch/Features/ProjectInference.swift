import Foundation
import Store

/// Concludes a project's attributes from its files' stored rows and its README: frameworks,
/// datasets, model families and references by union, with where they were found; domain and
/// task by scored rules, each point with its evidence, and nothing when the evidence is weak
/// (a score under 3, or under 60% of the best one's).
///
/// A passing mention is not an attribute. A model family is the project's when it defines it (a
/// class or function named after it: `class EfficientNet`, `def resnet50`), when a module or
/// directory is named after it (`models/resnet.py`, `keras_unet/`), or when the README's title,
/// introduction or a heading names it; a family the code only uses (`ResnetBlock`, an import, a
/// comment citing BERT) stays a file mention, searchable per file. A dataset is the project's
/// when two places name it (files or the README), the README's title, introduction or a heading
/// does, or the README names it three times. Tests' mentions and imports count only when the
/// project has nothing else (tests compare with other frameworks and exercise other names).
///
/// README phrases weigh by where they are: 3 points in the title and introduction (what the
/// project says it is, enough alone), 2 when the README repeats them (three times or more), 1
/// for a passing mention.
package enum ProjectInference {
    package static func attributes(
        features: [(path: String, feature: FileFeature)], mentions: [(path: String, mention: FileMention)],
        readme: String?, readmePath: String?, dataFiles: [String] = []
    ) -> [ProjectAttribute] {
        var attributes: [ProjectAttribute] = []
        let readmeBytes = Array((readme ?? "").utf8)
        let readmeLower = Self.withoutModelNames((readme ?? "").lowercased())

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
        // What the README says up front: its title, introduction and headings.
        let leadText = Self.leadText(of: readme ?? "")
        let prominent = Array(Self.prominentText(of: readme ?? "", lead: leadText).utf8)
        let prominentNames =
            Set(NameCatalogue.datasets.find(in: prominent).map(\.name))
            .union(NameCatalogue.modelFamilies.find(in: prominent).map(\.name))
        // What the README's tables list: their header cells (a benchmark's datasets) and first
        // column (a zoo's models, a recipe's data).
        let tableText = Array(Self.tableKeys(of: readme ?? "").utf8)
        // And its lists of supported models or datasets, by the name each item starts with.
        let listItems = Self.listKeys(of: readme ?? "").split(separator: "\n").map { Array($0.utf8) }
        let tableDatasets = Set(NameCatalogue.datasets.find(in: tableText).map(\.name))
            .union(listItems.flatMap { Self.leadingNames($0, NameCatalogue.datasets) })
        let tableModels = Set(NameCatalogue.modelFamilies.find(in: tableText).map(\.name))
            .union(listItems.flatMap { Self.leadingNames($0, NameCatalogue.modelFamilies) })
        // The title and introduction say what the project is; a heading may name one example
        // or section among many (a README's "Masked Autoencoder" example).
        let summary = ReadmeSummary(text: readme ?? "")
        let introduction = Array(
            (Self.withoutAddresses([summary.title ?? "", summary.summary ?? ""].joined(separator: "\n")) + "\n"
                + leadText).utf8)
        let introducedModels = Set(NameCatalogue.modelFamilies.find(in: introduction).map(\.name))
        let named = mentions.filter { $0.mention.kind == .dataset || $0.mention.kind == .model }
        var testPaths: [String: Bool] = [:]
        for path in Set(named.map(\.path)) { testPaths[path] = Self.isTest(path) }
        let hasCode =
            features.contains { !Self.isTest($0.path) } || testPaths.values.contains(false)
            || mentions.contains { !Self.isTest($0.path) }
        // A name a module gave (`data/guitarset.py`, `algos/awac.py`) is spelled as the README
        // writes it, when it does (`GuitarSet`, `Decision Transformer`): the module's spelling
        // is an identifier's.
        let readmeNames = Self.readmeSpellings(of: readme ?? "")
        let ownMentions = (hasCode ? named.filter { testPaths[$0.path] == false } : named).map {
            entry -> (path: String, mention: FileMention) in
            guard Self.isNamedByModule(entry.mention), let spelling = readmeNames[Self.nameKey(entry.mention.name)]
            else { return entry }
            var mention = entry.mention
            mention.name = spelling
            return (entry.path, mention)
        }
        let readmeDatasetCounts = NameCatalogue.datasets.counts(in: readmeBytes)
        let allDatasetMentions = ownMentions.filter { $0.mention.kind == .dataset }.map {
            ($0.path, $0.mention.name, $0.mention.line)
        }
        let readmeDatasets = NameCatalogue.datasets.find(in: readmeBytes)
        // A module or directory named after a dataset is its loader (`data/ffhq_dataset.py`,
        // `datasets/cuhk03.py`): the project ships it, even when no other file names it.
        let pathNamedDatasets = Set(
            ownMentions.filter {
                $0.mention.kind == .dataset
                    && Self.namesInPath($0.path, NameCatalogue.datasets).contains($0.mention.name)
            }.map(\.mention.name))
        // A loader the code defines (`class CocoDataset`, `def load_mnist`) is the project's too.
        let definedDatasets = Set(
            ownMentions.filter { $0.mention.kind == .dataset && Self.isDefinition($0.mention) }.map(\.mention.name))
        // A data module or configuration file named after a dataset, in a data directory or
        // saying it is data (`cfg/datasets/coco.yaml`, `datasets/lvis.py`, `ffhq_dataset.py`),
        // whatever its contents and case: the project loads that dataset.
        var dataFileMentions: [(path: String, name: String, line: Int?)] = []
        for path in dataFiles where !Self.isTest(path) {
            for name in Self.datasetsNamedByDataFile(path).sorted() { dataFileMentions.append((path, name, nil)) }
        }
        let dataFileNamed = Set(dataFileMentions.map(\.name))
        // A loader module named after a dataset no catalogue knows (`data/guitarset.py` with
        // `class GuitarSetDataset`): the project's when its README names it too, in any case or
        // spacing (`GuitarSet`, `Guitar-Set`); a loader the README never names may be a helper.
        let loaderModuleDatasets = Set(
            ownMentions.filter {
                $0.mention.kind == .dataset && Self.isLoaderModule($0.mention)
                    && readmeNames[Self.nameKey($0.mention.name)] != nil
            }.map(\.mention.name))
        union(
            .dataset, allDatasetMentions + dataFileMentions, readme: readmeDatasets,
            keep: { name, places in
                places >= 2 || prominentNames.contains(name) || readmeDatasetCounts[name, default: 0] >= 3
                    || pathNamedDatasets.contains(name) || definedDatasets.contains(name)
                    || dataFileNamed.contains(name) || tableDatasets.contains(name)
                    || loaderModuleDatasets.contains(name)
            })
        // A benchmark suite's member tasks are the suite's (SST-2 is one of GLUE's).
        let keptSoFar = Set(attributes.filter { $0.kind == .dataset }.map(\.value))
        for (suite, members) in Self.suiteMembers where keptSoFar.contains(suite) {
            attributes.removeAll { $0.kind == .dataset && members.contains($0.value) }
        }
        // Definitions first: the attribute points at where the project implements the family.
        let modelMentionsFound = ownMentions.filter { $0.mention.kind == .model }
        let defining = modelMentionsFound.filter { Self.isDefinition($0.mention) }
        let definedModels = Set(defining.map(\.mention.name))
        var namesInPath: [String: Set<String>] = [:]
        for path in Set(modelMentionsFound.map(\.path)) {
            namesInPath[path] = Self.namesInPath(path, NameCatalogue.modelFamilies)
        }
        let pathNamedModels = Set(
            modelMentionsFound.filter { namesInPath[$0.path]?.contains($0.mention.name) ?? false }.map(\.mention.name))
        let mentionedInCode = Set(modelMentionsFound.map(\.mention.name))
        // An algorithm module named after a family no catalogue knows (`algos/awac.py` with
        // `class AWAC`): the project's when its README names it too.
        let algorithmModuleModels = Set(
            modelMentionsFound.filter {
                Self.isAlgorithmModule($0.mention) && readmeNames[Self.nameKey($0.mention.name)] != nil
            }.map(\.mention.name))
        let allModelMentions = (defining + modelMentionsFound.filter { !Self.isDefinition($0.mention) }).map {
            ($0.path, $0.mention.name, $0.mention.line)
        }
        let readmeModels = NameCatalogue.modelFamilies.find(in: readmeBytes)
        // A family defined in one file that the README never names, in a module not named after
        // it, is a part or a helper of the project's own models (timm's `LSTM2d` in a sequencer,
        // lpips's `class resnet` among its feature networks): a definition counts when the
        // README names the family or a second file does.
        let readmeModelNames = Set(readmeModels.map(\.name))
        var modelFiles: [String: Set<String>] = [:]
        for entry in modelMentionsFound { modelFiles[entry.mention.name, default: []].insert(entry.path) }
        let ownDefinitions = definedModels.filter { name in
            readme == nil || readmeModelNames.contains(name) || (modelFiles[name]?.count ?? 0) >= 2
        }
        union(
            .model, allModelMentions, readme: readmeModels,
            keep: { name, _ in
                ownDefinitions.contains(name) || pathNamedModels.contains(name) || introducedModels.contains(name)
                    || algorithmModuleModels.contains(name)
                    || ((prominentNames.contains(name) || tableModels.contains(name)) && mentionedInCode.contains(name))
            })
        let keptDatasets = Set(attributes.filter { $0.kind == .dataset }.map(\.value))
        let keptModels = Set(attributes.filter { $0.kind == .model }.map(\.value))
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
        // Tasks the README's introduction states, and tasks with evidence outside the README.
        var introducedTasks: Set<String> = []
        var tasksFromCode: Set<String> = []
        // Domains.
        func evidence(_ label: String, _ kind: String, points: Int, _ reason: String, fromCode: Bool = true) {
            scorer.add(label, kind, points, reason)
            if kind == "task" && fromCode { tasksFromCode.insert(label) }
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
        // A graph-network library loads images and point clouds as graphs (MNIST superpixels,
        // ModelNet meshes): its datasets do not make it a vision project.
        let isGraphLibrary = models.intersection(Self.graphFamilies).count >= 2
        for dataset in datasets.sorted() where !isGraphLibrary {
            if let domain = Self.datasetDomains[dataset] { evidence(domain, "domain", points: 2, "dataset \(dataset)") }
        }
        for model in models.sorted() {
            if let domain = Self.modelDomains[model] { evidence(domain, "domain", points: 2, "model family \(model)") }
        }
        let readmeWords: [(String, String, [String])] = [
            ("vision", "domain", ["image", "vision", "pixel", "segmentation", "object detection"]),
            (
                "nlp", "domain",
                [
                    "natural language", "nlp", "text classification", "sentiment", "machine translation",
                    "language model", "text generation", "text-generating", "generate text",
                ]
            ),
            ("audio", "domain", ["audio", "speech", "sound", "music"]),
            ("tabular", "domain", ["tabular", "csv"]),
            ("rl", "domain", ["reinforcement learning", "reward", "agent"]),
            ("time-series", "domain", ["time series", "time-series", "timeseries", "forecasting"]),
            ("segmentation", "task", ["segmentation"]),
            (
                "detection", "task",
                ["object detection", "bounding box", "detector", "sound event detection", "face detection"]
            ),
            // A classifier zoo's benchmark table reports top-1 and top-5 accuracy or error.
            (
                "classification", "task",
                ["classification", "classifier", "classify", "audio tagging", "top-1", "top-5"]
            ),
            (
                "generation", "task",
                ["generative", "generation", "generate images", "synthesis", "text-generating", "generate text"]
            ),
            ("translation", "task", ["machine translation", "speech translation"]),
            ("question-answering", "task", ["question answering"]),
            (
                "language-modelling", "task",
                ["language model", "language modeling", "language modelling", "causal language", "masked language"]
            ),
            ("regression", "task", ["regression"]),
            ("speech-recognition", "task", ["speech recognition", "asr"]),
            ("super-resolution", "task", ["super-resolution", "super resolution", "upscaling", "upsampling images"]),
            ("restoration", "task", ["restoration", "denoising", "deblurring", "inpainting"]),
            (
                "representation-learning", "task",
                [
                    "self-supervised", "contrastive learning", "metric learning", "representation learning",
                    "embeddings", "contrastive", "re-identification", "face recognition", "face verification",
                ]
            ),
            ("source-separation", "task", ["source separation", "speech separation", "music separation"]),
            (
                "sequence-labelling", "task",
                [
                    "named entity recognition", "part-of-speech", "sequence labeling", "sequence labelling",
                    "part-of-speech tagging",
                ]
            ),
            ("recommendation", "task", ["recommendation", "recommender", "click-through", "ctr prediction"]),
            ("forecasting", "task", ["forecasting", "forecast", "time series prediction"]),
            (
                "metric", "task",
                [
                    "evaluation metric", "metric for", "similarity metric", "quality metric", "perceptual metric",
                    "image quality assessment", "fréchet inception distance", "ssim", "ms-ssim",
                    "perceptual similarity",
                ]
            ),
            ("control", "task", ["reinforcement learning", "continuous control", "policy optimization"]),
            ("compression", "task", ["compression", "codec"]),
        ]
        // What the README says the project is (its title and introduction) outweighs what it
        // repeats, which outweighs what it mentions once (a related task, a comparison).
        let leadBytes = Array(Self.withoutModelNames(leadText.lowercased()).utf8)
        let readmeLowerBytes = Array(readmeLower.utf8)
        for (label, kind, words) in readmeWords {
            let said = words.filter { Self.wordCount($0, in: readmeLowerBytes, atMost: 1) > 0 }
            let times = said.reduce(0) { $0 + Self.wordCount($1, in: readmeLowerBytes) }
            if let introduced = words.first(where: { Self.wordCount($0, in: leadBytes, atMost: 1) > 0 }) {
                evidence(label, kind, points: 3, "the README's introduction says \"\(introduced)\"", fromCode: false)
                if kind == "task" { introducedTasks.insert(label) }
            } else if let first = said.first, times >= 3 {
                evidence(label, kind, points: 2, "README says \"\(first)\" (\(times) times)", fromCode: false)
            } else if let first = said.first {
                evidence(label, kind, points: 1, "README says \"\(first)\"", fromCode: false)
            }
        }
        // A README that says its models take text (`text-to-image`, `text-to-speech`, a text
        // encoder) makes text a modality of the project beside its output's, however much more
        // the output's has.
        var keptDomains: Set<String> = []
        if let phrase = Self.textInputPhrases.first(where: { Self.wordCount($0, in: readmeLowerBytes, atMost: 1) > 0 })
        {
            evidence("nlp", "domain", points: 3, "the README says its models take text (\"\(phrase)\")")
            keptDomains.insert("nlp")
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
        for model in models.sorted() {
            if let task = Self.modelTasks[model] { evidence(task, "task", points: 2, "model family \(model)") }
        }
        for dataset in datasets.sorted() {
            if let task = Self.datasetTasks[dataset] { evidence(task, "task", points: 2, "dataset \(dataset)") }
        }
        // A metric library's introduction names what it measures ("evaluating text generation"):
        // tasks only its README names are what it evaluates, not what it does.
        if introducedTasks.contains("metric") {
            for label in scorer.labels(kind: "task") where label != "metric" && !tasksFromCode.contains(label) {
                scorer.remove(label, "task")
            }
        }
        // GANs and their losses also train restorers and upscalers: when the introduction says
        // restoration or super-resolution and not generation, generation is the method.
        if !introducedTasks.isDisjoint(with: ["restoration", "super-resolution"]),
            !introducedTasks.contains("generation")
        {
            scorer.remove("generation", "task")
        }

        // What the code's layout says the project does: a package per task (`ktrain/text/qa/`,
        // `pypots/anomaly_detection/`, `speechbrain/inference/separation.py`) and per modality
        // (`fastai/text/`), among its Python files (a configuration directory such as
        // `config/model/lm/` configures a part). A metric library's packages name what it
        // measures, not what it does.
        let codePaths = dataFiles.filter { !Self.isTest($0) }
        let layout = [
            "task": introducedTasks.contains("metric") ? [:] : Self.tasksNamedByLayout(codePaths),
            "domain": Self.domainsNamedByLayout(codePaths),
        ]
        for kind in ["domain", "task"] {
            // A task the introduction states is enough alone, whatever else scores higher; so is
            // one a package is named after, which does not count towards the best score either
            // (a toolkit's many tasks are each its own, and no other is outweighed by them).
            var winners = scorer.winners(kind: kind, kept: kind == "task" ? introducedTasks : keptDomains)
            let named = layout[kind] ?? [:]
            let won = Set(winners.map(\.0))
            for label in named.keys.sorted() where !won.contains(label) {
                winners.append((label, scorer.reasons[kind]?[label] ?? []))
            }
            for (label, reasons) in winners {
                let all = reasons + (named[label].map { ["a package is named after it (\($0))"] } ?? [])
                attributes.append(
                    ProjectAttribute(kind == "domain" ? .domain : .task, label, evidence: all.joined(separator: "; ")))
            }
        }
        return attributes
    }

    /// README phrases that say a project's models take text as input: text-conditioned
    /// generators and text-and-image encoders.
    static let textInputPhrases = [
        "text-to-image", "text-to-video", "text-to-audio", "text-to-music", "text-to-speech", "text-to-3d",
        "text-conditioned", "text-conditional", "text encoder",
    ]

    /// Directory names (and a name's last word: `object_detection`, `anomaly_detection`,
    /// `language_modeling`) that say which task the code in them does. Not `tagging`, which
    /// is sequence labelling in text and classification in audio.
    static let layoutTaskNames: [String: String] = [
        "classification": "classification", "classifiers": "classification", "classifier": "classification",
        "classify": "classification",
        "detection": "detection", "detectors": "detection", "detector": "detection", "detect": "detection",
        "pose": "detection", "segmentation": "segmentation", "segment": "segmentation", "segmentors": "segmentation",
        "segmenters": "segmentation", "ner": "sequence-labelling", "qa": "question-answering",
        "question_answering": "question-answering",
        "translation": "translation", "lm": "language-modelling", "language_modeling": "language-modelling",
        "language_modelling": "language-modelling", "generation": "generation", "generative_ai": "generation",
        "tts": "generation", "text_to_speech": "generation", "forecasting": "forecasting",
        "forecasters": "forecasting", "regression": "regression", "regressors": "regression",
        "asr": "speech-recognition", "speech_recognition": "speech-recognition", "separation": "source-separation",
        "enhancement": "restoration", "restoration": "restoration", "denoising": "restoration",
        "inpainting": "restoration", "super_resolution": "super-resolution",
        "representation_learning": "representation-learning", "self_supervised": "representation-learning",
        "metric_learning": "representation-learning", "recommendation": "recommendation",
        "recommenders": "recommendation", "recommender": "recommendation", "compression": "compression",
    ]
    /// The last words of a compound directory name that name its task whatever qualifies them
    /// (`object_detection`, `speech_separation`, `language_generation`): not `lm` or `qa`
    /// (`audiocraft/models/lm`-like parts of another task's model), not `segment` or `detect`.
    static let layoutTaskHeads: Set<String> = [
        "classification", "classifiers", "detection", "detectors", "segmentation", "separation", "translation",
        "generation", "forecasting", "regression", "enhancement", "restoration", "compression", "modeling",
        "modelling",
    ]
    /// Directories whose code serves a task without doing it (its metrics, losses, tests,
    /// helpers) or is someone else's (vendored code): nothing under them names a task.
    static let layoutStops: Set<String> = [
        "tests", "test", "testing", "docs", "doc", "examples", "example", "benchmarks", "benchmark", "scripts",
        "notebooks", "nbs", "tutorials", "metrics", "torchmetrics", "losses", "loss", "utils", "util", "evaluation",
        "third_party", "thirdparty", "vendor", "external", "extern",
    ]
    /// Directories whose modules are one a task (`speechbrain/inference/ASR.py`,
    /// `pythae/pipelines/generation.py`, `timm/task/classification.py`).
    static let taskDispatchDirectories: Set<String> = [
        "tasks", "task", "inference", "pipelines", "pipeline", "solutions", "applications", "apps",
    ]

    /// The task a directory's or module's name says (`ner`, `object_detection`, `ASR`), if any.
    package static func layoutTask(_ component: String) -> String? {
        let name = component.lowercased().replacingOccurrences(of: "-", with: "_")
        if let task = layoutTaskNames[name] { return task }
        let words = name.split(separator: "_").map(String.init)
        guard words.count > 1, let last = words.last, layoutTaskHeads.contains(last) else { return nil }
        if last == "modeling" || last == "modelling" {
            return words.dropLast().last == "language" ? "language-modelling" : nil
        }
        return layoutTaskNames[last]
    }

    /// The tasks the code's layout names, each with the first directory or module (in path
    /// order) among Python files (`config/model/lm/` configures a part of a model): a directory
    /// anywhere in a path, outside tests, examples, metrics,
    /// losses, helpers and vendored code (`ktrain/text/qa/`, `keras_cv/src/models/segmentation/`,
    /// `pypots/anomaly_detection/`), or a module in a directory of per-task entry points
    /// (`speechbrain/inference/separation.py`). A module elsewhere names nothing:
    /// `layers/classifier.py` is a part of a model, not a task.
    package static func tasksNamedByLayout(_ paths: [String]) -> [String: String] {
        var found: [String: String] = [:]
        for path in paths.sorted() where isCode(path) {
            let components = path.split(separator: "/").map(String.init)
            for (index, component) in components.enumerated() {
                if index == components.count - 1 {
                    guard index > 0, taskDispatchDirectories.contains(components[index - 1].lowercased()),
                        component.hasSuffix(".py")
                    else { break }
                    if let task = layoutTask(String(component.dropLast(3))), found[task] == nil {
                        found[task] = path
                    }
                    break
                }
                if layoutStops.contains(component.lowercased()) { break }
                if let task = layoutTask(component), found[task] == nil {
                    found[task] = components[...index].joined(separator: "/") + "/"
                }
            }
        }
        return found
    }

    /// Whether a path is a Python module or notebook: the code's layout, not its configuration.
    static func isCode(_ path: String) -> Bool { path.hasSuffix(".py") || path.hasSuffix(".ipynb") }

    /// Directory names that say a modality.
    static let layoutDomainNames: [String: String] = [
        "vision": "vision", "image": "vision", "images": "vision", "video": "vision", "text": "nlp", "nlp": "nlp",
        "tabular": "tabular", "audio": "audio", "speech": "audio", "rl": "rl", "timeseries": "time-series",
        "time_series": "time-series",
    ]

    /// The domains the code's layout names: the top package, or a package directly in it, named
    /// after a modality (`fastai/text/`, `ktrain/tabular/`, `src/pyannote/audio/`), each with
    /// the first such directory. Deeper directories are parts (`pykeen/nn/vision/`).
    package static func domainsNamedByLayout(_ paths: [String]) -> [String: String] {
        var found: [String: String] = [:]
        for path in paths.sorted() where isCode(path) {
            var components = path.split(separator: "/").map(String.init)
            var prefix = ""
            if components.first == "src" {
                components.removeFirst()
                prefix = "src/"
            }
            for index in 0..<min(2, components.count - 1) {
                if layoutStops.contains(components[index].lowercased()) { break }
                if let domain = layoutDomainNames[components[index].lowercased()], found[domain] == nil {
                    found[domain] = prefix + components[...index].joined(separator: "/") + "/"
                }
            }
        }
        return found
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

    /// Graph networks: a project that defines two of them is a graph library, whatever its
    /// datasets' modality.
    static let graphFamilies: Set<String> = [
        "GCN", "GAT", "GraphSAGE", "GIN", "ChebNet", "APPNP", "SchNet", "DimeNet", "Node2Vec", "DeepWalk", "MPNN",
    ]

    /// Datasets that belong to a benchmark suite kept with them.
    static let suiteMembers: [(suite: String, members: Set<String>)] = [("GLUE", ["SST-2"])]

    /// The names a path's directories and module are named after (`data/ffhq_dataset.py` names
    /// FFHQ, `keras_unet/models.py` U-Net), as a class or function would be
    /// (`NameCatalogue.defined(byName:)`): `config/fpn_config.py` is not named after FPN.
    package static func namesInPath(_ path: String, _ catalogue: NameCatalogue) -> Set<String> {
        var names: Set<String> = []
        for component in path.split(separator: "/") {
            var stem = String(component)
            for suffix in [".py", ".ipynb"] where stem.hasSuffix(suffix) { stem.removeLast(suffix.count) }
            names.formUnion(catalogue.defined(byName: stem))
        }
        return names
    }

    /// A README's markdown tables' keys, one a line: each table's header cells and the first
    /// cell of its other rows (outside code fences, without link addresses or HTML). A zoo lists
    /// its models down the first column; a benchmark its datasets across the header.
    package static func tableKeys(of readme: String) -> String {
        var keys: [String] = []
        var inFence = false
        var inTable = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, trimmed.hasPrefix("|") else {
                inTable = false
                continue
            }
            let cells = trimmed.split(separator: "|", omittingEmptySubsequences: false).dropFirst()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // The delimiter row (`|---|:---:|`).
            if cells.allSatisfy({ $0.allSatisfy { "-: ".contains($0) } }) { continue }
            if !inTable {
                keys += cells
                inTable = true
            } else if let first = cells.first {
                keys.append(first)
            }
        }
        return replacing(htmlTag, in: withoutAddresses(keys.joined(separator: "\n")), with: " ")
    }

    /// The catalogue name an item starts with (`Double DQN`, `BEiT-V2`, `ResNet50`), not one it
    /// names later (`Quantile Regression DQN`, `MobileCLIP`, `Swin Transformer`'s Transformer) or
    /// the start of another name (`MambaOut`: only variant marks and generic words may follow).
    static func leadingNames(_ item: [UInt8], _ catalogue: NameCatalogue) -> [String] {
        catalogue.occurrences(in: item).filter { found in
            guard found.offset == 0 else { return false }
            let rest = item[(found.offset + found.length)...].prefix { byte in
                (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            }
            return FileAnalyzer.subwords(String(decoding: rest, as: UTF8.self)).allSatisfy(
                NameCatalogue.isVariantOrGeneric)
        }.map { catalogue.entries[$0.entry].name }
    }

    /// Words of a README section's label that say its list enumerates what the project ships:
    /// "Supported models", "Model zoo", "Available algorithms", "Datasets", "Backbones".
    static let catalogueSectionWords = [
        "model", "dataset", "algorithm", "method", "architecture", "backbone", "zoo", "benchmark",
    ]
    /// Words of a section label that say its list is something else (news, citations, credits).
    static let otherSectionWords = [
        "news", "new", "update", "changelog", "release", "citation", "cite", "acknowledg", "reference",
        "paper", "contribut", "tutorial", "install", "related", "license", "todo", "roadmap",
    ]
    private static let checkbox = try! NSRegularExpression(pattern: #"^\[[ xX]\]\s*"#)

    /// The items of a README's lists of supported models or datasets, one a line: the list items
    /// under a label (a heading, an HTML summary, a bold line or a line ending in a colon) that
    /// names models, datasets, algorithms, methods, architectures, backbones, a zoo or benchmarks,
    /// and not news, citations or credits. Each item is cut to its name: before a parenthesis,
    /// a colon or a dash and after its leading marks (`[PSPNet (CVPR'2017)](configs/pspnet)` is
    /// `PSPNet`; `**SAITS**: beats BRITS` is `SAITS**`), without link addresses; nested items
    /// (variants, weights, notes) are left out. A list under any other label, and prose under
    /// these, names nothing.
    package static func listKeys(of readme: String) -> String {
        var keys: [String] = []
        var inFence = false
        var inCatalogue = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            let range = NSRange(location: 0, length: (trimmed as NSString).length)
            if listItem.firstMatch(in: trimmed, range: range) != nil {
                // Top-level items only: nested ones are an item's variants, weights or notes.
                guard inCatalogue, !(line.first?.isWhitespace ?? false) else { continue }
                var item = String(trimmed.drop { $0 != " " && $0 != "\t" }).trimmingCharacters(in: .whitespaces)
                item = replacing(checkbox, in: item, with: "")
                item = replacing(htmlTag, in: withoutAddresses(item), with: " ")
                for separator in [" (", "(", ":", " - ", " – ", " — ", ","] {
                    if let cut = item.range(of: separator) { item = String(item[..<cut.lowerBound]) }
                }
                item = String(item.drop { !$0.isLetter && !$0.isNumber })
                if !item.isEmpty, item.count <= 60 { keys.append(item) }
                continue
            }
            let isLabel =
                trimmed.hasPrefix("#") || trimmed.lowercased().hasPrefix("<summary")
                || (trimmed.hasPrefix("**") && trimmed.hasSuffix("**"))
                || (trimmed.hasSuffix(":") && trimmed.count <= 80)
            if isLabel {
                let label = replacing(htmlTag, in: trimmed, with: " ").lowercased()
                inCatalogue =
                    catalogueSectionWords.contains { label.contains($0) }
                    && !otherSectionWords.contains { word in
                        label.split(whereSeparator: { !$0.isLetter }).contains { $0.hasPrefix(word) }
                    }
            }
        }
        return keys.joined(separator: "\n")
    }

    /// A name's letters and digits in lower case: `Guitar-Set`, `guitar_set` and `GuitarSet`
    /// are one name.
    package static func nameKey(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// A README's words and runs of two or three words (outside link addresses) by `nameKey`,
    /// each as the README first writes it with a capital and not as an identifier
    /// (`Decision Transformer`, `Vimeo-90K`, not `sms_wsj` when it also writes `SMS-WSJ`), or
    /// first at all.
    package static func readmeSpellings(of readme: String) -> [String: String] {
        let words = withoutAddresses(readme).split(whereSeparator: {
            !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")
        }).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "-_")) }.filter { !nameKey($0).isEmpty }
        var spellings: [String: String] = [:]
        func add(_ run: ArraySlice<String>) {
            let key = run.map(nameKey).joined()
            let spelling = run.joined(separator: " ")
            func rank(_ text: String) -> Int {
                (text.contains(where: \.isUppercase) ? 2 : 0) + (text.contains("_") ? 0 : 1)
            }
            if let known = spellings[key], rank(known) >= rank(spelling) { return }
            spellings[key] = spelling
        }
        for index in words.indices {
            for length in 1...3 where index + length <= words.count { add(words[index..<index + length]) }
        }
        return spellings
    }

    /// Whether a mention was found by the name of the module that defines it, not by a
    /// catalogue (`FileAnalyzer.loaderModuleDataset`, `algorithmModuleFamily`).
    static func isNamedByModule(_ mention: FileMention) -> Bool {
        isLoaderModule(mention) || isAlgorithmModule(mention)
    }

    static func isLoaderModule(_ mention: FileMention) -> Bool {
        mention.detail?.hasPrefix("loader module ") ?? false
    }

    static func isAlgorithmModule(_ mention: FileMention) -> Bool {
        mention.detail?.hasPrefix("algorithm module ") ?? false
    }

    /// Directories that hold data loaders or data configurations.
    static let dataDirectories: Set<String> = [
        "data", "datasets", "dataset", "dataloaders", "dataloader", "loaders", "data_loaders", "datamodules",
    ]
    /// Words of a file's own name that say it is about data (`ffhq_dataset.py`, `coco_loader.py`).
    static let dataWords: Set<String> = ["data", "dataset", "datasets", "dataloader", "loader", "datamodule"]
    /// Extensions of the files whose names can say what data a project loads.
    package static let dataFileExtensions = [".py", ".ipynb", ".yaml", ".yml", ".json", ".toml", ".cfg"]

    /// The datasets a data module's or configuration file's name says it loads: the file is in a
    /// data directory (`cfg/datasets/`, `datasets/`) or its name says data (`ffhq_dataset.py`),
    /// and its name starts with a dataset's (case not minded: `coco.yaml`, `VOC.yaml`,
    /// `lvis.py`, `coco_panoptic.py`, `open-images-v7.yaml`). Anything else (`utils/coco.py`,
    /// `configs/train.yaml`) names nothing.
    package static func datasetsNamedByDataFile(_ path: String) -> Set<String> {
        let components = path.split(separator: "/").map(String.init)
        guard var stem = components.last,
            let suffix = dataFileExtensions.first(where: { stem.lowercased().hasSuffix($0) })
        else { return [] }
        stem.removeLast(suffix.count)
        let inDataDirectory = components.dropLast().contains { dataDirectories.contains($0.lowercased()) }
        let saysData = FileAnalyzer.subwords(stem).contains(where: dataWords.contains)
        guard inDataDirectory || saysData, !stem.isEmpty else { return [] }
        var names: Set<String> = []
        let plain = stem.replacingOccurrences(of: "-", with: "_")
        let capitalised: String = plain.prefix(1).uppercased() + String(plain.dropFirst())
        let spellings: Set<String> = [stem, plain, plain.lowercased(), plain.uppercased(), capitalised]
        for spelling in spellings {
            let bytes = Array(spelling.utf8)
            // The name the file starts with: in a data directory, what follows it is the split or
            // the task (`coco_detection`, `cityscapes_instance`).
            if let first = NameCatalogue.datasets.occurrences(in: bytes).first, first.offset == 0 {
                names.insert(NameCatalogue.datasets.entries[first.entry].name)
            }
        }
        return names
    }

    /// README text without the model and objective names that contain a task's word: "denoising
    /// diffusion", "denoising autoencoder" and "denoising score matching" are not restoration.
    package static func withoutModelNames(_ lowercased: String) -> String {
        var text = lowercased
        for name in [
            "denoising diffusion", "denoising autoencoder", "denoising auto-encoder", "denoising score matching",
        ]
        where text.contains(name) {
            text = text.replacingOccurrences(of: name, with: String(name.dropFirst("denoising ".count)))
        }
        return text
    }

    /// Whether a model or dataset mention is a definition (`FileAnalyzer` marks a family a file
    /// defines with its `class` or `def`, a dataset a registry lists or a download table gives an
    /// address with the registry's or constant's name).
    static func isDefinition(_ mention: FileMention) -> Bool {
        mention.detail.map {
            $0.hasPrefix("class ") || $0.hasPrefix("def ") || $0.hasPrefix("registry ") || $0.hasPrefix("address ")
        } ?? false
    }

    /// A README's title, summary, introduction and headings, one a line (outside code fences),
    /// without link addresses (a badge's or a notebook's URL says nothing of the project).
    static func prominentText(of readme: String, lead: String? = nil) -> String {
        let summary = ReadmeSummary(text: readme)
        var lines = [summary.title ?? "", summary.summary ?? ""]
        var inFence = false
        for line in readme.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, trimmed.hasPrefix("#") { lines.append(trimmed) }
        }
        return withoutAddresses(lines.joined(separator: "\n")) + "\n" + (lead ?? leadText(of: readme))
    }

    private static let address = try! NSRegularExpression(pattern: #"https?://\S+"#)
    private static let linkTarget = try! NSRegularExpression(pattern: #"\]\([^)]*\)"#)
    private static let link = try! NSRegularExpression(pattern: #"!?\[([^\]]*)\]\([^)]*\)"#)
    private static let htmlTag = try! NSRegularExpression(pattern: #"<[^>]+>"#)
    private static let listItem = try! NSRegularExpression(pattern: #"^(?:[-*+]|[0-9]+[.)])\s"#)
    private static let word = try! NSRegularExpression(pattern: #"[A-Za-z][A-Za-z'-]+"#)

    private static func replacing(_ expression: NSRegularExpression, in text: String, with template: String) -> String {
        expression.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: template)
    }

    /// `text` without URLs and markdown link targets.
    static func withoutAddresses(_ text: String) -> String {
        replacing(address, in: replacing(linkTarget, in: text, with: "]"), with: "")
    }

    /// Section names that introduce a project.
    static let introductions = ["introduction", "overview", "about", "description", "summary", "what is"]

    /// A README's title and the prose that introduces the project: at most two paragraphs before
    /// the first section heading and two of each section called Introduction, Overview, About,
    /// Description, Summary or What is; lists, tables, badges, HTML, link rows, quotes and code
    /// are not prose, nor is a paragraph of fewer than 8 words. Lines break between paragraphs.
    package static func leadText(of readme: String, paragraphs: Int = 2) -> String {
        var out = [ReadmeSummary(text: readme).title ?? ""]
        let lines = readme.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let isUnderline = { (text: String) in
            text.count >= 3 && Set(text).count == 1 && "=-~#*^".contains(text.first!)
        }
        var inFence = false
        var paragraph: [String] = []
        var introducing = true
        var taken = 0
        var headings = 0
        func flush() {
            defer { paragraph = [] }
            guard !paragraph.isEmpty, introducing, taken < paragraphs else { return }
            let joined = paragraph.joined(separator: " ")
            if word.numberOfMatches(in: joined, range: NSRange(location: 0, length: (joined as NSString).length)) >= 8 {
                out.append(joined)
                taken += 1
            }
        }
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                inFence.toggle()
                flush()
                continue
            }
            if inFence || isUnderline(line) { continue }
            let next = index + 1 < lines.count ? lines[index + 1] : ""
            if line.hasPrefix("#") || (!line.isEmpty && isUnderline(next)) {
                flush()
                headings += 1
                if headings > 1 {
                    let name = plain(String(line.drop { $0 == "#" })).lowercased()
                    introducing = introductions.contains { name.hasPrefix($0) }
                    taken = 0
                }
                continue
            }
            // Past the introduction only the headings matter.
            if !introducing || taken >= paragraphs { continue }
            let range = NSRange(location: 0, length: (line as NSString).length)
            if line.isEmpty || listItem.firstMatch(in: line, range: range) != nil || line.hasPrefix("|")
                || line.components(separatedBy: " | ").count > 2 || line.hasPrefix("[![") || line.hasPrefix("![")
                || line.hasPrefix("<") || line.hasPrefix(".. ") || line.hasPrefix(">")
            {
                flush()
                continue
            }
            var text = replacing(htmlTag, in: line, with: " ")
            text = replacing(link, in: text, with: "$1")
            text = replacing(linkTarget, in: text, with: "]")
            paragraph.append(replacing(address, in: plain(text), with: ""))
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// Markdown emphasis and code marks removed, and a quote's or list item's mark (as
    /// `ReadmeSummary.strip` after its links, without compiling an expression per line).
    static func plain(_ line: String) -> String {
        var text = line
        for mark in ["**", "__", "`", "*"] where text.contains(mark) {
            text = text.replacingOccurrences(of: mark, with: "")
        }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("> ") || text.hasPrefix("- ") || text.hasPrefix("+ ") { text.removeFirst(2) }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `word` occurs in `text` not inside a longer word.
    static func containsWord(_ word: String, in text: String) -> Bool {
        wordCount(word, in: Array(text.utf8), atMost: 1) > 0
    }

    /// How many times (up to `atMost`) `word` occurs in the UTF-8 `text` not inside a longer word:
    /// no letter before it, and after it no letter but a plural `s`. Bytes compared, not
    /// characters: `NSString` search over every README for every phrase was most of a re-index.
    static func wordCount(_ word: String, in text: [UInt8], atMost limit: Int = .max) -> Int {
        let needle = Array(word.utf8)
        guard let first = needle.first, needle.count <= text.count else { return 0 }
        var count = 0
        var index = 0
        let last = text.count - needle.count
        while index <= last {
            guard text[index] == first else {
                index += 1
                continue
            }
            var equal = true
            for offset in 1..<needle.count where text[index + offset] != needle[offset] {
                equal = false
                break
            }
            guard equal else {
                index += 1
                continue
            }
            let end = index + needle.count
            let letterAfter = end < text.count && text[end] != UInt8(ascii: "s") && isLetter(startingAt: end, in: text)
            // A phrase that ends in a digit ends a number too: `top-1` is not in `top-10`.
            let digitAfter = end < text.count && isDigit(needle[needle.count - 1]) && isDigit(text[end])
            if !isLetter(endingBefore: index, in: text) && !letterAfter && !digitAfter {
                count += 1
                if count >= limit { return count }
            }
            index = end
        }
        return count
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func isLetter(startingAt index: Int, in text: [UInt8]) -> Bool {
        let byte = text[index]
        if byte < 0x80 { return (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
        var end = index + 1
        while end < text.count && text[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: text[index..<end], as: UTF8.self).first?.isLetter ?? false
    }

    private static func isLetter(endingBefore index: Int, in text: [UInt8]) -> Bool {
        guard index > 0 else { return false }
        var start = index - 1
        if text[start] < 0x80 { return (text[start] | 0x20) >= 97 && (text[start] | 0x20) <= 122 }
        while start > 0 && text[start] & 0xC0 == 0x80 { start -= 1 }
        return String(decoding: text[start..<index], as: UTF8.self).first?.isLetter ?? false
    }

    /// Points per label with their reasons.
    struct Scorer {
        var points: [String: [String: Int]] = [:]
        var reasons: [String: [String: [String]]] = [:]

        mutating func add(_ label: String, _ kind: String, _ value: Int, _ reason: String) {
            points[kind, default: [:]][label, default: 0] += value
            reasons[kind, default: [:]][label, default: []].append(reason)
        }

        mutating func remove(_ label: String, _ kind: String) {
            points[kind]?[label] = nil
            reasons[kind]?[label] = nil
        }

        func labels(kind: String) -> [String] { (points[kind] ?? [:]).keys.sorted() }

        /// The labels with at least 3 points and at least 60% of the best label's (or in `kept`),
        /// best first.
        func winners(kind: String, kept: Set<String> = []) -> [(String, [String])] {
            let scores = points[kind] ?? [:]
            guard let best = scores.values.max(), best >= 3 else { return [] }
            return scores.filter { $0.value >= 3 && (Double($0.value) >= 0.6 * Double(best) || kept.contains($0.key)) }
                .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { ($0.key, reasons[kind]?[$0.key] ?? []) }
        }
    }

    // The lookup tables of `attributes`, as static tables: large literals inside a function body
    // made the release build's optimiser take many minutes.
    private static let datasetDomains: [String: String] = [
        "MNIST": "vision", "Fashion-MNIST": "vision", "EMNIST": "vision", "KMNIST": "vision", "CIFAR-10": "vision",
        "CIFAR-100": "vision", "ImageNet": "vision", "COCO": "vision", "Pascal VOC": "vision",
        "Cityscapes": "vision",
        "ADE20K": "vision", "CelebA": "vision", "SVHN": "vision", "STL-10": "vision", "LSUN": "vision",
        "Omniglot": "vision",
        "KITTI": "vision", "Oxford-IIIT Pet": "vision", "Caltech-101": "vision", "Flowers-102": "vision",
        "Kinetics": "vision",
        "UCF101": "vision", "ModelNet": "vision", "ShapeNet": "vision", "CamVid": "vision",
        "IMDB": "nlp", "SST-2": "nlp", "SQuAD": "nlp", "GLUE": "nlp", "WikiText": "nlp", "Penn Treebank": "nlp",
        "AG News": "nlp", "Yelp": "nlp", "Multi30k": "nlp", "WMT": "nlp", "Reuters": "nlp", "20 Newsgroups": "nlp",
        "LibriSpeech": "audio", "Common Voice": "audio", "Speech Commands": "audio", "UrbanSound8K": "audio",
        "ESC-50": "audio",
        "Boston Housing": "tabular", "California Housing": "tabular", "Iris": "tabular", "Titanic": "tabular",
        "CartPole": "rl", "Atari": "rl", "MuJoCo": "rl",
        "FFHQ": "vision", "DIV2K": "vision", "LFW": "vision", "VGGFace2": "vision", "WIDER FACE": "vision",
        "Open Images": "vision", "LAION": "vision", "Market-1501": "vision", "CUB-200": "vision",
        "CoNLL-03": "nlp", "AudioSet": "audio", "NSynth": "audio", "VCTK": "audio", "MUSDB18": "audio",
        "MovieLens": "tabular", "Criteo": "tabular", "LibriMix": "audio", "WHAM": "audio", "wsj0-2mix": "audio",
        "Cars196": "vision", "Stanford Online Products": "vision", "iNaturalist": "vision",
        "DukeMTMC-reID": "vision", "CUHK03": "vision", "MSMT17": "vision", "REDS": "vision", "BAPPS": "vision",
        "Medical Segmentation Decathlon": "vision", "BraTS": "vision", "LJSpeech": "audio", "VoxCeleb": "audio",
        "LibriTTS": "audio",
        "Procgen": "rl", "PyBullet": "rl", "Box2D": "rl", "MiniGrid": "rl", "D4RL": "rl",
        "DeepMind Control Suite": "rl", "VizDoom": "rl",
        "Avazu": "tabular", "Netflix Prize": "tabular", "Last.fm": "tabular", "Book-Crossing": "tabular",
        "VGGFace": "vision", "MS-Celeb-1M": "vision", "CASIA-WebFace": "vision", "300W": "vision", "AFLW": "vision",
        "MegaFace": "vision",
        "ETT": "time-series", "M4": "time-series", "UCR": "time-series", "UEA": "time-series",
        "AirPassengers": "time-series", "METR-LA": "time-series", "PEMS-BAY": "time-series",
        "TIMIT": "audio", "GTZAN": "audio", "MAESTRO": "audio", "Covertype": "tabular", "HIGGS": "tabular",
        "LVIS": "vision", "Objects365": "vision", "CrowdHuman": "vision", "DOTA": "vision", "VisDrone": "vision",
        "xView": "vision", "Argoverse": "vision", "SKU-110K": "vision", "Global Wheat": "vision",
        "DeepFashion": "vision", "RefCOCO": "vision", "MOTChallenge": "vision", "YouTube-VIS": "vision",
        "BDD100K": "vision", "nuScenes": "vision", "Waymo Open Dataset": "vision", "Mapillary Vistas": "vision",
        "iSAID": "vision", "SA-1B": "vision", "ScanNet": "vision", "NYU Depth V2": "vision",
        "Tiny ImageNet": "vision", "ImageNet-100": "vision", "Places365": "vision", "Food-101": "vision",
        "FGVC Aircraft": "vision",
        "M1": "time-series", "M3": "time-series", "M5": "time-series", "Electricity": "time-series",
        "Traffic": "time-series", "Exchange Rate": "time-series", "Weather": "time-series", "ILI": "time-series",
        "Solar": "time-series", "Tourism": "time-series", "NN5": "time-series", "Kaggle Web Traffic": "time-series",
        "Wikipedia": "time-series", "Taxi": "time-series", "Uber TLC": "time-series", "Sunspots": "time-series",
        "Monash": "time-series",
        "AMI": "audio", "DIHARD": "audio", "VoxConverse": "audio", "AISHELL-1": "audio", "AISHELL-4": "audio",
        "AliMeeting": "audio", "CALLHOME": "audio", "Switchboard": "audio", "TED-LIUM": "audio",
        "GigaSpeech": "audio", "VoxPopuli": "audio", "CoVoST": "audio", "FLEURS": "audio", "Libri-Light": "audio",
        "DNS Challenge": "audio", "VoiceBank-DEMAND": "audio", "IEMOCAP": "audio", "SLURP": "audio",
        "Fluent Speech Commands": "audio", "AudioCaps": "audio", "Clotho": "audio", "FSD50K": "audio",
        "VGG-Sound": "audio", "MusicCaps": "audio", "DCASE": "audio",
        "Alpaca": "nlp", "Dolly": "nlp", "FLAN": "nlp", "LIMA": "nlp", "OpenWebText": "nlp", "SlimPajama": "nlp",
        "RedPajama": "nlp", "The Pile": "nlp", "C4": "nlp", "TinyStories": "nlp", "StarCoderData": "nlp",
        "OpenAssistant": "nlp", "FineWeb": "nlp", "MMLU": "nlp", "GSM8K": "nlp", "HumanEval": "nlp",
        "HellaSwag": "nlp", "LM1B": "nlp", "BookCorpus": "nlp", "CNN/DailyMail": "nlp", "XSum": "nlp",
        "Tiny Shakespeare": "nlp", "Adult": "tabular",
        "Isaac Gym": "rl", "Isaac Lab": "rl", "ManiSkill": "rl", "PettingZoo": "rl", "bsuite": "rl",
        "Meta-World": "rl", "Minari": "rl", "DMLab": "rl",
    ]

    private static let modelDomains: [String: String] = [
        "ResNet": "vision", "VGG": "vision", "AlexNet": "vision", "Inception": "vision", "DenseNet": "vision",
        "MobileNet": "vision", "EfficientNet": "vision", "Xception": "vision", "SqueezeNet": "vision",
        "ViT": "vision",
        "Swin": "vision", "ConvNeXt": "vision", "RegNet": "vision", "SENet": "vision", "NASNet": "vision",
        "EfficientDet": "vision",
        "U-Net": "vision", "FCN": "vision", "DeepLab": "vision", "Mask R-CNN": "vision", "Faster R-CNN": "vision",
        "RetinaNet": "vision", "SSD": "vision", "YOLO": "vision", "LeNet": "vision", "PointNet": "vision",
        "BERT": "nlp", "GPT": "nlp", "T5": "nlp", "Word2Vec": "nlp", "Seq2Seq": "nlp",
        "Wav2Vec2": "audio", "Whisper": "audio", "DQN": "rl", "PPO": "rl", "Rainbow": "rl", "IQN": "rl",
        "SAC": "rl",
        "Conv-TasNet": "audio", "DPRNN": "audio", "CNN14": "audio",
        "FPN": "vision", "PSPNet": "vision", "LinkNet": "vision", "DETR": "vision", "OSNet": "vision",
        "EDSR": "vision", "RCAN": "vision", "SwinIR": "vision", "SRCNN": "vision", "ESPCN": "vision",
        "XLNet": "nlp", "ELECTRA": "nlp",
        "A2C": "rl", "A3C": "rl", "DDPG": "rl", "TD3": "rl", "TRPO": "rl", "ACER": "rl", "ACKTR": "rl", "HER": "rl",
        "C51": "rl", "QR-DQN": "rl", "SARSA": "rl", "GAIL": "rl", "CQL": "rl", "BCQ": "rl", "Ape-X": "rl",
        "R2D2": "rl", "MuZero": "rl", "AlphaZero": "rl", "Dreamer": "rl",
        "ARS": "rl", "TQC": "rl", "CrossQ": "rl", "FQF": "rl", "REDQ": "rl", "NPG": "rl", "CEM": "rl", "NAF": "rl",
        "DIN": "tabular",
        "DeepFM": "tabular", "Wide & Deep": "tabular", "DCN": "tabular", "xDeepFM": "tabular", "AutoInt": "tabular",
        "NFM": "tabular", "AFM": "tabular", "PNN": "tabular", "DIEN": "tabular", "FiBiNET": "tabular",
        "MMoE": "tabular", "NCF": "tabular", "BPR": "tabular", "LightGCN": "tabular", "NGCF": "tabular",
        "TabNet": "tabular",
        "FaceNet": "vision", "ArcFace": "vision", "CosFace": "vision", "SphereFace": "vision", "MTCNN": "vision",
        "RetinaFace": "vision", "BlazeFace": "vision", "SCRFD": "vision", "S3FD": "vision", "OpenFace": "vision",
        "DeepID": "vision",
        "CREPE": "audio", "Tacotron": "audio", "Tacotron2": "audio", "WaveNet": "audio", "WaveGlow": "audio",
        "HiFi-GAN": "audio",
        "MelGAN": "audio", "Demucs": "audio", "Conformer": "audio", "DeepSpeech": "audio", "HuBERT": "audio",
        "VGGish": "audio", "YAMNet": "audio",
        "N-BEATS": "time-series", "N-HiTS": "time-series", "TFT": "time-series", "DeepAR": "time-series",
        "Informer": "time-series", "Autoformer": "time-series", "FEDformer": "time-series",
        "PatchTST": "time-series", "TimesNet": "time-series", "InceptionTime": "time-series",
        "ROCKET": "time-series", "DLinear": "time-series", "TiDE": "time-series", "iTransformer": "time-series",
        "SAM": "vision", "DINO": "vision", "Mask2Former": "vision", "SegFormer": "vision", "HRNet": "vision",
        "CenterNet": "vision", "FCOS": "vision", "VQGAN": "vision", "NeRF": "vision", "PixelCNN": "vision",
        "BART": "nlp", "Longformer": "nlp", "LLaMA": "nlp",
        "Qwen": "nlp", "Gemma": "nlp", "Mistral": "nlp", "Mixtral": "nlp", "Phi": "nlp", "Falcon": "nlp",
        "Pythia": "nlp", "StableLM": "nlp", "OLMo": "nlp", "Vicuna": "nlp", "DeepSeek": "nlp", "OPT": "nlp",
        "BLOOM": "nlp", "SmolLM": "nlp",
        "Stable Diffusion": "vision", "DiT": "vision", "ControlNet": "vision", "Flux": "vision",
        "Kandinsky": "vision", "PixArt": "vision", "CogVideoX": "vision", "Imagen": "vision", "DALL-E": "vision",
        "AudioLDM": "audio", "MusicGen": "audio", "AudioGen": "audio", "EnCodec": "audio", "MAGNeT": "audio",
        "SoundStream": "audio",
        "YOLOX": "vision", "RTMDet": "vision", "RT-DETR": "vision", "ATSS": "vision", "HTC": "vision",
        "Cascade R-CNN": "vision", "Grounding DINO": "vision", "SOLO": "vision", "YOLACT": "vision",
        "Sparse R-CNN": "vision", "TOOD": "vision", "VFNet": "vision", "PointRend": "vision",
        "MaskFormer": "vision", "CondInst": "vision",
        "ECAPA-TDNN": "audio", "x-vector": "audio", "SepFormer": "audio", "FastSpeech2": "audio",
        "DiffWave": "audio", "CRDNN": "audio", "Branchformer": "audio", "MetricGAN": "audio",
        "Open-Unmix": "audio", "PyanNet": "audio", "WavLM": "audio", "SincNet": "audio", "VITS": "audio",
        "ARIMA": "time-series", "Prophet": "time-series", "NeuralProphet": "time-series",
        "Exponential Smoothing": "time-series", "Theta": "time-series", "Croston": "time-series",
        "TSMixer": "time-series", "AR-Net": "time-series", "DeepState": "time-series", "MQ-CNN": "time-series",
        "TabPFN": "tabular",
        "V-trace": "rl", "Retrace": "rl", "MPO": "rl", "PopArt": "rl", "Q-learning": "rl", "Double DQN": "rl",
        "IPPO": "rl", "MAPPO": "rl", "RPO": "rl",
    ]

    private static let modelTasks: [String: String] = [
        "U-Net": "segmentation", "DeepLab": "segmentation", "FCN": "segmentation", "Mask R-CNN": "segmentation",
        "Faster R-CNN": "detection", "RetinaNet": "detection", "SSD": "detection", "YOLO": "detection",
        "EfficientDet": "detection",
        "GAN": "generation", "VAE": "generation", "Diffusion": "generation", "GPT": "language-modelling",
        "Seq2Seq": "translation", "Whisper": "speech-recognition", "Wav2Vec2": "speech-recognition",
        "DQN": "control", "PPO": "control", "SAC": "control", "Rainbow": "control", "IQN": "control",
        "Conv-TasNet": "source-separation", "DPRNN": "source-separation",
        "PSPNet": "segmentation", "LinkNet": "segmentation", "DETR": "detection",
        "OSNet": "representation-learning",
        "EDSR": "super-resolution", "RCAN": "super-resolution", "SwinIR": "super-resolution",
        "SRCNN": "super-resolution", "ESPCN": "super-resolution", "XLNet": "language-modelling",
        "A2C": "control", "A3C": "control", "DDPG": "control", "TD3": "control", "TRPO": "control",
        "ACER": "control", "ACKTR": "control", "HER": "control", "C51": "control", "QR-DQN": "control",
        "SARSA": "control", "GAIL": "control", "CQL": "control", "BCQ": "control", "Ape-X": "control",
        "R2D2": "control", "MuZero": "control", "AlphaZero": "control", "Dreamer": "control",
        "ARS": "control", "TQC": "control", "CrossQ": "control", "FQF": "control", "REDQ": "control",
        "NPG": "control", "CEM": "control", "NAF": "control", "DIN": "recommendation",
        "DeepFM": "recommendation", "Wide & Deep": "recommendation", "DCN": "recommendation",
        "xDeepFM": "recommendation", "AutoInt": "recommendation", "NFM": "recommendation",
        "AFM": "recommendation", "PNN": "recommendation", "DIEN": "recommendation", "FiBiNET": "recommendation",
        "MMoE": "recommendation", "NCF": "recommendation", "BPR": "recommendation", "LightGCN": "recommendation",
        "NGCF": "recommendation", "SASRec": "recommendation", "GRU4Rec": "recommendation",
        "BERT4Rec": "recommendation",
        "FaceNet": "representation-learning", "ArcFace": "representation-learning",
        "CosFace": "representation-learning", "SphereFace": "representation-learning",
        "OpenFace": "representation-learning", "DeepID": "representation-learning", "MTCNN": "detection",
        "RetinaFace": "detection", "BlazeFace": "detection", "SCRFD": "detection", "S3FD": "detection",
        "Tacotron": "generation", "Tacotron2": "generation", "WaveNet": "generation", "WaveGlow": "generation",
        "HiFi-GAN": "generation",
        "MelGAN": "generation", "Demucs": "source-separation", "Conformer": "speech-recognition",
        "DeepSpeech": "speech-recognition", "VGGish": "classification", "YAMNet": "classification",
        "N-BEATS": "forecasting", "N-HiTS": "forecasting", "TFT": "forecasting", "DeepAR": "forecasting",
        "Informer": "forecasting", "Autoformer": "forecasting", "FEDformer": "forecasting",
        "PatchTST": "forecasting", "TimesNet": "forecasting", "DLinear": "forecasting", "TiDE": "forecasting",
        "iTransformer": "forecasting",
        "STGCN": "forecasting", "DCRNN": "forecasting", "InceptionTime": "classification",
        "ROCKET": "classification",
        "SAM": "segmentation", "Mask2Former": "segmentation", "SegFormer": "segmentation",
        "CenterNet": "detection", "FCOS": "detection", "VQGAN": "generation", "PixelCNN": "generation",
        "LLaMA": "language-modelling",
        "Qwen": "language-modelling", "Gemma": "language-modelling", "Mistral": "language-modelling",
        "Mixtral": "language-modelling", "Phi": "language-modelling", "Falcon": "language-modelling",
        "Pythia": "language-modelling", "StableLM": "language-modelling", "OLMo": "language-modelling",
        "Vicuna": "language-modelling", "DeepSeek": "language-modelling", "OPT": "language-modelling",
        "BLOOM": "language-modelling", "SmolLM": "language-modelling", "Mamba": "language-modelling",
        "Stable Diffusion": "generation", "DiT": "generation", "ControlNet": "generation", "Flux": "generation",
        "Kandinsky": "generation", "PixArt": "generation", "CogVideoX": "generation", "Imagen": "generation",
        "DALL-E": "generation", "AudioLDM": "generation", "MusicGen": "generation", "AudioGen": "generation",
        "EnCodec": "compression", "SoundStream": "compression", "MAGNeT": "generation",
        "YOLOX": "detection", "RTMDet": "detection", "RT-DETR": "detection", "ATSS": "detection",
        "HTC": "segmentation", "Cascade R-CNN": "detection", "Grounding DINO": "detection",
        "SOLO": "segmentation", "YOLACT": "segmentation", "Sparse R-CNN": "detection", "TOOD": "detection",
        "VFNet": "detection", "PointRend": "segmentation", "MaskFormer": "segmentation",
        "CondInst": "segmentation",
        "ECAPA-TDNN": "representation-learning", "x-vector": "representation-learning",
        "SepFormer": "source-separation", "FastSpeech2": "generation", "DiffWave": "generation",
        "CRDNN": "speech-recognition", "Branchformer": "speech-recognition", "MetricGAN": "restoration",
        "Open-Unmix": "source-separation", "WavLM": "representation-learning",
        "ARIMA": "forecasting", "Prophet": "forecasting", "NeuralProphet": "forecasting",
        "Exponential Smoothing": "forecasting", "Theta": "forecasting", "Croston": "forecasting",
        "TSMixer": "forecasting", "AR-Net": "forecasting", "DeepState": "forecasting", "MQ-CNN": "forecasting",
        "V-trace": "control", "Retrace": "control", "MPO": "control", "Q-learning": "control",
        "Double DQN": "control", "IPPO": "control", "MAPPO": "control", "RPO": "control",
    ]

    private static let datasetTasks: [String: String] = [
        "MNIST": "classification", "Fashion-MNIST": "classification", "CIFAR-10": "classification",
        "CIFAR-100": "classification",
        "ImageNet": "classification", "SVHN": "classification", "IMDB": "classification", "SST-2": "classification",
        "AG News": "classification", "Iris": "classification", "Reuters": "classification",
        "20 Newsgroups": "classification",
        "Speech Commands": "classification", "UrbanSound8K": "classification", "ESC-50": "classification",
        "Cityscapes": "segmentation", "ADE20K": "segmentation", "COCO": "detection", "SQuAD": "question-answering",
        "GLUE": "classification",
        "WikiText": "language-modelling", "Penn Treebank": "language-modelling", "WMT": "translation",
        "Multi30k": "translation",
        "LibriSpeech": "speech-recognition", "Common Voice": "speech-recognition", "Boston Housing": "regression",
        "California Housing": "regression", "CelebA": "generation", "LSUN": "generation",
        "DIV2K": "super-resolution", "MUSDB18": "source-separation", "AudioSet": "classification",
        "CoNLL-03": "sequence-labelling", "MovieLens": "recommendation", "Criteo": "recommendation",
        "Atari": "control", "MuJoCo": "control", "CartPole": "control", "LibriMix": "source-separation",
        "WHAM": "source-separation", "wsj0-2mix": "source-separation",
        "Cars196": "representation-learning", "Stanford Online Products": "representation-learning",
        "DukeMTMC-reID": "representation-learning", "CUHK03": "representation-learning",
        "MSMT17": "representation-learning", "Medical Segmentation Decathlon": "segmentation",
        "BraTS": "segmentation", "CamVid": "segmentation",
        "Procgen": "control", "PyBullet": "control", "Box2D": "control", "MiniGrid": "control", "D4RL": "control",
        "DeepMind Control Suite": "control", "VizDoom": "control",
        "Avazu": "recommendation", "Netflix Prize": "recommendation", "Last.fm": "recommendation",
        "Book-Crossing": "recommendation",
        "LFW": "representation-learning", "VGGFace": "representation-learning",
        "VGGFace2": "representation-learning", "MS-Celeb-1M": "representation-learning",
        "CASIA-WebFace": "representation-learning", "MegaFace": "representation-learning",
        "ETT": "forecasting", "M4": "forecasting", "AirPassengers": "forecasting", "METR-LA": "forecasting",
        "PEMS-BAY": "forecasting", "UCR": "classification", "UEA": "classification",
        "TIMIT": "speech-recognition",
        "GTZAN": "classification", "Covertype": "classification", "HIGGS": "classification",
        "LVIS": "detection", "Objects365": "detection", "CrowdHuman": "detection", "DOTA": "detection",
        "VisDrone": "detection", "xView": "detection", "SKU-110K": "detection", "Global Wheat": "detection",
        "YouTube-VIS": "segmentation", "Mapillary Vistas": "segmentation", "SA-1B": "segmentation",
        "M1": "forecasting", "M3": "forecasting", "M5": "forecasting", "Electricity": "forecasting",
        "Traffic": "forecasting", "Exchange Rate": "forecasting", "Weather": "forecasting", "ILI": "forecasting",
        "Solar": "forecasting", "Tourism": "forecasting", "NN5": "forecasting", "Kaggle Web Traffic": "forecasting",
        "Wikipedia": "forecasting", "Taxi": "forecasting", "Uber TLC": "forecasting", "Sunspots": "forecasting",
        "Monash": "forecasting",
        "GigaSpeech": "speech-recognition", "TED-LIUM": "speech-recognition", "AISHELL-1": "speech-recognition",
        "Switchboard": "speech-recognition", "Libri-Light": "speech-recognition",
        "DIHARD": "segmentation", "VoxConverse": "segmentation", "AudioCaps": "generation",
        "MusicCaps": "generation", "VoiceBank-DEMAND": "restoration", "DNS Challenge": "restoration",
        "OpenWebText": "language-modelling", "SlimPajama": "language-modelling",
        "RedPajama": "language-modelling", "The Pile": "language-modelling", "TinyStories": "language-modelling",
        "FineWeb": "language-modelling", "LM1B": "language-modelling", "Alpaca": "language-modelling",
        "Isaac Gym": "control", "Isaac Lab": "control", "ManiSkill": "control", "PettingZoo": "control",
        "bsuite": "control", "Meta-World": "control", "Minari": "control", "DMLab": "control",
    ]

}
