import Foundation
import Testing

/// Generated code that used to crash `umlaut check` (a stack overflow, exit 139) or take
/// quadratic time and print one long line per finding.
@Suite struct DeepNestingTests {
    @Test(arguments: [
        "import keras\nmodel = " + String(repeating: "keras.Sequential([", count: 4_000) + "keras.layers.Dense(1)"
            + String(repeating: "])", count: 4_000) + "\n",
        "import torch.nn as nn\nmodel = " + String(repeating: "nn.Sequential(", count: 4_000) + "nn.Linear(1, 1)"
            + String(repeating: ")", count: 4_000) + "\n",
    ])
    func deeplyNestedSequentialsDoNotCrashCheck(code: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("deep.py", code)
        let result = try Umlaut.run(["check", "deep.py"], in: scratch.path)
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
    }

    @Test func findingsOnALongGeneratedLineShowAWindowOfIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let depth = 2_000
        let code =
            "import keras\ninputs = keras.Input(shape=(4,))\nx = "
            + String(repeating: "keras.layers.Dense(4)(", count: depth)
            + "inputs" + String(repeating: ")", count: depth) + "\nmodel = keras.Model(inputs, x)\n"
        try scratch.write("deep.py", code)
        let result = try Umlaut.run(["check", "deep.py"], in: scratch.path)
        #expect(result.status == 1)
        let findings = result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("deep.py:3:") }
        #expect(findings.count > 100)
        // Every snippet line is cut to a window (160 characters, "…" and the gutter), however
        // long the source line (about 45,000 characters).
        let longest =
            result.stdout.components(separatedBy: "\n").filter { !$0.hasPrefix("deep.py:") }.map(\.count).max() ?? 0
        #expect(longest < 200)
        #expect(result.stdout.contains("…"))
        // The caret still points into the window: under `Dense(4)` of the finding's column.
        let lines = result.stdout.components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix("deep.py:3:") }), index + 4 < lines.count {
            let source = lines[index + 4]
            let caret = lines[index + 5]
            let column = try #require(caret.firstIndex(of: "^")).utf16Offset(in: caret)
            let underlined = String(Array(source)[column...].prefix(8))
            #expect(underlined.hasPrefix("keras.la") || underlined.hasPrefix("Dense(4)"), "\(source)\n\(caret)")
        }
    }
}
