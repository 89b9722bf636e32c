import PythonSyntax

/// What the names a script imports stand for, so that `layers.Dense`, `tf.keras.layers.Dense`
/// and `Dense` (after `from keras.layers import Dense`) all resolve to `keras.layers.Dense`.
///
/// Imports anywhere in the file count (inside functions and `try` blocks too): scripts import
/// conditionally, and a linter is better off knowing a name than not.
package struct ImportTable: Sendable {
    /// Local name → the dotted module path or object it is bound to.
    package private(set) var bindings: [String: String] = [:]
    /// Modules imported with `from M import *`.
    package private(set) var wildcardModules: [String] = []
    /// The frameworks imported.
    package private(set) var frameworks: Set<Framework> = []

    package init() {}

    /// Reads every import statement under `root`.
    package init(root: Node) {
        root.walk { node in
            switch node.kind {
            case .importStatement:
                for name in node.children(field: .name) { self.addImport(name) }
                return false
            case .importFromStatement:
                self.addFromImport(node)
                return false
            case .functionDefinition, .classDefinition, .module, .block, .ifStatement,
                .tryStatement, .exceptClause, .elseClause, .finallyClause, .withStatement,
                .decoratedDefinition, .elifClause, .forStatement, .whileStatement:
                return true
            default:
                return false
            }
        }
    }

    /// Reads only the imports at module level (including inside top-level `try`/`if` blocks):
    /// the names code written anywhere in the file can rely on, as fixes need. Cheaper than
    /// `init(root:)`, which also reads imports inside functions.
    package static func moduleLevel(of root: Node) -> ImportTable {
        var table = ImportTable()
        func read(_ statements: Node, depth: Int) {
            statements.forEachChild { node in
                switch node.type {
                case "import_statement":
                    for name in node.children(field: .name) { table.addImport(name) }
                case "import_from_statement":
                    table.addFromImport(node)
                case "try_statement", "if_statement", "block", "else_clause", "elif_clause", "except_clause",
                    "finally_clause":
                    if depth < 3 { read(node, depth: depth + 1) }
                default:
                    break
                }
            }
        }
        read(root, depth: 0)
        return table
    }

    /// Binds a name directly (used by tests and notebook preludes).
    package mutating func bind(_ local: String, to qualified: String) {
        bindings[local] = qualified
        noteFramework(qualified)
    }

    /// The canonical qualified name of a dotted expression (`identifier` or `attribute`), or nil
    /// when the expression is not a dotted name. Names whose head is not imported stay as
    /// written (`Dense` stays `Dense`), so callers can still match them by their last component.
    package func qualifiedName(of node: Node) -> String? {
        guard let dotted = Self.dottedName(node) else { return nil }
        return resolve(dotted)
    }

    /// Resolves a dotted name written in the script.
    package func resolve(_ dotted: String) -> String {
        let head: Substring
        let rest: Substring
        if let dot = dotted.firstIndex(of: ".") {
            head = dotted[..<dot]
            rest = dotted[dot...]
        } else {
            head = dotted[...]
            rest = ""
        }
        guard let bound = bindings[String(head)] else { return Self.canonical(dotted) }
        return Self.canonical(bound + rest)
    }

    /// The text of a dotted name (`a.b.c`) if the node is one, else nil.
    package static func dottedName(_ node: Node) -> String? {
        // Usually the text as written is the dotted name: one check of the structure and the
        // bytes instead of a string per part (this runs for nearly every callee of a script).
        if let written = writtenDottedName(node) { return written }
        // Iterative, so that a generated `a.b.c...` thousands deep cannot exhaust the stack.
        var parts: [String] = []
        var current = node
        while current.kind == .attribute {
            guard let object = current.child(field: .object), let attribute = current.child(field: .attribute),
                parts.count < 256
            else { return nil }
            parts.append(attribute.text)
            current = object
        }
        guard current.kind == .identifier else { return nil }
        parts.append(current.text)
        return parts.reversed().joined(separator: ".")
    }

    /// The text of `node` when it is a dotted name of at most 256 parts, each attribute made of
    /// exactly its object, `.` and name, written with nothing but name characters and dots (so
    /// that the text is the parts joined by dots); nil otherwise, and then `dottedName` takes
    /// the parts one by one.
    private static func writtenDottedName(_ node: Node) -> String? {
        var current = node
        var depth = 0
        while current.kind == .attribute {
            guard current.childCount == 3, let object = current.child(field: .object),
                current.child(field: .attribute) != nil,
                depth < 255
            else { return nil }
            depth += 1
            current = object
        }
        guard current.kind == .identifier else { return nil }
        let clean = node.tree.source.bytes.withUnsafeBufferPointer { bytes in
            // Letters, digits, `_`, `.` and the bytes of non-ASCII letters only.
            bytes[node.startByte..<node.endByte].allSatisfy { byte in
                byte >= 0x80 || byte == 0x2E || byte == 0x5F || (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10
            }
        }
        return clean ? node.text : nil
    }

    /// Maps the many spellings of the same API onto one: tf.keras and Keras' private module
    /// paths onto `keras.`, and PyTorch's aliases onto their public paths.
    package static func canonical(_ name: String) -> String {
        var name = name
        for (prefix, replacement) in canonicalPrefixes where name.hasPrefix(prefix) {
            name = replacement + name.dropFirst(prefix.count)
            break
        }
        // keras.layers.core.Dense, keras.src.layers.core.dense.Dense → keras.layers.Dense
        if name.hasPrefix("keras.src.") { name = "keras." + name.dropFirst("keras.src.".count) }
        // Only names of four parts or more are shortened: count the dots before splitting.
        if name.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count > 2,
            name.hasPrefix("keras.layers.") || name.hasPrefix("keras.losses.") || name.hasPrefix("keras.optimizers.")
        {
            let parts = name.split(separator: ".")
            if parts.count > 3 {
                let family = parts[1]
                // Keep the schedules sub-module: keras.optimizers.schedules.ExponentialDecay.
                if !(family == "optimizers" && parts[2] == "schedules") {
                    name = "keras.\(family).\(parts.last!)"
                }
            }
        }
        if name == "keras.models.Sequential" { name = "keras.Sequential" }
        if name == "keras.models.Model" { name = "keras.Model" }
        if name == "keras.layers.Input" { name = "keras.Input" }
        return name
    }

    private static let canonicalPrefixes: [(String, String)] = [
        ("tensorflow.python.keras.", "keras."),
        ("tensorflow.keras.", "keras."),
        ("tf_keras.", "keras."),
        ("tensorflow.compat.v1.keras.", "keras."),
        ("tensorflow.compat.v2.keras.", "keras."),
        ("torch.nn.modules.", "torch.nn."),
    ]

    private mutating func addImport(_ name: Node) {
        // `import a.b.c` binds `a` to `a`; `import a.b as c` binds `c` to `a.b`.
        if name.type == "aliased_import" {
            guard let module = name.child(field: .name), let alias = name.child(field: .alias) else { return }
            bind(alias.text, to: Self.canonicalModule(module.text))
        } else {
            let dotted = name.text
            let head = String(dotted.prefix { $0 != "." })
            if bindings[head] == nil { bindings[head] = head }
            noteFramework(dotted)
        }
    }

    private mutating func addFromImport(_ statement: Node) {
        guard let moduleNode = statement.child(field: .moduleName) else { return }
        // Relative imports (`from . import x`) name project modules, not frameworks.
        if moduleNode.type == "relative_import" { return }
        let module = Self.canonicalModule(moduleNode.text)
        noteFramework(module)
        var sawName = false
        for name in statement.children(field: .name) {
            sawName = true
            if name.type == "aliased_import" {
                guard let original = name.child(field: .name), let alias = name.child(field: .alias) else { continue }
                bind(alias.text, to: module + "." + original.text)
            } else {
                bind(name.text, to: module + "." + name.text)
            }
        }
        if !sawName {
            statement.forEachChild { child in
                if child.type == "wildcard_import" { wildcardModules.append(module) }
            }
        }
    }

    private static func canonicalModule(_ text: String) -> String {
        canonical(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).joined())
    }

    private mutating func noteFramework(_ qualified: String) {
        let root = qualified.prefix { $0 != "." }
        switch root {
        case "keras", "tensorflow", "tf_keras": frameworks.insert(.keras)
        case "torch", "torchvision": frameworks.insert(.pytorch)
        default: break
        }
    }
}
