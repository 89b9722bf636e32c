/// An attribute filter over the index's files (`framework = pytorch and loss ~ dice and lr < 1e-3`),
/// as `ProjectSearch`'s query parser builds it. Compiled to parameterised SQL: no value is ever
/// written into the statement's text.
package indirect enum SearchExpression: Hashable, Sendable {
    case and(SearchExpression, SearchExpression)
    case or(SearchExpression, SearchExpression)
    case not(SearchExpression)
    case condition(SearchCondition)
}

/// What a search can ask about a file or its project.
package enum SearchField: String, Hashable, Sendable, CaseIterable {
    case framework, domain, task, dataset, model, layer, activation, loss, optimizer, lr, role, finding
    case project, path, licence

    /// Whether the field holds numbers (compared with `<`, `<=`, `>`, `>=`, `=`, `!=`) rather
    /// than names (compared with `=`, `!=`, `~`).
    package var isNumeric: Bool { self == .lr }
}

package enum SearchOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    /// Contains, without case.
    case contains = "~"
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case less = "<"
    case greater = ">"
}

package enum SearchValue: Hashable, Sendable {
    case text(String)
    case number(Double)

    var text: String {
        switch self {
        case .text(let text): text
        case .number(let number): "\(number)"
        }
    }
}

/// One comparison: `loss ~ dice`.
package struct SearchCondition: Hashable, Sendable {
    package var field: SearchField
    package var op: SearchOperator
    package var value: SearchValue

    package init(_ field: SearchField, _ op: SearchOperator, _ value: SearchValue) {
        self.field = field
        self.op = op
        self.value = value
    }
}

extension SearchExpression {
    /// The conditions that must hold for a file to match (not under an odd number of `not`s,
    /// nor a `!=`): the ones whose matching rows explain a result.
    var positiveConditions: [SearchCondition] {
        switch self {
        case .and(let left, let right), .or(let left, let right):
            left.positiveConditions + right.positiveConditions
        case .not(let inner): inner.negativeConditions
        case .condition(let condition): condition.op == .notEqual ? [] : [condition]
        }
    }

    private var negativeConditions: [SearchCondition] {
        switch self {
        case .and(let left, let right), .or(let left, let right):
            left.negativeConditions + right.negativeConditions
        case .not(let inner): inner.positiveConditions
        case .condition(let condition):
            condition.op == .notEqual ? [SearchCondition(condition.field, .equal, condition.value)] : []
        }
    }

    /// How many of the positive conditions hold by the file's own rows (its imports, layers,
    /// mentions, findings, role or path) rather than through its project's attributes, as an
    /// SQL expression on `file` with its arguments: a file that names COCO itself ranks above
    /// one that matches `dataset = COCO` only because its project does.
    func ownEvidenceSQL() -> (String, [SearchValue]) {
        let own = positiveConditions.compactMap { $0.ownSQL() }
        guard !own.isEmpty else { return ("0", []) }
        return (own.map { "(\($0.0))" }.joined(separator: " + "), own.flatMap(\.1))
    }

    /// The SQL condition on a row of `file` (aliased `file`, its project `project`), with its
    /// arguments in order.
    func sql() -> (String, [SearchValue]) {
        switch self {
        case .and(let left, let right):
            let (l, la) = left.sql()
            let (r, ra) = right.sql()
            return ("(\(l) AND \(r))", la + ra)
        case .or(let left, let right):
            let (l, la) = left.sql()
            let (r, ra) = right.sql()
            return ("(\(l) OR \(r))", la + ra)
        case .not(let inner):
            let (i, ia) = inner.sql()
            return ("(NOT \(i))", ia)
        case .condition(let condition):
            return condition.sql()
        }
    }
}

extension SearchCondition {
    /// `column` compared with the value by this condition's operator (`!=` is handled by the caller).
    private func comparison(_ column: String) -> (String, [SearchValue]) {
        switch op {
        case .equal, .notEqual:
            field.isNumeric ? ("\(column) = ?", [value]) : ("\(column) = ? COLLATE NOCASE", [value])
        case .contains: ("instr(lower(\(column)), lower(?)) > 0", [value])
        case .less, .lessOrEqual, .greater, .greaterOrEqual: ("\(column) \(op.rawValue) ?", [value])
        }
    }

    func sql() -> (String, [SearchValue]) {
        let (positive, arguments) = positiveSQL()
        return op == .notEqual ? ("(NOT \(positive))", arguments) : (positive, arguments)
    }

    /// The test on the file's own rows (its features, mentions, role or path); nil for a field
    /// only its project has (domain, task, project, licence).
    func ownSQL() -> (String, [SearchValue])? {
        switch field {
        case .framework: fileRows(feature: "framework")
        case .layer: fileRows(feature: "layer")
        case .activation: fileRows(feature: "activation")
        case .loss: fileRows(feature: "loss")
        case .optimizer: fileRows(feature: "optimizer")
        case .lr: fileRows(feature: "learningRate", column: "f.value")
        case .dataset: fileRows(mention: "dataset")
        case .model: fileRows(mention: "model")
        case .finding: fileRows(mention: "finding")
        case .role: comparison("coalesce(file.role, '')")
        case .path: comparison("file.path")
        case .domain, .task, .project, .licence: nil
        }
    }

    /// The test on the file's project (its attributes, name or licence); nil for a field only
    /// files have.
    private func projectSQL() -> (String, [SearchValue])? {
        switch field {
        case .framework, .domain, .task, .dataset, .model:
            let (test, arguments) = comparison("a.value")
            return (
                "EXISTS (SELECT 1 FROM projectAttribute a WHERE a.projectId = file.projectId AND a.kind = ? AND \(test))",
                [.text(field.rawValue)] + arguments
            )
        case .project: return comparison("project.name")
        case .licence: return comparison("coalesce(project.licence, '')")
        default: return nil
        }
    }

    private func fileRows(feature kind: String, column: String = "f.name") -> (String, [SearchValue]) {
        let (test, arguments) = comparison(column)
        return (
            "EXISTS (SELECT 1 FROM fileFeature f WHERE f.fileId = file.id AND f.kind = ? AND \(test))",
            [.text(kind)] + arguments
        )
    }

    private func fileRows(mention kind: String) -> (String, [SearchValue]) {
        let (test, arguments) = comparison("m.name")
        return (
            "EXISTS (SELECT 1 FROM fileMention m WHERE m.fileId = file.id AND m.kind = ? AND \(test))",
            [.text(kind)] + arguments
        )
    }

    /// The file's own test, its project's, or either (a dataset named by the file or the project).
    private func positiveSQL() -> (String, [SearchValue]) {
        switch (ownSQL(), projectSQL()) {
        case (let own?, let project?): ("(\(own.0) OR \(project.0))", own.1 + project.1)
        case (let own?, nil): own
        case (nil, let project?): project
        case (nil, nil): preconditionFailure("\(field) has neither a file nor a project test")
        }
    }

    /// Whether a name or number satisfies the comparison (`!=` read as `=`): the SQL's test,
    /// used to pick the rows that explain a match.
    func accepts(name: String?, number: Double?) -> Bool {
        switch (op, value) {
        case (.contains, .text(let text)):
            return name.map { $0.lowercased().contains(text.lowercased()) } ?? false
        case (.equal, .text(let text)), (.notEqual, .text(let text)):
            return name.map { $0.lowercased() == text.lowercased() } ?? false
        case (_, .number(let bound)):
            guard let number else { return false }
            switch op {
            case .less: return number < bound
            case .lessOrEqual: return number <= bound
            case .greater: return number > bound
            case .greaterOrEqual: return number >= bound
            case .equal, .notEqual: return number == bound
            case .contains: return false
            }
        default: return false
        }
    }
}
