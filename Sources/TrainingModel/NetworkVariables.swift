import PythonSyntax

/// The variables that hold networks, each with the scope that binds it, so that a use finds the
/// binding Python would: `model.fit(...)` in one function is not about the `model` that another
/// function built.
///
/// - A plain name belongs to the innermost function around its binding (or to the module) and
///   is seen there and in the functions nested in it; the innermost binding wins. A function
///   that assigns the name (`ScopeIndex`) sees no binding from outside it.
/// - `self` and `self.name` belong to their class and are seen from every method of the class.
/// - Other dotted names (`args.model`) belong to the module.
///
/// Within one scope an extracted network replaces what the name held, and a network Umlaut did
/// not extract (a `compile` receiver, `load_model(...)`) only fills a gap. Scoping also keeps the
/// analysis of one top-level statement from reading the names another binds
/// (Docs/IncrementalAnalysis.md, "The channels between statements").
struct NetworkVariables {
    private struct Binding {
        /// The bytes of the function or class that sees the binding; nil: the module.
        let scope: Range<Int>?
        /// Index into the script's networks; nil: a network Umlaut did not extract.
        var network: Int?
    }

    private let context: AnalysisContext
    private var bindings: [String: [Binding]] = [:]

    init(context: AnalysisContext) {
        self.context = context
    }

    /// Binds `name` at byte `offset` to a network (`nil`: one Umlaut did not extract).
    mutating func bind(_ name: String, at offset: Int, network: Int?) {
        let scope = bindingScope(of: name, at: offset)
        if let existing = bindings[name]?.firstIndex(where: { $0.scope == scope }) {
            if network != nil { bindings[name]![existing].network = network }
        } else {
            bindings[name, default: []].append(Binding(scope: scope, network: network))
        }
    }

    /// What `name` used at byte `offset` holds: nil when no binding of it is in sight, `.some(nil)`
    /// for a network Umlaut did not extract.
    func network(_ name: String, at offset: Int) -> Int?? {
        guard let candidates = bindings[name] else { return nil }
        var best: Binding?
        for binding in candidates {
            guard let scope = binding.scope else {
                if best == nil { best = binding }
                continue
            }
            guard scope.contains(offset) else { continue }
            if let current = best?.scope, current.lowerBound >= scope.lowerBound { continue }
            best = binding
        }
        guard let found = best else { return nil }
        // A function that assigns a plain name holds its own, as in Python: what the module or
        // an enclosing function binds to that name is not seen from it, even when what the
        // function assigns is no network Umlaut knows (`model = load()`).
        if !name.contains("."), name != "self", let function = context.scopes.functionAssigning(name, at: offset),
            found.scope.map({ $0.lowerBound < function.lowerBound }) ?? true
        {
            return nil
        }
        return found.network
    }

    /// Whether `name` used at byte `offset` holds a network.
    func holdsNetwork(_ name: String, at offset: Int) -> Bool {
        network(name, at: offset) != nil
    }

    private func bindingScope(of name: String, at offset: Int) -> Range<Int>? {
        if name == "self" || name.hasPrefix("self.") { return context.enclosingClass(of: offset)?.byteRange }
        if name.contains(".") { return nil }
        // A network that is a function itself (TensorFlow 1 layers) starts where its `def`
        // does: its name is bound in the scope around the definition, not inside it.
        return context.functions.last { $0.byteRange.contains(offset) && $0.startByte < offset }?.byteRange
    }
}
