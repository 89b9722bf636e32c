import LintCore
import LintRules
import PythonSyntax
import TestSupport
import Testing

/// What editors show inline is each diagnostic's `summary`: one line of at most
/// `Diagnostic.summaryLimit` characters that names the user's objects in backticks. Checked on
/// every rule's documentation examples (triggering examples and corrections), where names are
/// as long as people write them, and on examples with very long names.
@Suite struct SummaryLengthTests {
    @Test(arguments: BuiltInRules.all.map { type(of: $0).description.code })
    func summariesOfTheExamplesAreOneShortLine(of code: RuleCode) throws {
        let rule = try #require(BuiltInRules.rule(code))
        let found = summaries(of: rule)
        #expect(!found.isEmpty, "\(code)'s examples produced no diagnostic")
        for diagnostic in found { expectShort(diagnostic) }
    }

    /// Long names (attributes, variables, layer arguments) are shortened, not carried whole.
    @Test func longNamesAreShortened() {
        let code = """
            import torch.nn as nn
            import keras

            class AVeryLongModelNameForAnImageClassifierWithManyLayers(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.first_fully_connected_projection_layer = nn.Linear(784, 256)
                    self.second_fully_connected_projection_layer = nn.Linear(256, 10)

                def forward(self, x):
                    return self.second_fully_connected_projection_layer(self.first_fully_connected_projection_layer(x))

            model = keras.Sequential([
                keras.layers.Conv2D(32, (3, 3), padding="same", kernel_initializer="he_normal", input_shape=(32, 32, 3)),
                keras.layers.Conv2D(64, (3, 3), padding="same", kernel_initializer="he_normal"),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ])
            """
        let found = Linter(rules: BuiltInRules.all).lint(SourceText(code)).diagnostics
        #expect(found.filter { $0.code == "UM101" }.count == 3)
        for diagnostic in found { expectShort(diagnostic) }
        #expect(found.contains { $0.summary.contains("…") })
    }

    @Test func shortNamesKeepWhatFits() {
        #expect(ShortName.code("self.fc1") == "`self.fc1`")
        #expect(ShortName.code("Conv2D(32, (3, 3), input_shape=(32, 32, 3))") == "`Conv2D(32, …)`")
        #expect(ShortName.code("self.encoder.blocks.attention.query") == "`…blocks.attention.query`")
        #expect(ShortName.code("self.encoder.attention_relative_positions") == "`…attention_relative_positions`")
        #expect(ShortName.code("keras.layers.Dense(units=a_long_name_for_units)") == "`keras.layers.Dense(…)`")
        #expect(
            ShortName.code("tensorflow.keras.layers.experimental.SyncBatchNormalization(axis=-1)")
                == "`…SyncBatchNormalization(…)`")
        #expect(!ShortName.code("x\n  .reshape(-1, 3, 32, 32)\n  .astype('float32')").contains("\n"))
    }

    private func expectShort(_ diagnostic: Diagnostic, sourceLocation: SourceLocation = #_sourceLocation) {
        let summary = diagnostic.summary
        #expect(!summary.isEmpty, "\(diagnostic.code) has no summary", sourceLocation: sourceLocation)
        #expect(
            summary.count <= Diagnostic.summaryLimit,
            "\(diagnostic.code) summary of \(summary.count) characters: \(summary)", sourceLocation: sourceLocation)
        #expect(
            !summary.contains("\n"), "\(diagnostic.code) summary spans lines: \(summary)",
            sourceLocation: sourceLocation)
        #expect(
            summary.contains("`"), "\(diagnostic.code) summary names none of the user's objects: \(summary)",
            sourceLocation: sourceLocation)
    }

    /// The diagnostics of a rule on its triggering examples and corrections.
    private func summaries(of rule: any Rule) -> [Diagnostic] {
        let description = type(of: rule).description
        let examples = description.triggeringExamples + description.corrections.map(\.before)
        return examples.flatMap { example in
            let code = MarkedSource.parse(example.code).0
            var settings = Settings()
            for (key, value) in example.thresholds {
                if let problem = settings.thresholds.set(key: key, value: value) {
                    preconditionFailure("threshold \(key): \(problem)")
                }
            }
            return Linter(rules: [rule], settings: settings).lint(SourceText(code)).diagnostics
        }
    }
}
