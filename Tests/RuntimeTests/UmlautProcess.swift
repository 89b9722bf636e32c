import Foundation
import Store

/// Runs the built `umlaut` binary as a subprocess, its output captured in files (so a flood
/// cannot dead-lock a pipe), for the runner's end-to-end and fault tests.
final class UmlautProcess {
    /// The built binary beside this test bundle.
    static let binary: String = {
        let besideTests = Bundle.main.bundleURL.appendingPathComponent("umlaut").path
        if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
        return packageRoot + "/.build/debug/umlaut"
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")
        .path

    /// The interpreter for pure-Python stand-ins: `$UMLAUT_PYTHON`, else python3.
    static let python: String = {
        if let python = ProcessInfo.processInfo.environment["UMLAUT_PYTHON"],
            FileManager.default.isExecutableFile(atPath: python)
        {
            return python
        }
        return "/usr/bin/python3"
    }()

    /// The venv's interpreter with real Keras and PyTorch, if there is one.
    static let frameworkPython: String? = {
        for candidate in [ProcessInfo.processInfo.environment["UMLAUT_PYTHON"], packageRoot + "/.venv/bin/python"]
            .compactMap({ $0 })
        {
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    let process = Process()
    let directory: String
    let stdoutPath: String
    let stderrPath: String

    /// Starts `umlaut ARGUMENTS` in `directory`.
    init(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws {
        self.directory = directory
        let id = UUID().uuidString.prefix(8)
        stdoutPath = directory + "/stdout-\(id).txt"
        stderrPath = directory + "/stderr-\(id).txt"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "VIRTUAL_ENV")
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
    }

    /// Runs to completion (with a safety timeout) and returns the exit status.
    static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> UmlautProcess {
        let running = try UmlautProcess(arguments, in: directory, environment: environment)
        running.wait(timeout: timeout)
        return running
    }

    func wait(timeout: TimeInterval = 120) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    var status: Int32 { process.terminationStatus }
    /// The output so far, invalid UTF-8 replaced.
    var stdout: String { String(decoding: FileManager.default.contents(atPath: stdoutPath) ?? Data(), as: UTF8.self) }
    var stderr: String { String(decoding: FileManager.default.contents(atPath: stderrPath) ?? Data(), as: UTF8.self) }

    /// Waits until `condition` holds (polling), up to `timeout`; returns whether it did.
    @discardableResult
    static func waitUntil(timeout: TimeInterval = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}

/// A temporary working directory for one test.
struct Workspace {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "umlaut-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var database: String { path + "/.umlaut/sessions.sqlite" }

    func remove() {
        if geteuid() == 0 {
            for item in [database, path + "/.umlaut", path] { _ = Self.chattr("-i", item) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Opens the session database for reading (as the editor would).
    func store() throws -> SessionDatabase { try SessionDatabase.openForReading(path: database) }

    /// Makes paths read-only even for root (`chattr +i`); false when that is impossible here.
    static func makeReadOnly(_ paths: [String]) -> Bool {
        if geteuid() != 0 {
            paths.forEach { chmod($0, 0o555) }
            return true
        }
        return paths.allSatisfy { chattr("+i", $0) }
    }

    @discardableResult
    static func chattr(_ flag: String, _ path: String) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let canMakeReadOnly: Bool = {
        guard let workspace = try? Workspace() else { return false }
        defer { workspace.remove() }
        let probe = workspace.path + "/probe"
        _ = FileManager.default.createFile(atPath: probe, contents: Data())
        defer { chattr("-i", probe) }
        return makeReadOnly([probe])
    }()
}

extension SessionDatabase {
    /// The pid the script reported in its `hello` event, once it arrived.
    func scriptPID(session: String) -> pid_t? {
        guard let record = try? self.session(named: session), let id = record.id,
            let hello = try? events(sessionId: id).first(where: { $0.kind == "hello" }),
            let object = try? JSONSerialization.jsonObject(with: Data(hello.payload.utf8)) as? [String: Any],
            let pid = object["pid"] as? Int
        else { return nil }
        return pid_t(pid)
    }

    /// The number of epochs stored for a session (0 when it does not exist yet).
    func epochCount(session: String) -> Int {
        guard let record = try? self.session(named: session), let id = record.id else { return 0 }
        return (try? epochs(sessionId: id).count) ?? 0
    }
}

/// Whether a process exists and is not a zombie.
func isAlive(_ pid: pid_t) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
    guard let close = stat.lastIndex(of: ")") else { return true }
    return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
}

extension Data {
    /// How many times `needle` occurs, without overlaps.
    func occurrences(of needle: Data) -> Int {
        var count = 0
        var start = startIndex
        while let found = range(of: needle, in: start..<endIndex) {
            count += 1
            start = found.upperBound
        }
        return count
    }
}
