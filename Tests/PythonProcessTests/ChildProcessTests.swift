import Foundation
import PythonProcess
import TestSupport
import Testing

/// Real children: events arrive on descriptor 3 as lines, terminations are decoded, signals are
/// forwarded, and a bundled package is importable in the child. Serialized and off the test pool:
/// each test waits for a process.
@Suite(.serialized) struct ChildProcessTests {
    /// Runs `executable` to its end with an event pipe; returns the event lines and how it ended.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        whileRunning: (ChildProcess) -> Void = { _ in }
    ) throws -> (lines: [String], termination: Termination) {
        let (readFD, writeFD) = try EventPipe.make()
        defer { close(readFD) }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                executable: executable, arguments: arguments, environment: environment, eventFD: writeFD)
        } catch {
            close(writeFD)
            throw error
        }
        close(writeFD)
        whileRunning(child)
        var splitter = LineSplitter()
        var lines: [LineSplitter.Line] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            lines += splitter.feed(buffer[0..<count])
        }
        if let last = splitter.finish() { lines.append(last) }
        let termination = try #require(child.poll(block: true))
        return (lines.map { String(decoding: $0.bytes, as: UTF8.self) }, termination)
    }

    @Test func eventsArriveOnDescriptorThreeAndTheExitCodeIsKept() async throws {
        let (lines, termination) = try await offTheTestPool {
            try Self.run("/bin/sh", ["-c", "printf 'one\\ntwo\\nthree' >&3; echo not-an-event; exit 3"])
        }
        #expect(lines == ["one", "two", "three"])
        #expect(termination == .exited(3))
        #expect(termination.shellStatus == 3)
    }

    @Test func aChildKilledByASignalReportsIt() async throws {
        let (wasRunning, (_, termination)) = try await offTheTestPool {
            var wasRunning = false
            let result = try Self.run("/bin/sh", ["-c", "exec sleep 30"]) { child in
                wasRunning = child.poll(block: false) == nil
                child.send(SIGTERM)
            }
            return (wasRunning, result)
        }
        #expect(wasRunning)
        #expect(termination == .signaled(SIGTERM))
        #expect(termination.shellStatus == 128 + SIGTERM)
    }

    @Test func aMissingExecutableIsASpawnError() throws {
        let (readFD, writeFD) = try EventPipe.make()
        defer { close(readFD); close(writeFD) }
        #expect(readFD > 3 && writeFD > 3)
        #expect(throws: PythonProcessError.spawnFailed("/no/such/python", errno: ENOENT)) {
            try ChildProcess.spawn(executable: "/no/such/python", arguments: [], environment: [:], eventFD: writeFD)
        }
    }

    @Test func aSignalSentToUsIsForwardedToTheChild() async throws {
        let termination = try await offTheTestPool {
            SignalForwarding.install()
            defer { SignalForwarding.uninstall() }
            return try Self.run("/bin/sh", ["-c", "exec sleep 30"]) { child in
                SignalForwarding.forward(to: child.pid)
                kill(getpid(), SIGHUP)
            }.termination
        }
        #expect(termination == .signaled(SIGHUP))
        #expect(SignalForwarding.received == SIGHUP)
    }

    @Test func aBundledPackageIsImportableInThePythonChild() async throws {
        let environment = ProcessInfo.processInfo.environment
        let python = try InterpreterResolver.resolve(explicit: nil, environment: environment)
        let bundles = try Bundles()
        defer { bundles.remove() }
        let helper = BundledPythonPackage(
            resourceBundle: "app_Comparison.resources", resourceDirectory: "Python", package: "app_helper")
        let binary = try bundles.directory("bin")
        _ = try bundles.install(helper, in: binary, source: "GREETING = 'hello from the helper'\n")
        let directory = try #require(helper.locate(environment: [:], searchDirectories: [binary]))
        let childEnvironment = BundledPythonPackage.environment(
            ["PATH": environment["PATH"] ?? "/usr/bin:/bin"], withFirstOnPythonPath: directory)
        let script =
            "import os, app_helper; os.write(3, (app_helper.GREETING + '\\n' + app_helper.__file__ + '\\n').encode())"

        let (lines, termination) = try await offTheTestPool {
            try Self.run(python, ["-c", script], environment: childEnvironment)
        }
        #expect(termination == .exited(0))
        #expect(lines.first == "hello from the helper")
        #expect(lines.last?.hasPrefix(directory + "/app_helper/") == true)
    }
}
