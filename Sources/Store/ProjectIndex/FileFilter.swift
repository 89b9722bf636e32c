import GRDB

/// A search over the index's files: all its conditions hold (`framework = pytorch and
/// loss ~ dice and lr < 1e-3`, exclusions with `lacks`).
package struct FileFilter: Hashable, Sendable {
    /// How a feature's name is compared (always without case).
    package enum NameMatch: Hashable, Sendable {
        case equals(String)
        case contains(String)
    }

    /// How a feature's value is compared.
    package enum Comparison: String, Hashable, Sendable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "="
    }

    package enum Condition: Hashable, Sendable {
        /// The file has a feature of the kind whose name matches.
        case has(FileFeature.Kind, NameMatch)
        /// The file has no such feature.
        case lacks(FileFeature.Kind, NameMatch)
        /// The file has a feature of the kind whose value compares so with the number.
        case value(FileFeature.Kind, Comparison, Double)
    }

    package var conditions: [Condition]
    /// Only this project's files, when set.
    package var projectId: Int64?

    package init(_ conditions: [Condition], projectId: Int64? = nil) {
        self.conditions = conditions
        self.projectId = projectId
    }
}

/// A file a filter found, with its project and the features that made it match.
package struct FileMatch: Hashable, Sendable {
    package var project: ProjectRecord
    package var file: IndexedFileRecord
    package var evidence: [FileFeatureRecord]
}

extension FileFilter.Condition {
    var isExclusion: Bool {
        if case .lacks = self { return true }
        return false
    }

    /// The SQL condition on a `fileFeature` row `f`, with its arguments.
    var featureClause: (String, [(any DatabaseValueConvertible)?]) {
        switch self {
        case .has(let kind, let match), .lacks(let kind, let match):
            switch match {
            case .equals(let name): ("f.kind = ? AND f.name = ?", [kind.rawValue, name])
            case .contains(let text): ("f.kind = ? AND instr(lower(f.name), lower(?)) > 0", [kind.rawValue, text])
            }
        case .value(let kind, let comparison, let number):
            ("f.kind = ? AND f.value \(comparison.rawValue) ?", [kind.rawValue, number])
        }
    }

    /// Whether a stored feature satisfies this condition (the SQL's test, for the evidence).
    func holds(for feature: FileFeatureRecord) -> Bool {
        switch self {
        case .has(let kind, let match), .lacks(let kind, let match):
            guard feature.kind == kind else { return false }
            switch match {
            case .equals(let name): return feature.name.lowercased() == name.lowercased()
            case .contains(let text): return feature.name.lowercased().contains(text.lowercased())
            }
        case .value(let kind, let comparison, let number):
            guard feature.kind == kind, let value = feature.value else { return false }
            switch comparison {
            case .less: return value < number
            case .lessOrEqual: return value <= number
            case .greater: return value > number
            case .greaterOrEqual: return value >= number
            case .equal: return value == number
            }
        }
    }
}
