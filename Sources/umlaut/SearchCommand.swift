import ArgumentParser
import Foundation
import ProjectSearch
import Store

/// `umlaut search QUERY [--where EXPR] [--like FILE]`: finds files of the project index by text,
/// attributes and likeness.
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

            --names dataset (or model) prints the names that `dataset =` (`model =`) \
            recognise in code and READMEs, with the spellings each is found by, and nothing else.

            --like FILE ranks files by the cosine distance of their vectors (identifier \
            TF-IDF reduced by SVD, computed by `umlaut index`) to FILE's, among the files the \
            words and --where match when given. FILE need not be indexed: its text is projected \
            with the index's stored model.

            Exit status: 0 when something matched, 1 when nothing did, 2 for bad usage or an \
            unreadable index.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum Catalogue: String, ExpressibleByArgument, CaseIterable {
        case dataset, model

        var names: NameCatalogue { self == .dataset ? NameCatalogue.datasets : NameCatalogue.modelFamilies }
    }

    @Argument(help: "Words to find (optional with --where).")
    var query: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("An attribute filter.", valueName: "expr"))
    var filter: String?

    @Option(
        help: ArgumentHelp(
            "Rank files by how alike their words are to this file's (cosine distance of the index's file vectors).",
            valueName: "file"))
    var like: String?

    @Option(help: ArgumentHelp("The index (default: .umlaut/projects.sqlite here).", valueName: "path"))
    var db: String?

    @Option(help: "At most this many results.")
    var limit: Int = 50

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(
        help: ArgumentHelp(
            "Print the dataset or model names the index recognises, and their spellings.",
            valueName: "dataset|model"))
    var names: Catalogue?

    static func databasePath(_ given: String?, workingDirectory: String) -> String {
        guard let given else { return (workingDirectory as NSString).appendingPathComponent(".umlaut/projects.sqlite") }
        return given.hasPrefix("/") ? given : (workingDirectory as NSString).appendingPathComponent(given)
    }

    func validate() throws {
        if names != nil {
            if !query.isEmpty || filter != nil || like != nil {
                throw ValidationError("--names takes no words, --where or --like.")
            }
            return
        }
        if query.isEmpty && filter == nil && like == nil {
            throw ValidationError("Give words to search for, --where, --like, or several.")
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() throws {
        if let names {
            printNames(names.names)
            return
        }
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
        let workingDirectory = FileManager.default.currentDirectoryPath
        let path = Self.databasePath(db, workingDirectory: workingDirectory)
        var hits: [SearchHit]
        do {
            let database = try ProjectIndexDatabase.openForReading(path: path)
            if let like {
                hits = try similar(
                    to: Self.databasePath(like, workingDirectory: workingDirectory), in: database, text: text,
                    filter: expression)
            } else {
                hits = try database.search(text: text, filter: expression, limit: limit)
            }
        } catch let error as ExitCode {
            throw error
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

    /// `--names`: one name a line, a tab, its spellings separated by `, ` (or JSON objects).
    private func printNames(_ catalogue: NameCatalogue) {
        switch format {
        case .json:
            struct Name: Encodable {
                var name: String
                var spellings: [String]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let list = catalogue.entries.map { Name(name: $0.name, spellings: $0.spellings) }
            print(String(decoding: (try? encoder.encode(list)) ?? Data("[]".utf8), as: UTF8.self))
        case .text:
            for entry in catalogue.entries { print("\(entry.name)\t\(entry.spellings.joined(separator: ", "))") }
        }
    }

    /// `--like FILE`: the files nearest to FILE by vector, among the text and filter's hits when
    /// either is given.
    private func similar(
        to file: String, in database: ProjectIndexDatabase, text: String?, filter: SearchExpression?
    ) throws -> [SearchHit] {
        var among: Set<FileKey>?
        if text != nil || filter != nil {
            let candidates = try database.search(text: text, filter: filter, limit: 1_000_000)
            among = Set(candidates.compactMap { hit in hit.path.map { FileKey(root: hit.projectRoot, path: $0) } })
        }
        let result: SimilarFiles.Result
        do {
            result = try SimilarFiles.like(path: file, in: database, limit: limit, among: among)
        } catch {
            StandardError.write("umlaut: error: --like: \(error)\n")
            throw ExitCode(2)
        }
        if !result.usedStoredVector {
            StandardError.write(
                "umlaut: note: \(file) is not in the index as it is now: its current text was projected with the stored model\n"
            )
        }
        if result.filesWithoutVector > 0 {
            StandardError.write(
                "umlaut: note: \(result.filesWithoutVector) indexed files have no vector yet and were not compared: run `umlaut index` again\n"
            )
        }
        return result.hits
    }
}
