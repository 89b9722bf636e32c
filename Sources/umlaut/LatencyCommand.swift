import ArgumentParser
import LintCore
import LintRules
import PythonSyntax
import TrainingModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `umlaut latency FILE` (hidden): times parsing and linting one file in-process, for
/// `bench/check.sh`. Not a user command: benchmarks, not tests, measure speed.
struct LatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Time parse + lint of one file in-process (for bench/).",
        shouldDisplay: false)

    @ArgumentParser.Argument var file: String
    @Option var iterations = 200

    func run() throws {
        guard case let .success(bytes) = FileSystem.read(file), case let .success(python) = PythonFile.decode(bytes) else {
            throw ValidationError("cannot read \(file) as UTF-8 Python")
        }
        let linter = Linter(rules: BuiltInRules.all)
        let parser = Parser()
        var times: [Double] = []
        var parseTimes: [Double] = []
        var analysisTimes: [Double] = []
        var found = 0
        for _ in 0..<max(iterations, 1) + 5 {
            let start = Self.now()
            let tree = parser.parse(python.text)
            let parsed = Self.now()
            let model = ScriptAnalyzer.analyze(tree)
            let analysed = Self.now()
            let result = linter.lint(tree, model: model, path: file)
            let end = Self.now()
            times.append(end - start)
            parseTimes.append(parsed - start)
            analysisTimes.append(analysed - parsed)
            found = result.diagnostics.count
        }
        times = Array(times.dropFirst(5)).sorted()
        parseTimes = Array(parseTimes.dropFirst(5)).sorted()
        analysisTimes = Array(analysisTimes.dropFirst(5)).sorted()
        let mean = times.reduce(0, +) / Double(times.count)
        let lines = python.text.lineIndex.lineCount
        print("latency (thread CPU time): \(file): \(lines) lines, \(python.text.bytes.count) bytes, \(found) diagnostics, \(times.count) iterations")
        print(String(format: "latency: min %.3f ms  median %.3f ms  mean %.3f ms  p95 %.3f ms",
                     times[0] * 1000, times[times.count / 2] * 1000, mean * 1000, times[times.count * 95 / 100] * 1000))
        let median = { (values: [Double]) in values[values.count / 2] * 1000 }
        print(String(format: "latency: median by phase: parse %.3f ms, analysis (ScriptAnalyzer) %.3f ms, rules + suppressions %.3f ms",
                     median(parseTimes), median(analysisTimes), median(times) - median(parseTimes) - median(analysisTimes)))
    }

    /// This thread's CPU time: unlike wall time, not inflated when other processes share the
    /// cores (the figures are for the work itself, which is what a faster machine scales).
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
