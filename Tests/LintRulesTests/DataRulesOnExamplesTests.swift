import Foundation
import LintCore
import LintRules
import PythonSyntax
import Testing

/// The data rules (UM201–UM203) on the bundled example scripts in `Examples/`: each finds
/// exactly the bug its script was written to show, with the program context in the message.
@Suite struct DataRulesOnExamplesTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")

    static let linter = Linter(rules: [UnnormalizedInputRule(), ValidationFromTrainingRule(), ChannelOrderRule()])

    static func source(_ name: String) throws -> SourceText {
        SourceText(Array(try Data(contentsOf: examples.appendingPathComponent(name))))
    }

    static func lint(_ name: String) throws -> (SourceText, [Diagnostic]) {
        let source = try source(name)
        return (source, linter.lint(source).diagnostics)
    }

    @Test func cifarProgramAFeedsRawPixels() throws {
        let (source, diagnostics) = try Self.lint("cifar_program_a.py")
        #expect(diagnostics.map(\.code) == ["UM201"])
        let diagnostic = try #require(diagnostics.first)
        #expect(source.text(in: diagnostic.span.byteRange) == "keras.datasets.cifar10.load_data()")
        #expect(
            diagnostic.message.contains("`train_images`") && diagnostic.message.contains("`cifar10.load_data()`")
                && diagnostic.message.contains("line 28"))
        #expect(diagnostic.related.map { source.text(in: $0.span.byteRange) } == ["train_images"])
        let fix = try #require(diagnostic.fix)
        #expect(fix.applicability == .unsafe)
        let fixed = FixApplier.apply([fix], to: source).source.string
        #expect(
            fixed.contains(
                "keras.datasets.cifar10.load_data()\ntrain_images = train_images / 255.0\ntest_images = test_images / 255.0\n"
            ))
        #expect(Self.linter.lint(SourceText(fixed)).diagnostics.isEmpty)
    }

    @Test func cifarProgramBValidatesOnTrainingData() throws {
        let (source, diagnostics) = try Self.lint("cifar_program_b.py")
        #expect(diagnostics.map(\.code) == ["UM202"])
        let diagnostic = try #require(diagnostics.first)
        #expect(source.text(in: diagnostic.span.byteRange) == "(train_images[:100], train_labels[:100])")
        #expect(diagnostic.message.contains("`train_images[:100]`") && diagnostic.message.contains("line 27"))
        let fix = try #require(diagnostic.fix)
        let fixed = FixApplier.apply([fix], to: source).source.string
        #expect(fixed.contains("    validation_split=0.1,\n)"))
        #expect(Self.linter.lint(SourceText(fixed)).diagnostics.isEmpty)
    }

    @Test func channelsFirstImagesPutsChannelsWhereConv2DDoesNotLook() throws {
        let (source, diagnostics) = try Self.lint("channels_first_images.py")
        #expect(diagnostics.map(\.code) == ["UM203"])
        let diagnostic = try #require(diagnostics.first)
        #expect(source.text(in: diagnostic.span.byteRange) == "(3, 32, 32)")
        #expect(diagnostic.message.contains("`Conv2D` at line 21"))
        // The transpose that put the channels first is shown with it.
        #expect(
            diagnostic.related.contains { source.text(in: $0.span.byteRange) == "np.transpose(x_train, (0, 3, 1, 2))" })
        #expect(diagnostic.fix == nil && diagnostic.help?.contains("(32, 32, 3)") == true)
    }

    @Test(arguments: ["fashion_mnist_clean.py", "mnist_pytorch.py"])
    func cleanDataHandling(in example: String) throws {
        let (_, diagnostics) = try Self.lint(example)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
    }
}
