import Foundation
import Store

/// The explore page's attribute table (`GET /api/explore/table`): one row per indexed file, its
/// project's attributes beside its own. Every string is as the index holds it (README titles,
/// paths and names come from third parties' files): the page inserts them as text.
package struct ExploreTable: Codable, Hashable, Sendable {
    /// How a column filters and sorts: `text` (contains), `number` (=, <, >), `list` (values
    /// joined by ", "; contains one).
    package enum ColumnKind: String, Codable, Hashable, Sendable {
        case text, number, list
    }

    package struct Column: Codable, Hashable, Sendable {
        package var key: String
        package var label: String
        package var kind: ColumnKind
    }

    /// One cell: a string, a number or nothing (JSON `null`).
    package enum Cell: Codable, Hashable, Sendable {
        case text(String)
        case number(Double)
        case none

        package init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .none
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .none: try container.encodeNil()
            }
        }
    }

    package struct Row: Codable, Hashable, Sendable {
        /// The file's id in the index (the map's points carry the same).
        package var id: Int64
        /// Stable across re-indexing: project root, a newline, the path (user labels are kept
        /// by it).
        package var key: String
        /// Aligned with `columns`.
        package var cells: [Cell]
    }

    package var view = "explore-table"
    package var columns: [Column]
    package var rows: [Row]
    /// The index's revision the table was read at.
    package var revision: Int64

    package static let columns: [Column] = [
        Column(key: "project", label: "Project", kind: .text),
        Column(key: "path", label: "File", kind: .text),
        Column(key: "role", label: "Role", kind: .text),
        Column(key: "lines", label: "Lines", kind: .number),
        Column(key: "frameworks", label: "Frameworks", kind: .list),
        Column(key: "layers", label: "Layers", kind: .list),
        Column(key: "activations", label: "Activations", kind: .list),
        Column(key: "losses", label: "Losses", kind: .list),
        Column(key: "optimizers", label: "Optimizers", kind: .list),
        Column(key: "lr", label: "Learning rate", kind: .number),
        Column(key: "datasets", label: "Datasets", kind: .list),
        Column(key: "models", label: "Model families", kind: .list),
        Column(key: "findings", label: "Findings", kind: .number),
        Column(key: "codes", label: "Finding codes", kind: .list),
        Column(key: "domain", label: "Domain", kind: .list),
        Column(key: "task", label: "Task", kind: .list),
        Column(key: "licence", label: "Licence", kind: .text),
        Column(key: "title", label: "README title", kind: .text),
    ]

    package init(files: [ExploreFile], attributes: [Int64: [ProjectAttribute]], revision: Int64) {
        columns = Self.columns
        self.revision = revision
        rows = files.compactMap { entry -> Row? in
            guard let id = entry.file.id else { return nil }
            let projectAttributes = entry.project.id.flatMap { attributes[$0] } ?? []
            func list(_ values: [String]) -> Cell {
                var seen = Set<String>()
                let unique = values.filter { seen.insert($0.lowercased()).inserted }
                return unique.isEmpty ? .none : .text(unique.joined(separator: ", "))
            }
            func features(_ kind: FileFeature.Kind) -> Cell {
                list(entry.features.filter { $0.kind == kind }.map(\.name))
            }
            func mentions(_ kind: FileMention.Kind) -> [String] {
                entry.mentions.filter { $0.kind == kind }.map(\.name)
            }
            func project(_ kind: ProjectAttribute.Kind) -> Cell {
                list(projectAttributes.filter { $0.kind == kind }.map(\.value))
            }
            let rates = entry.features.filter { $0.kind == .learningRate }.compactMap(\.value)
            let findings = mentions(.finding)
            let cells: [Cell] = [
                .text(entry.project.name),
                .text(entry.file.path),
                entry.file.role.map(Cell.text) ?? .none,
                .number(Double(entry.file.lineCount)),
                features(.framework),
                features(.layer),
                features(.activation),
                features(.loss),
                features(.optimizer),
                rates.min().map(Cell.number) ?? .none,
                list(mentions(.dataset)),
                list(mentions(.model)),
                .number(Double(findings.count)),
                list(findings),
                project(.domain),
                project(.task),
                entry.project.licence.map(Cell.text) ?? .none,
                entry.project.title.map(Cell.text) ?? .none,
            ]
            return Row(id: id, key: entry.project.root + "\n" + entry.file.path, cells: cells)
        }
    }

    /// The whole index's table.
    package init(_ database: ProjectIndexDatabase) throws {
        self.init(
            files: try database.exploreFiles(), attributes: try database.projectAttributes(),
            revision: try database.revision())
    }
}
