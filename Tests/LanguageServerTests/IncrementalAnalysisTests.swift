import Foundation
import LSPTypes
import LanguageServer
import PythonSyntax
import TestSupport
import Testing
import TrainingModel
import VectorMath

/// After every edit, what the server publishes for a document it has kept open and edited
/// (incremental re-parse, `StatementDelta`, results of earlier texts reused) must equal what it
/// publishes for the same text opened afresh (a parse from scratch and a full analysis), on
/// random edit sequences: insertions and deletions anywhere, numbers replaced, syntax broken
/// and repaired, edits inside functions, renames of variables, undo. And `StatementDelta`
/// must keep its promise: a statement it calls unchanged has the old statement's text and tree.
///
/// Scripts: the bundled examples, the TrainingModel fixtures, and a seeded sample of the
/// real-world corpus (`../shared/corpus/realworld` or `UMLAUT_REALWORLD`) when it is there.
/// Seeded and reproducible: a failure names the seed; `UMLAUT_PROPERTY_SEED=N` replays it.
///
/// Serialized: 41 cases, each with two in-process servers analysing in a loop, starve the 2-core
/// test pool when run at once, and every other asynchronous test then times out.
@Suite(.serialized) struct IncrementalAnalysisTests {
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["UMLAUT_PROPERTY_SEED"].flatMap(UInt64.init)
        ?? 20_261_203

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let corpus: URL? = {
        let path =
            ProcessInfo.processInfo.environment["UMLAUT_REALWORLD"]
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/realworld").path
        return FileManager.default.fileExists(atPath: path + "/verdicts.tsv") ? URL(fileURLWithPath: path) : nil
    }()

    /// Paths relative to the repository (or `corpus/...` for the corpus), sorted.
    static let scripts: [String] = {
        let manager = FileManager.default
        func python(under directory: URL, prefix: String) -> [String] {
            guard let enumerator = manager.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
            return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "py" }
                .map {
                    prefix + String($0.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count))
                }
                .sorted()
        }
        var result =
            python(under: repository.appendingPathComponent("Examples"), prefix: "Examples")
            + python(
                under: repository.appendingPathComponent("Tests/TrainingModelTests/Fixtures"),
                prefix: "Tests/TrainingModelTests/Fixtures")
        if let corpus {
            // A few files of each collection, chosen by the seed.
            var generator = SeededGenerator(seed: seed)
            let all = python(under: corpus, prefix: "corpus")
            let byCollection = Dictionary(grouping: all) { $0.split(separator: "/")[1] }
            for collection in byCollection.keys.sorted() {
                result += byCollection[collection]!.shuffled(using: &generator).prefix(2).sorted()
            }
        }
        return result
    }()

    static func text(of script: String) throws -> String {
        let url =
            script.hasPrefix("corpus/")
            ? corpus!.appendingPathComponent(String(script.dropFirst("corpus/".count)))
            : repository.appendingPathComponent(script)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// A stable per-script seed (Swift's `Hasher` is seeded per process).
    static func seed(for script: String) -> UInt64 {
        script.utf8.reduce(seed ^ 0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    static let edits = 16

    @Test(arguments: scripts)
    func editedDocumentPublishesWhatAFreshOneDoes(_ script: String) async throws {
        let seed = Self.seed(for: script)
        var generator = SeededGenerator(seed: seed)
        var text = Array(try Self.text(of: script).utf8)
        let capabilities = ClientCapabilities.push.with(encodings: [.utf16, .utf8])
        let (edited, _) = try await TestClient.start(capabilities)
        let (fresh, _) = try await TestClient.start(capabilities)
        let uri = Fixtures.uri
        await edited.open(String(decoding: text, as: UTF8.self), uri: uri)
        _ = try await edited.nextDiagnostics(for: uri, version: 1, timeout: .seconds(60))
        var history = [text]
        for version in 2..<(2 + Self.edits) {
            let (change, next) = RandomEdit.make(text, history: history, using: &generator)
            text = next
            history.append(text)
            await edited.change(uri, version: version, [change])
            let incremental = try await edited.nextDiagnostics(for: uri, version: version, timeout: .seconds(60))
            await fresh.open(String(decoding: text, as: UTF8.self), uri: uri, version: version)
            let full = try await fresh.nextDiagnostics(for: uri, version: version, timeout: .seconds(60))
            await fresh.notify(DidCloseTextDocumentNotification(textDocument: .init(uri: uri)))
            _ = await fresh.drain(PublishDiagnosticsNotification.self)
            #expect(
                incremental.diagnostics == full.diagnostics,
                "\(script), edit \(version - 1) (\(change)): seed \(Self.seed), UMLAUT_PROPERTY_SEED=\(Self.seed) replays it"
            )
            if incremental.diagnostics != full.diagnostics { break }
        }
        let held = try #require(try await edited.serverText(uri))
        #expect(held.text == String(decoding: text, as: UTF8.self), "\(script): seed \(Self.seed)")
    }

    /// After a document's first diagnostics its groups are analysed in the background
    /// (`DocumentGroups.prepare`), and an edit that comes meanwhile must not use the same
    /// analyzer beside that work: it did once, and tree-sitter aborted the server (in about one
    /// run of this test in four when only one document was opened). Eight documents, each edited
    /// at once after its first diagnostics, then edited in turn.
    @Test func editsRightAfterOpeningLeaveTheGroupsBeingPreparedAlone() async throws {
        let original = DecomposedAnalysisPropertyTests.generated(models: 150)
        let (client, _) = try await TestClient.start(.push)
        var lines: [String] = []
        var last: PublishDiagnosticsNotification?
        for document in 0..<8 {
            let uri = DocumentURI(filePath: "/tmp/umlaut-prepared-\(document).py")
            lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            await client.open(original, uri: uri)
            _ = try await client.nextDiagnostics(for: uri, version: 1, timeout: .seconds(60))
            for version in 2...5 {
                // A dropout rate changed in one model: one group's text is new.
                let dropouts = lines.indices.filter { lines[$0].contains("Dropout(") }
                lines[dropouts[(document * 4 + version) * 37 % dropouts.count]] =
                    "        layers.Dropout(0.\(version + document % 4)),"
                await client.change(
                    uri, version: version, [TextDocumentContentChangeEvent(text: lines.joined(separator: "\n"))])
                if version >= 3 {
                    last = try await client.nextDiagnostics(for: uri, version: version, timeout: .seconds(60))
                }
            }
        }
        let (fresh, _) = try await TestClient.start(.push)
        let uri = DocumentURI(filePath: "/tmp/umlaut-prepared-7.py")
        await fresh.open(lines.joined(separator: "\n"), uri: uri, version: 5)
        let full = try await fresh.nextDiagnostics(for: uri, version: 5, timeout: .seconds(60))
        #expect(last?.diagnostics == full.diagnostics)
        #expect(!full.diagnostics.isEmpty)
    }

    /// An analysis takes the document's groups only when they are prepared and no one else
    /// holds them; when the preparation holds them it does without them at once (the full
    /// analysis), rather than wait for it.
    @Test func anAnalysisDoesWithoutTheGroupsWhileSomeoneHoldsThem() async throws {
        let text = DecomposedAnalysisPropertyTests.generated(models: 20)
        let tree = Parser().parse(SourceText(text))
        let full = ScriptAnalyzer.analyze(tree)
        let groups = DocumentGroups()
        #expect(groups.analyze(tree) == nil, "not prepared yet")
        groups.prepare(tree)
        await groups.preparationFinished()
        #expect(groups.analyze(tree) == full)

        let taken = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            _ = groups.withAnalyzerIfFree { _ in
                taken.signal()
                release.wait()
            }
        }
        holder.start()
        taken.wait()
        #expect(groups.analyze(tree) == nil, "taken: the caller runs the full analysis")
        release.signal()
        // Free again (the holder lets go at once): the groups answer.
        var model: ScriptModel?
        for _ in 0..<1_000 where model == nil {
            model = groups.analyze(tree)
            if model == nil { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(model == full)
    }

    @Test func unchangedStatementsAreTheOldOnes() async throws {
        let scripts = Self.scripts
        let outcome = try await offTheTestPool { () -> (problems: [String], kept: Int, total: Int) in
            var problems: [String] = []
            var kept = 0
            var total = 0
            let parser = Parser()
            for script in scripts {
                var generator = SeededGenerator(seed: Self.seed(for: script) &+ 1)
                var source = SourceText(Array(try Self.text(of: script).utf8))
                var tree = parser.parse(source)
                var history = [source.bytes]
                for step in 0..<Self.edits {
                    let (change, next) = RandomEdit.make(source.bytes, history: history, using: &generator)
                    history.append(next)
                    let (newSource, edit) = RandomEdit.apply(change, to: source)
                    let editedTree = tree.edited(by: [edit])
                    let newTree = parser.parse(newSource, reusing: editedTree)
                    let delta = StatementDelta.between(old: tree, edited: editedTree, new: newTree)
                    let oldStatements = tree.root.children
                    let newStatements = newTree.root.children
                    let indices = (delta.changed + delta.kept.map(\.new)).sorted()
                    if indices != Array(newStatements.indices) {
                        problems.append("\(script), edit \(step): the delta does not cover each statement once")
                    }
                    for keptStatement in delta.kept {
                        let new = newStatements[keptStatement.new]
                        let old = oldStatements[keptStatement.old]
                        if new.text != old.text || new.sExpression != old.sExpression
                            || new.startByte - old.startByte != keptStatement.byteShift
                            || new.startPoint.line - old.startPoint.line != keptStatement.lineShift
                        {
                            problems.append("\(script), edit \(step) (\(change)): statement \(new) is not \(old)")
                        }
                    }
                    kept += delta.kept.count
                    total += delta.count
                    source = newSource
                    tree = newTree
                }
            }
            return (problems, kept, total)
        }
        for problem in outcome.problems { Issue.record("\(problem); seed \(Self.seed)") }
        // Each edit touches one place: most statements must be found unchanged, or the delta
        // would be useless (marking everything changed keeps the promise trivially).
        let (kept, total) = (outcome.kept, outcome.total)
        #expect(kept * 2 > total, "kept \(kept) of \(total); seed \(Self.seed)")
    }
}

/// Random edits of a UTF-8 text, as one ranged `didChange` in UTF-8 positions.
enum RandomEdit {
    static let snippets = [
        "x", " ", "\n", "(", ")", "[", "]", "0.9", "#", "'", "\"\"\"", ":", "\n    ", "model", ", activation='softmax'",
        "layers.Dropout(0.8),", "\ndef helper(x):\n    return x\n", "\nclass Net:\n    pass\n", "import torch\n",
    ]

    static func make(
        _ text: [UInt8], history: [[UInt8]], using generator: inout SeededGenerator
    ) -> (TextDocumentContentChangeEvent, [UInt8]) {
        func boundary(_ offset: Int) -> Int {
            var offset = min(max(offset, 0), text.count)
            while offset > 0, offset < text.count, text[offset] & 0xC0 == 0x80 { offset -= 1 }
            // Never between `\r` and `\n`: an LSP position cannot name that place.
            if offset > 0, offset < text.count, text[offset - 1] == 0x0D, text[offset] == 0x0A { offset -= 1 }
            return offset
        }
        let position = boundary(Int.random(in: 0...text.count, using: &generator))
        var range = position..<position
        var replacement: [UInt8] = []
        switch Int.random(in: 0..<10, using: &generator) {
        case 0, 1:
            // Delete a few characters.
            range = position..<boundary(position + Int.random(in: 1...8, using: &generator))
        case 2:
            // Change a number (a rate, a size).
            if let start = text[position...].firstIndex(where: { (0x30...0x39).contains($0) }) {
                var end = start
                while end < text.count, (0x30...0x39).contains(text[end]) || text[end] == 0x2E { end += 1 }
                range = start..<end
                replacement = Array(["0.7", "1", "256", "0", "0.0001"].randomElement(using: &generator)!.utf8)
            }
        case 3:
            // Rename one use of an identifier that occurs elsewhere too (a model variable's use,
            // its assignment, a parameter), breaking or redirecting what flows through it.
            let words = identifiers(in: text)
            if let word = words.randomElement(using: &generator) {
                range = word
                replacement = Array(text[word]) + Array("_renamed".utf8)
            }
        case 4:
            // Undo: back to a text of a few edits ago, as one replacement of the differing bytes.
            let earlier = history[max(0, history.count - 1 - Int.random(in: 1...3, using: &generator))]
            var prefix = 0
            while prefix < min(text.count, earlier.count), text[prefix] == earlier[prefix] { prefix += 1 }
            var suffix = 0
            while suffix < min(text.count, earlier.count) - prefix,
                text[text.count - 1 - suffix] == earlier[earlier.count - 1 - suffix]
            {
                suffix += 1
            }
            // On character boundaries: the prefix shrinks back, the end moves into the suffix
            // (both are bytes the two texts share).
            prefix = boundary(prefix)
            var end = text.count - suffix
            while end < text.count, text[end] & 0xC0 == 0x80 || (text[end] == 0x0A && text[end - 1] == 0x0D) {
                end += 1
            }
            suffix = text.count - end
            range = prefix..<(text.count - suffix)
            replacement = Array(earlier[prefix..<(earlier.count - suffix)])
        default:
            replacement = Array(snippets.randomElement(using: &generator)!.utf8)
        }
        var next = Array(text[..<range.lowerBound])
        next += replacement
        next += text[range.upperBound...]
        let change = TextDocumentContentChangeEvent(
            range: LSPRange(
                start: self.position(of: range.lowerBound, in: text), end: self.position(of: range.upperBound, in: text)
            ),
            text: String(decoding: replacement, as: UTF8.self))
        return (change, next)
    }

    /// Identifier occurrences whose word occurs at least twice.
    static func identifiers(in text: [UInt8]) -> [Range<Int>] {
        func isStart(_ byte: UInt8) -> Bool {
            byte == 0x5F || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        func isPart(_ byte: UInt8) -> Bool { isStart(byte) || (0x30...0x39).contains(byte) }
        var occurrences: [ArraySlice<UInt8>: [Range<Int>]] = [:]
        var index = 0
        while index < text.count {
            if isStart(text[index]), index == 0 || !isPart(text[index - 1]) {
                var end = index
                while end < text.count, isPart(text[end]) { end += 1 }
                if end - index > 2 { occurrences[text[index..<end], default: []].append(index..<end) }
                index = end
            } else {
                index += 1
            }
        }
        return occurrences.values.filter { $0.count > 1 }.flatMap { $0 }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The UTF-8 position (line, byte column) of an offset; lines end at `\n`, `\r\n` or `\r`.
    static func position(of offset: Int, in text: [UInt8]) -> Position {
        var line = 0
        var lineStart = 0
        var index = 0
        while index < offset {
            if text[index] == 0x0A || (text[index] == 0x0D && (index + 1 >= text.count || text[index + 1] != 0x0A)) {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return Position(line: line, character: offset - lineStart)
    }

    /// Applies a change made by `make` to a source, with the edit a syntax tree is told of.
    static func apply(_ change: TextDocumentContentChangeEvent, to source: SourceText) -> (SourceText, InputEdit) {
        let range = change.range!
        let start = byteOffset(of: range.start, in: source.bytes)
        let end = byteOffset(of: range.end, in: source.bytes)
        return source.replacing(start..<end, with: change.text)
    }

    static func byteOffset(of position: Position, in text: [UInt8]) -> Int {
        var line = 0
        var index = 0
        while line < position.line, index < text.count {
            if text[index] == 0x0A || (text[index] == 0x0D && (index + 1 >= text.count || text[index + 1] != 0x0A)) {
                line += 1
            }
            index += 1
        }
        return min(index + position.character, text.count)
    }
}
