import Foundation
import LintCore
import LintRules
import PythonSyntax
import Store
import TrainingModel
import Workspace

/// What the indexer learned from one source file.
package struct FileAnalysis: Sendable {
    package var features: [FileFeature] = []
    package var mentions: [FileMention] = []
    package var role: String?
    package var lineCount = 0
    /// Path, identifiers (whole and split into sub-words) and feature values.
    package var searchText = ""
    /// Identifier sub-tokens with their counts, `FileTerms.encode`d: what the file's vector is fitted from.
    package var terms = ""
    /// Why the file was not analysed (binary, not UTF-8, a broken notebook), when it was not.
    package var problem: String?
}

/// Analyses one file: imports, Umlaut's analysis (networks, layers, activations, losses,
/// optimizers, learning rates), Umlaut's findings, the datasets and model families it names,
/// its role and its words. Reads text only; runs nothing.
package struct FileAnalyzer: Sendable {
    let linter = Linter(rules: BuiltInRules.all)

    package init() {}

    /// The version of what `analyze` stores. Bump it whenever that changes (a feature added, a
    /// rule's findings, a catalogue): the index keeps it in each file's hash (`stamp`), so files
    /// an earlier analysis read count as changed and are analysed again by the next
    /// `umlaut index`, instead of keeping what the earlier analysis found forever. 2: model
    /// families a file defines. 3: more datasets and model families in the catalogues
    /// (re-identification, metric-learning, restoration and medical data; FPN, PSPNet, LinkNet,
    /// XLNet, OSNet, EDSR, RCAN, SwinIR...). 4: reinforcement-learning, recommender, graph,
    /// face, audio and time-series names, and capitals that run on (`GATE`) no longer naming
    /// an acronym (`GAT`). 5: datasets a file defines a loader for (`class CocoDataset`), and
    /// whole fields' names (LLMs, diffusion, detectors, speech, forecasting; their data). 6: README
    /// lists, dataset registries. 7: loader modules and algorithm modules named after datasets and
    /// families no catalogue knows. 8: the project attributes the code's layout and README add
    /// (`ProjectInference`: task and modality packages, top-1 accuracy, text-conditioned
    /// models), and definitions: letters that run on after a number (`Gemma4Attention`) no
    /// longer make a class a family's definition. 9: names that shared a catalogue entry are
    /// apart (Flickr30k and Flickr8k from the Flickr graph, Tacotron2 from Tacotron), NYU Depth
    /// V2 and the Waymo Open Dataset by their full names, and an acronym takes a version in
    /// capitals (`YOLOV3`); iTransformer is its own family; `Module`, `Feature` and `Extractor`
    /// after a family make a use, not a definition (`InceptionModule`). 10: the model analysis
    /// and rules a file's findings come from changed (factorised convolutions and named ranks,
    /// merge entries, values read twice, branches that return), and a file's role falls back on
    /// its classes, its functions and `utilities`. 11: `Sequential.pop()`, nested functions of
    /// the same name, `LambdaLR` and the pre-filter's evidence words change networks and findings.
    package static let analysisVersion = 11

    /// What the index keeps as a file's content hash: the bytes' hash and `analysisVersion`.
    package static func stamp(_ bytes: [UInt8]) -> String {
        ContentHash.of(bytes) + "-a\(analysisVersion)"
    }

    package func analyze(path: String, bytes: [UInt8], isNotebook: Bool, parser: Parser) -> FileAnalysis {
        var analysis = FileAnalysis()
        if bytes.prefix(8000).contains(0) {
            analysis.problem = "skipped: binary content"
            return analysis
        }
        let source: SourceText
        if isNotebook {
            let notebook: Notebook
            do {
                notebook = try Notebook(bytes: bytes)
            } catch {
                analysis.problem = "skipped: not a readable notebook: \(error)"
                return analysis
            }
            guard notebook.isPython else {
                analysis.problem = "skipped: not a Python notebook"
                return analysis
            }
            source = NotebookSource(notebook).text
        } else {
            switch PythonFile.decode(bytes) {
            case .success(let file): source = file.text
            case .failure(let problem):
                analysis.problem = "skipped: \(problem)"
                return analysis
            }
        }
        guard source.bytes.count <= Linter.maximumSourceSize else {
            analysis.problem = "skipped: over the \(Linter.maximumSourceSize / 1_000_000) MB source limit"
            return analysis
        }
        let text = source.bytes
        analysis.lineCount = text.reduce(into: 1) { count, byte in if byte == 10 { count += 1 } }
        let string = String(decoding: text, as: UTF8.self)
        let imports = Self.frameworks(in: string)
        for (framework, line) in imports { analysis.features.append(FileFeature(.framework, framework, line: line)) }

        var model = ScriptModel()
        // Only code that imports a framework the analysis knows is parsed and analysed: the rest
        // has no networks to find and no rule could fire on it.
        if imports.contains(where: { ["pytorch", "keras", "tensorflow"].contains($0.name) }) {
            let tree = parser.parse(source)
            model = ScriptAnalyzer.analyze(tree)
            let result = linter.lint(tree, model: model, path: path)
            for diagnostic in result.diagnostics {
                analysis.mentions.append(
                    FileMention(
                        .finding, diagnostic.code.rawValue, line: diagnostic.span.start.line + 1,
                        detail: diagnostic.summary))
            }
        }
        Self.addModelFeatures(model, to: &analysis)
        Self.addNamedLosses(string, to: &analysis)
        // A dataset this file ships a loader for (`class ElectricityDataset`, `def load_mnist`) is
        // marked by its definition, as a model family is.
        // So is a dataset a registry lists (`DATASETS = {"ag_news": ...}`) or a download table
        // gives an address (`IMAGENETTE = f"{S3}imagenette2.tgz"`).
        let loaderDefinitions = Self.definitions(in: string, NameCatalogue.datasets)
        let datasetDefinitions =
            loaderDefinitions
            + Self.registeredDatasets(in: string).filter { found in
                !loaderDefinitions.contains { $0.family == found.family }
            }
        // A loader module in a data directory named after a dataset no catalogue knows
        // (`data/guitarset.py` defining `class GuitarSetDataset`): recorded under the loader's
        // spelling, the project's only when its README names it too (`ProjectInference`).
        if let loader = Self.loaderModuleDataset(path: path, text: string) {
            analysis.mentions.append(
                FileMention(.dataset, loader.name, line: loader.line, detail: loader.declaration))
        }
        for found in NameCatalogue.datasets.find(in: text) {
            if let definition = datasetDefinitions.first(where: { $0.family == found.name }) {
                analysis.mentions.append(
                    FileMention(.dataset, found.name, line: definition.line, detail: definition.declaration))
            } else {
                analysis.mentions.append(FileMention(.dataset, found.name, line: found.line, detail: found.spelling))
            }
        }
        // A family this file defines (`class ResNet`, `def resnet50`) is marked by its definition
        // (line and `class`/`def` name): the project implements it, not only uses it.
        // A module under an algorithms directory named after what it defines, when no catalogue
        // knows the name (`algos/qlearning/awac.py` with `class AWAC`): the project's when its
        // README names it too (`ProjectInference`).
        if let algorithm = Self.algorithmModuleFamily(path: path, text: string) {
            analysis.mentions.append(
                FileMention(.model, algorithm.name, line: algorithm.line, detail: algorithm.declaration))
        }
        let definitions = Self.modelDefinitions(in: string)
        for found in NameCatalogue.modelFamilies.find(in: text) {
            if let definition = definitions.first(where: { $0.family == found.name }) {
                analysis.mentions.append(
                    FileMention(.model, found.name, line: definition.line, detail: definition.declaration))
            } else {
                analysis.mentions.append(FileMention(.model, found.name, line: found.line, detail: found.spelling))
            }
        }
        analysis.role = Self.role(path: path, model: model, features: analysis.features, text: string)
        analysis.searchText = Self.searchText(path: path, text: text, analysis: analysis)
        analysis.terms = FileTerms.encode(FileTerms.count(string))
        return analysis
    }

    // MARK: imports

    /// Top-level modules → the framework or ML library stored (`torch` → `pytorch`).
    static let frameworkModules: [String: String] = [
        "torch": "pytorch", "torchvision": "torchvision", "torchaudio": "torchaudio", "torchtext": "torchtext",
        "tensorflow": "tensorflow", "keras": "keras", "tf_keras": "keras", "jax": "jax", "flax": "jax",
        "sklearn": "scikit-learn", "transformers": "transformers", "pytorch_lightning": "lightning",
        "lightning": "lightning", "fastai": "fastai", "mxnet": "mxnet", "paddle": "paddlepaddle",
        "theano": "theano", "xgboost": "xgboost", "lightgbm": "lightgbm", "catboost": "catboost", "gym": "gym",
        "gymnasium": "gym", "librosa": "librosa", "nltk": "nltk", "spacy": "spacy", "cv2": "opencv",
        "timm": "timm", "diffusers": "diffusers", "detectron2": "detectron2", "segmentation_models_pytorch": "smp",
        "stable_baselines3": "stable-baselines3",
    ]

    private static let importLine = try! NSRegularExpression(
        pattern: #"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t]+([\w, \t()]+)|import[ \t]+([\w., \t]+))"#,
        options: [.anchorsMatchLines])

    /// The frameworks a text imports, each with the line of its first import, in order.
    static func frameworks(in text: String) -> [(name: String, line: Int)] {
        var found: [(String, Int)] = []
        var seen: Set<String> = []
        let nsText = text as NSString
        var lineStarts: [Int] = [0]
        for (offset, unit) in text.utf16.enumerated() where unit == 10 { lineStarts.append(offset + 1) }
        func line(of location: Int) -> Int {
            var low = 0
            var high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= location { low = middle } else { high = middle - 1 }
            }
            return low + 1
        }
        for match in importLine.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
            var modules: [String] = []
            if match.range(at: 1).location != NSNotFound {
                let module = nsText.substring(with: match.range(at: 1))
                modules.append(module)
                // `from tensorflow import keras` imports Keras too.
                if module == "tensorflow", match.range(at: 2).location != NSNotFound,
                    nsText.substring(with: match.range(at: 2)).contains("keras")
                {
                    modules.append("keras")
                }
            } else if match.range(at: 3).location != NSNotFound {
                modules += nsText.substring(with: match.range(at: 3)).split(separator: ",").map {
                    String($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
                }
            }
            for module in modules {
                if module.hasPrefix("tensorflow.keras") || module.hasPrefix("tensorflow.python.keras") {
                    if seen.insert("keras").inserted { found.append(("keras", line(of: match.range.location))) }
                }
                let top = String(module.split(separator: ".").first ?? "")
                guard let framework = frameworkModules[top], seen.insert(framework).inserted else { continue }
                found.append((framework, line(of: match.range.location)))
            }
        }
        return found
    }

    // MARK: the analysis's model

    static func addModelFeatures(_ model: ScriptModel, to analysis: inout FileAnalysis) {
        for network in model.networks {
            for layer in network.layers {
                analysis.features.append(FileFeature(.layer, layer.className, line: layer.span.start.line + 1))
                if let activation = layer.activation, activation.isKnown, !activation.isLinear {
                    analysis.features.append(
                        FileFeature(
                            .activation, activation.name, line: (activation.span ?? layer.span).start.line + 1))
                }
            }
        }
        for loss in model.losses {
            analysis.features.append(FileFeature(.loss, loss.name, line: loss.span.start.line + 1))
        }
        for optimizer in model.optimizers {
            let line = optimizer.span.start.line + 1
            analysis.features.append(FileFeature(.optimizer, optimizer.className, line: line))
            let rate = optimizer.isSchedule ? optimizer.initialLearningRate : optimizer.learningRate
            if let number = rate?.value.number {
                analysis.features.append(FileFeature(.learningRate, optimizer.className, value: number, line: line))
            }
        }
    }

    private static let lossDefinition = try! NSRegularExpression(
        pattern: #"^[ \t]*(?:def|class)[ \t]+(\w*(?:loss|Loss|LOSS)\w*)"#, options: [.anchorsMatchLines])
    private static let namedLoss = try! NSRegularExpression(
        pattern: #"\b(\w*(?:[Dd]ice|[Ff]ocal|[Tt]versky|[Jj]accard|IoU|[Ll]ovasz|[Cc]ontrastive|[Tt]riplet)\w*)\b"#)

    /// Losses the analysis does not know by name: defined here (`def dice_loss`, `class DiceLoss`)
    /// or used by a loss-like name (`smp.losses.DiceLoss`).
    static func addNamedLosses(_ text: String, to analysis: inout FileAnalysis) {
        var seen = Set(analysis.features.filter { $0.kind == .loss }.map { $0.name.lowercased() })
        let nsText = text as NSString
        let range = NSRange(location: 0, length: nsText.length)
        var matches = lossDefinition.matches(in: text, range: range)
        // A loss-like word must be a whole sub-word (`DiceLoss`, `dice_loss`, not `indices_loss`).
        let lossWords: Set<String> = ["dice", "focal", "tversky", "jaccard", "iou", "lovasz", "contrastive", "triplet"]
        matches += namedLoss.matches(in: text, range: range).filter {
            let parts = subwords(nsText.substring(with: $0.range(at: 1)))
            return parts.contains("loss") && parts.contains(where: lossWords.contains)
        }
        for match in matches.sorted(by: { $0.range.location < $1.range.location }) {
            let name = nsText.substring(with: match.range(at: 1))
            guard seen.insert(name.lowercased()).inserted else { continue }
            let line = nsText.substring(to: match.range.location).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            analysis.features.append(FileFeature(.loss, name, line: line))
        }
    }

    private static let registryStart = try! NSRegularExpression(
        pattern: #"^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:dict\(|\{|\[|\()"#, options: [.anchorsMatchLines])
    private static let stringLiteral = try! NSRegularExpression(pattern: #"["']([^"'\n]{1,100})["']"#)
    private static let addressAssignment = try! NSRegularExpression(
        pattern: #"^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*[rfbuRFBU]{0,2}["']([^"'\n]*)["']"#, options: [.anchorsMatchLines])
    /// Words of a constant's name that say its archive is a model's weights, not data.
    static let weightWords: Set<String> = ["weights", "weight", "checkpoint", "ckpt", "model", "pretrained"]
    private static let archiveSuffix = try! NSRegularExpression(
        pattern: #"\.(?:tgz|zip|tar|tar\.gz|tar\.bz2|tar\.xz|gz|bz2|xz|7z|npz)$"#)

    /// The datasets a text's registries and download tables list, each with the registry's or
    /// constant's name and line: the string keys and items of a dict, list or tuple whose name
    /// says datasets (`DATASETS = [...]`, `DATASET_TO_METRIC = {"ag_news": ...}`) that start
    /// with a dataset's name (`"ag_news"`, `"sst5"`; not `"data/imagenet/train"`), and constants
    /// named after a dataset whose value is an archive's address (`MNIST_URL =
    /// "https://.../mnist.npz"`, `IMAGENETTE = f"{S3}imagenette2.tgz"`). A dataset a string names
    /// in any other list, a constant that is not an archive (`IMAGENET_MEAN = ...`) and a model's
    /// weights (`IMAGENET_WEIGHTS = ".../resnet.tar.gz"`) are not listed.
    package static func registeredDatasets(in text: String) -> [(family: String, declaration: String, line: Int)] {
        var found: [(family: String, declaration: String, line: Int)] = []
        let nsText = text as NSString
        func lineOf(_ location: Int) -> Int {
            nsText.substring(to: location).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        }
        func add(_ families: [String], _ declaration: String, _ location: Int) {
            let new = families.filter { family in !found.contains { $0.family == family } }
            guard !new.isEmpty else { return }
            let line = lineOf(location)
            for family in new { found.append((family, declaration, line)) }
        }
        /// The catalogue names a string or identifier starts with.
        func leading(_ string: String) -> [String] {
            NameCatalogue.datasets.occurrences(in: Array(string.utf8)).filter { $0.offset == 0 }
                .map { NameCatalogue.datasets.entries[$0.entry].name }
        }
        let whole = NSRange(location: 0, length: nsText.length)
        for match in registryStart.matches(in: text, range: whole) {
            let name = nsText.substring(with: match.range(at: 1))
            guard subwords(name).contains(where: { $0 == "dataset" || $0 == "datasets" }) else { continue }
            // The registry's body: up to its closing bracket, at most 20,000 characters.
            var depth = 0
            var end = match.range.location + match.range.length - 1
            var index = end
            let limit = min(nsText.length, index + 20_000)
            while index < limit {
                let character = nsText.character(at: index)
                if character == 40 || character == 91 || character == 123 { depth += 1 }
                if character == 41 || character == 93 || character == 125 {
                    depth -= 1
                    if depth == 0 { break }
                }
                index += 1
            }
            end = index
            let body = NSRange(location: match.range.location, length: end - match.range.location)
            for literal in stringLiteral.matches(in: text, range: body) {
                add(leading(nsText.substring(with: literal.range(at: 1))), "registry \(name)", literal.range.location)
            }
        }
        for match in addressAssignment.matches(in: text, range: whole) {
            let value = nsText.substring(with: match.range(at: 2))
            let valueRange = NSRange(location: 0, length: (value as NSString).length)
            let name = nsText.substring(with: match.range(at: 1))
            guard archiveSuffix.firstMatch(in: value, range: valueRange) != nil,
                !subwords(name).contains(where: Self.weightWords.contains)
            else { continue }
            add(leading(name), "address \(name)", match.range.location)
        }
        return found
    }

    private static let classLine = try! NSRegularExpression(
        pattern: #"^[ \t]*class[ \t]+([A-Za-z_]\w*)[ \t]*(?:\(([^)]*)\))?"#, options: [.anchorsMatchLines])

    /// Whether a class is a data loader: its name ends in `Dataset`, `DatasetLoader`,
    /// `DataModule`, `Loader` or `Data`, or a base class's name says dataset or data module
    /// (`class PrimeKG(SingleTabbedDataset)`, `class Deita(DataModule)`); a mixin is not
    /// (`class TextualInversionLoaderMixin`).
    static func isLoaderClass(_ name: String, bases: String) -> Bool {
        guard !name.hasSuffix("Mixin") else { return false }
        if ["Dataset", "DatasetLoader", "DataModule", "Loader", "Data"].contains(where: { name.hasSuffix($0) }) {
            return true
        }
        return bases.contains("Dataset") || bases.contains("DataModule")
    }
    /// Words a loader module's name ends in that say what it is, not which data it loads
    /// (`guitarset_dataset.py`, `kkbox_loader.py`).
    static let loaderSuffixes: Set<String> = ["dataset", "datasets", "data", "loader", "dataloader", "datamodule"]
    /// Words that are never a dataset's name in a loader module's name: formats, storage,
    /// sampling, tooling and generic words (`base.py`, `utils.py`, `npz_loader.py`,
    /// `sharded_dataset.py`, `prefetch.py`, `sentences.py`).
    static let genericDataWords: Set<String> = [
        "base", "utils", "util", "common", "core", "builder", "builders", "build", "mixin", "mixins", "custom", "dummy",
        "fake", "mock", "mocks", "random", "synthetic", "toy", "sample", "samples", "abstract", "generic", "simple",
        "default", "helpers", "helper", "registry", "factory", "config", "configs", "io", "types", "constants",
        "misc", "tools", "api", "main", "init", "setup", "version", "logging", "cli", "script", "scripts",
        "dataloader", "dataloaders", "datamodule", "datamodules", "loader", "loaders", "dataset", "datasets", "data",
        "download", "downloader", "prepare", "preparation", "preprocess", "preprocessing", "preprocessor",
        "preprocessors", "processing", "transform", "transforms", "augment", "augmentation", "augmentations",
        "collate", "collator", "sampler", "samplers", "split", "splits", "batch", "batching", "cache", "caching",
        "stream", "streaming", "shard", "shards", "sharded", "prefetch", "prefetcher", "buffer", "pipeline",
        "pipelines", "manager", "reader", "readers", "writer", "writers", "tokenizer", "tokenizers", "vocab",
        "vocabulary", "format", "formats", "schema", "meta", "metadata", "info", "stats", "statistics", "catalog",
        "catalogue", "mixup", "masking", "noise", "degradation", "degradations", "generate", "generator",
        "collector", "storage", "memory", "replay", "text", "texts", "image", "images", "video", "videos", "audio",
        "sound", "graph", "graphs", "tabular", "table", "tensor", "tensors", "numpy", "npz", "npy", "pandas", "csv",
        "json", "jsonl", "tfrecord", "tfrecords", "tf", "torch", "lmdb", "hdf5", "h5", "parquet", "arrow", "folder",
        "folders", "file", "files", "path", "paths", "url", "urls", "remote", "local", "sentence", "sentences",
        "label", "labels", "pair", "pairs", "paired", "parallel", "sequence", "sequences", "raw", "real",
        "train", "training", "test", "testing", "eval", "evaluation", "validation", "inference", "example",
        "examples", "demo", "template", "wrapper", "wrappers", "iterable", "concat", "subset", "multi", "single",
        "in", "my", "new", "old", "all", "any", "other", "features", "feature", "embedding", "embeddings",
        "classification", "detection", "segmentation", "regression", "generation", "citation", "analysis",
        "temporal", "hetero", "heterogeneous", "sequential", "hypergraph", "interaction", "mixed", "inputs",
        "input", "output", "outputs", "jax", "keras", "tensorflow", "pytorch", "flax", "warp", "user", "users",
        "item", "items", "customized", "music", "speech", "voice",
    ]

    /// The dataset a loader module is named after when no catalogue knows it: a Python module
    /// in a data directory (`ProjectInference.dataDirectories`) or one level below it
    /// (`datasets/inductive/ilpc.py`), named (after
    /// `_dataset`, `_loader`... is cut) with one to three words none of which is generic, that
    /// defines a class whose name starts with the module's (`guitarset.py` and `class
    /// GuitarSetDataset`), under the class's spelling (`GuitarSet`), with the class and its line.
    /// A module the catalogue's names already cover (`data/ffhq_dataset.py`), a size variant
    /// (`ade20k_640x640.py`), a private or generic module (`_base.py`, `npz_loader.py`,
    /// `sharded_dataset.py`) and a module without such a class name nothing.
    package static func loaderModuleDataset(
        path: String, text: String
    ) -> (
        name: String, declaration: String, line: Int
    )? {
        let components = path.split(separator: "/").map(String.init)
        // In a data directory or one level below it, by modality (`datasets/image/cuhk03.py`).
        let inDataDirectory = components.dropLast().suffix(2).contains {
            ProjectInference.dataDirectories.contains($0.lowercased())
        }
        guard components.count >= 2, let file = components.last, file.hasSuffix(".py"), inDataDirectory,
            !ProjectInference.isTest(path)
        else { return nil }
        let stem = String(file.dropLast(3))
        guard !stem.hasPrefix("_"), !stem.isEmpty,
            stem.range(of: #"[0-9]x[0-9]"#, options: .regularExpression) == nil,
            NameCatalogue.datasets.defined(byName: stem).isEmpty,
            ProjectInference.datasetsNamedByDataFile(path).isEmpty
        else { return nil }
        var words = stem.split(whereSeparator: { $0 == "_" || $0 == "-" }).map { $0.lowercased() }
        while let last = words.last, loaderSuffixes.contains(last) { words.removeLast() }
        guard (1...3).contains(words.count), !words.contains(where: genericDataWords.contains) else { return nil }
        let key = words.joined()
        guard key.count >= 2, key.first?.isLetter ?? false, !genericDataWords.contains(key) else { return nil }
        let nsText = text as NSString
        for match in classLine.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
            let name = nsText.substring(with: match.range(at: 1))
            // The class's spelling of the module's name: its first letters and digits, as many
            // as the name has (`GuitarSetDataset` → `GuitarSet`, `MedleyDB_Pitch` → `MedleyDB_Pitch`).
            var spelled = ""
            var counted = 0
            for character in name where counted < key.count {
                spelled.append(character)
                if character.isLetter || character.isNumber { counted += 1 }
            }
            // A loader named after a model family (`RealESRGANDataset`, `TinyLlama(DataModule)`)
            // prepares that model's data; it names no dataset.
            guard counted == key.count,
                spelled.filter({ $0.isLetter || $0.isNumber }).lowercased() == key,
                NameCatalogue.modelFamilies.defined(byName: spelled).isEmpty,
                NameCatalogue.modelFamilies.defined(byName: stem).isEmpty,
                isLoaderClass(
                    name,
                    bases: match.range(at: 2).location == NSNotFound ? "" : nsText.substring(with: match.range(at: 2)))
            else { continue }
            let line = nsText.substring(to: match.range.location).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            return (spelled, "loader module \(stem): class \(name)", line)
        }
        return nil
    }

    /// Directories whose modules are reinforcement-learning or training algorithms, one a
    /// module or package (`algos/qlearning/awac.py`, `agents/dqn/`).
    static let algorithmDirectories: Set<String> = ["algorithms", "algos", "algo", "agents", "agent"]

    /// The algorithm or model family a module under an algorithms directory is named after when no
    /// catalogue knows it: the module's name (`awac.py`, `decision_transformer.py`), not generic
    /// (`base.py`, `torch_utility.py`, `jax/`), names a class or function the module defines,
    /// letters and digits alike (`class AWAC`, `class DecisionTransformer`), under that
    /// definition's spelling, with its line. A module the model catalogue's names cover
    /// (`dqn.py`, `class CategoricalDQN`), a private module and a module defining nothing named
    /// after it name nothing.
    package static func algorithmModuleFamily(
        path: String, text: String
    ) -> (
        name: String, declaration: String, line: Int
    )? {
        let components = path.split(separator: "/").map(String.init)
        guard let file = components.last, file.hasSuffix(".py"), !ProjectInference.isTest(path),
            components.dropLast().contains(where: { algorithmDirectories.contains($0.lowercased()) })
        else { return nil }
        let stem = String(file.dropLast(3))
        let words = stem.split(whereSeparator: { $0 == "_" || $0 == "-" }).map { $0.lowercased() }
        guard !stem.hasPrefix("_"), (1...3).contains(words.count),
            !words.contains(where: { genericDataWords.contains($0) || genericAlgorithmWords.contains($0) }),
            NameCatalogue.modelFamilies.defined(byName: stem).isEmpty
        else { return nil }
        let key = words.joined()
        guard key.count >= 2, key.first?.isLetter ?? false else { return nil }
        let nsText = text as NSString
        var line = 1
        var counted = 0
        for match in definitionLine.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
            let name = nsText.substring(with: match.range(at: 2))
            guard name.filter({ $0.isLetter || $0.isNumber }).lowercased() == key else { continue }
            guard NameCatalogue.modelFamilies.defined(byName: name).isEmpty else { return nil }
            line += nsText.substring(with: NSRange(location: counted, length: match.range.location - counted))
                .utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            counted = match.range.location
            return (name, "algorithm module \(stem): \(nsText.substring(with: match.range(at: 1))) \(name)", line)
        }
        return nil
    }

    /// Words of an algorithm module's name that say what it is, not which algorithm: `agent.py`,
    /// `policy.py`, `learner.py`, `torch_utility.py`.
    static let genericAlgorithmWords: Set<String> = [
        "agent", "agents", "algorithm", "algorithms", "algo", "algos", "policy", "policies", "learner", "learners",
        "actor", "critic", "value", "values", "network", "networks", "net", "nets", "model", "models", "module",
        "modules", "layer", "layers", "loss", "losses", "optim", "optimizer", "optimizers", "trainer", "runner",
        "worker", "workers", "rollout", "rollouts", "env", "envs", "environment", "environments", "space", "spaces",
        "utility", "utilities", "ops", "functional", "functions", "encoder", "encoders", "decoder", "decoders",
        "head", "heads", "mlp", "cnn", "rnn", "attention", "explorer", "explorers", "exploration",
        "noise", "schedule", "scheduler", "checkpoint", "logger", "callback", "callbacks", "hook", "hooks",
        "registry", "factory", "interface", "protocol", "mixin", "wrappers", "replay", "memory", "storage",
    ]

    private static let definitionLine = try! NSRegularExpression(
        pattern: #"^[ \t]*(class|def)[ \t]+([A-Za-z_]\w*)"#, options: [.anchorsMatchLines])

    /// The model families a text's classes and functions are named after, each with its first
    /// definition (`class EfficientNet`, `def resnet50`) and line: `NameCatalogue.defined(byName:)`.
    package static func modelDefinitions(in text: String) -> [(family: String, declaration: String, line: Int)] {
        definitions(in: text, NameCatalogue.modelFamilies)
    }

    /// The names of `catalogue` that a text's classes and functions are named after, each with its
    /// first definition and line (`class CocoDataset`, `def load_mnist` for datasets).
    package static func definitions(
        in text: String, _ catalogue: NameCatalogue
    ) -> [(family: String, declaration: String, line: Int)] {
        var found: [(family: String, declaration: String, line: Int)] = []
        let nsText = text as NSString
        var line = 1
        var counted = 0
        for match in definitionLine.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
            let name = nsText.substring(with: match.range(at: 2))
            let families = catalogue.defined(byName: name).filter { family in
                !found.contains { $0.family == family }
            }
            guard !families.isEmpty else { continue }
            line += nsText.substring(with: NSRange(location: counted, length: match.range.location - counted))
                .utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            counted = match.range.location
            let declaration = "\(nsText.substring(with: match.range(at: 1))) \(name)"
            for family in families { found.append((family, declaration, line)) }
        }
        return found
    }

    // MARK: role

    /// What a file is for: from what the analysis found, then from its name (`train.py` with a
    /// loss class of its own is still training), then from the classes it defines (what they
    /// derive from), then from the functions it defines; `utilities` when none of these says
    /// (the role of everything else). `text` is the file's source.
    static func role(path: String, model: ScriptModel, features: [FileFeature], text: String = "") -> String? {
        let components = path.lowercased().split(separator: "/")
        let name = (components.last.map(String.init) ?? "").replacingOccurrences(of: ".ipynb", with: "")
            .replacingOccurrences(of: ".py", with: "")
        if components.dropLast().contains(where: { $0 == "tests" || $0 == "test" }) || name.hasPrefix("test_")
            || name.hasSuffix("_test") || name == "conftest"
        {
            return "tests"
        }
        if !model.fits.isEmpty || !model.trainingSteps.isEmpty { return "training" }
        if !model.evaluations.isEmpty && model.networks.isEmpty { return "evaluation" }
        if !model.networks.isEmpty && model.optimizers.isEmpty { return "model" }
        if !model.datasets.isEmpty { return "data" }
        let byName: [(String, [String])] = [
            ("training", ["train", "fit", "finetune", "fine_tune", "pretrain"]),
            ("evaluation", ["eval", "evaluate", "metrics", "inference", "predict", "benchmark", "validate"]),
            ("model", ["model", "models", "network", "net", "arch", "architecture", "layers", "modules"]),
            (
                "data",
                [
                    "data", "dataset", "datasets", "dataloader", "loader", "preprocess", "preprocessing", "augment",
                    "transforms",
                ]
            ),
            ("utilities", ["util", "utils", "helpers", "helper", "common", "tools", "misc", "config", "logger"]),
        ]
        for (role, words) in byName
        where words.contains(where: {
            name == $0 || name.hasPrefix($0 + "_") || name.hasSuffix("_" + $0) || name.hasPrefix($0) && $0.count >= 5
        }) {
            return role
        }
        let definitions = definitionHeaders(text)
        if let role = roleByClasses(definitions) { return role }
        if !model.networks.isEmpty { return "model" }
        return roleByFunctions(definitions) ?? "utilities"
    }

    /// A `class` or `def` line: its name and, for a class, its bases.
    struct DefinitionHeader {
        var isClass: Bool
        var name: Substring
        /// `class A(nn.Module, Mixin):` gives `["nn.Module", "Mixin"]`; keyword arguments
        /// (`metaclass=`) are left out.
        var bases: [String] = []
    }

    /// The text's `class` and `def` lines (a base list is read when it closes on its line), in
    /// one pass over the lines.
    static func definitionHeaders(_ text: String) -> [DefinitionHeader] {
        var result: [DefinitionHeader] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            let isClass = trimmed.hasPrefix("class ")
            guard isClass || trimmed.hasPrefix("def "),
                let open = trimmed.firstIndex(where: { $0 == "(" || $0 == ":" })
            else { continue }
            let name = trimmed[trimmed.index(trimmed.startIndex, offsetBy: isClass ? 6 : 4)..<open]
            var header = DefinitionHeader(isClass: isClass, name: name)
            if isClass, trimmed[open] == "(", let close = trimmed[open...].firstIndex(of: ")") {
                header.bases = trimmed[trimmed.index(after: open)..<close].split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty && !$0.contains("=") }
            }
            result.append(header)
        }
        return result
    }

    /// The role most classes of the file have by what they derive from: a module or layer
    /// (`nn.Module`, `keras.layers.Layer`, `hk.Module`) is a model part, a dataset or sampler
    /// data, an optimizer, scheduler, trainer or callback training, a metric or evaluator
    /// evaluation. Nil when no class says (ties go to the first class that does).
    static func roleByClasses(_ definitions: [DefinitionHeader]) -> String? {
        var counts: [String: Int] = [:]
        var first: [String] = []
        for definition in definitions where definition.isClass {
            guard let role = definition.bases.lazy.compactMap(roleOfBase).first else { continue }
            counts[role, default: 0] += 1
            if !first.contains(role) { first.append(role) }
        }
        return first.max { counts[$0, default: 0] < counts[$1, default: 0] }
    }

    private static func roleOfBase(_ base: String) -> String? {
        let name = String(base.split(separator: ".").last ?? "")
        let suffixes: [(String, [String])] = [
            ("data", ["Dataset", "DataModule", "Sampler", "DataLoader", "Transform"]),
            ("training", ["Optimizer", "Scheduler", "LRScheduler", "Trainer", "Callback"]),
            ("evaluation", ["Metric", "Evaluator"]),
            ("model", ["Module", "Layer", "Model", "Cell"]),
        ]
        for (role, endings) in suffixes where endings.contains(where: { name.hasSuffix($0) }) { return role }
        return nil
    }

    /// The role the file's function names point to, by count: `train`, `train_one_epoch`,
    /// `fit` (training); `evaluate`, `validate`, `eval_*`, `compute_metrics` (evaluation);
    /// `load_*`, `preprocess*`, `augment*`, `*_dataset`, `*_loader` (data). Nil when none does.
    static func roleByFunctions(_ definitions: [DefinitionHeader]) -> String? {
        var counts: [String: Int] = [:]
        for definition in definitions where !definition.isClass {
            let name = definition.name.lowercased()
            let role: String? =
                if name == "train" || name.hasPrefix("train_") || name == "fit" || name.hasSuffix("_train") {
                    "training"
                } else if name.hasPrefix("eval") || name == "validate" || name.hasPrefix("validate_")
                    || name.hasSuffix("_metrics") || name.hasPrefix("compute_metric")
                {
                    "evaluation"
                } else if name.hasPrefix("load_") || name.hasPrefix("preprocess") || name.hasPrefix("augment")
                    || name.hasSuffix("_dataset") || name.hasSuffix("_loader") || name.hasSuffix("_dataloader")
                {
                    "data"
                } else {
                    nil
                }
            if let role { counts[role, default: 0] += 1 }
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }

    // MARK: text

    private static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
        "raise", "return", "try", "while", "with", "yield", "None", "True", "False", "self", "the",
    ]

    /// The path, each identifier once (and its sub-words: `DiceLoss` → `dice loss`), and the
    /// feature values: what full-text search reads. At most 4,000 words.
    static func searchText(path: String, text: [UInt8], analysis: FileAnalysis) -> String {
        var words: [String] = []
        var seen: Set<String> = []
        func add(_ word: String) {
            guard word.count >= 2, words.count < 4_000, !keywords.contains(word), seen.insert(word).inserted else {
                return
            }
            words.append(word)
        }
        for part in path.split(whereSeparator: { "/._-".contains($0) }) { add(String(part).lowercased()) }
        for feature in analysis.features { add(feature.name) }
        for mention in analysis.mentions { add(mention.name) }
        var index = 0
        while index < text.count {
            let byte = text[index]
            guard byte == 95 || (byte | 0x20 >= 97 && byte | 0x20 <= 122) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < text.count,
                text[end] == 95 || (text[end] | 0x20 >= 97 && text[end] | 0x20 <= 122)
                    || (text[end] >= 48 && text[end] <= 57)
            {
                end += 1
            }
            let word = String(decoding: text[index..<end], as: UTF8.self)
            index = end
            add(word)
            for part in subwords(word) where part != word { add(part) }
        }
        return words.joined(separator: " ")
    }

    /// `DiceLoss` → `dice`, `loss`; `train_unet` → `train`, `unet`.
    static func subwords(_ word: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var previous: Character?
        for character in word {
            if character == "_" {
                if !current.isEmpty { parts.append(current) }
                current = ""
            } else if character.isUppercase, let previous, previous.isLowercase {
                if !current.isEmpty { parts.append(current) }
                current = String(character)
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.isEmpty { parts.append(current) }
        return parts.map { $0.lowercased() }
    }
}
