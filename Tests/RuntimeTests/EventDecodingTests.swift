import Foundation
import Testing

@testable import Runtime

@Suite struct EventDecodingTests {
    func decode(_ text: String) -> DecodedLine { RuntimeEvent.decode(Array(text.utf8)) }

    @Test func anEpochWithNonFiniteStringsAndUnknownFields() throws {
        let line =
            #"{"event": "epoch", "time": 1.5, "model": "m1", "epoch": 2, "duration": 0.5, "future": {"x": 1}, "metrics": {"loss": "nan", "val_loss": "inf", "accuracy": 0.5, "note": "text"}, "learning_rate": 0.001, "input": {"min": 0, "max": 255, "nan": 0, "inf": 0, "shape": [32, 32, 32, 3], "dtype": "uint8"}, "gradients": [{"layer": "d", "norm": "-inf"}, {"norm": 1}], "activations": [{"layer": "d", "nonpositive_fraction": 0.8}]}"#
        guard case .event(let name, .epoch(let report)) = decode(line) else { Issue.record("not an epoch"); return }
        #expect(name == "epoch")
        #expect(report.epoch == 2)
        #expect(report.metrics["loss"]?.isNaN == true)
        #expect(report.metrics["val_loss"] == .infinity)
        #expect(report.metrics["note"] == nil)
        #expect(report.input?.max == 255)
        #expect(report.input?.shape == [32, 32, 32, 3])
        #expect(report.gradients.count == 1)
        #expect(report.gradients.first?.value == -.infinity)
        #expect(report.activations.first?.nonpositiveFraction == 0.8)
    }

    @Test func garbageIsMalformedNeverACrash() {
        for text in [
            "", "not json", "[1, 2]", "{\"no_event\": 1}", "\u{0}\u{1}\u{2}", "{\"event\": 5}", "{\"event\":", "nan",
        ] {
            guard case .malformed = decode(text) else { Issue.record("accepted \(text)"); continue }
        }
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x89, 0x50, 0x4E, 0x47]
        guard case .malformed = RuntimeEvent.decode(bytes) else { Issue.record("accepted binary"); return }
    }

    @Test func unknownEventsAndEventsMissingRequiredFieldsAreUnknown() {
        guard case .event("progress", .unknown) = decode(#"{"event": "progress", "pct": 5}"#) else {
            Issue.record("progress"); return
        }
        guard case .event("epoch", .unknown) = decode(#"{"event": "epoch", "epoch": 1}"#) else {
            Issue.record("epoch without model"); return
        }
    }

    @Test func modelOptimizerAndTrainBeginCarryTheirSourceLocations() {
        guard
            case .event(_, .model(let model)) = decode(
                #"{"event": "model", "model": "m1", "class": "Sequential", "created_at": {"file": "/a.py", "line": 14}, "input_shape": [null, 32, 32, 3], "layers": [{"name": "conv2d", "class": "Conv2D", "created_at": {"file": "/a.py", "line": 16}}, {"class": "NoName"}]}"#
            )
        else {
            Issue.record("model"); return
        }
        #expect(model.createdAt == SourceLocation(file: "/a.py", line: 14))
        #expect(model.inputShape == [nil, 32, 32, 3])
        #expect(model.layers.map(\.name) == ["conv2d"])
        guard
            case .event(_, .trainBegin(let begin)) = decode(
                #"{"event": "train_begin", "model": "m1", "call_site": {"file": "/a.py", "line": 40}, "validation": {"kind": "data", "call_site": null, "samples": 100}}"#
            )
        else {
            Issue.record("train_begin"); return
        }
        #expect(begin.callSite?.line == 40)
        #expect(begin.validation?.samples == 100)
        #expect(begin.validation?.callSite == nil)
        guard case .event(_, .loss(let loss)) = decode(#"{"event": "loss", "name": "mse", "from_logits": true}"#) else {
            Issue.record("loss"); return
        }
        #expect(loss.fromLogits == true)
    }
}

@Suite struct RuntimeFormatTests {
    @Test func numbersReadLikeTheyWereWritten() {
        #expect(RuntimeFormat.number(255) == "255")
        #expect(RuntimeFormat.number(-1000) == "-1000")
        #expect(RuntimeFormat.number(0.001) == "0.001")
        #expect(RuntimeFormat.number(1e-7) == "1e-07")
        #expect(RuntimeFormat.number(.nan) == "NaN")
        #expect(RuntimeFormat.number(0.9234567) == "0.9235")
        #expect(RuntimeFormat.percent(0.001) == "0.1%")
        #expect(RuntimeFormat.short(118.3475) == "118")
        #expect(RuntimeFormat.short(65.7743) == "65.8")
        #expect(RuntimeFormat.short(0.29417) == "0.294")
        #expect(RuntimeFormat.short(1234.5) == "1235")
        #expect(RuntimeFormat.percent(0.823) == "82%")
        #expect(RuntimeFormat.epochs([0, 1, 2]) == "epochs 1–3")
        #expect(RuntimeFormat.epochs([4]) == "epoch 5")
        #expect(RuntimeFormat.epochs([0, 3]) == "epochs 1, 4")
    }
}
