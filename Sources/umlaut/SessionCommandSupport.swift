import ArgumentParser
import Dashboard
import Foundation
import Store

/// The `--db` option shared by `sessions`, `show` and `diff`, and how they open the database.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "The session database (default: .umlaut/sessions.sqlite in the workspace).")
    var db: String?

    var path: String { db ?? SessionDatabase.defaultPath(startingAt: FileManager.default.currentDirectoryPath) }

    /// Opens the database read-only; a clear message and exit 2 when it cannot be.
    func open() throws -> SessionDatabase {
        do {
            return try SessionDatabase.openForReading(path: path)
        } catch {
            throw CLIFailure("\(error)")
        }
    }
}

/// The output formats of the session commands.
enum SessionFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
    /// The dashboard's page as one self-contained file (Chart.js, style, script and data inlined).
    case html
}

/// Prints a static export of a dashboard page; a missing Chart.js is a usage error (exit 2).
func exportingHTML(_ export: () throws -> String) throws {
    do {
        print(try export())
    } catch let failure as StaticExport.Failure {
        throw CLIFailure(failure.description)
    }
}

/// An error printed as `umlaut: error: ...`, exit status 2.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension CLIFailure {
    /// Prints the error and exits 2; used by the session commands' `run()`.
    static func exit(_ failure: CLIFailure) -> ExitCode {
        FileHandle.standardError.write(Data("umlaut: error: \(failure.description)\n".utf8))
        return ExitCode(2)
    }
}

/// Runs a command body, turning store errors into `umlaut: error:` and exit status 2.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let failure as CLIFailure {
        throw CLIFailure.exit(failure)
    } catch let error as SessionStoreError {
        throw CLIFailure.exit(CLIFailure("\(error)"))
    }
}

extension String {
    /// Left-aligned in a column of `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
