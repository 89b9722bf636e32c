import Foundation

/// The tiny models and data of the model-comparison tests (`Tests/ModelComparisonTests/Python/
/// tiny_models.py`: a CNN trained for a few epochs on 32×32 textured patches, the same CNN
/// untrained, a fixed-size network, a too-small data set, an image folder), shared by
/// `ModelComparisonTests` and the language server's `umlaut.compareModels` tests.
///
/// Made once per content of the script and its arguments, in
/// `<package>/.build/test-fixtures/compare-<hash>/` (never in the temporary directory, where
/// every run used to leave a megabyte), written into a temporary directory beside it and
/// renamed, so a cut-off run leaves no half-made fixture to be reused. Tests must not write
/// into it: copy what they change into a `TemporaryDirectory`.
package enum CompareFixture {
    /// The package's root directory.
    package static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The project's Python: `$UMLAUT_PYTHON`, else the package's `.venv`.
    package static let python: String? = {
        for candidate in [ProcessInfo.processInfo.environment["UMLAUT_PYTHON"], packageRoot + "/.venv/bin/python"]
            .compactMap({ $0 }) where FileManager.default.isExecutableFile(atPath: candidate)
        {
            return candidate
        }
        return nil
    }()

    static let script = packageRoot + "/Tests/ModelComparisonTests/Python/tiny_models.py"
    static let arguments = ["--images", "240", "--epochs", "4", "--folder", "12"]

    /// The fixture's directory, or why it could not be made.
    package static let directory: Result<String, Failure> = made(name: "compare", script: script, arguments: arguments)

    /// The watermark scenario (`Python/watermark_models.py`: two CNNs trained with and without a
    /// watermark, and the evaluation data), shared by the grid and SLIC watermark validations.
    package static let watermark: Result<String, Failure> = made(
        name: "watermark", script: packageRoot + "/Tests/ModelComparisonTests/Python/watermark_models.py",
        arguments: [])

    /// `python SCRIPT DIR ARGUMENTS...` run once per content of the script (and of `tiny_models.py`,
    /// which the scripts import) and its arguments, into `.build/test-fixtures/NAME-<hash>/`.
    static func made(name: String, script: String, arguments: [String]) -> Result<String, Failure> {
        guard let python else { return .failure(Failure("no Python: set UMLAUT_PYTHON")) }
        guard var source = FileManager.default.contents(atPath: script) else {
            return .failure(Failure("cannot read \(script)"))
        }
        if script != Self.script, let shared = FileManager.default.contents(atPath: Self.script) { source += shared }
        let parent = packageRoot + "/.build/test-fixtures"
        let path = parent + "/\(name)-" + hash(Array(source) + Array(arguments.joined(separator: " ").utf8))
        if FileManager.default.fileExists(atPath: path + "/complete") { return .success(path) }
        let temporary = parent + "/.\(name)-\(getpid())-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            return .failure(Failure("cannot create \(parent): \(error)"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, temporary] + arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { return .failure(Failure("cannot start \(python): \(error)")) }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            return .failure(
                Failure(
                    "\((script as NSString).lastPathComponent) failed: " + String(decoding: message, as: UTF8.self)))
        }
        FileManager.default.createFile(atPath: temporary + "/complete", contents: Data())
        try? FileManager.default.removeItem(atPath: path)
        if rename(temporary, path) != 0 {
            // Another test process made it first: use theirs.
            try? FileManager.default.removeItem(atPath: temporary)
        }
        return FileManager.default.fileExists(atPath: path + "/complete")
            ? .success(path) : .failure(Failure("the fixture \(path) was not made"))
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
        package init(_ description: String) { self.description = description }
    }

    private static func hash(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(format: "%016llx", value)
    }
}
