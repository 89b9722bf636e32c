import Foundation
import PythonSyntax
import Testing

@testable import TrainingModel

/// Edge cases of the shared analysis pieces this pass relies on: constants, imports, values.
@Suite struct ConstantAndImportTests {
    private func value(of name: String, in code: String) -> Value {
        let tree = Parser().parse(SourceText(code))
        let scopes = ScopeIndex(root: tree.root)
        let evaluator = ConstantEvaluator(scopes: scopes)
        let assignment = scopes.assignments(of: name).last!
        return evaluator.evaluate(assignment.value)
    }

    /// The dotted name of the right-hand side of the first assignment.
    private func dotted(_ code: String) -> String? {
        let tree = Parser().parse(SourceText(code))
        return ScopeIndex(root: tree.root).allAssignments.first.flatMap { ImportTable.dottedName($0.value) }
    }

    @Test func dottedNamesHowEverTheyAreWritten() {
        #expect(dotted("x = a.b.c") == "a.b.c")
        #expect(dotted("x = a . b") == "a.b")
        #expect(dotted("x = (a.\n  b)") == nil)
        #expect(dotted("x = a.\\\n    b") == "a.b")
        #expect(dotted("x = (a  # c\n .b)") == nil)
        #expect(dotted("x = a.bé.c2") == "a.bé.c2")
        #expect(dotted("x = a.b()") == nil)
        #expect(dotted("x = a[0].b") == nil)
        #expect(dotted("x = 1") == nil)
        #expect(dotted("x = " + Array(repeating: "a", count: 300).joined(separator: ".")) == nil)
        let deep = Array(repeating: "a", count: 257).joined(separator: ".")
        #expect(dotted("x = " + deep) == deep)
    }

    @Test func lastDottedPartIsTheLastPartOfASplit() {
        for name in [
            "", ".", "...", "a", "a.b", "keras.layers.Dense", "a.", "a..", ".a", "a..b", "é.ü",
            "torch.nn.functional.relu..x",
        ] {
            #expect(name.lastDottedPart == name.split(separator: ".").last, "\(name)")
        }
    }

    @Test func lastDotIndexIsTheLastDotCharacter() {
        // ASCII names are searched by bytes, others by characters: both give lastIndex(of: ".").
        for name in ["", ".", "a", "keras.layers.Dense", "a.", ".a", "é.ü", "a.\u{301}b.c", "x.\u{301}"] {
            #expect(name.lastDotIndex == name.lastIndex(of: "."), "\(name)")
            #expect(name.dropFirst().lastDotIndex == name.dropFirst().lastIndex(of: "."), "\(name)")
        }
    }

    @Test func literalFastPathsReadWhatTheGeneralPathReads() {
        #expect(ConstantEvaluator.parseInteger("0") == 0)
        #expect(ConstantEvaluator.parseInteger("007") == 7)
        #expect(ConstantEvaluator.parseInteger("") == nil)
        #expect(ConstantEvaluator.parseInteger("0x1F") == 31)
        #expect(ConstantEvaluator.parseInteger("1_000") == 1000)
        #expect(ConstantEvaluator.parseInteger("9223372036854775808") == nil)
        for (text, expected) in [
            ("1e-3", 1e-3), ("1E-3", 1e-3), ("2.5", 2.5), (".5", 0.5), ("5.", 5.0), ("1_000.5", 1000.5), ("1E+2", 100),
        ] {
            #expect(ConstantEvaluator.parseFloat(text) == expected, "\(text)")
        }
        for text in ["", "-", "e", "1e", "1.5j", "1..2"] {
            #expect(ConstantEvaluator.parseFloat(text) == nil, "\(text)")
        }
        #expect(ConstantEvaluator.parseFloat("inf") == .infinity)
        #expect(" 1.5 ".trimmingSpaces() == "1.5")
        #expect("1.5".trimmingSpaces() == "1.5")
    }

    @Test func learningRatesWrittenInTheUsualWays() {
        #expect(value(of: "a", in: "a = -1e3") == .float(-1000))
        #expect(value(of: "a", in: "a = 1/255") == .float(1.0 / 255))
        #expect(value(of: "a", in: "BASE = 1e-3\na = BASE / 2") == .float(0.0005))
        #expect(value(of: "a", in: "a = 2 ** -10") == .float(pow(2, -10)))
        #expect(value(of: "a", in: "a = float('3e-4')") == .float(3e-4))
    }

    @Test func selfReferenceAndCyclesStayUnknown() {
        #expect(!value(of: "LR", in: "LR = LR * 2").isKnown)
        #expect(!value(of: "a", in: "a = b\nb = a").isKnown)
    }

    @Test func nonFiniteValuesEncodeAsUnknown() throws {
        let encoded = try JSONEncoder().encode([Value.float(.nan), .float(-.infinity), .float(0.5)])
        #expect(String(decoding: encoded, as: UTF8.self) == #"[{"unknown":"nan"},{"unknown":"-inf"},0.5]"#)
    }

    @Test func frameworkSpellingsResolveToOneName() {
        let tree = Parser().parse(
            SourceText(
                """
                import tensorflow as tf
                from tensorflow import keras
                from torch import nn
                import torch.nn.functional as F
                """))
        let imports = ImportTable(root: tree.root)
        #expect(imports.resolve("tf.keras.layers.Dense") == "keras.layers.Dense")
        #expect(imports.resolve("keras.models.Sequential") == "keras.Sequential")
        #expect(imports.resolve("tf.keras.optimizers.legacy.SGD") == "keras.optimizers.SGD")
        #expect(
            imports.resolve("keras.optimizers.schedules.ExponentialDecay")
                == "keras.optimizers.schedules.ExponentialDecay")
        #expect(imports.resolve("nn.Linear") == "torch.nn.Linear")
        #expect(imports.resolve("F.relu") == "torch.nn.functional.relu")
        #expect(imports.frameworks == [.keras, .pytorch])
    }
}

@Suite struct ModuleLevelImportTests {
    @Test func onlyNamesBoundAtModuleLevel() {
        let tree = Parser().parse(
            SourceText(
                """
                import keras
                try:
                    from torch import nn
                except ImportError:
                    nn = None
                if TYPE_CHECKING:
                    import tensorflow as tf
                def f():
                    import numpy as np
                """))
        let table = ImportTable.moduleLevel(of: tree.root)
        #expect(table.bindings == ["keras": "keras", "nn": "torch.nn", "tf": "tensorflow"])
        #expect(ImportTable(root: tree.root).bindings["np"] == "numpy")
    }
}
