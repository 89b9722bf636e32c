import GRDB

/// A project's attribute with its evidence: a row of `projectAttribute` (v2).
package struct ProjectAttribute: Hashable, Sendable, Codable {
    /// What `value` is.
    package enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case framework
        /// vision, nlp, audio, tabular, rl, ...
        case domain
        /// classification, detection, segmentation, generation, ...
        case task
        /// A dataset of the catalogue (`MNIST`, `CIFAR-10`).
        case dataset
        /// A model family (`ResNet`, `BERT`, `U-Net`).
        case model
        /// `arXiv:1505.04597`, `doi:10.1000/xyz`.
        case reference
    }

    package var kind: Kind
    package var value: String
    /// Why, in words: "DiceLoss (train.py:12); README: 'segmentation'".
    package var evidence: String
    /// The file that says it, relative to the project, when one does (README.md for the README).
    package var path: String?
    package var line: Int?

    package init(_ kind: Kind, _ value: String, evidence: String, path: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.value = value
        self.evidence = evidence
        self.path = path
        self.line = line
    }
}

/// A stored `ProjectAttribute`.
package struct ProjectAttributeRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "projectAttribute"

    package var id: Int64?
    package var projectId: Int64
    package var kind: ProjectAttribute.Kind
    package var value: String
    package var evidence: String
    package var path: String?
    package var line: Int?

    package init(projectId: Int64, _ attribute: ProjectAttribute) {
        self.projectId = projectId
        kind = attribute.kind
        value = attribute.value
        evidence = attribute.evidence
        path = attribute.path
        line = attribute.line
    }

    package var attribute: ProjectAttribute {
        ProjectAttribute(kind, value, evidence: evidence, path: path, line: line)
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
