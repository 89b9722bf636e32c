import Foundation
import Testing

@testable import Runtime
@testable import Store

extension ProcessTests {
    /// `umlaut run` on scripts that crash in training, with real Keras and real PyTorch: each of
    /// the four kinds of crash (shape, loss vs labels, label range, dtype) in both frameworks.
    /// The crash is reported at the innermost line of the user's code and its likely cause at the
    /// place the script marks with `# umlaut-test: cause`; the crash line is marked
    /// `# umlaut-test: crash`. What the script prints on stderr and its exit status are those of
    /// a plain run.
    @Suite(.enabled(if: FrameworkRun.isAvailable)) struct CrashRunTests {
        struct Case: CustomTestStringConvertible, Sendable {
            var script: String
            var kind: CrashExplanation.Kind
            var testDescription: String { script }
        }

        static let cases: [Case] = [
            Case(script: "crash_keras_shape.py", kind: .shape),
            Case(script: "crash_keras_loss.py", kind: .lossLabels),
            Case(script: "crash_keras_labels.py", kind: .labelRange),
            Case(script: "crash_keras_dtype.py", kind: .dtype),
            Case(script: "crash_torch_shape.py", kind: .shape),
            Case(script: "crash_torch_loss.py", kind: .lossLabels),
            Case(script: "crash_torch_labels.py", kind: .labelRange),
            Case(script: "crash_torch_dtype.py", kind: .dtype),
        ]

        @Test(arguments: cases)
        func aCrashIsReportedAtTheUsersLineWithItsLikelyCause(_ example: Case) throws {
            let workspace = try Workspace()
            defer { workspace.remove() }
            let path = UmlautProcess.scripts + "/" + example.script
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let crashLine = try #require(Self.line(marked: "crash", in: source))
            let causeLine = try #require(Self.line(marked: "cause", in: source))

            let run = try FrameworkRun.run(workspace, [path])
            #expect(run.status == 1)
            let store = try workspace.store()
            let session = try store.session(named: "last")
            let crash = try #require(
                try store.crash(sessionId: session.id!), "no crash stored; stderr:\n\(run.stderr.suffix(3000))")
            #expect(crash.path == path)
            #expect(crash.line == crashLine)
            #expect(crash.kind == example.kind.rawValue)
            #expect(crash.cause?.line == causeLine, "cause: \(String(describing: crash.cause))")
            #expect(crash.cause?.path == path)
            #expect(crash.frames.last(where: \.isUser)?.line == crashLine)
            #expect(!crash.message.contains("inspect._empty"))

            // Printed like a finding, with the likely cause below it.
            let lines: [String] = run.stderr.split(separator: "\n").map { String($0) }
            let reported = try #require(
                lines.first { $0.hasPrefix("umlaut: crash: ") }, "stderr:\n\(run.stderr.suffix(3000))")
            #expect(
                reported.hasPrefix("umlaut: crash: \(path):\(crashLine):\(crash.column ?? 1): \(crash.exceptionType): ")
            )
            let index = try #require(lines.firstIndex(of: reported))
            let next: String? = lines.indices.contains(index + 1) ? lines[index + 1] : nil
            #expect(next?.hasPrefix("umlaut:   --> \(path):\(causeLine):") == true, "\(String(describing: next))")
            #expect(!run.stderr.contains("no Keras fit() or PyTorch training loop was seen"))
            #expect(lines.contains { $0.hasPrefix("umlaut:   crashed: \(crash.exceptionType)") })

            // The script's own stderr is unchanged (its traceback, its last line) and so is its status.
            let plain = try Self.plain(path, in: workspace.path)
            #expect(plain.status == run.status)
            let own = lines.filter { !$0.hasPrefix("umlaut:") }
            #expect(own.first == plain.stderr.first)
            // (Only Python's own traceback: TensorFlow's message carries the stack it traced a
            // graph under, which includes the sensor's `fit` wrapper — a known difference.)
            #expect(Self.traceback(own) == Self.traceback(plain.stderr))
            #expect(!Self.traceback(own).isEmpty)
            #expect(own.last?.prefix(60) == plain.stderr.last?.prefix(60))
        }

        /// The `File ...` lines of Python's traceback, up to the exception's message.
        static func traceback(_ lines: [String]) -> [String] {
            lines.drop { $0 != "Traceback (most recent call last):" }.dropFirst().prefix { $0.hasPrefix(" ") }.filter {
                $0.hasPrefix("  File ")
            }
        }

        static func line(marked marker: String, in source: String) -> Int? {
            source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasSuffix("# umlaut-test: \(marker)")
            }.map { $0 + 1 }
        }

        /// The script run without umlaut: its exit status and stderr lines.
        static func plain(_ path: String, in directory: String) throws -> (status: Int32, stderr: [String]) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: UmlautProcess.frameworkPython!)
            process.arguments = [path]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            var environment = ProcessInfo.processInfo.environment
            environment["TF_CPP_MIN_LOG_LEVEL"] = "3"
            environment.removeValue(forKey: "UMLAUT_EVENTS")
            process.environment = environment
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (
                process.terminationStatus,
                String(decoding: data, as: UTF8.self).split(separator: "\n").map { String($0) }
            )
        }
    }
}
