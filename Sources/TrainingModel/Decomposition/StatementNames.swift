import PythonSyntax

/// What one top-level statement can exchange with the others through the analysis: the names it
/// binds at module level and the names it reads. `ScriptDecomposition` joins statements that
/// share such a name. Every fact errs on the side of more: a name too many only joins two
/// statements that could have been analysed apart.
package struct StatementNames: Hashable, Sendable {
    package enum Kind: Hashable, Sendable {
        /// `import` / `from … import` at module level: part of every group.
        case `import`
        /// `def`, `class` (decorated or not).
        case definition
        /// Anything else, `ERROR` nodes included (their facts are what their parse shows: a
        /// piece whose parse on its own differs from the script's gets every name it holds as
        /// bound, see `DecomposedAnalyzer.names`).
        case other
        /// A comment: nothing to analyse.
        case comment
        /// An expression statement with no call, assignment, lambda, comprehension, `await` or
        /// `yield` in it (`x`, a docstring, `a.b + 1`): the analysis records nothing of it and
        /// reads nothing from it, so it belongs to no group (a name being typed on a new line is
        /// one, and does not change the environment).
        case inert
    }

    package var kind: Kind
    /// Names bound in the module's scope as the analysis sees it (`ScopeIndex` counts a class
    /// body as the module's; `NetworkResolver` finds methods and nested functions by bare name).
    package var binds: Set<String> = []
    /// Every identifier in the statement, attribute names included.
    package var reads: Set<String> = []
    /// For a function definition: the names its body assigns in its own scope (as `ScopeIndex`
    /// records assignments, not declared `global` or `nonlocal`). Python makes them local, and
    /// so do the passes (`ScopeIndex` looks in the innermost scope that assigns a name,
    /// `NetworkVariables` does not see past a function that assigns it): a module-level binding
    /// of such a name cannot change what the analysis finds in the function. Empty otherwise.
    package var locals: Set<String> = []
    /// Whether the analysis reads it from anywhere in the script, whatever the names: a model
    /// scaling (`Rescaling`, `preprocess_input`: every Keras dataset fitted counts it) or an
    /// import inside a block (the script's frameworks).
    package var isGlobal = false

    /// Names whose use makes a statement global (see `isGlobal`), beside the Keras applications
    /// that rescale their inputs themselves (`DataCatalog.appliesOwnPreprocessing`).
    static let scalingNames: Set<String> = DataCatalog.scalingLayers.union(["preprocess_input"])

    static func isScalingName(_ name: Substring) -> Bool {
        scalingNames.contains(String(name))
            || ["EfficientNet", "ConvNeXt", "RegNet", "MobileNetV3"].contains { name.hasPrefix($0) }
    }

    /// The facts of the top-level statement `node`.
    package init(_ node: Node) {
        switch node.kind {
        case .importStatement, .importFromStatement:
            kind = .import
        case .comment:
            kind = .comment
            return
        case .functionDefinition, .classDefinition, .decoratedDefinition:
            kind = .definition
        default:
            kind = node.type == "future_import_statement" ? .import : .other
        }
        var reads: Set<String> = []
        var binds: Set<String> = []
        var isGlobal = false
        node.walk { child in
            switch child.kind {
            case .identifier:
                let name = child.text
                reads.insert(name)
                if Self.isScalingName(Substring(name)) { isGlobal = true }
                return false
            case .importStatement, .importFromStatement:
                if kind != .import { isGlobal = true }
            default:
                if child.type == "future_import_statement" { isGlobal = true }
            }
            return true
        }
        if kind == .import {
            binds = Self.importedNames(node)
        } else if node.kind == .matchStatement {
            // A `match`'s patterns bind names in ways not worth spelling out here: every name is
            // taken as bound.
            binds = reads
        } else {
            Self.collectBindings(node, topLevel: true, into: &binds)
        }
        self.binds = binds
        self.reads = reads
        self.isGlobal = isGlobal
        if kind == .definition { locals = Self.functionLocals(node) }
        if node.kind == .expressionStatement, !node.hasError, Self.isInert(node) { kind = .inert }
    }

    private static let activeTypes: Set<String> = [
        "named_expression", "lambda", "for_in_clause", "await", "yield",
    ]

    static func isInert(_ node: Node) -> Bool {
        var inert = true
        node.walk { child in
            switch child.kind {
            case .call, .assignment, .augmentedAssignment, .error:
                inert = false
            default:
                if activeTypes.contains(child.type) { inert = false }
            }
            return inert
        }
        return inert
    }

    /// The names an import statement binds: `np` for `import numpy as np`, `torch` for
    /// `import torch.nn`, `Dense` for `from keras.layers import Dense`; `*` binds unknown names,
    /// recorded as "*".
    static func importedNames(_ node: Node) -> Set<String> {
        var names: Set<String> = []
        for child in node.namedChildren {
            if node.kind == .importFromStatement, child == node.child(field: .moduleName) { continue }
            switch child.type {
            case "aliased_import":
                if let alias = child.child(field: .alias) { names.insert(alias.text) }
            case "dotted_name":
                if let first = child.text.split(separator: ".").first { names.insert(String(first)) }
            case "wildcard_import":
                names.insert("*")
            default:
                continue
            }
        }
        return names
    }

    /// The names `node` binds in the module's scope. Inside a function body only `global`
    /// declarations and nested definitions' names count; elsewhere (module-level blocks, class
    /// bodies) every target of an assignment, loop, `with`, `except … as`, walrus, `del` or
    /// nested import does.
    private static func collectBindings(_ node: Node, topLevel: Bool, into binds: inout Set<String>) {
        node.walk { child in
            switch child.kind {
            case .functionDefinition, .classDefinition:
                if let name = child.child(field: .name) { binds.insert(name.text) }
                if child.kind == .functionDefinition, let body = child.child(field: .body) {
                    collectFunctionBody(body, into: &binds)
                    return false
                }
                return true
            case .assignment, .augmentedAssignment:
                if let left = child.child(field: .left) { targets(left, into: &binds) }
                return true
            case .forStatement:
                if let left = child.child(field: .left) { targets(left, into: &binds) }
                return true
            case .importStatement, .importFromStatement:
                binds.formUnion(importedNames(child))
                return false
            case .call:
                // `model.compile(...)` and `model.parameters()` make `model` a network variable of
                // the module (`NetworkVariables`), `model.fit(...)` a fitted name (an `evaluate`
                // at module level counts on it), and a `Sequential(...)` bound to no name makes
                // a network called "Sequential".
                if let function = child.child(field: .function) {
                    if function.kind == .attribute, let object = function.child(field: .object),
                        object.kind == .identifier,
                        ["compile", "parameters", "named_parameters", "fit", "fit_generator"].contains(
                            function.child(field: .attribute)?.text)
                    {
                        binds.insert(object.text)
                    }
                    let callee = function.kind == .attribute ? function.child(field: .attribute) : function
                    if let callee, ["Sequential", "Model"].contains(callee.text), child.parent?.kind != .assignment {
                        binds.insert(callee.text)
                    }
                }
                return true
            default:
                switch child.type {
                case "as_pattern", "named_expression", "delete_statement", "global_statement", "nonlocal_statement",
                    "for_in_clause", "except_clause":
                    // Their targets are identifiers among their children (`as` aliases, the
                    // walrus's name, `del` targets); taking every identifier directly below
                    // errs on the side of more.
                    for grandchild in child.namedChildren where grandchild.kind == .identifier {
                        binds.insert(grandchild.text)
                    }
                    if child.type == "as_pattern", let alias = child.child(field: .alias) {
                        targets(alias, into: &binds)
                    }
                default:
                    break
                }
                return true
            }
        }
    }

    /// Inside a function: only `global` names and the names of nested definitions reach the
    /// module (the latter because `NetworkResolver` looks functions up by bare name).
    private static func collectFunctionBody(_ body: Node, into binds: inout Set<String>) {
        body.walk { child in
            switch child.kind {
            case .functionDefinition, .classDefinition:
                if let name = child.child(field: .name) { binds.insert(name.text) }
            default:
                if child.type == "global_statement" {
                    for name in child.namedChildren where name.kind == .identifier { binds.insert(name.text) }
                }
            }
            return true
        }
    }

    /// The names a top-level function definition (decorated or not) assigns in its own scope,
    /// as `ScopeIndex` records them, minus the names it declares `global` or `nonlocal`.
    private static func functionLocals(_ node: Node) -> Set<String> {
        let definition = node.kind == .decoratedDefinition ? node.child(field: .definition) : node
        guard let definition, definition.kind == .functionDefinition else { return [] }
        let assigned = ScopeIndex(root: node).namesAssigned(inFunctionStartingAt: definition.startByte)
        guard !assigned.isEmpty else { return [] }
        var declared: Set<String> = []
        definition.walk { child in
            if child.type == "global_statement" || child.type == "nonlocal_statement" {
                for name in child.namedChildren where name.kind == .identifier { declared.insert(name.text) }
                return false
            }
            // Nested functions declare for themselves.
            return child == definition || child.kind != .functionDefinition
        }
        return assigned.subtracting(declared)
    }

    /// The names an assignment target binds: identifiers, and the head of an attribute or
    /// subscript (`cfg.lr = …` and `x[0] = …` change what `cfg` and `x` hold).
    /// Deeper than `maximumDepth` (generated code), every identifier below counts as bound.
    private static func targets(_ node: Node, into binds: inout Set<String>, depth: Int = 0) {
        guard depth < maximumDepth else {
            node.walk { child in
                if child.kind == .identifier { binds.insert(child.text) }
                return true
            }
            return
        }
        switch node.kind {
        case .identifier:
            binds.insert(node.text)
        case .attribute:
            if let object = node.child(field: .object) { targets(object, into: &binds, depth: depth + 1) }
            // `self.model` is the analysis's own name for the attribute.
            binds.insert(node.text)
        default:
            if node.type == "subscript", let value = node.child(field: .value) {
                targets(value, into: &binds, depth: depth + 1)
                return
            }
            for child in node.namedChildren { targets(child, into: &binds, depth: depth + 1) }
        }
    }

    static let maximumDepth = 64
}
