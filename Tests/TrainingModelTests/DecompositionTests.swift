import Foundation
import PythonSyntax
import Testing

@testable import TrainingModel

/// `ScriptDecomposition` and `DecomposedAnalyzer`: the groups a script splits into, and the
/// promise that analysing it group by group gives the full analysis's model, on every script we
/// have (fixtures, Examples, every `.py` of the realworld corpus when it is there) and after
/// edits that leave most groups as they were.
@Suite struct DecompositionTests {
    static func names(_ code: String) -> [StatementNames] {
        let tree = Parser().parse(SourceText(code))
        return tree.root.children.map { StatementNames($0) }
    }

    @Test func independentFunctionsAreGroupsAndConstantsTheEnvironment() {
        let code = """
            import keras
            from keras import layers
            RATE = 0.3
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            x_train = x_train / 255.0

            def build_a():
                model = keras.Sequential([layers.Dense(10), layers.Dropout(RATE)])
                return model

            def build_b():
                model = keras.Sequential([layers.Dense(3)])
                return model

            model_a = build_a()
            model_a.fit(x_train, y_train)
            # a comment
            """
        let decomposition = ScriptDecomposition(Self.names(code))
        #expect(decomposition.environment == [0, 1, 2, 3, 4])
        // `build_a` with the statements that use what it makes; `build_b` alone.
        #expect(decomposition.groups == [[5, 7, 8], [6]])
        // `build_a` reads `RATE` and its group `x_train` (bound twice, so both statements);
        // `build_b` reads neither, so it is analysed with the imports alone.
        #expect(decomposition.groupEnvironments == [[0, 1, 2, 3, 4], [0, 1]])
        #expect(decomposition.unreachedEnvironment == nil)
    }

    @Test func aScalingLayerOrAnImportInsideABlockGoesToEveryGroup() {
        let code = """
            from keras.layers import Rescaling as R
            import keras

            def preprocessing():
                return R(1 / 255)

            def build():
                return keras.Sequential([keras.layers.Dense(3)])

            def other():
                import torch
                return torch.zeros(1)

            def last():
                return 1
            """
        let decomposition = ScriptDecomposition(Self.names(code))
        #expect(decomposition.environment == [0, 1, 2, 4])
        #expect(decomposition.groups == [[3], [5]])
        // Imports and global statements go with every group.
        #expect(decomposition.groupEnvironments == [[0, 1, 2, 4], [0, 1, 2, 4]])
    }

    /// A name typed on a new line, a docstring: no group, and the environment stays as it was.
    @Test func inertExpressionsBelongToNoGroup() {
        let code = """
            \"\"\"A module.\"\"\"
            import keras
            RATE = 0.3
            RAT

            def a():
                return RATE

            def b():
                return 1
            print(RATE)
            """
        let names = Self.names(code)
        #expect(names.map(\.kind) == [.inert, .import, .other, .inert, .definition, .definition, .other])
        let decomposition = ScriptDecomposition(names)
        #expect(decomposition.environment == [1, 2, 6])
        #expect(decomposition.groups == [[4], [5]])
        // `print(RATE)` reads the name `a` reads, so it goes with `a` (it could change what
        // `RATE` holds, as `model.compile(...)` changes a model).
        #expect(decomposition.groupEnvironments == [[1, 2, 6], [1]])
    }

    /// Environment statements that no group reads are analysed as one more part, with the
    /// imports; parts join through the names they bind, not through names only imports bind.
    @Test func environmentStatementsNoGroupReadsAreAPartOfTheirOwn() {
        let code = """
            import keras
            EPOCHS = 3
            model = keras.Sequential([keras.layers.Dense(2)])
            model.compile(loss="mse", optimizer="adam")
            SEED = 1

            def a():
                return keras.Sequential([keras.layers.Dense(EPOCHS)])

            def b():
                return keras.Sequential([keras.layers.Dense(SEED)])
            """
        let decomposition = ScriptDecomposition(Self.names(code))
        #expect(decomposition.environment == [0, 1, 2, 3, 4])
        #expect(decomposition.groups == [[5], [6]])
        #expect(decomposition.groupEnvironments == [[0, 1], [0, 4]])
        #expect(decomposition.unreachedEnvironment == [0, 2, 3])
    }

    /// A function's locals do not touch the module-level statements binding the same names: an
    /// `x` typed after a `def` line that turns its body into module-level lines (`model = ...`)
    /// changes only the groups that read those names from the module.
    @Test func aFunctionsLocalsDoNotReachTheModulesNames() {
        let code = """
            import keras
            model = keras.Sequential([keras.layers.Dense(2)])
            x = 3

            def own():
                a, x = 1, 2
                model = keras.Sequential([keras.layers.Dense(x)])
                model.compile(loss="mse")
                return model

            def reads():
                return model
            """
        let names = Self.names(code)
        #expect(names[3].locals == ["a", "x", "model"])
        #expect(names[4].locals == [])
        let decomposition = ScriptDecomposition(names)
        #expect(decomposition.groups == [[3], [4]])
        // `own` assigns both names itself: the imports alone. `reads` reads the module's `model`.
        #expect(decomposition.groupEnvironments == [[0], [0, 1]])
        #expect(decomposition.unreachedEnvironment == [0, 2])
        // A name declared `global` is the module's.
        let declared = Self.names(
            """
            def declares():
                global x
                x = 2
                y = 1
            """)
        #expect(declared[0].locals == ["y"])
    }

    @Test func namesBoundInBlocksAndClassBodiesAreTheModules() {
        let names = Self.names(
            """
            if True:
                model = make()
            for epoch, (x, y) in enumerate(data):
                pass
            with open(path) as handle:
                pass
            class Net:
                size = 3
                def forward(self, x):
                    hidden = x
                    return hidden
            def outer():
                global counter
                def inner():
                    pass
            """)
        #expect(names[0].binds == ["model"])
        #expect(names[1].binds == ["epoch", "x", "y"])
        #expect(names[2].binds == ["handle"])
        #expect(names[3].binds == ["Net", "size", "forward"])
        #expect(names[4].binds == ["outer", "counter", "inner"])
    }

    /// Generated code thousands deep (here an assignment target) is no reason to fail: the names
    /// below the depth limit all count as bound.
    @Test func deepTargetsAreBoundWithoutDeepRecursion() {
        let depth = 3_000
        let target = String(repeating: "(", count: depth) + "a," + String(repeating: "),", count: depth - 1) + ")"
        let names = Self.names("\(target) = make()\n")
        #expect(names.first?.binds.contains("a") == true)
        let code = "import keras\n\(target) = make()\ndef f():\n    return a\ndef g():\n    return 1\n"
        let tree = Parser().parse(SourceText(code))
        let analyzer = DecomposedAnalyzer()
        if let decomposed = analyzer.analyze(tree) ?? analyzer.analyze(tree) {
            #expect(decomposed == ScriptAnalyzer.analyze(tree))
        }
    }

    // MARK: The promise: the same model as the full analysis

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let scripts: [String] = {
        let manager = FileManager.default
        func python(under directory: URL) -> [String] {
            guard let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
            return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "py" }.map(\.path).sorted()
        }
        let corpus =
            ProcessInfo.processInfo.environment["UMLAUT_REALWORLD"]
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/realworld")
            .standardizedFileURL.path
        return python(under: repository.appendingPathComponent("Examples"))
            + python(under: repository.appendingPathComponent("Tests/TrainingModelTests/Fixtures"))
            + python(under: URL(fileURLWithPath: corpus))
    }()

    @Test func groupByGroupEqualsTheFullAnalysis() throws {
        #expect(Self.scripts.count > 30)
        var split = 0
        for path in Self.scripts {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let tree = Parser().parse(SourceText(text))
            let full = ScriptAnalyzer.analyze(tree)
            let analyzer = DecomposedAnalyzer()
            // The first time every group is new: the analyzer leaves a script it has not seen
            // to the full analysis, and splits it when it comes again unchanged.
            guard let decomposed = analyzer.analyze(tree) ?? analyzer.analyze(tree) else { continue }
            split += 1
            #expect(Self.same(decomposed, full), "\(path)")
            // Again, with every group kept: the same model, nothing analysed.
            #expect(Self.same(analyzer.analyze(tree), full), "\(path), second time")
            #expect(analyzer.lastAnalysed == 0, "\(path)")
        }
        print("decomposition: \(split) of \(Self.scripts.count) scripts split into groups")
        #expect(split > 0)
    }

    /// Equal models, or models whose every field prints the same: a learning rate of
    /// `float("nan")` (odd_code.py) is not equal to itself.
    static func same(_ model: ScriptModel?, _ other: ScriptModel) -> Bool {
        guard let model else { return false }
        return model == other || String(reflecting: model) == String(reflecting: other)
    }

    /// Keras imports and six functions that each build a one-layer model: six groups.
    static let sixModels =
        "import keras\nfrom keras import layers\n"
        + (0..<6).map { "def build_\($0)():\n    return keras.Sequential([layers.Dense(\($0 + 1))])\n" }
        .joined(separator: "\n")

    /// The server's order: a document's first analysis is the full one (the analyzer is not
    /// prepared yet), `prepare` then analyses its groups, and the next edit analyses only its
    /// own group. A new analyzer's `analyze` declines a script whose groups are all new.
    @Test func preparedGroupsServeTheFirstEdit() throws {
        var text = Self.sixModels
        let parser = Parser()
        let declining = DecomposedAnalyzer()
        #expect(declining.analyze(parser.parse(SourceText(text))) == nil && declining.waitsForGroups)
        let analyzer = DecomposedAnalyzer()
        #expect(!analyzer.isPrepared)
        analyzer.prepare(parser.parse(SourceText(text)))
        #expect(analyzer.isPrepared && !analyzer.waitsForGroups && analyzer.lastAnalysed == 6)
        text = text.replacingOccurrences(of: "Dense(3)", with: "Dense(30)")
        let tree = parser.parse(SourceText(text))
        #expect(analyzer.analyze(tree) == ScriptAnalyzer.analyze(tree))
        #expect(analyzer.lastAnalysed == 1 && analyzer.lastReused == 5)
    }

    /// The language server's edits leave new groups to `prepare`: asked to, `analyze` declines
    /// while most groups are new, even with the environment unchanged, and serves the edits
    /// once `prepare` has analysed them.
    @Test func editsLeaveNewGroupsToPrepare() throws {
        let text = Self.sixModels
        let parser = Parser()
        let analyzer = DecomposedAnalyzer()
        let tree = parser.parse(SourceText(text))
        for _ in 0..<2 {
            #expect(analyzer.analyze(tree, leavingNewGroupsToPrepare: true) == nil)
            #expect(analyzer.lastDeclined == "most groups changed" && analyzer.waitsForGroups)
            #expect(analyzer.lastAnalysed == 0)
        }
        // Without the flag, the second call with the same environment analyses them.
        let plain = DecomposedAnalyzer()
        #expect(plain.analyze(tree) == nil)
        #expect(plain.analyze(tree) == ScriptAnalyzer.analyze(tree) && plain.lastAnalysed == 6)
        analyzer.prepare(tree)
        #expect(!analyzer.waitsForGroups && analyzer.lastAnalysed == 6)
        let edited = parser.parse(SourceText(text.replacingOccurrences(of: "Dense(3)", with: "Dense(30)")))
        #expect(analyzer.analyze(edited, leavingNewGroupsToPrepare: true) == ScriptAnalyzer.analyze(edited))
        #expect(analyzer.lastAnalysed == 1 && analyzer.lastReused == 5)
    }

    /// An edit of an environment statement analyses again only the groups that reach it: a
    /// constant one function reads, and a character typed after a `def` line, which the parser
    /// takes as a one-line function followed by module-level statements (the function's body,
    /// which binds `model`) that no other function reads.
    @Test func anEnvironmentEditAnalysesOnlyTheGroupsThatReachIt() throws {
        let original =
            "RATE = 0.3\n" + Self.sixModels.replacingOccurrences(of: "Dense(4)", with: "Dense(4), layers.Dropout(RATE)")
        let parser = Parser()
        let analyzer = DecomposedAnalyzer()
        analyzer.prepare(parser.parse(SourceText(original)))
        #expect(analyzer.lastAnalysed == 6)
        let rate = parser.parse(SourceText(original.replacingOccurrences(of: "RATE = 0.3", with: "RATE = 0.8")))
        #expect(analyzer.analyze(rate, leavingNewGroupsToPrepare: true) == ScriptAnalyzer.analyze(rate))
        #expect(analyzer.lastAnalysed == 1 && analyzer.lastReused == 5)

        let body = """
            import keras
            from keras import layers

            def build_0(units=32):
                model = keras.Sequential([layers.Dense(units), layers.Dense(10, activation="softmax")])
                model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
                return model

            """
        let script =
            body
            + (1..<6).map { "def build_\($0)():\n    return keras.Sequential([layers.Dense(\($0))])\n" }
            .joined(separator: "\n")
        let typed = script.replacingOccurrences(of: "def build_0(units=32):", with: "def build_0(units=32):x")
        let recovered = parser.parse(SourceText(typed))
        let other = DecomposedAnalyzer()
        other.prepare(parser.parse(SourceText(script)))
        let model = other.analyze(recovered, leavingNewGroupsToPrepare: true)
        #expect(model == ScriptAnalyzer.analyze(recovered), "\(other.lastDeclined ?? "")")
        // The one-line `build_0` and the lines that were its body are one piece (they start
        // indented, not at a line's start), an environment statement binding `model` that no
        // function reads: analysed as a part of its own, and the five functions' groups kept.
        #expect(other.lastAnalysed == 1 && other.lastReused == 5)
    }

    /// Lines the parser cannot place can make the whole tree an `ERROR` node, under which the
    /// full analysis reads nothing: the analyzer declines, since its groups would parse as
    /// modules and read their imports.
    @Test func aScriptWhoseRootIsAnErrorIsLeftToTheFullAnalysis() throws {
        let script =
            "        inner_pbar = tqdm.tqdm(\n        fsdp_loss[1] += len(batch)\n        if rank==0:\n"
            + "    if rank == 0:\n    if rank == 0:\n                batch[ke[y] = batch[key].to(local_rank)\n"
            + "            if rank==0:\n    if rank == 0:\n" + Self.sixModels
        let parser = Parser()
        let tree = parser.parse(SourceText(script))
        #expect(tree.root.type == "ERROR" && !tree.rootIsModule)
        #expect(parser.parse(SourceText(Self.sixModels)).rootIsModule)
        let analyzer = DecomposedAnalyzer()
        analyzer.prepare(parser.parse(SourceText(Self.sixModels)))
        #expect(analyzer.analyze(tree) == nil)
        #expect(analyzer.lastDeclined == "the script is not a module")
        #expect(ScriptAnalyzer.analyze(tree).frameworks.isEmpty)
    }

    /// A character typed in one function and deleted again (the server answers the deletion
    /// from its recent results, without analysing), then one typed in another: the first
    /// function's group is still known, so only the second's is analysed.
    @Test func aGroupTypedInAndRestoredIsStillKnown() throws {
        let original = Self.sixModels
        let parser = Parser()
        let analyzer = DecomposedAnalyzer()
        analyzer.prepare(parser.parse(SourceText(original)))
        let first = original.replacingOccurrences(of: "Dense(2)", with: "Dense(2x)")
        _ = analyzer.analyze(parser.parse(SourceText(first)))
        #expect(analyzer.lastAnalysed == 1)
        let second = original.replacingOccurrences(of: "Dense(5)", with: "Dense(5x)")
        let tree = parser.parse(SourceText(second))
        #expect(analyzer.analyze(tree) == ScriptAnalyzer.analyze(tree))
        #expect(analyzer.lastAnalysed == 1 && analyzer.lastReused == 5)
    }

    /// Edits that move and change statements: each result equals the full analysis of the new
    /// text, and the groups an edit did not touch are reused.
    @Test func afterEditsTheKeptGroupsGiveTheFullAnalysis() throws {
        var text = """
            import keras
            from keras import layers
            RATE = 0.3
            (x_train, y_train), _ = keras.datasets.mnist.load_data()

            def build_a(units=64):
                model = keras.Sequential([layers.Dense(units, activation="relu"), layers.Dense(10, activation="softmax")])
                model.compile(loss="categorical_crossentropy", optimizer="adam")
                return model

            def build_b():
                model = keras.Sequential([layers.Dense(3), layers.Dense(3)])
                model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.1))
                return model

            model_a = build_a()
            model_a.fit(x_train, y_train)
            model_b = build_b()
            model_b.fit(x_train, y_train, epochs=3)
            """
        let analyzer = DecomposedAnalyzer()
        let edits: [(String, String)] = [
            ("Dense(3), layers.Dense(3)", "Dense(3), layers.Dense(4)"),
            ("RATE = 0.3\n", "RATE = 0.3\n# a new line above everything\n\n"),
            ("units=64", "units=128"),
            ("epochs=3", "epochs=30"),
            ("model_a = build_a()", "model_a = build_a(  )"),
            ("def build_b():", "def build_b(:"),
            ("def build_b(:", "def build_b():"),
        ]
        for (old, new) in edits {
            let range = try #require(text.range(of: old))
            text.replaceSubrange(range, with: new)
            let tree = Parser().parse(SourceText(text))
            let full = ScriptAnalyzer.analyze(tree)
            if let decomposed = analyzer.analyze(tree) {
                #expect(decomposed == full, "after \(old) → \(new)")
            }
        }
        // The last edit restored `build_b`: `build_a`'s group was kept, and so was the part of
        // the environment no group reads (`RATE = 0.3`).
        #expect(analyzer.lastAnalysed <= 1 && analyzer.lastAnalysed + analyzer.lastReused == 3)
    }
}
