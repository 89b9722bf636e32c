import Foundation
import TestSupport
import Testing

/// Runs the built `umlaut` binary, as a user or CI would.
///
/// The binary is found next to the test bundle (`swift build --build-tests` builds both into
/// `.build/debug`), or at `UMLAUT_BINARY`.
enum Umlaut {
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The form golden files hold.
        var description: String {
            "exit: \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
        }
    }

    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["UMLAUT_BINARY"] { return path }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // Inside `umlautPackageTests.xctest/Contents/MacOS` on macOS: walk up to the build folder.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("umlaut").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        let candidate = directory.appendingPathComponent("umlaut").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return packageRoot + "/.build/debug/umlaut"
    }()

    /// The repository root (this file is Tests/CLITests/UmlautProcess.swift).
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let fixtures = packageRoot + "/Tests/CLITests/Fixtures"

    /// Runs `umlaut ARGS` in `directory` with a fixed environment (no colour settings, 100
    /// columns for help text), feeding `input` to standard input.
    static func run(
        _ arguments: [String], in directory: String = fixtures, input: [UInt8]? = nil,
        environment extra: [String: String] = [:], prefix: [String] = [], command: [String]? = nil
    ) throws -> Result {
        // `prefix` runs umlaut through another program (`setpriv ... umlaut ARGS`); `command`
        // replaces the whole command line (for `script`, which takes umlaut inside a string).
        let line = command ?? (prefix + [binary] + arguments)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: line[0])
        process.arguments = Array(line.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ["PATH": "/usr/bin:/bin", "COLUMNS": "100", "HOME": NSTemporaryDirectory()]
        environment.merge(extra) { $1 }
        process.environment = environment
        // Files rather than pipes: nothing can block, whatever the size of the output.
        let base = NSTemporaryDirectory() + "umlaut-run-\(UUID().uuidString)"
        let outPath = base + ".out", errPath = base + ".err", inPath = base + ".in"
        defer { for path in [outPath, errPath, inPath] { try? FileManager.default.removeItem(atPath: path) } }
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(input ?? []))
        let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let stdin = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        defer { try? stdout.close(); try? stderr.close(); try? stdin.close() }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        process.waitUntilExit()
        let outputData = FileManager.default.contents(atPath: outPath) ?? Data()
        let errorData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs and compares with `Golden/NAME.txt` (the command line is part of the golden file).
    static func expectGolden(
        _ name: String, _ arguments: [String], in directory: String = fixtures + "/project",
        input: [UInt8]? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try run(arguments, in: directory, input: input)
        let shown = "$ umlaut " + arguments.joined(separator: " ") + "\n" + result.description
        assertGolden(shown, path: goldenPath("Golden/\(name).txt"), sourceLocation: sourceLocation)
    }
}

/// A fresh temporary directory for tests that write files, readable by every user (a test
/// re-runs umlaut as `nobody` to check unreadable files when the tests run as root).
struct Scratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "umlaut-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String { try write(relative, bytes: Array(text.utf8)) }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let file = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    func read(_ relative: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: path + "/" + relative) ?? Data())
    }

    func copy(fixture relative: String, to name: String? = nil) throws {
        let source = Umlaut.fixtures + "/" + relative
        try write(
            name ?? (relative as NSString).lastPathComponent,
            bytes: Array(FileManager.default.contents(atPath: source)!))
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
