import CTreeSitter

/// A grammar field (`function` of a `call`, `left` of an `assignment`) resolved to its id once,
/// so that `Node.child(field:)` in a hot loop compares integers instead of hashing a name.
/// `Node.child(field: .function)` is the same as `Node.child(field: "function")`.
public struct FieldID: Hashable, Sendable {
    /// The tree-sitter field id; `UInt16.max` for a name the grammar does not have, which no child
    /// carries (0 would match every child outside a field).
    let raw: TSFieldId

    init(raw: TSFieldId) {
        self.raw = raw
    }

    /// The field with this name; one that matches nothing if the grammar has no such field.
    public init(_ name: String) {
        raw = PythonGrammar.fieldIDs[name] ?? .max
    }

    public static let alias = FieldID("alias")
    public static let alternative = FieldID("alternative")
    public static let argument = FieldID("argument")
    public static let arguments = FieldID("arguments")
    public static let attribute = FieldID("attribute")
    public static let body = FieldID("body")
    public static let consequence = FieldID("consequence")
    public static let definition = FieldID("definition")
    public static let function = FieldID("function")
    public static let key = FieldID("key")
    public static let left = FieldID("left")
    public static let moduleName = FieldID("module_name")
    public static let name = FieldID("name")
    public static let object = FieldID("object")
    public static let `operator` = FieldID("operator")
    public static let parameters = FieldID("parameters")
    public static let right = FieldID("right")
    public static let `subscript` = FieldID("subscript")
    public static let superclasses = FieldID("superclasses")
    public static let value = FieldID("value")
}
