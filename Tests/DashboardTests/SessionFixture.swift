import Foundation
import Store
import TestSupport

/// A session database on disk filled through the store's writing API, as `umlaut run` fills it:
/// a finished run with epochs, probe events, findings and a crash, and a later run that fixed
/// some of them. Strings hold HTML and script text, which every page must show as text.
struct SessionFixture {
    static let hostile = #"</script><script>window.pwned=1</script><!--<img src=x onerror="window.pwned=2">"#

    let directory: TemporaryDirectory
    let store: SessionDatabase
    let first: Int64
    let second: Int64
    let script: String

    init() throws {
        directory = try TemporaryDirectory()
        script = try directory.write(
            "train <b onclick=x>.py",
            "import keras\nmodel = keras.Sequential()\nmodel.fit(x, y, epochs=6)  # \(Self.hostile)\n")
        let store = try SessionDatabase.open(
            path: (directory.path as NSString).appendingPathComponent(".umlaut/sessions.sqlite"))
        self.store = store
        let script = self.script
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try requireID(
            store.startSession(
                SessionRecord(
                    name: "run \(Self.hostile)", script: script, arguments: ["--epochs", "6"],
                    python: "/usr/bin/python3",
                    workingDirectory: directory.path, startedAt: start)))
        var sequence = 0
        func event(_ session: Int64, _ kind: String, _ payload: String) throws {
            try store.appendEvent(EventRecord(sessionId: session, sequence: sequence, kind: kind, payload: payload))
            sequence += 1
        }
        try event(first, "attached", #"{"event": "attached", "framework": "keras", "version": "3.15.1"}"#)
        let losses = [2.0, 1.5, 1.2, 1.0, 0.9, Double.nan]
        let validation = [2.1, 1.6, 1.5, 1.6, 1.8, 2.0]
        for epoch in 0..<6 {
            try store.saveEpoch(
                EpochRecord(
                    sessionId: first, model: "m1", epoch: epoch, duration: 0.5, learningRate: 0.001,
                    metrics: [
                        "loss": losses[epoch], "val_loss": validation[epoch], "accuracy": 0.5 + 0.05 * Double(epoch),
                    ],
                    receivedAt: start.addingTimeInterval(Double(epoch + 1))))
            try event(
                first, "epoch",
                #"{"event": "epoch", "model": "m1", "epoch": \#(epoch), "input": {"min": 0, "max": 255.0, "mean": 120.5, "std": 60, "nan": 0, "inf": 0}, "gradients": [{"layer": "dense", "norm": 0.0\#(epoch)}, {"layer": "dense_1", "norm": null}], "activations": [{"layer": "dense", "activation": "relu", "nonpositive_fraction": 0.7, "units": 10, "dead_units": \#(epoch)}]}"#
            )
        }
        try store.saveFinding(
            FindingRecord(
                sessionId: first, key: "UM201:x", stage: .static, code: "UM201", name: "unnormalized-input",
                severity: .warning, summary: "raw pixels \(Self.hostile)", message: "x_train is not scaled",
                path: script, line: 3, column: 1, endLine: 3, endColumn: 10))
        // A recurring finding is saved again at each epoch it is seen at; its epochs grow.
        for epochs in [[3, 4], [5]] {
            try store.saveFinding(
                FindingRecord(
                    sessionId: first, key: "UM505:m1", stage: .runtime, code: "UM505", name: "overfitting",
                    severity: .warning, message: "validation loss rises \(Self.hostile)", path: script, line: 3,
                    column: 1, endLine: 3, endColumn: 30, help: "add dropout",
                    related: [
                        .init(
                            role: .rootCause, path: script, line: 2, column: 9, endLine: 2, endColumn: 27,
                            message: "the model"),
                        .init(
                            role: .symptom, path: script, line: 3, column: 1, endLine: 3, endColumn: 30, message: "fit"),
                    ], epochs: epochs))
        }
        try store.saveFinding(
            FindingRecord(
                sessionId: first, key: "UM502:m1", stage: .runtime, code: "UM502", name: "nan-loss", severity: .error,
                message: "the loss is NaN", epochs: [5]))
        try store.saveCrash(
            CrashRecord(
                sessionId: first, exceptionType: "ValueError",
                message: "Exception encountered when calling Dense.call().\nbad shape \(Self.hostile)", path: script,
                line: 3, column: 1, endLine: 3, endColumn: 30,
                frames: [.init(path: script, line: 3, function: "<module>", isUser: true)]))
        try store.finishSession(id: first, status: .failed, exitCode: 1, note: nil, at: start.addingTimeInterval(7.5))

        let second = try requireID(
            store.startSession(
                SessionRecord(
                    name: "fixed", script: script, python: "/usr/bin/python3", workingDirectory: directory.path,
                    startedAt: start.addingTimeInterval(100))))
        try event(second, "attached", #"{"event": "attached", "framework": "torch", "version": "2.13.0"}"#)
        for epoch in 0..<3 {
            try store.saveEpoch(
                EpochRecord(sessionId: second, model: "m1", epoch: epoch, metrics: ["loss": 1.0 / Double(epoch + 1)]))
        }
        try store.saveFinding(
            FindingRecord(
                sessionId: second, key: "UM201:x", stage: .static, code: "UM201", name: "unnormalized-input",
                severity: .warning, message: "x_train is not scaled", path: script, line: 5, column: 1))
        try store.saveFinding(
            FindingRecord(
                sessionId: second, key: "UM507:m1", stage: .runtime, code: "UM507", name: "loss-not-decreasing",
                severity: .warning, message: "flat", epochs: [2]))
        self.first = first
        self.second = second
    }
}

/// The id of a stored session, or a test failure.
func requireID(_ session: SessionRecord) throws -> Int64 {
    guard let id = session.id else { throw FixtureError.noID }
    return id
}

enum FixtureError: Error { case noID }
