import Foundation
import PythonProcess

/// Why `umlaut run` could not start the script at all (exit status 2).
package enum RunnerError: Error, Equatable, CustomStringConvertible {
    case scriptNotFound(String)
    /// The interpreter is missing, or the event pipe or the child could not be made.
    case cannotStart(PythonProcessError)

    package var description: String {
        switch self {
        case .scriptNotFound(let path):
            "\(path): no such file"
        case .cannotStart(let error):
            error.description
        }
    }

    /// Runs one step of starting the child, reporting `PythonProcess`'s errors as the runner's.
    static func starting<T>(_ step: () throws -> T) throws -> T {
        do {
            return try step()
        } catch let error as PythonProcessError {
            throw RunnerError.cannotStart(error)
        }
    }
}
