import Foundation
import LSPTypes
import Store

/// A workspace with a training script and its session database, written with Store as
/// `umlaut run` writes it, for the tests of runtime findings in the editor.
final class RunWorkspace {
    let folder: TemporaryFolder
    let scriptPath: String
    let database: SessionDatabase

    /// The script: a Keras training whose learning rate (line 6) is far too large.
    static let script = """
        import keras
        from keras import layers

        (x, y), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([layers.Dense(10, activation="softmax")])
        optimizer = keras.optimizers.Adam(learning_rate=5.0)
        model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer)
        model.fit(x, y, epochs=5)

        """

    /// The 1-based column of `text` on a 1-based line of the script.
    static func column(of text: String, line: Int) -> Int {
        let content = script.split(separator: "\n", omittingEmptySubsequences: false)[line - 1]
        return content.distance(from: content.startIndex, to: content.range(of: text)!.lowerBound) + 1
    }

    init() throws {
        folder = try TemporaryFolder()
        try folder.write("train.py", Self.script)
        scriptPath = folder.path + "/train.py"
        database = try SessionDatabase.open(path: folder.path + "/.umlaut/sessions.sqlite")
    }

    var uri: DocumentURI { DocumentURI(filePath: scriptPath) }

    /// Starts a session of the script, as `umlaut run` does before the script starts.
    func startSession(name: String = "train", arguments: [String] = ["--epochs", "5"]) throws -> Int64 {
        let session = SessionRecord(
            name: name, script: scriptPath, arguments: arguments, python: "python3",
            workingDirectory: folder.path, umlautPID: Int(getpid()))
        return try database.startSession(session).id!
    }

    /// Stores the learning-rate finding (UM506) at line 6, seen at `epochs` (0-based).
    @discardableResult
    func saveLearningRateFinding(session: Int64, epochs: [Int]) throws -> FindingRecord {
        let column = Self.column(of: "learning_rate=5.0", line: 6)
        let end = column + "learning_rate=5.0".count
        return try database.saveFinding(
            FindingRecord(
                sessionId: session, key: "UM506:o1", stage: .runtime, code: "UM506", name: "runtime-learning-rate",
                severity: .error,
                summary: "The learning rate in effect, 5, is above 0.01",
                message: "the learning rate in effect is 5 (Adam); it is above 0.01 for an adaptive optimizer",
                path: scriptPath, line: 6, column: column, endLine: 6, endColumn: end,
                help: "Use a learning rate around 1e-3 for Adam",
                related: [
                    .init(
                        role: .rootCause, path: scriptPath, line: 6, column: column, endLine: 6, endColumn: end,
                        message: "the learning rate of `Adam` is set here"),
                    .init(
                        role: .symptom, path: scriptPath, line: 8, column: 1, endLine: 8, endColumn: 26,
                        message: "training runs here with this rate"),
                ],
                epochs: epochs))
    }

    /// Stores a finding that knows only its line (as the sensor reports some places): UM501 at
    /// the line that loads the data.
    @discardableResult
    func saveInputFinding(session: Int64) throws -> FindingRecord {
        try database.saveFinding(
            FindingRecord(
                sessionId: session, key: "UM501:m1", stage: .runtime, code: "UM501", name: "input-out-of-range",
                severity: .warning,
                message: "training inputs range over [0, 255]", path: scriptPath, line: 4, column: 1, endLine: 4,
                endColumn: 1,
                help: "Scale the images", related: [], epochs: [0]))
    }
}
