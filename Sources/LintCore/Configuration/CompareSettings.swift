import Foundation

/// The `[tool.umlaut.compare]` table of a `pyproject.toml`: the arguments of `umlaut compare`
/// that the editor's `umlaut.compareModels` uses when its own arguments leave them out. The
/// command's own arguments (a JSON object with the same kebab-case keys) are read by the same
/// code, so both accept and reject the same things. Every key is optional; what the table leaves
/// out the command must say (or `umlaut compare` defaults).
package struct CompareSettings: Sendable, Equatable {
    package var modelA: String?
    package var modelB: String?
    package var data: String?
    package var className: String?
    package var clusters: Int?
    package var samples: Int?
    package var seed: Int?
    package var preprocessA: String?
    package var preprocessB: String?
    /// [height, width].
    package var imageSize: [Int]?
    /// "grid" or "slic".
    package var segments: String?
    package var topSegments: Int?
    package var steps: Int?
    package var embedding: String?
    package var order: String?
    package var python: String?

    package init() {}

    /// The keys, in documentation order.
    package static let keys = [
        "model-a", "model-b", "data", "class", "clusters", "samples", "seed", "preprocess-a", "preprocess-b",
        "image-size", "segments", "top-segments", "steps", "embedding", "order", "python",
    ]

    /// These settings with every key `other` sets replaced by its value.
    package func overlaid(by other: CompareSettings) -> CompareSettings {
        var result = self
        func take<T>(_ path: WritableKeyPath<CompareSettings, T?>) {
            if let value = other[keyPath: path] { result[keyPath: path] = value }
        }
        take(\.modelA)
        take(\.modelB)
        take(\.data)
        take(\.className)
        take(\.clusters)
        take(\.samples)
        take(\.seed)
        take(\.preprocessA)
        take(\.preprocessB)
        take(\.imageSize)
        take(\.segments)
        take(\.topSegments)
        take(\.steps)
        take(\.embedding)
        take(\.order)
        take(\.python)
        return result
    }

    /// The model, data and python paths made absolute against `directory` (a `pyproject.toml`'s,
    /// or the workspace folder for the command's arguments). A `module:factory@weights` model
    /// keeps its module and gets its weights file made absolute.
    package func resolvingPaths(against directory: String) -> CompareSettings {
        func absolute(_ path: String) -> String {
            path.hasPrefix("/")
                ? path : ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
        }
        func model(_ spec: String) -> String {
            if let at = spec.lastIndex(of: "@"), spec[..<at].contains(":") {
                return String(spec[...at]) + absolute(String(spec[spec.index(after: at)...]))
            }
            // `module:factory` without weights names a module, not a file.
            if spec.contains(":") { return spec }
            return absolute(spec)
        }
        var result = self
        result.modelA = modelA.map(model)
        result.modelB = modelB.map(model)
        result.data = data.map(absolute)
        if let python, python.contains("/") { result.python = absolute(python) }
        return result
    }

    /// Reads a table of compare settings; `prefix` names it in messages, with its dot
    /// (`tool.umlaut.compare.`, or `umlaut.compareModels: ` for the command's arguments).
    /// Problems (unknown keys with a "did you mean" hint, values of the wrong type) are collected;
    /// the value is ignored and the rest applies.
    package static func read<Value: SettingsValue>(
        _ value: Value, prefix: String
    ) -> (settings: CompareSettings, problems: [String]) {
        var settings = CompareSettings()
        var problems: [String] = []
        guard let table = value.table else {
            let name = prefix.hasSuffix(".") ? String(prefix.dropLast()) : prefix
            return (settings, ["`\(name)` must be a table, not \(value.described)"])
        }
        func text(_ value: Value, _ name: String) -> String? {
            guard let string = value.string, !string.isEmpty else {
                problems.append("`\(name)` must be a non-empty string, not \(value.described)")
                return nil
            }
            return string
        }
        func count(_ value: Value, _ name: String, minimum: Int) -> Int? {
            guard let number = value.number, number.rounded() == number, number >= Double(minimum),
                number < 1e9
            else {
                problems.append("`\(name)` must be an integer of at least \(minimum), not \(value.described)")
                return nil
            }
            return Int(number)
        }
        for key in table.keys.sorted() {
            let value = table[key]!
            if value.isNull { continue }
            let name = prefix + key
            switch key {
            case "model-a": settings.modelA = text(value, name)
            case "model-b": settings.modelB = text(value, name)
            case "data": settings.data = text(value, name)
            case "class": settings.className = text(value, name)
            case "clusters": settings.clusters = count(value, name, minimum: 1)
            case "samples": settings.samples = count(value, name, minimum: 4)
            case "seed": settings.seed = count(value, name, minimum: 0)
            case "preprocess-a": settings.preprocessA = text(value, name)
            case "preprocess-b": settings.preprocessB = text(value, name)
            case "segments": settings.segments = text(value, name)
            case "top-segments": settings.topSegments = count(value, name, minimum: 1)
            case "steps": settings.steps = count(value, name, minimum: 2)
            case "embedding": settings.embedding = text(value, name)
            case "order": settings.order = text(value, name)
            case "python": settings.python = text(value, name)
            case "image-size":
                let sides = value.array?.compactMap { count($0, name, minimum: 1) }
                if let sides, sides.count == 2 {
                    settings.imageSize = sides
                } else {
                    problems.append("`\(name)` must be [height, width], not \(value.described)")
                }
            default:
                let hint =
                    SettingsKeys.suggestion(for: key, among: keys).map { "; did you mean `\($0)`?" }
                    ?? "; known keys: \(keys.joined(separator: ", "))"
                problems.append("unknown key `\(name)`\(hint)")
            }
        }
        return (settings, problems)
    }
}
