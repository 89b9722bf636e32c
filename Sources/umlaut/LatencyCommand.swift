import ArgumentParser
import Foundation
import LSPTypes
import LanguageServer
import LintCore
import LintRules
import PythonSyntax
import TrainingModel
import Workspace

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `umlaut latency PATH...` (hidden): times parsing, analysis and rules in-process, in thread
/// CPU time, for `bench/check.sh`. One file: many iterations, with percentiles. Several files or
/// directories: one pass over all of them, with the total per phase (where a corpus's time
/// goes). Not a user command: benchmarks, not tests, measure speed.
struct LatencyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Time parse + analysis + rules in-process (for bench/).",
        shouldDisplay: false)

    @ArgumentParser.Argument var paths: [String]
    @Option var iterations = 200
    /// Analyse every file, as if no rule declared `TriggerTokens` (to see what the pre-filter saves).
    @Flag var noFilter = false
    /// A JSON file of `didChange` edits (`bench/lsp_bench.py --dump-edits`): replays them on the
    /// one file given through the server's document and analysis path (`EditReplay`).
    @Option var replay: String?
    /// With `--replay`: compare each decomposed analysis with the full one (untimed).
    @Flag var compare = false

    func run() throws {
        MemoryTuning.keepFreedMemory()
        let linter = Linter(rules: BuiltInRules.all)
        let parser = Parser()
        if let replay {
            guard paths.count == 1 else { throw ValidationError("--replay takes one script") }
            try replayEdits(replay, on: paths[0])
            return
        }
        if paths.count == 1, case .success(.file) = FileSystem.kind(of: paths[0]) {
            try single(paths[0], linter: linter, parser: parser)
            return
        }
        var resolver = ConfigurationResolver(
            source: .none, workingDirectory: CheckCommand.currentDirectory(), knownCodes: [])
        let files = try FileDiscovery(paths: paths, workingDirectory: resolver.workingDirectory, exclusions: &resolver)
            .files.filter { !$0.isNotebook }
        var totals = Phases()
        var bytes = 0
        var skipped = (files: 0, bytes: 0)
        var filterTime = 0.0
        for file in files {
            guard case let .success(data) = FileSystem.read(file.absolutePath),
                case let .success(python) = PythonFile.decode(data)
            else { continue }
            bytes += data.count
            if !noFilter {
                let start = Self.now()
                let mayReport = linter.mayReport(in: python.text)
                filterTime += Self.now() - start
                if !mayReport {
                    skipped.files += 1
                    skipped.bytes += data.count
                    continue
                }
            }
            totals += measure(python.text, linter: linter, parser: parser)
        }
        print("latency (thread CPU time): \(files.count) files, \(bytes / 1_000_000) MB")
        if !noFilter {
            print(
                String(
                    format:
                        "latency: pre-filter %.2f s: skipped %d files (%.1f MB, %.0f%% of the bytes), analysed %d files",
                    filterTime, skipped.files, Double(skipped.bytes) / 1e6,
                    100 * Double(skipped.bytes) / Double(max(bytes, 1)),
                    files.count - skipped.files))
        }
        print(
            String(
                format: "latency: parse %.2f s (%.1f MB/s), analysis %.2f s, rules + suppressions %.2f s, total %.2f s",
                totals.parse, Double(bytes - skipped.bytes) / 1e6 / totals.parse, totals.analysis, totals.rules,
                totals.total + filterTime))
    }

    private func single(_ file: String, linter: Linter, parser: Parser) throws {
        guard case let .success(bytes) = FileSystem.read(file), case let .success(python) = PythonFile.decode(bytes)
        else {
            throw ValidationError("cannot read \(file) as UTF-8 Python")
        }
        var runs: [Phases] = []
        for _ in 0..<max(iterations, 1) + 5 { runs.append(measure(python.text, linter: linter, parser: parser)) }
        runs.removeFirst(5)
        let totals = runs.map(\.total).sorted()
        let median = { (values: [Double]) in values.sorted()[values.count / 2] * 1000 }
        let found = linter.lint(parser.parse(python.text)).diagnostics.count
        print(
            "latency (thread CPU time): \(file): \(python.text.lineIndex.lineCount) lines, \(bytes.count) bytes, \(found) diagnostics, \(runs.count) iterations"
        )
        print(
            String(
                format: "latency: min %.3f ms  median %.3f ms  mean %.3f ms  p95 %.3f ms",
                totals[0] * 1000, median(totals), totals.reduce(0, +) / Double(totals.count) * 1000,
                totals[totals.count * 95 / 100] * 1000))
        print(
            String(
                format:
                    "latency: median by phase: parse %.3f ms, analysis (ScriptAnalyzer) %.3f ms, rules + suppressions %.3f ms",
                median(runs.map(\.parse)), median(runs.map(\.analysis)), median(runs.map(\.rules))))
    }

    private func replayEdits(_ editsPath: String, on file: String) throws {
        guard case let .success(bytes) = FileSystem.read(file), case let .success(python) = PythonFile.decode(bytes),
            case let .success(data) = FileSystem.read(editsPath)
        else { throw ValidationError("cannot read \(file) or \(editsPath)") }
        struct Entry: Decodable {
            let kind: String
            let change: TextDocumentContentChangeEvent
        }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(data))
        let (opening, records) = EditReplay.run(
            text: String(decoding: python.text.bytes, as: UTF8.self),
            edits: entries.map { EditReplay.Edit(kind: $0.kind, change: $0.change) }, rules: BuiltInRules.all,
            compare: compare)
        func percentile(_ values: [Double], _ fraction: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(fraction * Double(sorted.count)))]
        }
        print("replay (thread CPU time, ms): \(records.count) edits on \(file)")
        print(
            String(
                format:
                    "replay: opening: first diagnostics %.2f = parse %.2f + analysis %.2f + rules %.2f + conversion %.2f; then prepare %.2f = names %.2f + groups %.2f",
                opening.firstDiagnostics, opening.parse, opening.analysis, opening.rules, opening.conversion,
                opening.prepareNames + opening.prepareGroups, opening.prepareNames, opening.prepareGroups))
        let phases: [(String, KeyPath<EditReplay.Record, Double>)] = [
            ("total", \.total), ("reparse", \.reparse), ("analysis", \.analysis), ("rules", \.rules),
            ("conversion", \.conversion),
        ]
        for (name, path) in phases {
            let values = records.map { $0[keyPath: path] }
            print(
                String(
                    format: "replay: %-10@ p50 %6.2f  p90 %6.2f  p99 %6.2f  max %6.2f  mean %6.2f", name,
                    percentile(values, 0.5),
                    percentile(values, 0.9), percentile(values, 0.99), values.max() ?? 0,
                    values.reduce(0, +) / Double(max(values.count, 1))))
        }
        let kinds = Set(records.map(\.kind)).sorted()
        print(
            "replay: by edit: "
                + kinds.map { kind in
                    let totals = records.filter { $0.kind == kind }.map(\.total)
                    return String(
                        format: "%@ ×%d p50 %.2f p99 %.2f", kind, totals.count, percentile(totals, 0.5),
                        percentile(totals, 0.99))
                }.joined(separator: "; "))
        var declined: [String: Int] = [:]
        for record in records { if let reason = record.declined { declined[reason, default: 0] += 1 } }
        print("replay: from recent results \(records.filter(\.recent).count), declined \(declined)")
        if compare { print("replay: models that differ from the full analysis: \(records.filter(\.differs).count)") }
        let slowest = records.sorted { $0.total > $1.total }.prefix(20)
        for record in slowest {
            print(
                String(
                    format:
                        "replay: %6.2f = reparse %5.2f + analysis %5.2f + rules %5.2f + conversion %5.2f  %@ line %d%@",
                    record.total, record.reparse, record.analysis, record.rules, record.conversion, record.kind,
                    record.line + 1,
                    record.declined.map { ", declined: \($0)" } ?? ", groups \(record.groupsAnalysed) new"))
        }
    }

    /// Seconds of CPU per phase.
    struct Phases {
        var parse = 0.0, analysis = 0.0, rules = 0.0
        var total: Double { parse + analysis + rules }
        static func += (lhs: inout Phases, rhs: Phases) {
            lhs.parse += rhs.parse
            lhs.analysis += rhs.analysis
            lhs.rules += rhs.rules
        }
    }

    private func measure(_ text: SourceText, linter: Linter, parser: Parser) -> Phases {
        let start = Self.now()
        let tree = parser.parse(text)
        let parsed = Self.now()
        let model = ScriptAnalyzer.analyze(tree)
        let analysed = Self.now()
        _ = linter.lint(tree, model: model)
        let end = Self.now()
        return Phases(parse: parsed - start, analysis: analysed - parsed, rules: end - analysed)
    }

    /// This thread's CPU time: unlike wall time, not inflated when other processes share the
    /// cores (the figures are for the work itself, which is what a faster machine scales).
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
