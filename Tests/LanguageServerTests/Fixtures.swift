import Foundation
import LintCore
import LSPTypes
import PythonSyntax
import TestSupport

/// Scripts and rules the server tests share.
enum Fixtures {
    /// A Keras script with one UM302 finding (`↓` marks where it starts) and a Dense layer
    /// without `activation=` (followed by an activation layer, so correct).
    static let keras = """
        import keras
        from keras import layers

        model = keras.Sequential([
            layers.Dense(32),
            layers.Activation("relu"),
            layers.Dense(64, activation="relu"),
            layers.Dropout(↓0.8),
            layers.Dense(10, activation="softmax"),
        ])
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=0.001))

        """

    /// The script without markers and the byte offsets of its markers.
    static func parse(_ marked: String) -> (code: String, markers: [Int]) { MarkedSource.parse(marked) }

    static let uri = DocumentURI("file:///work/project/train.py")
}

/// A rule for tests that need a safe fix (the built-in rules so far have only unsafe ones):
/// `0.123` is a "magic number" safely replaced by `0.5`.
struct MagicNumberTestRule: Rule {
    static let description = RuleDescription(
        code: "UM901", name: "test-magic-number", summary: "A magic number for tests", defaultSeverity: .info,
        whatItDoes: "Finds 0.123.", whyIsThisBad: "It is a test.", example: "x = 0.123", useInstead: "x = 0.5",
        fixSafety: "Safe: it is a test.", references: [])

    init() {}

    func check(_ context: RuleContext) -> [LintCore.Diagnostic] {
        var found: [LintCore.Diagnostic] = []
        context.tree.root.walk { node in
            if node.type == "float", node.text == "0.123" {
                let span = context.span(node.byteRange)
                found.append(context.diagnostic(
                    Self.self, at: span, summary: "magic number `0.123`", message: "magic number 0.123",
                    fix: Fix(title: "Use 0.5", applicability: .safe, edits: [Edit(range: node.byteRange, replacement: "0.5")])))
            }
            return true
        }
        return found
    }
}

/// A rule that finds nothing, slowly: it keeps an analysis busy for 30 ms so that tests can
/// make edits queue up behind it.
struct SlowTestRule: Rule {
    static let description = RuleDescription(
        code: "UM902", name: "test-slow", summary: "Slow for tests", defaultSeverity: .info,
        whatItDoes: "Nothing.", whyIsThisBad: "It is a test.", example: "", useInstead: "",
        fixSafety: "No fix.", references: [])

    init() {}

    func check(_ context: RuleContext) -> [LintCore.Diagnostic] {
        Thread.sleep(forTimeInterval: 0.03)
        return []
    }
}
