import CTreeSitter

/// A grammar field (`function` of a `call`, `left` of an `assignment`) as a small integer, so
/// that `Node.child(field:)` in a hot loop compares integers instead of hashing a name.
/// `Node.child(field: .function)` is the same as `Node.child(field: "function")`.
///
/// The fields the analysis reads have fixed ids (`known`), so `.function` is a constant; the
/// node table stores each node's field in these ids, mapped from tree-sitter's once per tree.
@frozen
package struct FieldID: Hashable, Sendable {
    /// An index into `known`; `firstUnknownID` + tree-sitter's id for other fields of the
    /// grammar; `none` for no field; `UInt16.max` for a name the grammar lacks (no node has it).
    @usableFromInline let id: UInt16

    @inlinable init(id: UInt16) {
        self.id = id
    }

    /// The field with this name; one that matches nothing if the grammar has no such field.
    package init(_ name: String) {
        if let known = Self.known.firstIndex(of: name) {
            id = UInt16(known)
        } else if let grammarID = PythonGrammar.fieldIDs[name] {
            id = Self.firstUnknownID + grammarID
        } else {
            id = .max
        }
    }

    /// The names of the fields with constants below, in id order.
    static let known: [String] = [
        "alias", "alternative", "argument", "arguments", "attribute", "body", "consequence", "definition", "function",
        "key", "left", "module_name", "name", "object", "operator", "parameters", "right", "subscript", "superclasses",
        "value",
    ]

    static let firstUnknownID: UInt16 = 1000
    /// The id of a node outside any field.
    static let none: UInt16 = .max - 1

    /// Our id of each tree-sitter field id, by tree-sitter id (0: no field).
    static let byGrammarID: [UInt16] = {
        var table = [UInt16](repeating: none, count: Int(PythonGrammar.fieldIDs.values.max() ?? 0) + 1)
        for (name, grammarID) in PythonGrammar.fieldIDs {
            table[Int(grammarID)] = known.firstIndex(of: name).map { UInt16($0) } ?? firstUnknownID + grammarID
        }
        return table
    }()

    /// Our id of a tree-sitter field id.
    static func id(ofGrammarID grammarID: TSFieldId, in table: [UInt16]) -> UInt16 {
        Int(grammarID) < table.count ? table[Int(grammarID)] : firstUnknownID + grammarID
    }

    /// tree-sitter's id of this field, nil for a name the grammar lacks.
    var grammarID: TSFieldId? {
        if id == .max || id == Self.none { return nil }
        if id >= Self.firstUnknownID { return id - Self.firstUnknownID }
        return PythonGrammar.fieldIDs[Self.known[Int(id)]]
    }

    @inlinable package static var alias: FieldID { FieldID(id: 0) }
    @inlinable package static var alternative: FieldID { FieldID(id: 1) }
    @inlinable package static var argument: FieldID { FieldID(id: 2) }
    @inlinable package static var arguments: FieldID { FieldID(id: 3) }
    @inlinable package static var attribute: FieldID { FieldID(id: 4) }
    @inlinable package static var body: FieldID { FieldID(id: 5) }
    @inlinable package static var consequence: FieldID { FieldID(id: 6) }
    @inlinable package static var definition: FieldID { FieldID(id: 7) }
    @inlinable package static var function: FieldID { FieldID(id: 8) }
    @inlinable package static var key: FieldID { FieldID(id: 9) }
    @inlinable package static var left: FieldID { FieldID(id: 10) }
    @inlinable package static var moduleName: FieldID { FieldID(id: 11) }
    @inlinable package static var name: FieldID { FieldID(id: 12) }
    @inlinable package static var object: FieldID { FieldID(id: 13) }
    @inlinable package static var `operator`: FieldID { FieldID(id: 14) }
    @inlinable package static var parameters: FieldID { FieldID(id: 15) }
    @inlinable package static var right: FieldID { FieldID(id: 16) }
    @inlinable package static var `subscript`: FieldID { FieldID(id: 17) }
    @inlinable package static var superclasses: FieldID { FieldID(id: 18) }
    @inlinable package static var value: FieldID { FieldID(id: 19) }
}
