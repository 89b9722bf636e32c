import ArgumentParser
import Foundation
import ProjectSearch
import Store

/// `umlaut search QUERY [--where EXPR]`: finds files of the project index by text and attributes.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the project index by text and by what the models do.",
        discussion: """
            QUERY is matched as full text (every word must occur; `word*` matches a prefix) \
            against READMEs, paths, identifiers and attribute values, best first (bm25). \
            --where filters files by attributes:

              framework = pytorch and loss ~ dice and lr < 1e-3
              (task = segmentation or model = U-Net) and not finding = UM101

            Fields: \(SearchField.allCases.map(\.rawValue).joined(separator: ", ")). Operators: = and != \
            (without case), ~ (contains), and <, <=, >, >= for numbers (lr). Combine with and, or, \
            not and parentheses; quote values with spaces.

            Exit status: 0 when something matched, 1 when nothing did, 2 for bad usage or an \
            unreadable index.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Words to find (optional with --where).")
    var query: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("An attribute filter.", valueName: "expr"))
    var filter: String?

    @Option(help: ArgumentHelp("The index (default: .umlaut/projects.sqlite here).", valueName: "path"))
    var db: String?

    @Option(help: "At most this many results.")
    var limit: Int = 50

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    static func databasePath(_ given: String?, workingDirectory: String) -> String {
        guard let given else { return (workingDirectory as NSString).appendingPathComponent(".umlaut/projects.sqlite") }
        return given.hasPrefix("/") ? given : (workingDirectory as NSString).appendingPathComponent(given)
    }

    func validate() throws {
        if query.isEmpty && filter == nil { throw ValidationError("Give words to search for, --where, or both.") }
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        var expression: SearchExpression?
        if let filter {
            do {
                expression = try QueryParser.parse(filter)
            } catch {
                StandardError.write(
                    "umlaut: error: invalid --where: \(error.description)\n\(error.pointing(into: filter))\n")
                throw ExitCode(2)
            }
        }
        let text = TextQuery.fts(query.joined(separator: " "))
        if !query.isEmpty && text == nil {
            StandardError.write("umlaut: error: the query has no words to search for\n")
            throw ExitCode(2)
        }
        let path = Self.databasePath(db, workingDirectory: FileManager.default.currentDirectoryPath)
        let hits: [SearchHit]
        do {
            let database = try ProjectIndexDatabase.openForReading(path: path)
            hits = try database.search(text: text, filter: expression, limit: limit)
        } catch {
            StandardError.write("umlaut: error: \(error)\n")
            throw ExitCode(2)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(hits), as: UTF8.self))
        case .text:
            for hit in hits {
                var place = hit.project
                if let path = hit.path { place += ": " + path + (hit.line.map { ":\($0)" } ?? "") }
                print(place)
                for reason in hit.reasons { print("    \(reason)") }
            }
            if hits.isEmpty { StandardError.write("umlaut: nothing matched\n") }
        }
        if hits.isEmpty { throw ExitCode(1) }
    }
}
