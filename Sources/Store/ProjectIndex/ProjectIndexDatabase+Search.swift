import Foundation
import GRDB

/// One result of a search: a file (or, for text found in a project's README and attributes, the
/// project itself) and why it matched.
package struct SearchHit: Hashable, Sendable, Codable {
    package var project: String
    package var projectRoot: String
    /// The file, relative to the project; nil for a hit on the project's README and attributes.
    package var path: String?
    /// The first line that explains the match, when one does.
    package var line: Int?
    /// Why: `loss ~ dice: DiceLoss (line 12)`, one entry per condition that holds.
    package var reasons: [String]
    /// The text that matched, `[`marked`]`, for a full-text search.
    package var snippet: String?
    /// bm25 (lower is better) for a full-text search.
    package var score: Double?
    /// The cosine distance of the file's vector to the `--like` file's (0: same direction).
    package var distance: Double?
}

extension ProjectIndexDatabase {
    /// The files the filter holds for, ranked by how well `text` (FTS5 syntax, the caller quotes
    /// the user's words) matches when given, else by the file's own evidence and round-robin over
    /// projects. Without a filter, a text search also finds projects by their README and
    /// attributes. At most `limit` hits.
    package func search(text: String?, filter: SearchExpression?, limit: Int) throws -> [SearchHit] {
        try read { db in
            var arguments = StatementArguments()
            var clauses: [String] = []
            let sql: String
            if let text {
                arguments += [text]
                if let filter {
                    let (clause, values) = filter.sql()
                    clauses.append("searchText.fileId IS NOT NULL AND \(clause)")
                    arguments += StatementArguments(values.map(\.databaseValue))
                }
                sql = """
                    SELECT searchText.projectId AS projectId, searchText.fileId AS fileId,
                    bm25(searchText) AS score, snippet(searchText, 3, '[', ']', '…', 12) AS snippet,
                    highlight(searchText, 2, '[', ']') AS markedPath
                    FROM searchText JOIN project ON project.id = searchText.projectId
                    LEFT JOIN file ON file.id = searchText.fileId
                    WHERE searchText MATCH ?\(clauses.isEmpty ? "" : " AND " + clauses.joined(separator: " AND "))
                    ORDER BY score, project.root, file.path LIMIT ?
                    """
            } else {
                // Ranked by how many conditions the file meets by its own rows, then round-robin
                // over projects (each project's best file first, by role: a training script
                // before its tests), so that a condition every file of a project meets through the
                // project (`task = segmentation`) does not fill the page with one project's files.
                let expression = filter ?? .condition(SearchCondition(.path, .contains, .text("")))
                let (own, ownValues) = expression.ownEvidenceSQL()
                let (clause, values) = expression.sql()
                arguments += StatementArguments(ownValues.map(\.databaseValue))
                arguments += StatementArguments(values.map(\.databaseValue))
                sql = """
                    SELECT projectId, fileId, NULL AS score, NULL AS snippet, NULL AS markedPath FROM (
                        SELECT *, ROW_NUMBER() OVER (
                            PARTITION BY projectId ORDER BY own DESC, roleRank, path) AS place
                        FROM (
                            SELECT file.projectId AS projectId, file.id AS fileId, project.root AS root,
                            file.path AS path, (\(own)) AS own, \(Self.roleRank) AS roleRank
                            FROM file JOIN project ON project.id = file.projectId
                            WHERE \(clause)))
                    ORDER BY own DESC, place, root, path LIMIT ?
                    """
            }
            arguments += [limit]
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            let conditions = filter?.positiveConditions ?? []
            var projects: [Int64: ProjectRecord] = [:]
            var attributes: [Int64: [ProjectAttributeRecord]] = [:]
            return try rows.map { row in
                let projectId: Int64 = row["projectId"]
                if projects[projectId] == nil {
                    projects[projectId] = try ProjectRecord.fetchOne(db, key: projectId)
                    attributes[projectId] = try ProjectAttributeRecord.filter(Column("projectId") == projectId)
                        .order(Column("id")).fetchAll(db)
                }
                let project = projects[projectId]!
                var hit = SearchHit(
                    project: project.name, projectRoot: project.root, path: nil, line: nil, reasons: [],
                    snippet: (row["snippet"] as String?).map(Self.oneLine), score: row["score"])
                if let fileId: Int64 = row["fileId"], let file = try IndexedFileRecord.fetchOne(db, key: fileId) {
                    hit.path = file.path
                    let features = try FileFeatureRecord.filter(Column("fileId") == fileId).order(Column("id"))
                        .fetchAll(db)
                    let mentions = try FileMentionRecord.filter(Column("fileId") == fileId).order(Column("id"))
                        .fetchAll(db)
                    // The line shown is the first of the specific conditions' (a loss, a layer),
                    // not the import line a framework condition found.
                    var lines: [Int] = []
                    var importLines: [Int] = []
                    for condition in conditions {
                        let found = Self.explain(
                            condition, file: file, project: project, features: features, mentions: mentions,
                            attributes: attributes[projectId] ?? [])
                        if !found.words.isEmpty {
                            hit.reasons.append(
                                "\(condition.field.rawValue) \(condition.op.rawValue) \(condition.value.text): \(found.words.joined(separator: ", "))"
                            )
                        }
                        if condition.field == .framework { importLines += found.lines } else { lines += found.lines }
                    }
                    hit.line = lines.min() ?? importLines.min()
                    if let marked: String = row["markedPath"], marked.contains("[") {
                        hit.reasons.append("path: \(marked)")
                    }
                } else if project.title != nil || project.summary != nil {
                    hit.reasons.append("README and attributes of the project")
                }
                if let snippet = hit.snippet, snippet.contains("[") { hit.reasons.append("text: \(snippet)") }
                return hit
            }
        }
    }

    /// Which of a project's files shows it best when they match alike: what trains or defines a
    /// model before what evaluates, loads data, helps, or tests.
    static let roleRank = """
        CASE coalesce(file.role, '') WHEN 'training' THEN 0 WHEN 'model' THEN 1 WHEN 'evaluation' THEN 2 \
        WHEN 'data' THEN 3 WHEN 'utilities' THEN 4 WHEN 'tests' THEN 5 ELSE 6 END
        """

    /// A snippet on one line: the text's line breaks and runs of spaces become one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The rows that make `condition` hold for a file, in words, with their lines.
    private static func explain(
        _ condition: SearchCondition, file: IndexedFileRecord, project: ProjectRecord,
        features: [FileFeatureRecord], mentions: [FileMentionRecord], attributes: [ProjectAttributeRecord]
    ) -> (words: [String], lines: [Int]) {
        var words: [String] = []
        var lines: [Int] = []
        func place(_ line: Int?) -> String {
            guard let line else { return "" }
            lines.append(line)
            return " (line \(line))"
        }
        func fromFeatures(_ kind: FileFeature.Kind) {
            for feature in features where feature.kind == kind {
                let number = kind == .learningRate ? feature.value : nil
                guard condition.accepts(name: kind == .learningRate ? nil : feature.name, number: number) else {
                    continue
                }
                let value = feature.value.map { " \(Value.format($0))" } ?? ""
                words.append("\(feature.name)\(kind == .learningRate ? value : "")\(place(feature.line))")
            }
        }
        func fromMentions(_ kind: FileMention.Kind) {
            for mention in mentions where mention.kind == kind && condition.accepts(name: mention.name, number: nil) {
                let detail = kind == .finding ? mention.detail.map { " \($0)" } ?? "" : ""
                words.append("\(mention.name)\(place(mention.line))\(detail)")
            }
        }
        func fromAttributes(_ kind: ProjectAttribute.Kind) {
            for attribute in attributes
            where attribute.kind == kind && condition.accepts(name: attribute.value, number: nil) {
                words.append("project's \(attribute.value) (\(attribute.evidence))")
            }
        }
        switch condition.field {
        case .framework:
            fromFeatures(.framework)
            if words.isEmpty { fromAttributes(.framework) }
        case .domain: fromAttributes(.domain)
        case .task: fromAttributes(.task)
        case .dataset:
            fromMentions(.dataset)
            if words.isEmpty { fromAttributes(.dataset) }
        case .model:
            fromMentions(.model)
            if words.isEmpty { fromAttributes(.model) }
        case .layer: fromFeatures(.layer)
        case .activation: fromFeatures(.activation)
        case .loss: fromFeatures(.loss)
        case .optimizer: fromFeatures(.optimizer)
        case .lr: fromFeatures(.learningRate)
        case .finding: fromMentions(.finding)
        case .role: if condition.accepts(name: file.role, number: nil) { words.append(file.role ?? "") }
        case .project: if condition.accepts(name: project.name, number: nil) { words.append(project.name) }
        case .path: if condition.accepts(name: file.path, number: nil) { words.append(file.path) }
        case .licence: if condition.accepts(name: project.licence, number: nil) { words.append(project.licence ?? "") }
        }
        return (words, lines)
    }
}

extension SearchValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .number(let number): number.databaseValue
        }
    }
}

/// How a number is shown (the learning rate of a reason): as Python writes it.
private enum Value {
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
