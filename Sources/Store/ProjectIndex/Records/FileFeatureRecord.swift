import GRDB

/// What the analysis found in a file, one thing per value: the indexer's output and what a
/// search filters on.
public struct FileFeature: Hashable, Sendable {
    /// What `name` names.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        case framework
        case layer
        case activation
        case loss
        case optimizer
        /// `name` is the optimizer, `value` its learning rate.
        case learningRate
        case dataLoader
    }

    public var kind: Kind
    /// The canonical name (`pytorch`, `Conv2d`, `CrossEntropyLoss`, `Adam`, `DataLoader`);
    /// compared without case.
    public var name: String
    /// A number, where the feature has one (a learning rate).
    public var value: Double?
    /// The 1-based line the feature was found on, when it has one.
    public var line: Int?

    public init(_ kind: Kind, _ name: String, value: Double? = nil, line: Int? = nil) {
        self.kind = kind
        self.name = name
        self.value = value
        self.line = line
    }
}

/// A stored `FileFeature`: a row of `fileFeature`.
public struct FileFeatureRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "fileFeature"

    public var id: Int64?
    public var fileId: Int64
    public var kind: FileFeature.Kind
    public var name: String
    public var value: Double?
    public var line: Int?

    public init(id: Int64? = nil, fileId: Int64, _ feature: FileFeature) {
        self.id = id
        self.fileId = fileId
        kind = feature.kind
        name = feature.name
        value = feature.value
        line = feature.line
    }

    /// The feature without its row.
    public var feature: FileFeature { FileFeature(kind, name, value: value, line: line) }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
