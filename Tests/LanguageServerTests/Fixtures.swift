import Foundation
import LSPTypes
import LintCore
import PythonSyntax
import Synchronization
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
                found.append(
                    context.diagnostic(
                        Self.self, at: span, summary: "magic number `0.123`", message: "magic number 0.123",
                        fix: Fix(
                            title: "Use 0.5", applicability: .safe,
                            edits: [Edit(range: node.byteRange, replacement: "0.5")])))
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

/// Lets a test hold an analysis in the middle of its work, to see what the server does
/// meanwhile without depending on timing: `GatedTestRule` waits, on the analysis's thread, while
/// the text it checks names a gate (`marker`) that is not open, and returns early when its task
/// is cancelled.
final class AnalysisGate: Sendable {
    private static let registry = Mutex<[String: AnalysisGate]>([:])
    private struct State {
        var open = false
        var entered = 0
        var cancelled = 0
    }

    private let state = Mutex(State())
    let name = UUID().uuidString

    init() {
        Self.registry.withLock { $0[name] = self }
    }

    /// A comment line that puts a text behind this gate.
    var marker: String { "# gate: \(name)\n" }
    /// How many analyses reached the gate, and how many of them were cancelled while waiting.
    var entered: Int { state.withLock { $0.entered } }
    var cancelled: Int { state.withLock { $0.cancelled } }
    var isOpen: Bool { state.withLock { $0.open } }

    func open() { state.withLock { $0.open = true } }

    /// The gate named on a text's first line, if any.
    static func gate(in source: SourceText) -> AnalysisGate? {
        let text = source.text(in: 0..<min(source.bytes.count, 64))
        guard text.hasPrefix("# gate: "), let range = text.range(of: "# gate: ") else { return nil }
        let name = String(text[range.upperBound...].prefix { $0 != "\n" })
        return registry.withLock { $0[name] }
    }

    /// Called by the rule: waits until the gate opens or the task is cancelled.
    func pass() {
        state.withLock { $0.entered += 1 }
        while !isOpen {
            if Task.isCancelled {
                state.withLock { $0.cancelled += 1 }
                return
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    /// Waits until `count` analyses reached the gate (or were cancelled at it, for `cancelled`).
    func wait(entered count: Int = 1, cancelled: Int = 0) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while entered < count || self.cancelled < cancelled {
            guard ContinuousClock.now < deadline else { throw TestClientError.timeout("the analysis gate") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// A rule that finds nothing and waits at the `AnalysisGate` its text names.
struct GatedTestRule: Rule {
    static let description = RuleDescription(
        code: "UM903", name: "test-gated", summary: "Held by a test", defaultSeverity: .info,
        whatItDoes: "Nothing.", whyIsThisBad: "It is a test.", example: "", useInstead: "",
        fixSafety: "No fix.", references: [])

    init() {}

    func check(_ context: RuleContext) -> [LintCore.Diagnostic] {
        AnalysisGate.gate(in: context.source)?.pass()
        return []
    }
}
