import GRDB

/// What the analysis found in a file, one thing per value: the indexer's output and what a
/// search filters on.
package struct FileFeature: Hashable, Sendable {
    /// What `name` names.
    package enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case framework
        case layer
        case activation
        case loss
        case optimizer
        /// `name` is the optimizer, `value` its learning rate.
        case learningRate
        case dataLoader
    }

    package var kind: Kind
    /// The canonical name (`pytorch`, `Conv2d`, `CrossEntropyLoss`, `Adam`, `DataLoader`);
    /// compared without case.
    package var name: String
    /// A number, where the feature has one (a learning rate).
    package var value: Double?
    /// The 1-based line the feature was found on, when it has one.
    package var line: Int?

    package init(_ kind: Kind, _ name: String, value: Double? = nil, line: Int? = nil) {
        self.kind = kind
        self.name = name
        self.value = value
        self.line = line
    }
}

/// A stored `FileFeature`: a row of `fileFeature`.
package struct FileFeatureRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "fileFeature"

    package var id: Int64?
    package var fileId: Int64
    package var kind: FileFeature.Kind
    package var name: String
    package var value: Double?
    package var line: Int?

    package init(id: Int64? = nil, fileId: Int64, _ feature: FileFeature) {
        self.id = id
        self.fileId = fileId
        kind = feature.kind
        name = feature.name
        value = feature.value
        line = feature.line
    }

    /// The feature without its row.
    package var feature: FileFeature { FileFeature(kind, name, value: value, line: line) }

    package mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
