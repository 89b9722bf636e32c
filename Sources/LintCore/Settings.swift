/// The resolved configuration for checking one project: which rules run where, their
/// thresholds, and severity overrides. Read from `[tool.umlaut]` in `pyproject.toml`, then
/// adjusted by command-line options or editor settings.
package struct Settings: Sendable, Equatable {
    /// Rule codes or code prefixes to enable (`UM1`, `UM302`); empty means every rule.
    package var select: [String] = []
    /// Rule codes or prefixes to disable; wins over `select` when at least as specific.
    package var ignore: [String] = []
    /// Glob patterns (relative to the project root) → codes or prefixes ignored in those files.
    package var perFileIgnores: [(pattern: String, codes: [String])] = []
    /// Globs of the files that count as tests (`test-files`), as `perFileIgnores` patterns.
    package var testFiles: [String] = Settings.defaultTestFiles
    /// Codes or prefixes ignored in test files (`test-file-ignores`): tests build odd models on
    /// purpose, with deliberate learning rates and toy data; set it to `[]` to check them fully.
    package var testFileIgnores: [String] = Settings.defaultTestFileIgnores
    package var thresholds = Thresholds()
    /// Severity overrides by rule code.
    package var severities: [RuleCode: Severity] = [:]

    package init() {}

    /// Test files as pytest finds them, and everything under `tests/` or `test/` directories.
    package static let defaultTestFiles = ["test_*.py", "*_test.py", "conftest.py", "**/tests/**", "**/test/**"]
    /// UM101 (toy models that stack layers to exercise an API), and the data (UM2) and
    /// hyperparameter (UM3) rules: deliberate odd values and toy data.
    package static let defaultTestFileIgnores = ["UM101", "UM2", "UM3"]

    /// Whether a file (path relative to the project root) counts as a test file.
    package func isTestFile(_ path: String) -> Bool {
        testFiles.contains { Glob.matches($0, path) }
    }

    package func severity(for code: RuleCode) -> Severity? { severities[code] }

    /// Whether `code` is enabled for a file (path relative to the project root, `/`-separated).
    ///
    /// Like ruff: the most specific matching selector among `select` and `ignore` decides;
    /// on a tie `ignore` wins.
    package func isEnabled(_ code: RuleCode, path: String? = nil) -> Bool {
        let selected = select.isEmpty ? 0 : (Self.specificity(of: code, in: select) ?? -1)
        guard selected >= 0 else { return false }
        if let ignored = Self.specificity(of: code, in: ignore), ignored >= selected { return false }
        if let path {
            for entry in perFileIgnores where Glob.matches(entry.pattern, path) {
                if Self.specificity(of: code, in: entry.codes) != nil { return false }
            }
            if Self.specificity(of: code, in: testFileIgnores) != nil, isTestFile(path) { return false }
        }
        return true
    }

    /// `isEnabled(_:path:)` for each of `codes` at once: the path's globs (per-file ignores, test
    /// files) are matched once per file instead of once per rule, which is most of the cost of
    /// checking many small files.
    package func enabled(_ codes: [RuleCode], path: String?) -> [Bool] {
        guard let path else { return codes.map { isEnabled($0) } }
        let ignoredHere = perFileIgnores.filter { Glob.matches($0.pattern, path) }.map(\.codes)
        var isTest: Bool?
        return codes.map { code in
            guard isEnabled(code) else { return false }
            if ignoredHere.contains(where: { Self.specificity(of: code, in: $0) != nil }) { return false }
            if Self.specificity(of: code, in: testFileIgnores) != nil {
                if isTest == nil { isTest = isTestFile(path) }
                if isTest == true { return false }
            }
            return true
        }
    }

    /// The length of the longest selector in `list` that is a prefix of `code`; `ALL` counts as 0.
    static func specificity(of code: RuleCode, in list: [String]) -> Int? {
        var best: Int?
        for selector in list {
            let selector = selector.uppercased()
            let length: Int
            if selector == "ALL" {
                length = 0
            } else if code.rawValue.hasPrefix(selector) {
                length = selector.count
            } else {
                continue
            }
            best = max(best ?? length, length)
        }
        return best
    }

    package static func == (lhs: Settings, rhs: Settings) -> Bool {
        lhs.select == rhs.select && lhs.ignore == rhs.ignore && lhs.thresholds == rhs.thresholds
            && lhs.severities == rhs.severities
            && lhs.perFileIgnores.map(\.pattern) == rhs.perFileIgnores.map(\.pattern)
            && lhs.perFileIgnores.map(\.codes) == rhs.perFileIgnores.map(\.codes)
            && lhs.testFiles == rhs.testFiles && lhs.testFileIgnores == rhs.testFileIgnores
    }
}

/// Every threshold the rules use, with the defaults PRODUCT.md gives. The TOML keys are the
/// kebab-case names in `[tool.umlaut.thresholds]`; `Thresholds.keys` says which rules read each.
package struct Thresholds: Sendable, Equatable, Codable {
    // UM301 / UM506: learning rate
    /// Below this a learning rate cannot move the weights (the paper's lower bound).
    package var minLearningRate = 1e-7
    /// Above this plain SGD diverges for almost any model.
    package var maxLearningRate = 1.0
    /// Above this adaptive optimizers (Adam, RMSprop, ...) are usually unstable.
    package var maxAdaptiveLearningRate = 0.01
    /// Above this Adagrad and FTRL, whose steps shrink as squared gradients accumulate, are
    /// usually unstable (they commonly run at 0.01–0.5).
    package var maxAccumulatingLearningRate = 0.5
    // UM302: dropout
    package var maxDropoutRate = 0.5
    // UM501: input range
    package var inputMin = -1.0
    package var inputMax = 1.0
    // UM504: validation accuracy
    package var maxValidationAccuracy = 0.95
    package var maxValidationAccuracyGap = 0.05
    /// Epochs before UM504 looks (early epochs are noisy).
    package var validationWarmupEpochs = 3.0
    // UM505: overfitting
    /// Consecutive epochs the smoothed validation loss must rise while training loss falls.
    package var overfittingPatience = 3.0
    // UM507: loss not decreasing
    /// Epochs without a relative improvement of `minLossImprovement` before the loss counts as flat.
    package var lossPlateauPatience = 5.0
    package var minLossImprovement = 0.001
    /// The loss counts as diverging when it exceeds its first value by this factor.
    package var lossDivergenceFactor = 10.0
    // UM508: gradients
    package var vanishingGradientRatio = 1e-3
    package var vanishingGradientFirstNorm = 1e-4
    package var explodingGradientRatio = 70.0
    // UM509: dead units
    package var deadUnitFraction = 0.5

    package init() {}

    /// One threshold: its key in `[tool.umlaut.thresholds]`, where it is stored, the rules
    /// that read it, the values it may take and what it means (for the rule pages).
    package struct Key: Sendable {
        package let key: String
        package let path: WritableKeyPath<Thresholds, Double> & Sendable
        /// The rules that read it: `umlaut rule CODE` and `Docs/rules/` list it under each.
        package let codes: [RuleCode]
        package let range: ValueRange
        package let meaning: String

        init(
            _ key: String, _ path: WritableKeyPath<Thresholds, Double> & Sendable, codes: [RuleCode],
            _ range: ValueRange, _ meaning: String
        ) {
            self.key = key
            self.path = path
            self.codes = codes
            self.range = range
            self.meaning = meaning
        }
    }

    /// The values a threshold may take: rates, fractions and accuracies lie in [0, 1]; learning
    /// rates, ratios and norms are positive; counts of epochs and improvements are not negative.
    /// Only the input range may be negative.
    package enum ValueRange: Sendable {
        case anyFinite, unitInterval, positive, nonNegative

        func problem(with value: Double) -> String? {
            switch self {
            case .anyFinite: nil
            case .unitInterval: (0...1).contains(value) ? nil : "must be between 0 and 1, not \(value)"
            case .positive: value > 0 ? nil : "must be greater than 0, not \(value)"
            case .nonNegative: value >= 0 ? nil : "must not be negative, not \(value)"
            }
        }
    }

    /// Why a threshold could not be set, worded to follow its key's name.
    package struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        package enum Kind: Sendable { case unknownKey, invalidValue }
        package let kind: Kind
        /// `did you mean `max-dropout-rate`?`, `must be between 0 and 1, not 1.5`.
        package let message: String
        package var description: String { message }

        /// `key` is not a threshold: a hint at the one meant, or at where they are listed.
        package static func unknownKey(_ key: String) -> Problem {
            let hint =
                SettingsKeys.suggestion(for: key, among: Thresholds.keys.map(\.key))
                .map { "did you mean `\($0)`?" } ?? "`umlaut rule CODE` lists each rule's thresholds"
            return Problem(kind: .unknownKey, message: hint)
        }
    }

    /// Sets the threshold `key` to `value`, unless it is not a threshold or `value` is not finite
    /// or out of its range: then nothing changes and the problem comes back. The one way every
    /// reader of settings (TOML, the editor, rule examples, tests) sets a threshold by key.
    @discardableResult
    package mutating func set(key: String, value: Double) -> Problem? {
        guard let entry = Self.key(key) else { return .unknownKey(key) }
        guard value.isFinite else { return Problem(kind: .invalidValue, message: "must be a finite number") }
        if let problem = entry.range.problem(with: value) { return Problem(kind: .invalidValue, message: problem) }
        self[keyPath: entry.path] = value
        return nil
    }

    /// The entry of `key`, or nil when no threshold has that key.
    package static func key(_ key: String) -> Key? {
        keys.first { $0.key == key }
    }

    /// The thresholds `code` reads, in documentation order.
    package static func keys(usedBy code: RuleCode) -> [Key] {
        keys.filter { $0.codes.contains(code) }
    }

    /// Every threshold, in documentation order.
    package static var keys: [Key] {
        [
            Key(
                "min-learning-rate", \.minLearningRate, codes: ["UM301", "UM506"], .nonNegative,
                "learning rates below this cannot learn"),
            Key(
                "max-learning-rate", \.maxLearningRate, codes: ["UM301", "UM506"], .positive,
                "learning rates above this diverge"),
            Key(
                "max-adaptive-learning-rate", \.maxAdaptiveLearningRate, codes: ["UM301", "UM506"], .positive,
                "upper bound for Adam, RMSprop, Lion, ..."),
            Key(
                "max-accumulating-learning-rate", \.maxAccumulatingLearningRate, codes: ["UM301", "UM506"],
                .nonNegative,
                "upper bound for Adagrad and FTRL"),
            Key(
                "max-dropout-rate", \.maxDropoutRate, codes: ["UM302"], .unitInterval,
                "dropout rates above this are flagged"),
            Key("input-min", \.inputMin, codes: ["UM501"], .anyFinite, "smallest expected input value"),
            Key("input-max", \.inputMax, codes: ["UM501"], .anyFinite, "largest expected input value"),
            Key(
                "max-validation-accuracy", \.maxValidationAccuracy, codes: ["UM504"], .unitInterval,
                "validation accuracy above this is suspicious"),
            Key(
                "max-validation-accuracy-gap", \.maxValidationAccuracyGap, codes: ["UM504"], .unitInterval,
                "validation above training accuracy by more than this"),
            Key(
                "validation-warmup-epochs", \.validationWarmupEpochs, codes: ["UM504"], .nonNegative,
                "epochs before validation accuracy is judged"),
            Key(
                "overfitting-patience", \.overfittingPatience, codes: ["UM505"], .nonNegative,
                "epochs of diverging losses before reporting"),
            Key(
                "loss-plateau-patience", \.lossPlateauPatience, codes: ["UM507"], .nonNegative,
                "epochs without improvement before the loss counts as flat"),
            Key(
                "min-loss-improvement", \.minLossImprovement, codes: ["UM507"], .nonNegative,
                "relative improvement that counts as progress"),
            Key(
                "loss-divergence-factor", \.lossDivergenceFactor, codes: ["UM507"], .positive,
                "loss above its first value times this diverges"),
            Key(
                "vanishing-gradient-ratio", \.vanishingGradientRatio, codes: ["UM508"], .positive,
                "first/last layer gradient-norm ratio below this vanishes"),
            Key(
                "vanishing-gradient-first-norm", \.vanishingGradientFirstNorm, codes: ["UM508"], .positive,
                "...together with a first-layer norm below this"),
            Key(
                "exploding-gradient-ratio", \.explodingGradientRatio, codes: ["UM508"], .positive,
                "first/last layer gradient-norm ratio above this explodes"),
            Key(
                "dead-unit-fraction", \.deadUnitFraction, codes: ["UM509"], .unitInterval,
                "share of a ReLU layer's units that must be dead (0 for every probed sample)"),
        ]
    }
}

/// Minimal glob matching for per-file ignores: `*` (within a path segment), `**` (any number of
/// segments), `?`. A pattern without `/` matches the file name at any depth, as in ruff.
package enum Glob {
    /// Why `pattern` cannot match as the user means it, or nil when it is fine: empty patterns,
    /// absolute paths (patterns are relative to the project root), `[...]` and `{a,b}` (not
    /// supported), and `**` that is not a whole path segment.
    package static func problem(with pattern: String) -> String? {
        if pattern.isEmpty { return "an empty pattern matches no file" }
        if pattern.hasPrefix("/") {
            return "`\(pattern)` is absolute; patterns are relative to the directory of pyproject.toml"
        }
        if pattern.contains(where: { "[]{}".contains($0) }) {
            return "`\(pattern)` uses `[...]` or `{...}`, which are not supported; use `*`, `**` and `?`"
        }
        for segment in pattern.split(separator: "/", omittingEmptySubsequences: false)
        where segment.contains("**") && segment != "**" {
            return "`\(pattern)`: `**` must be a whole path segment (`**/name`, `dir/**`), not part of `\(segment)`"
        }
        return nil
    }

    package static func matches(_ pattern: String, _ path: String) -> Bool {
        let path = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        if !pattern.contains("/") {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return match(Array(pattern.utf8)[...], Array(name.utf8)[...])
                || match(Array(pattern.utf8)[...], Array(path.utf8)[...])
        }
        let pattern = pattern.hasPrefix("./") ? String(pattern.dropFirst(2)) : pattern
        return match(Array(pattern.utf8)[...], Array(path.utf8)[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var pattern = pattern
        var text = text
        while let head = pattern.first {
            if head == UInt8(ascii: "*") {
                let isDouble = pattern.dropFirst().first == UInt8(ascii: "*")
                var rest = pattern.dropFirst(isDouble ? 2 : 1)
                if isDouble, rest.first == UInt8(ascii: "/") {
                    // `**/` also matches zero segments.
                    if match(rest.dropFirst(), text) { return true }
                    rest = rest.dropFirst(0)
                }
                var candidate = text
                while true {
                    if match(rest, candidate) { return true }
                    guard let next = candidate.first else { return false }
                    if !isDouble, next == UInt8(ascii: "/") { return false }
                    candidate = candidate.dropFirst()
                }
            }
            guard let current = text.first else { return false }
            if head != UInt8(ascii: "?"), head != current { return false }
            if head == UInt8(ascii: "?"), current == UInt8(ascii: "/") { return false }
            pattern = pattern.dropFirst()
            text = text.dropFirst()
        }
        return text.isEmpty
    }
}
