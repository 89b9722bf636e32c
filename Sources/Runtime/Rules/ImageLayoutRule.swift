import LintCore

/// UM503: 4-D image input whose channel axis does not match the model's layout.
package struct ImageLayoutRule: RuntimeRule {
    package init() {}

    package static let description = RuleDescription(
        code: "UM503",
        name: "image-layout",
        summary: "Image batches put the channels on a different axis than the model expects",
        kind: .runtime,
        defaultSeverity: .warning,
        whatItDoes: """
            For 4-D training inputs, compares the batch shape with the model's layout: `channels_last` \
            (N, H, W, C; Keras' default) or `channels_first` (N, C, H, W; PyTorch). It reports a mismatch when the \
            axis the model reads as channels is large (8 or more) while the other candidate axis holds 1, 3 or 4 \
            values (a colour-channel count), or when the model declares an input shape that the batch matches \
            only after moving an axis. It also notes (as information) a Keras model in `channels_first` layout, which \
            TensorFlow's CPU kernels do not run natively. The original UMLAUT only checked that images were square.
            """,
        whyIsThisBad: """
            A model reading (N, C, H, W) data as (N, H, W, C) treats image rows as colour channels: the \
            convolutions mix unrelated pixels, and the model trains, slowly and badly, on scrambled images without \
            any error, as long as the shapes happen to fit.
            """,
        example: """
            x_train = np.transpose(x_train, (0, 3, 1, 2))      # N, C, H, W
            model = keras.Sequential([keras.Input((3, 32, 32)), layers.Conv2D(32, 3, activation="relu"), ...])
            """,
        useInstead: """
            model = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(32, 3, activation="relu"), ...])
            # or keep the data and transpose it back: np.transpose(x_train, (0, 2, 3, 1))
            """,
        fixSafety: "No automatic fix: either the data or the model has to change, and only the author knows which.",
        references: [
            Reference(
                "keras.config.image_data_format", "https://keras.io/api/utils/config_utils/#imagedataformat-function"),
            Reference(
                "PyTorch memory formats (channels_last)",
                "https://pytorch.org/tutorials/intermediate/memory_format_tutorial.html"),
        ]
    )

    package func check(_ context: RuntimeContext) -> [RuntimeFinding] {
        let run = context.run
        guard let report = run.epochs.last(where: { $0.input?.shape?.count == 4 }), let shape = report.input?.shape
        else { return [] }
        let format =
            run.model?.dataFormat ?? run.model?.layers.compactMap(\.dataFormat).first
            ?? (run.model?.framework == "torch" ? "channels_first" : "channels_last")
        let channelsLast = format != "channels_first"
        let channelAxis = channelsLast ? 3 : 1, otherAxis = channelsLast ? 1 : 3
        let channelCounts: Set<Int> = [1, 3, 4]
        // The batch puts a colour-channel count where the model reads space, and space where it
        // reads channels; or the model declares the same dimensions in another order.
        var mismatch =
            !channelCounts.contains(shape[channelAxis]) && channelCounts.contains(shape[otherAxis])
            && shape[channelAxis] >= 8
        if let declared = run.model?.inputShape, declared.count == 4, declared[1...3].allSatisfy({ $0 != nil }) {
            let expected = declared[1...3].map { $0! }
            let actual = Array(shape[1...3])
            mismatch = mismatch || (expected != actual && expected.sorted() == actual.sorted())
        }
        let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let firstLayer = run.model?.layers.first.flatMap { context.locator.layer($0.name, in: run) }
        let cause = firstLayer ?? context.locator.model(run)
        var findings: [RuntimeFinding] = []
        if mismatch {
            let expected = channelsLast ? "(N, H, W, C)" : "(N, C, H, W)"
            let message =
                "image batches have shape \(shapeText) but the model "
                + "is \(format) and reads them as \(expected): axis \(channelAxis) (\(shape[channelAxis]) values) is taken as the "
                + "colour channels while axis \(otherAxis) has \(shape[otherAxis])"
            let help =
                channelsLast
                ? "Move the channels last (`np.transpose(x, (0, 2, 3, 1))`) or build the model for channels_first data"
                : "Move the channels first (`x.permute(0, 3, 1, 2)` / `np.transpose(x, (0, 3, 1, 2))`) before the model"
            findings.append(
                context.finding(
                    Self.self, subject: "layout", epoch: report.epoch,
                    summary: "Image batches \(ShortName.shortened(shapeText, limit: 24)) are read as \(expected)",
                    message: message, help: help, cause: cause,
                    related: [context.locator.inputData(run)].compactMap { $0 }.map {
                        CodePlace.symptom($0.location, "\($0.note), shaped \(shapeText)")
                    }))
        }
        if run.model?.framework == "keras", format == "channels_first" {
            findings.append(
                context.finding(
                    Self.self, subject: "slow-layout", epoch: report.epoch,
                    summary: "The Keras model is channels_first: slow or unsupported on CPU",
                    message:
                        "The Keras model uses the channels_first layout; TensorFlow's CPU convolutions support only channels_last, so this layout is slow or unsupported on this device",
                    help:
                        "Use channels_last (`keras.config.set_image_data_format(\"channels_last\")`) unless training on a GPU that prefers channels_first",
                    cause: cause, severity: .info))
        }
        return findings
    }
}
