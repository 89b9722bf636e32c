import CTreeSitter
import TreeSitterPython

/// The Python grammar and its symbol and field tables, resolved once per process.
package enum PythonGrammar {
    /// The grammar as tree-sitter sees it. Immutable static data owned by the C library.
    nonisolated(unsafe) static let language: OpaquePointer = tree_sitter_python()

    /// The grammar's ABI version; the Debian runtime accepts 13 and 14.
    package static var abiVersion: Int { Int(ts_language_version(language)) }

    /// The ABI range this process's tree-sitter runtime can load.
    package static let supportedABIVersions =
        Int(TREE_SITTER_MIN_COMPATIBLE_LANGUAGE_VERSION)...Int(TREE_SITTER_LANGUAGE_VERSION)

    /// The symbol of `ERROR` nodes (tree-sitter's built-in `(TSSymbol)-1`).
    static let errorSymbol = UInt16.max

    /// Node type names indexed by symbol, so `Node.type` costs an array read.
    static let symbolNames: [String] = {
        let count = Int(ts_language_symbol_count(language))
        return (0..<count).map { symbol in
            guard let name = ts_language_symbol_name(language, TSSymbol(symbol)) else { return "" }
            return String(cString: name)
        }
    }()

    /// Field ids by name.
    static let fieldIDs: [String: TSFieldId] = {
        let count = Int(ts_language_field_count(language))
        var ids: [String: TSFieldId] = [:]
        for id in 1...max(count, 1) where id <= count {
            if let name = ts_language_field_name_for_id(language, TSFieldId(id)) {
                ids[String(cString: name)] = TSFieldId(id)
            }
        }
        return ids
    }()

    /// The symbol of a named node type such as `"call"`, or nil if the grammar has none.
    package static func symbol(named name: String) -> UInt16? {
        let symbol = name.withCString { ts_language_symbol_for_name(language, $0, UInt32(name.utf8.count), true) }
        return symbol == 0 ? nil : symbol
    }
}
