import PythonSyntax

/// Works out what a training script builds: the entry point of this module.
///
/// Runs a fixed sequence of passes over one shared `AnalysisContext`. Each pass fills some
/// fields of `ScriptModel` and may read what earlier passes filled:
///
/// 1. `NetworkExtraction`: networks and their layers (Keras and PyTorch).
/// 2. `TrainingSetupExtraction`: losses, optimizers, `compile` calls, PyTorch training steps.
/// 3. `DataExtraction`: datasets, scaling, `fit` calls and where their data comes from.
///
/// Never fails: broken or unusual code yields a smaller model, never an error.
package enum ScriptAnalyzer {
    /// `linksLoneNetwork`: see `TrainingSetupExtractor.linksLoneNetwork`.
    package static func analyze(_ tree: SyntaxTree, linksLoneNetwork: Bool = true) -> ScriptModel {
        let context = AnalysisContext(tree: tree)
        var model = ScriptModel()
        model.frameworks = context.imports.frameworks.sorted()
        // A cancelled task (the language server's analysis of a version the user has already
        // replaced) stops between passes: its partial model is dropped by the caller.
        NetworkExtraction.run(context, into: &model)
        if Task.isCancelled { return model }
        TrainingSetupExtraction.run(context, into: &model, linksLoneNetwork: linksLoneNetwork)
        if Task.isCancelled { return model }
        DataExtraction.run(context, into: &model)
        return model
    }
}

/// What every pass needs: the tree, imports, assignments, a constant evaluator, and the
/// script's calls, classes and functions collected in one walk.
///
/// Lives for one `ScriptAnalyzer.analyze` call and is used from that call's thread only (it
/// caches resolved names as the passes ask for them).
package final class AnalysisContext {
    package let tree: SyntaxTree
    package var source: SourceText { tree.source }
    package let imports: ImportTable
    package let scopes: ScopeIndex
    package let constants: ConstantEvaluator
    /// Every `call` node, in source order.
    package let calls: [Node]
    /// Every `class_definition`, in source order.
    package let classes: [Node]
    /// Every `function_definition` (methods included), in source order.
    package let functions: [Node]

    package init(tree: SyntaxTree) {
        self.tree = tree
        let root = tree.root
        imports = ImportTable(root: root)
        scopes = ScopeIndex(root: root)
        constants = ConstantEvaluator(scopes: scopes)
        var calls: [Node] = []
        var classes: [Node] = []
        var functions: [Node] = []
        root.walk { node in
            switch node.kind {
            case .call: calls.append(node)
            case .classDefinition: classes.append(node)
            case .functionDefinition: functions.append(node)
            case .string, .comment, .integer, .float, .identifier: return false
            default: break
            }
            return true
        }
        self.calls = calls
        self.classes = classes
        self.functions = functions
    }

    package func span(_ node: Node) -> SourceSpan { SourceSpan(node) }

    /// Qualified names by node (range and symbol), since the passes resolve the same callees
    /// many times and building a dotted name allocates.
    private var qualifiedNames: [NodeKey: String?] = [:]
    /// Resolved names by the dotted text as written: a script writes the same few
    /// (`layers.Dense`) at many places, and resolving one builds and canonicalises a string.
    private var resolvedNames: [String: String] = [:]

    private struct NodeKey: Hashable {
        let start: Int
        let end: Int
        let symbol: UInt16
    }

    /// The canonical qualified name of a dotted expression (see `ImportTable`).
    package func qualifiedName(of node: Node) -> String? {
        let key = NodeKey(start: node.startByte, end: node.endByte, symbol: node.symbol)
        if let known = qualifiedNames[key] { return known }
        let resolved = ImportTable.dottedName(node).map { dotted in
            if let known = resolvedNames[dotted] { return known }
            let resolved = imports.resolve(dotted)
            resolvedNames[dotted] = resolved
            return resolved
        }
        qualifiedNames[key] = resolved
        return resolved
    }

    /// The canonical qualified name of what a call calls, or nil if it is not a dotted name.
    package func calleeName(of call: Node) -> String? {
        call.child(field: .function).flatMap { qualifiedName(of: $0) }
    }

    /// The arguments of a call, evaluated. `*args` and `**kwargs` are left out.
    package func arguments(of call: Node) -> [Argument] {
        guard let list = call.child(field: .arguments), list.kind == .argumentList else { return [] }
        var result: [Argument] = []
        var position = 0
        for child in list.namedChildren {
            switch child.kind {
            case .comment, .listSplat, .dictionarySplat:
                continue
            case .keywordArgument:
                guard let name = child.child(field: .name), let value = child.child(field: .value) else { continue }
                result.append(
                    Argument(
                        keyword: name.text, position: nil, value: constants.evaluate(value),
                        text: value.text, span: span(child), valueSpan: span(value)))
            default:
                result.append(
                    Argument(
                        keyword: nil, position: position, value: constants.evaluate(child),
                        text: child.text, span: span(child), valueSpan: span(child)))
                position += 1
            }
        }
        return result
    }
}
