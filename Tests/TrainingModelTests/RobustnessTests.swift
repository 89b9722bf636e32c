import PythonSyntax
import Testing
import TrainingModel

/// Code no one writes by hand but editors and generators produce: the analysis must finish,
/// without exhausting the stack, and still find what it can.
@Suite struct RobustnessTests {
    private func analyze(_ code: String) -> ScriptModel {
        ScriptAnalyzer.analyze(Parser().parse(SourceText(code)))
    }

    @Test func aForwardOfThousandsOfStatements() {
        var code = """
            import torch.nn as nn
            class Net(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.fc = nn.Linear(2, 2)
                def forward(self, x):

            """
        for _ in 0..<3000 { code += "        x = self.fc(x)\n" }
        code += "        return x\n"
        let network = analyze(code).networks.first
        #expect(network?.layers.count == 3000)
    }

    @Test func aFunctionalModelOfThousandsOfLayers() {
        var code = "import keras\ninputs = keras.Input((4,))\nx = inputs\n"
        for index in 0..<3000 { code += "x = keras.layers.Dense(\(index % 7 + 1), activation='relu')(x)\n" }
        code += "model = keras.Model(inputs, x)\n"
        let network = analyze(code).networks.first
        #expect(network?.layers.count == 3001)
        #expect(network?.layers.first?.kind == .input)
    }

    @Test func residualChainsStayLinear() {
        // `x = self.fc(x) + x` doubles the paths at every line; memoisation keeps the trace
        // linear: 150 layers and the 150 merges (`+`) of their output with their input.
        var code = "import torch.nn as nn\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        code += "        self.fc = nn.Linear(2, 2)\n    def forward(self, x):\n"
        for _ in 0..<150 { code += "        x = self.fc(x) + x\n" }
        code += "        return x\n"
        let layers = analyze(code).networks.first?.layers ?? []
        #expect(layers.count == 300)
        #expect(layers.filter { $0.className == "+" }.count == 150)
    }

    @Test func conditionalChainsEndQuickly() {
        // Each line chooses between two paths that differ by a ReLU: both are traced, so the
        // trace recurses; its depth limit ends it with a shorter chain, not a stack overflow.
        var code = "import torch.nn as nn\nimport torch.nn.functional as F\nclass Net(nn.Module):\n"
        code += "    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(2, 2)\n"
        code += "    def forward(self, x, c):\n"
        for _ in 0..<2000 { code += "        x = F.relu(self.fc(x)) if c else self.fc(x)\n" }
        code += "        return x\n"
        let layers = analyze(code).networks.first?.layers ?? []
        #expect(!layers.isEmpty)
        #expect(layers.last?.kind == .other)
    }

    @Test func longArithmeticAndDeepNesting() {
        let sum = Array(repeating: "1", count: 5000).joined(separator: " + ")
        let nested = String(repeating: "(", count: 2000) + "1e-3" + String(repeating: ")", count: 2000)
        let calls = String(repeating: "float(", count: 2000) + "1" + String(repeating: ")", count: 2000)
        let attribute = "torch" + String(repeating: ".x", count: 5000)
        let code = """
            import torch
            A = \(sum)
            B = \(nested)
            C = \(calls)
            opt = torch.optim.SGD(params, lr=A)
            opt2 = torch.optim.SGD(params, lr=B)
            opt3 = torch.optim.SGD(params, lr=C)
            y = \(attribute)(1)
            """
        let model = analyze(code)
        #expect(model.optimizers.count == 3)
        // Values too deep to evaluate are unknown rather than a crash.
        #expect(model.optimizers.allSatisfy { $0.learningRate != nil })
    }

    @Test func selfReferenceAndCycles() {
        let model = analyze(
            """
            import torch
            from torch import nn
            import keras
            x = x
            seq = keras.Sequential([seq, keras.layers.Dense(2)])
            looped = nn.Sequential(*looped)
            class A(B):
                pass
            class B(A):
                def forward(self, x):
                    return self.forward(x)
            class C(nn.Module):
                def forward(self, x):
                    return self.helper(x)
                def helper(self, x):
                    return self.helper(x)
            def block(x):
                return block(block(x))
            inputs = keras.Input((4,))
            m = keras.Model(inputs, block(inputs))
            """)
        #expect(model.networks.map(\.name) == ["seq", "looped", "C", "m"])
    }

    @Test func emptyAndBrokenSources() {
        #expect(analyze("").networks.isEmpty)
        #expect(analyze("import keras\nmodel = keras.Sequential([\n").networks.isEmpty)
        #expect(
            analyze("import keras\nmodel = keras.Sequential([keras.layers.Dense(2)])\nmodel.add(\n").networks.count == 1
        )
        #expect(analyze("class (nn.Module):\n  def forward(self, x) return\n").networks.isEmpty)
    }
}

/// Models nested thousands deep (generated code): the analysis must finish without exhausting
/// the stack; the nesting beyond what it inlines is left unknown.
@Suite struct DeepNestingRobustnessTests {
    private func analyze(_ code: String) -> ScriptModel {
        ScriptAnalyzer.analyze(Parser().parse(SourceText(code)))
    }

    @Test func sequentialsNestedThousandsDeepDoNotExhaustTheStack() {
        let keras =
            "import keras\nmodel = " + String(repeating: "keras.Sequential([", count: 5_000) + "keras.layers.Dense(1)"
            + String(repeating: "])", count: 5_000) + "\n"
        let torch =
            "import torch.nn as nn\nmodel = " + String(repeating: "nn.Sequential(", count: 5_000) + "nn.Linear(1, 1)"
            + String(repeating: ")", count: 5_000) + "\n"
        for code in [keras, torch] {
            let model = analyze(code)
            #expect(!model.networks.isEmpty)
            #expect(model.networks.first?.name == "model")
        }
    }

    @Test func shallowNestedSequentialsAreStillInlined() {
        let code =
            "import keras\nmodel = keras.Sequential([keras.Sequential([keras.Sequential([keras.layers.Dense(1), keras.layers.Dense(2)])])])\n"
        let networks = analyze(code).networks
        #expect(networks.count == 1)
        #expect(networks.first?.layers.count == 2)
    }

    @Test func functionalCallsNestedThousandsDeepAreAChain() {
        let depth = 4_000
        let code =
            "import keras\ninputs = keras.Input(shape=(4,))\nx = "
            + String(repeating: "keras.layers.Dense(4)(", count: depth)
            + "inputs" + String(repeating: ")", count: depth) + "\nmodel = keras.Model(inputs, x)\n"
        #expect(analyze(code).networks.first?.layers.count == depth + 1)
    }
}
